"""Charts of a public release: which chart to propose, and its numbers.

A release's columns fall into roles (read from the dataset's Table Schema where it says, guessed
from names and types where it does not):

- measures: numeric columns (``satudata:role`` measure when the schema declares any) — summed, or
  averaged when their unit is a share or a rate (``%``, ``persen``, ``rasio``, ``per 1.000``...);
- the period: the ``period`` field, else a column named ``tahun`` or ``periode`` — a time axis;
- the area: kode kecamatan (a field with a kecamatan code list, or a column named ``kode_kecamatan``),
  labelled with the column that spells out the names (``nama_kecamatan``) or the kode wilayah table;
- categories: the other dimensions (text or yes/no columns).

The proposal follows the shape of the data: a line over time when there are several periods, bars
by kecamatan when the data is keyed by kecamatan (the latest period), shares when a small category
exists, bars otherwise; a map of the kecamatan is offered when the region's boundaries are shipped
(``satudata/data/geo/kecamatan_<region code>.geojson``).

Numbers are always computed by the store (grouped sums, never the rows themselves in Python).
:func:`shape_of`, :func:`propose` and :func:`choose` are pure; :func:`proposal_for` and
:func:`chart_data` read the store and the database.
"""

from __future__ import annotations

import dataclasses
import decimal
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from satudata import store
from satudata.datasets.models import Dataset, Release, SourceKind
from satudata.datasets.schema import Field
from satudata.reference.models import Wilayah

KINDS: tuple[str, ...] = ("garis", "batang", "pai", "peta")
TOP = 30  # bars: the largest 30 categories, the rest summed as "Lainnya"
PIE_MAX = 8  # a category with at most 8 values is small enough for shares
OTHER_KEY = "_lainnya"
PERIOD_NAMES = ("tahun", "periode")
AREA_NAME = "kode_kecamatan"
SAMPLE_KEYWORD = "data contoh"  # what the demo data carries among its keywords
# Units of figures that are not additive: averaged instead of summed.
_MEAN_UNIT_RE = re.compile(r"%|persen|rasio|indeks|rata|per\s*\d|/\s*\d|/\s*km|per\s*km|permil|‰", re.IGNORECASE)
_NUMERIC_RE = re.compile(r"(U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|FLOAT|DOUBLE|REAL|DECIMAL)\b")
_CATEGORY_TYPES = ("VARCHAR", "BOOLEAN")
# Text columns that describe a row rather than classify it (used when the schema declares no roles).
_NOT_CATEGORIES = frozenset({"satuan", "keterangan", "catatan", "sumber"})


class ChartParamError(ValueError):
    """A request parameter (``jenis``, ``ukuran``, ``menurut``, ``periode``) with an unknown value."""

    def __init__(self, parameter: str, value: str) -> None:
        self.parameter = parameter
        self.value = value
        super().__init__(
            _("Nilai parameter “%(param)s” tidak dikenal: %(value)s") % {"param": parameter, "value": value}
        )


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    unit: str = ""
    func: str = "sum"  # how a measure is combined: "sum" or "mean"

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "label": self.label, "unit": self.unit, "func": self.func}


@dataclass(frozen=True)
class Shape:
    """What each column of a release is for."""

    measures: tuple[Column, ...] = ()
    period: Column | None = None
    area: Column | None = None
    area_names: str = ""  # the column holding the kecamatan names, or ""
    categories: tuple[Column, ...] = ()
    # Categories whose number of values is known without reading the data (from an enum).
    known_sizes: Mapping[str, int] = field(default_factory=dict)
    # Code columns → the column spelling out their names (satudata:nameOf), and the code columns
    # holding kode wilayah (named from the reference table when no such column exists).
    name_columns: Mapping[str, str] = field(default_factory=dict)
    wilayah_columns: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Proposal:
    shape: Shape
    periods: tuple[Any, ...]  # the period values in the file, ascending (typed as stored)
    small: tuple[str, ...]  # categories with at most PIE_MAX values
    map_available: bool
    kind: str  # the default chart
    measure: str
    by: str

    @property
    def latest_period(self) -> Any:
        return self.periods[-1] if self.periods else None

    @property
    def time_series(self) -> bool:
        return self.shape.period is not None and len(self.periods) > 1

    def kinds(self) -> list[str]:
        return [kind for kind in KINDS if self.dimensions(kind)]

    def dimensions(self, kind: str) -> list[Column]:
        """The columns a chart of this kind can be drawn by."""
        shape = self.shape
        if kind == "garis":
            return [shape.period] if self.time_series and shape.period else []
        if kind == "peta":
            return [shape.area] if self.map_available and shape.area else []
        if kind == "pai":
            return [c for c in shape.categories if c.name in self.small]
        if kind == "batang":
            out = [shape.area] if shape.area else []
            out += shape.categories
            if self.time_series and shape.period:
                out.append(shape.period)
            return out
        return []

    def measure_column(self, name: str) -> Column | None:
        return next((m for m in self.shape.measures if m.name == name), None)


