"""What the CKAN DataStore API needs from the store: nested OR/AND filter groups, and the row
number (``_id``) in filters, sorts and results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import override_settings

from satudata import store
from satudata.store import Rows, StoreError
from satudata.store.engine import ROWNUM, AllOf, AnyOf

COLUMNS = {"id": "INTEGER", "kecamatan": "VARCHAR", "penduduk": "BIGINT", "tanggal": "DATE"}
SAMPLE: list[dict[str, Any]] = [
    {"id": 1, "kecamatan": "Purwosari", "penduduk": 1200, "tanggal": dt.date(2024, 1, 31)},
    {"id": 2, "kecamatan": "Bangil", "penduduk": 3400, "tanggal": dt.date(2024, 2, 29)},
    {"id": 3, "kecamatan": "Purwosari", "penduduk": None, "tanggal": None},
    {"id": 4, "kecamatan": None, "penduduk": 50, "tanggal": dt.date(2023, 12, 1)},
    {"id": 5, "kecamatan": "Gempol", "penduduk": 800, "tanggal": dt.date(2024, 3, 1)},
]


@pytest.fixture(autouse=True)
def store_dir(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "store"
    root.mkdir()
    with override_settings(STORE_DIR=root):
        cache.clear()
        yield root
    cache.clear()


@pytest.fixture
def key() -> str:
    return store.write_version(Rows(SAMPLE, COLUMNS)).key


def ids(page: store.Page) -> list[int]:
    return [row["id"] for row in page.rows]


def test_any_of_is_or_and_all_of_is_and(key: str) -> None:
    either = AnyOf((("kecamatan", "eq", "Bangil"), ("penduduk", "lt", 100)))
    assert ids(store.read(key, filters=[either])) == [2, 4]
    both = AllOf((("kecamatan", "eq", "Purwosari"), ("penduduk", "gt", 1000)))
    assert ids(store.read(key, filters=[both])) == [1]
    # Groups combine with plain filters (AND) and nest.
    nested = AnyOf((AllOf((("kecamatan", "eq", "Purwosari"), ("penduduk", "eq", None))), ("id", "in", [5])))
    assert ids(store.read(key, filters=[nested, ("id", "gt", 2)])) == [3, 5]
    assert store.count(key, filters=[nested]) == 2


def test_empty_groups(key: str) -> None:
    assert ids(store.read(key, filters=[AnyOf(())])) == []
    assert ids(store.read(key, filters=[AllOf(())])) == [1, 2, 3, 4, 5]


def test_counts_of_different_groups_are_cached_apart(key: str) -> None:
    assert store.count(key, filters=[AnyOf((("id", "eq", 1), ("id", "eq", 2)))]) == 2
    assert store.count(key, filters=[AllOf((("id", "eq", 1), ("id", "eq", 2)))]) == 0
    assert store.count(key, filters=[("id", "in", [1, 2])]) == 2
    assert store.count(key, filters=[["id", "in", [1, 2]]]) == 2  # a list is a filter too, as before


def test_groups_keep_the_stores_rules(key: str) -> None:
    with pytest.raises(StoreError, match="tidak dikenal"):
        store.read(key, filters=[AnyOf((('kecamatan" OR 1=1 --', "eq", "x"),))])
    with pytest.raises(StoreError, match="Operator"):
        store.read(key, filters=[AllOf((("id", "like", 1),))])
    with pytest.raises(StoreError, match="Filter tidak sah"):
        store.read(key, filters=[AnyOf(("id = 1",))])  # type: ignore[arg-type]
    # Values are parameters: text that looks like SQL is only text.
    assert ids(store.read(key, filters=[AnyOf((("kecamatan", "eq", "x' OR '1'='1"),))])) == []


def test_the_row_number_can_be_returned_filtered_and_sorted(key: str) -> None:
    page = store.read(key, columns=["id"], with_rownum=True, limit=2)
    assert page.rows == [{"id": 1, ROWNUM: 0}, {"id": 2, ROWNUM: 1}]
    assert ids(store.read(key, filters=[(ROWNUM, "gte", 3)])) == [4, 5]
    assert ids(store.read(key, sort=[(ROWNUM, "desc")])) == [5, 4, 3, 2, 1]
    assert store.count(key, filters=[AnyOf(((ROWNUM, "eq", 0), (ROWNUM, "eq", 4)))]) == 2
    # Still not a column to select.
    with pytest.raises(StoreError):
        store.read(key, columns=[ROWNUM])


def test_keyset_paging_by_row_number_descending(key: str) -> None:
    first = store.read(key, sort=[(ROWNUM, "desc")], limit=2)
    assert ids(first) == [5, 4] and first.next_after == [3]
    rest = store.read(key, sort=[(ROWNUM, "desc")], limit=10, after=first.next_after)
    assert ids(rest) == [3, 2, 1]


def test_without_with_rownum_rows_are_as_before(key: str) -> None:
    assert store.read(key, limit=1).rows == [SAMPLE[0]]
