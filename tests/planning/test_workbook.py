import io
from collections.abc import Callable
from typing import Any

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from python_calamine import CalamineWorkbook

from satudata.accounts.models import Organization, User
from satudata.planning.actions import do_start_cycle
from satudata.planning.models import Cycle, DaftarDataItem, ItemStatus
from satudata.planning.workbook import HEADERS, export_workbook, import_workbook

BASE = "/kelola/siklus/2026/daftar-data/"


def sheet_rows(content: bytes) -> list[list[Any]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return book.get_sheet_by_name("Daftar Data").to_python()


def build_workbook(rows: list[list[Any]], *, title_rows: int = 2, numbers: bool = True) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Daftar Data")
    r = 0
    for _ in range(title_rows):
        sheet.write(r, 0, "DAFTAR DATA")
        r += 1
    for c, label in enumerate(HEADERS.values()):
        sheet.write(r, c, label)
    r += 1
    if numbers:
        for c in range(len(HEADERS)):
            sheet.write(r, c, f"({c + 1})")
        r += 1
    for row in rows:
        for c, value in enumerate(row):
            sheet.write(r, c, value)
        r += 1
    book.close()
    return buffer.getvalue()


def good_row(**overrides: Any) -> list[Any]:
    values = {
        "id_ddd": "DDD-2026-101", "id_ddp": "-", "sumber_referensi": "RPJMD 2025–2029", "kode_indikator": "1.01",
        "nama_indikator": "Prevalensi stunting", "nama_data": "Prevalensi Stunting pada Balita", "jenis_data": "Statistik",
        "indikator_variabel": "Indikator", "kode_standar_data": "N/A", "organization": "Dinas Kesehatan",
        "klasifikasi": "Terbuka", "definisi": "Persentase balita pendek.", "satuan": "persen",
        "klasifikasi_penyajian": "Kecamatan", "jadwal_pemutakhiran": "Tahunan", "kategori_rad": "",
        "kode_metadata": "", "link_portal_daerah": "", "link_portal_sdi": "", "is_priority": "Ya",
        "planning_document": "RPJMD",
    }  # fmt: skip
    values.update(overrides)
    return [values[name] for name in HEADERS]


def test_export_has_the_19_numbered_columns(
    cycle: Cycle, people: dict[str, User], orgs: dict[str, Organization], make_item: Callable[..., DaftarDataItem]
) -> None:
    make_item(people["alice"], orgs["dinkes"])
    rows = sheet_rows(export_workbook(cycle, cycle.items.all()))
    assert rows[0][0] == "DAFTAR DATA KABUPATEN PASURUAN TAHUN 2026"
    header, numbers = rows[2], rows[3]
    assert header[:19] == [HEADERS[f] for f in DaftarDataItem.ATTRIBUTES]
    assert header[19:] == ["Data Prioritas", "Dokumen Perencanaan"]
    assert numbers == [f"({n})" for n in range(1, 22)]
    assert rows[4][5] == "Angka Kematian Bayi" and rows[4][9] == "Dinas Kesehatan" and rows[4][19] == "Ya"


def test_export_then_import_round_trips_without_loss(
    cycle: Cycle, people: dict[str, User], orgs: dict[str, Organization], make_item: Callable[..., DaftarDataItem]
) -> None:
    make_item(
        people["alice"], orgs["dinkes"], link_portal_sdi="https://data.go.id/dataset/akb", kategori_rad="Kesehatan"
    )
    make_item(
        people["bob"],
        orgs["dispendik"],
        nama_data="APM SD",
        is_priority=False,
        planning_document="spm",
        klasifikasi="terbatas",
        jadwal_pemutakhiran="semesteran",
        indikator_variabel="variabel",
    )
    exported = export_workbook(cycle, cycle.items.all())

    # The same cycle: nothing changes.
    report = import_workbook(cycle=cycle, data=io.BytesIO(exported), acting_user=people["wali"])
    assert report.ok and (report.created, report.updated, report.unchanged) == (0, 0, 2)

    # A new cycle: every item comes back identical, attribute by attribute.
    other = do_start_cycle(year=2027, start_date=cycle.start_date.replace(year=2027), acting_user=people["wali"])
    report = import_workbook(cycle=other, data=io.BytesIO(exported), acting_user=people["wali"])
    assert report.ok, [str(e) for e in report.errors]
    assert report.created == 2
    for original in cycle.items.all():
        copy = other.items.get(id_ddd=original.id_ddd)
        assert copy.snapshot() == original.snapshot()
        assert copy.status == ItemStatus.DRAFT
    assert sheet_rows(export_workbook(other, other.items.all()))[2:] == sheet_rows(exported)[2:]


def test_a_bad_file_is_reported_by_row_and_column_and_nothing_is_imported(
    cycle: Cycle, people: dict[str, User], orgs: dict[str, Organization]
) -> None:
    content = build_workbook([
        good_row(),
        good_row(id_ddd="DDD-2026-102", klasifikasi="Publik"),
        good_row(id_ddd="DDD-2026-103", organization="Dinas Rahasia", nama_data=""),
        good_row(id_ddd="DDD-2026-101", jadwal_pemutakhiran="tiap saat", is_priority="mungkin"),
        good_row(id_ddd="DDD-2026-104", link_portal_sdi="bukan url"),
    ])  # fmt: skip
    report = import_workbook(cycle=cycle, data=io.BytesIO(content), acting_user=people["wali"])
    messages = [str(e) for e in report.errors]
    assert (
        "Baris 6, kolom K (Klasifikasi Data sesuai Risiko): 'Publik' tidak dikenal; pilih salah satu: Terbuka, Terbatas, Tertutup."
        in messages
    )
    assert "Baris 7, kolom F (Nama Data): Field ini tidak boleh kosong." in messages  # every problem of a row at once
    assert any(
        m.startswith("Baris 7, kolom J (Produsen Data): Produsen Data 'Dinas Rahasia' tidak dikenal") for m in messages
    )
    assert any(m.startswith("Baris 8, kolom O (Jadwal Pemutakhiran): 'tiap saat' tidak dikenal") for m in messages)
    assert any(m.startswith("Baris 8, kolom T (Data Prioritas): 'mungkin' tidak dikenal") for m in messages)
    assert any(m.startswith("Baris 9, kolom S (Link Portal SDI)") for m in messages)
    assert not DaftarDataItem.objects.exists()


def test_duplicate_ids_in_one_file_are_refused(cycle: Cycle, people: dict[str, User]) -> None:
    content = build_workbook([good_row(), good_row()])
    report = import_workbook(cycle=cycle, data=io.BytesIO(content), acting_user=people["wali"])
    assert [str(e) for e in report.errors] == ["Baris 6, kolom A (ID DDD): 'DDD-2026-101' sudah dipakai di baris 5."]
    assert not DaftarDataItem.objects.exists()


def test_a_government_style_sheet_without_number_row_and_with_more_title_rows(
    cycle: Cycle, people: dict[str, User]
) -> None:
    content = build_workbook(
        [good_row(id_ddd=""), good_row(id_ddd="", nama_data="Cakupan IDL")], title_rows=5, numbers=False
    )
    report = import_workbook(cycle=cycle, data=io.BytesIO(content), acting_user=people["wali"])
    assert report.ok and report.created == 2
    assert sorted(cycle.items.values_list("id_ddd", flat=True)) == ["DDD-2026-001", "DDD-2026-002"]
    assert cycle.items.first().kode_indikator == "1.01"  # type: ignore[union-attr]  # a number cell kept as written


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04 this is not really a workbook", "tidak dapat dibaca sebagai XLSX"),
        (None, "baris judul kolom"),
    ],
)
def test_unreadable_or_foreign_files(
    cycle: Cycle, people: dict[str, User], content: bytes | None, message: str
) -> None:
    if content is None:
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        book.add_worksheet().write(0, 0, "Laporan keuangan")
        book.close()
        content = buffer.getvalue()
    report = import_workbook(cycle=cycle, data=io.BytesIO(content), acting_user=people["wali"])
    assert not report.ok and message in str(report.errors[0])


