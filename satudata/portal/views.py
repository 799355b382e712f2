"""The public side, first part: a catalogue of open datasets, each dataset's page with a table
preview, and its downloads at stable URLs. Only Terbuka datasets with a published release are
public here; Terbatas and Tertutup data (and unpublished versions) answer 404 on every URL."""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.db.models import F, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from satudata import store
from satudata.accounts.models import Organization
from satudata.datasets.models import Dataset, Release
from satudata.portal.files import FORMATS, ensure_file
from satudata.portal.models import DownloadCount
from satudata.reference.models import AccessClass

PAGE_ROWS = 25


def public_datasets() -> QuerySet[Dataset]:
    return (
        Dataset.objects.filter(access_class=AccessClass.TERBUKA, releases__file_key__gt="")
        .distinct()
        .select_related("organization")
    )


def catalog(request: HttpRequest) -> HttpResponse:
    datasets = public_datasets().order_by("title")
    q = request.GET.get("q", "").strip()[:100]
    if q:
        # A first, portable search; full-text search (FTS5 / tsvector) replaces it.
        datasets = datasets.filter(
            Q(title__icontains=q) | Q(description__icontains=q) | Q(keywords__icontains=q)
            | Q(organization__name__icontains=q) | Q(organization__short_name__icontains=q)
        )  # fmt: skip
    org = request.GET.get("opd", "")
    if org:
        datasets = datasets.filter(organization__slug=org)
    page = Paginator(datasets, 20).get_page(request.GET.get("hal"))
    organizations = Organization.objects.filter(datasets__in=public_datasets()).distinct().order_by("name")
    context = {"page": page, "q": q, "opd": org, "organizations": organizations}
    return render(request, "portal/catalog.html", context)


def _public(slug: str) -> Dataset:
    return get_object_or_404(public_datasets(), slug=slug)


def _release(dataset: Dataset, number: int | None) -> Release:
    releases = dataset.releases.exclude(file_key="")
    release = releases.order_by("-number").first() if number is None else releases.filter(number=number).first()
    if release is None:
        raise Http404
    return release


def dataset_page(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = _public(slug)
    release = _release(dataset, None)
    columns = list(store.schema(release.file_key))
    sort_col = request.GET.get("urut", "")
    direction = "desc" if request.GET.get("arah") == "turun" else "asc"
    sort = [(sort_col, direction)] if sort_col in columns else None
    total = store.count(release.file_key)
    page = Paginator(range(total), PAGE_ROWS).get_page(request.GET.get("hal"))
    rows = store.read(release.file_key, sort=sort, offset=(page.number - 1) * PAGE_ROWS, limit=PAGE_ROWS).rows
    schema = dataset.current_schema
    fields = {f.name: f for f in schema.table_schema.fields} if schema else {}
    context = {
        "dataset": dataset,
        "release": release,
        "releases": dataset.releases.exclude(file_key="").order_by("-number"),
        "columns": [(c, fields.get(c)) for c in columns],
        "rows": [[row[c] for c in columns] for row in rows],
        "page": page,
        "sort_col": sort_col if sort else "",
        "direction": direction,
        "formats": ["csv", "xlsx", "json", "html", "parquet"],
        "json_ld": json.dumps(_json_ld(request, dataset, release), ensure_ascii=False),
    }
    return render(request, "portal/dataset.html", context)


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
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": store.MEDIA_TYPES[fmt].split(";")[0],
                "contentUrl": request.build_absolute_uri(reverse("portal:download", args=[dataset.slug, fmt])),
            }
            for fmt in ("csv", "xlsx", "json", "html")
        ],
    }


def download(request: HttpRequest, slug: str, fmt: str, number: int | None = None) -> HttpResponse | FileResponse:
    """``/dataset/<slug>.<fmt>`` (the current release) and ``/dataset/<slug>/v<N>.<fmt>`` (release N,
    never changing). ``?bom=1`` on CSV adds a byte-order mark for Excel."""
    if fmt not in FORMATS or fmt == "csv-bom":
        raise Http404
    if fmt == "csv" and request.GET.get("bom") == "1":
        fmt = "csv-bom"
    dataset = _public(slug)
    release = _release(dataset, number)
    made = ensure_file(release, fmt)
    etag = f'"{made.sha256}"'
    cache = "public, max-age=31536000, immutable" if number is not None else "public, max-age=300"
    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        response: HttpResponse | FileResponse = HttpResponseNotModified()
    else:
        path = store.export_path(made.relpath)
        response = FileResponse(
            path.open("rb"),
            content_type=store.MEDIA_TYPES[FORMATS[fmt]],
            filename=path.name,
            as_attachment=fmt != "html",
        )
        counted = DownloadCount.objects.filter(
            dataset=dataset, release_number=release.number, fmt=fmt, day=timezone.localdate()
        ).update(count=F("count") + 1)
        if not counted:
            DownloadCount.objects.get_or_create(
                dataset=dataset, release_number=release.number, fmt=fmt, day=timezone.localdate(),
                defaults={"count": 1},
            )  # fmt: skip
    response["ETag"] = etag
    response["Cache-Control"] = cache
    return response
