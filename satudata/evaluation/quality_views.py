"""The data quality pages (SOP step 20): the ranking of OPDs and the weakest datasets for the
walidata, pembina and forum; an OPD's own datasets for its producers; one dataset's evidence."""

from __future__ import annotations

import csv

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from satudata.core.http import AuthenticatedHttpRequest
from satudata.datasets.models import Dataset
from satudata.evaluation import permissions, quality


def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_view_quality(request.user):
        raise PermissionDenied
    ids = permissions.quality_organization_ids(request.user)
    results = quality.assess(quality.scored_datasets(ids))
    organizations = quality.by_organization(results)
    if request.GET.get("format") == "csv":
        return _csv(results)
    context = {
        "organizations": organizations,
        "weakest": quality.weakest(results),
        "results": results,
        "dimensions": quality.DIMENSIONS,
        "all_opds": ids is None,
    }
    return render(request, "evaluation/quality.html", context)


def dataset_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    ids = permissions.quality_organization_ids(request.user)
    dataset = get_object_or_404(Dataset.objects.select_related("organization"), slug=slug)
    if ids is not None and dataset.organization_id not in ids:
        raise PermissionDenied
    found = [d for d in quality.scored_datasets({dataset.organization_id}) if d.pk == dataset.pk]
    result = quality.dataset_quality(found[0]) if found else None
    if result is None:
        raise Http404("Dataset ini belum terbit, jadi belum ada skor kualitasnya.")
    return render(request, "evaluation/quality_dataset.html", {"result": result, "dataset": dataset})


def _csv(results: list[quality.DatasetQuality]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kualitas-data.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["dataset", "produsen_data", "skor", *(key for key, _label in quality.DIMENSIONS)])
    for r in results:
        writer.writerow([r.dataset.title, r.dataset.organization.name, r.score, *(d.score for d in r.dimensions)])
    return response
