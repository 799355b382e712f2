"""The API and harvest log: every call of a machine interface is counted per day, channel, client
program and token/no token (no address kept); the staff page shows the year; EPSS 10301 and 50302
propose it as evidence."""

from __future__ import annotations

import logging
from collections.abc import Callable
from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import Client, override_settings
from django.utils import timezone

from satudata.api import usage
from satudata.api.models import ApiUsage, Channel
from satudata.evaluation.proposals import Context, proposals_for

pytestmark = pytest.mark.django_db

CKANAPI = "ckanapi/4.11 (+https://github.com/ckan/ckanapi)"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
URL = "/kelola/token-api/penggunaan/"


@pytest.mark.parametrize(
    ("path", "channel"),
    [
        ("/api/v1/datasets", Channel.REST),
        ("/api/v1/openapi.json", Channel.REST),
        ("/api/3/action/package_search", Channel.CKAN),
        ("/api/action/package_show", Channel.CKAN),
        ("/api/3", Channel.CKAN),
        ("/catalog.ttl", Channel.DCAT),
        ("/dataset/penduduk.jsonld", Channel.DCAT),
        ("/dataset/penduduk.jsonstat", Channel.JSONSTAT),
        ("/dataset/penduduk/datapackage.json", Channel.DATAPACKAGE),
        ("/dataset/penduduk/", None),
        ("/dataset/", None),
        ("/kelola/", None),
    ],
)
def test_channel_of_a_path(path: str, channel: Channel | None) -> None:
    assert usage.channel_of(path) == channel


@pytest.mark.parametrize(
    ("header", "agent"),
    [
        (CKANAPI, "ckanapi"),
        ("python-requests/2.32.3", "python-requests"),
        ("curl/8.5.0", "curl"),
        (FIREFOX, "peramban"),
        ("", "(tanpa User-Agent)"),
        ("   ", "(tanpa User-Agent)"),
        ("/??", "(tanpa User-Agent)"),
        ("x" * 200, "x" * 60),
    ],
)
def test_agent_of_a_user_agent(header: str, agent: str) -> None:
    assert usage.agent_of(header) == agent


def rows() -> dict[tuple[str, str, bool], tuple[int, int]]:
    return {(u.channel, u.agent, u.with_token): (u.requests, u.errors) for u in ApiUsage.objects.all()}


def test_calls_are_counted_per_channel_agent_and_token(token_for: Callable[..., str]) -> None:
    token = token_for("alice")
    harvester = Client(headers={"User-Agent": CKANAPI})
    for _ in range(3):
        assert harvester.get("/api/3/action/package_list").status_code == 200
    assert harvester.get("/api/3/action/package_show?id=tidak-ada").status_code == 404
    assert Client(headers={"User-Agent": FIREFOX}).get("/catalog.ttl").status_code == 200
    script = Client(headers={"User-Agent": "python-requests/2.32.3", "Authorization": token})
    assert script.get("/api/v1/organizations").status_code == 200
    assert script.get("/api/v1/datasets/tidak-ada").status_code == 404
    # Pages for people are not counted.
    assert Client(headers={"User-Agent": FIREFOX}).get("/dataset/").status_code == 200
    assert rows() == {
        ("ckan", "ckanapi", False): (4, 1),
        ("dcat", "peramban", False): (1, 0),
        ("rest", "python-requests", True): (2, 1),
    }
    assert {u.day for u in ApiUsage.objects.all()} == {timezone.localdate()}


@override_settings(SATUDATA_API_RATE_ANON=1, SATUDATA_API_RATE_WINDOW=60)
def test_calls_refused_by_the_rate_limit_are_counted_as_refused() -> None:
    client = Client(REMOTE_ADDR="10.9.9.9", headers={"User-Agent": "curl/8.5.0"})
    assert [client.get("/api/v1/organizations").status_code for _ in range(3)] == [200, 429, 429]
    assert rows() == {("rest", "curl", False): (3, 2)}


