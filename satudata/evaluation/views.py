from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from satudata.core.http import AuthenticatedHttpRequest
from satudata.evaluation import actions, epss, exports, permissions, proposals, worksheet
from satudata.evaluation.forms import EvidenceForm, ScoreForm, StartForm, WeightsForm
from satudata.evaluation.models import Assessment, Evidence, Indicator
from satudata.planning.views.common import file_response


def _assessment(request: AuthenticatedHttpRequest, year: int) -> Assessment:
    if not permissions.can_view_epss(request.user):
        raise PermissionDenied
    return get_object_or_404(Assessment, year=year)


def _indicator(assessment: Assessment, code: str) -> Indicator:
    return get_object_or_404(
        Indicator.objects.select_related("aspect__domain__assessment"), aspect__domain__assessment=assessment, code=code
    )


def assessment_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_view_epss(request.user):
        raise PermissionDenied
    can_run = permissions.can_run_epss(request.user)
    form = StartForm(request.POST or None)
    if request.method == "POST":
        if not can_run:
            raise PermissionDenied
        if form.is_valid():
            try:
                assessment = actions.do_start_assessment(year=form.cleaned_data["year"], acting_user=request.user)
            except ValidationError as exc:
                form.add_error("year", exc)
            else:
                messages.success(request, _("Penilaian mandiri EPSS %(year)s dimulai.") % {"year": assessment.year})
                return redirect(assessment)
    sheets = [worksheet.build(a) for a in Assessment.objects.all()]
    context = {"sheets": sheets, "form": form, "can_run": can_run}
    return render(request, "evaluation/assessment_list.html", context, status=400 if form.errors else 200)


