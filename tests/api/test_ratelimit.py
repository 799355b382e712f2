"""Rate limits: per IP address without a token, per token with one; RateLimit-* headers on every
API answer; 429 with Retry-After beyond the limit; other pages are not counted."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client, override_settings

from satudata.api.ratelimit import hit, is_api_path

pytestmark = pytest.mark.django_db


@override_settings(SATUDATA_API_RATE_ANON=3, SATUDATA_API_RATE_WINDOW=60)
def test_anonymous_calls_are_limited_per_address() -> None:
    client = Client(REMOTE_ADDR="10.0.0.1")
    answers = [client.get("/api/v1/organizations") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a["RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]
    assert answers[0]["RateLimit-Limit"] == "3" and answers[0]["RateLimit-Policy"] == "3;w=60"
    assert 1 <= int(answers[0]["RateLimit-Reset"]) <= 60
    refused = answers[3]
    assert int(refused["Retry-After"]) >= 1
    assert refused.json()["error"]["code"] == "rate_limited"
    assert "Terlalu banyak permintaan" in refused.json()["error"]["message"]
    # Another address has its own count; the CKAN API and the DCAT catalogue are counted too.
    assert Client(REMOTE_ADDR="10.0.0.2").get("/api/v1/organizations").status_code == 200
    assert client.get("/api/3/action/status_show").status_code == 429
    assert client.get("/catalog.ttl").status_code == 429
    # Pages for people are not API calls.
    page = client.get("/dataset/")
    assert page.status_code == 200 and "RateLimit-Limit" not in page


@override_settings(SATUDATA_API_RATE_ANON=1, SATUDATA_API_RATE_TOKEN=2, SATUDATA_API_RATE_WINDOW=60)
def test_token_calls_are_limited_per_token_not_per_address(token_for: Callable[..., str]) -> None:
    alice, bob = token_for("alice"), token_for("bob")
    client = Client(REMOTE_ADDR="10.0.0.9")
    assert client.get("/api/v1/organizations").status_code == 200
    assert client.get("/api/v1/organizations").status_code == 429  # the address is spent
    codes = [client.get("/api/v1/organizations", headers={"Authorization": alice}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    answer = client.get("/api/v1/organizations", headers={"Authorization": bob})
    assert answer.status_code == 200 and answer["RateLimit-Limit"] == "2"


@override_settings(SATUDATA_API_RATE_ANON=1, SATUDATA_API_RATE_WINDOW=60)
def test_a_bad_token_counts_against_the_address() -> None:
    client = Client(REMOTE_ADDR="10.0.0.3")
    assert client.get("/api/v1/organizations", headers={"Authorization": "sd_salah"}).status_code == 401
    assert client.get("/api/v1/organizations", headers={"Authorization": "sd_lain"}).status_code == 429


@override_settings(SATUDATA_API_RATE_ANON=1, SATUDATA_API_RATE_WINDOW=60, SATUDATA_BEHIND_HTTPS_PROXY=True)
def test_behind_the_sites_proxy_the_forwarded_address_counts() -> None:
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    assert proxy.get("/api/v1/organizations", headers={"X-Forwarded-For": "1.2.3.4"}).status_code == 200
    assert proxy.get("/api/v1/organizations", headers={"X-Forwarded-For": "5.6.7.8"}).status_code == 200
    # A client cannot escape by prepending addresses: the proxy's own entry (the last) is used.
    spoofed = proxy.get("/api/v1/organizations", headers={"X-Forwarded-For": "9.9.9.9, 1.2.3.4"})
    assert spoofed.status_code == 429


@override_settings(SATUDATA_API_RATE_ANON=0)
def test_zero_turns_the_limit_off() -> None:
    client = Client()
    for _ in range(5):
        answer = client.get("/api/v1/organizations")
        assert answer.status_code == 200 and "RateLimit-Limit" not in answer


def test_windows_restart() -> None:
    first = hit("test:x", 2, 60, now=1000.0)
    hit("test:x", 2, 60, now=1001.0)
    third = hit("test:x", 2, 60, now=1019.0)
    assert first.allowed and not third.allowed and third.reset == 1
    assert hit("test:x", 2, 60, now=1020.0).allowed  # the next window


@pytest.mark.parametrize(
    ("path", "counted"),
    [
        ("/api/v1/datasets", True),
        ("/api/3/action/package_show", True),
        ("/api/action/package_list", True),
        ("/catalog.ttl", True),
        ("/catalog.jsonld", True),
        ("/dataset/x.rdf", True),
        ("/dataset/x.jsonstat", True),
        ("/dataset/x/datapackage.json", True),
        ("/dataset/x.csv", False),
        ("/dataset/x/", False),
        ("/", False),
        ("/kelola/token-api/", False),
    ],
)
def test_what_counts_as_an_api_call(path: str, counted: bool) -> None:
    assert is_api_path(path) is counted
