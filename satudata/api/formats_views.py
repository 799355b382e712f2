"""The machine formats of a published dataset: ``/dataset/<slug>/datapackage.json`` (a Frictionless
Data Package of the current release) and ``/dataset/<slug>.jsonstat`` (JSON-stat 2.0).

Like the portal's downloads, only Terbuka datasets with a published release answer; anything else
is 404, also for a token holder (these are public formats; restricted rows go through the REST
API). Answers are JSON built per request from the immutable release file, with an ETag of their
bytes (a 304 saves the transfer; the public page cache saves the work) and open to scripts on
other sites (CORS)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from satudata.api import datapackage, jsonstat
from satudata.datasets.models import Dataset, Release
from satudata.portal.files import ensure_file
from satudata.portal.views import public_datasets

CACHE = "public, max-age=300"


def _json(request: HttpRequest, body: dict[str, Any], *, status: int = 200) -> HttpResponse:
    content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    etag = f'"{hashlib.sha256(content).hexdigest()[:32]}"'
    if status == 200 and etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(content, status=status, content_type="application/json")
    if status == 200:
        response["ETag"] = etag
        response["Cache-Control"] = CACHE
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _not_found(request: HttpRequest, slug: str) -> HttpResponse:
    return _json(request, {
        "error": "not_found",
        "detail": f"Dataset terbuka “{slug}” tidak ada atau belum terbit.",
        "detail_en": f"There is no published open dataset “{slug}”.",
    }, status=404)  # fmt: skip


def _current_release(slug: str) -> Release | None:
    """The current release of a public dataset (``public_datasets`` guarantees it has data)."""
    datasets: QuerySet[Dataset] = public_datasets()
    dataset = datasets.filter(slug=slug).first()
    if dataset is None:
        return None
    release = dataset.latest_release()
    if release is not None:
        release.dataset = dataset  # with its organization, already fetched
    return release


def _csv_url(request: HttpRequest, release: Release) -> str:
    path = reverse("portal:download-release", kwargs={"slug": release.dataset.slug, "number": release.number,
                                                      "fmt": "csv"})  # fmt: skip
    return request.build_absolute_uri(path)


# Read-only: exempt from CSRF so that any other method gets require_safe's 405, not a 403.
@csrf_exempt
@require_safe
def datapackage_json(request: HttpRequest, slug: str) -> HttpResponse:
    release = _current_release(slug)
    if release is None:
        return _not_found(request, slug)
    dataset = release.dataset
    links = datapackage.Links(
        homepage=request.build_absolute_uri(reverse("portal:dataset", args=[slug])),
        organization=request.build_absolute_uri(reverse("portal:organization", args=[dataset.organization.slug])),
        csv=_csv_url(request, release),
    )
    return _json(request, datapackage.descriptor(release, ensure_file(release, "csv"), links))


@csrf_exempt
@require_safe
def jsonstat_json(request: HttpRequest, slug: str) -> HttpResponse:
    release = _current_release(slug)
    if release is None:
        return _not_found(request, slug)
    links = jsonstat.Links(
        href=request.build_absolute_uri(reverse("api-formats:jsonstat", args=[slug])),
        homepage=request.build_absolute_uri(reverse("portal:dataset", args=[slug])),
        csv=_csv_url(request, release),
        datapackage=request.build_absolute_uri(reverse("api-formats:datapackage", args=[slug])),
    )
    try:
        body = jsonstat.build(release, measure=request.GET.get("ukuran", "").strip()[:100], links=links)
    except jsonstat.Refusal as refusal:
        return _json(request, refusal.to_dict(), status=refusal.status)
    return _json(request, body)
