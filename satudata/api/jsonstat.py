"""A published dataset as a JSON-stat 2.0 dataset: one measure of the current release as a cube
over its dimension columns and its period column.

The cube's dimensions are the release's columns with the role ``dimension`` or ``period`` (see
:func:`satudata.api.datapackage.release_schema`), in the file's order, then a one-category metric
dimension naming the measure and carrying its unit (JSON-stat puts units there). Categories are the
values found in the data: in the order of the column's ``enum`` when it has one, otherwise sorted.
A kode wilayah column is labelled with the names in its ``satudata:nameOf`` column (the names of the
latest period), else with the kode wilayah table.

The numbers come from one grouped query of the store (DuckDB); Python only places the groups, at
most ``MAX_CELLS`` of them, into the value array. A release that is not one value per cell (no
dimension, no measure, a combination of dimension values on several rows) or larger than
``MAX_CELLS`` cells is refused with :class:`Refusal`, which says why in Indonesian and English.
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from satudata import store
from satudata.api.datapackage import file_types, iso_utc, release_schema
from satudata.datasets.models import Release
from satudata.datasets.schema import Field, TableSchema
from satudata.portal.charts import level_labels
from satudata.reference.models import Wilayah

# Cells of the cube (the product of the dimension sizes, filled or not). Measured on two cores:
# 500,000 cells take 1.9 s to build (most of it reading the groups out of DuckDB), 2.4 MB, and 14 s
# for pyjstat to make its data frame; 200,000 cells take 0.6-0.9 s, 0.9 MB and 3.7 s. 200,000 holds a
# regency's desa × 50 categories × 10 years; larger tables are for the CSV or Parquet download.
MAX_CELLS = 200_000
# The category of an empty dimension cell (a dimension added by a later schema is empty in older
# periods); lengthened with underscores in the unlikely case that a value of the column is spelled so.
EMPTY_ID = "_kosong"
EMPTY_LABEL = "Tidak diisi"
METRIC_ID = "ukuran"
# The sparse value form (an object of filled cells) is used when at most a quarter of the cells are
# filled: it is then well under half the size of the dense array.
SPARSE_FILL = 0.25


class Refusal(Exception):
    """Why this release cannot be a JSON-stat dataset; ``status`` is the HTTP status to answer,
    ``detail`` the reason in Indonesian and ``detail_en`` in English."""

    def __init__(self, status: int, code: str, detail: str, detail_en: str, extra: dict[str, Any] | None = None):
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.detail_en = detail_en
        self.extra = extra or {}

    def to_dict(self) -> dict[str, Any]:
        return {"error": self.code, "detail": self.detail, "detail_en": self.detail_en, **self.extra}


@dataclass(frozen=True)
class Links:
    href: str  # this document
    homepage: str  # the dataset's page
    csv: str  # the release's CSV at its fixed URL
    datapackage: str


@dataclass(frozen=True)
class Dimension:
    field: Field
    ids: tuple[str, ...]
    labels: dict[str, str]
    positions: dict[Any, int]  # stored value → index of its category


def measures_of(schema: TableSchema, columns: dict[str, str]) -> list[Field]:
    """The numeric columns declared as measures, in file order."""
    return [f for f in schema.fields if f.role == "measure" and file_types(columns[f.name])[0] in ("integer", "number")]


def choose_measure(measures: Sequence[Field], wanted: str) -> Field:
    if not measures:
        raise Refusal(
            422, "no_measure",
            "Dataset ini tidak memiliki kolom ukuran (angka) sehingga tidak dapat disajikan sebagai JSON-stat.",
            "This dataset has no measure (numeric) column, so it cannot be served as JSON-stat.",
        )  # fmt: skip
    if not wanted:
        return measures[0]
    chosen = next((m for m in measures if m.name == wanted), None)
    if chosen is None:
        allowed = [m.name for m in measures]
        raise Refusal(
            400, "bad_parameter",
            f"Nilai parameter “ukuran” tidak dikenal: {wanted}. Pilihan: {', '.join(allowed)}.",
            f"Unknown value of parameter “ukuran”: {wanted}. Allowed: {', '.join(allowed)}.",
            {"parameter": "ukuran", "allowed": allowed},
        )  # fmt: skip
    return chosen


def category_id(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _ordered(values: set[Any], f: Field) -> list[Any]:
    """Categories in the order of the column's enum (values outside it after), else sorted; the
    empty cell last."""
    rank = {v: i for i, v in enumerate(f.enum)}
    present = sorted((v for v in values if v is not None), key=lambda v: (rank.get(v, len(rank)), v))
    return present + ([None] if None in values else [])


def _names(key: str, code: Field, schema: TableSchema) -> dict[Any, str]:
    """Names of kode wilayah from the column spelling them out; where a name changed between
    periods, the latest period's."""
    name_col = next((f.name for f in schema.fields if f.name_of == code.name), "")
    if not name_col:
        return {}
    period = schema.period_field
    if period is None or period.name in (code.name, name_col):
        groups = store.aggregate(key, group_by=[code.name, name_col], measures=[(code.name, "count")])
        return {g[code.name]: str(g[name_col]) for g in groups if g[name_col]}
    groups = store.aggregate(key, group_by=[code.name, name_col], measures=[(period.name, "max")])
    latest = f"max_{period.name}"
    # Oldest first (an empty period first of all), so that the latest name is written last.
    groups.sort(key=lambda g: (g[latest] is not None, g[latest] if g[latest] is not None else 0))
    return {g[code.name]: str(g[name_col]) for g in groups if g[name_col]}