def assessment_detail(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    assessment = _assessment(request, year)
    sheet = worksheet.build(assessment)
    context = {
        "sheet": sheet, "assessment": assessment,
        "can_run": permissions.can_run_epss(request.user), "can_assess": permissions.can_assess(request.user, assessment),
        "events": assessment.events.select_related("actor"),
    }  # fmt: skip
    return render(request, "evaluation/assessment_detail.html", context)


def indicator_detail(request: AuthenticatedHttpRequest, year: int, code: str) -> HttpResponse:
    assessment = _assessment(request, year)
    indicator = _indicator(assessment, code)
    can_assess = permissions.can_assess(request.user, assessment)
    form = ScoreForm(request.POST or None, initial={"level": indicator.level, "explanation": indicator.explanation})
    if request.method == "POST":
        if not can_assess:
            raise PermissionDenied
        if form.is_valid():
            actions.do_score_indicator(indicator=indicator, acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("Jawaban indikator %(code)s tersimpan.") % {"code": code})
            return redirect(indicator)
    return _indicator_page(request, indicator, can_assess=can_assess, form=form)


def _indicator_page(
    request: AuthenticatedHttpRequest,
    indicator: Indicator,
    *,
    can_assess: bool,
    form: ScoreForm | None = None,
    evidence_form: EvidenceForm | None = None,
) -> HttpResponse:
    assessment = indicator.aspect.domain.assessment
    proposed = proposals.proposals_for(indicator.code, proposals.context_for(assessment))
    evidence = indicator.evidence.filter(removed_at__isnull=True).select_related("added_by")
    attached = set(evidence.exclude(proposal_key="").values_list("proposal_key", flat=True))
    context = {
        "assessment": assessment, "indicator": indicator, "can_assess": can_assess,
        "form": form or ScoreForm(initial={"level": indicator.level, "explanation": indicator.explanation}),
        "evidence_form": evidence_form or EvidenceForm(), "evidence": evidence,
        "proposals": [(p, p.key in attached) for p in proposed.items], "suggestion": proposed.suggestion,
        "events": indicator.events.select_related("actor"),
        "removed": indicator.evidence.filter(removed_at__isnull=False).select_related("removed_by"),
    }  # fmt: skip
    bad = (form is not None and form.errors) or (evidence_form is not None and evidence_form.errors)
    return render(request, "evaluation/indicator_detail.html", context, status=400 if bad else 200)


@require_POST
def evidence_add(request: AuthenticatedHttpRequest, year: int, code: str) -> HttpResponse:
    assessment = _assessment(request, year)
    indicator = _indicator(assessment, code)
    if not permissions.can_assess(request.user, assessment):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _indicator_page(request, indicator, can_assess=True, evidence_form=form)
    actions.do_add_evidence(indicator=indicator, acting_user=request.user, **form.cleaned_data)
    messages.success(request, _("Bukti dukung dilampirkan."))
    return redirect(indicator)


@require_POST
def proposal_attach(request: AuthenticatedHttpRequest, year: int, code: str) -> HttpResponse:
    assessment = _assessment(request, year)
    indicator = _indicator(assessment, code)
    if not permissions.can_assess(request.user, assessment):
        raise PermissionDenied
    key = request.POST.get("key", "")
    proposal = next(
        (p for p in proposals.proposals_for(code, proposals.context_for(assessment)).items if p.key == key), None
    )
    if proposal is None:
        messages.error(request, _("Usulan bukti '%(key)s' tidak dikenal untuk indikator ini.") % {"key": key})
        return redirect(indicator)
    try:
        actions.do_add_evidence(
            indicator=indicator, acting_user=request.user, title=proposal.title, url=proposal.url,
            note=proposal.summary, proposal_key=proposal.key,
        )  # fmt: skip
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Usulan bukti dilampirkan."))
    return redirect(indicator)


@require_POST
def evidence_remove(request: AuthenticatedHttpRequest, year: int, code: str, pk: int) -> HttpResponse:
    assessment = _assessment(request, year)
    indicator = _indicator(assessment, code)
    evidence = get_object_or_404(indicator.evidence, pk=pk)
    try:
        actions.do_remove_evidence(evidence=evidence, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Bukti dukung dihapus dari lembar kerja."))
    return redirect(indicator)


def evidence_file(request: AuthenticatedHttpRequest, year: int, code: str, pk: int) -> FileResponse:
    assessment = _assessment(request, year)
    evidence = get_object_or_404(Evidence, pk=pk, indicator=_indicator(assessment, code))
    if not evidence.file:
        raise Http404
    return file_response(evidence.file, evidence.original_name or evidence.file.name)


@require_POST
def assessment_lock(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    assessment = _assessment(request, year)
    try:
        actions.do_lock_assessment(assessment=assessment, acting_user=request.user, note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Penilaian mandiri %(year)s dikunci.") % {"year": year})
    return redirect(assessment)


@require_POST
def assessment_reopen(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    assessment = _assessment(request, year)
    try:
        actions.do_reopen_assessment(assessment=assessment, acting_user=request.user, note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Penilaian mandiri %(year)s dibuka kembali.") % {"year": year})
    return redirect(assessment)


def weights(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    assessment = _assessment(request, year)
    sheet = worksheet.build(assessment)
    editable = permissions.can_run_epss(request.user) and not assessment.is_locked
    form = WeightsForm(request.POST or None, sheet=sheet)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.do_change_weights(
                    assessment=assessment, weights=form.weights(), acting_user=request.user,
                    note=form.cleaned_data["note"],
                )  # fmt: skip
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Bobot penilaian %(year)s diperbarui.") % {"year": year})
                return redirect("evaluation:weights", year)
    context = {"sheet": sheet, "assessment": assessment, "form": form, "editable": editable}
    return render(request, "evaluation/weights.html", context, status=400 if form.errors else 200)


def what_if(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    """Try other levels without saving them: the GET parameters ``l_<code>`` replace stored levels."""
    assessment = _assessment(request, year)
    sheet = worksheet.build(assessment)
    levels = dict(sheet.levels)
    errors = []
    for code in sheet.weights:
        raw = request.GET.get(f"l_{code}", "")
        if raw == "":
            continue
        if raw not in {"1", "2", "3", "4", "5"}:
            errors.append(_("Indikator %(code)s: '%(value)s' bukan tingkat 1 sampai 5.") % {"code": code, "value": raw})
            continue
        levels[code] = int(raw)
    missing = sorted(set(sheet.weights) - set(levels))
    ips = None if missing else epss.round_ips(epss.compute_ips(sheet.weights, levels))
    gains = [] if missing else epss.gains(sheet.weights, levels)
    band = epss.next_band(ips) if ips is not None else None
    path = epss.cheapest_path(sheet.weights, levels, band[0]) if band is not None and ips is not None else []
    context = {
        "sheet": sheet, "assessment": assessment, "levels": levels, "missing": missing, "errors": errors,
        "ips": ips, "predicate": epss.predicate(ips) if ips is not None else None,
        "stored_ips": sheet.ips, "gains": gains[:10], "band": band, "path": path,
        "level_choices": epss.Level.choices,
        "form_domains": [
            (d.domain, [(i, levels.get(i.code)) for a in d.aspects for i in a.indicators]) for d in sheet.domains
        ],
    }  # fmt: skip
    return render(request, "evaluation/what_if.html", context, status=400 if errors else 200)


def export_xlsx(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    assessment = _assessment(request, year)
    response = HttpResponse(
        exports.worksheet_xlsx(worksheet.build(assessment, with_evidence=True), request.build_absolute_uri("/")),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="lembar-kerja-epss-{year}.xlsx"'
    return response


def export_pdf(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    assessment = _assessment(request, year)
    response = HttpResponse(
        exports.worksheet_pdf(worksheet.build(assessment, with_evidence=True), request.build_absolute_uri("/")),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="lembar-kerja-epss-{year}.pdf"'
    return response
