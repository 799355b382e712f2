"""Shared fixtures and helpers of the access tests: a Terbatas and a Tertutup dataset of Dinas
Kesehatan (alice's OPD), both with published data carrying numbers found nowhere else (987654…
and 876543…), and helpers to request and approve."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from satudata.access import actions
from satudata.access.models import DataRequest
from satudata.accounts.models import User
from satudata.datasets import actions as dataset_actions
from satudata.datasets.models import Dataset
from satudata.datasets.pipeline import import_rows
from satudata.reference.models import AccessClass
from tests.datasets.conftest import population_rows

TERBATAS_VALUE = 987654
TERTUTUP_VALUE = 876543

REQUEST_FIELDS = {
    "name": "Siti Rahma",
    "email": "siti@kampus.ac.id",
    "phone": "0812 3456 7890",
    "institution": "Universitas Contoh",
    "purpose": "Penelitian skripsi tentang sebaran penduduk per kecamatan.",
    "periods": "2023–2024",
}


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def leaked(content: bytes, value: int) -> bool:
    """The value as stored, or formatted with Indonesian or English thousands separators."""
    text = content.decode("utf-8", errors="replace")
    return any(form in text for form in (str(value), f"{value:,}", f"{value:,}".replace(",", ".")))


@pytest.fixture
def publish_dataset(
    make_dataset: Callable[..., Dataset], kecamatan: list[tuple[str, str]], people: dict[str, User]
) -> Callable[..., Dataset]:
    def make(title: str, access_class: AccessClass, base: int, *, priority: bool = False) -> Dataset:
        dataset = make_dataset(title, access_class=access_class, is_priority=priority, topic="kesehatan")
        version = import_rows(dataset=dataset, rows=population_rows(kecamatan, 2024, base=base), period="2024",
                              acting_user=people["alice"]).version  # fmt: skip
        version = dataset_actions.do_submit_version(version=version, acting_user=people["alice"])
        version = dataset_actions.do_verify_version(version=version, acting_user=people["wali"])
        if priority:
            version = dataset_actions.do_check_version(version=version, acting_user=people["bps"])
        dataset_actions.do_publish_version(version=version, acting_user=people["wali"])
        dataset.refresh_from_db()
        return dataset

    return make


@pytest.fixture
def terbatas(publish_dataset: Callable[..., Dataset]) -> Dataset:
    # Data Prioritas: the home page's latest indicators are computed from such datasets.
    return publish_dataset("Penduduk Rentan menurut Kecamatan", AccessClass.TERBATAS, TERBATAS_VALUE, priority=True)


@pytest.fixture
def tertutup(publish_dataset: Callable[..., Dataset]) -> Dataset:
    return publish_dataset("Penderita Penyakit Khusus menurut Kecamatan", AccessClass.TERTUTUP, TERTUTUP_VALUE)


@pytest.fixture
def make_request() -> Callable[..., DataRequest]:
    def make(dataset: Dataset, **overrides: str) -> DataRequest:
        return actions.do_submit_request(dataset=dataset, **{**REQUEST_FIELDS, **overrides})

    return make


@pytest.fixture
def approve(people: dict[str, User]) -> Callable[..., tuple[DataRequest, str]]:
    """Approve for ``days`` days; returns the request and the path of its personal link."""

    def do(data_request: DataRequest, days: int = 30) -> tuple[DataRequest, str]:
        approval = actions.do_approve_request(
            data_request=data_request, expires_at=timezone.localdate() + dt.timedelta(days=days),
            base_url="http://testserver/", acting_user=people["wali"],
        )  # fmt: skip
        path = approval.link.removeprefix("http://testserver")
        assert path.startswith("/akses/")
        return approval.request, path

    return do