def test_producer_imports_only_for_its_own_opd_and_cannot_change_agreed_items(
    client_for: Callable[[str], Client],
    cycle: Cycle,
    people: dict[str, User],
    orgs: dict[str, Organization],
    make_item: Callable[..., DaftarDataItem],
) -> None:
    alice = client_for("alice")
    upload = SimpleUploadedFile("dd.xlsx", build_workbook([good_row(organization="Dinas Pendidikan")]))
    response = alice.post(BASE + "impor/", {"file": upload})
    assert response.status_code == 400
    assert (
        "kolom J (Produsen Data): Anda tidak dapat mengisi Daftar Data untuk Dinas Pendidikan."
        in response.content.decode()
    )
    assert not DaftarDataItem.objects.exists()

    item = make_item(people["alice"], orgs["dinkes"], submit=True, id_ddd="DDD-2026-101")
    changed = SimpleUploadedFile("dd.xlsx", build_workbook([good_row(definisi="Diubah diam-diam.")]))
    response = alice.post(BASE + "impor/", {"file": changed})
    assert response.status_code == 400
    assert "berstatus Diajukan dan tidak dapat Anda ubah" in response.content.decode()
    item.refresh_from_db()
    assert item.definisi != "Diubah diam-diam."


def test_import_page_dry_run_and_success(client_for: Callable[[str], Client], cycle: Cycle) -> None:
    wali = client_for("wali")
    dry = wali.post(
        BASE + "impor/", {"file": SimpleUploadedFile("dd.xlsx", build_workbook([good_row()])), "dry_run": "on"}
    )
    assert dry.status_code == 200 and "1 butir baru" in dry.content.decode()
    assert not DaftarDataItem.objects.exists()
    done = wali.post(BASE + "impor/", {"file": SimpleUploadedFile("dd.xlsx", build_workbook([good_row()]))})
    assert done.status_code == 302
    item = DaftarDataItem.objects.get()
    assert item.events.get().note == "Diimpor dari XLSX"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("dd.csv", b"a,b", "bukan jenis yang diterima"), ("dd.xlsx", b"not a zip", "bukan XLSX yang sah")],
)
def test_import_form_refuses_other_files(
    client_for: Callable[[str], Client], cycle: Cycle, name: str, content: bytes, message: str
) -> None:
    response = client_for("wali").post(BASE + "impor/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400 and message in response.content.decode()


def test_roles_without_import(client_for: Callable[[str], Client], cycle: Cycle) -> None:
    upload = SimpleUploadedFile("dd.xlsx", build_workbook([good_row()]))
    assert client_for("bps").post(BASE + "impor/", {"file": upload}).status_code == 403
    assert not DaftarDataItem.objects.exists()


def test_a_producer_learns_only_that_another_opds_code_is_taken(
    cycle: Cycle, people: dict[str, User], orgs: dict[str, Organization], make_item: Callable[..., DaftarDataItem]
) -> None:
    make_item(people["bob"], orgs["dispendik"], id_ddd="DDD-2026-101", nama_data="Draf rahasia Dispendik")
    report = import_workbook(cycle=cycle, data=io.BytesIO(build_workbook([good_row()])), acting_user=people["alice"])
    assert [str(e) for e in report.errors] == [
        "Baris 5, kolom A (ID DDD): ID DDD 'DDD-2026-101' sudah dipakai di siklus ini; gunakan ID lain atau kosongkan."
    ]


def test_links_without_a_scheme_get_https_as_in_the_form(cycle: Cycle, people: dict[str, User]) -> None:
    content = build_workbook([good_row(link_portal_sdi="data.go.id/dataset/stunting")])
    assert import_workbook(cycle=cycle, data=io.BytesIO(content), acting_user=people["wali"]).ok
    assert cycle.items.get().link_portal_sdi == "https://data.go.id/dataset/stunting"


def test_the_workbook_is_indonesian_whatever_the_page_language(
    client_for: Callable[[str], Client],
    cycle: Cycle,
    people: dict[str, User],
    orgs: dict[str, Organization],
    make_item: Callable[..., DaftarDataItem],
) -> None:
    make_item(people["alice"], orgs["dinkes"])
    wali = client_for("wali")
    wali.cookies["django_language"] = "en"
    exported = wali.get(BASE + "ekspor.xlsx").content
    row = sheet_rows(exported)[4]
    assert row[6] == "Statistik" and row[14] == "Tahunan" and row[10] == "Terbuka"
    other = do_start_cycle(year=2027, start_date=cycle.start_date.replace(year=2027), acting_user=people["wali"])
    response = wali.post("/kelola/siklus/2027/daftar-data/impor/", {"file": SimpleUploadedFile("dd.xlsx", exported)})
    assert response.status_code == 302
    assert other.items.get().snapshot() == cycle.items.get().snapshot()
    # a file typed with English labels is understood too
    english = build_workbook([good_row(jenis_data="Statistical", klasifikasi="Open", jadwal_pemutakhiran="Yearly")])
    report = import_workbook(cycle=cycle, data=io.BytesIO(english), acting_user=people["wali"], dry_run=True)
    assert report.ok, [str(e) for e in report.errors]
    assert report.created == 1


def test_an_import_updates_an_editable_item_and_records_the_change(
    cycle: Cycle, people: dict[str, User], orgs: dict[str, Organization], make_item: Callable[..., DaftarDataItem]
) -> None:
    item = make_item(
        people["alice"], orgs["dinkes"], id_ddd="DDD-2026-101", nama_data="Prevalensi Stunting pada Balita"
    )
    content = build_workbook([good_row(definisi="Definisi baru dari Forum.", organization="dinkes")])
    report = import_workbook(cycle=cycle, data=io.BytesIO(content), acting_user=people["wali"])
    assert report.ok and (report.created, report.updated) == (0, 1)
    item.refresh_from_db()
    assert item.definisi == "Definisi baru dari Forum."
    assert item.events.filter(kind="edited").get().changes["definisi"][1] == "Definisi baru dari Forum."


def test_the_choice_labels_are_read_once_per_import(
    cycle: Cycle, people: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    from satudata.planning import workbook

    built: list[object] = []
    original_init = workbook._Lookup.__init__

    def counting_init(self: Any, choices: Any) -> None:
        built.append(self)
        original_init(self, choices)

    monkeypatch.setattr(workbook._Lookup, "__init__", counting_init)
    rows = [good_row(id_ddd=f"DDD-2026-{n:03}", jadwal_pemutakhiran="Bulanan") for n in range(1, 21)]
    rows.append(good_row(id_ddd="DDD-2026-099", klasifikasi="Rahasia sekali"))
    report = import_workbook(cycle=cycle, data=io.BytesIO(build_workbook(rows)), acting_user=people["wali"])
    (error,) = report.errors  # the labels still name the choices in the message
    assert str(error).startswith("Baris 25, kolom K (Klasifikasi Data sesuai Risiko): 'Rahasia sekali' tidak dikenal")
    assert "Terbuka" in str(error)
    choice_columns = [n for n in HEADERS if getattr(DaftarDataItem._meta.get_field(n), "choices", None)]
    assert len(built) == len(choice_columns)  # not once per row and column
