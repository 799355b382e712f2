"""Staff pages of the Standar Data registry (/kelola/standar-data/) and the public list (/standar-data/)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from satudata.core.http import AuthenticatedHttpRequest
from satudata.reference import permissions
from satudata.reference.actions import do_propose_standard, do_review_standard, do_update_standard
from satudata.reference.forms import DataStandardForm, StandardReviewForm
from satudata.reference.models import DataStandard, StandardStatus


def _search(request: HttpRequest, standards: QuerySet[DataStandard]) -> QuerySet[DataStandard]:
    q = request.GET.get("q", "").strip()
    if q:
        standards = standards.filter(
            Q(name__icontains=q) | Q(definition__icontains=q) | Q(code__icontains=q) | Q(sds_code__icontains=q)
        )
    return standards


def public_list(request: HttpRequest) -> HttpResponse:
    standards = _search(request, DataStandard.objects.filter(status=StandardStatus.ACCEPTED))
    return render(request, "reference/standards_public.html", {"standards": standards, "q": request.GET.get("q", "")})


def standard_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    standards = _search(request, DataStandard.objects.select_related("organization"))
    status = request.GET.get("status", "")
    if status in StandardStatus.values:
        standards = standards.filter(status=status)
    context = {
        "standards": standards, "statuses": StandardStatus.choices, "status": status, "q": request.GET.get("q", ""),
        "can_propose": permissions.can_propose_standard(request.user),
    }  # fmt: skip
    return render(request, "reference/standard_list.html", context)


def standard_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_propose_standard(request.user):
        raise PermissionDenied
    form = DataStandardForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        standard = do_propose_standard(standard=form.save(commit=False), acting_user=request.user)
        messages.success(
            request,
            _("Standar Data %(code)s diusulkan; Walidata atau Pembina Data akan mereviunya.") % {"code": standard.code},
        )
        return redirect(standard)
    return render(request, "reference/standard_form.html", {"form": form}, status=400 if form.errors else 200)


def _standard(request: AuthenticatedHttpRequest, pk: int) -> DataStandard:
    standard = get_object_or_404(DataStandard.objects.select_related("organization", "code_list"), pk=pk)
    if standard.status != StandardStatus.ACCEPTED and not permissions.can_view_standard_proposals(request.user):
        raise Http404
    return standard


def standard_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    standard = _standard(request, pk)
    can_review = permissions.can_review_standards(request.user) and standard.status == StandardStatus.PROPOSED
    form = StandardReviewForm(request.POST or None)
    if request.method == "POST":
        if not permissions.can_review_standards(request.user):
            raise PermissionDenied
        if form.is_valid():
            try:
                do_review_standard(
                    standard=standard,
                    accept=form.cleaned_data["decision"] == "accept",
                    note=form.cleaned_data["note"],
                    acting_user=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Reviu tersimpan: %(status)s.") % {"status": standard.get_status_display()})
                return redirect(standard)
    context = {
        "standard": standard, "events": standard.events.select_related("actor"), "form": form, "can_review": can_review,
        "can_edit": permissions.can_edit_standard(request.user, standard),
    }  # fmt: skip
    return render(request, "reference/standard_detail.html", context, status=400 if form.errors else 200)


def standard_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    standard = _standard(request, pk)
    if not permissions.can_edit_standard(request.user, standard):
        raise PermissionDenied(_("Standar Data ini tidak dapat Anda ubah pada statusnya sekarang."))
    before = {f: getattr(standard, f) for f in DataStandard.REVIEWED_FIELDS}
    form = DataStandardForm(request.POST or None, instance=standard, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = do_update_standard(standard=form.save(commit=False), before=before, acting_user=request.user)
        if saved.status == StandardStatus.PROPOSED:
            messages.success(request, _("Perubahan tersimpan; Standar Data kembali diusulkan untuk direviu."))
        else:
            messages.success(request, _("Perubahan tersimpan."))
        return redirect(standard)
    return render(
        request,
        "reference/standard_form.html",
        {"form": form, "standard": standard},
        status=400 if form.errors else 200,
    )
