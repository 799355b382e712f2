"""The consistency report of a cycle (SOP step 21; EPSS 20502 Konsistensi Statistik): what the
Forum agreed against what was delivered.

- **Daftar Data agreed vs published**: each agreed item of the cycle with its datasets; an item is
  *delivered* when one of its datasets published a version during the cycle's year, *late* when
  delivered but a release of that year came after its planned date (or one is overdue), *missing*
  when nothing was published that year (or no dataset was made from the item).
- **Extra**: datasets published during the year that no agreed item of the cycle asked for.
- **Data Prioritas**: the priority items, delivered or not, and whether BPS checked the published
  data (a version that passed through the pembina's check).
- **Schema changes**: datasets whose published periods were checked against different schemas,
  with the columns added, removed or retyped between them (what breaks comparability, EPSS 20501).
- **Timeliness**: the year's release schedule kept or missed (from the schedule report).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from satudata.datasets.models import Dataset, DatasetVersion, SchemaVersion, VersionEvent, VersionStatus
from satudata.planning.models import Cycle, DaftarDataItem, ItemStatus
from satudata.schedule.models import RELEASED_STATUSES, ReleaseStatus
from satudata.schedule.queries import ScheduleRow, TimelinessReport, base_queryset, timeliness_report, to_rows

DELIVERED, LATE, MISSING = "delivered", "late", "missing"
STATE_LABELS = {
    DELIVERED: gettext_lazy("Terbit"),
    LATE: gettext_lazy("Terbit terlambat"),
    MISSING: gettext_lazy("Belum terbit"),
}


@dataclass
class ItemRow:
    item: DaftarDataItem
    datasets: list[Dataset]
    state: str
    published: list[DatasetVersion] = field(default_factory=list)
    late: list[ScheduleRow] = field(default_factory=list)
    checked_by_bps: bool = False

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


@dataclass
class SchemaChange:
    dataset: Dataset
    from_period: str
    to_period: str
    from_schema: int
    to_schema: int
    added: list[str]
    removed: list[str]
    retyped: list[str]


@dataclass
class ConsistencyReport:
    cycle: Cycle
    items: list[ItemRow]
    extra: list[Dataset]
    schema_changes: list[SchemaChange]
    timeliness: TimelinessReport

    def count(self, state: str) -> int:
        return sum(1 for row in self.items if row.state == state)

    @property
    def delivered(self) -> int:
        return self.count(DELIVERED)

    @property
    def late(self) -> int:
        return self.count(LATE)

    @property
    def missing(self) -> int:
        return self.count(MISSING)

    @property
    def priority(self) -> list[ItemRow]:
        return [row for row in self.items if row.item.is_priority]


def report(
    cycle: Cycle, *, organization_ids: set[int] | None = None, today: dt.date | None = None
) -> ConsistencyReport:
    today = today or timezone.localdate()
    year = cycle.year
    agreed = cycle.items.filter(status=ItemStatus.ACCEPTED).select_related("organization").order_by("id_ddd")
    if organization_ids is not None:
        agreed = agreed.filter(organization_id__in=organization_ids)
    items = list(agreed)
    datasets_by_item: dict[int, list[Dataset]] = defaultdict(list)
    for dataset in Dataset.objects.filter(daftar_item__in=items).select_related("organization").order_by("title"):
        assert dataset.daftar_item_id is not None
        datasets_by_item[dataset.daftar_item_id].append(dataset)
    dataset_ids = [d.pk for ds in datasets_by_item.values() for d in ds]

    published_in_year: dict[int, list[DatasetVersion]] = defaultdict(list)
    for version in DatasetVersion.objects.filter(
        dataset_id__in=dataset_ids, status__in=RELEASED_STATUSES, published_at__year=year
    ).order_by("period"):
        published_in_year[version.dataset_id].append(version)
    checked = set(
        VersionEvent.objects.filter(
            version__dataset_id__in=dataset_ids, to_status=VersionStatus.CHECKED, created__year=year
        ).values_list("version__dataset_id", flat=True)
    )
    late_rows: dict[int, list[ScheduleRow]] = defaultdict(list)
    schedule = base_queryset().filter(dataset_id__in=dataset_ids, planned_date__year=year).order_by("planned_date")
    for row in to_rows(schedule, today):
        if row.status == ReleaseStatus.LATE:
            late_rows[row.entry.dataset_id].append(row)

    rows = []
    for item in items:
        datasets = datasets_by_item.get(item.pk, [])
        published = [v for d in datasets for v in published_in_year.get(d.pk, [])]
        late = [r for d in datasets for r in late_rows.get(d.pk, [])]
        state = MISSING if not published else LATE if late else DELIVERED
        rows.append(ItemRow(item, datasets, state, published, late, any(d.pk in checked for d in datasets)))

    extra_query = Dataset.objects.filter(
        versions__status__in=RELEASED_STATUSES, versions__published_at__year=year
    ).exclude(Q(daftar_item__cycle=cycle) & Q(daftar_item__status=ItemStatus.ACCEPTED))
    if organization_ids is not None:
        extra_query = extra_query.filter(organization_id__in=organization_ids)
    extra = list(extra_query.distinct().select_related("organization").order_by("organization__name", "title"))

    changes = schema_changes(published_years=year, organization_ids=organization_ids)
    return ConsistencyReport(
        cycle, rows, extra, changes, timeliness_report(year=year, organization_ids=organization_ids, today=today)
    )


def schema_changes(*, published_years: int, organization_ids: set[int] | None = None) -> list[SchemaChange]:
    """Between consecutive published periods of a dataset (those released up to the end of the
    year), the schema changes: columns added, removed, or whose type changed."""
    versions = (
        DatasetVersion.objects.filter(status=VersionStatus.PUBLISHED, published_at__year__lte=published_years)
        .select_related("dataset__organization", "schema")
        .order_by("dataset_id", "period", "number")
    )
    if organization_ids is not None:
        versions = versions.filter(dataset__organization_id__in=organization_ids)
    by_dataset: dict[int, list[DatasetVersion]] = defaultdict(list)
    for version in versions:
        by_dataset[version.dataset_id].append(version)
    changes = []
    for periods in by_dataset.values():
        for before, after in pairwise(periods):
            if before.schema_id == after.schema_id:
                continue
            old, new = _columns(before.schema), _columns(after.schema)
            change = SchemaChange(
                after.dataset, before.period, after.period, before.schema.number, after.schema.number,
                added=sorted(set(new) - set(old)), removed=sorted(set(old) - set(new)),
                retyped=sorted(n for n in set(old) & set(new) if old[n] != new[n]),
            )  # fmt: skip
            changes.append(change)
    return changes


def _columns(schema: SchemaVersion) -> dict[str, str]:
    return {f.get("name", ""): f.get("type", "string") for f in (schema.descriptor or {}).get("fields", [])}
