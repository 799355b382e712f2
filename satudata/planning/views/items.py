from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from satudata.accounts.models import Organization, User
from satudata.core.http import AuthenticatedHttpRequest
from satudata.planning import permissions
from satudata.planning.actions import do_create_item, do_review_item, do_submit_item, do_update_item
from satudata.planning.forms import DaftarDataItemForm, ReviewForm, WorkbookImportForm
from satudata.planning.models import Cycle, DaftarDataItem, ItemStatus, next_id_ddd
from satudata.planning.views.common import get_cycle, get_item_for_user, get_rw_item_for_user
from satudata.planning.workbook import export_workbook, import_workbook


def visible_items(user: User, cycle: Cycle) -> QuerySet[DaftarDataItem]:
    items = cycle.items.select_related("organization")
    if permissions.can_view_whole_cycle(user):
        return items
    return items.filter(Q(organization_id__in=user.producer_org_ids()) | Q(status=ItemStatus.ACCEPTED))


def item_list(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    cycle = get_cycle(year)
    items = visible_items(request.user, cycle)
    org, status, q = request.GET.get("opd", ""), request.GET.get("status", ""), request.GET.get("q", "").strip()
    if org:
        items = items.filter(organization__slug=org)
    if status in ItemStatus.values:
        items = items.filter(status=status)
    if request.GET.get("prioritas") == "1":
        items = items.filter(is_priority=True)
    if q:
        items = items.filter(Q(nama_data__icontains=q) | Q(id_ddd__icontains=q) | Q(nama_indikator__icontains=q))
    context = {
        "cycle": cycle, "items": items.order_by("organization__name", "id_ddd"),
        "organizations": Organization.objects.filter(daftar_data__cycle=cycle).distinct(),
        "statuses": ItemStatus.choices, "filters": {"opd": org, "status": status, "q": q, "prioritas": request.GET.get("prioritas", "")},
        "can_propose": permissions.can_propose_items(request.user),
        "can_import": permissions.can_import_daftar_data(request.user),
    }  # fmt: skip
    return render(request, "planning/item_list.html", context)


def item_new(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    cycle = get_cycle(year)
    if not permissions.can_propose_items(request.user):
        raise PermissionDenied
    form = DaftarDataItemForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.cycle = cycle
        item.id_ddd = item.id_ddd or next_id_ddd(cycle)
        if cycle.items.filter(id_ddd=item.id_ddd).exists():
            form.add_error(
                "id_ddd",
                _("ID DDD %(code)s sudah dipakai di siklus %(year)s.") % {"code": item.id_ddd, "year": cycle.year},
            )
        else:
            do_create_item(item=item, acting_user=request.user)
            messages.success(
                request, _("Butir %(code)s tersimpan sebagai draf. Ajukan bila sudah lengkap.") % {"code": item.id_ddd}
            )
            return redirect(item)
    return render(
        request, "planning/item_form.html", {"cycle": cycle, "form": form}, status=400 if form.errors else 200
    )


def item_detail(request: AuthenticatedHttpRequest, year: int, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, year, pk)
    review = item.open_review()
    fields = [
        {
            "number": DaftarDataItem.field_number(f),
            "name": f,
            "label": DaftarDataItem.field_label(f),
            "value": item.display_value(f),
            "review": review.get(f),
        }
        for f in DaftarDataItem.REVIEWED_FIELDS
    ]
    context = {
        "cycle": item.cycle, "item": item, "fields": fields, "events": item.events.select_related("actor"),
        "can_edit": permissions.can_edit_item(request.user, item),
        "can_review": permissions.can_review_items(request.user) and item.status == ItemStatus.SUBMITTED,
    }  # fmt: skip
    return render(request, "planning/item_detail.html", context)


def item_edit(request: AuthenticatedHttpRequest, year: int, pk: int) -> HttpResponse:
    item = get_rw_item_for_user(request.user, year, pk)
    before = item.snapshot()
    form = DaftarDataItemForm(request.POST or None, instance=item, user=request.user)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        if item.cycle.items.filter(id_ddd=item.id_ddd).exclude(pk=item.pk).exists():
            form.add_error("id_ddd", _("ID DDD %(code)s sudah dipakai.") % {"code": item.id_ddd})
        else:
            do_update_item(item=item, before=before, acting_user=request.user)
            messages.success(request, _("Perubahan tersimpan."))
            return redirect(item)
    context = {"cycle": item.cycle, "form": form, "item": item, "review": item.open_review_comments()}
    return render(request, "planning/item_form.html", context, status=400 if form.errors else 200)


@require_POST
def item_submit(request: AuthenticatedHttpRequest, year: int, pk: int) -> HttpResponse:
    item = get_rw_item_for_user(request.user, year, pk)
    try:
        do_submit_item(item=item, acting_user=request.user, note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Butir %(code)s diajukan untuk direviu Forum dan Walidata.") % {"code": item.id_ddd}
        )
    return redirect(item)


def item_review(request: AuthenticatedHttpRequest, year: int, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, year, pk)
    if not permissions.can_review_items(request.user):
        raise PermissionDenied
    if item.status != ItemStatus.SUBMITTED:
        messages.error(request, _("Hanya butir berstatus Diajukan yang dapat direviu."))
        return redirect(item)
    form = ReviewForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            do_review_item(
                item=item, field_reviews=form.field_reviews(), acting_user=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if item.status == ItemStatus.ACCEPTED:
                done = _("Reviu tersimpan: butir %(code)s disepakati.")
            else:
                done = _("Reviu tersimpan: butir %(code)s dikembalikan untuk perbaikan.")
            messages.success(request, done % {"code": item.id_ddd})
            return redirect(item)
    return render(
        request,
        "planning/item_review.html",
        {"cycle": item.cycle, "item": item, "form": form},
        status=400 if form.errors else 200,
    )


def items_export(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    cycle = get_cycle(year)
    content = export_workbook(cycle, visible_items(request.user, cycle))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="daftar-data-{cycle.year}.xlsx"'
    return response


def items_import(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    cycle = get_cycle(year)
    if not permissions.can_import_daftar_data(request.user):
        raise PermissionDenied
    form = WorkbookImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = import_workbook(
            cycle=cycle, data=form.cleaned_data["file"], acting_user=request.user, dry_run=form.cleaned_data["dry_run"]
        )
        if report.ok and not form.cleaned_data["dry_run"]:
            messages.success(
                request,
                _("Impor selesai: %(created)s butir baru, %(updated)s diubah, %(unchanged)s tidak berubah.")
                % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged},
            )
            return redirect("planning:items", year=cycle.year)
    status = 400 if form.errors or (report and not report.ok) else 200
    return render(request, "planning/item_import.html", {"cycle": cycle, "form": form, "report": report}, status=status)
