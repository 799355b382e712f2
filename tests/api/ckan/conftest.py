"""Datasets for the CKAN API beside the API fixtures (``open_dataset``, ``restricted_dataset``,
``unpublished_dataset``, ``token_for``), and a helper to call actions the way clients do."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from satudata.accounts.models import User
from satudata.datasets import actions
from satudata.datasets.models import Dataset, DatasetVersion, Licence
from satudata.datasets.pipeline import import_rows
from tests.datasets.conftest import population_rows


def publish_for_dispendik(version: DatasetVersion, people: dict[str, User]) -> DatasetVersion:
    version = actions.do_submit_version(version=version, acting_user=people["bob"])
    version = actions.do_verify_version(version=version, acting_user=people["wali"])
    return actions.do_publish_version(version=version, acting_user=people["wali"])


@pytest.fixture
def school_dataset(
    make_dataset: Callable[..., Dataset], kecamatan: list[tuple[str, str]], people: dict[str, User]
) -> Dataset:
    """Dispendik's, in the topic "Pendidikan dan Pelatihan", CC0, with a keyword CKAN would refuse."""
    dataset = make_dataset("Jumlah Sekolah Dasar menurut Kecamatan", org="dispendik", topic="pendidikan_dan_pelatihan",
                           keywords="sekolah, kabupaten/kota, SD", licence=Licence.CC0)  # fmt: skip
    version = import_rows(dataset=dataset, rows=population_rows(kecamatan, 2024, base=20), period="2024",
                          acting_user=people["wali"]).version  # fmt: skip
    publish_for_dispendik(version, people)
    return Dataset.objects.get(pk=dataset.pk)


Call = Callable[..., Any]


@pytest.fixture
def call() -> Call:
    """``call("package_show", id="x")`` → the HTTP response, as ckanapi sends it (POST, JSON body,
    the token in Authorization and X-CKAN-API-Key). ``method="GET"`` sends query parameters
    (dicts and lists as JSON text, as CKAN wants them on GET); ``path`` picks the /api/3/ route."""

    def make(action: str, /, *, token: str | None = None, method: str = "POST", versioned: bool = False,
             **params: Any) -> Any:  # fmt: skip
        client = Client()
        path = f"/api/3/action/{action}" if versioned else f"/api/action/{action}"
        headers = {"Authorization": token, "X-CKAN-API-Key": token} if token else {}
        if method == "GET":
            query = {k: json.dumps(v) if isinstance(v, dict | list) else v for k, v in params.items()}
            return client.get(path, query, headers=headers)
        return client.post(path, json.dumps(params), content_type="application/json", headers=headers)

    return make


def result(response: Any) -> Any:
    """The result of a successful call."""
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["success"] is True
    return body["result"]


def error(response: Any, status: int, type_name: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["success"] is False and "result" not in body
    assert body["error"]["__type"] == type_name
    return body["error"]  # type: ignore[no-any-return]