@dataclass(frozen=True)
class Choice:
    """A validated request: what to draw, and the values each select may take."""

    kind: str
    measure: Column
    by: Column
    period: Any  # the stored period value to filter on; None for a chart over time
    options: dict[str, list[dict[str, str]]]


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    value: int | float | None

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "value": self.value}


@dataclass(frozen=True)
class ChartData:
    kind: str
    title: str
    summary: str  # one sentence for screen readers (the chart's aria-label)
    measure: Column
    by: Column
    period: str | None
    options: dict[str, list[dict[str, str]]]
    rows: list[Row]
    sample: bool
    truncated: bool  # the smallest categories were summed into "Lainnya"
    over_time: bool  # drawn by the period column (rows in time order)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "summary": self.summary,
            "measure": self.measure.to_dict(),
            "by": {"name": self.by.name, "label": self.by.label},
            "period": self.period,
            "options": self.options,
            "rows": [r.to_dict() for r in self.rows],
            "sample": self.sample,
            "truncated": self.truncated,
            "over_time": self.over_time,
        }


# ---------------------------------------------------------------------------------------------
# The proposal (pure)


def kind_labels() -> dict[str, str]:
    return {
        "garis": _("Garis (perkembangan)"),
        "batang": _("Batang"),
        "pai": _("Pai (proporsi)"),
        "peta": _("Peta kecamatan"),
    }


def level_labels() -> dict[str, str]:
    return {
        "provinsi": _("Provinsi"),
        "kabupaten_kota": _("Kabupaten/Kota"),
        "kecamatan": _("Kecamatan"),
        "desa_kelurahan": _("Desa/Kelurahan"),
    }


def is_numeric(duckdb_type: str) -> bool:
    return bool(_NUMERIC_RE.match(duckdb_type.strip().upper()))


def _func_for(unit: str) -> str:
    return "mean" if unit and _MEAN_UNIT_RE.search(unit) else "sum"


def shape_of(columns: Mapping[str, str], fields: Sequence[Field]) -> Shape:
    """The role of each column of a release (``columns``: name → DuckDB type, from the store),
    helped by the dataset's Table Schema ``fields`` (those of other names are ignored)."""
    by_name = {f.name: f for f in fields if f.name in columns}

    levels = level_labels()

    def column(name: str, *, label: str = "") -> Column:
        f = by_name.get(name)
        unit = f.unit if f else ""
        if not label and f and f.code_ref and f.code_ref.wilayah_level:
            label = levels[f.code_ref.wilayah_level]  # "menurut Kecamatan", not "menurut Kode Kecamatan"
        return Column(name=name, label=label or (f.label if f else name), unit=unit, func=_func_for(unit))

    period_name = next((f.name for f in by_name.values() if f.role == "period"), "")
    if not period_name:
        period_name = next((n for n in PERIOD_NAMES if n in columns), "")

    area_name = next(
        (f.name for f in by_name.values() if f.code_ref and f.code_ref.wilayah_level == "kecamatan"),
        AREA_NAME if columns.get(AREA_NAME, "").upper() == "VARCHAR" else "",
    )
    names_col = ""
    if area_name:
        names_col = next((f.name for f in by_name.values() if f.name_of == area_name), "")
        if not names_col and "nama_kecamatan" in columns:
            names_col = "nama_kecamatan"
    spelled = {f.name for f in by_name.values() if f.name_of} | {names_col}
    taken = {period_name, area_name} | spelled

    declared = [f for f in by_name.values() if f.role == "measure" and is_numeric(columns[f.name])]
    if declared:
        measures = [column(f.name) for f in declared]
    else:
        measures = [
            column(n)
            for n, t in columns.items()
            if n not in taken and is_numeric(t) and (n not in by_name or by_name[n].role not in ("dimension", "period"))
        ]
    measure_names = {m.name for m in measures}

    has_roles = any(f.role == "dimension" for f in by_name.values())
    categories = []
    for n, t in columns.items():
        if n in taken or n in measure_names:
            continue
        f = by_name.get(n)
        if has_roles:
            if f is None or f.role != "dimension":
                continue
        elif t.upper() not in _CATEGORY_TYPES or n in _NOT_CATEGORIES:
            continue
        categories.append(column(n))
    known = {n: len(by_name[n].enum) for n in (c.name for c in categories) if n in by_name and by_name[n].enum}
    name_columns = {f.name_of: f.name for f in by_name.values() if f.name_of}
    if area_name and names_col:
        name_columns[area_name] = names_col
    wilayah = {f.name for f in by_name.values() if f.code_ref and f.code_ref.wilayah_level}
    return Shape(
        measures=tuple(measures),
        period=column(period_name) if period_name else None,
        area=column(area_name, label=_("Kecamatan")) if area_name else None,
        area_names=names_col,
        categories=tuple(categories),
        known_sizes=known,
        name_columns=name_columns,
        wilayah_columns=frozenset(wilayah | ({area_name} if area_name else set())),
    )


