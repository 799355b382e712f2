"""The home page's figures: the region's headline numbers and the latest published indicators."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

from satudata import store
from satudata.datasets.models import Dataset, Release
from satudata.portal.views import public_datasets

INDICATORS = 4


@dataclass(frozen=True)
class Indicator:
    dataset: Dataset
    label: str
    value: float
    unit: str
    period: str


def _additive(field: Any, unit: str) -> bool:
    # A regency total is the sum over kecamatan only for counts (people, schools, hectares…),
    # not for rates, densities or percentages.
    return field.type == "integer" and not any(mark in unit for mark in ("/", "%", "per", "rasio", "indeks"))


def latest_indicators(limit: int = INDICATORS) -> list[Indicator]:
    """The regency totals of the newest period of priority open datasets whose first measure is a
    count, newest first. Each figure is computed once per release (cached by release id)."""
    found: list[Indicator] = []
    # The public side's rule (a current release with data), not "any release": a dataset whose
    # every period was withdrawn must not show a figure from an older release.
    datasets = public_datasets().filter(is_priority=True).order_by("-updated")
    for dataset in datasets[:20]:
        release = dataset.latest_release()
        schema = dataset.current_schema
        if release is None or schema is None or not release.periods:
            continue
        measures = [f for f in schema.table_schema.fields if f.role == "measure" and f.is_numeric]
        period_fields = [f.name for f in schema.table_schema.fields if f.role == "period" or f.name == "tahun"]
        if not measures or not period_fields or not _additive(measures[0], f"{measures[0].unit} {dataset.unit}"):
            continue
        value = _total(release, measures[0].name, period_fields[0], release.periods[-1])
        if value is None:
            continue
        found.append(
            Indicator(dataset, measures[0].label, value, measures[0].unit or dataset.unit, release.periods[-1])
        )
        if len(found) >= limit:
            break
    return found


def _total(release: Release, measure: str, period_column: str, period: str) -> float | None:
    key = f"home-total:{release.file_key}:{measure}:{period}"
    cached = cache.get(key)
    if cached is not None:
        return float(cached)
    value_type = store.schema(release.file_key).get(period_column, "")
    wanted: Any = int(period) if value_type in ("INTEGER", "BIGINT", "SMALLINT") and period.isdigit() else period
    rows = store.aggregate(release.file_key, group_by=[], measures=[(measure, "sum")],
                           filters=[(period_column, "eq", wanted)])  # fmt: skip
    total = rows[0].get(f"sum_{measure}") if rows else None
    if total is None:
        return None
    cache.set(key, float(total), 24 * 3600)
    return float(total)
