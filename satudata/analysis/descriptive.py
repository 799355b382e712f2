"""Descriptive analysis of a published release (SOP step 12, "Analisis data deskriptif").

For the release the public sees, the figures a producer needs to write the narrative of a dataset:

- per measure: the number of values, the missing ones (NULL), minimum, maximum, mean, median, sum;
- for one measure (the first, or the one asked for), when the release has a period column: its
  value per period in the store's order of the periods, summed, or averaged when its unit is a
  share or a rate (the charts' rule, ``Column.func``); the growth from each period to the next,
  absolute and in percent of the previous value (no percent from a zero or missing value); and the
  linear trend, the least-squares slope of the value on the year for a numeric period, on the
  period's position (1, 2, ...) otherwise;
- in the latest period: the shares of the values of each small category (at most ``PIE_MAX``
  values, as for the pie chart; additive measures only), and the ranking of the kecamatan by the
  measure with the distribution of their values: quartiles (linear interpolation), lowest and
  highest, coefficient of variation (population standard deviation over the mean);
- a few plain Indonesian sentences built from those figures, a starting point for the narrative.

What each column is for comes from :func:`satudata.portal.charts.shape_of`, so the analysis and the
charts read a release the same way. Every figure is computed by DuckDB inside the store
(:func:`satudata.store.engine.summary` and :func:`satudata.store.engine.groups`), never by a Python
loop over the rows: a release may hold millions of rows, and a few grouped queries over its
Parquet file take milliseconds where reading the rows into Python would take seconds and memory.
Python only turns the handful of resulting rows into dataclasses and sentences.

:func:`describe` takes a stored file and its shape (testable without the database); :func:`analyse`
reads both from a release. Neither checks who may see the data: callers do, as for the charts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from satudata.datasets.models import Dataset, Release
from satudata.portal.charts import PIE_MAX, ChartParamError, Column, Shape, shape_of
from satudata.reference.models import Wilayah
from satudata.store import engine

Number = int | float
Direction = Literal["naik", "turun", "tetap"]
# A slope smaller than this fraction of the largest value is no trend but rounding.
_FLAT = 1e-9


@dataclass(frozen=True)
class MeasureSummary:
    column: Column
    count: int  # rows with a value
    missing: int  # rows without one (NULL)
    min: Number | None
    max: Number | None
    mean: float | None
    median: float | None
    sum: Number | None


@dataclass(frozen=True)
class PeriodValue:
    period: Any  # as stored: an int year, a text such as "2023-S1"...
    value: Number | None  # the sum, or the mean for a share or a rate
    count: int  # rows with a value in this period


@dataclass(frozen=True)
class Growth:
    period: Any
    previous_period: Any
    value: Number | None
    previous: Number | None
    change: Number | None  # value - previous
    change_pct: float | None  # change in percent of |previous|; None when previous is 0 or missing


@dataclass(frozen=True)
class Trend:
    slope: float  # change per year (over="key") or per period (over="position")
    direction: Direction
    over: Literal["key", "position"]
    first_period: Any
    last_period: Any
    periods: int  # periods with a value


@dataclass(frozen=True)
class Share:
    key: Any
    label: str
    value: Number | None
    share_pct: float | None


@dataclass(frozen=True)
class Shares:
    column: Column
    period: Any  # the latest period, or None without a period column
    items: list[Share]  # in the order of the category values; the percentages add up to 100


@dataclass(frozen=True)
class RankedArea:
    rank: int | None  # 1 for the largest value; equal values share a rank (1, 2, 2, 4); None without a value
    code: str
    name: str
    value: Number | None
    share_pct: float | None  # percent of the total of the areas; None for averaged measures


@dataclass(frozen=True)
class Distribution:
    """The values of the areas in the latest period (areas without a value left out)."""

    areas: int
    min: Number
    max: Number
    mean: float
    p25: float
    median: float
    p75: float
    stddev: float  # population standard deviation
    cv_pct: float | None  # stddev / |mean| in percent; None when the mean is 0
    lowest: RankedArea
    highest: RankedArea


@dataclass(frozen=True)
class Analysis:
    measure: Column  # the measure the periods, shares and ranking are about
    period: Column | None
    area: Column | None
    latest_period: Any
    rows: int
    measures: list[MeasureSummary]
    periods: list[PeriodValue]
    growth: list[Growth]
    trend: Trend | None
    shares: list[Shares]
    ranking: list[RankedArea]
    distribution: Distribution | None
    sentences: list[str]

    def as_dict(self) -> dict[str, Any]:
        """The analysis for a page or the API: numbers stay numbers, dates become ISO text."""
        out: dict[str, Any] = _jsonable(dataclasses.asdict(self))
        return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


# ---------------------------------------------------------------------------------------------
# The analysis of a stored file (no database)


def describe(
    key: str,
    shape: Shape,
    *,
    measure: str | None = None,
    area_names: Callable[[list[str]], Mapping[str, str]] | None = None,
) -> Analysis | None:
    """The analysis of the stored file ``key`` whose columns play the roles of ``shape``; None
    without a measure. ``measure`` picks the measure analysed over periods, categories and areas
    (the first by default; an unknown one raises :class:`ChartParamError` for ``ukuran``).
    ``area_names`` names kecamatan codes when no column of the file spells them out."""
    if not shape.measures:
        return None
    focus = shape.measures[0] if measure is None else next((m for m in shape.measures if m.name == measure), None)
    if focus is None:
        raise ChartParamError("ukuran", str(measure))
    func: Literal["sum", "mean"] = "mean" if focus.func == "mean" else "sum"

    stats = engine.summary(key, [m.name for m in shape.measures])
    measures = [_measure_summary(m, stats[m.name]) for m in shape.measures]

    periods: list[PeriodValue] = []
    growth: list[Growth] = []
    trend = None
    latest = None
    if shape.period:
        over_time = engine.groups(key, measure=focus.name, by=shape.period.name, func=func)
        periods = [PeriodValue(r["key"], _number(r["value"]), r["count"]) for r in over_time.rows]
        growth = [
            Growth(
                period=r["key"],
                previous_period=before["key"],
                value=_number(r["value"]),
                previous=_number(r["previous"]),
                change=_number(r["change"]),
                change_pct=_float(r["change_pct"]),
            )
            for before, r in zip(over_time.rows, over_time.rows[1:], strict=False)
        ]
        trend = _trend(over_time, periods)
        latest = periods[-1].period if periods else None
    in_latest: list[engine.Condition] = []
    if shape.period and latest is not None:
        in_latest = [(shape.period.name, "eq", latest)]

    shares = [] if func == "mean" else _shares(key, shape, focus, latest, in_latest)
    ranking: list[RankedArea] = []
    distribution = None
    if shape.area:
        ranking, distribution = _ranking(key, shape, shape.area, focus, func, in_latest, area_names)

    analysis = Analysis(
        measure=focus,
        period=shape.period,
        area=shape.area,
        latest_period=latest,
        rows=measures[0].count + measures[0].missing,
        measures=measures,
        periods=periods,
        growth=growth,
        trend=trend,
        shares=shares,
        ranking=ranking,
        distribution=distribution,
        sentences=[],
    )
    return dataclasses.replace(analysis, sentences=sentences(analysis))


def _number(value: Any) -> Number | None:
    """Ints stay ints; decimals (DECIMAL columns) become floats, which JSON can carry."""
    if value is None or isinstance(value, int):
        return value
    return _float(value)


def _float(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _measure_summary(column: Column, stats: Mapping[str, Any]) -> MeasureSummary:
    return MeasureSummary(
        column=column,
        count=int(stats["count"]),
        missing=int(stats["missing"]),
        min=_number(stats["min"]),
        max=_number(stats["max"]),
        mean=_float(stats["mean"]),
        median=_float(stats["median"]),
        sum=_number(stats["sum"]),
    )


def _trend(over_time: engine.Groups, periods: list[PeriodValue]) -> Trend | None:
    slope = _float(over_time.stats["slope"])
    valued = [p for p in periods if p.value is not None]
    if slope is None or len(valued) < 2:
        return None
    scale = max(abs(float(p.value)) for p in valued if p.value is not None) or 1.0
    direction: Direction = "tetap" if abs(slope) <= _FLAT * scale else ("naik" if slope > 0 else "turun")
    over: Literal["key", "position"] = "key" if over_time.stats["slope_over"] == "key" else "position"
    return Trend(
        slope=slope,
        direction=direction,
        over=over,
        first_period=valued[0].period,
        last_period=valued[-1].period,
        periods=len(valued),
    )


def _label(value: Any) -> str:
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    return str(value)


def _shares(key: str, shape: Shape, focus: Column, latest: Any, in_latest: list[engine.Condition]) -> list[Shares]:
    out = []
    for category in shape.categories:
        if shape.known_sizes.get(category.name, 0) > PIE_MAX:
            continue  # the schema lists too many values: no need to read them
        groups = engine.groups(
            key, measure=focus.name, by=category.name, label=shape.name_columns.get(category.name), filters=in_latest
        )
        if not 1 < len(groups.rows) <= PIE_MAX or not groups.stats["total"]:
            continue
        items = [
            Share(
                key=r["key"],
                label=_label(r["label"] or r["key"]),
                value=_number(r["value"]),
                share_pct=_float(r["share"]),
            )
            for r in groups.rows
        ]
        out.append(Shares(column=category, period=latest, items=items))
    return out


def _ranking(
    key: str,
    shape: Shape,
    area: Column,
    focus: Column,
    func: Literal["sum", "mean"],
    in_latest: list[engine.Condition],
    area_names: Callable[[list[str]], Mapping[str, str]] | None,
) -> tuple[list[RankedArea], Distribution | None]:
    names_column = shape.area_names or shape.name_columns.get(area.name) or None
    groups = engine.groups(key, measure=focus.name, by=area.name, func=func, label=names_column, filters=in_latest)
    codes = [str(r["key"]) for r in groups.rows]
    names = area_names(codes) if area_names and not names_column else {}
    areas = [
        RankedArea(
            rank=r["rank"],
            code=code,
            name=str(r["label"] or names.get(code) or code),
            value=_number(r["value"]),
            share_pct=_float(r["share"]) if func == "sum" else None,
        )
        for code, r in zip(codes, groups.rows, strict=True)
    ]
    ranking = sorted(areas, key=lambda a: (a.rank is None, a.rank or 0, a.code))
    s = groups.stats
    low, high = _number(s["min"]), _number(s["max"])
    if low is None or high is None:
        return ranking, None  # no area has a value
    valued = [a for a in ranking if a.value is not None]
    mean, stddev = float(s["mean"]), float(s["stddev"])
    distribution = Distribution(
        areas=len(valued),
        min=low,
        max=high,
        mean=mean,
        p25=float(s["p25"]),
        median=float(s["median"]),
        p75=float(s["p75"]),
        stddev=stddev,
        cv_pct=stddev / abs(mean) * 100 if mean else None,
        lowest=next(a for a in valued if a.value == low),  # of equal lowest values, the first code
        highest=valued[0],
    )
    return ranking, distribution


# ---------------------------------------------------------------------------------------------
# The sentences


def _format(value: Number, decimals: int = 2) -> str:
    """A number in the active language (1.623.456,5 in Indonesian), at most ``decimals`` decimals."""
    if isinstance(value, float):
        value = round(value, decimals)
        if value.is_integer() and abs(value) < 1e15:
            value = int(value)
    return number_format(value, use_l10n=True, force_grouping=True)


def _amount(value: Number, unit: str) -> str:
    if not unit:
        return _format(value)
    return f"{_format(value)}{unit}" if unit == "%" else f"{_format(value)} {unit}"


def _pct(value: float) -> str:
    return f"{_format(value, 1)}%"


def _when(column: Column, period: Any) -> str:
    return f"{column.label.lower()} {period}"  # "tahun 2024", "periode 2023-S1"


def sentences(analysis: Analysis) -> list[str]:
    """Plain sentences stating the main figures, in the active language."""
    if analysis.rows == 0:
        return [_("Rilis ini belum memuat data.")]
    focus = analysis.measure
    summary = next(m for m in analysis.measures if m.column.name == focus.name)
    if summary.count == 0:
        return [_("Kolom %(measure)s belum berisi nilai.") % {"measure": focus.label}]
    name = _("Rata-rata %(measure)s") % {"measure": focus.label} if focus.func == "mean" else focus.label
    out = [capfirst(_headline(analysis, name))]
    trend = analysis.trend
    if trend and analysis.period and trend.periods > 2:
        values = {
            "first": trend.first_period,
            "last": trend.last_period,
            "measure": name,
            "amount": _amount(abs(trend.slope), focus.unit),
            "per": analysis.period.label.lower() if trend.over == "key" else _("periode"),
        }
        if trend.direction == "naik":
            out.append(
                _("Selama %(first)s–%(last)s, %(measure)s cenderung naik rata-rata %(amount)s per %(per)s.") % values
            )
        elif trend.direction == "turun":
            out.append(
                _("Selama %(first)s–%(last)s, %(measure)s cenderung turun rata-rata %(amount)s per %(per)s.") % values
            )
        else:
            out.append(_("Selama %(first)s–%(last)s, %(measure)s relatif tetap.") % values)
    out += _area_sentences(analysis, name)
    for shares in analysis.shares:
        items = ", ".join(f"{s.label} {_pct(s.share_pct)}" for s in shares.items if s.share_pct is not None)
        if analysis.period and shares.period is not None:
            out.append(
                _("Menurut %(category)s pada %(period)s: %(items)s.")
                % {"category": shares.column.label, "period": _when(analysis.period, shares.period), "items": items}
            )
        else:
            out.append(_("Menurut %(category)s: %(items)s.") % {"category": shares.column.label, "items": items})
    if summary.missing:
        out.append(
            _("%(count)s baris tidak berisi nilai %(measure)s.")
            % {"count": _format(summary.missing), "measure": focus.label}
        )
    return out


def _headline(analysis: Analysis, name: str) -> str:
    focus = analysis.measure
    latest = next((p for p in reversed(analysis.periods) if p.value is not None), None)
    if analysis.period is None or latest is None:
        summary = next(m for m in analysis.measures if m.column.name == focus.name)
        value = summary.mean if focus.func == "mean" else summary.sum
        return _("%(measure)s sebesar %(amount)s.") % {"measure": name, "amount": _amount(value or 0, focus.unit)}
    values = {
        "measure": name,
        "period": _when(analysis.period, latest.period),
        "amount": _amount(latest.value or 0, focus.unit),
    }
    step = next((g for g in analysis.growth if g.period == latest.period), None)
    if step is None or step.change is None:
        return _("%(measure)s %(period)s sebesar %(amount)s.") % values
    values["previous"] = step.previous_period
    if step.change == 0:
        return _("%(measure)s %(period)s sebesar %(amount)s, sama dengan %(previous)s.") % values
    pct = step.change_pct
    values["change"] = _pct(abs(pct)) if pct is not None else _amount(abs(step.change), focus.unit)
    if step.change > 0:
        return _("%(measure)s %(period)s sebesar %(amount)s, naik %(change)s dari %(previous)s.") % values
    return _("%(measure)s %(period)s sebesar %(amount)s, turun %(change)s dari %(previous)s.") % values


def _area_sentences(analysis: Analysis, name: str) -> list[str]:
    d = analysis.distribution
    if analysis.area is None or d is None or d.areas < 2:
        return []
    unit = analysis.measure.unit
    area = analysis.area.label.lower()
    values = {
        "area": area,
        "measure": name,
        "highest": d.highest.name,
        "high": _amount(d.max, unit),
        "lowest": d.lowest.name,
        "low": _amount(d.min, unit),
    }
    if analysis.period and analysis.latest_period is not None:
        values["period"] = _when(analysis.period, analysis.latest_period)
        text = (
            _(
                "Menurut %(area)s pada %(period)s, %(measure)s tertinggi di %(highest)s (%(high)s) dan terendah "
                "di %(lowest)s (%(low)s)."
            )
            % values
        )
    else:
        text = (
            _("Menurut %(area)s, %(measure)s tertinggi di %(highest)s (%(high)s) dan terendah di %(lowest)s (%(low)s).")
            % values
        )
    out = [text]
    if d.areas >= 4 and d.cv_pct is not None:
        out.append(
            _("Separuh %(area)s bernilai antara %(p25)s dan %(p75)s (median %(median)s); koefisien variasi %(cv)s.")
            % {
                "area": area,
                "p25": _amount(d.p25, unit),
                "p75": _amount(d.p75, unit),
                "median": _amount(d.median, unit),
                "cv": _pct(d.cv_pct),
            }
        )
    return out


# ---------------------------------------------------------------------------------------------
# Reading a release


def wilayah_names(codes: list[str]) -> dict[str, str]:
    return dict(Wilayah.objects.filter(kode__in=codes).values_list("kode", "nama"))


def analyse(release: Release, dataset: Dataset, *, measure: str | None = None) -> Analysis | None:
    """The analysis of a release, its columns read with the dataset's current Table Schema; None
    when the release has no file or no measure column."""
    if not release.file_key:
        return None
    schema = dataset.current_schema
    fields = schema.table_schema.fields if schema else ()
    shape = shape_of(engine.schema(release.file_key), fields)
    return describe(release.file_key, shape, measure=measure, area_names=wilayah_names)


__all__ = [
    "Analysis",
    "Distribution",
    "Growth",
    "MeasureSummary",
    "PeriodValue",
    "RankedArea",
    "Share",
    "Shares",
    "Trend",
    "analyse",
    "describe",
    "sentences",
]
