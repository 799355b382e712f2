import datetime as dt
import itertools
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from satudata.accounts.models import User
from satudata.planning.actions import do_add_step_evidence, do_close_cycle, do_start_cycle
from satudata.planning.models import Cycle, StepEvent, StepStatus
from satudata.planning.progress import outputs_of, refresh_cycle
from satudata.planning.steps import STEPS

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_sop_has_22_steps_with_actors_durations_and_epss() -> None:
    assert [s.number for s in STEPS] == list(range(1, 23))
    durations = [s.duration_days for s in STEPS[:21]]
    # 14 steps of 2 weeks, 6 of 1 week, 1 of 1 month (SOP "Waktu" column)
    assert (durations.count(14), durations.count(7), durations.count(30)) == (14, 6, 1)
    assert all(s.actors for s in STEPS)
    assert STEPS[0].epss == ("30101",)
    assert STEPS[14].epss == ("20302",)  # step 15: Pemantauan Ketepatan Waktu Diseminasi


def test_starting_a_cycle_lays_out_due_dates_one_after_another(people: dict[str, User]) -> None:
    cycle = do_start_cycle(year=2026, start_date=dt.date(2026, 1, 5), acting_user=people["wali"])
    steps = list(cycle.steps.order_by("number"))
    assert len(steps) == 22
    assert (steps[0].start_date, steps[0].due_date) == (dt.date(2026, 1, 5), dt.date(2026, 1, 19))
    for before, after in itertools.pairwise(steps):
        assert after.start_date == before.due_date
    assert steps[8].due_date - steps[8].start_date == dt.timedelta(days=30)  # step 9: 1 month
    assert steps[21].due_date == steps[20].due_date == dt.date(2026, 1, 5) + dt.timedelta(days=14 * 14 + 6 * 7 + 30)
    with pytest.raises(ValidationError, match="sudah ada"):
        do_start_cycle(year=2026, start_date=dt.date(2026, 2, 1), acting_user=people["wali"])


def test_status_follows_the_calendar_and_every_change_is_an_event(cycle: Cycle) -> None:
    refresh_cycle(cycle, today=dt.date(2026, 1, 4))
    assert set(cycle.steps.values_list("status", flat=True)) == {StepStatus.NOT_STARTED}
    refresh_cycle(cycle, today=dt.date(2026, 1, 10))
    step1 = cycle.steps.get(number=1)
    assert step1.status == StepStatus.IN_PROGRESS
    refresh_cycle(cycle, today=dt.date(2026, 1, 25))
    step1.refresh_from_db()
    assert step1.status == StepStatus.LATE
    assert step1.days_late(dt.date(2026, 1, 25)) == 6
    history = list(step1.events.values_list("from_status", "to_status"))
    assert history[-2:] == [(StepStatus.NOT_STARTED, StepStatus.IN_PROGRESS), (StepStatus.IN_PROGRESS, StepStatus.LATE)]
    count = StepEvent.objects.count()
    refresh_cycle(cycle, today=dt.date(2026, 1, 25))
    assert StepEvent.objects.count() == count  # no change, no row


def test_evidence_marks_a_step_done_and_records_who(cycle: Cycle, people: dict[str, User]) -> None:
    step7 = cycle.steps.get(number=7)
    do_add_step_evidence(
        cycle_step=step7,
        file=SimpleUploadedFile("jadwal-rilis.pdf", PDF),
        note="Jadwal rilis dipublikasikan",
        acting_user=people["wali"],
    )
    step7.refresh_from_db()
    assert step7.status == StepStatus.DONE
    event = step7.events.last()
    assert event is not None and event.actor == people["wali"] and "jadwal-rilis.pdf" in event.reason


