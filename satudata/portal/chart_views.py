"""Charts and the kecamatan map of the public dataset page: the chart's numbers as JSON (for
chart.js) and CSV, and the region's boundaries. Like every public URL, only Terbuka datasets with a
published release answer; the rest is 404 (through ``views._public``)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from satudata import store
from satudata.datasets.models import Dataset, Release
from satudata.portal import charts, views
from satudata.reference.models import AccessClass

# ``views`` is imported as a module (``views._public`` at call time), so that views.py may import
# this module too, for chart_context.
PARAMS = ("jenis", "ukuran", "menurut", "periode")
CACHE = "public, max-age=300"


def _params(request: HttpRequest) -> dict[str, str]:
    # Values never longer than a column name or a period; longer ones are simply unknown.
    return {name: request.GET.get(name, "").strip()[:100] for name in PARAMS}


def _chart(request: HttpRequest, slug: str) -> charts.ChartData | JsonResponse:
    dataset = views._public(slug)
    release = views._release(dataset, None)
    p = _params(request)
    try:
        return charts.chart_data(
            release, dataset, kind=p["jenis"], measure=p["ukuran"], by=p["menurut"], period=p["periode"]
        )
    except charts.ChartParamError as exc:
        body = {"error": "bad_parameter", "parameter": exc.parameter, "detail": str(exc)}
        return JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})
    except LookupError:
        detail = _("Data ini tidak dapat digambarkan sebagai grafik.")
        return JsonResponse(
            {"error": "not_found", "detail": detail}, status=404, json_dumps_params={"ensure_ascii": False}
        )


def chart_json(request: HttpRequest, slug: str) -> JsonResponse:
    """``/dataset/<slug>/grafik.json?jenis=&ukuran=&menurut=&periode=``: the chart's rows."""
    data = _chart(request, slug)
    if isinstance(data, JsonResponse):
        return data
    response = JsonResponse(data.to_dict(), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = CACHE
    return response


def chart_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The same rows as ``grafik.json``, as ``kode,label,nilai``."""
    data = _chart(request, slug)
    if isinstance(data, JsonResponse):
        return data
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["kode", "label", "nilai"])
    for row in data.rows:
        writer.writerow([store.csv_safe(row.key), store.csv_safe(row.label), "" if row.value is None else row.value])
    response = HttpResponse(out.getvalue().encode(), content_type="text/csv; charset=utf-8")
    name = f"{slug}-grafik-{data.kind}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = CACHE
    return response


def kecamatan_geojson(request: HttpRequest) -> HttpResponse:
    """The region's kecamatan boundaries (satudata/data/geo/), for the map; 404 when not shipped."""
    path = charts.boundaries_path()
    if path is None:
        raise Http404
    response = HttpResponse(path.read_bytes(), content_type="application/geo+json")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def chart_context(request: HttpRequest, dataset: Dataset, release: Release) -> dict[str, Any]:
    """Context for ``portal/_chart.html`` on the dataset page: the proposal and the chart asked
    for by the page's query (its defaults when a parameter is unknown), so that the selects and a
    table of the values are there without JavaScript. ``chart`` is None when nothing can be drawn,
    and always for data that is not Terbuka."""
    if dataset.access_class != AccessClass.TERBUKA or not release.file_key:
        return {"chart_proposal": None, "chart": None, "chart_checked": True}
    proposal = charts.proposal_for(release, dataset)
    chart = None
    if proposal is not None:
        p = _params(request)
        try:
            chart = charts.chart_data(
                release, dataset, kind=p["jenis"], measure=p["ukuran"], by=p["menurut"], period=p["periode"],
                proposal=proposal,
            )  # fmt: skip
        except charts.ChartParamError:
            chart = charts.chart_data(release, dataset, proposal=proposal)
    return {"chart_proposal": proposal, "chart": chart, "chart_checked": True}
