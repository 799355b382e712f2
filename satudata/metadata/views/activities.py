from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from satudata.accounts.models import User
from satudata.core.http import AuthenticatedHttpRequest
from satudata.metadata import permissions, rules
from satudata.metadata.actions import (
    do_create_activity,
    do_review_activity,
    do_save_metadata_row,
    do_submit_activity,
    do_update_activity,
    snapshot,
    submission_problems,
)  # fmt: skip
from satudata.metadata.forms import (
    BLOCK_FIELDS,
    BLOCK_FORMS,
    JSON_BLOCK_FIELDS,
    ActivityReviewForm,
    HeaderForm,
    IndicatorForm,
    VariableForm,
)
from satudata.metadata.models import Indicator, MetadataStatus, StatisticalActivity, Variable
from satudata.planning.models import Cycle
from satudata.planning.views.common import get_cycle


def visible_activities(user: User, cycle: Cycle) -> QuerySet[StatisticalActivity]:
    activities = StatisticalActivity.objects.filter(cycle=cycle).select_related("organization")
    if permissions.can_view_all_activities(user):
        return activities
    return activities.filter(Q(organization_id__in=user.producer_org_ids()) | Q(status=MetadataStatus.ACCEPTED))


def get_activity(user: User, year: int, pk: int, *, write: bool = False) -> StatisticalActivity:
    activity = get_object_or_404(
        StatisticalActivity.objects.select_related("organization", "cycle"), cycle__year=year, pk=pk
    )
    if not permissions.can_view_activity(user, activity):
        raise Http404
    if write and not permissions.can_edit_activity(user, activity):
        raise PermissionDenied(_("Metadata kegiatan ini tidak dapat Anda ubah pada statusnya sekarang."))
    return activity


