"""SOP compliance: the steps whose status follows from what the portal holds (2, 3, 5, 7, 12, 15),
the OPD × step matrix against the due dates, the pages for every role, and the one-page summary."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from satudata.accounts.models import Organization, User
from satudata.datasets.models import Dataset, DatasetVersion, SchemaVersion, VersionEvent, VersionStatus
from satudata.metadata.models import (
    ActivityEvent,
    MetadataStatus,
    Recommendation,
    RecommendationEvent,
    RecommendationStatus,
    StatisticalActivity,
)
from satudata.planning.actions import do_add_step_evidence, do_review_item
from satudata.planning.compliance import PRODUCER_STEPS, CellState, compliance_of, summary_of
from satudata.planning.models import Cycle, CycleStep, DaftarDataItem, ReviewDecision, StepStatus
from satudata.planning.progress import derive_status, outputs_of, refresh_cycle
from satudata.schedule.models import ReleaseSchedule

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def at(month: int, day: int, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2026, month, day, hour))


def step(cycle: Cycle, number: int) -> CycleStep:
    return cycle.steps.select_related("cycle").get(number=number)


def status_on(cycle: Cycle, number: int, today: dt.date) -> StepStatus:
    cycle_step = step(cycle, number)
    return derive_status(cycle_step, outputs_of(cycle_step), today)[0]


@pytest.fixture
def accepted(
    people: dict[str, User], orgs: dict[str, Organization], make_item: Callable[..., DaftarDataItem]
) -> Callable[[str], DaftarDataItem]:
    """An agreed Daftar Data item of an OPD: the OPD owes its share of the producer steps."""
    reviews = {f: {"decision": ReviewDecision.ACCEPTED, "comment": ""} for f in DaftarDataItem.REVIEWED_FIELDS}

    def make(org: str) -> DaftarDataItem:
        producer = people["alice"] if org == "dinkes" else people["bob"] if org == "dispendik" else people["wali"]
        item = make_item(producer, orgs[org], submit=True)
        return do_review_item(item=item, field_reviews=reviews, acting_user=people["forum"])

    return make


def activity(cycle: Cycle, org: Organization, by: User, *, on: dt.datetime, **fields: Any) -> StatisticalActivity:
    made = StatisticalActivity.objects.create(
        cycle=cycle, organization=org, title=f"Kegiatan {org.short_name} {on:%m%d}", year=cycle.year, created_by=by,
        **fields,
    )  # fmt: skip
    ActivityEvent.objects.create(
        activity=made, kind=ActivityEvent.Kind.CREATED, actor=by, to_status=made.status, created=on
    )
    return made


def submit_activity(made: StatisticalActivity, by: User, *, on: dt.datetime) -> None:
    StatisticalActivity.objects.filter(pk=made.pk).update(status=MetadataStatus.SUBMITTED)
    ActivityEvent.objects.create(
        activity=made, kind=ActivityEvent.Kind.SUBMITTED, actor=by, from_status=MetadataStatus.DRAFT,
        to_status=MetadataStatus.SUBMITTED, created=on,
    )  # fmt: skip


def dataset(item: DaftarDataItem, by: User) -> Dataset:
    made = Dataset.objects.create(
        organization=item.organization, daftar_item=item, title=item.nama_data, slug=f"ds-{item.pk}", created_by=by
    )
    SchemaVersion.objects.create(dataset=made, number=1, descriptor={"fields": [{"name": "x"}]}, created_by=by)
    return made


def version(
    on: Dataset,
    by: User,
    *,
    created: dt.datetime,
    history: list[tuple[VersionStatus, dt.datetime]],
    narrative: str = "",
) -> DatasetVersion:
    """A version created at `created`, moved through `history` (status, when), each move an event."""
    made = DatasetVersion.objects.create(
        dataset=on, number=on.versions.count() + 1, period="2025", schema=on.schemas.get(), created_by=by,
        created=created, narrative=narrative,
    )  # fmt: skip
    VersionEvent.objects.create(
        version=made, kind=VersionEvent.Kind.CREATED, actor=by, to_status="draft", created=created
    )
    before = VersionStatus.DRAFT
    for status, when in history:
        VersionEvent.objects.create(
            version=made, kind=VersionEvent.Kind.TRANSITION, actor=by, from_status=before, to_status=status,
            created=when,
        )  # fmt: skip
        before = status
    DatasetVersion.objects.filter(pk=made.pk).update(
        status=before, published_at=history[-1][1] if before == VersionStatus.PUBLISHED else None
    )
    made.refresh_from_db()
    return made


# --- each new output check: not started, started, done, and late by the calendar --------------


def test_an_empty_cycle_has_no_step_done_by_its_rules(cycle: Cycle) -> None:
    for number in (2, 3, 5, 7, 10, 11, 12, 15):
        outputs = outputs_of(step(cycle, number))
        assert (outputs.done, outputs.started) == (False, False), number
    assert status_on(cycle, 2, dt.date(2026, 1, 4)) == StepStatus.NOT_STARTED
    assert status_on(cycle, 2, dt.date(2026, 2, 3)) == StepStatus.LATE  # due 2026-02-02


def test_step_2_is_done_when_every_opd_has_a_statistical_activity(
    cycle: Cycle, people: dict[str, User], orgs: dict[str, Organization], accepted: Callable[[str], DaftarDataItem]
) -> None:
    accepted("dinkes"), accepted("dispendik")
    activity(cycle, orgs["dinkes"], people["alice"], on=at(1, 21))
    outputs = outputs_of(step(cycle, 2))
    assert outputs.started and not outputs.done
    assert outputs.reason == "1 dari 2 OPD Daftar Data menyusun rencana kegiatan"
    assert status_on(cycle, 2, dt.date(2026, 1, 10)) == StepStatus.IN_PROGRESS  # before its window: work began
    assert status_on(cycle, 2, dt.date(2026, 2, 3)) == StepStatus.LATE
    activity(cycle, orgs["dispendik"], people["bob"], on=at(1, 30))
    outputs = outputs_of(step(cycle, 2))
    assert outputs.done and outputs.done_at == at(1, 30)
    assert ("Kegiatan statistik: 2", "/kelola/siklus/2026/kegiatan/") in outputs.links
    assert status_on(cycle, 2, dt.date(2026, 3, 1)) == StepStatus.DONE


def test_a_done_step_keeps_the_date_its_outputs_were_complete(
    cycle: Cycle, people: dict[str, User], orgs: dict[str, Organization], accepted: Callable[[str], DaftarDataItem]
) -> None:
    accepted("dinkes")
    activity(cycle, orgs["dinkes"], people["alice"], on=at(2, 5))  # 3 days after step 2's due date
    refresh_cycle(cycle, today=dt.date(2026, 3, 1))  # noticed weeks later
    step2 = step(cycle, 2)
    assert step2.status == StepStatus.DONE and step2.done_at == at(2, 5)
    assert step2.days_late() == 3


def test_step_3_is_done_when_every_activity_has_its_metadata_submitted_or_agreed(
    cycle: Cycle, people: dict[str, User], orgs: dict[str, Organization], accepted: Callable[[str], DaftarDataItem]
) -> None:
    accepted("dinkes")
    first = activity(cycle, orgs["dinkes"], people["alice"], on=at(1, 21))
    second = activity(cycle, orgs["dinkes"], people["alice"], on=at(1, 22))
    assert not outputs_of(step(cycle, 3)).started
    submit_activity(first, people["alice"], on=at(2, 10))
    outputs = outputs_of(step(cycle, 3))
    assert outputs.started and not outputs.done
    assert status_on(cycle, 3, dt.date(2026, 2, 17)) == StepStatus.LATE  # due 2026-02-16
    submit_activity(second, people["alice"], on=at(2, 12))
    StatisticalActivity.objects.filter(pk=second.pk).update(status=MetadataStatus.ACCEPTED)
    outputs = outputs_of(step(cycle, 3))
    assert outputs.done and outputs.done_at == at(2, 12)
    StatisticalActivity.objects.filter(pk=first.pk).update(status=MetadataStatus.NEEDS_REVISION)
    assert not outputs_of(step(cycle, 3)).done  # returned for revision: not filled any more


def test_step_5_is_done_when_every_activity_needing_a_recommendation_has_one(
    cycle: Cycle, people: dict[str, User], orgs: dict[str, Organization], accepted: Callable[[str], DaftarDataItem]
) -> None:
    accepted("dinkes")
    survey = activity(cycle, orgs["dinkes"], people["alice"], on=at(1, 21), cara_pengumpulan="survei")
    activity(cycle, orgs["dinkes"], people["alice"], on=at(1, 22), cara_pengumpulan="kompilasi_produk_administrasi")
    outputs = outputs_of(step(cycle, 5))
    assert not outputs.started and not outputs.done
    recommendation = Recommendation.objects.create(activity=survey, status=RecommendationStatus.SUBMITTED)
    outputs = outputs_of(step(cycle, 5))
    assert outputs.started and not outputs.done
    assert "0 dari 1 kegiatan" in outputs.reason  # the compilation asked for none, so needs none
    Recommendation.objects.filter(pk=recommendation.pk).update(status=RecommendationStatus.RECOMMENDED)
    RecommendationEvent.objects.create(
        recommendation=recommendation, actor=people["bps"], from_status=RecommendationStatus.SUBMITTED,
        to_status=RecommendationStatus.RECOMMENDED, created=at(3, 20),
    )  # fmt: skip
    outputs = outputs_of(step(cycle, 5))
    assert outputs.done and outputs.done_at == at(3, 20)
    refresh_cycle(cycle, today=dt.date(2026, 4, 1))
    step5 = step(cycle, 5)
    assert step5.status == StepStatus.DONE and step5.days_late() == 4  # due 2026-03-16


def test_step_5_counts_a_recommendation_number_in_ms_keg(
    cycle: Cycle, people: dict[str, User], orgs: dict[str, Organization], accepted: Callable[[str], DaftarDataItem]
) -> None:
    accepted("dinkes")
    activity(
        cycle, orgs["dinkes"], people["alice"], on=at(1, 21), cara_pengumpulan="survei", rekomendasi="ya",
        identitas_rekomendasi="R-35140.001",
    )  # fmt: skip
    assert outputs_of(step(cycle, 5)).done


@pytest.fixture
def two_datasets(people: dict[str, User], accepted: Callable[[str], DaftarDataItem]) -> tuple[Dataset, Dataset]:
    return dataset(accepted("dinkes"), people["alice"]), dataset(accepted("dispendik"), people["bob"])


def test_step_7_is_done_when_every_dataset_has_a_release_planned_in_the_cycle_year(
    cycle: Cycle, people: dict[str, User], two_datasets: tuple[Dataset, Dataset]
) -> None:
    dinkes, dispendik = two_datasets
    ReleaseSchedule.objects.create(
        dataset=dinkes, period="2025", planned_date=dt.date(2027, 3, 1), created_by=people["wali"]
    )
    assert not outputs_of(step(cycle, 7)).started  # planned for another year
    ReleaseSchedule.objects.create(
        dataset=dinkes, period="2026-S1", planned_date=dt.date(2026, 7, 1), created_by=people["wali"], created=at(4, 1)
    )
    outputs = outputs_of(step(cycle, 7))
    assert outputs.started and not outputs.done
    assert ("Jadwal rilis 2026", "/kelola/jadwal-rilis/?tahun=2026") in outputs.links
    ReleaseSchedule.objects.create(
        dataset=dispendik, period="2025", planned_date=dt.date(2026, 8, 1), created_by=people["wali"], created=at(4, 20)
    )
    outputs = outputs_of(step(cycle, 7))
    assert outputs.done and outputs.done_at == at(4, 20)
    assert status_on(cycle, 7, dt.date(2026, 5, 1)) == StepStatus.DONE


def test_steps_10_to_15_follow_the_versions(
    cycle: Cycle, people: dict[str, User], two_datasets: tuple[Dataset, Dataset]
) -> None:
    dinkes, dispendik = two_datasets
    alice, bob = people["alice"], people["bob"]
    version(dinkes, alice, created=at(5, 20), history=[])  # a draft: collection began
    for number, started in ((10, True), (11, False), (12, False), (15, False)):
        outputs = outputs_of(step(cycle, number))
        assert (outputs.started, outputs.done) == (started, False), number
    version(
        dinkes, alice, created=at(5, 21), narrative="Naik 3 persen.",
        history=[(VersionStatus.SUBMITTED, at(5, 25)), (VersionStatus.VERIFIED, at(6, 5)),
                 (VersionStatus.PUBLISHED, at(7, 1))],
    )  # fmt: skip
    version(dispendik, bob, created=at(5, 22), history=[(VersionStatus.SUBMITTED, at(6, 1))])
    assert outputs_of(step(cycle, 10)).done
    assert not outputs_of(step(cycle, 11)).done  # Dispendik's waits for verification
    outputs12 = outputs_of(step(cycle, 12))
    assert outputs12.started and not outputs12.done
    assert outputs_of(step(cycle, 15)).reason == "1 dari 2 dataset sudah terbit"
    late = version(
        dispendik,
        bob,
        created=at(6, 2),
        history=[(VersionStatus.SUBMITTED, at(6, 3)), (VersionStatus.VERIFIED, at(6, 12))],
    )
    assert outputs_of(step(cycle, 11)).done
    assert not outputs_of(step(cycle, 12)).done  # its verified version has no narrative
    assert status_on(cycle, 12, dt.date(2026, 6, 18)) == StepStatus.LATE  # due 2026-06-17
    DatasetVersion.objects.filter(pk=late.pk).update(narrative="Stabil.")
    outputs12 = outputs_of(step(cycle, 12))
    assert outputs12.done and outputs12.done_at == at(6, 12)
    version(dispendik, bob, created=at(6, 20), history=[(VersionStatus.PUBLISHED, at(7, 10))])
    outputs15 = outputs_of(step(cycle, 15))
    assert outputs15.done and outputs15.done_at == at(7, 10)
    assert ("Ketepatan waktu rilis 2026", "/kelola/jadwal-rilis/ketepatan-waktu/?tahun=2026") in outputs15.links


def test_versions_from_before_the_cycle_do_not_count(
    cycle: Cycle, people: dict[str, User], two_datasets: tuple[Dataset, Dataset]
) -> None:
    old = timezone.make_aware(dt.datetime(2025, 6, 1))
    for ds in two_datasets:
        version(ds, people["wali"], created=old, narrative="Lama", history=[(VersionStatus.PUBLISHED, old)])
    for number in (10, 11, 12, 15):
        assert not outputs_of(step(cycle, number)).done, number


def test_the_walidatas_evidence_still_completes_a_step_the_portal_reads(cycle: Cycle, people: dict[str, User]) -> None:
    step12 = step(cycle, 12)
    do_add_step_evidence(
        cycle_step=step12, file=SimpleUploadedFile("analisis.pdf", PDF), note="Analisis di luar portal",
        acting_user=people["wali"],
    )  # fmt: skip
    outputs = outputs_of(step(cycle, 12))
    assert outputs.done and outputs.reason == "Bukti diunggah: analisis.pdf"
    assert outputs.links  # what the portal holds is still shown


# --- the OPD × step matrix ------------------------------------------------------------------


def cells(report: Any) -> dict[tuple[str, int], Any]:
    return {(row.organization.slug, cell.number): cell for row in report.rows for cell in row.cells}


def test_the_matrix_sets_each_opds_share_against_the_due_date(
    cycle: Cycle, people: dict[str, User], orgs: dict[str, Organization], two_datasets: tuple[Dataset, Dataset]
) -> None:
    dinkes_ds, dispendik_ds = two_datasets
    alice, bob = people["alice"], people["bob"]
    activity(cycle, orgs["dinkes"], alice, on=at(1, 25))  # step 2 due 2026-02-02: on time
    activity(cycle, orgs["dispendik"], bob, on=at(2, 9))  # 7 days late
    version(dinkes_ds, alice, created=at(5, 20), history=[(VersionStatus.SUBMITTED, at(6, 3))])  # due 06-03
    version(dispendik_ds, bob, created=at(5, 20), history=[])  # a draft only: not collected
    report = compliance_of(cycle, today=dt.date(2026, 6, 10))
    assert [c.number for c in report.columns] == list(PRODUCER_STEPS) == [2, 3, 6, 8, 10, 11, 12, 13, 14, 20]
    grid = cells(report)
    assert grid["dinkes", 2].state == CellState.ON_TIME and grid["dinkes", 2].done_on == dt.date(2026, 1, 25)
    assert (grid["dispendik", 2].state, grid["dispendik", 2].days) == (CellState.LATE, 7)
    assert grid["dinkes", 10].state == CellState.ON_TIME  # on the due date itself
    assert (grid["dispendik", 10].state, grid["dispendik", 10].days) == (CellState.MISSING, 7)
    assert grid["dinkes", 3].state == CellState.MISSING  # metadata never submitted
    assert grid["dinkes", 20].state == CellState.NOT_DUE
    step2 = next(s for s in report.steps if s.cycle_step.number == 2)
    assert step2.counts == {"on_time": 1, "late": 1, "missing": 0, "not_due": 0}
    step10 = next(s for s in report.steps if s.cycle_step.number == 10)
    assert [o.slug for o in step10.missing_opds] == ["dispendik"]
    assert next(s for s in report.steps if s.cycle_step.number == 7).counts == {}  # not a producer step


def test_a_producers_evidence_counts_for_its_own_opd_and_the_walidatas_for_all(
    client_for: Callable[[str], Client], cycle: Cycle, people: dict[str, User],
    accepted: Callable[[str], DaftarDataItem],
) -> None:  # fmt: skip
    accepted("dinkes"), accepted("dispendik")
    step6 = step(cycle, 6)  # due 2026-03-30
    do_add_step_evidence(
        cycle_step=step6, file=SimpleUploadedFile("rancangan.pdf", PDF), note="Rancangan Dinkes",
        acting_user=people["alice"],
    )  # fmt: skip
    today = timezone.localdate()
    grid = cells(compliance_of(cycle, today=dt.date(2026, 12, 1)))
    assert grid["dinkes", 6].state == CellState.LATE and grid["dinkes", 6].done_on == today
    assert grid["dispendik", 6].state == CellState.MISSING
    do_add_step_evidence(
        cycle_step=step(cycle, 8), file=SimpleUploadedFile("instrumen.pdf", PDF), note="Semua OPD",
        acting_user=people["wali"],
    )  # fmt: skip
    grid = cells(compliance_of(cycle, today=dt.date(2026, 12, 1)))
    assert grid["dinkes", 8].state == grid["dispendik", 8].state == CellState.LATE
    evidence = step6.evidence.get()
    html = client_for("bps").get(PAGE).content.decode()
    assert f'href="/kelola/siklus/2026/langkah/6/bukti/{evidence.pk}/">Bukti: rancangan.pdf' in html


def test_the_summary_names_late_steps_the_opds_behind_and_what_to_do(
    cycle: Cycle, people: dict[str, User], orgs: dict[str, Organization], accepted: Callable[[str], DaftarDataItem]
) -> None:
    accepted("dinkes"), accepted("dispendik")
    activity(cycle, orgs["dinkes"], people["alice"], on=at(1, 25))
    summary = summary_of(compliance_of(cycle, today=dt.date(2026, 2, 20)))
    # due by 2026-02-20: steps 1, 2, 3 (none done); step 4 is due 2026-03-02
    assert (summary.due, summary.on_time, summary.percent_on_time) == (3, 0, 0)
    assert [s.cycle_step.number for s in summary.late_steps] == [1, 2, 3]
    assert [r.organization.slug for r in summary.worst_opds] == ["dispendik", "dinkes"]
    assert [(a.step.cycle_step.number, a.late) for a in summary.actions] == [
        (1, True),
        (2, True),
        (3, True),
        (4, False),
    ]
    assert [o.slug for o in summary.actions[1].step.missing_opds] == ["dispendik"]
    html = " ".join(
        render_to_string("planning/compliance_summary.html", {"cycle": cycle, "summary": summary, "pdf": True}).split()
    )
    assert (
        "Langkah 4</strong> — Pemeriksaan Data (Penilaian Akurasi Data) (Walidata, Forum): jatuh tempo 02-03-2026, 10 hari lagi."
        in html
    )
    assert "terlambat 18 hari. OPD belum: Dispendik." in html  # step 2, due 2026-02-02
    assert "Unduh PDF" not in html  # no toolbar in the PDF


# --- the pages ------------------------------------------------------------------------------

PAGE = "/kelola/siklus/2026/kepatuhan/"
SUMMARY = "/kelola/siklus/2026/kepatuhan/ringkasan/"
SUMMARY_PDF = "/kelola/siklus/2026/kepatuhan/ringkasan.pdf"


@pytest.fixture
def two_opds(accepted: Callable[[str], DaftarDataItem]) -> None:
    accepted("dinkes"), accepted("dispendik")


@pytest.mark.parametrize(
    ("name", "opds", "steps"),
    [
        ("wali", ["dinkes", "dispendik"], 22),
        ("forum", ["dinkes", "dispendik"], 22),
        ("bps", ["dinkes", "dispendik"], 22),
        ("admin", ["dinkes", "dispendik"], 22),
        ("alice", ["dinkes"], 10),
        ("bob", ["dispendik"], 10),
    ],
)
def test_the_compliance_page_shows_every_opd_or_a_producers_own(
    client_for: Callable[[str], Client], cycle: Cycle, two_opds: None, name: str, opds: list[str], steps: int
) -> None:
    response = client_for(name).get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r'<tr data-opd="([\w-]+)"', html) == opds
    assert html.count("<tr data-step=") == steps
    # Each state is written out, not only coloured.
    assert 'data-state="missing"' in html and "Belum ada" in html and "lewat" in html
    assert ("ringkasan.pdf" in html) is (name not in ("alice", "bob"))


@pytest.mark.parametrize("url", [PAGE, SUMMARY, SUMMARY_PDF])
def test_the_pages_refuse_users_without_a_role_and_send_visitors_to_log_in(
    client_for: Callable[[str], Client], cycle: Cycle, url: str
) -> None:
    assert client_for("nobody").get(url).status_code == 403
    response = client_for("anonymous").get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(("name", "status"), [("wali", 200), ("forum", 200), ("bps", 200), ("admin", 200),
                                              ("alice", 403), ("bob", 403)])  # fmt: skip
def test_the_summary_is_for_those_who_see_the_whole_cycle(
    client_for: Callable[[str], Client], cycle: Cycle, two_opds: None, name: str, status: int
) -> None:
    response = client_for(name).get(SUMMARY)
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "Siklus 2026" in html and "@page { size: A4" in html and "@media print" in html
        assert "Dicetak" in html


@pytest.mark.parametrize("url", ["/kelola/siklus/1999/kepatuhan/", "/kelola/siklus/dua/kepatuhan/",
                                 "/kelola/siklus/1999/kepatuhan/ringkasan/", "/kelola/siklus/1999/kepatuhan/ringkasan.pdf",
                                 "/kelola/siklus/2026x/kepatuhan/ringkasan.pdf"])  # fmt: skip
def test_an_unknown_or_malformed_year_is_not_found(client_for: Callable[[str], Client], cycle: Cycle, url: str) -> None:
    assert client_for("wali").get(url).status_code == 404


def test_the_dashboard_links_to_compliance(client_for: Callable[[str], Client], cycle: Cycle) -> None:
    wali = client_for("wali").get("/kelola/siklus/2026/").content.decode()
    assert PAGE in wali and SUMMARY in wali
    alice = client_for("alice").get("/kelola/siklus/2026/").content.decode()
    assert PAGE in alice and SUMMARY not in alice


def test_the_summary_pdf_is_one_a4_page_for_a_realistic_cycle(
    client_for: Callable[[str], Client], cycle: Cycle, people: dict[str, User], make_item: Callable[..., DaftarDataItem]
) -> None:
    """24 OPDs, each behind on several steps, every step of the cycle late: still one page."""
    reviews = {f: {"decision": ReviewDecision.ACCEPTED, "comment": ""} for f in DaftarDataItem.REVIEWED_FIELDS}
    for n in range(24):
        org = Organization.objects.create(
            name=f"Dinas Pemberdayaan Masyarakat dan Desa Nomor {n + 1}", short_name=f"OPD {n + 1}", slug=f"opd-{n}"
        )
        item = make_item(people["wali"], org, submit=True)
        do_review_item(item=item, field_reviews=reviews, acting_user=people["forum"])
        if n % 3 == 0:
            activity(cycle, org, people["wali"], on=at(2, 20))  # step 2 late for some
    response = client_for("wali").get(SUMMARY_PDF)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Siklus 2026" in text and "Langkah terlambat" in text
    assert "Penyusunan rencana kegiatan statistik" in text  # a late step, by name
    assert "Dinas Pemberdayaan Masyarakat dan Desa Nomor" in text  # an OPD behind


def test_the_compliance_page_reads_a_bounded_number_of_queries(
    client_for: Callable[[str], Client], cycle: Cycle, people: dict[str, User], accepted: Callable[[str], DaftarDataItem],
    django_assert_max_num_queries: Any,
) -> None:  # fmt: skip
    for org in ("dinkes", "dispendik", "diskominfo"):
        item = accepted(org)
        made = dataset(item, people["wali"])
        version(made, people["wali"], created=at(5, 20), history=[(VersionStatus.SUBMITTED, at(6, 1))])
    wali = client_for("wali")
    wali.get(PAGE)  # the session and the day's status changes
    with django_assert_max_num_queries(40):
        assert wali.get(PAGE).status_code == 200
