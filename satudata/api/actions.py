"""Writes about API tokens and the audit of API calls."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from satudata.accounts.models import Organization, User
from satudata.api.auth import Caller
from satudata.api.models import PREFIX_LENGTH, ApiToken, ApiTokenEvent, ApiWrite, Scope, hash_token, new_raw_token


@transaction.atomic
def do_create_token(
    *,
    name: str,
    scope: Scope,
    organizations: Iterable[Organization] = (),
    expires_at: dt.datetime | None = None,
    acting_user: User,
) -> tuple[ApiToken, str]:
    """A new token of ``acting_user``; returns it with the raw secret, which is never stored and
    must be shown to its owner now."""
    raw = new_raw_token()
    token = ApiToken.objects.create(
        user=acting_user, name=name, scope=scope, expires_at=expires_at,
        prefix=raw[:PREFIX_LENGTH], key_hash=hash_token(raw),
    )  # fmt: skip
    token.organizations.set(list(organizations))
    ApiTokenEvent.objects.create(token=token, action=ApiTokenEvent.Action.CREATED, actor=acting_user)
    return token, raw


@transaction.atomic
def do_revoke_token(*, token: ApiToken, acting_user: User) -> ApiToken:
    """Revoke a token at once. Race-safe: only the call that revokes it writes the event."""
    changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if changed:
        ApiTokenEvent.objects.create(token=token, action=ApiTokenEvent.Action.REVOKED, actor=acting_user)
    token.refresh_from_db()
    return token


def record_write(
    *,
    caller: Caller,
    method: str,
    path: str,
    action: str,
    status_code: int,
    object_type: str = "",
    object_id: object = "",
    detail: dict[str, object] | None = None,
) -> ApiWrite | None:
    """The audit row of an API call that changes (or tried to change) something. Anonymous calls
    cannot write and leave none."""
    if caller.token is None or not isinstance(caller.user, User):
        return None
    return ApiWrite.objects.create(
        token=caller.token, user=caller.user, method=method, path=path[:500], action=action,
        status_code=status_code, object_type=object_type, object_id=str(object_id or ""), detail=detail or {},
    )  # fmt: skip
