"""The public side, first part: a catalogue of open datasets, each dataset's page with a table
preview, and its downloads at stable URLs. Only Terbuka datasets with a published release are
public here; Terbatas and Tertutup data (and unpublished versions) answer 404 on every URL."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, QuerySet, Subquery
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from satudata import store
from satudata.accounts.models import Organization
from satudata.analysis import summary as analysis_summary
from satudata.core.middleware import page_generation
from satudata.datasets.models import Dataset, Release, TingkatPenyajian
from satudata.metadata.codes import SEKTOR_KEGIATAN
from satudata.portal import chart_views, search
from satudata.portal.files import FORMATS, ensure_file
from satudata.portal.metadata import public_metadata
from satudata.portal.models import DownloadCount, SearchEntry
from satudata.reference.models import AccessClass
from satudata.schedule import queries as schedule_queries
from satudata.store.engine import Filter

PAGE_ROWS = 25


def _with_current_release() -> QuerySet[Dataset]:
    """Datasets whose newest release has data. When every period is withdrawn the newest release
    is empty, and the dataset leaves the public side (older releases included)."""
    newest = Release.objects.filter(dataset=OuterRef("pk")).order_by("-number").values("file_key")[:1]
    return Dataset.objects.annotate(current_file=Subquery(newest)).filter(current_file__gt="")


def public_datasets() -> QuerySet[Dataset]:
    """Datasets whose *data* is public: Terbuka, with a current release."""
    return _with_current_release().filter(access_class=AccessClass.TERBUKA).select_related("organization")


def facet_labels() -> dict[str, dict[str, str]]:
    """Labels of the facets' codes in the language of the request."""
    return {
        "topik": {str(k): str(v) for k, v in SEKTOR_KEGIATAN.choices},
        "tingkat": {str(k): str(v) for k, v in TingkatPenyajian.choices},
        "akses": {str(k): str(v) for k, v in AccessClass.choices},
    }


CATALOG_PAGE = 20


def catalog(request: HttpRequest) -> HttpResponse:
    return _catalog(request, search.Query.from_params(request.GET), "portal/catalog.html", {})


def organizations(request: HttpRequest) -> HttpResponse:
    counts = dict(
        SearchEntry.objects.values_list("organization_id").annotate(n=Count("pk")).values_list("organization_id", "n")
    )
    orgs = [(o, counts.get(o.pk, 0)) for o in Organization.objects.filter(is_active=True).order_by("name")]
    orgs = [(o, n) for o, n in orgs if n or o.kind != Organization.Kind.VERTIKAL]
    return render(request, "portal/organizations.html", {"organizations": orgs})


def organization(request: HttpRequest, slug: str) -> HttpResponse:
    org = get_object_or_404(Organization, slug=slug)
    query = search.Query.from_params(request.GET)
    query.opd = org.slug
    return _catalog(request, query, "portal/organization.html", {"organization": org})


def topics(request: HttpRequest) -> HttpResponse:
    counts = dict(SearchEntry.objects.exclude(topic="").values_list("topic").annotate(n=Count("pk")))
    rows = [(code, label, counts[code]) for code, label in SEKTOR_KEGIATAN.choices if code in counts]
    return render(request, "portal/topics.html", {"topics": rows})


def topic(request: HttpRequest, code: str) -> HttpResponse:
    label = facet_labels()["topik"].get(code)
    if label is None:
        raise Http404
    query = search.Query.from_params(request.GET)
    query.topik = code
    return _catalog(request, query, "portal/topic.html", {"topic_code": code, "topic_label": label})


def _catalog(request: HttpRequest, query: search.Query, template: str, extra: dict[str, object]) -> HttpResponse:
    labels = facet_labels()
    result = search.search(query, facet_labels=labels)
    page = Paginator(result.entries, CATALOG_PAGE).get_page(request.GET.get("hal"))
    fixed = {"opd"} if "organization" in extra else {"topik"} if "topic_code" in extra else set()
    params = {name: getattr(query, name) for name in ("q", *query.FILTERS, "urut") if name not in fixed}
    context = {
        **extra,
        "query": query,
        "page": page,
        "fallback": result.fallback,
        "facets": [_facet_links(f, params) for f in result.facets if f.param not in fixed],
        "sorts": [(s, SORT_LABELS[s], _url_with(params, urut=s)) for s in query.SORTS if s != "relevansi" or query.q],
        "active": [(f.label, _option_label(f), _url_with(params, **{f.param: ""})) for f in result.facets
                   if f.selected and f.param not in fixed],
        "page_url": _url_with(params, hal=""),
        "labels": labels,
    }  # fmt: skip
    return render(request, template, context)