def propose(shape: Shape, *, periods: Sequence[Any], sizes: Mapping[str, int], map_available: bool) -> Proposal | None:
    """The default chart for data of this shape, or None when there is nothing to draw (no
    measure, or nothing to draw it by). ``sizes``: number of values of each category."""
    if not shape.measures:
        return None
    small = tuple(c.name for c in shape.categories if 1 < sizes.get(c.name, PIE_MAX + 1) <= PIE_MAX)
    draft = Proposal(
        shape=shape,
        periods=tuple(periods),
        small=small,
        map_available=bool(map_available and shape.area),
        kind="",
        measure=shape.measures[0].name,
        by="",
    )
    if draft.time_series and shape.period:
        kind, by = "garis", shape.period.name
    elif shape.area:
        kind, by = "batang", shape.area.name
    elif small:
        kind, by = "pai", small[0]
    elif shape.categories:
        kind, by = "batang", shape.categories[0].name
    else:
        return None
    return dataclasses.replace(draft, kind=kind, by=by)


def choose(proposal: Proposal, params: Mapping[str, str]) -> Choice:
    """Check the request's ``jenis``, ``ukuran``, ``menurut`` and ``periode`` against the proposal;
    an empty or missing one takes the default. Raises :class:`ChartParamError` naming the first bad one."""
    kind = params.get("jenis") or proposal.kind
    if kind not in proposal.kinds():
        raise ChartParamError("jenis", kind)
    measure_name = params.get("ukuran") or proposal.measure
    measure = proposal.measure_column(measure_name)
    if measure is None:
        raise ChartParamError("ukuran", measure_name)
    dimensions = proposal.dimensions(kind)
    wanted = params.get("menurut") or ""
    if wanted:
        by = next((d for d in dimensions if d.name == wanted), None)
        if by is None:
            raise ChartParamError("menurut", wanted)
    else:
        default = proposal.by if kind == proposal.kind else ""
        by = next((d for d in dimensions if d.name == default), dimensions[0])
    over_time = proposal.shape.period is not None and by.name == proposal.shape.period.name
    period: Any = None
    wanted_period = params.get("periode") or ""
    if proposal.periods and not over_time:
        period = proposal.latest_period
        if wanted_period:
            period = next((p for p in proposal.periods if str(p) == wanted_period), None)
            if period is None:
                raise ChartParamError("periode", wanted_period)
    elif wanted_period and wanted_period not in {str(p) for p in proposal.periods}:
        raise ChartParamError("periode", wanted_period)
    labels = kind_labels()
    options = {
        "jenis": [{"value": k, "label": labels[k]} for k in proposal.kinds()],
        "ukuran": [{"value": m.name, "label": _label_with_unit(m)} for m in proposal.shape.measures],
        "menurut": [{"value": d.name, "label": d.label} for d in dimensions],
        "periode": [] if over_time else [{"value": str(p), "label": str(p)} for p in reversed(proposal.periods)],
    }
    return Choice(kind=kind, measure=measure, by=by, period=period, options=options)


