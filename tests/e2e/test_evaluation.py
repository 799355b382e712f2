"""The evaluation and its follow-up in the browser: the walidata scores an EPSS indicator, attaches a
proposed piece of evidence and opens it, simulates the IPS and downloads the worksheet; the staff
analysis page draws its charts; the publication compiler puts two datasets into the public
catalogue; the Forum draws up the Renaksi and agrees it with a Berita Acara. The EPSS worksheet and
indicator page have no serious or critical WCAG 2.1 A/AA violation (axe-core)."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from django.utils.formats import number_format
from playwright.sync_api import Page, expect

from satudata.accounts.models import Organization, User
from satudata.datasets import actions
from satudata.datasets.models import Dataset
from satudata.datasets.pipeline import import_rows
from satudata.evaluation import epss
from satudata.evaluation.actions import do_score_indicator
from satudata.evaluation.models import Assessment, Evidence, Indicator
from satudata.planning.actions import do_add_action_item, do_agree_action_plan, do_start_action_plan
from satudata.planning.models import (
    ActionItem,
    ActionPlan,
    BeritaAcara,
    BeritaAcaraSubject,
    Cycle,
    ForumMeeting,
    StepStatus,
)
from satudata.publications.models import Publication
from satudata.reference.models import Wilayah
from tests.datasets.conftest import SCHEMA, population_rows
from tests.e2e.test_accessibility import axe_violations

pytestmark = pytest.mark.e2e

SIGNATORIES = ["Dr. Siti Rahmawati", "Ir. Bambang Hartono, M.Si.", "Agus Setiawan, S.Kom.", "Drs. Hadi Prasetyo"]


def no_serious_violations(page: Page) -> None:
    serious = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert not serious, json.dumps(serious, indent=1, ensure_ascii=False)


def publish_years(dataset: Dataset, people: dict[str, User], *years: int) -> Dataset:
    kecamatan = list(Wilayah.objects.filter(level="kecamatan", kode__startswith="35.14.").values_list("kode", "nama"))
    for year in years:
        version = import_rows(dataset=dataset, rows=population_rows(kecamatan, year, base=900 + 50 * (year - 2023)),
                              period=str(year), acting_user=people["alice"]).version  # fmt: skip
        version = actions.do_submit_version(version=version, acting_user=people["alice"])
        version = actions.do_verify_version(version=version, acting_user=people["wali"])
        actions.do_publish_version(version=version, acting_user=people["wali"])
    return dataset


@pytest.fixture
def population(pasuruan_wilayah: None, orgs: dict[str, Organization], people: dict[str, User]) -> Dataset:
    dataset = actions.do_create_dataset(organization_id=orgs["dinkes"].pk, title="Jumlah Penduduk menurut Kecamatan",
                                        schema=SCHEMA, acting_user=people["alice"], topic="demografi_dan_kependudukan",
                                        tingkat_penyajian="kecamatan")  # fmt: skip
    return publish_years(dataset, people, 2023, 2024)


@pytest.fixture
def meeting(cycle: Cycle, people: dict[str, User]) -> ForumMeeting:
    return ForumMeeting.objects.create(
        cycle=cycle, title="Rapat Forum Satu Data: Evaluasi dan Renaksi 2027", agenda="Kesepakatan Renaksi 2027",
        starts_at=timezone.make_aware(dt.datetime(2026, 11, 10, 9)), place="Ruang Rapat Bappelitbangda",
        minutes="Forum menyepakati Renaksi 2027.", created_by=people["forum"],
    )  # fmt: skip


def test_walidata_scores_an_indicator_attaches_evidence_simulates_the_ips_and_downloads_the_worksheet(
    page: Page, live_server: Any, people: dict[str, User], login: Callable[[Page, str], None],
    shot: Callable[[Page], Path], tmp_path: Path,
) -> None:  # fmt: skip
    base = live_server.url
    login(page, "wali")
    page.goto(f"{base}/kelola/epss/")
    shot(page)
    page.fill("#id_year", "2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Mulai penilaian").click()
    assessment = Assessment.objects.get(year=2026)
    assert page.url == f"{base}/kelola/epss/2026/"
    expect(page.locator(".alert-success")).to_contain_text("Penilaian mandiri EPSS 2026 dimulai.")
    expect(page.locator("#ips-card")).to_contain_text("0/38")
    shot(page)
    no_serious_violations(page)

    # --- indicator 20302: level 3 with an explanation
    with page.expect_navigation():
        page.locator("#indikator-20302 a").click()
    assert page.url == f"{base}/kelola/epss/2026/20302/"
    expect(page.locator("h1")).to_have_text("20302 Pemantauan Ketepatan Waktu Diseminasi")
    shot(page)
    no_serious_violations(page)
    page.check("#score-form input[name=level][value='3']")
    explanation = "Jadwal rilis (ARC) ditetapkan untuk seluruh dataset dan ketepatannya dipantau di portal."
    page.fill("#id_explanation", explanation)
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan jawaban").click()
    expect(page.locator(".alert-success")).to_contain_text("Jawaban indikator 20302 tersimpan.")
    indicator = Indicator.objects.get(aspect__domain__assessment=assessment, code="20302")
    assert (indicator.level, indicator.explanation, indicator.updated_by) == (3, explanation, people["wali"])
    expect(page.locator("#score-form input[name=level][value='3']")).to_be_checked()

    # --- a proposal of the portal becomes evidence, and its link opens
    proposal = page.locator("#proposals li").first
    expect(proposal).to_contain_text("Laporan ketepatan waktu rilis 2026")
    with page.expect_navigation():
        proposal.get_by_role("button", name="Lampirkan").click()
    expect(page.locator(".alert-success")).to_contain_text("Usulan bukti dilampirkan.")
    evidence = Evidence.objects.get(indicator=indicator)
    assert evidence.proposal_key == "ketepatan-waktu" and evidence.added_by == people["wali"]
    expect(page.locator("#proposals li").first).to_contain_text("sudah dilampirkan")
    shot(page)
    with page.expect_navigation() as navigation:
        page.locator("#evidence").get_by_role("link", name=evidence.title).click()
    response = navigation.value
    assert response is not None and response.status == 200, response and response.status
    assert page.url == f"{base}{evidence.url}"
    shot(page)

    # --- the worksheet counts it and the XLSX carries it
    page.goto(f"{base}/kelola/epss/2026/")
    expect(page.locator("#ips-card")).to_contain_text("1/38")
    expect(page.locator("#ips-value")).to_have_text("belum lengkap")
    row = page.locator("#indikator-20302")
    expect(row).to_contain_text("3 — Terdefinisi")
    expect(row.locator("td").last).to_have_text("1")
    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh lembar kerja (XLSX)").click()
    download = info.value
    assert download.failure() is None and download.suggested_filename == "lembar-kerja-epss-2026.xlsx"
    xlsx = tmp_path / download.suggested_filename
    download.save_as(xlsx)
    with zipfile.ZipFile(xlsx) as book:
        strings = book.read("xl/sharedStrings.xml").decode()
        assert "xl/worksheets/sheet2.xml" in book.namelist()
    assert explanation in strings and f"{evidence.title}: {base}{evidence.url}".replace("&", "&amp;") in strings

    # --- what-if: the other levels stored (all but one), then two changed in the form
    for other in assessment.indicators().exclude(code__in=["20302", "50303"]):
        do_score_indicator(indicator=other, level=2, explanation="Penjelasan uji.", acting_user=people["wali"])
    with page.expect_navigation():
        page.get_by_role("link", name="Simulasi IPS").click()
    expect(page.locator("#what-if-ips")).to_have_text("—")
    expect(page.locator(".alert-warning")).to_contain_text("1 indikator belum punya tingkat")
    expect(page.locator("#l_20302")).to_have_value("3")
    page.select_option("#l_50303", "1")
    page.select_option("#l_20302", "5")
    with page.expect_navigation():
        page.get_by_role("button", name="Hitung").click()
    shot(page)
    levels = {**assessment.levels(), "20302": 5, "50303": 1}
    ips = epss.round_ips(epss.compute_ips(assessment.weights(), levels))
    expect(page.locator("#what-if-ips")).to_have_text(number_format(ips, 2))
    expect(page.locator("#what-if-predicate")).to_have_text(str(epss.predicate(ips).label))
    assert "l_20302=5" in page.url and "l_50303=1" in page.url
    indicator.refresh_from_db()
    assert indicator.level == 3  # a simulation saves nothing


def test_the_analysis_page_draws_its_charts(
    page: Page, live_server: Any, population: Dataset, login: Callable[[Page, str], None],
    shot: Callable[[Page], Path],
) -> None:  # fmt: skip
    login(page, "alice")
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(f"pageerror: {exc}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} {r.failure}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.goto(f"{live_server.url}/kelola/dataset/{population.slug}/analisis/")
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).to_contain_text("Analisis deskriptif: Jumlah Penduduk menurut Kecamatan")
    for chart in ("#chart-periods", "#chart-ranking"):
        canvas = page.locator(f"{chart} canvas")
        expect(canvas).to_have_count(1)
        box = canvas.bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 100, (chart, box)
        # Something is drawn: some pixels are not transparent.
        painted = canvas.evaluate(
            """c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                      let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; }"""
        )
        assert painted > 1000, (chart, painted)
    page.locator("#chart-ranking").scroll_into_view_if_needed()
    shot(page)
    assert problems == []


def test_walidata_compiles_two_datasets_into_the_publication_catalogue(
    page: Page, live_server: Any, population: Dataset, orgs: dict[str, Organization], people: dict[str, User],
    login: Callable[[Page, str], None], shot: Callable[[Page], Path],
) -> None:  # fmt: skip
    schools = actions.do_create_dataset(organization_id=orgs["dinkes"].pk, title="Jumlah Penduduk Usia Sekolah",
                                        schema=SCHEMA, acting_user=people["alice"], topic="pendidikan_dan_pelatihan",
                                        tingkat_penyajian="kecamatan")  # fmt: skip
    publish_years(schools, people, 2024)
    base = live_server.url
    login(page, "wali")
    page.goto(f"{base}/kelola/publikasi/susun/")
    shot(page)
    title = "Kabupaten Pasuruan Dalam Angka 2026"
    page.fill("#id_title", title)
    page.select_option("#id_organization", str(orgs["diskominfo"].pk))
    page.fill("#id_year", str(timezone.localdate().year))
    page.fill("#id_foreword", "Publikasi ini menyajikan data sektoral.\n\nTerima kasih kepada seluruh OPD.")
    for dataset in (population, schools):
        page.check(f"input[name=datasets][value='{dataset.pk}']")
    with page.expect_navigation(timeout=60_000):
        page.get_by_role("button", name="Terbitkan ke katalog publikasi").click()
    publication = Publication.objects.get()
    assert page.url == f"{base}/kelola/publikasi/{publication.slug}/"
    expect(page.locator(".alert-success")).to_contain_text("Publikasi disusun dan diterbitkan.")
    assert publication.title == title and publication.is_published
    assert set(publication.datasets.all()) == {population, schools}
    shot(page)

    page.goto(f"{base}/publikasi/")
    link = page.locator("main").get_by_role("link", name=title)
    expect(link).to_be_visible()
    with page.expect_navigation():
        link.click()
    shot(page)
    href = page.get_by_role("link", name="Unduh PDF").get_attribute("href")
    assert href == f"/publikasi/{publication.slug}.pdf"
    response = page.request.get(f"{base}{href}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def test_forum_draws_up_the_renaksi_and_agrees_it_with_a_berita_acara(
    page: Page, live_server: Any, meeting: ForumMeeting, orgs: dict[str, Organization],
    login: Callable[[Page, str], None], shot: Callable[[Page], Path],
) -> None:  # fmt: skip
    base = f"{live_server.url}/kelola/siklus/2026"
    login(page, "forum")
    page.goto(f"{base}/renaksi/")
    shot(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Mulai Renaksi 2027").click()
    expect(page.locator(".alert-success")).to_contain_text("Renaksi 2027 dimulai sebagai draf.")
    expect(page.locator("#plan-status")).to_have_text("Draf")
    plan = ActionPlan.objects.get()
    assert (plan.year, plan.drafted_in) == (2027, meeting.cycle)

    # --- an item through the form
    title = "Susun jadwal rilis (ARC) seluruh dataset"
    page.fill("#id_title", title)
    page.fill("#id_reason", "EPSS 20302 masih tingkat 2: belum ada prosedur baku jadwal rilis.")
    page.select_option("#id_indicator_code", "20302")
    page.select_option("#id_organization", str(orgs["diskominfo"].pk))
    page.fill("#id_due_date", "2027-06-30")
    with page.expect_navigation():
        page.locator("#item-form").get_by_role("button", name="Tambah butir").click()
    expect(page.locator(".alert-success")).to_contain_text("Butir Renaksi ditambahkan.")
    expect(page.locator("#drafted-items")).to_contain_text(title)
    expect(page.locator("#drafted-items")).to_contain_text("EPSS 20302")
    item = plan.items.get()
    assert (item.indicator_code, item.organization) == ("20302", orgs["diskominfo"])
    assert item.due_date == dt.date(2027, 6, 30)
    shot(page)

    # --- agreed in the meeting: the Berita Acara is made and opens
    agree = page.locator("#agree-form")
    agree.locator("#id_meeting").select_option(str(meeting.pk))
    page.fill("#id_number", "000.7/12/BA-RENAKSI/2026")
    page.fill("#id_date", "2026-11-10")
    for i, name in enumerate(SIGNATORIES):
        page.fill(f"#id_sig{i}_name", name)
    with page.expect_navigation(timeout=60_000) as navigation:
        agree.get_by_role("button", name="Sepakati dan buat Berita Acara").click()
    response = navigation.value
    assert response is not None and response.status == 200
    ba = BeritaAcara.objects.get(subject=BeritaAcaraSubject.RENAKSI)
    assert page.url == f"{live_server.url}{ba.get_absolute_url()}"
    expect(page.locator(".alert-success")).to_contain_text("Renaksi disepakati; Berita Acara dibuat")
    expect(page.locator("h1")).to_have_text(ba.title)
    expect(page.locator("main")).to_contain_text("000.7/12/BA-RENAKSI/2026")
    shot(page)
    plan.refresh_from_db()
    assert plan.is_agreed and plan.meeting == meeting
    assert [row["kegiatan"] for row in ba.items] == [title]
    assert [s["name"] for s in ba.signatories] == SIGNATORIES
    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh PDF").click()
    assert info.value.failure() is None and Path(info.value.path()).read_bytes().startswith(b"%PDF")

    # --- the Renaksi page now shows the agreement and links the Berita Acara
    page.goto(f"{base}/renaksi/")
    expect(page.locator("#plan-status")).to_have_text("Disepakati")
    expect(page.get_by_role("link", name="Berita Acara 000.7/12/BA-RENAKSI/2026")).to_be_visible()
    shot(page)


@pytest.fixture
def renaksi_berita_acara(meeting: ForumMeeting, orgs: dict[str, Organization], people: dict[str, User]) -> BeritaAcara:
    plan = do_start_action_plan(cycle=meeting.cycle, acting_user=people["forum"])
    item = ActionItem(plan=plan, title="Susun jadwal rilis (ARC) seluruh dataset", reason="EPSS 20302 tingkat 2.",
                      indicator_code="20302", organization=orgs["diskominfo"], due_date=dt.date(2027, 6, 30))  # fmt: skip
    do_add_action_item(item=item, acting_user=people["forum"])
    return do_agree_action_plan(
        plan=plan, meeting=meeting, number="000.7/12/BA-RENAKSI/2026", date=dt.date(2026, 11, 10),
        signatories=[{"role": "", "title": "", "name": name, "nip": ""} for name in SIGNATORIES],
        acting_user=people["forum"],
    )  # fmt: skip


def test_the_renaksi_berita_acara_page_lists_the_agreed_items(
    page: Page, live_server: Any, renaksi_berita_acara: BeritaAcara, login: Callable[[Page, str], None],
    shot: Callable[[Page], Path],
) -> None:  # fmt: skip
    login(page, "forum")
    page.goto(f"{live_server.url}{renaksi_berita_acara.get_absolute_url()}")
    shot(page)
    expect(page.locator("main table")).to_contain_text("Susun jadwal rilis (ARC) seluruh dataset", timeout=2000)
    expect(page.locator("main table")).to_contain_text("Dinas Komunikasi dan Informatika", timeout=2000)


def test_the_forum_files_the_signed_scan_of_the_renaksi_berita_acara(
    page: Page, live_server: Any, renaksi_berita_acara: BeritaAcara, login: Callable[[Page, str], None],
    shot: Callable[[Page], Path], tmp_path: Path,
) -> None:  # fmt: skip
    scan = tmp_path / "berita-acara-renaksi-ttd.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    login(page, "forum")
    page.goto(f"{live_server.url}{renaksi_berita_acara.get_absolute_url()}")
    page.set_input_files("#id_scan", str(scan))
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Unggah pindaian").click()
    shot(page)
    response = navigation.value
    assert response is not None and response.status == 200, response and response.status
    expect(page.locator(".alert-success").first).to_contain_text("Pindaian bertanda tangan tersimpan")
    renaksi_berita_acara.refresh_from_db()
    assert renaksi_berita_acara.is_signed
    # It is the Renaksi's record, not the Daftar Data's: step 1 is not done by it.
    assert renaksi_berita_acara.meeting.cycle.steps.get(number=1).status != StepStatus.DONE
