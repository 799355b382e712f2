"""The publication compiler (SOP step 13): chosen published datasets become a "… Dalam Angka"-style
publication, one chapter per topic, one section per dataset with its table, chart, narrative, source
and notes.

What each dataset contributes is read from its current release the way the portal reads it (the
columns' roles from :func:`satudata.portal.charts.shape_of`, every figure aggregated by the store):

- a table in the shape statistical yearbooks use: areas (kecamatan) down and the last periods across
  when the data is keyed by both, with the regency's total below for additive figures; periods down
  and the measures across when there is no area; areas down and the measures across when there is
  no period; otherwise the first category down;
- a chart: a line over the periods when there are several, else bars of the areas in the latest
  period, else the shares of a small category;
- the narrative of the latest period (the producer's interpretation, reviewed with the data).

Only Terbuka datasets with a release can be compiled: the publication is public.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from satudata import store
from satudata.accounts.models import Organization
from satudata.analysis import descriptive
from satudata.analysis.summary import release_narratives
from satudata.core.region import logo_path
from satudata.datasets.models import Dataset, Release
from satudata.documents import svgcharts
from satudata.documents.publication import Chapter, PublicationDoc, Section, Table
from satudata.metadata.codes import SEKTOR_KEGIATAN
from satudata.portal.charts import Column, Shape, is_sample, shape_of
from satudata.reference.models import AccessClass

# A yearbook table shows the last five periods side by side.
PERIODS_ACROSS = 5
# Rows of a table without an area or a period (a category down): enough for a page or two.
MAX_ROWS = 200


@dataclass(frozen=True)
class Choice:
    """What the staff chose on the compiler form."""

    title: str
    subtitle: str
    year: int
    organization: Organization
    foreword: str
    number: str = ""


def compilable_datasets() -> QuerySet[Dataset]:
    """Published Terbuka datasets, by topic then title (the form's choices)."""
    return (
        Dataset.objects.filter(access_class=AccessClass.TERBUKA, releases__file_key__gt="")
        .distinct()
        .select_related("organization")
        .order_by("topic", "title")
    )


def topic_label(code: str) -> str:
    return str(dict(SEKTOR_KEGIATAN.choices).get(code, "")) or _("Lainnya")


def build(choice: Choice, datasets: Sequence[Dataset]) -> PublicationDoc:
    """The document: chapters in the order of the first dataset chosen of each topic."""
    chapters: dict[str, Chapter] = {}
    sample = False
    for dataset in datasets:
        release = dataset.releases.exclude(file_key="").order_by("-number").first()
        if release is None:
            continue
        sample = sample or is_sample(release, dataset)
        # Keyed by the label: datasets without a known topic share one "Lainnya" chapter.
        label = topic_label(dataset.topic)
        chapter = chapters.setdefault(label, Chapter(title=label))
        chapter.sections.append(section_for(dataset, release))
    return PublicationDoc(
        title=choice.title,
        subtitle=choice.subtitle,
        region_name=settings.REGION_NAME,
        year=choice.year,
        organization=choice.organization.name,
        foreword=choice.foreword,
        chapters=list(chapters.values()),
        sample_data=sample,
        logo_path=logo_path(),
        isbn_or_number=choice.number,
    )


def section_for(dataset: Dataset, release: Release) -> Section:
    schema = dataset.current_schema
    shape = shape_of(store.schema(release.file_key), schema.table_schema.fields if schema else ())
    # The document and the chart both print "Sumber:" before it.
    source = _("%(org)s, Portal Satu Data %(region)s (rilis %(n)s)") % {
        "org": dataset.organization.name, "region": settings.REGION_NAME, "n": release.number,
    }  # fmt: skip
    notes = [dataset.description.strip()] if dataset.description.strip() else []
    if is_sample(release, dataset):
        notes.append(_("Data contoh, bukan angka resmi."))
    narratives = release_narratives(release)
    section = Section(
        title=dataset.title,
        narrative=narratives[0].narrative if narratives else "",
        source=source,
        notes=" ".join(notes),
    )
    if not shape.measures:
        return section
    section.table = _table(release.file_key, shape)
    section.chart_svg = _chart(release, dataset, shape, source)
    return section


def _names(key: str, shape: Shape) -> dict[str, str]:
    """Area code → name: from the column spelling the names out, else the kode wilayah table."""
    assert shape.area is not None
    if shape.area_names:  # shape_of names it in name_columns too
        return _code_names(key, shape, shape.area)
    codes = [
        str(r[shape.area.name]) for r in store.aggregate(key, group_by=[shape.area.name], measures=[("*", "count")])
    ]
    return descriptive.wilayah_names(codes)


def _table(key: str, shape: Shape) -> Table:
    measure = shape.measures[0]
    func = "mean" if measure.func == "mean" else "sum"
    value = f"{func}_{measure.name}"
    if shape.area and shape.period:
        periods = [
            r[shape.period.name] for r in store.aggregate(key, group_by=[shape.period.name], measures=[("*", "count")])
        ]
        periods = [p for p in periods if p is not None][-PERIODS_ACROSS:]
        cells = {
            (str(r[shape.area.name]), r[shape.period.name]): r[value]
            for r in store.aggregate(
                key, group_by=[shape.area.name, shape.period.name], measures=[(measure.name, func)]
            )
        }
        names = _names(key, shape)
        areas = sorted({area for area, _period in cells if area != "None"})
        rows: list[list[Any]] = [[names.get(a, a), *(cells.get((a, p)) for p in periods)] for a in areas]
        if func == "sum":
            totals = {
                r[shape.period.name]: r[value]
                for r in store.aggregate(key, group_by=[shape.period.name], measures=[(measure.name, "sum")])
            }
            rows.append([_("Jumlah"), *(totals.get(p) for p in periods)])
        return Table(
            columns=[shape.area.label, *(str(p) for p in periods)],
            rows=rows,
            units=["", *([measure.unit] * len(periods))],
            numeric=[False, *([True] * len(periods))],
        )
    down = _rows_by(key, shape)
    measures = list(shape.measures)
    if down is None:
        aggregated = store.aggregate(key, group_by=[], measures=[(m.name, _func(m)) for m in measures])
        return Table(
            columns=[m.label for m in measures],
            rows=[[row[f"{_func(m)}_{m.name}"] for m in measures] for row in aggregated],
            units=[m.unit for m in measures],
        )
    aggregated = store.aggregate(key, group_by=[down.name], measures=[(m.name, _func(m)) for m in measures])[:MAX_ROWS]
    names = _names(key, shape) if shape.area is not None and down is shape.area else _code_names(key, shape, down)
    return Table(
        columns=[down.label, *(m.label for m in measures)],
        rows=[
            [names.get(str(r[down.name]), str(r[down.name])), *(r[f"{_func(m)}_{m.name}"] for m in measures)]
            for r in aggregated
        ],
        units=["", *(m.unit for m in measures)],
        numeric=[False, *([True] * len(measures))],
    )


def _distinct(key: str, column: Column) -> int:
    return len(store.aggregate(key, group_by=[column.name], measures=[("*", "count")]))


def _rows_by(key: str, shape: Shape) -> Column | None:
    """The column a table without both an area and a period lists down: the period when there are
    several, else the area, else the first category with several values (a release of one year
    about the regencies of a province lists the regencies, not the one year)."""
    if shape.period is not None and _distinct(key, shape.period) > 1:
        return shape.period
    if shape.area is not None:
        return shape.area
    named = set(shape.name_columns.values())
    for category in shape.categories:
        if category.name not in named and _distinct(key, category) > 1:
            return category
    return shape.period


def _code_names(key: str, shape: Shape, column: Column) -> dict[str, str]:
    """Codes spelled out by their name column (satudata:nameOf), for the rows of a table."""
    name_column = shape.name_columns.get(column.name)
    if not name_column:
        return {}
    rows = store.aggregate(key, group_by=[column.name, name_column], measures=[("*", "count")])
    return {str(r[column.name]): str(r[name_column]) for r in rows if r[column.name] is not None}


def _func(column: Column) -> str:
    return "mean" if column.func == "mean" else "sum"


def _chart(release: Release, dataset: Dataset, shape: Shape, source: str) -> str | None:
    analysis = descriptive.analyse(release, dataset)
    if analysis is None:
        return None
    measure = analysis.measure
    try:
        if len(analysis.periods) > 1:
            return svgcharts.line_chart(
                [str(p.period) for p in analysis.periods],
                [svgcharts.Series(measure.label, [p.value for p in analysis.periods])],
                title=measure.label, unit=measure.unit, source=source,
            )  # fmt: skip
        if analysis.ranking:
            ranked = [r for r in analysis.ranking if r.value is not None][:30]
            return svgcharts.bar_chart(
                [r.name or r.code for r in ranked], [r.value for r in ranked],
                title=f"{measure.label} ({analysis.latest_period})" if analysis.latest_period is not None else measure.label,
                unit=measure.unit, source=source, horizontal=True,
            )  # fmt: skip
        if analysis.shares:
            shares = analysis.shares[0]
            items = [s for s in shares.items if s.value is not None]
            return svgcharts.share_chart(
                [s.label for s in items], [s.value for s in items if s.value is not None],
                title=_("%(m)s menurut %(c)s") % {"m": measure.label, "c": shares.column.label},
                unit=measure.unit, source=source,
            )  # fmt: skip
    except ValueError:
        # A chart the data cannot make (e.g. shares of negative values): the table still says it.
        return None
    return None