def test_a_producers_evidence_shows_progress_and_the_walidata_completes_the_step(
    cycle: Cycle, people: dict[str, User]
) -> None:
    step2 = cycle.steps.get(number=2)  # Penyusunan rencana kegiatan statistik: every OPD's work
    do_add_step_evidence(
        cycle_step=step2,
        file=SimpleUploadedFile("rencana-dinkes.pdf", PDF),
        note="Rencana Dinkes",
        acting_user=people["alice"],
    )
    refresh_cycle(cycle, today=dt.date(2026, 1, 6))  # before step 2's window
    step2.refresh_from_db()
    assert step2.status == StepStatus.IN_PROGRESS
    assert "menunggu konfirmasi Walidata" in step2.events.last().reason  # type: ignore[union-attr]
    do_add_step_evidence(
        cycle_step=step2, file=SimpleUploadedFile("rekap.pdf", PDF), note="Rekap semua OPD", acting_user=people["wali"]
    )
    step2.refresh_from_db()
    assert step2.status == StepStatus.DONE


def test_closing_the_cycle_completes_step_22(cycle: Cycle, people: dict[str, User]) -> None:
    do_close_cycle(cycle=cycle, acting_user=people["forum"])
    assert cycle.steps.get(number=22).status == StepStatus.DONE


@pytest.mark.parametrize(("name", "rows"), [("wali", 22), ("forum", 22), ("bps", 22), ("admin", 22), ("alice", 10)])
def test_dashboard_shows_the_whole_cycle_or_a_producers_own_steps(
    client_for: Callable[[str], Client], cycle: Cycle, name: str, rows: int
) -> None:
    response = client_for(name).get("/kelola/siklus/2026/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<tr data-step=") == rows
    if name == "alice":
        shown = [int(n) for n in re.findall(r'<tr data-step="(\d+)"', html)]
        assert shown == [2, 3, 6, 8, 10, 11, 12, 13, 14, 20]


def test_only_the_walidata_starts_a_cycle(client_for: Callable[[str], Client], people: dict[str, User]) -> None:
    data = {"year": 2027, "start_date": "2027-01-04"}
    for name in ["alice", "bps", "forum"]:
        assert client_for(name).post("/kelola/siklus/mulai/", data).status_code == 403
    assert not Cycle.objects.exists()
    response = client_for("wali").post("/kelola/siklus/mulai/", data)
    assert response.status_code == 302 and response["Location"] == "/kelola/siklus/2027/"
    assert Cycle.objects.get(year=2027).steps.count() == 22
    again = client_for("wali").post("/kelola/siklus/mulai/", data)
    assert again.status_code == 400 and "Siklus 2027 sudah ada" in again.content.decode()
    bad = client_for("wali").post("/kelola/siklus/mulai/", {"year": "dua ribu", "start_date": "kemarin"})
    assert bad.status_code == 400 and "Masukkan" in bad.content.decode()  # Django's Indonesian field errors


