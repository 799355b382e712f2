"""The demo schedule: on-time, late, upcoming and overdue entries; safe to load twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from satudata.accounts.models import User
from satudata.core.demo import load_demo
from satudata.datasets.models import Dataset, VersionStatus
from satudata.schedule import queries
from satudata.schedule.demo import load_demo_schedule
from satudata.schedule.models import ReleaseSchedule, ReleaseStatus, ScheduleEvent
from tests.schedule.conftest import released

DEMO_DAY = timezone.localdate()  # the demo publishes its backlog now


def test_demo_schedule(make_dataset: Callable[..., Dataset], people: dict[str, User]) -> None:
    today = timezone.localdate()
    datasets = [make_dataset(f"Data {n}", org="dispendik" if n % 2 else "dinkes") for n in range(5)]
    for dataset in datasets:
        for year in (2022, 2023, 2024):
            released(dataset, str(year), today - dt.timedelta(days=30 * (2025 - year)))
    released(datasets[1], "2024", today, status=VersionStatus.PUBLISHED)  # a correction
    released(datasets[2], "2025", None, status=VersionStatus.SUBMITTED)  # in review
    added = load_demo_schedule(walidata=people["wali"], today=today)
    # Three published years and the next one; the third dataset has 2025 in review, and then 2026.
    assert added == 5 * 4 + 1 == ReleaseSchedule.objects.count()
    assert ScheduleEvent.objects.filter(kind="created").count() == added
    statuses = [r.status for r in queries.calendar(today=today)[0] + queries.calendar(today=today)[1]]
    assert statuses.count(ReleaseStatus.LATE) >= 2  # at least one late release and one overdue
    late_released = [r for r in queries.calendar(today=today)[1] if r.status == "late" and r.released]
    assert late_released and all(r.planned < r.released for r in late_released)
    overdue = [r for r in queries.calendar(today=today)[1] if r.status == "late" and not r.released]
    assert len(overdue) == 1
    assert ReleaseStatus.ON_TIME in statuses and len(queries.upcoming(limit=10, today=today)) == 5
    # Again: nothing added, nothing changed.
    before = list(ReleaseSchedule.objects.order_by("pk").values_list("dataset", "period", "planned_date"))
    assert load_demo_schedule(walidata=people["wali"], today=today) == 0
    assert list(ReleaseSchedule.objects.order_by("pk").values_list("dataset", "period", "planned_date")) == before


def test_demo_schedule_without_datasets(people: dict[str, User]) -> None:
    assert load_demo_schedule(walidata=people["wali"]) == 0
    assert not ReleaseSchedule.objects.exists()


def test_the_portal_demo_has_a_schedule(jatim_wilayah: None) -> None:
    """`load_demo` schedules the demo datasets after loading them; loading again adds nothing."""
    load_demo(DEMO_DAY)
    entries = ReleaseSchedule.objects.count()
    assert entries >= Dataset.objects.count() > 0
    assert set(ReleaseSchedule.objects.values_list("dataset", flat=True)) == set(
        Dataset.objects.values_list("pk", flat=True)
    )
    rows = [*queries.calendar(today=DEMO_DAY)[0], *queries.calendar(today=DEMO_DAY)[1]]
    by_status = {s: [r for r in rows if r.status == s] for s in ReleaseStatus}
    assert len(by_status[ReleaseStatus.ON_TIME]) > 10
    assert any(r.released and r.released > r.planned for r in by_status[ReleaseStatus.LATE])
    assert [r.released for r in by_status[ReleaseStatus.LATE] if not r.released] == [None]  # one overdue
    assert by_status[ReleaseStatus.NOT_YET]
    # The produksi padi 2024 correction did not move 2024's first release.
    padi = next(r for r in rows if r.dataset.title.startswith("Produksi Padi") and r.period == "2024")
    assert padi.status == ReleaseStatus.ON_TIME
    # News and a sample publication (with its PDF) for the public pages and feeds.
    from satudata.publications.models import NewsPost, Publication

    assert NewsPost.objects.published().count() == 2
    publication = Publication.objects.published().get()
    assert "contoh" in publication.title and publication.file.read(5) == b"%PDF-"
    assert publication.datasets.count() == 6
    load_demo(DEMO_DAY)
    assert ReleaseSchedule.objects.count() == entries
    assert NewsPost.objects.count() == 2 and Publication.objects.count() == 1
