"""Who is calling the APIs: anonymous, or the owner of an API token.

The APIs read no session cookie: a browser logged in to the staff area is anonymous here, so a
page elsewhere cannot make a visitor's browser write through the API (no CSRF to defend), and
what an API answer holds depends only on the request's headers.

A token is accepted in the three headers clients use: ``Authorization: <token>`` (CKAN and the
`ckanapi` client), ``Authorization: Bearer <token>`` and ``X-CKAN-API-Key: <token>``."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone

from satudata.accounts.models import User
from satudata.api.models import ApiToken, hash_token

# Don't write last_used_at on every call: once a minute is enough to tell a living token.
_TOUCH_SECONDS = 60


class InvalidToken(Exception):
    """A token was sent but is unknown, expired or revoked (or its owner is deactivated)."""


@dataclass(frozen=True)
class Caller:
    user: User | AnonymousUser
    token: ApiToken | None

    @property
    def is_anonymous(self) -> bool:
        return self.token is None


ANONYMOUS = Caller(user=AnonymousUser(), token=None)


def raw_token(request: HttpRequest) -> str:
    """The token in the request's headers, or ''."""
    value = request.headers.get("Authorization", "").strip()
    if value[:7].lower() == "bearer ":
        value = value[7:].strip()
    elif value[:6].lower() == "basic ":  # not ours; a proxy's password, say
        value = ""
    return value or request.headers.get("X-CKAN-API-Key", "").strip()


def caller_for(request: HttpRequest) -> Caller:
    """The caller of this request (looked up once per request). Raises `InvalidToken`."""
    cached: Caller | None = getattr(request, "_api_caller", None)
    if cached is not None:
        return cached
    raw = raw_token(request)
    if not raw:
        caller = ANONYMOUS
    else:
        token = ApiToken.objects.usable().select_related("user").filter(key_hash=hash_token(raw)).first()
        if token is None or not token.user.is_active:
            raise InvalidToken
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > _TOUCH_SECONDS:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        caller = Caller(user=token.user, token=token)
    request._api_caller = caller  # type: ignore[attr-defined]
    return caller
