"""Reconciliation at submission (SOP step 11): what the walidata should look at beside the data.

Three checks, each leaving `ReconciliationFlag` rows for the version's review round:

- the previous period: measures that changed by more than ``SATUDATA_RECONCILE_CHANGE_PCT`` percent
  from the row with the same dimensions in the previous period's current published version;
- totals: every totals row the producer's file carried ("Jumlah", the regency's own code) against
  the sum of the data rows it covers;
- reference figures: the walidata's or pembina's BPS figure for the same measure and period against
  the sum of the column.

All arithmetic runs in the store (DuckDB), never row by row in Python.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from satudata import store
from satudata.datasets.models import DatasetVersion, FlagKind, ReconciliationFlag, ReferenceFigure, VersionStatus
from satudata.datasets.schema import TableSchema

# Differences smaller than this (absolute) are rounding, not a disagreement.
_TOLERANCE = 0.5


def previous_version(version: DatasetVersion) -> DatasetVersion | None:
    """The current published version of the latest period before this one."""
    earlier = (
        version.dataset.versions.filter(status=VersionStatus.PUBLISHED, period__lt=version.period)
        .order_by("-period", "-number")
        .first()
    )
    return earlier


def reconcile(version: DatasetVersion) -> list[ReconciliationFlag]:
    schema = version.schema.table_schema
    flags: list[ReconciliationFlag] = []
    if not version.file_key:
        return flags
    flags += _previous_period(version, schema)
    flags += _totals(version, schema)
    flags += _reference(version, schema)
    return flags


def _flag(
    version: DatasetVersion, kind: FlagKind, column: str, message: str, detail: dict[str, Any]
) -> ReconciliationFlag:
    return ReconciliationFlag.objects.create(
        version=version, review_round=version.review_round, kind=kind, column=column, message=message, detail=detail
    )


def _previous_period(version: DatasetVersion, schema: TableSchema) -> list[ReconciliationFlag]:
    before = previous_version(version)
    period = schema.period_field
    keys = [f.name for f in schema.fields if f.role == "dimension" and f is not period]
    measures = [f.name for f in schema.measures]
    if before is None or not before.file_key or not keys or not measures:
        return []
    threshold = float(settings.SATUDATA_RECONCILE_CHANGE_PCT)
    try:
        total, rows = store.compare(
            version.file_key, before.file_key, keys=keys, measures=measures, threshold_pct=threshold
        )
    except store.StoreError:
        # The previous period was stored under another schema without these keys: nothing to compare.
        return []
    if not total:
        return []
    for row in rows:
        row["key"] = " | ".join(str(k) for k in row["key"])
    message = (
        f"{total} nilai berubah lebih dari {threshold:g}% dibanding periode {before.period} (versi {before.number})."
    )
    return [
        _flag(
            version,
            FlagKind.PREVIOUS_PERIOD,
            "",
            message,
            {
                "threshold": threshold,
                "count": total,
                "rows": rows,
                "previous": before.number,
                "previous_period": before.period,
                "keys": keys,
            },
        )
    ]


def _cover_filters(total_row: dict[str, Any], schema: TableSchema) -> list[tuple[str, str, Any]]:
    """The data rows a totals row sums up: same values in the category columns, any area."""
    area = {f.name for f in schema.fields if f.code_ref is not None or f.name_of}
    period = schema.period_field
    filters: list[tuple[str, str, Any]] = []
    for f in schema.dimensions:
        if f.name in area or f is period:
            continue
        value = total_row.get(f.name)
        if value not in (None, ""):
            filters.append((f.name, "eq", value))
    return filters


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    return None


def _totals(version: DatasetVersion, schema: TableSchema) -> list[ReconciliationFlag]:
    report = version.validation
    if report is None or not report.totals:
        return []
    known = store.schema(version.file_key)
    flags = []
    for total_row in report.totals:
        filters = [f for f in _cover_filters(total_row, schema) if f[0] in known]
        for measure in schema.measures:
            stated = _number(total_row.get(measure.name))
            if stated is None or measure.name not in known:
                continue
            try:
                result = store.aggregate(
                    version.file_key, group_by=[], measures=[(measure.name, "sum")], filters=filters
                )
            except store.StoreError:
                continue
            computed = _number(result[0][f"sum_{measure.name}"]) if result else None
            if computed is None:
                continue
            difference = computed - stated
            ok = abs(difference) <= _TOLERANCE
            where = ", ".join(f"{name} = {value}" for name, _op, value in filters) or "semua baris"
            row_no = total_row.get("__row")
            if ok:
                message = f"Baris jumlah (baris {row_no}, {where}) cocok dengan jumlah baris data: {stated:,.2f}."
            else:
                message = (
                    f"Baris jumlah (baris {row_no}, {where}) menyebut {stated:,.2f}, "
                    f"sedangkan jumlah baris datanya {computed:,.2f} (selisih {difference:+,.2f})."
                )
            flags.append(
                _flag(
                    version,
                    FlagKind.TOTALS,
                    measure.name,
                    message,
                    {
                        "stated": stated,
                        "computed": computed,
                        "difference": difference,
                        "ok": ok,
                        "row": row_no,
                        "filters": {name: value for name, _op, value in filters},
                    },
                )
            )
    return flags


def _reference(version: DatasetVersion, schema: TableSchema) -> list[ReconciliationFlag]:
    figures: dict[str, ReferenceFigure] = {}
    for figure in ReferenceFigure.objects.filter(dataset=version.dataset, period=version.period).order_by("created"):
        figures[figure.column] = figure  # the latest entry of a column wins
    known = store.schema(version.file_key)
    flags = []
    for column, figure in sorted(figures.items()):
        if column not in known or schema.get(column) is None:
            continue
        try:
            result = store.aggregate(version.file_key, group_by=[], measures=[(column, "sum")])
        except store.StoreError:
            continue
        computed = _number(result[0][f"sum_{column}"]) if result else None
        if computed is None:
            continue
        difference = computed - figure.value
        pct = difference / figure.value * 100 if figure.value else None
        pct_text = f" ({pct:+.2f}%)" if pct is not None else ""
        message = (
            f"Angka rujukan {figure.source}: {figure.value:,.2f}; data ini: {computed:,.2f}; "
            f"selisih {difference:+,.2f}{pct_text}."
        )
        flags.append(
            _flag(
                version,
                FlagKind.REFERENCE,
                column,
                message,
                {
                    "stated": figure.value,
                    "computed": computed,
                    "difference": difference,
                    "pct": pct,
                    "ok": abs(difference) <= _TOLERANCE,
                    "source": figure.source,
                },
            )
        )
    return flags
