"""Setting the schedule in the staff area: every persona for every action, allowed and refused,
and bad input answered with a message naming the field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from satudata.accounts.models import User
from satudata.datasets.models import Dataset
from satudata.schedule.models import ReleaseSchedule, ScheduleEvent
from tests.schedule.conftest import released, schedule

Clients = Callable[[str], Client]
# May change a Dinas Kesehatan dataset's schedule; the site admin counts as every role.
WRITERS = ["alice", "wali", "admin"]
READ_ONLY = ["bps", "forum"]  # see everything, change nothing: 403


def assert_login_redirect(response: Any) -> None:
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def add(client: Client, dataset: Dataset, **overrides: str) -> Any:
    data = {"dataset": str(dataset.pk), "period": "2026", "planned_date": "2027-03-31", "note": "Berita Acara 2026"}
    data.update(overrides)
    return client.post("/kelola/jadwal-rilis/tambah/", data)


# ---------------------------------------------------------------------------------------------
# Add


@pytest.mark.parametrize("name", WRITERS)
def test_walidata_and_the_opds_producers_add_an_entry(
    name: str, client_for: Clients, dinkes_dataset: Dataset, people: dict[str, User]
) -> None:
    response = add(client_for(name), dinkes_dataset)
    assert response.status_code == 302 and response["Location"] == "/kelola/jadwal-rilis/"
    entry = ReleaseSchedule.objects.get(dataset=dinkes_dataset)
    assert (entry.period, entry.planned_date, entry.note) == ("2026", dt.date(2027, 3, 31), "Berita Acara 2026")
    event = ScheduleEvent.objects.get(schedule=entry)
    assert (event.kind, event.to_date, event.actor) == ("created", dt.date(2027, 3, 31), people[name])


def test_another_opds_producer_cannot_choose_the_dataset(client_for: Clients, dinkes_dataset: Dataset) -> None:
    client = client_for("bob")
    page = client.get("/kelola/jadwal-rilis/tambah/")
    assert page.status_code == 200 and dinkes_dataset.title not in page.content.decode()
    response = add(client, dinkes_dataset)
    assert response.status_code == 200
    assert "Dataset</a>: Masukkan pilihan yang valid" in response.content.decode()
    assert not ReleaseSchedule.objects.exists()


@pytest.mark.parametrize("name", [*READ_ONLY, "nobody"])
def test_pembina_forum_and_people_without_a_role_cannot_add(
    name: str, client_for: Clients, dinkes_dataset: Dataset
) -> None:
    client = client_for(name)
    assert client.get("/kelola/jadwal-rilis/tambah/").status_code == 403
    assert add(client, dinkes_dataset).status_code == 403
    assert not ReleaseSchedule.objects.exists()


def test_anonymous_is_sent_to_log_in(client_for: Clients, dinkes_dataset: Dataset, entry: ReleaseSchedule) -> None:
    client = client_for("anonymous")
    for url in ("/kelola/jadwal-rilis/", "/kelola/jadwal-rilis/tambah/", "/kelola/jadwal-rilis/ketepatan-waktu/",
                "/kelola/jadwal-rilis/dari-frekuensi/", f"/kelola/jadwal-rilis/{entry.pk}/ubah/"):  # fmt: skip
        assert_login_redirect(client.get(url))
    assert_login_redirect(client.post(f"/kelola/jadwal-rilis/{entry.pk}/hapus/"))
    assert_login_redirect(add(client, dinkes_dataset))
    assert ReleaseSchedule.objects.count() == 1


# ---------------------------------------------------------------------------------------------
# Bad input


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"planned_date": "31/03/2027"},
            "Tanggal rilis rencana</a>: Masukkan tanggal yang sah dengan format TTTT-BB-HH",
        ),
        ({"planned_date": "2027-02-30"}, "Tanggal rilis rencana</a>: Masukkan tanggal yang sah"),
        ({"planned_date": ""}, "Tanggal rilis rencana</a>: "),
        ({"period": "2026-T1"}, "Periode</a>: Periode harus berbentuk tahun (2024)"),
        ({"period": "26"}, "Periode</a>: Periode harus berbentuk tahun"),
        ({"period": "2026-13"}, "Periode: harus berbentuk tahun (2025)"),
    ],
)
def test_bad_input_is_named(
    overrides: dict[str, str], message: str, client_for: Clients, dinkes_dataset: Dataset
) -> None:
    response = add(client_for("alice"), dinkes_dataset, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ReleaseSchedule.objects.exists()


def test_a_period_is_scheduled_once(client_for: Clients, dinkes_dataset: Dataset, entry: ReleaseSchedule) -> None:
    response = add(client_for("wali"), dinkes_dataset, planned_date="2027-06-30")
    assert "Periode: 2026 sudah ada di jadwal rilis dataset ini" in response.content.decode()
    assert ReleaseSchedule.objects.get().planned_date == dt.date(2027, 3, 31)


# ---------------------------------------------------------------------------------------------
# Reschedule


def reschedule(client: Client, entry: ReleaseSchedule, date: str = "2027-04-30", reason: str = "Survei mundur") -> Any:
    return client.post(f"/kelola/jadwal-rilis/{entry.pk}/ubah/", {"planned_date": date, "reason": reason})


@pytest.mark.parametrize("name", WRITERS)
def test_rescheduling_keeps_the_old_date_and_the_reason(
    name: str, client_for: Clients, entry: ReleaseSchedule, people: dict[str, User]
) -> None:
    client = client_for(name)
    assert client.get(f"/kelola/jadwal-rilis/{entry.pk}/ubah/").status_code == 200
    response = reschedule(client, entry)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.planned_date == dt.date(2027, 4, 30)
    event = ScheduleEvent.objects.get(schedule=entry, kind="rescheduled")
    assert (event.from_date, event.to_date, event.reason, event.actor) == (
        dt.date(2027, 3, 31), dt.date(2027, 4, 30), "Survei mundur", people[name]
    )  # fmt: skip
    history = client.get(f"/kelola/jadwal-rilis/{entry.pk}/ubah/").content.decode()
    assert "Survei mundur" in history and "dijadwal ulang" in history


@pytest.mark.parametrize(("name", "status"), [("bob", 404), ("bps", 403), ("forum", 403), ("nobody", 403)])
def test_others_cannot_reschedule(name: str, status: int, client_for: Clients, entry: ReleaseSchedule) -> None:
    client = client_for(name)
    assert client.get(f"/kelola/jadwal-rilis/{entry.pk}/ubah/").status_code == status
    assert reschedule(client, entry).status_code == status
    entry.refresh_from_db()
    assert entry.planned_date == dt.date(2027, 3, 31)
    assert not ScheduleEvent.objects.filter(kind="rescheduled").exists()


@pytest.mark.parametrize(
    ("date", "reason", "message"),
    [
        ("2027-04-30", "  ", "Alasan perubahan</a>: Alasan perubahan wajib diisi."),
        ("30-04-2027", "Mundur", "Tanggal rilis rencana yang baru</a>: Masukkan tanggal yang sah"),
        ("2027-03-31", "Mundur", "Tanggal rilis rencana: sama dengan tanggal semula."),
    ],
)
def test_rescheduling_needs_a_reason_and_a_new_date(
    date: str, reason: str, message: str, client_for: Clients, entry: ReleaseSchedule
) -> None:
    response = reschedule(client_for("alice"), entry, date, reason)
    assert response.status_code == 200 and message in response.content.decode()
    assert not ScheduleEvent.objects.filter(kind="rescheduled").exists()


def test_a_released_entry_is_kept_as_the_record_except_for_the_walidata(
    client_for: Clients, entry: ReleaseSchedule
) -> None:
    released(entry.dataset, entry.period, dt.date(2027, 4, 10))  # late by 10 days
    response = reschedule(client_for("alice"), entry)
    assert "sudah terbit" in response.content.decode()
    response = client_for("alice").post(f"/kelola/jadwal-rilis/{entry.pk}/hapus/", follow=True)
    assert "sudah terbit" in response.content.decode()
    entry.refresh_from_db()
    assert entry.planned_date == dt.date(2027, 3, 31)
    assert reschedule(client_for("wali"), entry, reason="Salah ketik pada Berita Acara").status_code == 302
    entry.refresh_from_db()
    assert entry.planned_date == dt.date(2027, 4, 30)


# ---------------------------------------------------------------------------------------------
# Remove


@pytest.mark.parametrize("name", WRITERS)
def test_removing_leaves_the_history(name: str, client_for: Clients, entry: ReleaseSchedule) -> None:
    client = client_for(name)
    assert client.get(f"/kelola/jadwal-rilis/{entry.pk}/hapus/").status_code == 405
    response = client.post(f"/kelola/jadwal-rilis/{entry.pk}/hapus/", {"reason": "Dataset digabung"})
    assert response.status_code == 302
    assert not ReleaseSchedule.objects.exists()
    event = ScheduleEvent.objects.get(kind="removed")
    assert (event.schedule, event.dataset, event.period, event.from_date, event.reason) == (
        None, entry.dataset, "2026", dt.date(2027, 3, 31), "Dataset digabung"
    )  # fmt: skip
    assert ScheduleEvent.objects.count() == 2  # created, removed


@pytest.mark.parametrize(("name", "status"), [("bob", 404), ("bps", 403), ("forum", 403), ("nobody", 403)])
def test_others_cannot_remove(name: str, status: int, client_for: Clients, entry: ReleaseSchedule) -> None:
    assert client_for(name).post(f"/kelola/jadwal-rilis/{entry.pk}/hapus/").status_code == status
    assert ReleaseSchedule.objects.filter(pk=entry.pk).exists()
    assert not ScheduleEvent.objects.filter(kind="removed").exists()


# ---------------------------------------------------------------------------------------------
# Generate from frequency


def generate(client: Client, dataset: Dataset, year: str = "2026", date: str = "2027-03-31") -> Any:
    return client.post("/kelola/jadwal-rilis/dari-frekuensi/",
                       {"dataset": str(dataset.pk), "year": year, "first_planned_date": date})  # fmt: skip


@pytest.mark.parametrize("name", WRITERS)
def test_a_yearly_dataset_gets_its_year(name: str, client_for: Clients, dinkes_dataset: Dataset) -> None:
    assert generate(client_for(name), dinkes_dataset).status_code == 302
    assert list(dinkes_dataset.release_schedule.values_list("period", "planned_date")) == [
        ("2026", dt.date(2027, 3, 31))
    ]
    assert generate(client_for(name), dinkes_dataset).status_code == 302
    assert dinkes_dataset.release_schedule.count() == 1  # already scheduled: kept


def test_a_quarterly_dataset_gets_four_periods_at_the_same_distance(
    client_for: Clients, dinkes_dataset: Dataset
) -> None:
    Dataset.objects.filter(pk=dinkes_dataset.pk).update(frequency="triwulanan")
    schedule(dinkes_dataset, "2026-Q2", dt.date(2026, 8, 1))
    assert generate(client_for("alice"), dinkes_dataset, date="2026-05-15").status_code == 302
    assert list(dinkes_dataset.release_schedule.order_by("period").values_list("period", "planned_date")) == [
        ("2026-Q1", dt.date(2026, 5, 15)),  # 45 days after 31 March
        ("2026-Q2", dt.date(2026, 8, 1)),  # already there: unchanged
        ("2026-Q3", dt.date(2026, 11, 14)),
        ("2026-Q4", dt.date(2027, 2, 14)),
    ]


def test_generating_refuses_a_frequency_without_periods(client_for: Clients, dinkes_dataset: Dataset) -> None:
    Dataset.objects.filter(pk=dinkes_dataset.pk).update(frequency="insidental")
    response = generate(client_for("wali"), dinkes_dataset)
    assert "Frekuensi Insidental tidak memiliki periode tetap" in response.content.decode()
    assert "Tahun data</a>: Masukkan tahun" in generate(client_for("wali"), dinkes_dataset, year="dua").content.decode()
    assert not ReleaseSchedule.objects.exists()


@pytest.mark.parametrize(("name", "status"), [("bob", 200), ("bps", 403), ("forum", 403), ("nobody", 403)])
def test_others_cannot_generate(name: str, status: int, client_for: Clients, dinkes_dataset: Dataset) -> None:
    assert generate(client_for(name), dinkes_dataset).status_code == status
    assert not ReleaseSchedule.objects.exists()


# ---------------------------------------------------------------------------------------------
# The list


def test_the_list_shows_each_persona_what_they_may_see_and_change(
    client_for: Clients, entry: ReleaseSchedule, dispendik_dataset: Dataset
) -> None:
    other = schedule(dispendik_dataset, "2026", dt.date(2027, 2, 28))
    seen = {}
    for name in ("alice", "bob", "wali", "bps", "forum", "admin"):
        html = client_for(name).get("/kelola/jadwal-rilis/").content.decode()
        seen[name] = (
            entry.dataset.title in html,
            other.dataset.title in html,
            f"/kelola/jadwal-rilis/{entry.pk}/ubah/" in html,
            f"/kelola/jadwal-rilis/{other.pk}/ubah/" in html,
        )
    assert seen == {
        "alice": (True, False, True, False),
        "bob": (False, True, False, True),
        "wali": (True, True, True, True),
        "bps": (True, True, False, False),
        "forum": (True, True, False, False),
        "admin": (True, True, True, True),
    }
    assert client_for("nobody").get("/kelola/jadwal-rilis/").status_code == 403


def test_the_list_filters_by_opd_and_year(
    client_for: Clients, entry: ReleaseSchedule, dispendik_dataset: Dataset
) -> None:
    schedule(dispendik_dataset, "2026", dt.date(2027, 2, 28))
    schedule(dispendik_dataset, "2025", dt.date(2026, 2, 28))
    client = client_for("wali")

    def periods(query: str) -> list[tuple[str, str]]:
        rows = client.get(f"/kelola/jadwal-rilis/?{query}").context["rows"]
        return [(r.dataset.organization.slug, r.period) for r in rows]

    assert periods("opd=dispendik") == [("dispendik", "2025"), ("dispendik", "2026")]
    assert periods("tahun=2027") == [("dispendik", "2026"), ("dinkes", "2026")]
    assert periods("opd=dinkes&tahun=2026") == []