def activity_list(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    cycle = get_cycle(year)
    activities = visible_activities(request.user, cycle)
    status = request.GET.get("status", "")
    if status in MetadataStatus.values:
        activities = activities.filter(status=status)
    can_create = permissions.can_create_activities(request.user)
    context = {
        "cycle": cycle,
        "activities": activities,
        "statuses": MetadataStatus.choices,
        "status": status,
        "can_create": can_create,
    }
    return render(request, "metadata/activity_list.html", context)


def activity_new(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    cycle = get_cycle(year)
    if not permissions.can_create_activities(request.user):
        raise PermissionDenied
    activity = StatisticalActivity(cycle=cycle, year=cycle.year)
    form = HeaderForm(request.POST or None, instance=activity, user=request.user)
    if request.method == "POST" and form.is_valid():
        activity = form.save(commit=False)
        do_create_activity(activity=activity, acting_user=request.user)
        form.save_m2m()
        messages.success(
            request, _("Kegiatan tersimpan sebagai draf. Lengkapi blok I–VIII, variabel dan indikatornya.")
        )
        return redirect(activity)
    return render(
        request,
        "metadata/block_form.html",
        {"cycle": cycle, "form": form, "section": ("header", rules.BLOCKS[0][1])},
        status=400 if form.errors else 200,
    )


def activity_detail(request: AuthenticatedHttpRequest, year: int, pk: int) -> HttpResponse:
    activity = get_activity(request.user, year, pk)
    # The page shows each variable's standard code.
    variables = list(activity.variables.select_related("standard"))
    indicators = list(activity.indicators.all())
    blocks, checked = rules.blocks_and_problems(activity, variable_count=len(variables))
    problems = submission_problems(activity, checked=checked, variables=variables, indicators=indicators)
    context = {
        "cycle": activity.cycle, "activity": activity, "variables": variables, "indicators": indicators,
        "blocks": blocks, "problems": problems, "events": activity.events.select_related("actor"),
        "can_edit": permissions.can_edit_activity(request.user, activity),
        "can_review": permissions.can_review_activity(request.user) and activity.status == MetadataStatus.SUBMITTED,
        "open_review": _open_review(activity), "contents": _contents(activity),
    }  # fmt: skip
    return render(request, "metadata/activity_detail.html", context)


def _contents(activity: StatisticalActivity) -> list[tuple[object, list[tuple[str, str]]]]:
    """Every item of the MS-Keg with its value, block by block, for reading."""
    label = ActivityReviewForm(activity=activity).label
    return [
        (title, [(label(f), _display(activity, f)) for f in BLOCK_FIELDS[key] + JSON_BLOCK_FIELDS.get(key, [])])
        for key, title in rules.BLOCKS
    ]


def _open_review(activity: StatisticalActivity) -> list[tuple[str, str]]:
    if activity.status != MetadataStatus.NEEDS_REVISION:
        return []
    event = activity.events.filter(kind="reviewed").order_by("-created", "-id").first()
    if event is None:
        return []
    form = ActivityReviewForm(activity=activity)
    return [
        (form.label(f), r["comment"])
        for f, r in event.field_reviews.items()
        if r["decision"] == "needs_revision" and f in form.review_fields
    ]


def block_edit(request: AuthenticatedHttpRequest, year: int, pk: int, key: str) -> HttpResponse:
    activity = get_activity(request.user, year, pk, write=True)
    form_class = BLOCK_FORMS.get(key)
    if form_class is None:
        raise Http404
    kwargs = {"user": request.user} if key == "header" else {}
    form = form_class(request.POST or None, instance=activity, **kwargs)
    before = snapshot(activity, form.model_fields())
    if request.method == "POST" and form.is_valid():
        activity = form.save(commit=False)
        with translation.override("id"):  # the history is a record: kept in the form's language
            note = str(dict(rules.BLOCKS)[key])
        items = form.cleaned_data.get("daftar_items") if "daftar_items" in form.fields else None
        do_update_activity(
            activity=activity, before=before, acting_user=request.user, note=note,
            daftar_items=list(items) if items is not None else None,
        )  # fmt: skip
        messages.success(request, _("%(block)s tersimpan.") % {"block": dict(rules.BLOCKS)[key]})
        return redirect(activity)
    context = {
        "cycle": activity.cycle, "activity": activity, "form": form, "section": (key, dict(rules.BLOCKS)[key]),
        "blocks": rules.blocks(activity, variable_count=activity.variables.count()),
        "open_review": _open_review(activity),
    }  # fmt: skip
    return render(request, "metadata/block_form.html", context, status=400 if form.errors else 200)


def _row_edit(
    request: AuthenticatedHttpRequest, year: int, pk: int, row_pk: int | None, model: type[Variable] | type[Indicator]
) -> HttpResponse:
    activity = get_activity(request.user, year, pk, write=True)
    row = (
        get_object_or_404(model, activity=activity, pk=row_pk)
        if row_pk
        else model(activity=activity, number=model.objects.filter(activity=activity).count() + 1)
    )
    form_class = VariableForm if model is Variable else IndicatorForm
    form = form_class(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        do_save_metadata_row(
            activity=activity, row=form.save(commit=False), acting_user=request.user, created=row_pk is None
        )
        messages.success(request, _("Tersimpan."))
        return redirect(activity)
    problems = (rules.check_variable(row) if model is Variable else rules.check_indicator(row)) if row_pk else []  # type: ignore[arg-type]
    context = {
        "cycle": activity.cycle,
        "activity": activity,
        "form": form,
        "row": row if row_pk else None,
        "kind": "MS-Var" if model is Variable else "MS-Ind",
        "problems": problems,
    }
    return render(request, "metadata/row_form.html", context, status=400 if form.errors else 200)


def variable_edit(request: AuthenticatedHttpRequest, year: int, pk: int, row_pk: int | None = None) -> HttpResponse:
    return _row_edit(request, year, pk, row_pk, Variable)


def indicator_edit(request: AuthenticatedHttpRequest, year: int, pk: int, row_pk: int | None = None) -> HttpResponse:
    return _row_edit(request, year, pk, row_pk, Indicator)


@require_POST
def activity_submit(request: AuthenticatedHttpRequest, year: int, pk: int) -> HttpResponse:
    activity = get_activity(request.user, year, pk, write=True)
    try:
        do_submit_activity(activity=activity, acting_user=request.user)
    except ValidationError as exc:
        count = len(exc.messages)
        message = ngettext(
            "Belum dapat diajukan: %(count)s isian belum lengkap atau bertentangan (lihat daftar di bawah).",
            "Belum dapat diajukan: %(count)s isian belum lengkap atau bertentangan (lihat daftar di bawah).",
            count,
        )
        messages.error(request, message % {"count": count})
        return redirect(activity)
    if activity.is_priority:
        messages.success(request, _("Metadata diajukan untuk direviu Walidata dan Pembina Data (Data Prioritas)."))
    else:
        messages.success(request, _("Metadata diajukan untuk direviu Walidata."))
    return redirect(activity)


def activity_review(request: AuthenticatedHttpRequest, year: int, pk: int) -> HttpResponse:
    activity = get_activity(request.user, year, pk)
    if not permissions.can_review_activity(request.user):
        raise PermissionDenied
    if activity.status != MetadataStatus.SUBMITTED:
        messages.error(request, _("Hanya kegiatan berstatus Diajukan yang dapat direviu."))
        return redirect(activity)
    form = ActivityReviewForm(request.POST or None, activity=activity)
    if request.method == "POST" and form.is_valid():
        try:
            do_review_activity(
                activity=activity,
                field_reviews=form.field_reviews(),
                acting_user=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Reviu tersimpan: %(status)s.") % {"status": activity.get_status_display()})
            return redirect(activity)
    rows = [
        (
            form.label(f),
            _row_summary(form.rows[f]) if f in form.rows else _display(activity, f),
            form[f"decision_{f}"],
            form[f"comment_{f}"],
        )
        for f in form.review_fields
    ]
    return render(
        request,
        "metadata/activity_review.html",
        {"cycle": activity.cycle, "activity": activity, "form": form, "rows": rows},
        status=400 if form.errors else 200,
    )


def _row_summary(row: Variable | Indicator) -> str:
    if isinstance(row, Variable):
        parts = [row.definisi, row.ukuran, row.satuan, row.get_tipe_data_display() if row.tipe_data else ""]
    else:
        parts = [row.definisi, row.metode_perhitungan, row.ukuran, row.satuan]
    return "; ".join(str(p) for p in parts if p)


def _display(activity: StatisticalActivity, field: str) -> str:
    if field == "daftar_items":
        return ", ".join(i.id_ddd for i in activity.daftar_items.all())
    value = getattr(activity, field)
    display = getattr(activity, f"get_{field}_display", None)
    if display is not None and value:
        return str(display())
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return "" if value is None else str(value)
