"""Datasets: the list, one dataset with its metadata, schema, versions and releases, and its rows
(filtered, sorted, paged by offset or keyset) and aggregates — all computed by the store."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from ninja import Field as ApiField
from ninja import P, PathEx, QueryEx, Router, Schema

from satudata import store
from satudata.api import permissions
from satudata.api.auth import Caller
from satudata.api.rest.errors import ApiError, bad_parameter, not_found, responses
from satudata.datasets.models import Dataset, DatasetVersion, Release
from satudata.datasets.schema import Field
from satudata.portal import search
from satudata.portal.metadata import public_metadata
from satudata.portal.views import catalogued_datasets, public_datasets
from satudata.store.engine import Filter, Sort

router = Router(tags=["datasets"])

MAX_ROWS = 10_000
# Bounds of integer parameters (database integers; beyond them nothing exists).
MAX_ID = 2**31 - 1
MAX_OFFSET = 10**9
MAX_GROUPS = 10_000
FORMATS = ("csv", "xlsx", "json", "html", "parquet")


# ---------------------------------------------------------------------------------------------
# Schemas


class OrganizationRef(Schema):
    slug: str
    name: str
    short_name: str


class DatasetSummary(Schema):
    id: str
    slug: str
    title: str
    description: str
    organization: OrganizationRef
    topic: str
    topic_label: str
    access_class: str
    frequency: str
    tingkat_penyajian: str
    unit: str
    licence: str
    keywords: list[str]
    is_priority: bool
    data_is_public: bool
    current_release: int | None
    periods: list[str]
    updated: dt.datetime
    page_url: str | None
    api_url: str


class DatasetList(Schema):
    count: int
    limit: int
    offset: int
    results: list[DatasetSummary]


class Column(Schema):
    name: str
    type: str
    title: str
    description: str
    role: str
    unit: str
    standard: str


class ReleaseOut(Schema):
    number: int
    periods: list[str]
    row_count: int
    size_bytes: int
    created: dt.datetime
    note: str
    downloads: dict[str, str]


class VersionOut(Schema):
    number: int
    period: str
    status: str
    status_label: str
    row_count: int
    error_count: int
    warning_count: int
    change_note: str
    created: dt.datetime
    validated_at: dt.datetime | None
    published_at: dt.datetime | None


class VersionDetail(VersionOut):
    report: dict[str, Any] | None


class Named(Schema):
    number: int
    name: str
    definition: str
    unit: str


class DatasetDetail(DatasetSummary):
    schema_descriptor: dict[str, Any] | None
    columns: list[Column]
    releases: list[ReleaseOut]
    activity: dict[str, Any] | None
    variables: list[Named]
    indicators: list[Named]


class RowsOut(Schema):
    dataset: str
    release: int | None
    version: int | None
    columns: list[Column]
    total: int | None
    limit: int
    offset: int
    next_cursor: str | None
    rows: list[dict[str, Any]]


class AnalysisOut(Schema):
    dataset: str
    release: int
    narrative: str | None = ApiField(None, description="the producer's narrative of the latest period, if any")
    narrative_period: str | None = None
    analysis: dict[str, Any] | None = ApiField(
        None, description="as satudata.analysis.descriptive.Analysis.as_dict(); null without a measure column"
    )


class AggregateOut(Schema):
    dataset: str
    release: int | None
    version: int | None
    group_by: list[str]
    measures: list[str]
    truncated: bool
    rows: list[dict[str, Any]]


# ---------------------------------------------------------------------------------------------
# Looking datasets up for a caller


def _caller(request: HttpRequest) -> Caller:
    caller: Caller = request.auth  # type: ignore[attr-defined]
    return caller


def readable(caller: Caller) -> QuerySet[Dataset]:
    return permissions.readable_datasets(caller, catalogued_datasets())


def get_dataset(caller: Caller, slug: str) -> Dataset:
    dataset = readable(caller).select_related("organization", "activity").filter(slug=slug).first()
    if dataset is None:
        raise not_found("Dataset", "Dataset", field="slug")
    return dataset


def _public_ids(ids: list[int]) -> set[int]:
    return set(public_datasets().filter(pk__in=ids).values_list("pk", flat=True))


def _data_is_public(dataset: Dataset) -> bool:
    """Terbuka with a current release; asked once per request (the dataset object is the request's)."""
    cached: bool | None = getattr(dataset, "_api_data_public", None)
    if cached is None:
        cached = dataset._api_data_public = dataset.pk in _public_ids([dataset.pk])  # type: ignore[attr-defined]
    return cached


def _releases(request: HttpRequest, dataset: Dataset, data_public: bool) -> list[dict[str, Any]]:
    return [
        {"number": r.number, "periods": r.periods, "row_count": r.row_count, "size_bytes": r.size_bytes,
         "created": r.created, "note": r.note, "downloads": _downloads(request, dataset, r, data_public)}
        for r in dataset.releases.exclude(file_key="").order_by("-number")
    ]  # fmt: skip


def _current_release(dataset: Dataset) -> Release | None:
    release = dataset.releases.order_by("-number").first()
    return release if release is not None and release.file_key else None


def _downloads(request: HttpRequest, dataset: Dataset, release: Release, data_public: bool) -> dict[str, str]:
    if not data_public:
        return {}
    return {
        fmt: request.build_absolute_uri(reverse("portal:download-release", args=[dataset.slug, release.number, fmt]))
        for fmt in FORMATS
    }


def summary(request: HttpRequest, dataset: Dataset, release: Release | None, data_public: bool) -> dict[str, Any]:
    catalogued = release is not None
    return {
        "id": str(dataset.uuid), "slug": dataset.slug, "title": dataset.title, "description": dataset.description,
        "organization": {"slug": dataset.organization.slug, "name": dataset.organization.name,
                         "short_name": dataset.organization.short_name},
        "topic": dataset.topic, "topic_label": str(dataset.get_topic_display()) if dataset.topic else "",
        "access_class": dataset.access_class, "frequency": dataset.frequency,
        "tingkat_penyajian": dataset.tingkat_penyajian, "unit": dataset.unit, "licence": dataset.licence,
        "keywords": dataset.keyword_list, "is_priority": dataset.is_priority, "data_is_public": data_public,
        "current_release": release.number if release else None, "periods": list(release.periods) if release else [],
        "updated": dataset.updated,
        "page_url": request.build_absolute_uri(reverse("portal:dataset", args=[dataset.slug])) if catalogued else None,
        "api_url": request.build_absolute_uri(reverse("api-v1:dataset", args=[dataset.slug])),
    }  # fmt: skip


def _columns(fields: list[Field]) -> list[dict[str, Any]]:
    return [
        {"name": f.name, "type": f.type, "title": f.label, "description": f.description, "role": f.role,
         "unit": f.unit, "standard": f.standard}
        for f in fields
    ]  # fmt: skip


def _schema_fields(dataset: Dataset) -> list[Field]:
    schema = dataset.current_schema
    return list(schema.table_schema.fields) if schema is not None else []


# ---------------------------------------------------------------------------------------------
# Endpoints: datasets


@router.get("/datasets", response=responses({200: DatasetList}), url_name="datasets")
def list_datasets(
    request: HttpRequest,
    q: str = "",
    organization: str = "",
    topic: str = "",
    access_class: str = "",
    limit: QueryEx[int, P(ge=1, le=1000)] = 50,
    offset: QueryEx[int, P(ge=0, le=MAX_OFFSET)] = 0,
) -> dict[str, Any]:
    """Datasets the caller may see: every catalogued dataset (Terbatas and Tertutup ones with their
    metadata only), plus, with a token, the unpublished datasets its owner may see. ``q`` searches
    as the portal's catalogue does (beginnings of words, accents ignored)."""
    caller = _caller(request)
    datasets = readable(caller).select_related("organization")
    if q.strip():
        # Evaluated here: the full-text query does not nest as a subquery on every database.
        matched = list(search.search(search.Query(q=q[:100])).entries.values_list("pk", flat=True))
        datasets = datasets.filter(Q(pk__in=matched) | Q(title__icontains=q.strip()[:100]))
    if organization:
        datasets = datasets.filter(organization__slug=organization)
    if topic:
        datasets = datasets.filter(topic=topic)
    if access_class:
        datasets = datasets.filter(access_class=access_class)
    datasets = datasets.order_by("title", "pk")
    page = list(datasets[offset : offset + limit])
    public = _public_ids([d.pk for d in page])
    releases = {r.dataset_id: r for r in Release.objects.filter(dataset__in=page).order_by("dataset_id", "number")}
    results = []
    for dataset in page:
        release = releases.get(dataset.pk)
        release = release if release is not None and release.file_key else None
        results.append(summary(request, dataset, release, dataset.pk in public))
    return {"count": datasets.count(), "limit": limit, "offset": offset, "results": results}


@router.get("/datasets/{slug}", response=responses({200: DatasetDetail}), url_name="dataset")
def dataset_detail(request: HttpRequest, slug: str) -> dict[str, Any]:
    """One dataset: its description, column schema (Frictionless Table Schema), releases with their
    download links (when its data is public) and its BPS metadata (public MS-Var and MS-Ind)."""
    caller = _caller(request)
    dataset = get_dataset(caller, slug)
    release = _current_release(dataset)
    data_public = _data_is_public(dataset)
    meta = public_metadata(dataset)
    schema = dataset.current_schema
    activity = dataset.activity
    return {
        **summary(request, dataset, release, data_public),
        "schema_descriptor": schema.descriptor if schema else None,
        "columns": _columns(_schema_fields(dataset)),
        "releases": _releases(request, dataset, data_public),
        "activity": {"id": activity.pk, "title": activity.title, "year": activity.year,
                     "api_url": request.build_absolute_uri(reverse("api-v1:activity", args=[activity.pk]))}
        if activity is not None and meta.keg_rows else None,
        "variables": [{"number": v.number, "name": v.name, "definition": v.definisi, "unit": v.satuan}
                      for v in meta.variables],
        "indicators": [{"number": i.number, "name": i.name, "definition": i.definisi, "unit": i.satuan}
                       for i in meta.indicators],
    }  # fmt: skip


@router.get("/datasets/{slug}/schema", response=responses({200: dict[str, Any]}), url_name="dataset-schema")
def dataset_schema(request: HttpRequest, slug: str) -> dict[str, Any]:
    """The dataset's current column schema as a Frictionless Table Schema descriptor."""
    dataset = get_dataset(_caller(request), slug)
    schema = dataset.current_schema
    if schema is None:
        raise not_found("Skema kolom", "Column schema")
    descriptor: dict[str, Any] = schema.descriptor
    return descriptor


def _version_out(version: DatasetVersion) -> dict[str, Any]:
    return {
        "number": version.number, "period": version.period, "status": version.status,
        "status_label": str(version.get_status_display()), "row_count": version.row_count,
        "error_count": version.error_count, "warning_count": version.warning_count,
        "change_note": version.change_note, "created": version.created, "validated_at": version.validated_at,
        "published_at": version.published_at,
    }  # fmt: skip


def _may_read_version(caller: Caller, version: DatasetVersion, data_public: bool) -> bool:
    """Published versions of public data are public; anything else follows the staff area's rules."""
    if version.published_at is not None and data_public:
        return True
    return permissions.can_read_version(caller, version)


@router.get("/datasets/{slug}/versions", response=responses({200: list[VersionOut]}), url_name="dataset-versions")
def dataset_versions(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """The dataset's versions the caller may see, newest first: the published ones for everyone
    (when the data is public); with a token, drafts and versions in review as on the web."""
    caller = _caller(request)
    dataset = get_dataset(caller, slug)
    data_public = _data_is_public(dataset)
    versions = dataset.versions.select_related("dataset").order_by("-number")
    return [_version_out(v) for v in versions if _may_read_version(caller, v, data_public)]


def get_version(caller: Caller, dataset: Dataset, number: int) -> DatasetVersion:
    version = dataset.versions.select_related("dataset").filter(number=number).first()
    data_public = _data_is_public(dataset)
    if version is None or not _may_read_version(caller, version, data_public):
        raise not_found("Versi", "Version", field="number")
    return version


@router.get("/datasets/{slug}/versions/{number}", response=responses({200: VersionDetail}), url_name="dataset-version")
def dataset_version(request: HttpRequest, slug: str, number: PathEx[int, P(ge=1, le=MAX_ID)]) -> dict[str, Any]:
    """One version with its validation report (the same report as on the web)."""
    caller = _caller(request)
    version = get_version(caller, get_dataset(caller, slug), number)
    return {**_version_out(version), "report": version.report or None}


@router.get("/datasets/{slug}/releases", response=responses({200: list[ReleaseOut]}), url_name="dataset-releases")
def dataset_releases(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """The dataset's releases, newest first; each is fixed and citable by its number."""
    caller = _caller(request)
    dataset = get_dataset(caller, slug)
    return _releases(request, dataset, _data_is_public(dataset))


# ---------------------------------------------------------------------------------------------
# Rows and aggregates


class Source(Schema):
    key: str
    release: int | None
    version: int | None


def _source(caller: Caller, dataset: Dataset, release: int | None, version: int | None) -> Source:
    """Which stored file the rows come from: a release (the current one by default) or a version."""
    if release is not None and version is not None:
        raise bad_parameter(
            "version", "Pilih salah satu: release atau version.", "Give either release or version, not both."
        )
    data_public = _data_is_public(dataset)
    if version is not None:
        found = get_version(caller, dataset, version)
        if not found.has_data or not permissions.can_read_rows(caller, dataset, is_public=data_public):
            raise not_found("Data versi", "Version data", field="version")
        return Source(key=found.file_key, release=None, version=found.number)
    if not permissions.can_read_rows(caller, dataset, is_public=data_public):
        raise ApiError(
            403, "restricted_data",
            "Data ini Terbatas atau Tertutup: baris datanya hanya untuk token yang berhak. Ajukan permintaan "
            "data melalui halaman dataset.",
            "This data is restricted: its rows need a token that may read them. Request access on the "
            "dataset's page.",
        )  # fmt: skip
    releases = dataset.releases.exclude(file_key="")
    chosen = releases.filter(number=release).first() if release is not None else releases.order_by("-number").first()
    if chosen is None:
        raise not_found("Rilis", "Release", field="release")
    return Source(key=chosen.file_key, release=chosen.number, version=None)


_INTEGER_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER")
_TRUE = {"true", "1", "ya", "yes"}
_FALSE = {"false", "0", "tidak", "no"}


def typed_value(column: str, duck_type: str, text: str) -> Any:
    """A filter's text as the column's type; a clear error naming the column otherwise."""
    try:
        if duck_type in _INTEGER_TYPES:
            return int(text)
        if duck_type in ("DOUBLE", "FLOAT", "REAL") or duck_type.startswith("DECIMAL"):
            return float(text)
        if duck_type == "BOOLEAN":
            lowered = text.lower()
            if lowered not in _TRUE | _FALSE:
                raise ValueError(text)
            return lowered in _TRUE
        if duck_type == "DATE":
            return dt.date.fromisoformat(text)
    except ValueError:
        raise bad_parameter(
            "filter",
            f"Nilai “{text}” tidak sesuai dengan tipe kolom {column} ({duck_type}).",
            f"The value “{text}” does not fit the type of column {column} ({duck_type}).",
        ) from None
    return text


def _is_numeric(duck_type: str) -> bool:
    return duck_type in _INTEGER_TYPES or duck_type in ("DOUBLE", "FLOAT", "REAL") or duck_type.startswith("DECIMAL")


FILTER_OPS = ("eq", "ne", "in", "gt", "gte", "lt", "lte", "contains")


def parse_filters(specs: list[str], known: dict[str, str]) -> list[Filter]:
    """``column:op:value`` (``in`` takes values separated by commas)."""
    filters: list[Filter] = []
    for spec in specs:
        parts = spec.split(":", 2)
        if len(parts) != 3:
            raise bad_parameter(
                "filter", f"Saringan “{spec}” harus berbentuk kolom:operator:nilai (mis. tahun:gte:2020).",
                f"The filter “{spec}” must read column:operator:value (e.g. tahun:gte:2020).",
            )  # fmt: skip
        column, op, text = parts
        if column not in known:
            raise bad_parameter(
                "filter", f"Kolom “{column}” tidak ada. Kolom yang ada: {', '.join(known)}.",
                f"There is no column “{column}”. Columns: {', '.join(known)}.",
            )  # fmt: skip
        if op not in FILTER_OPS:
            raise bad_parameter(
                "filter", f"Operator “{op}” tidak dikenal; gunakan salah satu dari {', '.join(FILTER_OPS)}.",
                f"Unknown operator “{op}”; use one of {', '.join(FILTER_OPS)}.",
            )  # fmt: skip
        if op == "in":
            filters.append((column, "in", [typed_value(column, known[column], v) for v in text.split(",")]))
        elif op == "contains":
            filters.append((column, "contains", text))
        else:
            filters.append((column, op, typed_value(column, known[column], text)))
    return filters


def parse_sort(text: str, known: dict[str, str]) -> list[Sort]:
    """``col,-col2``: ascending, or descending with a minus."""
    order: list[Sort] = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        name, direction = (part[1:], "desc") if part.startswith("-") else (part, "asc")
        if name not in known:
            raise bad_parameter(
                "sort", f"Tidak dapat mengurutkan menurut “{name}”: kolom tidak ada.",
                f"Cannot sort by “{name}”: no such column.",
            )  # fmt: skip
        order.append((name, direction))
    return order


def parse_fields(text: str, known: dict[str, str]) -> list[str] | None:
    if not text.strip():
        return None
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in known]
    if unknown:
        raise bad_parameter(
            "fields", f"Kolom tidak ada: {', '.join(unknown)}.", f"No such columns: {', '.join(unknown)}."
        )
    return names


def encode_cursor(after: list[Any], sort: str) -> str:
    raw = json.dumps({"a": after, "s": sort}, default=str, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> list[Any]:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        after, used_sort = data["a"], data["s"]
        if not isinstance(after, list):
            raise ValueError(after)
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise bad_parameter(
            "cursor", "Kursor halaman tidak sah; gunakan next_cursor dari jawaban sebelumnya.",
            "Invalid page cursor; use next_cursor from the previous answer.",
        ) from None  # fmt: skip
    if used_sort != sort:
        raise bad_parameter(
            "cursor", "Kursor ini dibuat untuk urutan lain; ulangi tanpa kursor.",
            "This cursor belongs to another sort order; start again without a cursor.",
        )  # fmt: skip
    return after


def _store_error(exc: store.StoreError) -> ApiError:
    return bad_parameter("filter", str(exc), str(exc))


def _known(key: str) -> dict[str, str]:
    return store.schema(key)


def _file_columns(dataset: Dataset, known: dict[str, str]) -> list[dict[str, Any]]:
    fields = {f.name: f for f in _schema_fields(dataset)}
    out = []
    for name, duck_type in known.items():
        field = fields.get(name)
        columns = _columns([field]) if field else []
        out.append(columns[0] if columns else {"name": name, "type": duck_type.lower(), "title": name,
                                               "description": "", "role": "", "unit": "", "standard": ""})  # fmt: skip
    return out


@router.get("/datasets/{slug}/rows", response=responses({200: RowsOut}, 403), url_name="dataset-rows")
def dataset_rows(
    request: HttpRequest,
    slug: str,
    release: QueryEx[int | None, P(ge=1, le=MAX_ID)] = None,
    version: QueryEx[int | None, P(ge=1, le=MAX_ID)] = None,
    filter: QueryEx[
        list[str] | None, P(description="kolom:operator:nilai; operator eq ne in gt gte lt lte contains")
    ] = None,
    sort: QueryEx[str, P(description="kolom,-kolom2 (minus: menurun)")] = "",
    fields: QueryEx[str, P(description="kolom yang diambil, dipisah koma")] = "",
    limit: QueryEx[int, P(ge=0, le=MAX_ROWS)] = 100,
    offset: QueryEx[int, P(ge=0, le=MAX_OFFSET)] = 0,
    cursor: QueryEx[str, P(description="next_cursor dari halaman sebelumnya (paging keyset)")] = "",
    total: bool = True,
) -> dict[str, Any]:
    """Rows of the current release (or ``release``, or, with a token, a ``version``): filtered,
    sorted and paged by the store. Page with ``offset``, or — faster and stable on big tables —
    with ``cursor`` (keyset paging: pass back ``next_cursor``)."""
    caller = _caller(request)
    dataset = get_dataset(caller, slug)
    source = _source(caller, dataset, release, version)
    known = _known(source.key)
    filters = parse_filters(filter or [], known)
    order = parse_sort(sort, known)
    columns = parse_fields(fields, known)
    after = decode_cursor(cursor, sort) if cursor else None
    if after is not None and offset:
        raise bad_parameter("offset", "Pilih salah satu: offset atau cursor.", "Give either offset or cursor.")
    try:
        page = store.read(
            source.key, columns=columns, filters=filters, sort=order, offset=offset, limit=limit, after=after
        )
        count = store.count(source.key, filters=filters) if total else None
    except store.StoreError as exc:
        raise _store_error(exc) from None
    selected = {name: known[name] for name in page.columns}
    return {
        "dataset": dataset.slug, "release": source.release, "version": source.version,
        "columns": _file_columns(dataset, selected), "total": count, "limit": limit, "offset": offset,
        "next_cursor": encode_cursor(page.next_after, sort) if page.next_after is not None else None,
        "rows": page.rows,
    }  # fmt: skip


def parse_measures(specs: list[str], known: dict[str, str]) -> list[tuple[str, str]]:
    measures: list[tuple[str, str]] = []
    for spec in specs or ["count"]:
        if spec == "count":
            measures.append(("*", "count"))
            continue
        func, _sep, column = spec.partition(":")
        if func not in store.FUNCS or not column:
            raise bad_parameter(
                "measure", f"Ukuran “{spec}” harus berbentuk fungsi:kolom dengan fungsi {', '.join(store.FUNCS)} "
                "(atau count saja).",
                f"The measure “{spec}” must read function:column with a function of {', '.join(store.FUNCS)} "
                "(or just count).",
            )  # fmt: skip
        if column not in known:
            raise bad_parameter("measure", f"Kolom “{column}” tidak ada.", f"There is no column “{column}”.")
        if func in ("sum", "mean") and not _is_numeric(known[column]):
            raise bad_parameter(
                "measure", f"{func} tidak dapat dihitung: “{column}” bukan kolom angka.",
                f"Cannot compute {func}: “{column}” is not a number column.",
            )  # fmt: skip
        measures.append((column, func))
    return measures


@router.get("/datasets/{slug}/aggregate", response=responses({200: AggregateOut}, 403), url_name="dataset-aggregate")
def dataset_aggregate(
    request: HttpRequest,
    slug: str,
    group_by: QueryEx[str, P(description="kolom pengelompokan, dipisah koma")] = "",
    measure: QueryEx[list[str] | None, P(description="fungsi:kolom (sum, mean, count, min, max) atau count")] = None,
    filter: QueryEx[list[str] | None, P(description="kolom:operator:nilai, seperti pada /rows")] = None,
    release: QueryEx[int | None, P(ge=1, le=MAX_ID)] = None,
    version: QueryEx[int | None, P(ge=1, le=MAX_ID)] = None,
) -> dict[str, Any]:
    """Grouped sums, means, counts, minima and maxima computed by the store (DuckDB), e.g.
    ``group_by=tahun&measure=sum:jumlah_penduduk``. At most 10,000 groups are returned."""
    caller = _caller(request)
    dataset = get_dataset(caller, slug)
    source = _source(caller, dataset, release, version)
    known = _known(source.key)
    groups = parse_fields(group_by, known) or []
    measures = parse_measures(measure or [], known)
    try:
        rows = store.aggregate(
            source.key, group_by=groups, measures=measures, filters=parse_filters(filter or [], known)
        )
    except store.StoreError as exc:
        raise bad_parameter("measure", str(exc), str(exc)) from None
    return {
        "dataset": dataset.slug, "release": source.release, "version": source.version, "group_by": groups,
        "measures": ["count" if c == "*" else f"{f}_{c}" for c, f in measures],
        "truncated": len(rows) > MAX_GROUPS, "rows": rows[:MAX_GROUPS],
    }  # fmt: skip


@router.get("/datasets/{slug}/analysis", response=responses({200: AnalysisOut}, 403), url_name="dataset-analysis")
def dataset_analysis(
    request: HttpRequest,
    slug: str,
    measure: QueryEx[
        str | None, P(description="the measure column analysed over periods, categories and areas")
    ] = None,
    release: QueryEx[int | None, P(ge=1, le=MAX_ID)] = None,
) -> dict[str, Any]:
    """The descriptive analysis of a release (SOP step 12), as the dataset page shows it: per measure
    count, missing, min, max, mean, median, sum; per period the value and its growth; the trend; shares
    of small categories; ranking and spread of the kecamatan; sentences in Indonesian. Computed by the
    store; the same access rule as ``/rows``."""
    from satudata.analysis.descriptive import analyse
    from satudata.analysis.summary import release_narratives
    from satudata.portal.charts import ChartParamError

    caller = _caller(request)
    dataset = get_dataset(caller, slug)
    source = _source(caller, dataset, release, None)
    assert source.release is not None  # _source without a version gives a release
    found = dataset.releases.get(number=source.release)
    try:
        analysis = analyse(found, dataset, measure=measure)
    except ChartParamError:
        raise bad_parameter(
            "measure",
            f"Kolom ukuran “{measure}” tidak ada di rilis ini.",
            f"No measure column “{measure}” in this release.",
        ) from None
    narratives = release_narratives(found)
    return {
        "dataset": dataset.slug, "release": source.release,
        "narrative": narratives[0].narrative if narratives else None,
        "narrative_period": narratives[0].period if narratives else None,
        "analysis": analysis.as_dict() if analysis is not None else None,
    }  # fmt: skip
