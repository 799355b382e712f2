"""The data quality pages (SOP step 20): the ranking of OPDs and the weakest datasets for the
walidata, pembina and forum; an OPD's own datasets for its producers; one dataset's evidence."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from satudata.core.http import AuthenticatedHttpRequest, csv_response
from satudata.datasets.models import Dataset
from satudata.evaluation import permissions, quality


def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_view_quality(request.user):
        raise PermissionDenied
    ids = permissions.quality_organization_ids(request.user)
    results = quality.assess(quality.scored_datasets(ids))
    if request.GET.get("format") == "csv":
        return _csv(results)
    context = {
        "organizations": quality.by_organization(results),
        "weakest": quality.weakest(results),
        "dimensions": quality.DIMENSIONS,
        "all_opds": ids is None,
    }
    return render(request, "evaluation/quality.html", context)


def dataset_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    if not permissions.can_view_quality(request.user):
        raise PermissionDenied
    ids = permissions.quality_organization_ids(request.user)
    dataset = get_object_or_404(Dataset.objects.select_related("organization"), slug=slug)
    if ids is not None and dataset.organization_id not in ids:
        raise PermissionDenied
    found = quality.scored_datasets(dataset_id=dataset.pk)
    result = quality.dataset_quality(found[0]) if found else None
    if result is None:
        raise Http404(_("Dataset ini belum terbit, jadi belum ada skor kualitasnya."))
    return render(request, "evaluation/quality_dataset.html", {"result": result, "dataset": dataset})


def _csv(results: list[quality.DatasetQuality]) -> HttpResponse:
    header = ["dataset", "produsen_data", "skor", *(key for key, _label in quality.DIMENSIONS)]
    rows = ([r.dataset.title, r.dataset.organization.name, r.score, *(d.score for d in r.dimensions)] for r in results)
    return csv_response("kualitas-data.csv", header, rows)
