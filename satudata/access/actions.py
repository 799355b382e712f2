"""Writes about requests for Terbatas data. Each is one typed function that checks the actor's
right, runs in one transaction and leaves its append-only `DataRequestEvent`. Decisions are
conditional updates (``UPDATE ... WHERE status = expected``), so two walidata pressing at once
cannot both decide."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from satudata.access import mail, permissions
from satudata.access.forms import max_days
from satudata.access.models import AccessLog, DataRequest, DataRequestEvent, RequestStatus, hash_token
from satudata.accounts.models import Role, User
from satudata.accounts.notify import notify, users_with_role
from satudata.datasets.models import Dataset, Release
from satudata.reference.models import AccessClass

# What secrets.token_urlsafe(32) makes (43 characters); anything else is not worth a query.
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{20,100}")


@dataclasses.dataclass(frozen=True)
class Approval:
    request: DataRequest
    link: str  # shown once to the walidata, never stored
    emailed: bool


def _decide(
    data_request: DataRequest,
    *,
    to: RequestStatus,
    expected: RequestStatus,
    kind: DataRequestEvent.Kind,
    actor: User,
    note: str,
    **fields: object,
) -> DataRequest:
    updated = DataRequest.objects.filter(pk=data_request.pk, status=expected).update(status=to, **fields)
    if updated != 1:
        data_request.refresh_from_db()
        raise ValidationError(
            _("Permintaan ini sudah berstatus %(status)s; muat ulang halaman.") % {"status": data_request.state_label}
        )
    data_request.refresh_from_db()
    DataRequestEvent.objects.create(request=data_request, kind=kind, actor=actor, note=note)
    return data_request


@transaction.atomic
def do_submit_request(
    *, dataset: Dataset, name: str, email: str, phone: str, institution: str, purpose: str, periods: str
) -> DataRequest:
    """A member of the public asks for a Terbatas dataset. No account, so no acting user: the
    event row has no actor. The walidata is notified; the requester gets a receipt by e-mail."""
    if dataset.access_class != AccessClass.TERBATAS:
        raise ValidationError(_("Hanya data Terbatas yang dapat dimintakan aksesnya."))
    data_request = DataRequest.objects.create(
        dataset=dataset, name=name.strip(), email=email.strip(), phone=phone.strip(),
        institution=institution.strip(), purpose=purpose.strip(), periods=periods.strip(),
    )  # fmt: skip
    DataRequestEvent.objects.create(request=data_request, kind=DataRequestEvent.Kind.SUBMITTED, actor=None)
    # The requester's name and contact stay in the staff area; the notification names only the request.
    notify(
        users_with_role(Role.WALIDATA),
        text=_("Permintaan data %(ref)s atas %(title)s menunggu keputusan.")
        % {"ref": data_request.reference, "title": dataset.title},
        url=data_request.get_absolute_url(),
    )
    mail.enqueue_receipt(data_request)
    return data_request


def check_expiry(expires_at: dt.date, *, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    if expires_at <= today:
        raise ValidationError(_("Tanggal berlaku sampai harus setelah hari ini."))
    limit = max_days()
    if expires_at > today + dt.timedelta(days=limit):
        raise ValidationError(
            _("Tanggal berlaku sampai paling lama %(days)s hari dari hari ini (%(date)s).")
            % {"days": limit, "date": (today + dt.timedelta(days=limit)).strftime("%d-%m-%Y")}
        )


@transaction.atomic
def do_approve_request(
    *, data_request: DataRequest, expires_at: dt.date, base_url: str, acting_user: User, note: str = ""
) -> Approval:
    """Approve until ``expires_at`` (inclusive): a new random token, of which only the hash is kept,
    and the personal link ``<base_url>/akses/<token>/`` e-mailed to the requester now."""
    if not permissions.can_decide_requests(acting_user):
        raise PermissionDenied
    check_expiry(expires_at)
    token = secrets.token_urlsafe(32)
    data_request = _decide(
        data_request, to=RequestStatus.APPROVED, expected=RequestStatus.SUBMITTED,
        kind=DataRequestEvent.Kind.APPROVED, actor=acting_user,
        note=(_("Berlaku sampai %(date)s.") % {"date": expires_at.strftime("%d-%m-%Y")} + " " + note.strip()).strip(),
        expires_at=expires_at, token_hash=hash_token(token), decision_reason=note.strip(),
        decided_by=acting_user, decided_at=timezone.now(),
    )  # fmt: skip
    link = base_url.rstrip("/") + reverse("access:personal", args=[token])
    emailed = mail.send_personal_link(data_request, link)
    return Approval(request=data_request, link=link, emailed=emailed)


@transaction.atomic
def do_refuse_request(*, data_request: DataRequest, reason: str, acting_user: User) -> DataRequest:
    if not permissions.can_decide_requests(acting_user):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Alasan penolakan wajib diisi."))
    data_request = _decide(
        data_request, to=RequestStatus.REFUSED, expected=RequestStatus.SUBMITTED,
        kind=DataRequestEvent.Kind.REFUSED, actor=acting_user, note=reason,
        decision_reason=reason, decided_by=acting_user, decided_at=timezone.now(),
    )  # fmt: skip
    mail.enqueue_refusal(data_request)
    return data_request


@transaction.atomic
def do_revoke_request(*, data_request: DataRequest, reason: str, acting_user: User) -> DataRequest:
    """End an approval before its date. The token hash stays, so the link answers "revoked"
    rather than "unknown"; it gives no data either way."""
    if not permissions.can_decide_requests(acting_user):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Alasan pencabutan wajib diisi."))
    data_request = _decide(
        data_request, to=RequestStatus.REVOKED, expected=RequestStatus.APPROVED,
        kind=DataRequestEvent.Kind.REVOKED, actor=acting_user, note=reason,
        decision_reason=reason, decided_by=acting_user, decided_at=timezone.now(),
    )  # fmt: skip
    mail.enqueue_revocation(data_request)
    return data_request


def find_by_token(token: str) -> DataRequest | None:
    """The request a personal link belongs to, whatever its status (the caller decides)."""
    if not _TOKEN_RE.fullmatch(token):
        return None
    return (
        DataRequest.objects.select_related("dataset__organization")
        .filter(token_hash=hash_token(token))
        .exclude(status__in=[RequestStatus.SUBMITTED, RequestStatus.REFUSED])
        .first()
    )


def record_download(*, data_request: DataRequest, release: Release, fmt: str, size_bytes: int) -> AccessLog:
    return AccessLog.objects.create(request=data_request, fmt=fmt, release_number=release.number, size_bytes=size_bytes)
