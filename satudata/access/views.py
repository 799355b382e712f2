"""Requests for Terbatas data: the public form, the personal download link, and the walidata's
list and decisions under /kelola/permintaan-data/ (login and a role are checked there by
StaffAreaMiddleware)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from satudata import store
from satudata.access import actions, permissions
from satudata.access.forms import ApproveForm, ReasonForm, RequestFilterForm, RequestForm, max_days
from satudata.access.models import DataRequest, RequestStatus
from satudata.core.http import AuthenticatedHttpRequest, form_errors_text
from satudata.datasets.models import Dataset, Release
from satudata.portal.files import FORMATS, ensure_file
from satudata.portal.views import catalogued_datasets
from satudata.reference.models import AccessClass

# The personal link offers the formats of the public downloads (the CSV for Excel is left out:
# one CSV is enough for a single requester).
PERSONAL_FORMATS = ["csv", "xlsx", "json", "html", "parquet"]
_SESSION_REFERENCE = "access_reference"
_R = TypeVar("_R", bound=HttpResponseBase)


def _private(response: _R) -> _R:
    """Pages and files of a personal link: never cached by a proxy, never indexed, and no Referer
    carrying the token to another site."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


# ---------------------------------------------------------------------------------------------
# The public form


def _requestable(slug: str) -> Dataset:
    """Terbatas datasets with published data. Terbuka data needs no request, Tertutup data is
    never given: both answer 404, as does a dataset with nothing published."""
    return get_object_or_404(catalogued_datasets().filter(access_class=AccessClass.TERBATAS), slug=slug)


def request_form(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = _requestable(slug)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_robot:
            # Answer like a success, so the robot learns nothing; nothing is stored or sent.
            request.session.pop(_SESSION_REFERENCE, None)
            return redirect("access:thanks", dataset.slug)
        data_request = actions.do_submit_request(dataset=dataset, **form.request_fields())
        request.session[_SESSION_REFERENCE] = data_request.reference
        return redirect("access:thanks", dataset.slug)
    status = 400 if form.is_bound else 200
    return render(request, "access/request_form.html", {"dataset": dataset, "form": form}, status=status)


def request_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = _requestable(slug)
    reference = request.session.pop(_SESSION_REFERENCE, "")
    response = render(request, "access/request_thanks.html", {"dataset": dataset, "reference": reference})
    return _private(response)


# ---------------------------------------------------------------------------------------------
# The personal link


def _for_token(request: HttpRequest, token: str) -> DataRequest | HttpResponse:
    """The usable request of a personal link, or the page to answer instead: 404 for an unknown,
    refused or never-approved token and for a dataset since made Tertutup; 410 for an expired or
    revoked link (its holder learns only that it no longer works, and gets no data)."""
    data_request = actions.find_by_token(token)
    if data_request is None or data_request.dataset.access_class == AccessClass.TERTUTUP:
        raise Http404
    if not data_request.is_usable(timezone.localdate()):
        response = render(request, "access/link_gone.html", {"data_request": data_request}, status=410)
        return _private(response)
    return data_request


def _current_release(dataset: Dataset) -> Release | None:
    """The newest release, if it has data. Not the newest with data: when everything has been
    withdrawn, the newest release is empty and nothing may be given."""
    release = dataset.latest_release()
    return release if release is not None and release.file_key else None


def personal(request: HttpRequest, token: str) -> HttpResponse:
    data_request = _for_token(request, token)
    if isinstance(data_request, HttpResponse):
        return data_request
    context = {
        "data_request": data_request,
        "dataset": data_request.dataset,
        "release": _current_release(data_request.dataset),
        "token": token,
        "formats": PERSONAL_FORMATS,
    }
    return _private(render(request, "access/personal.html", context))


def personal_download(request: HttpRequest, token: str, fmt: str) -> HttpResponseBase:
    if fmt not in PERSONAL_FORMATS:
        raise Http404
    data_request = _for_token(request, token)
    if isinstance(data_request, HttpResponse):
        return data_request
    release = _current_release(data_request.dataset)
    if release is None:
        raise Http404
    made = ensure_file(release, fmt)
    path = store.export_path(made.relpath)
    response = FileResponse(
        path.open("rb"), content_type=store.MEDIA_TYPES[FORMATS[fmt]], filename=path.name, as_attachment=True
    )
    actions.record_download(data_request=data_request, release=release, fmt=fmt, size_bytes=made.size_bytes)
    return _private(response)


# ---------------------------------------------------------------------------------------------
# The staff side


def _get_request_for_user(request: AuthenticatedHttpRequest, pk: int, *, decide: bool = False) -> DataRequest:
    data_request = get_object_or_404(DataRequest.objects.select_related("dataset__organization"), pk=pk)
    if not permissions.can_view_request(request.user, data_request):
        raise Http404
    if decide and not permissions.can_decide_requests(request.user):
        raise PermissionDenied(_("Hanya walidata yang memutuskan permintaan data."))
    return data_request


def manage_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_view_request_list(request.user):
        raise PermissionDenied
    requests = DataRequest.objects.select_related("dataset__organization")
    if not permissions.can_decide_requests(request.user):
        requests = requests.filter(dataset__organization_id__in=request.user.producer_org_ids())
    form = RequestFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    today = timezone.localdate()
    if status == "kedaluwarsa":
        requests = requests.expired(today)
    elif status == RequestStatus.APPROVED:
        requests = requests.active(today)
    elif status:
        requests = requests.filter(status=status)
    page = Paginator(requests, 50).get_page(request.GET.get("hal"))
    context = {
        "page": page,
        "form": form,
        "status": status,
        "can_decide": permissions.can_decide_requests(request.user),
    }
    return render(request, "access/manage_list.html", context)


def manage_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    data_request = _get_request_for_user(request, pk)
    can_decide = permissions.can_decide_requests(request.user)
    context = {
        "data_request": data_request,
        "events": data_request.events.select_related("actor"),
        "downloads": data_request.downloads.all()[:500],
        "can_decide": can_decide and data_request.status == RequestStatus.SUBMITTED,
        "can_revoke": can_decide and data_request.status == RequestStatus.APPROVED,
        "approve_form": ApproveForm(),
        "reason_form": ReasonForm(),
        "max_days": max_days(),
    }
    return render(request, "access/manage_detail.html", context)


@require_POST
def approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    data_request = _get_request_for_user(request, pk, decide=True)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(data_request)
    try:
        approval = actions.do_approve_request(
            data_request=data_request, expires_at=form.cleaned_data["expires_at"], note=form.cleaned_data["note"],
            base_url=request.build_absolute_uri("/"), acting_user=request.user,
        )  # fmt: skip
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(data_request)
    # Rendered, not redirected: the link exists only in this response and in the e-mail.
    return _private(render(request, "access/approved.html", {"approval": approval, "data_request": approval.request}))


def _decide_with_reason(
    request: AuthenticatedHttpRequest, pk: int, action: Callable[..., DataRequest], done: str
) -> HttpResponse:
    """Refusing and revoking: a reason is required, the requester is told by e-mail."""
    data_request = _get_request_for_user(request, pk, decide=True)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(data_request)
    try:
        action(data_request=data_request, reason=form.cleaned_data["reason"], acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect(data_request)


@require_POST
def refuse(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _decide_with_reason(
        request, pk, actions.do_refuse_request, _("Permintaan ditolak; pemohon diberi tahu lewat e-mail.")
    )


@require_POST
def revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _decide_with_reason(
        request, pk, actions.do_revoke_request, _("Akses dicabut; tautan pribadi pemohon tidak berlaku lagi.")
    )
