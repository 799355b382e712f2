"""The staff pages of datasets, as each role uses them: upload with mapping, validation report, grid,
template, review, publication, downloads; and every refusal."""

from __future__ import annotations

import csv
import io
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from python_calamine import CalamineWorkbook

from satudata import store
from satudata.accounts.models import User
from satudata.datasets import pipeline
from satudata.datasets.models import Dataset, DatasetVersion, ImportJob, ImportStatus, ReviewComment, VersionStatus
from satudata.planning.models import DaftarDataItem, ItemStatus
from tests.datasets.conftest import population_rows

Kecamatan = list[tuple[str, str]]


def government_xlsx(rows: list[list[Any]]) -> bytes:
    """A sheet as OPDs make them: a title row, merged header cells over two rows, a numbering row,
    data, a totals row and a source note."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Penduduk")
    bold = book.add_format({"bold": True, "align": "center"})
    sheet.merge_range(0, 0, 0, 4, "Jumlah Penduduk menurut Kecamatan dan Jenis Kelamin, 2024", bold)
    sheet.merge_range(2, 0, 3, 0, "Kode Kec.", bold)
    sheet.merge_range(2, 1, 3, 1, "Kecamatan", bold)
    sheet.merge_range(2, 2, 3, 2, "Jenis Kelamin", bold)
    sheet.merge_range(2, 3, 2, 4, "Penduduk", bold)
    sheet.write_string(3, 3, "Jumlah", bold)
    sheet.write_string(3, 4, "Tahun", bold)
    for c in range(5):
        sheet.write_string(4, c, f"({c + 1})")
    r = 5
    for row in rows:
        for c, value in enumerate(row):
            if isinstance(value, int | float):
                sheet.write_number(r, c, value)
            elif value is not None:
                sheet.write_string(r, c, str(value))
        r += 1
    sheet.write_string(r + 1, 0, "Sumber: Dispendukcapil Kabupaten Pasuruan (data contoh)")
    book.close()
    return buffer.getvalue()


def sheet_rows(kecamatan: Kecamatan, **bad: Any) -> list[list[Any]]:
    rows = [[r["kode_kecamatan"], r["nama_kecamatan"], r["jenis_kelamin"], r["jumlah_penduduk"], 2024]
            for r in population_rows(kecamatan, 2024)]  # fmt: skip
    if bad:
        rows[0][0] = "35.14.99"  # not a kecamatan of Pasuruan
        rows[4][3] = "tidak tahu"  # text in a number column
        rows[7][2] = None  # a required value missing
    return rows


def upload(client: Client, dataset: Dataset, content: bytes, name: str, **extra: str) -> Any:
    data = {"period": "2024", "file": SimpleUploadedFile(name, content), **extra}
    return client.post(f"/kelola/dataset/{dataset.slug}/unggah/", data, follow=True)


def map_columns(client: Client, job: ImportJob, mapping: dict[str, str]) -> Any:
    data = {f"map_{k}": v for k, v in mapping.items()}
    return client.post(f"/kelola/dataset/{job.dataset.slug}/impor/{job.pk}/pemetaan/", data, follow=True)


XLSX_MAPPING = {
    "kode_kecamatan": "Kode Kec.",
    "nama_kecamatan": "Kecamatan",
    "jenis_kelamin": "Jenis Kelamin",
    "jumlah_penduduk": "Penduduk Jumlah",
    "tahun": "Penduduk Tahun",
}


def test_the_issue_walkthrough(
    make_dataset: Callable[..., Dataset], kecamatan: Kecamatan, client_for: Callable[[str], Client],
    people: dict[str, User],
) -> None:  # fmt: skip
    dataset = make_dataset()
    alice, wali, bob = client_for("alice"), client_for("wali"), client_for("bob")

    # 1. A real-looking XLSX with a title row and merged headers: the names differ, so mapping comes first.
    page = upload(alice, dataset, government_xlsx(sheet_rows(kecamatan, bad=True)), "penduduk-2024.xlsx")
    job = ImportJob.objects.get(dataset=dataset)
    assert job.status == ImportStatus.NEEDS_MAPPING, job.error
    assert job.found["header_row"] == 4 and job.found["headers"] == list(XLSX_MAPPING.values())
    assert "Pilih kolom berkas" in page.content.decode()
    page = map_columns(alice, job, XLSX_MAPPING)
    version = DatasetVersion.objects.get(dataset=dataset)
    assert page.redirect_chain[-1][0] == version.get_absolute_url()
    html = page.content.decode()
    # 2. The report names the problems in Indonesian with rows and columns.
    assert version.error_count == 3 and not version.is_valid
    problems = {(p.kind, p.column): p for p in version.validation.problems}  # type: ignore[union-attr]
    code = problems[("code", "kode_kecamatan")]
    assert code.examples[0].row == 6 and code.examples[0].value == "35.14.99"
    assert "35.14.09" in code.examples[0].suggestion
    assert problems[("type", "jumlah_penduduk")].examples[0].row == 10
    assert problems[("required", "jenis_kelamin")].examples[0].row == 13
    assert "Kode 35.14.99 tidak ada" in html and "baris 10" in html
    report = alice.get(f"/kelola/dataset/{dataset.slug}/v1/laporan.csv")
    assert report.status_code == 200 and "35.14.99" in report.content.decode("utf-8-sig")
    assert alice.post(f"/kelola/dataset/{dataset.slug}/v1/ajukan/", follow=True).status_code == 200
    assert DatasetVersion.objects.get(pk=version.pk).status == VersionStatus.DRAFT  # refused: errors

    # 3. Fixed file, uploaded again: it replaces the draft's data, then it is submitted.
    upload(alice, dataset, government_xlsx(sheet_rows(kecamatan)), "penduduk-2024-perbaikan.xlsx")
    job2 = ImportJob.objects.filter(dataset=dataset).order_by("-pk").first()
    assert job2 is not None
    map_columns(alice, job2, XLSX_MAPPING)
    version.refresh_from_db()
    assert version.is_valid and version.row_count == 48, version.report
    alice.post(f"/kelola/dataset/{dataset.slug}/v1/ajukan/")
    version.refresh_from_db()
    assert version.status == VersionStatus.SUBMITTED

    # Another OPD's producer cannot see the draft or its data.
    assert bob.get(f"/kelola/dataset/{dataset.slug}/v1/").status_code == 404
    assert bob.get(f"/kelola/dataset/{dataset.slug}/v1/unduh.csv").status_code == 404

    # 4. The walidata comments on a cell and returns it.
    wali.post(f"/kelola/dataset/{dataset.slug}/v1/catatan/",
              {"text": "Periksa lagi, terlalu kecil", "column": "jumlah_penduduk", "row": "3"})  # fmt: skip
    wali.post(f"/kelola/dataset/{dataset.slug}/v1/kembalikan/", {"note": "Lihat catatan sel"})
    version.refresh_from_db()
    assert version.status == VersionStatus.RETURNED
    assert ReviewComment.objects.get(version=version).row == 3

    # 5. The producer sees the comment in the grid and corrects there.
    grid = alice.get(f"/kelola/dataset/{dataset.slug}/v1/isi/")
    config = json.loads(grid.context["config"] and json.dumps(grid.context["config"]))
    assert config["comments"] == [{"row": 3, "column": "jumlah_penduduk", "text": "Periksa lagi, terlalu kecil",
                                   "author": people["wali"].display_name()}]  # fmt: skip
    rows = config["rows"]
    assert len(rows) == 48 and rows[2]["jumlah_penduduk"] == 1010
    rows[2]["jumlah_penduduk"] = "1.510"  # typed the Indonesian way
    alice.post(f"/kelola/dataset/{dataset.slug}/v1/isi/", {"rows": json.dumps(rows)})
    version.refresh_from_db()
    assert version.is_valid and store.read(version.file_key, offset=2, limit=1).rows[0]["jumlah_penduduk"] == 1510
    alice.post(f"/kelola/dataset/{dataset.slug}/v1/ajukan/")
    version.refresh_from_db()
    assert version.status == VersionStatus.RESUBMITTED

    # 6. Verified and published.
    wali.post(f"/kelola/dataset/{dataset.slug}/v1/verifikasi/")
    wali.post(f"/kelola/dataset/{dataset.slug}/v1/terbitkan/")
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED
    assert bob.get(f"/kelola/dataset/{dataset.slug}/v1/").status_code == 200  # settled: visible to all staff

    # 7. A second correction creates version 2; version 1 still downloads.
    rows[2]["jumlah_penduduk"] = 1520
    page = alice.post(f"/kelola/dataset/{dataset.slug}/isi/",
                      {"rows": json.dumps(rows), "period": "2024", "change_note": "Koreksi Purwodadi"}, follow=True)  # fmt: skip
    v2 = DatasetVersion.objects.get(dataset=dataset, number=2)
    assert v2.replaces == version and v2.change_note == "Koreksi Purwodadi"
    old = alice.get(f"/kelola/dataset/{dataset.slug}/v1/unduh.xlsx")
    assert old.status_code == 200
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(old.streaming_content))).get_sheet_by_index(0)
    assert sheet.to_python()[3][3] == 1510


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("kosong.csv", b"", "kosong"),
        ("acak.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "bukan berkas teks"),
        ("terpotong.xlsx", None, "rusak"),
        (
            "lebar.csv",
            ",".join(f"k{i}" for i in range(10_000)).encode() + b"\n" + b"1," * 9999 + b"1\n",
            "10.000 kolom",
        ),
        ("data.pdf", b"%PDF-1.4", "bukan CSV atau XLSX"),
    ],
)
def test_damaged_files_get_a_clear_message_and_leave_nothing(
    make_dataset: Callable[..., Dataset], kecamatan: Kecamatan, client_for: Callable[[str], Client],
    name: str, content: bytes | None, message: str,
) -> None:  # fmt: skip
    dataset = make_dataset()
    if content is None:
        whole = government_xlsx(sheet_rows(kecamatan))
        content = whole[: len(whole) // 2]
    incoming = store.store_dir() / "incoming"
    # The store is shared by the session: other tests may leave uploads that wait for a mapping.
    before = set(incoming.glob("*")) if incoming.exists() else set()
    page = upload(client_for("alice"), dataset, content, name)
    html = page.content.decode()
    assert message in html, html[-3000:]
    assert not DatasetVersion.objects.exists()
    assert (set(incoming.glob("*")) if incoming.exists() else set()) == before
    job = ImportJob.objects.first()
    assert job is None or job.status == ImportStatus.FAILED


def test_files_above_the_limit_are_refused_with_the_limit_shown(
    make_dataset: Callable[..., Dataset], client_for: Callable[[str], Client], settings: Any
) -> None:
    settings.SATUDATA_MAX_DATA_UPLOAD_MB = 1
    dataset = make_dataset()
    form = client_for("alice").get(f"/kelola/dataset/{dataset.slug}/unggah/").content.decode()
    assert "paling besar 1 MB" in form and 'data-max-bytes="1048576"' in form
    page = upload(client_for("alice"), dataset, b"a,b\n" + b"1,2\n" * 300_000, "besar.csv")
    assert "batasnya 1 MB" in page.content.decode()
    assert not ImportJob.objects.exists()


def test_csv_with_matching_names_goes_straight_through(
    make_dataset: Callable[..., Dataset], kecamatan: Kecamatan, client_for: Callable[[str], Client]
) -> None:
    dataset = make_dataset()
    lines = ["kode_kecamatan;nama_kecamatan;jenis_kelamin;jumlah_penduduk"]
    lines += [f"{r['kode_kecamatan']};{r['nama_kecamatan']};{r['jenis_kelamin']};{r['jumlah_penduduk']}"
              for r in population_rows(kecamatan, 2024)]  # fmt: skip
    content = ("\r\n".join(lines) + "\r\n").encode("cp1252")
    page = upload(client_for("alice"), dataset, content, "penduduk.csv")
    version = DatasetVersion.objects.get(dataset=dataset)
    assert page.redirect_chain[-1][0] == version.get_absolute_url()
    assert version.is_valid and version.row_count == 48
    # The period column was absent from the file: filled with the version's period.
    assert store.aggregate(version.file_key, group_by=["tahun"], measures=[("*", "count")]) == [
        {"tahun": 2024, "count": 48}
    ]


def test_template_round_trip(
    make_dataset: Callable[..., Dataset], kecamatan: Kecamatan, client_for: Callable[[str], Client], tmp_path: Path
) -> None:
    dataset = make_dataset()
    alice = client_for("alice")
    response = alice.get(f"/kelola/dataset/{dataset.slug}/templat.xlsx?periode=2025")
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names == ["Data", "Petunjuk"]
    data = book.get_sheet_by_name("Data").to_python()
    assert data[0] == ["kode_kecamatan", "nama_kecamatan", "jenis_kelamin", "jumlah_penduduk", "tahun"]
    assert len(data) == 49 and data[1][:3] == ["35.14.01", "Purwodadi", "Laki-laki"] and data[1][4] == 2025
    # Filled in (as a producer would in Excel) and uploaded back: no mapping step.
    filled = io.BytesIO()
    out = xlsxwriter.Workbook(filled, {"in_memory": True})
    sheet = out.add_worksheet("Data")
    for r, row in enumerate(data):
        for c, value in enumerate(row):
            sheet.write(r, c, 100 + r if (r and c == 3) else value)
    out.close()
    page = upload(alice, dataset, filled.getvalue(), "templat-terisi.xlsx", period="2025")
    version = DatasetVersion.objects.get(dataset=dataset)
    assert page.redirect_chain[-1][0] == version.get_absolute_url()
    assert version.is_valid and version.period == "2025" and version.row_count == 48


def test_new_period_grid_is_prefilled_with_the_kecamatan(
    make_dataset: Callable[..., Dataset], kecamatan: Kecamatan, client_for: Callable[[str], Client]
) -> None:
    dataset = make_dataset()
    page = client_for("alice").get(f"/kelola/dataset/{dataset.slug}/isi/?periode=2024")
    config = page.context["config"]
    assert len(config["rows"]) == 48
    assert config["rows"][-1] == {"kode_kecamatan": "35.14.24", "nama_kecamatan": "Tosari",
                                  "jenis_kelamin": "Perempuan", "jumlah_penduduk": None, "tahun": "2024"}  # fmt: skip
    assert [c["name"] for c in config["columns"] if c["readOnly"]] == ["tahun"]
    assert 'id="grid-config"' in page.content.decode()


def test_grid_rejects_garbage_without_losing_the_draft(
    draft: DatasetVersion, client_for: Callable[[str], Client]
) -> None:
    key = draft.file_key
    page = client_for("alice").post(f"/kelola/dataset/{draft.dataset.slug}/v1/isi/", {"rows": "{bukan json"})
    assert "tidak terbaca" in page.content.decode()
    draft.refresh_from_db()
    assert draft.file_key == key


def test_dataset_from_a_daftar_data_item(
    make_item: Callable[..., DaftarDataItem], orgs: Any, people: dict[str, User], client_for: Callable[[str], Client],
    pasuruan_wilayah: None,
) -> None:  # fmt: skip
    from satudata.planning.actions import do_review_item
    from satudata.planning.models import ReviewDecision

    item = make_item(people["alice"], orgs["dinkes"], submit=True, nama_data="Jumlah Puskesmas", satuan="unit")
    reviews = {f: {"decision": ReviewDecision.ACCEPTED, "comment": ""} for f in DaftarDataItem.REVIEWED_FIELDS}
    do_review_item(item=item, field_reviews=reviews, acting_user=people["forum"])
    assert item.status == ItemStatus.ACCEPTED
    listing = client_for("alice").get("/kelola/dataset/")
    assert "Jumlah Puskesmas" in listing.content.decode()
    assert client_for("bob").post("/kelola/dataset/dari-daftar-data/", {"item": item.pk}).status_code == 403
    page = client_for("alice").post("/kelola/dataset/dari-daftar-data/", {"item": item.pk}, follow=True)
    dataset = Dataset.objects.get(daftar_item=item)
    assert page.redirect_chain[-1][0] == f"/kelola/dataset/{dataset.slug}/skema/"
    assert dataset.is_priority and dataset.unit == "unit" and dataset.tingkat_penyajian == "kecamatan"
    schema = dataset.current_schema
    assert schema is not None
    assert schema.table_schema.names == ["kode_kecamatan", "nama_kecamatan", "jumlah_puskesmas", "satuan", "tahun"]


def test_schema_editor_saves_and_a_locked_schema_gets_a_new_number(
    draft: DatasetVersion, client_for: Callable[[str], Client]
) -> None:
    dataset = draft.dataset
    alice = client_for("alice")
    page = alice.get(f"/kelola/dataset/{dataset.slug}/skema/")
    formset = page.context["formset"]
    data = {"kolom-TOTAL_FORMS": str(len(formset.forms)), "kolom-INITIAL_FORMS": str(formset.initial_form_count()),
            "kolom-MIN_NUM_FORMS": "0", "kolom-MAX_NUM_FORMS": "1000", "primary_key": "kode_kecamatan, jenis_kelamin, tahun",
            "note": "Tambah kolom keterangan"}  # fmt: skip
    for i, form in enumerate(formset.forms):
        for name, value in (form.initial or {}).items():
            if value not in (None, False, ""):
                data[f"kolom-{i}-{name}"] = "on" if value is True else str(value)
    extra = len(formset.initial)
    data.update(
        {f"kolom-{extra}-name": "keterangan", f"kolom-{extra}-type": "string", f"kolom-{extra}-role": "attribute"}
    )
    page = alice.post(f"/kelola/dataset/{dataset.slug}/skema/", data, follow=True)
    assert page.status_code == 200
    # The first schema has a version checked against it: the change is schema 2.
    assert [s.number for s in dataset.schemas.all()] == [1, 2]
    assert dataset.schemas.get(number=2).table_schema.names[-1] == "keterangan"
    # A bad column name is refused with a message naming it, and nothing is saved.
    data[f"kolom-{extra}-name"] = "Keterangan Lain"
    page = alice.post(f"/kelola/dataset/{dataset.slug}/skema/", data)
    assert "huruf kecil" in page.content.decode()
    assert dataset.schemas.count() == 2
    assert client_for("bob").post(f"/kelola/dataset/{dataset.slug}/skema/", data).status_code == 403


@pytest.mark.parametrize(
    ("who", "status"),
    [("alice", 200), ("wali", 200), ("bob", 404), ("bps", 404), ("forum", 404), ("nobody", 403), ("anonymous", 302)],
)
def test_who_sees_a_draft(draft: DatasetVersion, client_for: Callable[[str], Client], who: str, status: int) -> None:
    assert client_for(who).get(draft.get_absolute_url()).status_code == status


def test_the_version_page_shows_years_as_labels_and_counts_grouped(
    draft: DatasetVersion, client_for: Callable[[str], Client]
) -> None:
    page = client_for("alice").get(draft.get_absolute_url())
    cells = [cell for row in page.context["data"]["rows"] for _col, cell, _note in row["cells"]]
    html = page.content.decode()
    assert "2024" in cells and 2024 not in cells
    assert ">2.024<" not in html and ">2024<" in html
    counts = [c for c in cells if isinstance(c, int)]
    assert counts and any(c >= 1000 for c in counts)
    assert f">{counts[0]:,}<".replace(",", ".") in html  # a count keeps its thousands separator


@pytest.mark.parametrize("who", ["alice", "bob", "bps", "forum"])
def test_only_the_walidata_verifies_through_the_page(
    draft: DatasetVersion, people: dict[str, User], client_for: Callable[[str], Client], who: str
) -> None:
    from satudata.datasets.actions import do_submit_version

    do_submit_version(version=draft, acting_user=people["alice"])
    response = client_for(who).post(f"/kelola/dataset/{draft.dataset.slug}/v1/verifikasi/")
    assert response.status_code in (403, 404)
    draft.refresh_from_db()
    assert draft.status == VersionStatus.SUBMITTED


def test_upload_is_refused_to_other_opds(draft: DatasetVersion, client_for: Callable[[str], Client]) -> None:
    for who in ("bob", "bps", "forum"):
        assert client_for(who).get(f"/kelola/dataset/{draft.dataset.slug}/unggah/").status_code == 403
        assert client_for(who).get(f"/kelola/dataset/{draft.dataset.slug}/isi/?periode=2024").status_code == 403


def test_an_import_killed_half_way_leaves_no_version(
    make_dataset: Callable[..., Dataset], kecamatan: Kecamatan, client_for: Callable[[str], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """The worker dies after the Parquet file is written but before the version row: no version, and
    the file is an orphan the sweep removes once it is older than the grace period."""
    dataset = make_dataset()

    def killed(**kwargs: Any) -> None:
        raise KeyboardInterrupt  # what SIGINT/SIGTERM handlers raise; SIGKILL is the same minus this line

    monkeypatch.setattr(pipeline.actions, "do_store_version", killed)
    lines = ["kode_kecamatan,nama_kecamatan,jenis_kelamin,jumlah_penduduk"]
    lines += [f"{r['kode_kecamatan']},{r['nama_kecamatan']},{r['jenis_kelamin']},{r['jumlah_penduduk']}"
              for r in population_rows(kecamatan, 2024)]  # fmt: skip
    with pytest.raises(KeyboardInterrupt):
        upload(client_for("alice"), dataset, "\n".join(lines).encode(), "penduduk.csv")
    assert not DatasetVersion.objects.exists()
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.RUNNING  # the page shows it as stalled after 15 minutes
    orphans = list(store.store_dir().glob("??/*.parquet"))
    assert orphans
    past = time.time() - 7200
    for path in orphans:
        os.utime(path, (past, past))
    call_command("sweep_store", "--delete", stdout=io.StringIO())
    assert not any(p.exists() for p in orphans)


def test_notifications_page_shows_only_ones_own(
    draft: DatasetVersion, people: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    from satudata.accounts.models import Notification
    from satudata.datasets.actions import do_submit_version

    do_submit_version(version=draft, acting_user=people["alice"])
    wali = client_for("wali")
    page = wali.get("/kelola/pemberitahuan/").content.decode()
    assert "diajukan untuk diverifikasi" in page and draft.get_absolute_url() in page
    assert 'class="badge text-bg-warning">1<' in wali.get("/kelola/dataset/").content.decode()
    assert "diajukan untuk diverifikasi" not in client_for("bob").get("/kelola/pemberitahuan/").content.decode()
    wali.post("/kelola/pemberitahuan/dibaca/")
    assert not Notification.objects.filter(recipient=people["wali"], read_at__isnull=True).exists()
    assert client_for("anonymous").get("/kelola/pemberitahuan/").status_code == 302


def test_dataset_description_and_metadata_links(
    draft: DatasetVersion, people: dict[str, User], orgs: Any, client_for: Callable[[str], Client]
) -> None:
    from satudata.metadata.models import StatisticalActivity, Variable
    from satudata.planning.actions import do_start_cycle

    cycle = do_start_cycle(year=2025, start_date=__import__("datetime").date(2025, 1, 6), acting_user=people["wali"])
    own = StatisticalActivity.objects.create(cycle=cycle, organization=orgs["dinkes"], title="Profil Kesehatan",
                                             year=2025, created_by=people["alice"])  # fmt: skip
    other = StatisticalActivity.objects.create(cycle=cycle, organization=orgs["dispendik"], title="Dapodik",
                                               year=2025, created_by=people["bob"])  # fmt: skip
    variable = Variable.objects.create(activity=own, name="Jumlah penduduk", definisi="d")
    dataset = draft.dataset
    alice = client_for("alice")
    form = alice.get(f"/kelola/dataset/{dataset.slug}/ubah/").content.decode()
    assert "Profil Kesehatan" in form and "Dapodik" not in form
    data = {"title": "Penduduk per Kecamatan", "description": "Hasil DKB", "topic": "", "access_class": "terbuka",
            "frequency": "semesteran", "unit": "jiwa", "tingkat_penyajian": "kecamatan", "licence": "CC-BY-4.0",
            "keywords": "penduduk, dkb", "activity": str(own.pk), "variables": [str(variable.pk)]}  # fmt: skip
    assert alice.post(f"/kelola/dataset/{dataset.slug}/ubah/", data).status_code == 302
    dataset.refresh_from_db()
    assert (dataset.title, dataset.activity, list(dataset.variables.all())) == (
        "Penduduk per Kecamatan",
        own,
        [variable],
    )
    assert dataset.keyword_list == ["penduduk", "dkb"]
    # Another OPD's activity is not a valid choice.
    page = alice.post(f"/kelola/dataset/{dataset.slug}/ubah/", {**data, "activity": str(other.pk)})
    assert page.status_code == 200 and "activity" in page.context["form"].errors
    assert client_for("bob").post(f"/kelola/dataset/{dataset.slug}/ubah/", data).status_code == 403
    # A required field left empty: refused with the field named, nothing changed.
    page = alice.post(f"/kelola/dataset/{dataset.slug}/ubah/", {**data, "title": ""})
    assert "title" in page.context["form"].errors
    dataset.refresh_from_db()
    assert dataset.title == "Penduduk per Kecamatan"


def test_mapping_page_rereads_another_sheet_or_header_row(
    make_dataset: Callable[..., Dataset], kecamatan: Kecamatan, client_for: Callable[[str], Client]
) -> None:
    dataset = make_dataset()
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.add_worksheet("Catatan").write_string(0, 0, "Lembar ini berisi catatan saja")
    data = book.add_worksheet("Data 2024")
    for c, name in enumerate(["kode_kecamatan", "nama_kecamatan", "jenis_kelamin", "jumlah_penduduk"]):
        data.write_string(0, c, name)
    for r, row in enumerate(population_rows(kecamatan, 2024), start=1):
        for c, key in enumerate(["kode_kecamatan", "nama_kecamatan", "jenis_kelamin", "jumlah_penduduk"]):
            data.write(r, c, row[key])
    book.close()
    alice = client_for("alice")
    page = upload(alice, dataset, buffer.getvalue(), "dua-lembar.xlsx")
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.NEEDS_MAPPING and job.found["sheet"] == "Catatan"
    assert 'id="reread-sheet"' in page.content.decode()
    bad = alice.post(f"/kelola/dataset/{dataset.slug}/impor/{job.pk}/baca-ulang/", {"sheet": "Tidak Ada"}, follow=True)
    assert "Lembar Tidak Ada tidak ada" in bad.content.decode()
    page = alice.post(f"/kelola/dataset/{dataset.slug}/impor/{job.pk}/baca-ulang/", {"sheet": "Data 2024"}, follow=True)
    version = DatasetVersion.objects.get(dataset=dataset)
    assert page.redirect_chain[-1][0] == version.get_absolute_url()
    assert version.is_valid and version.row_count == 48
    assert client_for("bob").post(f"/kelola/dataset/{dataset.slug}/impor/{job.pk}/baca-ulang/").status_code == 404


def test_a_body_far_above_the_limit_is_refused_unread(
    make_dataset: Callable[..., Dataset], client_for: Callable[[str], Client], settings: Any, people: dict[str, User]
) -> None:
    settings.SATUDATA_MAX_DATA_UPLOAD_MB = 1
    dataset = make_dataset()
    response = upload(client_for("alice"), dataset, b"a,b\n" + b"1,2\n" * 800_000, "besar.csv")
    assert response.status_code == 413
    assert "batasnya 1 MB" in response.content.decode()
    assert not ImportJob.objects.exists()
    # Bodies that are read are still checked for CSRF.
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(people["alice"])
    data = {"period": "2024", "file": SimpleUploadedFile("a.csv", b"a,b\n1,2\n")}
    assert strict.post(f"/kelola/dataset/{dataset.slug}/unggah/", data).status_code == 403
    assert not ImportJob.objects.exists()


def test_progress_fragment_hands_over_to_the_next_page(
    make_dataset: Callable[..., Dataset], client_for: Callable[[str], Client], people: dict[str, User]
) -> None:
    dataset = make_dataset()
    job = ImportJob.objects.create(dataset=dataset, period="2024", incoming=f"{'a' * 32}.csv", original_name="a.csv",
                                   created_by=people["alice"], status=ImportStatus.RUNNING, progress=40,
                                   stage="Memeriksa data terhadap skema")  # fmt: skip
    alice = client_for("alice")
    url = f"/kelola/dataset/{dataset.slug}/impor/{job.pk}/"
    fragment = alice.get(url, HTTP_HX_REQUEST="true")
    assert "HX-Redirect" not in fragment and 'aria-valuenow="40"' in fragment.content.decode()
    assert "Memeriksa data terhadap skema" in fragment.content.decode()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.NEEDS_MAPPING, found={"headers": ["x"]})
    assert alice.get(url, HTTP_HX_REQUEST="true")["HX-Redirect"] == url
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, error="Berkas kosong")
    failed = alice.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Berkas kosong" in failed and "Tidak ada data yang disimpan" in failed
    assert client_for("bob").get(url).status_code == 404
    assert client_for("wali").get(url).status_code == 200


def test_bad_mapping_and_comment_input_is_refused_with_the_field_named(
    make_dataset: Callable[..., Dataset], kecamatan: Kecamatan, client_for: Callable[[str], Client],
    people: dict[str, User],
) -> None:  # fmt: skip
    dataset = make_dataset()
    alice = client_for("alice")
    upload(alice, dataset, government_xlsx(sheet_rows(kecamatan)), "penduduk.xlsx")
    job = ImportJob.objects.get()
    # The same file column chosen twice, and a required column left out.
    twice = {**XLSX_MAPPING, "nama_kecamatan": "Kode Kec."}
    page = map_columns(alice, job, twice)
    assert page.status_code == 400 and "dipakai lebih dari sekali: Kode Kec." in page.content.decode()
    page = map_columns(alice, job, {k: v for k, v in XLSX_MAPPING.items() if k != "jumlah_penduduk"})
    assert page.status_code == 400 and "jumlah_penduduk" in str(page.context["form"].errors)
    job.refresh_from_db()
    assert job.status == ImportStatus.NEEDS_MAPPING and not DatasetVersion.objects.exists()
    map_columns(alice, job, XLSX_MAPPING)
    version = DatasetVersion.objects.get()
    from satudata.datasets.actions import do_submit_version

    do_submit_version(version=version, acting_user=people["alice"])
    wali = client_for("wali")
    url = f"/kelola/dataset/{dataset.slug}/v1/catatan/"
    for data, message in [
        ({"text": "", "column": "jumlah_penduduk"}, "Catatan"),
        ({"text": "x", "column": "tidak_ada"}, "Kolom"),
        ({"text": "x", "row": "999"}, "Baris 999 tidak ada"),
        ({"text": "x", "row": "-1"}, "Baris"),
    ]:
        page = wali.post(url, data, follow=True)
        assert message in page.content.decode(), data
    assert not version.comments.exists()
    assert wali.post(f"/kelola/dataset/{dataset.slug}/v1/hapus-semua/").status_code == 404  # unknown action


def test_grid_refuses_a_version_too_large_for_it(
    draft: DatasetVersion, client_for: Callable[[str], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(DatasetVersion, "GRID_MAX_ROWS", 10)  # the draft has 48 rows
    alice = client_for("alice")
    assert "Perbaiki di tabel" not in alice.get(draft.get_absolute_url()).content.decode()
    page = alice.get(f"/kelola/dataset/{draft.dataset.slug}/v1/isi/", follow=True)
    assert "48 baris, terlalu banyak untuk tabel isian" in page.content.decode()
    key = draft.file_key
    alice.post(f"/kelola/dataset/{draft.dataset.slug}/v1/isi/", {"rows": json.dumps([{"jumlah_penduduk": 1}])})
    draft.refresh_from_db()
    assert draft.file_key == key and draft.row_count == 48  # nothing cut short


def test_grid_rows_holding_only_the_period_are_empty(
    make_dataset: Callable[..., Dataset], kecamatan: Kecamatan, people: dict[str, User]
) -> None:
    rows = population_rows(kecamatan, 2024)
    rows.append({"kode_kecamatan": None, "nama_kecamatan": None, "jenis_kelamin": None, "jumlah_penduduk": None,
                 "tahun": "2024"})  # fmt: skip
    version = pipeline.import_rows(
        dataset=make_dataset(), rows=rows, period="2024", acting_user=people["alice"]
    ).version
    assert version.is_valid and version.row_count == 48


def test_a_pattern_duckdb_cannot_run_is_refused_when_the_schema_is_saved(
    draft: DatasetVersion, people: dict[str, User]
) -> None:
    from django.core.exceptions import ValidationError

    from satudata.datasets.actions import do_save_schema

    descriptor = draft.schema.descriptor
    fields = [dict(f) for f in descriptor["fields"]]
    fields[1]["constraints"] = {**fields[1].get("constraints", {}), "pattern": r"(?!Kab)\w+"}  # look-ahead: not RE2
    with pytest.raises(ValidationError, match="nama_kecamatan: pola"):
        do_save_schema(
            dataset=draft.dataset, descriptor={**descriptor, "fields": fields}, note="", acting_user=people["alice"]
        )
    assert draft.dataset.schemas.count() == 1


def test_unused_file_columns_are_named_in_the_downloadable_report(
    make_dataset: Callable[..., Dataset], kecamatan: Kecamatan, client_for: Callable[[str], Client]
) -> None:
    dataset = make_dataset()
    lines = ["kode_kecamatan,nama_kecamatan,jenis_kelamin,jumlah_penduduk,catatan_petugas"]
    lines += [f"{r['kode_kecamatan']},{r['nama_kecamatan']},{r['jenis_kelamin']},{r['jumlah_penduduk']},-"
              for r in population_rows(kecamatan, 2024)]  # fmt: skip
    alice = client_for("alice")
    upload(alice, dataset, "\n".join(lines).encode(), "penduduk.csv")
    job = ImportJob.objects.get()
    map_columns(alice, job, {n: n for n in ["kode_kecamatan", "nama_kecamatan", "jenis_kelamin", "jumlah_penduduk"]})
    report = alice.get(f"/kelola/dataset/{dataset.slug}/v1/laporan.csv").content.decode("utf-8-sig")
    line = next(row for row in csv.reader(io.StringIO(report)) if "catatan_petugas" in row)
    assert line[0] == "" and line[2] == "kolom berkas tidak dipakai" and line[4] == "catatan_petugas"
