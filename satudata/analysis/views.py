from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render

from satudata.analysis.summary import summary_context
from satudata.core.http import AuthenticatedHttpRequest
from satudata.datasets import permissions as dataset_rules
from satudata.datasets.views.datasets import get_dataset
from satudata.portal.charts import ChartParamError


def dataset_analysis(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The staff analysis page of a dataset's current release, with charts (SOP step 12)."""
    dataset = get_dataset(request.user, slug)
    if not dataset_rules.can_view_data(request.user, dataset):
        raise PermissionDenied
    release = dataset.releases.exclude(file_key="").order_by("-number").first()
    if release is None:
        raise Http404("Dataset ini belum punya rilis.")
    try:
        context = summary_context(release, dataset, measure=request.GET.get("ukuran") or None)
    except ChartParamError as exc:
        context, status = summary_context(release, dataset), 400
        context["param_error"] = str(exc)
    else:
        status = 200
    analysis = context["analysis"]
    context.update(
        {
            "dataset": dataset,
            "release": release,
            "chart_data": analysis.as_dict() if analysis is not None else None,
            "measures": analysis.measures if analysis is not None else [],
        }
    )
    return render(request, "analysis/dataset_analysis.html", context, status=status)
