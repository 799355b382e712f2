"""Data quality scores per dataset and per OPD (SOP step 20; EPSS 40103, 20501, 20502), each from
facts the portal holds and shown with them.

Seven dimensions, each a score from 0 to 100 (None where nothing can be measured yet), following
the BPS quality dimensions of domain-reference §5. The rules are this project's own (the BPS QAF
gives dimensions, not formulas — low confidence that another tool would score alike); they are
written here so that anyone can recompute a score from its evidence:

- **Kelengkapan** (completeness): the share of filled cells of the measure columns in the current
  release, times the share of the periods due by the release schedule that the release holds.
- **Validitas** (validity): the share of published versions that passed validation without a
  warning (errors block publication already).
- **Ketepatan waktu** (timeliness): the share of the schedule entries that are due and were released
  on or before their planned date (a late release lowers it at once, an overdue unreleased one too).
  No schedule at all scores 0: without a release calendar timeliness cannot be monitored (EPSS
  20302); entries not due yet score nothing. The lag between the end of each period and its first
  publication is shown as evidence (actuality, EPSS 20301).
- **Kelengkapan metadata** (metadata completeness): the mean of three facts: an MS-Keg accepted
  (the dataset's statistical activity), MS-Var or MS-Ind linked, and the share of columns bound to
  a Standar Data.
- **Aksesibilitas** (accessibility): the mean of the share of the public download formats made for
  the release and the access class (Terbuka 100, Terbatas 50 — available on request, Tertutup 0).
- **Keterbandingan** (comparability): the share of the release's versions on the dataset's latest
  schema, averaged with whether every kode wilayah column is bound to the code list.
- **Konsistensi** (consistency): the share of published versions without an open reconciliation flag
  (change from the previous period, kecamatan against the regency total, against BPS figures).

A dataset's score is the mean of its measured dimensions; an OPD's is the mean of its datasets'.
Only datasets with a release are scored: a dataset not yet published has no quality to measure
(the consistency report counts it as missing).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from satudata.accounts.models import Organization
from satudata.datasets.models import Dataset, DatasetVersion, Release, SchemaVersion, VersionStatus
from satudata.metadata.models import MetadataStatus
from satudata.planning.steps import StrOrPromise
from satudata.portal.charts import shape_of
from satudata.portal.files import FORMATS
from satudata.reference.models import AccessClass
from satudata.schedule.models import ReleaseStatus
from satudata.schedule.periods import period_end
from satudata.schedule.queries import ScheduleRow, Timeliness, base_queryset, to_rows
from satudata.store import engine

DIMENSIONS: tuple[tuple[str, StrOrPromise], ...] = (
    ("kelengkapan", gettext_lazy("Kelengkapan")),
    ("validitas", gettext_lazy("Validitas")),
    ("ketepatan_waktu", gettext_lazy("Ketepatan waktu")),
    ("metadata", gettext_lazy("Kelengkapan metadata")),
    ("aksesibilitas", gettext_lazy("Aksesibilitas")),
    ("keterbandingan", gettext_lazy("Keterbandingan")),
    ("konsistensi", gettext_lazy("Konsistensi")),
)
LABELS = dict(DIMENSIONS)
ACCESS_SCORES = {AccessClass.TERBUKA: 100.0, AccessClass.TERBATAS: 50.0, AccessClass.TERTUTUP: 0.0}
PUBLIC_FORMATS = sorted(set(FORMATS) - {"csv-bom"})


@dataclass
class Dimension:
    key: str
    label: str
    score: float | None
    evidence: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class DatasetQuality:
    dataset: Dataset
    release: Release
    dimensions: list[Dimension]

    @property
    def score(self) -> float | None:
        return mean(d.score for d in self.dimensions)

    def dimension(self, key: str) -> Dimension:
        return next(d for d in self.dimensions if d.key == key)


@dataclass
class OrganizationQuality:
    organization: Organization
    datasets: list[DatasetQuality]

    @property
    def score(self) -> float | None:
        return mean(d.score for d in self.datasets)

    def dimension_score(self, key: str) -> float | None:
        return mean(d.dimension(key).score for d in self.datasets)

    @property
    def dimension_scores(self) -> list[float | None]:
        return [self.dimension_score(key) for key, _label in DIMENSIONS]


def mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(sum(present) / len(present), 1) if present else None


def pct(part: int | float, whole: int | float) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


# ---------------------------------------------------------------------------------------------
# The dimensions, each from its facts


def completeness(
    release: Release, schema: SchemaVersion | None, schedule: list[ScheduleRow], today: dt.date
) -> Dimension:
    key = release.file_key
    fields: list[Any] = list(schema.table_schema.fields) if schema else []
    # Which columns are measures is the schema's word: a new schema version may change the count.
    cache_key = f"quality-cells:{key}:{schema.pk if schema else 0}"
    cached = cache.get(cache_key)
    if cached is None:
        shape = shape_of(engine.schema(key), fields)
        measures = [m.name for m in shape.measures]
        stats = engine.summary(key, measures) if measures else {}
        cached = (sum(s["count"] for s in stats.values()), sum(s["missing"] for s in stats.values()))
        cache.set(cache_key, cached, None)  # a release file never changes
    filled, missing = cached
    cells = filled + missing
    due = [row.period for row in schedule if row.planned <= today]
    absent = sorted(set(due) - set(release.periods))
    cell_share = filled / cells if cells else 1.0
    period_share = (len(due) - len(absent)) / len(due) if due else 1.0
    evidence = [
        _("%(filled)s dari %(cells)s sel ukuran terisi (%(pct)s%%).")
        % {"filled": filled, "cells": cells, "pct": pct(filled, cells) if cells else 100}
    ]
    if due:
        evidence.append(
            _("%(present)s dari %(due)s periode yang sudah jatuh tempo ada di rilis.")
            % {"present": len(due) - len(absent), "due": len(due)}
        )
    if absent:
        evidence.append(_("Periode belum ada: %(periods)s.") % {"periods": ", ".join(absent)})
    return Dimension("kelengkapan", str(LABELS["kelengkapan"]), round(100 * cell_share * period_share, 1), evidence)


def validity(published: list[DatasetVersion]) -> Dimension:
    clean = [v for v in published if v.warning_count == 0]
    evidence = [
        _("%(clean)s dari %(n)s versi terbit lolos validasi tanpa peringatan.")
        % {"clean": len(clean), "n": len(published)}
    ]
    links = [
        (f"v{v.number} ({v.period}): {v.warning_count}", v.get_absolute_url()) for v in published if v.warning_count
    ]
    return Dimension(
        "validitas", str(LABELS["validitas"]), pct(len(clean), len(published)) if published else None, evidence, links
    )


def timeliness(schedule: list[ScheduleRow], published: list[DatasetVersion]) -> Dimension:
    label = str(LABELS["ketepatan_waktu"])
    links = [(_("Laporan ketepatan waktu rilis"), reverse("schedule:report"))]
    first: dict[str, DatasetVersion] = {}
    for version in published:  # by period then number: the first publication of each period
        first.setdefault(version.period, version)
    lags = []
    for version in first.values():
        end = period_end(version.period)
        if end is not None and version.published_at is not None:
            lags.append((timezone.localtime(version.published_at).date() - end).days)
    lag_text = (
        [_("Rata-rata jarak akhir periode sampai terbit: %(days)s hari.") % {"days": round(sum(lags) / len(lags))}]
        if lags
        else []
    )
    if not schedule:
        return Dimension(
            "ketepatan_waktu",
            label,
            0.0,
            [_("Tidak ada jadwal rilis: ketepatan waktu tidak dapat dipantau."), *lag_text],
            links,
        )
    counts = Timeliness(None)
    for row in schedule:
        counts.add(row)
    evidence = [
        _("%(on_time)s dari %(due)s rilis yang jatuh tempo tepat waktu.")
        % {"on_time": counts.on_time, "due": counts.due},
        *[
            _("Periode %(period)s terlambat %(days)s hari (rencana %(planned)s).")
            % {"period": row.period, "days": row.delay, "planned": row.planned.strftime("%d-%m-%Y")}
            for row in schedule
            if row.status == ReleaseStatus.LATE
        ],
        *lag_text,
    ]
    return Dimension("ketepatan_waktu", label, counts.percent_on_time, evidence, links)


def metadata(dataset: Dataset, fields: list[Any], *, linked: bool) -> Dimension:
    """``linked``: MS-Var or MS-Ind linked to the dataset."""
    activity = dataset.activity
    accepted = activity is not None and activity.status == MetadataStatus.ACCEPTED
    bound = [f for f in fields if f.standard]
    facts = [100.0 if accepted else 0.0, 100.0 if linked else 0.0, pct(len(bound), len(fields))]
    evidence = [
        _("MS-Keg disepakati: %(answer)s.") % {"answer": _("ya") if accepted else _("tidak")},
        _("MS-Var/MS-Ind terhubung: %(answer)s.") % {"answer": _("ya") if linked else _("tidak")},
        _("%(bound)s dari %(n)s kolom terikat Standar Data.") % {"bound": len(bound), "n": len(fields)},
    ]
    links = (
        [(_("Kegiatan statistik"), reverse("metadata:activity", args=[activity.cycle.year, activity.pk]))]
        if activity
        else []
    )
    links.append((_("Skema dataset"), reverse("datasets:dataset", args=[dataset.slug])))
    return Dimension("metadata", str(LABELS["metadata"]), round(sum(facts) / 3, 1), evidence, links)


def accessibility(dataset: Dataset, formats: set[str]) -> Dimension:
    made = sorted(formats & set(PUBLIC_FORMATS))
    access = ACCESS_SCORES.get(AccessClass(dataset.access_class), 0.0)
    evidence = [
        _("Format unduhan tersedia: %(formats)s (%(n)s dari %(total)s).")
        % {"formats": ", ".join(made) or "—", "n": len(made), "total": len(PUBLIC_FORMATS)},
        _("Klasifikasi akses: %(cls)s.") % {"cls": dataset.get_access_class_display()},
    ]
    if dataset.access_class == AccessClass.TERBUKA:
        evidence.append(_("Tersedia lewat REST API, CKAN API, DCAT, Data Package dan JSON-stat."))
    score = round((pct(len(made), len(PUBLIC_FORMATS)) + access) / 2, 1)
    return Dimension("aksesibilitas", str(LABELS["aksesibilitas"]), score, evidence)


def comparability(release_versions: list[DatasetVersion], fields: list[Any]) -> Dimension:
    latest = max((v.schema.number for v in release_versions), default=0)
    same = [v for v in release_versions if v.schema.number == latest]
    wilayah = [f for f in fields if f.name.startswith("kode_") and f.role == "dimension"]
    coded = [f for f in wilayah if f.code_ref is not None]
    schema_share = pct(len(same), len(release_versions)) if release_versions else 100.0
    code_share = pct(len(coded), len(wilayah)) if wilayah else 100.0
    evidence = [
        _("%(same)s dari %(n)s periode memakai skema terbaru (skema %(schema)s).")
        % {"same": len(same), "n": len(release_versions), "schema": latest},
    ]
    if wilayah:
        evidence.append(
            _("%(coded)s dari %(n)s kolom kode terikat daftar kode.") % {"coded": len(coded), "n": len(wilayah)}
        )
    older = sorted({v.period for v in release_versions if v.schema.number != latest})
    if older:
        evidence.append(_("Periode dengan skema lama: %(periods)s.") % {"periods": ", ".join(older)})
    return Dimension(
        "keterbandingan", str(LABELS["keterbandingan"]), round((schema_share + code_share) / 2, 1), evidence
    )


def consistency(published: list[DatasetVersion], flagged: dict[int, list[str]]) -> Dimension:
    clean = [v for v in published if not flagged.get(v.pk)]
    evidence = [
        _("%(clean)s dari %(n)s versi terbit tanpa catatan rekonsiliasi terbuka.")
        % {"clean": len(clean), "n": len(published)}
    ]
    links = [
        (f"v{v.number} ({v.period}): {'; '.join(flagged[v.pk])[:120]}", v.get_absolute_url())
        for v in published
        if flagged.get(v.pk)
    ]
    return Dimension(
        "konsistensi",
        str(LABELS["konsistensi"]),
        pct(len(clean), len(published)) if published else None,
        evidence,
        links,
    )


# ---------------------------------------------------------------------------------------------
# Reading the facts


def scored_datasets(organization_ids: set[int] | None = None, *, dataset_id: int | None = None) -> list[Dataset]:
    """The published datasets with what scoring reads (``organization_ids``/``dataset_id``: only those)."""
    datasets = (
        Dataset.objects.filter(releases__file_key__gt="")
        .distinct()
        .select_related("organization", "activity__cycle")
        .prefetch_related(
            Prefetch("versions", queryset=DatasetVersion.objects.select_related("schema").order_by("period", "number")),
        )
        .order_by("organization__name", "title")
    )
    if organization_ids is not None:
        datasets = datasets.filter(organization_id__in=organization_ids)
    if dataset_id is not None:
        datasets = datasets.filter(pk=dataset_id)
    return list(datasets)


def dataset_quality(dataset: Dataset, *, today: dt.date | None = None) -> DatasetQuality | None:
    return next(iter(assess([dataset], today=today)), None)


def assess(datasets: list[Dataset], *, today: dt.date | None = None) -> list[DatasetQuality]:
    from satudata.datasets.models import ReconciliationFlag
    from satudata.portal.models import ReleaseFile

    today = today or timezone.localdate()
    ids = [d.pk for d in datasets]
    releases: dict[int, Release] = {}
    for found in Release.objects.filter(dataset_id__in=ids).exclude(file_key="").order_by("dataset_id", "-number"):
        releases.setdefault(found.dataset_id, found)
    release_versions: dict[int, list[DatasetVersion]] = defaultdict(list)
    for through in Release.versions.through.objects.filter(
        release_id__in=[r.pk for r in releases.values()]
    ).select_related("datasetversion__schema"):
        release_versions[through.release_id].append(through.datasetversion)
    formats: dict[int, set[str]] = defaultdict(set)
    for release_id, fmt in ReleaseFile.objects.filter(release_id__in=[r.pk for r in releases.values()]).values_list(
        "release_id", "fmt"
    ):
        formats[release_id].add(fmt)
    schedules: dict[int, list[ScheduleRow]] = defaultdict(list)
    for row in to_rows(base_queryset().filter(dataset_id__in=ids).order_by("planned_date"), today):
        schedules[row.entry.dataset_id].append(row)
    schemas: dict[int, SchemaVersion] = {}
    for found_schema in SchemaVersion.objects.filter(dataset_id__in=ids).order_by("dataset_id", "-number"):
        schemas.setdefault(found_schema.dataset_id, found_schema)  # each dataset's current schema
    linked = set(Dataset.variables.through.objects.filter(dataset_id__in=ids).values_list("dataset_id", flat=True))
    linked |= set(Dataset.indicators.through.objects.filter(dataset_id__in=ids).values_list("dataset_id", flat=True))
    flagged: dict[int, list[str]] = defaultdict(list)
    for flag in ReconciliationFlag.objects.filter(
        version__dataset_id__in=ids, version__status=VersionStatus.PUBLISHED
    ).select_related("version"):
        if flag.review_round == flag.version.review_round and not (flag.detail or {}).get("ok"):
            flagged[flag.version_id].append(flag.message)
    results = []
    for dataset in datasets:
        current = releases.get(dataset.pk)
        if current is None:
            continue
        schema = schemas.get(dataset.pk)
        fields: list[Any] = list(schema.table_schema.fields) if schema else []
        published = [v for v in dataset.versions.all() if v.status == VersionStatus.PUBLISHED]
        schedule = schedules.get(dataset.pk, [])
        results.append(
            DatasetQuality(
                dataset,
                current,
                [
                    completeness(current, schema, schedule, today),
                    validity(published),
                    timeliness(schedule, published),
                    metadata(dataset, fields, linked=dataset.pk in linked),
                    accessibility(dataset, formats.get(current.pk, set())),
                    comparability(release_versions.get(current.pk, []), fields),
                    consistency(published, flagged),
                ],
            )
        )
    return results


def by_organization(results: list[DatasetQuality]) -> list[OrganizationQuality]:
    """OPDs ranked by score, best first (ties by name)."""
    groups: dict[int, OrganizationQuality] = {}
    for result in results:
        org = result.dataset.organization
        groups.setdefault(org.pk, OrganizationQuality(org, [])).datasets.append(result)
    return sorted(groups.values(), key=lambda g: (-(g.score or 0), g.organization.name))


def weakest(results: list[DatasetQuality], limit: int = 10) -> list[DatasetQuality]:
    return sorted(results, key=lambda r: (r.score if r.score is not None else 101, r.dataset.title))[:limit]
