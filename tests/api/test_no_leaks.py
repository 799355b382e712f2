"""Terbatas and Tertutup rows never leave through the machine interfaces: the REST API, the CKAN
Action API, DCAT, Data Package, JSON-stat and the OpenAPI document — for anonymous callers, for a
producer of another OPD and for the forum (whose tokens open metadata, not restricted rows). Their
rows carry numbers found nowhere else (see tests/access/helpers.py). The same calls with the
walidata's token do return them: the check can fail."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from satudata.datasets.models import Dataset
from tests.access import helpers
from tests.access.helpers import TERBATAS_VALUE, TERTUTUP_VALUE, body, leaked

publish_dataset = helpers.publish_dataset
terbatas = helpers.terbatas
tertutup = helpers.tertutup

OUTSIDERS = ["anonymous", "bob", "forum"]


def rest_calls(slug: str) -> list[tuple[str, str, dict[str, Any]]]:
    api = "/api/v1"
    return [
        ("GET", f"{api}/datasets", {}),
        ("GET", f"{api}/datasets/{slug}", {}),
        ("GET", f"{api}/datasets/{slug}/rows", {}),
        ("GET", f"{api}/datasets/{slug}/rows", {"release": 1}),
        ("GET", f"{api}/datasets/{slug}/rows", {"version": 1}),
        ("GET", f"{api}/datasets/{slug}/aggregate", {"group_by": "tahun", "measure": "max:jumlah_penduduk"}),
        ("GET", f"{api}/datasets/{slug}/versions", {}),
        ("GET", f"{api}/datasets/{slug}/versions/1", {}),
        ("GET", f"{api}/datasets/{slug}/releases", {}),
        ("GET", f"{api}/openapi.json", {}),
    ]


def ckan_calls(dataset: Dataset, resource_ids: list[str]) -> list[tuple[str, str, dict[str, Any]]]:
    action = "/api/3/action"
    calls: list[tuple[str, str, dict[str, Any]]] = [
        ("GET", f"{action}/package_search", {"q": "", "rows": 1000, "include_private": "true"}),
        ("GET", f"{action}/package_show", {"id": dataset.slug}),
        ("GET", f"{action}/current_package_list_with_resources", {}),
        ("GET", f"{action}/package_list", {}),
    ]
    for rid in resource_ids:
        calls += [
            ("GET", f"{action}/resource_show", {"id": rid}),
            ("GET", f"{action}/datastore_search", {"resource_id": rid, "limit": 1000}),
            ("POST", f"{action}/datastore_search", {"resource_id": rid, "records_format": "csv"}),
        ]
    return calls


def file_calls(slug: str) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        ("GET", "/catalog.ttl", {}),
        ("GET", "/catalog.jsonld", {}),
        ("GET", f"/dataset/{slug}.ttl", {}),
        ("GET", f"/dataset/{slug}.rdf", {}),
        ("GET", f"/dataset/{slug}/datapackage.json", {}),
        ("GET", f"/dataset/{slug}.jsonstat", {}),
    ]


def call(method: str, path: str, params: dict[str, Any], token: str) -> Any:
    headers = {"Authorization": token} if token else {}
    if method == "POST":
        return Client().post(path, json.dumps(params), content_type="application/json", headers=headers)
    return Client().get(path, params, headers=headers)


def resource_ids(dataset: Dataset, token: str) -> list[str]:
    shown = call("GET", "/api/3/action/package_show", {"id": dataset.slug}, token).json()
    return [r["id"] for r in shown["result"]["resources"]]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_no_machine_interface_gives_restricted_rows_to_outsiders(
    who: str, terbatas: Dataset, tertutup: Dataset, token_for: Callable[..., str]
) -> None:
    token = "" if who == "anonymous" else token_for(who)
    insider = token_for("wali")
    for dataset, value in [(terbatas, TERBATAS_VALUE), (tertutup, TERTUTUP_VALUE)]:
        calls = (
            rest_calls(dataset.slug) + ckan_calls(dataset, resource_ids(dataset, insider)) + file_calls(dataset.slug)
        )
        for method, path, params in calls:
            response = call(method, path, params, token)
            assert response.status_code < 500, (path, response.status_code)
            assert not leaked(body(response), value), f"{who}: {method} {path} {params} leaked {value}"


def test_the_same_calls_with_the_walidatas_token_do_return_the_rows(
    terbatas: Dataset, token_for: Callable[..., str]
) -> None:
    """The control: the distinctive value is there to be found by those who may see it."""
    token = token_for("wali")
    rows = call("GET", f"/api/v1/datasets/{terbatas.slug}/rows", {}, token)
    assert leaked(body(rows), TERBATAS_VALUE)
    rid = resource_ids(terbatas, token)[0]
    found = call("GET", "/api/3/action/datastore_search", {"resource_id": rid}, token)
    assert leaked(body(found), TERBATAS_VALUE)
