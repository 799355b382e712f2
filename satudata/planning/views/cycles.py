from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from satudata.core.http import AuthenticatedHttpRequest
from satudata.planning import permissions
from satudata.planning.actions import do_add_step_evidence, do_close_cycle, do_start_cycle
from satudata.planning.forms import CycleStartForm, StepEvidenceForm
from satudata.planning.models import Cycle, CycleStep, local_today
from satudata.planning.progress import outputs_of, refresh_cycle_outputs
from satudata.planning.steps import steps_for_user
from satudata.planning.views.common import file_response, get_cycle


def cycle_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = local_today()
    form = CycleStartForm(initial={"year": today.year, "start_date": today})
    return render(
        request,
        "planning/cycle_list.html",
        {"cycles": Cycle.objects.all(), "form": form, "can_start": permissions.can_manage_cycles(request.user)},
    )


@require_POST
def cycle_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_manage_cycles(request.user):
        raise PermissionDenied
    form = CycleStartForm(request.POST)
    if form.is_valid():
        try:
            cycle = do_start_cycle(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("year", exc)
        else:
            messages.success(
                request, _("Siklus %(year)s dimulai; 22 langkah dan tenggatnya sudah disusun.") % {"year": cycle.year}
            )
            return redirect(cycle)
    return render(
        request,
        "planning/cycle_list.html",
        {"cycles": Cycle.objects.all(), "form": form, "can_start": True},
        status=400,
    )


def cycle_dashboard(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    cycle = get_cycle(year)
    # Lateness follows the calendar, so the dashboard brings the statuses up to date on each visit.
    # The outputs it reads on the way are the ones the rows show.
    _events, outputs = refresh_cycle_outputs(cycle)
    steps = steps_for_user(request.user, cycle)
    rows = [{"cs": cs, "outputs": outputs[cs.number], "days_late": cs.days_late()} for cs in steps]
    whole = permissions.can_view_whole_cycle(request.user)
    can_close = permissions.can_close_cycle(request.user)
    context = {"cycle": cycle, "rows": rows, "whole": whole, "today": local_today(), "can_close": can_close}
    return render(request, "planning/cycle_dashboard.html", context)


@require_POST
def cycle_close(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    cycle = get_cycle(year)
    if not permissions.can_close_cycle(request.user):
        raise PermissionDenied
    try:
        do_close_cycle(cycle=cycle, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Siklus %(year)s ditutup; langkah 22 selesai.") % {"year": cycle.year})
    return redirect(cycle)


def step_detail(request: AuthenticatedHttpRequest, year: int, number: int) -> HttpResponse:
    cycle_step = get_object_or_404(CycleStep.objects.select_related("cycle"), cycle__year=year, number=number)
    if cycle_step not in steps_for_user(request.user, cycle_step.cycle):
        raise Http404
    can_upload = permissions.can_upload_step_evidence(request.user, cycle_step)
    form = StepEvidenceForm()
    if request.method == "POST":
        if not can_upload:
            raise PermissionDenied
        form = StepEvidenceForm(request.POST, request.FILES)
        if form.is_valid():
            do_add_step_evidence(cycle_step=cycle_step, acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("Bukti tersimpan; status langkah diperbarui."))
            return redirect(cycle_step)
    context = {
        "cs": cycle_step, "outputs": outputs_of(cycle_step), "can_upload": can_upload, "form": form,
        "events": cycle_step.events.select_related("actor"), "evidence": cycle_step.evidence.select_related("uploaded_by"),
    }  # fmt: skip
    return render(request, "planning/step_detail.html", context, status=400 if form.errors else 200)


def step_evidence_file(request: AuthenticatedHttpRequest, year: int, number: int, pk: int) -> FileResponse:
    cycle_step = get_object_or_404(CycleStep.objects.select_related("cycle"), cycle__year=year, number=number)
    if cycle_step not in steps_for_user(request.user, cycle_step.cycle):
        raise Http404
    evidence = get_object_or_404(cycle_step.evidence, pk=pk)
    return file_response(evidence.file, evidence.original_name)
