"""The staff page for API tokens: each role with a role may make, see and revoke its own tokens;
the secret is shown once; bad input names its field; others' tokens are out of reach."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from satudata.accounts.models import Organization, User
from satudata.api.auth import caller_for
from satudata.api.models import ApiToken, ApiTokenEvent, hash_token

URL = "/kelola/token-api/"


def in_days(n: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=n)).isoformat()


@pytest.mark.parametrize(
    ("who", "status"),
    [("alice", 200), ("bob", 200), ("wali", 200), ("bps", 200), ("forum", 200), ("admin", 200), ("nobody", 403)],
)
def test_who_may_open_the_token_page(client_for: Callable[[str], Client], who: str, status: int) -> None:
    assert client_for(who).get(URL).status_code == status


def test_anonymous_is_sent_to_login(client_for: Callable[[str], Client]) -> None:
    response = client_for("anonymous").get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_new_token_is_shown_once_and_only_its_hash_is_kept(
    client_for: Callable[[str], Client], people: dict[str, User], orgs: dict[str, Organization]
) -> None:
    client = client_for("alice")
    response = client.post(URL, {"name": "SIMPUS", "scope": "write", "organizations": [orgs["dinkes"].pk],
                                 "expires_on": in_days(30)})  # fmt: skip
    assert response.status_code == 200
    raw = response.context["raw"]
    assert raw in response.content.decode() and response["Cache-Control"].startswith("max-age=0")
    token = ApiToken.objects.get()
    assert token.key_hash == hash_token(raw) and token.user == people["alice"] and token.can_write
    assert list(token.organizations.all()) == [orgs["dinkes"]]
    assert timezone.localtime(token.expires_at).date() == timezone.localdate() + dt.timedelta(days=30)
    assert f"{timezone.localtime(token.expires_at):%H:%M}" == "23:59"
    listing = client.get(URL).content.decode()
    assert "SIMPUS" in listing and token.prefix in listing and raw not in listing


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"scope": "read", "expires_on": in_days(10)}, "name", "Nama token wajib diisi"),
        ({"name": "x", "scope": "admin", "expires_on": in_days(10)}, "scope", "admin"),
        ({"name": "x", "scope": "read", "expires_on": in_days(-1)}, "expires_on", "sudah lewat"),
        ({"name": "x", "scope": "read", "expires_on": in_days(400)}, "expires_on", "paling lama satu tahun"),
        ({"name": "x", "scope": "read", "expires_on": "besok"}, "expires_on", "tidak sah"),
        ({"name": "x", "scope": "read"}, "expires_on", "wajib diisi"),
        ({"name": "x", "scope": "read", "expires_on": in_days(5), "organizations": ["999"]}, "organizations", "999"),
    ],
)
def test_bad_input_names_the_field_and_makes_nothing(
    client_for: Callable[[str], Client], data: dict[str, object], field: str, words: str
) -> None:
    response = client_for("alice").post(URL, data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and words in " ".join(errors[field]), errors
    assert not ApiToken.objects.exists()


def test_revoking_stops_the_token_at_once(
    client_for: Callable[[str], Client], token_for: Callable[..., str], people: dict[str, User]
) -> None:
    raw = token_for("alice")
    token = ApiToken.objects.get()
    assert Client().get("/api/v1/datasets", headers={"Authorization": raw}).status_code == 200
    response = client_for("alice").post(f"{URL}{token.pk}/cabut/")
    assert response.status_code == 302
    assert Client().get("/api/v1/datasets", headers={"Authorization": raw}).status_code == 401
    assert ApiTokenEvent.objects.filter(token=token, action="revoked", actor=people["alice"]).exists()


def test_nobody_can_revoke_someone_elses_token(
    client_for: Callable[[str], Client], token_for: Callable[..., str]
) -> None:
    token_for("alice")
    token = ApiToken.objects.get()
    for who in ("bob", "wali", "admin"):
        assert client_for(who).post(f"{URL}{token.pk}/cabut/").status_code == 404
    assert client_for("alice").get(f"{URL}{token.pk}/cabut/").status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_list_shows_only_ones_own_tokens(
    client_for: Callable[[str], Client], token_for: Callable[..., str]
) -> None:
    token_for("alice")
    response = client_for("bob").get(URL)
    assert list(response.context["tokens"]) == []


def test_an_expired_token_is_refused(token_for: Callable[..., str]) -> None:
    from django.test import RequestFactory

    from satudata.api.auth import InvalidToken

    raw = token_for("alice", expires_at=timezone.now() + dt.timedelta(seconds=1))
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(InvalidToken):
        caller_for(RequestFactory().get("/api/v1/datasets", headers={"Authorization": raw}))


def test_the_date_field_shows_its_default_in_the_form_browsers_read(client_for: Callable[[str], Client]) -> None:
    """A date input only shows (and sends back) a value written YYYY-MM-DD."""
    html = client_for("alice").get(URL).content.decode()
    assert f'value="{in_days(90)}"' in html
