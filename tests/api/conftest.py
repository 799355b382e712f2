"""Datasets in the three states the APIs must tell apart, and API tokens for the personas.

- ``open_dataset``: Terbuka, published (2023 and 2024) — public everywhere.
- ``restricted_dataset``: Terbatas, published — its metadata is catalogued, its rows need a token.
- ``unpublished_dataset``: Terbuka, with a draft only — not public at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from satudata.accounts.models import Organization, User
from satudata.api.actions import do_create_token
from satudata.api.models import Scope
from satudata.datasets.models import Dataset, DatasetVersion
from satudata.datasets.pipeline import import_rows
from satudata.reference.models import AccessClass
from tests.datasets import conftest as datasets_conftest
from tests.datasets.conftest import population_rows
from tests.portal.test_downloads import publish

# The datasets app's fixtures, shared.
draft = datasets_conftest.draft
kecamatan = datasets_conftest.kecamatan
make_dataset = datasets_conftest.make_dataset


@pytest.fixture
def open_dataset(
    make_dataset: Callable[..., Dataset], kecamatan: list[tuple[str, str]], people: dict[str, User]
) -> Dataset:
    dataset = make_dataset("Jumlah Penduduk menurut Kecamatan dan Jenis Kelamin", description="Data contoh.",
                           keywords="penduduk, kependudukan", topic="kependudukan")  # fmt: skip
    for year in (2023, 2024):
        version = import_rows(dataset=dataset, rows=population_rows(kecamatan, year, base=1000 + year),
                              period=str(year), acting_user=people["alice"]).version  # fmt: skip
        publish(version, people)
    return Dataset.objects.get(pk=dataset.pk)


@pytest.fixture
def restricted_dataset(
    make_dataset: Callable[..., Dataset], kecamatan: list[tuple[str, str]], people: dict[str, User]
) -> Dataset:
    dataset = make_dataset("Penderita HIV menurut Kecamatan", access_class=AccessClass.TERBATAS)
    version = import_rows(dataset=dataset, rows=population_rows(kecamatan, 2024, base=7), period="2024",
                          acting_user=people["alice"]).version  # fmt: skip
    publish(version, people)
    return Dataset.objects.get(pk=dataset.pk)


@pytest.fixture
def unpublished_dataset(
    make_dataset: Callable[..., Dataset], kecamatan: list[tuple[str, str]], people: dict[str, User]
) -> DatasetVersion:
    """The draft version (its dataset is ``.dataset``)."""
    dataset = make_dataset("Jumlah Puskesmas menurut Kecamatan")
    return import_rows(dataset=dataset, rows=population_rows(kecamatan, 2025), period="2025",
                       acting_user=people["alice"]).version  # fmt: skip


@pytest.fixture
def token_for(people: dict[str, User]) -> Callable[..., str]:
    """``token_for("alice", scope="write", orgs=[org])`` → the raw token."""

    def make(name: str, *, scope: str = "read", orgs: list[Organization] | None = None, **extra: Any) -> str:
        _token, raw = do_create_token(
            name=f"token {name}", scope=Scope(scope), organizations=orgs or [], acting_user=people[name], **extra
        )
        return raw

    return make