def _dimension(f: Field, values: set[Any], key: str, schema: TableSchema) -> Dimension:
    ordered = _ordered(values, f)
    names: dict[Any, str] = {}
    if f.code_ref and f.code_ref.wilayah_level:
        names = _names(key, f, schema)
        missing = [str(v) for v in ordered if v is not None and v not in names]
        names.update(Wilayah.objects.filter(kode__in=missing).values_list("kode", "nama"))
    taken = {category_id(v) for v in ordered if v is not None}
    empty_id = EMPTY_ID
    while empty_id in taken:
        empty_id += "_"
    ids = tuple(empty_id if v is None else category_id(v) for v in ordered)
    labels = {i: EMPTY_LABEL if v is None else names.get(v) or i for i, v in zip(ids, ordered, strict=True)}
    return Dimension(field=f, ids=ids, labels=labels, positions={v: i for i, v in enumerate(ordered)})


def _number(value: Any) -> int | float | None:
    if isinstance(value, decimal.Decimal):
        value = float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value  # type: ignore[no-any-return]


def _too_large(cells: int, *, at_least: bool = False) -> Refusal:
    def indonesian(n: int) -> str:
        return f"{n:,}".replace(",", ".")

    return Refusal(
        422, "too_large",
        f"Tabel ini terlalu besar untuk JSON-stat ({'sedikitnya ' if at_least else ''}{indonesian(cells)} sel; "
        f"batas {indonesian(MAX_CELLS)}). Gunakan unduhan CSV atau Parquet.",
        f"This table is too large for JSON-stat ({'at least ' if at_least else ''}{cells:,} cells; the limit is "
        f"{MAX_CELLS:,}). Use the CSV or Parquet download.",
        {"cells": cells, "limit": MAX_CELLS},
    )  # fmt: skip


def build(release: Release, *, measure: str, links: Links) -> dict[str, Any]:
    """The JSON-stat dataset of ``release`` for the measure named ``measure`` ("" for the first)."""
    key = release.file_key
    columns = store.schema(key)
    schema = release_schema(release)
    measures = measures_of(schema, columns)
    chosen = choose_measure(measures, measure)
    dim_fields = [f for f in schema.fields if f.role in ("dimension", "period")]
    if not dim_fields:
        raise Refusal(
            422, "no_dimension",
            "Dataset ini tidak memiliki kolom dimensi (wilayah, kategori, periode) sehingga tidak dapat "
            "disajikan sebagai JSON-stat.",
            "This dataset has no dimension column (area, category, period), so it cannot be served as JSON-stat.",
        )  # fmt: skip
    rows = store.count(key)
    if rows > MAX_CELLS:  # every row is a cell (or a repeated one): bounds the work below
        raise _too_large(rows, at_least=True)
    names = [f.name for f in dim_fields]
    with_count = "count" not in names  # the store names count(*) "count"
    groups = store.aggregate(
        key, group_by=names, measures=[(chosen.name, "max"), *([("*", "count")] if with_count else [])]
    )
    if len(groups) < rows:
        raise _repeated(groups, names, with_count)
    dims = [_dimension(f, {g[f.name] for g in groups}, key, schema) for f in dim_fields]
    sizes = [len(d.ids) for d in dims]
    cells = math.prod(sizes)
    if cells > MAX_CELLS:
        raise _too_large(cells)
    filled = _place(groups, dims, f"max_{chosen.name}")
    values: list[int | float | None] | dict[str, int | float]
    if len(filled) <= cells * SPARSE_FILL:
        values = {str(i): v for i, v in sorted(filled.items())}
    else:
        values = [filled.get(i) for i in range(cells)]
    return _document(release, schema, dims, chosen, measures, values, links)