def _label_with_unit(column: Column) -> str:
    return f"{column.label} ({column.unit})" if column.unit else column.label


# ---------------------------------------------------------------------------------------------
# Reading the release


def boundaries_path() -> Path | None:
    """The kecamatan boundaries of the region (SATUDATA_REGION_CODE), when shipped."""
    path = Path(settings.PACKAGE_DIR) / "data" / "geo" / f"kecamatan_{settings.REGION_CODE}.geojson"
    return path if path.is_file() else None


def _fields(dataset: Dataset) -> tuple[Field, ...]:
    schema = dataset.current_schema
    return schema.table_schema.fields if schema else ()


def proposal_for(release: Release, dataset: Dataset) -> Proposal | None:
    """The proposal for a release: a few grouped counts over its file (the periods, and the size
    of each declared category whose values the schema does not list)."""
    key = release.file_key
    shape = shape_of(store.schema(key), _fields(dataset))
    if not shape.measures:
        return None
    periods: list[Any] = []
    if shape.period:
        groups = store.aggregate(key, group_by=[shape.period.name], measures=[("*", "count")])
        periods = [g[shape.period.name] for g in groups if g[shape.period.name] is not None]
        periods.sort(key=lambda p: (str(type(p)), p))
    sizes = dict(shape.known_sizes)
    for category in shape.categories:
        if category.name not in sizes:
            # Only declared dimensions (or, without roles, text columns) get here: few values each.
            groups = store.aggregate(key, group_by=[category.name], measures=[("*", "count")])
            sizes[category.name] = len(groups)
    return propose(shape, periods=periods, sizes=sizes, map_available=boundaries_path() is not None)


def is_sample(release: Release, dataset: Dataset) -> bool:
    """Demo data (not official figures): loaded by the demo command or marked "data contoh"."""
    if SAMPLE_KEYWORD in (k.lower() for k in dataset.keyword_list):
        return True
    return release.versions.filter(source_kind=SourceKind.DEMO).exists()


def chart_data(
    release: Release,
    dataset: Dataset,
    *,
    kind: str = "",
    measure: str = "",
    by: str = "",
    period: str = "",
    proposal: Proposal | None = None,
) -> ChartData:
    """The numbers of one chart: the measure summed (or averaged) by one column, within one period
    unless the chart runs over time. Raises :class:`ChartParamError` for a value the proposal does
    not allow, and :class:`LookupError` when the release has nothing to chart."""
    proposal = proposal or proposal_for(release, dataset)
    if proposal is None:
        raise LookupError(dataset.slug)
    choice = choose(proposal, {"jenis": kind, "ukuran": measure, "menurut": by, "periode": period})
    filters = [] if choice.period is None or proposal.shape.period is None else [
        (proposal.shape.period.name, "eq", choice.period)
    ]  # fmt: skip
    rows = _grouped(release.file_key, proposal, choice, filters)
    truncated = False
    if choice.kind in ("batang", "pai") and not _is_period(proposal, choice.by):
        limit = TOP if choice.kind == "batang" else PIE_MAX
        rows, truncated = _top(rows, limit, mean=choice.measure.func == "mean")
    values = [Row(key=k, label=label, value=_value(s, n, choice.measure.func)) for k, label, s, n in rows]
    title = _title(choice)
    return ChartData(
        kind=choice.kind,
        title=title,
        summary=_summary(choice, title, values),
        measure=choice.measure,
        by=choice.by,
        period=None if choice.period is None else str(choice.period),
        options=choice.options,
        rows=values,
        sample=is_sample(release, dataset),
        truncated=truncated,
        over_time=_is_period(proposal, choice.by),
    )


# (key, label, sum, count) per group, before the measure's function is applied.
_Group = tuple[str, str, Any, int]


def _is_period(proposal: Proposal, column: Column) -> bool:
    return proposal.shape.period is not None and column.name == proposal.shape.period.name


