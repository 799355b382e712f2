"""The timeliness report (SOP step 15, EPSS 20302) on a hand-made example, its CSV, and who sees it."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.test import Client

from satudata.datasets.models import Dataset, VersionStatus
from satudata.schedule import queries
from tests.schedule.conftest import TODAY, released, schedule

Clients = Callable[[str], Client]


@pytest.fixture
def example(make_dataset: Callable[..., Dataset]) -> None:
    """Planned in 2026, today 15 June 2026.

    Dinkes: A on time (early), B on time (on the day), C late by 4 days, D late by 10 days (still
    unpublished: counted to today), E not yet due. Dispendik: F late by 2 days (withdrawn later,
    still a release), G not yet due. Outside 2026: H (2025) is not counted."""
    a, b, c = make_dataset("A"), make_dataset("B"), make_dataset("C")
    d, e = make_dataset("D"), make_dataset("E")
    f, g, h = make_dataset("F", org="dispendik"), make_dataset("G", org="dispendik"), make_dataset("H")
    schedule(a, "2025", dt.date(2026, 3, 31)), released(a, "2025", dt.date(2026, 3, 20))
    schedule(b, "2025", dt.date(2026, 4, 30)), released(b, "2025", dt.date(2026, 4, 30))
    schedule(c, "2025", dt.date(2026, 4, 30)), released(c, "2025", dt.date(2026, 5, 4))
    released(c, "2025", dt.date(2026, 6, 1))  # a correction: changes nothing
    schedule(d, "2025", dt.date(2026, 6, 5))
    schedule(e, "2026-S1", dt.date(2026, 9, 30))
    schedule(f, "2025", dt.date(2026, 2, 27)), released(f, "2025", dt.date(2026, 3, 1), status=VersionStatus.WITHDRAWN)
    schedule(g, "2026", dt.date(2026, 12, 31))
    schedule(h, "2024", dt.date(2025, 3, 31)), released(h, "2024", dt.date(2025, 5, 1))


def test_the_figures(example: None) -> None:
    report = queries.timeliness_report(year=2026, today=TODAY)
    figures = {
        t.organization.short_name if t.organization else "total": (
            t.scheduled, t.due, t.on_time, t.late, t.not_yet, t.percent_on_time, t.average_delay
        )
        for t in [*report.organizations, report.total]
    }  # fmt: skip
    assert figures == {
        "Dinkes": (5, 4, 2, 2, 1, 50.0, 7.0),  # delays 4 and 10
        "Dispendik": (2, 1, 0, 1, 1, 0.0, 2.0),
        "total": (7, 5, 2, 3, 2, 40.0, 5.3),  # (4 + 10 + 2) / 3
    }
    assert [(r.dataset.title, r.delay, r.released) for r in report.late] == [
        ("D", 10, None), ("C", 4, dt.date(2026, 5, 4)), ("F", 2, dt.date(2026, 3, 1))
    ]  # fmt: skip


def test_nothing_due_gives_no_percentage(example: None) -> None:
    report = queries.timeliness_report(year=2027, today=TODAY)
    assert report.organizations == [] and report.total.percent_on_time is None
    assert report.total.average_delay is None


def test_the_page_and_its_csv(example: None, client_for: Clients, frozen_today: dt.date) -> None:
    client = client_for("wali")
    html = client.get("/kelola/jadwal-rilis/ketepatan-waktu/?tahun=2026").content.decode()
    assert "Dinas Kesehatan" in html and "50,0%" in html and "Rilis terlambat" in html
    response = client.get("/kelola/jadwal-rilis/ketepatan-waktu/?tahun=2026&format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "ketepatan-waktu-rilis-2026.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0][:3] == ["section", "organization", "scheduled"]
    assert ["organization", "Dinas Kesehatan", "5", "4", "2", "2", "1", "50.0", "7.0"] in rows
    assert ["total", "", "7", "5", "2", "3", "2", "40.0", "5.3"] in rows
    assert ["late", "Dinas Kesehatan", "C", "2025", "2026-04-30", "2026-05-04", "4"] in rows
    assert ["late", "Dinas Kesehatan", "D", "2025", "2026-06-05", "", "10"] in rows


@pytest.mark.parametrize(
    ("name", "organizations"),
    [
        ("wali", {"Dinas Kesehatan", "Dinas Pendidikan"}),
        ("bps", {"Dinas Kesehatan", "Dinas Pendidikan"}),
        ("forum", {"Dinas Kesehatan", "Dinas Pendidikan"}),
        ("admin", {"Dinas Kesehatan", "Dinas Pendidikan"}),
        ("alice", {"Dinas Kesehatan"}),
        ("bob", {"Dinas Pendidikan"}),
    ],
)
def test_who_sees_which_opds(name: str, organizations: set[str], example: None, client_for: Clients) -> None:
    response = client_for(name).get("/kelola/jadwal-rilis/ketepatan-waktu/?tahun=2026")
    assert response.status_code == 200
    assert {t.organization.name for t in response.context["report"].organizations} == organizations
    csv_text = client_for(name).get("/kelola/jadwal-rilis/ketepatan-waktu/?tahun=2026&format=csv").content.decode()
    assert ("Dinas Pendidikan" in csv_text) == ("Dinas Pendidikan" in organizations)


def test_nobody_and_anonymous_do_not_see_the_report(example: None, client_for: Clients) -> None:
    assert client_for("nobody").get("/kelola/jadwal-rilis/ketepatan-waktu/").status_code == 403
    response = client_for("anonymous").get("/kelola/jadwal-rilis/ketepatan-waktu/?format=csv")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
