from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from satudata.analysis.sampling import SamplingInputError
from satudata.core.http import AuthenticatedHttpRequest
from satudata.metadata import accuracy, permissions
from satudata.metadata.actions import do_record_accuracy
from satudata.metadata.forms import AdministrativeAccuracyForm, SamplingErrorForm
from satudata.metadata.models import AccuracyAssessment
from satudata.metadata.views.activities import get_activity


def assessment_page(request: AuthenticatedHttpRequest, year: int, pk: int) -> HttpResponse:
    activity = get_activity(request.user, year, pk)
    may_record = permissions.can_assess_accuracy(request.user, activity)
    probability = activity.is_survey and activity.metode_pemilihan_sampel == "sampel_probabilitas"
    first_variable = activity.variables.first()
    form_class = SamplingErrorForm if probability else AdministrativeAccuracyForm
    initial = {
        "variable_name": first_variable.name if first_variable else "",
        "design": "stratified_mean" if activity.metode_sampel == "stratified_random_sampling" else "srs_mean",
    }
    form = form_class(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied
        if form.is_valid():
            assessment = AccuracyAssessment(activity=activity, created_by=request.user)
            try:
                if isinstance(form, SamplingErrorForm):
                    _compute(form, assessment)
                else:
                    assessment.kind = AccuracyAssessment.Kind.ADMINISTRATIVE
                    for field in ("source_validation", "editing", "supervision"):
                        setattr(assessment, field, form.cleaned_data[field])
                do_record_accuracy(assessment=assessment, acting_user=request.user)
            except (accuracy.AccuracyInputError, SamplingInputError, ValidationError) as exc:
                form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(
                    request,
                    _("Penilaian akurasi tersimpan.") + (" " + _("MS-Keg 5.6 diisi.") if assessment.applied else ""),
                )
                return redirect("metadata:accuracy", year=year, pk=pk)
    context = {
        "cycle": activity.cycle, "activity": activity, "form": form, "probability": probability, "may_record": may_record,
        "assessments": activity.assessments.select_related("created_by"),
    }  # fmt: skip
    return render(request, "metadata/accuracy.html", context, status=400 if form.errors else 200)


def _compute(form: SamplingErrorForm, assessment: AccuracyAssessment) -> None:
    data = form.cleaned_data
    upload = data["sample"].read() if data.get("sample") else None
    accuracy.fill_sampling_assessment(
        assessment, variable_name=data["variable_name"], design=data["design"], data=data, upload=upload
    )
    assessment.applied = bool(data.get("apply"))
