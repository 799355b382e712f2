"""The status of a schedule entry: on time, late or not yet, from the first publication of its
period (SOP step 15)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from satudata.accounts.models import User
from satudata.datasets import actions
from satudata.datasets.models import Dataset, DatasetVersion, VersionStatus
from satudata.datasets.pipeline import import_rows
from satudata.schedule import queries
from satudata.schedule.models import ReleaseSchedule, ReleaseStatus, delay_days, release_status
from satudata.schedule.periods import frequency_periods, next_period, period_end
from tests.datasets.conftest import population_rows
from tests.schedule.conftest import TODAY, released, schedule

PLANNED = dt.date(2026, 3, 31)


@pytest.mark.parametrize(
    ("released_on", "today", "expected", "delay"),
    [
        (dt.date(2026, 3, 20), TODAY, ReleaseStatus.ON_TIME, 0),  # early
        (PLANNED, TODAY, ReleaseStatus.ON_TIME, 0),  # on the planned day itself
        (dt.date(2026, 4, 3), TODAY, ReleaseStatus.LATE, 3),
        (None, dt.date(2026, 3, 1), ReleaseStatus.NOT_YET, 0),
        (None, PLANNED, ReleaseStatus.NOT_YET, 0),  # the planned day is not over yet
        (None, dt.date(2026, 4, 10), ReleaseStatus.LATE, 10),  # overdue, delay counted to today
    ],
)
def test_release_status_rule(released_on: dt.date | None, today: dt.date, expected: ReleaseStatus, delay: int) -> None:
    assert release_status(PLANNED, released_on, today) == expected
    assert delay_days(PLANNED, released_on, today) == delay


def test_status_follows_the_first_publication_of_the_period(dinkes_dataset: Dataset) -> None:
    on_time = schedule(dinkes_dataset, "2024", dt.date(2025, 3, 31))
    late = schedule(dinkes_dataset, "2025", dt.date(2026, 3, 31))
    overdue = schedule(dinkes_dataset, "2025-S1", dt.date(2026, 5, 1))
    coming = schedule(dinkes_dataset, "2026", dt.date(2027, 3, 31))
    # 01:00 in Pasuruan is still the 30th in UTC: the local day counts.
    released(dinkes_dataset, "2024", dt.date(2025, 3, 31), hour=1)
    released(dinkes_dataset, "2025", dt.date(2026, 4, 14))
    # A version waiting for publication is not a release.
    released(dinkes_dataset, "2025-S1", None, status=VersionStatus.VERIFIED)
    assert on_time.released_on == dt.date(2025, 3, 31) and on_time.status(TODAY) == ReleaseStatus.ON_TIME
    assert (late.status(TODAY), late.delay(TODAY)) == (ReleaseStatus.LATE, 14)
    assert (overdue.status(TODAY), overdue.delay(TODAY)) == (ReleaseStatus.LATE, 45)
    assert coming.status(TODAY) == ReleaseStatus.NOT_YET
    # The annotated list agrees with the per-entry reading.
    rows = {r.period: r for r in queries.for_dataset(dinkes_dataset, today=TODAY)}
    assert rows["2024"].released == dt.date(2025, 3, 31) and rows["2024"].status == ReleaseStatus.ON_TIME
    assert rows["2025"].released == dt.date(2026, 4, 14) and rows["2025"].delay == 14
    assert rows["2025-S1"].released is None and rows["2026"].status == ReleaseStatus.NOT_YET


def test_a_withdrawn_release_still_counts_as_released(dinkes_dataset: Dataset) -> None:
    entry = schedule(dinkes_dataset, "2025", dt.date(2026, 3, 31))
    released(dinkes_dataset, "2025", dt.date(2026, 3, 30), status=VersionStatus.WITHDRAWN)
    assert entry.released_on == dt.date(2026, 3, 30)
    assert entry.status(TODAY) == ReleaseStatus.ON_TIME


def test_a_correction_published_later_does_not_move_the_first_release(
    draft: DatasetVersion, people: dict[str, User], kecamatan: list[tuple[str, str]]
) -> None:
    """Through the real workflow: 2024 published on time, then corrected (version 2) after the
    planned date; the entry stays on time and keeps the first date."""
    dataset = draft.dataset
    v1 = actions.do_submit_version(version=draft, acting_user=people["alice"])
    v1 = actions.do_verify_version(version=v1, acting_user=people["wali"])
    v1 = actions.do_publish_version(version=v1, acting_user=people["wali"])
    assert v1.published_at is not None
    first_day = v1.published_at.date()
    entry = schedule(dataset, "2024", first_day)
    v2 = import_rows(dataset=dataset, rows=population_rows(kecamatan, 2024, base=5000), period="2024",
                     acting_user=people["alice"], change_note="Koreksi").version  # fmt: skip
    v2 = actions.do_submit_version(version=v2, acting_user=people["alice"])
    v2 = actions.do_verify_version(version=v2, acting_user=people["wali"])
    v2 = actions.do_publish_version(version=v2, acting_user=people["wali"])
    # The correction comes out a month after the plan; the original is still the first release.
    DatasetVersion.objects.filter(pk=v2.pk).update(published_at=v1.published_at + dt.timedelta(days=30))
    entry = ReleaseSchedule.objects.get(pk=entry.pk)
    assert entry.released_on == entry.planned_date
    assert entry.status(first_day + dt.timedelta(days=60)) == ReleaseStatus.ON_TIME
    [row] = queries.for_dataset(dataset, today=first_day + dt.timedelta(days=60))
    assert (row.released, row.status) == (first_day, ReleaseStatus.ON_TIME)


def test_lists_take_a_fixed_number_of_queries(dinkes_dataset: Dataset, make_dataset: Callable[..., Dataset]) -> None:
    for year in (2022, 2023, 2024):
        schedule(dinkes_dataset, str(year), dt.date(year + 1, 3, 31))
        released(dinkes_dataset, str(year), dt.date(year + 1, 4, 1))
    with CaptureQueriesContext(connection) as few:
        rows = queries.calendar(today=TODAY)
        assert [r.status for r in rows[1]] == [ReleaseStatus.LATE] * 3
    other = make_dataset("Jumlah Bidan", org="dispendik")
    for year in (2022, 2023, 2024, 2025):
        schedule(other, str(year), dt.date(year + 1, 3, 31))
    with CaptureQueriesContext(connection) as more:
        coming, past = queries.calendar(today=TODAY)
        assert len(coming) + len(past) == 7
        assert {r.dataset.organization.slug for r in past} == {"dinkes", "dispendik"}
    assert len(more) == len(few) == 1


def test_upcoming_lists_unpublished_releases_from_today(dinkes_dataset: Dataset) -> None:
    schedule(dinkes_dataset, "2025", dt.date(2026, 6, 1))  # overdue: not upcoming
    schedule(dinkes_dataset, "2026-S1", dt.date(2026, 9, 30))
    early = schedule(dinkes_dataset, "2026-Q1", dt.date(2026, 7, 1))
    released(dinkes_dataset, "2026-Q1", dt.date(2026, 6, 10))  # out ahead of its date
    schedule(dinkes_dataset, "2026-03", TODAY)
    schedule(dinkes_dataset, "2026-04", dt.date(2026, 8, 1))
    rows = queries.upcoming(limit=2, today=TODAY)
    assert [(r.period, r.planned) for r in rows] == [("2026-03", TODAY), ("2026-04", dt.date(2026, 8, 1))]
    assert early.pk not in {r.entry.pk for r in queries.upcoming(limit=10, today=TODAY)}


@pytest.mark.parametrize(
    ("period", "end", "following"),
    [
        ("2025", dt.date(2025, 12, 31), "2026"),
        ("2025-S1", dt.date(2025, 6, 30), "2025-S2"),
        ("2025-S2", dt.date(2025, 12, 31), "2026-S1"),
        ("2024-Q1", dt.date(2024, 3, 31), "2024-Q2"),
        ("2025-TW4", dt.date(2025, 12, 31), "2026-TW1"),
        ("2024-02", dt.date(2024, 2, 29), "2024-03"),
        ("2025-12", dt.date(2025, 12, 31), "2026-01"),
        ("2025-13", None, "2026-01"),
        ("25", None, None),
    ],
)
def test_periods(period: str, end: dt.date | None, following: str | None) -> None:
    assert period_end(period) == end
    assert next_period(period) == following


def test_frequency_periods() -> None:
    assert frequency_periods("tahunan", 2026) == ["2026"]
    assert frequency_periods("semesteran", 2026) == ["2026-S1", "2026-S2"]
    assert frequency_periods("triwulanan", 2026)[-1] == "2026-Q4"
    assert len(frequency_periods("bulanan", 2026)) == 12
    assert frequency_periods("insidental", 2026) == []
