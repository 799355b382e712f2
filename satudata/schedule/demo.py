"""A release schedule for the demo datasets: every period they have, and the next one.

The demo publishes its whole backlog on the day it is loaded, so planned dates are set around
the real first publication dates: most on that day (on time), one dataset in four a few days
before it (late), the next periods in the coming weeks, and one unpublished period already
overdue. Safe to run again: periods already scheduled are left as they are."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from satudata.accounts.models import User
from satudata.datasets.models import Dataset
from satudata.schedule.actions import do_add_schedule
from satudata.schedule.models import ReleaseSchedule
from satudata.schedule.periods import PERIOD_RE, next_period

NOTE = "Jadwal rilis data contoh."


def load_demo_schedule(*, walidata: User, today: dt.date | None = None) -> int:
    """Schedule the periods of every dataset; returns how many entries were added."""
    today = today or timezone.localdate()
    scheduled = set(ReleaseSchedule.objects.values_list("dataset_id", "period"))
    plans: list[tuple[Dataset, str, dt.date]] = []
    unpublished: list[tuple[Dataset, str]] = []
    for number, dataset in enumerate(Dataset.objects.order_by("pk")):
        first: dict[str, dt.datetime | None] = {}
        for version in dataset.versions.order_by("number"):
            if not PERIOD_RE.fullmatch(version.period):
                continue
            known = first.setdefault(version.period, None)
            # Only a publication sets `published_at`; a withdrawal keeps it.
            if version.published_at and (known is None or version.published_at < known):
                first[version.period] = version.published_at
        released_periods = sorted(p for p, d in first.items() if d is not None)
        for period, published_at in sorted(first.items()):
            if published_at is None:
                unpublished.append((dataset, period))
                continue
            planned = timezone.localdate(published_at)
            if number % 4 == 0 and period == released_periods[-1]:
                planned -= dt.timedelta(days=5 + number % 11)  # late: promised before it came out
            plans.append((dataset, period, planned))
        last = max(first, default=str(today.year - 2))
        following = next_period(last)
        if following and following not in first:
            unpublished.append((dataset, following))
    for i, (dataset, period) in enumerate(unpublished):
        # The first one is overdue; the others spread over the coming weeks.
        planned = today - dt.timedelta(days=10) if i == 0 else today + dt.timedelta(days=7 + 5 * i)
        plans.append((dataset, period, planned))
    added = 0
    for dataset, period, planned in plans:
        if (dataset.pk, period) in scheduled:
            continue
        do_add_schedule(dataset=dataset, period=period, planned_date=planned, note=NOTE, acting_user=walidata)
        added += 1
    return added
