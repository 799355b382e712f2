"""The Renaksi pages (SOP step 21): the plan drawn up in a cycle for the next year, its items, the
Forum's agreement with a Berita Acara, and the progress of the plan being carried out this year."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from satudata.core.http import AuthenticatedHttpRequest, form_errors_text
from satudata.planning import actions, permissions
from satudata.planning.forms import (
    ActionItemForm,
    AgreePlanForm,
    ProgressForm,
    StartPlanForm,
    default_signatory_initial,
)
from satudata.planning.models import (
    ActionItem,
    ActionItemStatus,
    ActionPlan,
    BeritaAcara,
    BeritaAcaraSubject,
    Cycle,
    local_today,
)
from satudata.planning.views.common import get_cycle


def _viewable_cycle(request: AuthenticatedHttpRequest, year: int) -> Cycle:
    if not permissions.can_view_renaksi(request.user):
        raise PermissionDenied
    return get_cycle(year)


def _managed_plan(request: AuthenticatedHttpRequest, year: int) -> ActionPlan:
    """The plan drawn up in ``year``'s cycle, for the forum or the walidata."""
    cycle = _viewable_cycle(request, year)
    if not permissions.can_manage_renaksi(request.user):
        raise PermissionDenied
    return get_object_or_404(ActionPlan.objects.select_related("drafted_in"), drafted_in=cycle)


def _items(plan: ActionPlan | None) -> list[ActionItem]:
    if plan is None:
        return []
    return list(plan.items.select_related("organization", "dataset", "carried_from__plan").order_by("due_date", "id"))