def _grouped(key: str, proposal: Proposal, choice: Choice, filters: list[tuple[str, str, Any]]) -> list[_Group]:
    m = choice.measure.name
    measures = [(m, "sum"), (m, "count")]
    by = choice.by.name
    shape = proposal.shape
    names_col = shape.name_columns.get(by, "")
    group_by = [by, names_col] if names_col else [by]
    merged: dict[str, list[Any]] = {}
    for g in store.aggregate(key, group_by=group_by, measures=measures, filters=filters):
        if _is_period(proposal, choice.by) and g[by] is None:
            continue
        k = _key(g[by])
        entry = merged.setdefault(k, [g[by], g[names_col] if names_col else None, None, 0])
        if g[f"sum_{m}"] is not None:
            entry[2] = g[f"sum_{m}"] if entry[2] is None else entry[2] + g[f"sum_{m}"]
        entry[3] += g[f"count_{m}"]
    names: dict[str, str] = {}
    if by in shape.wilayah_columns and not names_col:
        names = dict(Wilayah.objects.filter(kode__in=list(merged)).values_list("kode", "nama"))
    out = []
    for k, (raw, name, total, count) in merged.items():
        label = name or names.get(k) or _label(raw)
        out.append((k, str(label), total, count))
    return out


def _key(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _label(value: Any) -> str:
    if value is None:
        return _("Tidak diisi")
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    return str(value)


def _top(rows: list[_Group], limit: int, *, mean: bool) -> tuple[list[_Group], bool]:
    """The largest ``limit`` groups, the rest summed into one "Lainnya" group."""

    def size(row: _Group) -> float:
        v = _value(row[2], row[3], "mean" if mean else "sum")
        return float("-inf") if v is None else float(v)

    ordered = sorted(rows, key=size, reverse=True)
    if len(ordered) <= limit:
        return ordered, False
    rest = ordered[limit:]
    totals = [r[2] for r in rest if r[2] is not None]
    other: _Group = (OTHER_KEY, _("Lainnya"), sum(totals) if totals else None, sum(r[3] for r in rest))
    return [*ordered[:limit], other], True


def _value(total: Any, count: int, func: str) -> int | float | None:
    if total is None:
        return None
    if func == "mean":
        return round(float(total) / count, 6) if count else None
    if isinstance(total, decimal.Decimal):
        total = float(total)
    if isinstance(total, float):
        return int(total) if total.is_integer() and abs(total) < 1e15 else round(total, 6)
    return int(total)


def _title(choice: Choice) -> str:
    measure = _label_with_unit(choice.measure)
    if choice.measure.func == "mean":
        measure = _("Rata-rata %(measure)s") % {"measure": measure}
    if choice.period is None:
        return _("%(measure)s menurut %(by)s") % {"measure": measure, "by": choice.by.label}
    return _("%(measure)s menurut %(by)s, %(period)s") % {
        "measure": measure,
        "by": choice.by.label,
        "period": choice.period,
    }


def _number(value: int | float | None) -> str:
    if value is None:
        return "–"
    return number_format(value, use_l10n=True, force_grouping=True)


def _summary(choice: Choice, title: str, rows: list[Row]) -> str:
    kind = kind_labels()[choice.kind]
    if not rows:
        return _("Grafik %(kind)s: %(title)s. Tidak ada data.") % {"kind": kind.lower(), "title": title}
    known = [r for r in rows if r.value is not None and r.key != OTHER_KEY]
    if not known:
        return _("Grafik %(kind)s: %(title)s.") % {"kind": kind.lower(), "title": title}
    if choice.kind == "garis":
        first, last = known[0], known[-1]
        return _("Grafik %(kind)s: %(title)s, dari %(first)s pada %(a)s sampai %(last)s pada %(b)s.") % {
            "kind": kind.lower(),
            "title": title,
            "first": _number(first.value),
            "a": first.label,
            "last": _number(last.value),
            "b": last.label,
        }
    high = max(known, key=lambda r: r.value or 0)
    low = min(known, key=lambda r: r.value or 0)
    return _("Grafik %(kind)s: %(title)s. Tertinggi %(high)s (%(hv)s), terendah %(low)s (%(lv)s).") % {
        "kind": kind.lower(),
        "title": title,
        "high": high.label,
        "hv": _number(high.value),
        "low": low.label,
        "lv": _number(low.value),
    }