SORT_LABELS = {
    "relevansi": _("Paling cocok"),
    "terbaru": _("Terbaru"),
    "nama": _("Nama"),
    "unduhan": _("Paling banyak diunduh"),
}


def _url_with(params: dict[str, str], **changes: str) -> str:
    merged = {**params, **changes}
    return "?" + urlencode({k: v for k, v in merged.items() if v and k != "hal"})


def _option_label(facet: search.Facet) -> str:
    return next((label for value, label, _n in facet.options if value == facet.selected), facet.selected)


def _facet_links(facet: search.Facet, params: dict[str, str]) -> dict[str, object]:
    options = [
        {"label": label, "count": n, "selected": value == facet.selected,
         "url": _url_with(params, **{facet.param: "" if value == facet.selected else value})}
        for value, label, n in facet.options
    ]  # fmt: skip
    return {"param": facet.param, "label": facet.label, "options": options}


def catalogued_datasets() -> QuerySet[Dataset]:
    """Datasets whose page is public: every dataset with a published release. Only Terbuka ones
    show and serve their data; Terbatas and Tertutup ones show their metadata only."""
    return _with_current_release().select_related("organization", "activity")


def _public(slug: str) -> Dataset:
    """A dataset whose *data* is public (downloads, table, charts)."""
    return get_object_or_404(public_datasets(), slug=slug)


def _release(dataset: Dataset, number: int | None) -> Release:
    """Release ``number``, or the current (newest) one; 404 if it has no data."""
    releases = dataset.releases.all()
    release = releases.order_by("-number").first() if number is None else releases.filter(number=number).first()
    if release is None or not release.file_key:
        raise Http404
    return release


# Table filters in the URL: ``k.<column>=<text>``. Text columns match a part of the text; number
# columns take a number, or a comparison such as ">=100".
FILTER_PREFIX = "k."
_COMPARISON = re.compile(r"^\s*(>=|<=|>|<|=)?\s*(-?[\d.,]+)\s*$")
_OPS = {">=": "gte", "<=": "lte", ">": "gt", "<": "lt", "=": "eq", None: "eq"}


def table_filters(
    params: Any, fields: dict[str, Any], columns: list[str]
) -> tuple[list[Filter], dict[str, str], list[str]]:
    """Store filters from the URL, the values to show back in the form, and Indonesian messages
    for values that cannot be used (the filter is then left out)."""
    filters: list[Filter] = []
    values: dict[str, str] = {}
    errors: list[str] = []
    for column in columns:
        raw = str(params.get(FILTER_PREFIX + column, "")).strip()[:100]
        if not raw:
            continue
        values[column] = raw
        field = fields.get(column)
        if field is not None and field.is_numeric:
            match = _COMPARISON.match(raw)
            number = parse_number(match.group(2)) if match else None
            if match is None or number is None:
                label = field.label
                errors.append(
                    gettext("Saringan kolom “%(column)s”: “%(value)s” bukan angka (contoh: 100, >=100, <50).")
                    % {"column": label, "value": raw}
                )
                continue
            filters.append((column, _OPS[match.group(1)], number))
        else:
            filters.append((column, "contains", raw))
    return filters, values, errors


def parse_number(text: str) -> float | int | None:
    """A number written the Indonesian way (1.234,5) or the machine way (1234.5)."""
    text = text.strip()
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") > 1 or re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    try:
        value = float(text)
    except ValueError:
        return None
    # Beyond what a column holds (and what the store can bind): not a usable filter.
    if not math.isfinite(value) or abs(value) > 1e15:
        return None
    return int(value) if value.is_integer() else value