def renaksi(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    cycle = _viewable_cycle(request, year)
    drafted = ActionPlan.objects.filter(drafted_in=cycle).select_related("meeting").first()
    followed = ActionPlan.objects.filter(year=cycle.year).select_related("drafted_in", "meeting").first()
    can_manage = permissions.can_manage_renaksi(request.user)
    followed_items = _items(followed)
    context: dict[str, Any] = {
        "cycle": cycle, "drafted": drafted, "drafted_items": _items(drafted), "followed": followed,
        "followed_items": followed_items, "can_manage": can_manage, "start_form": StartPlanForm(),
        "status_choices": ActionItemStatus.choices,
        # The progress form only on the items the user may record progress of.
        "recordable": {i.pk for i in followed_items if permissions.can_record_action_progress(request.user, i)},
        "berita_acara": BeritaAcara.objects.filter(meeting__cycle=cycle, subject=BeritaAcaraSubject.RENAKSI),
    }  # fmt: skip
    if can_manage and drafted and drafted.is_editable:  # the forms and suggestions of a draft being drawn up
        context.update({
            "item_form": ActionItemForm(initial=_suggested_initial(request, cycle)),
            "agree_form": AgreePlanForm(cycle=cycle, initial={
                "date": local_today(), "number": f"000.7/   /BA-RENAKSI/{cycle.year}", **default_signatory_initial(),
            }),
            "suggestions": _suggestions(cycle),
        })  # fmt: skip
    return render(request, "planning/renaksi.html", context)


def _suggested_initial(request: AuthenticatedHttpRequest, cycle: Cycle) -> dict[str, Any]:
    """A suggestion's link pre-fills the item form (?indikator=20302 or ?dataset=<pk>&masalah=…)."""
    initial: dict[str, Any] = {"due_date": local_today().replace(year=cycle.year + 1, month=12, day=31)}
    if request.GET.get("indikator"):
        initial["indicator_code"] = request.GET["indikator"]
    if request.GET.get("dataset", "").isdigit():
        initial["dataset"] = int(request.GET["dataset"])
    for key, field in (("masalah", "problem"), ("judul", "title"), ("opd", "organization")):
        if request.GET.get(key):
            initial[field] = request.GET[key]
    return initial


def _suggestions(cycle: Cycle) -> list[dict[str, Any]]:
    """What the evaluation found weak: the EPSS indicators of this year at the lowest levels that
    weigh most, and the weakest datasets by quality score."""
    from satudata.evaluation import epss, quality
    from satudata.evaluation.models import Assessment

    found: list[dict[str, Any]] = []
    assessment = Assessment.objects.filter(year=cycle.year).first()
    if assessment is not None:
        weights, levels = assessment.weights(), assessment.levels()
        names = dict(assessment.indicators().values_list("code", "name"))
        for gain in epss.gains(weights, levels)[:5]:
            found.append({
                "kind": "epss", "label": f"EPSS {gain.code} {names.get(gain.code, '')} (tingkat {gain.current})",
                "params": {"indikator": gain.code, "judul": _("Naikkan tingkat kematangan %(code)s") % {"code": gain.code}},
            })  # fmt: skip
    for result in quality.weakest(quality.assess(quality.scored_datasets()), limit=5):
        weak = min((d for d in result.dimensions if d.score is not None), key=lambda d: d.score or 0, default=None)
        if weak is None or (weak.score or 0) >= 80:
            continue
        problem = f"{weak.label} {weak.score:g}: {weak.evidence[0] if weak.evidence else ''}"[:300]
        found.append({
            "kind": "kualitas", "label": f"{result.dataset.title} — {problem}",
            "params": {"dataset": result.dataset.pk, "masalah": problem, "opd": result.dataset.organization_id,
                       "judul": _("Perbaiki %(dim)s: %(title)s") % {"dim": weak.label.lower(), "title": result.dataset.title}},
        })  # fmt: skip
    return found


@require_POST
def renaksi_start(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    cycle = _viewable_cycle(request, year)
    form = StartPlanForm(request.POST)
    form.is_valid()
    try:
        plan = actions.do_start_action_plan(
            cycle=cycle, acting_user=request.user, carry_unfinished=form.cleaned_data.get("carry_unfinished", False)
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Renaksi %(year)s dimulai sebagai draf.") % {"year": plan.year})
    return redirect("planning:renaksi", year)


@require_POST
def renaksi_item_add(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    plan = _managed_plan(request, year)
    form = ActionItemForm(request.POST, instance=ActionItem(plan=plan))
    if form.is_valid():
        try:
            actions.do_add_action_item(item=form.instance, acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Butir Renaksi ditambahkan."))
    else:
        messages.error(request, form_errors_text(form))
    return redirect("planning:renaksi", year)


def renaksi_item(request: AuthenticatedHttpRequest, year: int, pk: int) -> HttpResponse:
    cycle = _viewable_cycle(request, year)
    item = get_object_or_404(
        ActionItem.objects.select_related("plan__drafted_in", "organization", "dataset"),
        pk=pk, plan__drafted_in=cycle,
    )  # fmt: skip
    before = item.snapshot()
    form = ActionItemForm(request.POST or None, instance=item)
    if request.method == "POST":
        if not permissions.can_manage_renaksi(request.user):
            raise PermissionDenied
        if not item.plan.is_editable:
            raise PermissionDenied(ActionPlan.NOT_EDITABLE)
        if form.is_valid():
            try:
                actions.do_update_action_item(item=form.instance, before=before, acting_user=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Butir Renaksi tersimpan."))
                return redirect("planning:renaksi", year)
    context = {
        "cycle": cycle, "item": item, "form": form, "events": item.events.select_related("actor"),
        "editable": item.plan.is_editable and permissions.can_manage_renaksi(request.user),
    }  # fmt: skip
    return render(request, "planning/renaksi_item.html", context, status=400 if form.errors else 200)


@require_POST
def renaksi_progress(request: AuthenticatedHttpRequest, year: int, pk: int) -> HttpResponse:
    """Progress is recorded in the cycle the plan is carried out in (its year)."""
    cycle = _viewable_cycle(request, year)
    item = get_object_or_404(ActionItem.objects.select_related("plan"), pk=pk, plan__year=cycle.year)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("planning:renaksi", year)
    try:
        actions.do_record_progress(
            item=item, status=form.cleaned_data["status"], note=form.cleaned_data["note"], acting_user=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Kemajuan butir Renaksi tercatat."))
    return redirect("planning:renaksi", year)


@require_POST
def renaksi_agree(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    plan = _managed_plan(request, year)
    form = AgreePlanForm(request.POST, cycle=plan.drafted_in)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("planning:renaksi", year)
    try:
        ba = actions.do_agree_action_plan(
            plan=plan, meeting=form.cleaned_data["meeting"], number=form.cleaned_data["number"],
            date=form.cleaned_data["date"], signatories=form.signatories(), acting_user=request.user,
        )  # fmt: skip
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("planning:renaksi", year)
    messages.success(request, _("Renaksi disepakati; Berita Acara dibuat dalam DOCX dan PDF."))
    return redirect(ba)