@override_settings(SATUDATA_API_USAGE_FLUSH_SECONDS=3600)
def test_counts_are_buffered_and_added_to_the_days_row() -> None:
    usage.flush()  # start a fresh buffer period
    ApiUsage.objects.create(day=timezone.localdate(), channel="ckan", agent="ckanapi", requests=10, errors=2)
    client = Client(headers={"User-Agent": CKANAPI})
    try:
        for _ in range(2):
            client.get("/api/3/action/status_show")
        assert rows() == {("ckan", "ckanapi", False): (10, 2)}  # not written yet
    finally:
        usage.flush()
    assert rows() == {("ckan", "ckanapi", False): (12, 2)}


def test_a_database_error_while_counting_does_not_break_the_answer(caplog: pytest.LogCaptureFixture) -> None:
    broken = mock.patch.object(usage, "_write", side_effect=DatabaseError("disk penuh"))
    with broken, caplog.at_level(logging.ERROR, logger="satudata.api.usage"):
        answer = Client().get("/api/3/action/status_show")
    assert answer.status_code == 200 and answer.json()["success"] is True
    assert "penggunaan API tidak tersimpan: 1 permintaan" in caplog.text
    assert not ApiUsage.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("alice", 200), ("bob", 200), ("wali", 200), ("bps", 200), ("forum", 200), ("admin", 200), ("nobody", 403)],
)
def test_who_may_open_the_usage_page(client_for: Callable[[str], Client], who: str, status: int) -> None:
    assert client_for(who).get(URL).status_code == status


def test_anonymous_is_sent_to_login(client_for: Callable[[str], Client]) -> None:
    response = client_for("anonymous").get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_shows_the_years_use(client_for: Callable[[str], Client]) -> None:
    today = timezone.localdate()
    last_year = today.replace(year=today.year - 1, day=1)
    ApiUsage.objects.create(day=today, channel="ckan", agent="ckanapi", requests=1500, errors=3)
    ApiUsage.objects.create(day=today, channel="rest", agent="python-requests", with_token=True, requests=40)
    ApiUsage.objects.create(day=last_year, channel="dcat", agent="curl", requests=7)
    client = client_for("wali")
    page = client.get(URL)
    year = page.context["usage"]
    assert year.year == today.year and year.requests == 1540 and year.harvested == 1500
    ckan = year.of(Channel.CKAN)
    assert ckan.requests == 1500 and ckan.errors == 3 and ckan.by_month[today.month - 1] == 1500
    assert year.of(Channel.REST).with_token == 40
    assert [(a.agent, a.requests) for a in year.agents] == [("ckanapi", 1500), ("python-requests", 40)]
    html = page.content.decode()
    assert "1.500" in html and "ckanapi" in html and "curl" not in html
    # The year before: only its own rows.
    before = client.get(URL, {"tahun": last_year.year}).context["usage"]
    assert before.requests == 7 and [a.agent for a in before.agents] == ["curl"]


@pytest.mark.parametrize("asked", ["abc", "1999", "9999", "-1"])
def test_an_unknown_year_says_so_and_shows_this_year(client_for: Callable[[str], Client], asked: str) -> None:
    page = client_for("wali").get(URL, {"tahun": asked}, follow=True)
    assert page.status_code == 200
    assert page.context["usage"].year == timezone.localdate().year
    assert f"Tahun “{asked}” tidak dikenal" in page.content.decode()


def test_epss_proposes_the_log_for_10301_and_50302(client_for: Callable[[str], Client]) -> None:
    year = timezone.localdate().year
    ApiUsage.objects.create(day=timezone.localdate(), channel="ckan", agent="ckanapi", requests=1200)
    ApiUsage.objects.create(day=timezone.localdate(), channel="dcat", agent="curl", requests=5)
    ctx = Context(year=year, cycle=None)
    for code in ("10301", "50302"):
        log = next(p for p in proposals_for(code, ctx).items if p.key == "api-log")
        assert log.url == f"{URL}?tahun={year}"
        assert "1.205 permintaan" in log.summary and "1.205 di antaranya lewat CKAN API" in log.summary
        assert "ckanapi (1.200), curl (5)" in log.summary
        assert client_for("wali").get(log.url).status_code == 200
