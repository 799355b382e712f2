"""The publication compiler (SOP step 13): published datasets become a "Dalam Angka" PDF with a
table of contents, page numbers and tables that repeat their header on every page, a DOCX, and a
publication in the catalogue in one action."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Callable
from typing import Any

import pypdfium2 as pdfium
import pytest
from django.test import Client
from django.utils import timezone
from docx import Document

from satudata.accounts.models import Organization, User
from satudata.datasets import actions
from satudata.datasets.actions import do_create_dataset
from satudata.datasets.models import Dataset
from satudata.datasets.pipeline import import_rows
from satudata.datasets.schema import Field, TableSchema
from satudata.publications import tasks
from satudata.publications.models import (
    CompileJob,
    CompileStatus,
    Publication,
    PublicationKind,
    PublicationStatus,
)
from tests.conftest import ROLES
from tests.datasets.conftest import population_rows
from tests.portal.test_downloads import publish

Clients = Callable[[str], Client]
MM = 72 / 25.4
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

VILLAGES = TableSchema(
    fields=(
        Field(name="nama_desa", title="Desa", role="dimension", required=True),
        Field(name="luas", title="Luas", type="number", role="measure", unit="km²", required=True),
    ),
    primary_key=("nama_desa",),
)  # fmt: skip


@pytest.fixture
def population(
    make_dataset: Callable[..., Dataset], kecamatan: list[tuple[str, str]], people: dict[str, User]
) -> Dataset:
    dataset = make_dataset(topic="demografi_dan_kependudukan")
    for year, base in ((2023, 900), (2024, 1000)):
        version = import_rows(dataset=dataset, rows=population_rows(kecamatan, year, base=base), period=str(year),
                              acting_user=people["alice"]).version  # fmt: skip
        actions.do_set_narrative(
            version=version, narrative=f"Penduduk {year} naik di semua kecamatan.", acting_user=people["alice"]
        )
        publish(version, people)
    return dataset


@pytest.fixture
def villages(orgs: dict[str, Organization], people: dict[str, User]) -> Dataset:
    dataset = do_create_dataset(organization_id=orgs["dinkes"].pk, title="Luas Desa", schema=VILLAGES,
                                acting_user=people["alice"], topic="perwilayahan_dan_perkotaan")  # fmt: skip
    rows = [{"nama_desa": f"Desa Uji {i:03d}", "luas": round(1 + i / 4, 2)} for i in range(1, 151)]
    publish(import_rows(dataset=dataset, rows=rows, period="2024", acting_user=people["alice"]).version, people)
    return dataset


def form(*datasets: Dataset, org: Organization, **extra: Any) -> dict[str, Any]:
    return {
        "title": "Kabupaten Pasuruan Dalam Angka 2026", "subtitle": "Pasuruan Regency in Figures",
        "organization": org.pk, "year": "2026", "number": "3514.2601",
        "foreword": "Publikasi ini menyajikan data sektoral.\n\nTerima kasih kepada seluruh OPD.",
        "datasets": [d.pk for d in datasets], **extra,
    }  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_who_opens_the_compiler(client_for: Clients, role: str, population: Dataset) -> None:
    response = client_for(role).get("/kelola/publikasi/susun/")
    expected = {"alice": 200, "bob": 200, "wali": 200, "admin": 200, "bps": 403, "forum": 403, "nobody": 403}
    assert response.status_code == (302 if role == "anonymous" else expected[role])
    if response.status_code == 200:
        page = response.content.decode()
        assert population.title in page
        assert ('value="terbitkan"' in page) == (role in ("wali", "admin"))


URL = "/kelola/publikasi/susun/"


def compiled(client: Client, data: dict[str, Any], content_type: str) -> bytes:
    """Send the form, follow the job (the worker runs at once in the tests) and download the file."""
    response = client.post(URL, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    job = CompileJob.objects.latest("created")
    assert response["Location"] == job.get_absolute_url()
    page = client.get(job.get_absolute_url())
    assert page.status_code == 200 and job.status == CompileStatus.DONE, (job.status, job.error)
    assert 'id="compiled-file"' in page.content.decode() and "hx-trigger" not in page.content.decode()
    download = client.get(f"{job.get_absolute_url()}berkas/")
    assert download.status_code == 200 and download["Content-Type"] == content_type
    return b"".join(download.streaming_content)


def pages_of(pdf: bytes) -> list[Any]:
    document = pdfium.PdfDocument(pdf)
    return [document[i] for i in range(len(document))]


def text_of(page: Any) -> str:
    return str(page.get_textpage().get_text_range())


def test_the_pdf_has_contents_page_numbers_and_repeated_headers(
    client_for: Clients, population: Dataset, villages: Dataset, orgs: dict[str, Organization], tmp_path: Any
) -> None:
    pdf = compiled(client_for("wali"), form(population, villages, org=orgs["diskominfo"], action="pdf"), PDF)
    pages = pages_of(pdf)
    texts = [text_of(p) for p in pages]
    lines = [[line.strip() for line in t.splitlines() if line.strip()] for t in texts]
    # Every page renders to an image (kept for a look) and is not blank.
    for number, page in enumerate(pages, start=1):
        image = page.render(scale=1).to_pil()
        image.save(tmp_path / f"halaman-{number:02d}.png")
        assert image.convert("L").getextrema()[0] < 100
    # Page numbers: none on the cover, then each page prints its own number in the footer.
    for number, page in enumerate(pages[1:], start=2):
        width, _ = page.get_size()
        footer = str(page.get_textpage().get_text_bounded(left=0, bottom=0, right=width, top=18 * MM))
        assert re.findall(r"\d+", footer) == [str(number)], footer
    # The contents: one chapter per topic (in the order of the choices: by topic), a section per
    # dataset, each at the page where its heading is.
    toc = [i for i, page_lines in enumerate(lines) if "Daftar Isi" in page_lines[:3]]
    assert toc
    entry = re.compile(r"^(\d+\.(?:\d+)?\s.+?)\s*\.{4,}\s*(\d+)$")
    entries = {m[1]: int(m[2]) for i in toc for line in lines[i] if (m := entry.match(line))}
    assert set(entries) == {
        "1. Demografi dan Kependudukan", "1.1 Jumlah Penduduk menurut Kecamatan",
        "2. Perwilayahan dan Perkotaan", "2.1 Luas Desa",
    }  # fmt: skip
    for heading, number in entries.items():
        assert [n for n, page_lines in enumerate(lines, start=1) if heading in page_lines] == [number], heading
    # The 150 villages span several pages; on each, the header is right above the first row.
    with_rows = [page for page, text in zip(pages, texts, strict=True) if "Desa Uji " in text]
    assert len(with_rows) >= 3
    seen = []
    for page in with_rows:
        textpage = page.get_textpage()
        seen += [int(n) for n in re.findall(r"Desa Uji (\d{3})", textpage.get_text_range())]
        first_row_top = max(box[3] for box in boxes(textpage, "Desa Uji "))
        header = [box for box in boxes(textpage, "Desa") if box[1] > first_row_top + 1]
        assert header and min(b[1] for b in header) - first_row_top < 15 * MM
        assert [b for b in boxes(textpage, "Luas") if b[1] > first_row_top + 1]
    assert seen == list(range(1, 151))
    # Narrative, source and the kecamatan table with the total row.
    joined = " ".join(" ".join(texts).split())
    assert "Penduduk 2024 naik di semua kecamatan." in joined
    assert "Sumber: Dinas Kesehatan" in joined and "Sumber: Sumber:" not in joined
    assert "Jumlah" in joined


def boxes(textpage: Any, text: str) -> list[tuple[float, float, float, float]]:
    searcher = textpage.search(text, match_case=True)
    found = []
    while (hit := searcher.get_next()) is not None:
        found.append(textpage.get_charbox(hit[0]))
    return found


def test_docx_for_editing(client_for: Clients, population: Dataset, orgs: dict[str, Organization]) -> None:
    body = compiled(client_for("alice"), form(population, org=orgs["dinkes"], action="docx"), DOCX)
    document = Document(io.BytesIO(body))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Jumlah Penduduk menurut Kecamatan" in " ".join(headings)
    assert len(document.tables) >= 1
    assert [c.text.split("\n")[0] for c in document.tables[0].rows[0].cells][:3] == ["Kecamatan", "2023", "2024"]


def test_one_action_publishes_into_the_catalogue(
    client_for: Clients, population: Dataset, orgs: dict[str, Organization]
) -> None:
    client = client_for("wali")
    response = client.post(URL, form(population, org=orgs["diskominfo"], action="terbitkan"), follow=True)
    publication = Publication.objects.get()
    assert response.redirect_chain[-1][0] == f"/kelola/publikasi/{publication.slug}/"
    assert "Publikasi disusun dan diterbitkan." in response.content.decode()
    assert CompileJob.objects.get().publication == publication
    assert publication.status == PublicationStatus.PUBLISHED and publication.kind == PublicationKind.IN_FIGURES
    assert list(publication.datasets.all()) == [population]
    public = Client()
    assert publication.title in public.get("/publikasi/").content.decode()
    pdf = public.get(f"/publikasi/{publication.slug}.pdf")
    assert pdf.status_code == 200
    body = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    assert "Daftar Isi" in text_of(pages_of(body)[2])


def test_a_producer_saves_a_draft_and_cannot_publish(
    client_for: Clients, population: Dataset, orgs: dict[str, Organization]
) -> None:
    alice = client_for("alice")
    assert (
        alice.post("/kelola/publikasi/susun/", form(population, org=orgs["dinkes"], action="terbitkan")).status_code
        == 403
    )
    assert not Publication.objects.exists()
    assert (
        alice.post("/kelola/publikasi/susun/", form(population, org=orgs["dinkes"], action="simpan")).status_code == 302
    )
    assert Publication.objects.get().status == PublicationStatus.DRAFT
    # For another OPD: the choice is refused by the form.
    response = alice.post("/kelola/publikasi/susun/", form(population, org=orgs["dispendik"], action="simpan"))
    assert response.status_code == 400 and Publication.objects.count() == 1


def test_bad_input(client_for: Clients, population: Dataset, orgs: dict[str, Organization]) -> None:
    client = client_for("wali")
    cases = [
        (form(org=orgs["diskominfo"], action="pdf"), "Bidang ini tidak boleh kosong."),
        (form(population, org=orgs["diskominfo"], title="", action="pdf"), "Bidang ini tidak boleh kosong."),
        (form(population, org=orgs["diskominfo"], year="1800", action="pdf"), "1945"),
        (form(population, org=orgs["diskominfo"], action="hapus"), "Pilih salah satu tombol"),
    ]
    for data, message in cases:
        response = client.post("/kelola/publikasi/susun/", data)
        assert response.status_code == 400, data
        assert message in response.content.decode(), message
    # A restricted dataset is no choice: the publication is public.
    Dataset.objects.filter(pk=population.pk).update(access_class="terbatas")
    response = client.post("/kelola/publikasi/susun/", form(population, org=orgs["diskominfo"], action="pdf"))
    assert response.status_code == 400 and "bukan salah satu dari pilihan yang tersedia" in response.content.decode()
    assert not Publication.objects.exists()


SCHOOLS = TableSchema(
    fields=(
        Field(name="jenjang", title="Jenjang", role="dimension", required=True),
        Field(name="jumlah_sekolah", title="Jumlah Sekolah", type="integer", role="measure", unit="sekolah", required=True),
        Field(name="tahun", title="Tahun", type="year", role="period", required=True),
    ),
    primary_key=("jenjang", "tahun"),
)  # fmt: skip


def test_a_one_year_table_lists_its_category_and_names_the_source_once(
    orgs: dict[str, Organization], people: dict[str, User]
) -> None:
    from satudata.publications import compiler

    dataset = do_create_dataset(organization_id=orgs["dinkes"].pk, title="Jumlah Sekolah", schema=SCHOOLS,
                                acting_user=people["alice"], topic="pendidikan_dan_pelatihan")  # fmt: skip
    rows = [{"jenjang": j, "jumlah_sekolah": n, "tahun": 2025} for j, n in (("SD", 1230), ("SMP", 410), ("SMA", 120))]
    publish(import_rows(dataset=dataset, rows=rows, period="2025", acting_user=people["alice"]).version, people)
    release = dataset.latest_release()
    assert release is not None
    section = compiler.section_for(dataset, release)
    assert section.table is not None
    assert section.table.columns[0] == "Jenjang"
    assert sorted((row[0], row[1]) for row in section.table.rows) == [("SD", 1230), ("SMA", 120), ("SMP", 410)]
    assert not section.source.startswith("Sumber")


def a_job(owner: User, population: Dataset, org: Organization, action: str = "pdf") -> CompileJob:
    return CompileJob.objects.create(
        action=action, created_by=owner, dataset_ids=[population.pk],
        choice={"title": "Dalam Angka", "subtitle": "", "year": 2026, "organization_id": org.pk, "foreword": "",
                "number": ""},
    )  # fmt: skip


def test_a_compilation_is_its_makers_alone(
    client_for: Clients, population: Dataset, orgs: dict[str, Organization], people: dict[str, User]
) -> None:
    job = a_job(people["alice"], population, orgs["dinkes"])
    tasks.run_compile.call(job.pk)
    job.refresh_from_db()
    assert job.status == CompileStatus.DONE and job.file
    assert client_for("alice").get(f"{job.get_absolute_url()}berkas/").status_code == 200
    for who in ("bob", "wali", "bps", "forum", "admin"):
        client = client_for(who)
        assert client.get(job.get_absolute_url()).status_code == 404, who
        assert client.get(f"{job.get_absolute_url()}berkas/").status_code == 404, who
    assert client_for("nobody").get(job.get_absolute_url()).status_code == 403
    assert client_for("anonymous").get(job.get_absolute_url()).status_code == 302


def test_the_page_polls_while_the_worker_compiles(
    client_for: Clients, population: Dataset, orgs: dict[str, Organization], people: dict[str, User]
) -> None:
    job = a_job(people["alice"], population, orgs["dinkes"])  # queued: no worker has taken it
    alice = client_for("alice")
    page = alice.get(job.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 2s"' in page and "Menunggu" in page and 'id="compiled-file"' not in page
    assert alice.get(f"{job.get_absolute_url()}berkas/").status_code == 404  # nothing to download yet
    # A worker that stopped: after 30 minutes the page says so.
    CompileJob.objects.filter(pk=job.pk).update(updated=timezone.now() - dt.timedelta(minutes=31))
    assert "tidak bergerak lebih dari 30 menit" in alice.get(job.get_absolute_url()).content.decode()
    tasks.run_compile.call(job.pk)
    fragment = alice.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<div id="compile-progress"') and "hx-trigger" not in fragment
    assert 'id="compiled-file"' in fragment
    # A publication made by the worker: the fragment hands over to the page, which opens it.
    draft = a_job(people["alice"], population, orgs["dinkes"], action="simpan")
    tasks.run_compile.call(draft.pk)
    answer = alice.get(draft.get_absolute_url(), headers={"HX-Request": "true"})
    assert answer["HX-Redirect"] == draft.get_absolute_url()
    opened = alice.get(draft.get_absolute_url(), follow=True)
    assert "Publikasi disusun dan disimpan sebagai draf." in opened.content.decode()
    assert Publication.objects.get().status == PublicationStatus.DRAFT


def test_a_dataset_withdrawn_before_the_worker_runs_fails_the_job_by_name(
    client_for: Clients, population: Dataset, orgs: dict[str, Organization], people: dict[str, User]
) -> None:
    job = a_job(people["wali"], population, orgs["diskominfo"], action="terbitkan")
    Dataset.objects.filter(pk=population.pk).update(access_class="terbatas")
    tasks.run_compile.call(job.pk)
    job.refresh_from_db()
    assert job.status == CompileStatus.FAILED
    assert f"tidak lagi terbit sebagai data terbuka: {population.title}" in job.error
    page = client_for("wali").get(job.get_absolute_url()).content.decode()
    assert "Publikasi tidak dapat disusun." in page and population.title in page
    assert not Publication.objects.exists()


def test_the_worker_checks_the_makers_rights_again(
    population: Dataset, orgs: dict[str, Organization], people: dict[str, User]
) -> None:
    job = a_job(people["alice"], population, orgs["dinkes"], action="terbitkan")  # sent by hand, not the form
    tasks.run_compile.call(job.pk)
    job.refresh_from_db()
    assert job.status == CompileStatus.FAILED and job.error == "Akses ditolak."
    assert not Publication.objects.exists()


def test_compiled_files_are_kept_a_day(
    population: Dataset, orgs: dict[str, Organization], people: dict[str, User]
) -> None:
    old, new = (a_job(people["alice"], population, orgs["dinkes"]) for _ in range(2))
    for job in (old, new):
        tasks.run_compile.call(job.pk)
        job.refresh_from_db()
    path = old.file.path
    CompileJob.objects.filter(pk=old.pk).update(created=timezone.now() - dt.timedelta(days=1, minutes=1))
    assert tasks.remove_old_files() == 1
    old.refresh_from_db()
    new.refresh_from_db()
    assert not old.file and new.file and not os.path.exists(path)
    assert os.path.exists(new.file.path)
