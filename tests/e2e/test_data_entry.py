"""Data entry in the browser: a producer uploads a government-style XLSX, maps its columns, reads the
error report, then (after the walidata returns it with a cell comment) corrects the cell in the
Tabulator grid, sees the comment there, and resubmits."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from satudata.accounts.models import Organization, User
from satudata.datasets import actions
from satudata.datasets.models import DatasetVersion, VersionStatus
from satudata.reference.models import Wilayah
from tests.datasets.conftest import SCHEMA
from tests.datasets.test_views import XLSX_MAPPING, government_xlsx, sheet_rows


def test_upload_map_report_then_fix_in_the_grid(
    page: Page, live_server: Any, pasuruan_wilayah: None, orgs: dict[str, Organization], people: dict[str, User],
    login: Callable[[Page, str], None], shot: Callable[[Page], Path], tmp_path: Path,
) -> None:  # fmt: skip
    dataset = actions.do_create_dataset(
        organization_id=orgs["dinkes"].pk, title="Jumlah Penduduk menurut Kecamatan", schema=SCHEMA,
        acting_user=people["alice"],
    )  # fmt: skip
    kecamatan = list(Wilayah.objects.filter(level="kecamatan", kode__startswith="35.14.").values_list("kode", "nama"))
    bad = tmp_path / "penduduk-2024.xlsx"
    bad.write_bytes(government_xlsx(sheet_rows(kecamatan, bad=True)))

    login(page, "alice")
    page.goto(f"{live_server.url}{dataset.get_absolute_url()}")
    page.get_by_role("link", name="Unggah data").click()
    expect(page.locator("form#upload-form")).to_contain_text("paling besar 200 MB")
    page.fill("#id_period", "2024")
    page.set_input_files("#id_file", str(bad))
    with page.expect_navigation():
        page.get_by_role("button", name="Unggah dan periksa").click()
    # Names differ from the schema: the mapping step, with a preview of the sheet.
    expect(page.locator("#preview")).to_contain_text("Penduduk Jumlah")
    for field, header in XLSX_MAPPING.items():
        page.select_option(f"#id_map_{field}", header)
    shot(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Lanjutkan impor").click()
    expect(page.locator("#version-status")).to_have_text("Draf")
    report = page.locator("#report")
    expect(report).to_contain_text("Kode 35.14.99 tidak ada")
    expect(report).to_contain_text("baris 10")
    expect(report).to_contain_text("35.14.09 (Sukorejo)")
    shot(page)
    assert page.get_by_role("button", name="Ajukan untuk verifikasi").count() == 0  # errors: not offered

    # The producer fixes the three cells in the grid and submits.
    page.get_by_role("link", name="Perbaiki di tabel").click()
    page.wait_for_function("window.satudataGrid && window.satudataGrid.table.getRows().length === 48")
    page.evaluate(
        """() => {
            const rows = window.satudataGrid.table.getRows();
            rows[0].update({kode_kecamatan: "35.14.01"});
            rows[4].update({jumlah_penduduk: "1.040"});
            rows[7].update({jenis_kelamin: "Perempuan"});
        }"""
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan dan periksa").click()
    expect(page.locator(".alert-success")).to_contain_text("lolos validasi")
    with page.expect_navigation():
        page.get_by_role("button", name="Ajukan untuk verifikasi").click()
    expect(page.locator("#version-status")).to_have_text("Diajukan")
    version = DatasetVersion.objects.get(dataset=dataset)
    assert version.is_valid and version.status == VersionStatus.SUBMITTED

    # The walidata comments on a cell and returns it (through the functions; the page is tested above).
    actions.do_comment_version(version=version, text="Angka Tutur tertukar?", column="jumlah_penduduk", row=3,
                               acting_user=people["wali"])  # fmt: skip
    actions.do_return_version(version=version, note="", acting_user=people["wali"])

    page.reload()
    expect(page.locator("#version-status")).to_have_text("Dikembalikan untuk perbaikan")
    page.get_by_role("link", name="Perbaiki di tabel").click()
    page.wait_for_function("window.satudataGrid && window.satudataGrid.table.getRows().length === 48")
    expect(page.locator(".grid-comment")).to_have_count(1)
    expect(page.locator(".grid-comments")).to_contain_text("Angka Tutur tertukar?")
    shot(page)
    cell = page.locator(".grid-comment")
    cell.dblclick()
    page.keyboard.press("Control+A")
    page.keyboard.type("1234")
    page.keyboard.press("Enter")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan dan periksa").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Ajukan ulang").click()
    expect(page.locator("#version-status")).to_have_text("Diajukan ulang")
    shot(page)
    version.refresh_from_db()
    from satudata import store

    assert store.read(version.file_key, offset=2, limit=1).rows[0]["jumlah_penduduk"] == 1234