def dataset_page(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = get_object_or_404(catalogued_datasets(), slug=slug)
    release = _release(dataset, None)
    meta = public_metadata(dataset)
    schedule_rows = schedule_queries.for_dataset(dataset)
    context: dict[str, Any] = {
        "dataset": dataset,
        "release": release,
        "meta": meta,
        "releases": dataset.releases.exclude(file_key="").order_by("-number"),
        "versions": dataset.versions.filter(published_at__isnull=False).order_by("-published_at"),
        "is_open": dataset.access_class == AccessClass.TERBUKA,
        "formats": ["csv", "xlsx", "json", "html", "parquet"],
        "schedule_rows": schedule_rows,
        "last_due": next((r for r in reversed(schedule_rows) if not r.is_upcoming), None),
        "json_ld": json.dumps(_json_ld(request, dataset, release), ensure_ascii=False),
    }
    if context["is_open"]:
        context.update(_table(request, release, {c.field.name: c.field for c in meta.columns}))
        context.update(chart_views.chart_context(request, dataset, release))
        context.update(analysis_summary.summary_context(release, dataset, ranking=analysis_summary.PUBLIC_RANKING))
    return render(request, "portal/dataset.html", context)


def _table(request: HttpRequest, release: Release, fields: dict[str, Any]) -> dict[str, Any]:
    """One page of the release's rows, filtered and sorted by the store (never the whole table)."""
    columns = [c for c in store.schema(release.file_key) if c != store.ROWNUM]
    filters, values, errors = table_filters(request.GET, fields, columns)
    sort_col = request.GET.get("urut", "")
    direction = "desc" if request.GET.get("arah") == "turun" else "asc"
    sort = [(sort_col, direction)] if sort_col in columns else None
    total = store.count(release.file_key, filters=filters or None)
    page = Paginator(range(total), PAGE_ROWS).get_page(request.GET.get("hal"))
    rows = store.read(
        release.file_key, filters=filters or None, sort=sort, offset=(page.number - 1) * PAGE_ROWS, limit=PAGE_ROWS
    ).rows
    keep = {FILTER_PREFIX + c: v for c, v in values.items()}
    years = {name for name, f in fields.items() if f.type == "year"}
    return {
        "columns": [(c, fields.get(c), values.get(c, "")) for c in columns],
        # Years are labels, not quantities: 2024, never "2.024".
        "rows": [[str(row[c]) if c in years and row[c] is not None else row[c] for c in columns] for row in rows],
        "page": page,
        "sort_col": sort_col if sort else "",
        "direction": direction,
        "filter_errors": errors,
        "filter_query": urlencode(keep),
        "sort_query": urlencode(
            {**keep, **({"urut": sort_col, "arah": "turun" if direction == "desc" else "naik"} if sort else {})}
        ),
        "filtered": bool(filters),
    }


def table_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """The table as filtered on the page, as CSV (the whole release is the plain download)."""
    dataset = _public(slug)
    release = _release(dataset, None)
    schema_fields = {f.name: f for f in dataset.current_schema.table_schema.fields} if dataset.current_schema else {}
    columns = [c for c in store.schema(release.file_key) if c != store.ROWNUM]
    filters, _values, _errors = table_filters(request.GET, schema_fields, columns)

    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        after = None
        while True:
            page = store.read(release.file_key, filters=filters or None, limit=5000, after=after)
            for row in page.rows:
                writer.writerow([store.csv_safe(row[c]) for c in columns])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            if page.next_after is None or len(page.rows) < 5000:
                return
            after = page.next_after

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{dataset.slug}-tersaring.csv"'
    return response


def _json_ld(request: HttpRequest, dataset: Dataset, release: Release) -> dict[str, object]:
    """schema.org Dataset, for search engines."""
    url = request.build_absolute_uri(reverse("portal:dataset", args=[dataset.slug]))
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": dataset.title,
        "description": dataset.description or dataset.title,
        "url": url,
        "keywords": dataset.keyword_list,
        "license": str(dataset.get_licence_display()),
        "creator": {"@type": "GovernmentOrganization", "name": dataset.organization.name},
        "temporalCoverage": "/".join([release.periods[0], release.periods[-1]]) if release.periods else None,
        "dateModified": timezone.localtime(release.created).date().isoformat(),
        "conditionsOfAccess": str(dataset.get_access_class_display()),
        # Restricted data has no public download to announce.
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": store.MEDIA_TYPES[fmt].split(";")[0],
                "contentUrl": request.build_absolute_uri(reverse("portal:download", args=[dataset.slug, fmt])),
            }
            for fmt in ("csv", "xlsx", "json", "html")
        ]
        if dataset.access_class == AccessClass.TERBUKA
        else [],
    }


