"""Reading the release schedule: rows with their planned and actual dates and status, for the
calendar, the home page, the dataset page and the timeliness report. Each list is a fixed number
of queries, whatever its length."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Subquery
from django.utils import timezone

from satudata.accounts.models import Organization
from satudata.datasets.models import Dataset
from satudata.portal.models import SearchEntry
from satudata.schedule.models import ReleaseSchedule, ReleaseScheduleQuerySet, ReleaseStatus, ScheduleEvent


@dataclass(frozen=True)
class ScheduleRow:
    """One schedule entry as shown: ``entry.dataset`` (with its organization) and ``entry.period``,
    the planned date, the date of the first publication (None while unpublished), the status and
    the delay in days (0 unless late)."""

    entry: ReleaseSchedule
    planned: dt.date
    released: dt.date | None
    status: ReleaseStatus
    delay: int

    @property
    def dataset(self) -> Dataset:
        return self.entry.dataset

    @property
    def period(self) -> str:
        return self.entry.period

    @property
    def status_label(self) -> str:
        return str(self.status.label)

    @property
    def is_upcoming(self) -> bool:
        return self.status == ReleaseStatus.NOT_YET


def base_queryset() -> ReleaseScheduleQuerySet:
    # ``catalogued``: the dataset has a public page to link to (a published release).
    catalogued = Exists(SearchEntry.objects.filter(dataset_id=OuterRef("dataset_id")))
    # How often the date moved: the iCalendar SEQUENCE.
    reschedules = (
        ScheduleEvent.objects.filter(schedule=OuterRef("pk"), kind=ScheduleEvent.Kind.RESCHEDULED)
        .order_by()
        .values("schedule")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        ReleaseSchedule.objects.with_release()
        .select_related("dataset__organization")
        .annotate(catalogued=catalogued, reschedules=Subquery(reschedules))
    )


def to_rows(entries: Iterable[ReleaseSchedule], today: dt.date | None = None) -> list[ScheduleRow]:
    """Entries annotated by `ReleaseScheduleQuerySet.with_release` become rows."""
    today = today or timezone.localdate()
    return [
        ScheduleRow(
            entry=e, planned=e.planned_date, released=e.released_on, status=e.status(today), delay=e.delay(today)
        )
        for e in entries
    ]


def upcoming(limit: int = 5, today: dt.date | None = None) -> list[ScheduleRow]:
    """The next releases not yet published, planned from today on, soonest first (the home page)."""
    today = today or timezone.localdate()
    entries = base_queryset().unreleased().filter(planned_date__gte=today)
    return to_rows(entries.order_by("planned_date", "dataset__title", "period")[:limit], today)


def for_dataset(dataset: Dataset, today: dt.date | None = None) -> list[ScheduleRow]:
    """The dataset's schedule, by period (the public dataset page: `schedule/_dataset_schedule.html`)."""
    entries = base_queryset().filter(dataset=dataset).order_by("period")
    return to_rows(entries, today)


def calendar(
    *, organization: Organization | None = None, month: tuple[int, int] | None = None, today: dt.date | None = None
) -> tuple[list[ScheduleRow], list[ScheduleRow]]:
    """The public calendar: (upcoming, soonest first; past — published or overdue — latest first)."""
    entries = base_queryset()
    if organization is not None:
        entries = entries.filter(dataset__organization=organization)
    if month is not None:
        entries = entries.filter(planned_date__year=month[0], planned_date__month=month[1])
    rows = to_rows(entries.order_by("planned_date", "dataset__title", "period"), today)
    coming = [r for r in rows if r.is_upcoming]
    past = [r for r in reversed(rows) if not r.is_upcoming]
    return coming, past


# ---------------------------------------------------------------------------------------------
# The timeliness report (SOP step 15, EPSS 20302)


@dataclass
class Timeliness:
    """Counts for one OPD (or the total, ``organization`` None). Due = on time + late: entries
    published, or whose planned date has passed. The percentage and average delay are None when
    nothing is due or nothing is late."""

    organization: Organization | None
    on_time: int = 0
    late: int = 0
    not_yet: int = 0
    delays: list[int] = field(default_factory=list)

    def add(self, row: ScheduleRow) -> None:
        if row.status == ReleaseStatus.ON_TIME:
            self.on_time += 1
        elif row.status == ReleaseStatus.LATE:
            self.late += 1
            self.delays.append(row.delay)
        else:
            self.not_yet += 1

    @property
    def scheduled(self) -> int:
        return self.on_time + self.late + self.not_yet

    @property
    def due(self) -> int:
        return self.on_time + self.late

    @property
    def percent_on_time(self) -> float | None:
        return round(100 * self.on_time / self.due, 1) if self.due else None

    @property
    def average_delay(self) -> float | None:
        return round(sum(self.delays) / len(self.delays), 1) if self.delays else None


@dataclass
class TimelinessReport:
    year: int
    organizations: list[Timeliness]
    total: Timeliness
    late: list[ScheduleRow]


def timeliness_report(
    *, year: int, organization_ids: set[int] | None = None, today: dt.date | None = None
) -> TimelinessReport:
    """Releases planned in ``year``, per OPD (``organization_ids`` None: every OPD), with the list of
    late ones (longest delay first)."""
    entries = base_queryset().filter(planned_date__year=year).for_organizations(organization_ids)
    rows = to_rows(entries.order_by("dataset__organization__name", "planned_date", "dataset__title"), today)
    per_org: dict[int, Timeliness] = {}
    total = Timeliness(organization=None)
    for row in rows:
        org = row.dataset.organization
        per_org.setdefault(org.pk, Timeliness(organization=org)).add(row)
        total.add(row)
    late = sorted((r for r in rows if r.status == ReleaseStatus.LATE), key=lambda r: (-r.delay, r.planned))
    return TimelinessReport(year=year, organizations=list(per_org.values()), total=total, late=late)


def schedule_years() -> list[int]:
    """The years that have planned releases, latest first (for year filters)."""
    return sorted({d.year for d in ReleaseSchedule.objects.dates("planned_date", "year")}, reverse=True)
