"""API tokens: stored hashed, accepted in the three headers, narrowed by scope, organizations,
expiry and revocation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import RequestFactory
from django.utils import timezone

from satudata.accounts.models import Organization, User
from satudata.api.actions import do_create_token, do_revoke_token
from satudata.api.auth import ANONYMOUS, InvalidToken, caller_for
from satudata.api.models import ApiToken, ApiTokenEvent, Scope, hash_token


def request_with(**headers: str):  # type: ignore[no-untyped-def]
    return RequestFactory().get("/api/v1/datasets", headers=headers)


def test_only_the_hash_is_stored_and_the_prefix_tells_tokens_apart(people: dict[str, User]) -> None:
    token, raw = do_create_token(name="SIMPUS", scope=Scope.WRITE, acting_user=people["alice"])
    assert raw.startswith("sd_") and len(raw) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hash_token(raw) and raw not in stored.key_hash
    assert stored.prefix == raw[:10]
    assert list(ApiTokenEvent.objects.filter(token=token).values_list("action", flat=True)) == ["created"]


@pytest.mark.parametrize("header", ["Authorization", "Authorization-Bearer", "X-CKAN-API-Key"])
def test_the_token_is_accepted_in_each_header_clients_use(people: dict[str, User], header: str) -> None:
    _token, raw = do_create_token(name="t", scope=Scope.READ, acting_user=people["alice"])
    if header == "Authorization-Bearer":
        request = request_with(Authorization=f"Bearer {raw}")
    else:
        request = request_with(**{header: raw})
    caller = caller_for(request)
    assert caller.user == people["alice"] and caller.token is not None


def test_no_token_is_anonymous_and_a_wrong_one_is_refused(people: dict[str, User]) -> None:
    assert caller_for(request_with()) is ANONYMOUS
    assert caller_for(request_with(Authorization="Basic dXNlcjpwYXNz")) is ANONYMOUS
    with pytest.raises(InvalidToken):
        caller_for(request_with(Authorization="sd_not-a-real-token"))


def test_expired_revoked_and_deactivated_owners_tokens_stop_working(people: dict[str, User]) -> None:
    past = timezone.now() - dt.timedelta(minutes=1)
    _expired, raw_expired = do_create_token(name="e", scope=Scope.READ, expires_at=past, acting_user=people["alice"])
    revoked, raw_revoked = do_create_token(name="r", scope=Scope.READ, acting_user=people["alice"])
    do_revoke_token(token=revoked, acting_user=people["alice"])
    do_revoke_token(token=revoked, acting_user=people["alice"])  # twice: one event only
    assert revoked.events.filter(action="revoked").count() == 1
    _bobs, raw_bob = do_create_token(name="b", scope=Scope.READ, acting_user=people["bob"])
    people["bob"].is_active = False
    people["bob"].save()
    for raw in (raw_expired, raw_revoked, raw_bob):
        with pytest.raises(InvalidToken):
            caller_for(request_with(Authorization=raw))


def test_a_token_limited_to_organizations_covers_only_them(
    people: dict[str, User], orgs: dict[str, Organization], token_for: Callable[..., str]
) -> None:
    token, _raw = do_create_token(
        name="dinkes only", scope=Scope.READ, organizations=[orgs["dinkes"]], acting_user=people["wali"]
    )
    assert token.covers(orgs["dinkes"].pk) and not token.covers(orgs["dispendik"].pk)
    everywhere, _raw = do_create_token(name="all", scope=Scope.READ, acting_user=people["wali"])
    assert everywhere.covers(orgs["dispendik"].pk)