@dataclass(frozen=True)
class _Located:
    dataset_id: int
    release_number: int
    relpath: str
    sha256: str


def _locate_download(slug: str, number: int | None, fmt: str) -> _Located:
    """Which file answers a download URL. Remembered in the shared cache like the public pages
    (under their generation, which any publication, withdrawal or change of access class renews,
    for at most ``SATUDATA_PAGE_CACHE_SECONDS``), so that a 304 costs no query and a download only
    its count."""
    seconds = settings.SATUDATA_PAGE_CACHE_SECONDS
    key = f"download:{page_generation()}:{slug}:{number}:{fmt}"
    located: _Located | None = cache.get(key) if seconds else None
    if located is None or not store.export_path(located.relpath).is_file():
        dataset = _public(slug)
        release = _release(dataset, number)
        made = ensure_file(release, fmt)
        located = _Located(dataset.pk, release.number, made.relpath, made.sha256)
        if seconds:
            cache.set(key, located, seconds)
    return located


def download(request: HttpRequest, slug: str, fmt: str, number: int | None = None) -> HttpResponse | FileResponse:
    """``/dataset/<slug>.<fmt>`` (the current release) and ``/dataset/<slug>/v<N>.<fmt>`` (release N,
    never changing). ``?bom=1`` on CSV adds a byte-order mark for Excel."""
    if fmt not in FORMATS or fmt == "csv-bom":
        raise Http404
    if fmt == "csv" and request.GET.get("bom") == "1":
        fmt = "csv-bom"
    located = _locate_download(slug, number, fmt)
    etag = f'"{located.sha256}"'
    cache_control = "public, max-age=31536000, immutable" if number is not None else "public, max-age=300"
    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        response: HttpResponse | FileResponse = HttpResponseNotModified()
    else:
        path = store.export_path(located.relpath)
        response = FileResponse(
            path.open("rb"),
            content_type=store.MEDIA_TYPES[FORMATS[fmt]],
            filename=path.name,
            as_attachment=fmt != "html",
        )
        counted = DownloadCount.objects.filter(
            dataset_id=located.dataset_id, release_number=located.release_number, fmt=fmt, day=timezone.localdate()
        ).update(count=F("count") + 1)
        if not counted:
            DownloadCount.objects.get_or_create(
                dataset_id=located.dataset_id, release_number=located.release_number, fmt=fmt,
                day=timezone.localdate(), defaults={"count": 1},
            )  # fmt: skip
        search.count_download(located.dataset_id)
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    return response


def sitemap(request: HttpRequest) -> HttpResponse:
    """Pages for search engines: the portal's lists and every catalogued dataset's page (metadata
    of restricted datasets is public; their data has no URL here)."""
    base = request.build_absolute_uri("/").rstrip("/")
    urls: list[tuple[str, str]] = [(reverse(name), "") for name in (
        "core:home", "portal:catalog", "portal:organizations", "portal:topics", "schedule:calendar",
        "publications:list", "publications:news", "publications:format-guide",
    )]  # fmt: skip
    entries = SearchEntry.objects.select_related("dataset", "organization").order_by("sort_title")
    slugs = set()
    for e in entries:
        urls.append(
            (reverse("portal:dataset", args=[e.dataset.slug]), timezone.localtime(e.modified).date().isoformat())
        )
        slugs.add(e.organization.slug)
    urls += [(reverse("portal:organization", args=[slug]), "") for slug in sorted(slugs)]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path, modified in urls:
        lastmod = f"<lastmod>{modified}</lastmod>" if modified else ""
        lines.append(f"<url><loc>{escape(base + path)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return HttpResponse("\n".join(lines), content_type="application/xml; charset=utf-8")


def robots(request: HttpRequest) -> HttpResponse:
    sitemap_url = request.build_absolute_uri(reverse("portal:sitemap"))
    body = f"User-agent: *\nDisallow: /kelola/\nDisallow: /akses/\nDisallow: /accounts/\nSitemap: {sitemap_url}\n"
    return HttpResponse(body, content_type="text/plain; charset=utf-8")