def _place(groups: list[dict[str, Any]], dims: list[Dimension], value_key: str) -> dict[int, int | float]:
    """The filled cells: row-major index → value. The one loop over the groups (at most
    ``MAX_CELLS``), kept plain because it is the hot part of a large cube."""
    axes = [(d.field.name, d.positions, len(d.ids)) for d in dims]
    filled: dict[int, int | float] = {}
    for g in groups:
        value = g[value_key]
        if value is None:
            continue
        if type(value) is not int:
            value = _number(value)
            if value is None:
                continue
        index = 0
        for name, positions, size in axes:
            index = index * size + positions[g[name]]
        filled[index] = value
    return filled


def _repeated(groups: list[dict[str, Any]], names: list[str], with_count: bool) -> Refusal:
    example = next((g for g in groups if with_count and g["count"] > 1), None)
    where = ", ".join(f"{n}={'' if example[n] is None else category_id(example[n])}" for n in names) if example else ""
    return Refusal(
        422, "repeated_cells",
        "Kombinasi kolom dimensi (" + ", ".join(names) + ") muncul di lebih dari satu baris, sehingga satu sel "
        "tidak berisi satu nilai" + (f" (contoh: {where})" if where else "") + ". Gunakan unduhan CSV.",
        "A combination of the dimension columns (" + ", ".join(names) + ") occurs on more than one row, so a "
        "cell would not hold one value" + (f" (e.g. {where})" if where else "") + ". Use the CSV download.",
        {"dimensions": names},
    )  # fmt: skip


def _document(
    release: Release,
    schema: TableSchema,
    dims: list[Dimension],
    measure: Field,
    measures: list[Field],
    values: list[int | float | None] | dict[str, int | float],
    links: Links,
) -> dict[str, Any]:
    dataset = release.dataset
    levels = level_labels()
    dimension: dict[str, Any] = {}
    for d in dims:
        f = d.field
        label = levels[f.code_ref.wilayah_level] if f.code_ref and f.code_ref.wilayah_level else f.label
        dimension[f.name] = {"label": label, "category": {"index": list(d.ids), "label": d.labels}}
    metric_id = METRIC_ID if METRIC_ID not in dimension else f"{METRIC_ID}_data"
    unit: dict[str, Any] = {"label": measure.unit} if measure.unit else {}
    if measure.type == "integer":
        unit["decimals"] = 0
    metric: dict[str, Any] = {"index": [measure.name], "label": {measure.name: measure.label}}
    if unit:
        metric["unit"] = {measure.name: unit}
    dimension[metric_id] = {"label": "Ukuran", "category": metric}
    role: dict[str, list[str]] = {}
    period = schema.period_field
    if period and period.name in dimension:
        role["time"] = [period.name]
    geo = [d.field.name for d in dims if d.field.code_ref and d.field.code_ref.wilayah_level]
    if geo:
        role["geo"] = geo
    role["metric"] = [metric_id]
    note = [f"Nilai: {measure.label}" + (f" ({measure.unit})" if measure.unit else "") + "."]
    if len(measures) > 1:
        others = ", ".join(m.name for m in measures)
        note.append(
            f"Dataset ini memiliki {len(measures)} ukuran ({others}); yang disajikan: {measure.name}. "
            "Pilih yang lain dengan ?ukuran=<kolom>."
        )
    note.append("Sel tanpa nilai (null) adalah kombinasi yang tidak ada dalam data atau tidak diisi.")
    return {
        "version": "2.0",
        "class": "dataset",
        "href": links.href,
        "label": dataset.title,
        "source": dataset.organization.name,
        "updated": iso_utc(release.created),
        "id": [*[d.field.name for d in dims], metric_id],
        "size": [*[len(d.ids) for d in dims], 1],
        "role": role,
        "dimension": dimension,
        "value": values,
        "note": note,
        "link": {
            "alternate": [{"type": "text/csv", "href": links.csv}],
            "describedby": [{"type": "application/json", "href": links.datapackage}],
        },
        "extension": {
            "dataset": dataset.slug,
            "homepage": links.homepage,
            "release": release.number,
            "periods": list(release.periods),
            "measure": measure.name,
            "measures": [m.name for m in measures],
            "measure_parameter": "ukuran",
            "licence": dataset.licence,
        },
    }
