"""The public release calendar at /releases/ and the include for the dataset page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone

from satudata.datasets.models import Dataset
from satudata.portal.models import SearchEntry
from satudata.schedule import queries
from satudata.schedule.models import ReleaseSchedule
from tests.schedule.conftest import released, schedule


@pytest.fixture
def calendar(dinkes_dataset: Dataset, dispendik_dataset: Dataset) -> dict[str, ReleaseSchedule]:
    today = timezone.localdate()
    entries = {
        "on_time": schedule(dinkes_dataset, "2024", today - dt.timedelta(days=40)),
        "late": schedule(dinkes_dataset, "2025", today - dt.timedelta(days=20)),
        "overdue": schedule(dispendik_dataset, "2025", today - dt.timedelta(days=3)),
        "coming": schedule(dispendik_dataset, "2026", today + dt.timedelta(days=30)),
    }
    released(dinkes_dataset, "2024", today - dt.timedelta(days=41))
    released(dinkes_dataset, "2025", today - dt.timedelta(days=12))
    return entries


def test_anyone_sees_planned_and_actual_dates_with_the_status_in_words(
    calendar: dict[str, ReleaseSchedule],
) -> None:
    # Only a dataset with a public page (catalogued: it has a published release) is linked.
    late_dataset = calendar["late"].dataset
    SearchEntry.objects.create(dataset=late_dataset, title="x", body="x", sort_title="x", access_class="terbuka",
                               organization=late_dataset.organization, modified=late_dataset.created)  # fmt: skip
    response = Client().get("/releases/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    coming, past = response.context["coming"], response.context["past"]
    assert [r.entry for r in coming] == [calendar["coming"]]
    assert [r.entry for r in past] == [calendar["overdue"], calendar["late"], calendar["on_time"]]  # latest first
    assert [r.status_label for r in past] == ["Terlambat", "Terlambat", "Tepat waktu"]
    assert "Belum</span>" in html and "Tepat waktu</span>" in html and "Terlambat</span>" in html
    late = calendar["late"]
    assert f'<a href="/dataset/{late.dataset.slug}/">{late.dataset.title}</a>' in html
    overdue = calendar["overdue"].dataset
    assert f'href="/dataset/{overdue.slug}/"' not in html and overdue.title in html
    assert f"{late.planned_date.day} " in html and '<th scope="col">Terbit</th>' in html
    assert "8 hari" in html  # the late release's delay
    assert 'href="/releases.ics"' in html


def test_dates_are_written_in_indonesian(dinkes_dataset: Dataset) -> None:
    schedule(dinkes_dataset, "2026-S1", dt.date(2036, 8, 17))
    html = Client().get("/releases/").content.decode()
    assert "17 Agustus 2036" in html


def test_filters_by_opd_and_month_are_in_the_url(calendar: dict[str, ReleaseSchedule]) -> None:
    client = Client()
    response = client.get("/releases/?opd=dispendik")
    entries = {r.entry.pk for r in [*response.context["coming"], *response.context["past"]]}
    assert entries == {calendar["overdue"].pk, calendar["coming"].pk}
    html = response.content.decode()
    assert '<option value="dispendik" selected>' in html and 'href="/releases.ics?opd=dispendik"' in html
    coming = calendar["coming"].planned_date
    response = client.get(f"/releases/?bulan={coming:%Y-%m}")
    assert [r.entry for r in response.context["coming"]] == [calendar["coming"]]
    assert all(r.planned.month == coming.month for r in response.context["past"])
    assert f'value="{coming:%Y-%m}"' in response.content.decode()
    assert client.get("/releases/?opd=tidak-ada").status_code == 404


@pytest.mark.parametrize("bulan", ["11-2026", "0000-01", "²⁰²⁶-01"])
def test_a_bad_month_is_said_and_ignored(calendar: dict[str, ReleaseSchedule], bulan: str) -> None:
    response = Client().get("/releases/", {"bulan": bulan})
    assert response.status_code == 200
    assert "Bulan: gunakan format TTTT-BB" in response.content.decode()
    assert len(response.context["coming"]) + len(response.context["past"]) == 4


def test_the_calendar_never_shows_data_rows(calendar: dict[str, ReleaseSchedule]) -> None:
    html = Client().get("/releases/").content.decode()
    assert "jumlah_penduduk" not in html and "Purwodadi" not in html
    assert html.count("<tr>") == 1 + 1 + 1 + 3  # two header rows, one upcoming, three past


def test_the_dataset_page_include(calendar: dict[str, ReleaseSchedule], dinkes_dataset: Dataset) -> None:
    rows = queries.for_dataset(dinkes_dataset)
    assert [(r.period, r.status_label) for r in rows] == [("2024", "Tepat waktu"), ("2025", "Terlambat")]
    html = render_to_string("schedule/_dataset_schedule.html", {"schedule_rows": rows})
    assert html.count('<th scope="row"') == 2 and "Jadwal rilis" in html and "/releases/?opd=dinkes" in html
    assert render_to_string("schedule/_dataset_schedule.html", {"schedule_rows": []}).strip() == ""