def test_step_evidence_upload_permissions_and_bad_files(client_for: Callable[[str], Client], cycle: Cycle) -> None:
    url = "/kelola/siklus/2026/langkah/7/"  # step 7: walidata
    good = {"note": "Jadwal rilis", "file": SimpleUploadedFile("jadwal.pdf", PDF)}
    assert client_for("forum").post(url, good).status_code == 403
    assert client_for("alice").get(url).status_code == 404  # a producer's dashboard does not hold step 7
    fake = client_for("wali").post(url, {"note": "x", "file": SimpleUploadedFile("jadwal.pdf", b"bukan pdf")})
    assert fake.status_code == 400 and "bukan PDF yang sah" in fake.content.decode()
    exe = client_for("wali").post(url, {"note": "x", "file": SimpleUploadedFile("virus.exe", b"MZ")})
    assert exe.status_code == 400 and "bukan jenis yang diterima" in exe.content.decode()
    no_note = client_for("wali").post(url, {"file": SimpleUploadedFile("jadwal.pdf", PDF)})
    assert no_note.status_code == 400
    assert cycle.steps.get(number=7).evidence.count() == 0
    ok = client_for("wali").post(url, {"note": "Jadwal rilis", "file": SimpleUploadedFile("jadwal.pdf", PDF)})
    assert ok.status_code == 302
    evidence = cycle.steps.get(number=7).evidence.get()
    download = client_for("bps").get(f"/kelola/siklus/2026/langkah/7/bukti/{evidence.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]


def test_steps_with_system_outputs_take_no_evidence(client_for: Callable[[str], Client], cycle: Cycle) -> None:
    response = client_for("wali").post(
        "/kelola/siklus/2026/langkah/1/", {"note": "x", "file": SimpleUploadedFile("a.pdf", PDF)}
    )
    assert response.status_code == 403


def test_closing_the_cycle_from_the_dashboard(client_for: Callable[[str], Client], cycle: Cycle) -> None:
    assert client_for("alice").post("/kelola/siklus/2026/tutup/").status_code == 403
    assert client_for("bps").post("/kelola/siklus/2026/tutup/").status_code == 403
    cycle.refresh_from_db()
    assert cycle.closed_at is None
    forum = client_for("forum")
    assert "Tutup siklus (langkah 22)" in forum.get("/kelola/siklus/2026/").content.decode()
    assert forum.post("/kelola/siklus/2026/tutup/").status_code == 302
    cycle.refresh_from_db()
    assert cycle.closed_at is not None
    assert cycle.steps.get(number=22).status == StepStatus.DONE
    again = forum.post("/kelola/siklus/2026/tutup/", follow=True)
    assert "sudah ditutup" in again.content.decode()
    assert "Siklus ini ditutup pada" in forum.get("/kelola/siklus/2026/").content.decode()


def test_a_planning_action_does_not_record_calendar_changes_under_its_actor(
    cycle: Cycle, people: dict[str, User], make_item: Callable[..., object], orgs: dict
) -> None:
    step9 = cycle.steps.get(number=9)
    CycleStep = type(step9)
    CycleStep.objects.filter(pk=step9.pk).update(status=StepStatus.NOT_STARTED)  # as stored before its due date
    make_item(people["alice"], orgs["dinkes"], submit=True)
    step9.refresh_from_db()
    assert step9.status == StepStatus.NOT_STARTED
    assert not step9.events.filter(actor=people["alice"]).exists()
    refresh_cycle(cycle)  # the dashboard or the nightly command
    step9.refresh_from_db()
    assert step9.status == StepStatus.LATE
    assert step9.events.last().actor is None  # type: ignore[union-attr]


def test_an_open_step_without_outputs_gives_the_calendars_reason(cycle: Cycle) -> None:
    step2, step22 = cycle.steps.get(number=2), cycle.steps.get(number=22)
    assert outputs_of(step2).reason == "" and outputs_of(step22).reason == ""  # no evidence; cycle open
    for cycle_step in (step2, step22):
        refresh_cycle(cycle, today=cycle_step.start_date)
        cycle_step.refresh_from_db()
        assert cycle_step.status == StepStatus.IN_PROGRESS
        assert cycle_step.events.last().reason == "Jangka waktu langkah dimulai"  # type: ignore[union-attr]


def test_the_dashboard_reads_each_steps_outputs_once(
    client_for: Callable[[str], Client], cycle: Cycle, people: dict[str, User], django_assert_max_num_queries: Any
) -> None:
    for number in (2, 7, 9):
        do_add_step_evidence(
            cycle_step=cycle.steps.get(number=number),
            file=SimpleUploadedFile(f"bukti-{number}.pdf", PDF),
            note="Bukti",
            acting_user=people["wali"],
        )
    wali = client_for("wali")
    wali.get("/kelola/siklus/2026/")  # the session and any status change of the day
    # About 60 queries when the outputs were read twice and each step's evidence on its own.
    with django_assert_max_num_queries(25):
        response = wali.get("/kelola/siklus/2026/")
    assert response.status_code == 200
    assert response.content.decode().count("<tr data-step=") == 22
