from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from satudata.core.http import AuthenticatedHttpRequest
from satudata.metadata import permissions
from satudata.metadata.actions import do_record_recommendation
from satudata.metadata.forms import RecommendationForm
from satudata.metadata.models import Recommendation, RecommendationStatus
from satudata.metadata.views.activities import get_activity
from satudata.planning.views.common import file_response


def recommendation(request: AuthenticatedHttpRequest, year: int, pk: int) -> HttpResponse:
    activity = get_activity(request.user, year, pk)
    current = Recommendation.objects.filter(activity=activity).first()
    can_record = permissions.can_record_recommendation(request.user, activity)
    initial = (
        {
            "status": current.status,
            "submitted_on": current.submitted_on,
            "number": current.number,
            "issued_on": current.issued_on,
        }
        if current
        else {}
    )
    form = RecommendationForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if form.is_valid():
            try:
                do_record_recommendation(activity=activity, acting_user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Rekomendasi tercatat."))
                data = form.cleaned_data
                if (
                    data["status"] == RecommendationStatus.RECOMMENDED
                    and activity.identitas_rekomendasi != data["number"]
                ):
                    # The action leaves submitted or agreed metadata alone; say so, or the user
                    # would expect the number in MS-Keg.
                    messages.warning(
                        request,
                        _(
                            "Identitas Rekomendasi di MS-Keg tidak diubah karena metadata tidak berstatus Draf "
                            "atau Perlu perbaikan."
                        ),
                    )
                return redirect("metadata:recommendation", year=year, pk=pk)
    context = {
        "cycle": activity.cycle, "activity": activity, "recommendation": current, "form": form, "can_record": can_record,
        "events": current.events.select_related("actor") if current else [],
    }  # fmt: skip
    return render(request, "metadata/recommendation.html", context, status=400 if form.errors else 200)


def recommendation_letter(request: AuthenticatedHttpRequest, year: int, pk: int) -> FileResponse:
    activity = get_activity(request.user, year, pk)
    current = Recommendation.objects.filter(activity=activity).first()
    if current is None or not current.letter:
        raise Http404
    return file_response(current.letter, f"rekomendasi-{activity.pk}.pdf")
