"""The tabular store: immutable content-addressed Parquet files queried with DuckDB."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import override_settings
from python_calamine import CalamineWorkbook

from satudata import store
from satudata.store import Rows, StoreError

COLUMNS = {"id": "INTEGER", "kecamatan": "VARCHAR", "penduduk": "BIGINT", "luas": "DOUBLE", "tanggal": "DATE"}
SAMPLE: list[dict[str, Any]] = [
    {"id": 1, "kecamatan": "Purwosari", "penduduk": 1200, "luas": 12.5, "tanggal": dt.date(2024, 1, 31)},
    {"id": 2, "kecamatan": "Bangil – Kota", "penduduk": 3400, "luas": 4.25, "tanggal": dt.date(2024, 2, 29)},
    {"id": 3, "kecamatan": "Purwosari", "penduduk": None, "luas": None, "tanggal": None},
    {"id": 4, "kecamatan": None, "penduduk": 50, "luas": 0.5, "tanggal": dt.date(2023, 12, 1)},
    {"id": 5, "kecamatan": "Gempol", "penduduk": 800, "luas": 7.0, "tanggal": dt.date(2024, 3, 1)},
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
def sample() -> store.StoredFile:
    return store.write_version(Rows(SAMPLE, COLUMNS))


def ids(page: store.Page) -> list[int]:
    return [row["id"] for row in page.rows]


def make_old(path: Path, seconds: float = 7200) -> None:
    past = time.time() - seconds
    os.utime(path, (past, past))


# --- writing -----------------------------------------------------------------------------------


def test_round_trip(sample: store.StoredFile, store_dir: Path) -> None:
    assert len(sample.key) == 64
    assert sample.path == store_dir / sample.key[:2] / f"{sample.key}.parquet"
    assert sample.path == store.path_for(sample.key)
    assert sample.rows == 5
    assert sample.size_bytes == sample.path.stat().st_size > 0
    page = store.read(sample.key)
    assert page.columns == list(COLUMNS)
    assert page.rows == SAMPLE
    assert page.next_after is None
    assert store.schema(sample.key) == COLUMNS


def test_identical_content_same_key_one_file(sample: store.StoredFile, store_dir: Path) -> None:
    again = store.write_version(Rows([dict(r) for r in SAMPLE], dict(COLUMNS)))
    assert again.key == sample.key
    files = [p for p in store_dir.rglob("*") if p.is_file()]
    assert files == [sample.path]  # no temp files left behind either
    other = store.write_version(Rows(SAMPLE[:2], COLUMNS))
    assert other.key != sample.key


def test_file_is_read_only(sample: store.StoredFile) -> None:
    assert stat.S_IMODE(sample.path.stat().st_mode) == 0o444


def test_write_from_relation_and_files(sample: store.StoredFile, tmp_path: Path) -> None:
    con = store.connect()
    rel = con.sql("SELECT range::INTEGER AS n, 'baris ' || range AS label FROM range(3)")
    from_rel = store.write_version(rel)
    assert store.read(from_rel.key).rows == [{"n": i, "label": f"baris {i}"} for i in range(3)]

    csv_file = tmp_path / "in.csv"
    csv_file.write_text("kode,nama\n3514010,Purwodadi\n3514020,Tutur\n", encoding="utf-8")
    from_csv = store.write_version(csv_file)
    assert [r["nama"] for r in store.read(from_csv.key).rows] == ["Purwodadi", "Tutur"]

    exported = store.export(sample.key, "parquet", tmp_path / "out.parquet")
    assert store.write_version(exported).key == sample.key  # same data → same key

    with pytest.raises(StoreError, match="tidak didukung"):
        store.write_version(tmp_path / "data.xlsx")


def test_connect_never_loads_extensions() -> None:
    con = store.connect()
    settings = dict(
        con.execute(
            "SELECT name, value FROM duckdb_settings() WHERE name IN "
            "('autoinstall_known_extensions', 'autoload_known_extensions', 'threads')"
        ).fetchall()
    )
    assert settings == {"autoinstall_known_extensions": "false", "autoload_known_extensions": "false", "threads": "2"}


def test_rows_input_is_checked() -> None:
    with pytest.raises(StoreError, match="tidak didukung"):
        store.write_version(Rows([], {"a": "INTEGER); DROP TABLE t;--"}))
    with pytest.raises(StoreError, match="tidak dikenal"):
        store.write_version(Rows([{"a": 1, "b": 2}], {"a": "INTEGER"}))
    with pytest.raises(StoreError, match="dicadangkan"):
        store.write_version(Rows([{"__rownum": 1}], {"__rownum": "INTEGER"}))
    with pytest.raises(StoreError):
        store.write_version(Rows([{"a": "bukan angka"}], {"a": "INTEGER"}))


# --- filters, sort, paging ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ([("kecamatan", "eq", "Purwosari")], [1, 3]),
        ([("kecamatan", "eq", None)], [4]),
        ([("kecamatan", "ne", "Purwosari")], [2, 4, 5]),
        ([("penduduk", "ne", None)], [1, 2, 4, 5]),
        ([("id", "in", [2, 5, 99])], [2, 5]),
        ([("id", "in", [])], []),
        ([("penduduk", "gt", 800)], [1, 2]),
        ([("penduduk", "gte", 800)], [1, 2, 5]),
        ([("luas", "lt", 7.0)], [2, 4]),
        ([("luas", "lte", 7.0)], [2, 4, 5]),
        ([("tanggal", "gte", dt.date(2024, 2, 1))], [2, 5]),
        ([("tanggal", "lt", "2024-01-01")], [4]),
        ([("kecamatan", "contains", "kota")], [2]),
        ([("kecamatan", "contains", "–")], [2]),
        ([("kecamatan", "eq", "Purwosari"), ("penduduk", "gt", 0)], [1]),
    ],
)
def test_filters(sample: store.StoredFile, filters: list[tuple[str, str, Any]], expected: list[int]) -> None:
    assert ids(store.read(sample.key, filters=filters)) == expected
    assert store.count(sample.key, filters=filters) == len(expected)


def test_columns_and_sort(sample: store.StoredFile) -> None:
    page = store.read(sample.key, columns=["kecamatan", "id"], sort=[("penduduk", "desc")])
    assert page.columns == ["kecamatan", "id"]
    assert [r["id"] for r in page.rows] == [2, 1, 5, 4, 3]  # NULLs last
    assert list(page.rows[0]) == ["kecamatan", "id"]
    asc = store.read(sample.key, sort=[("penduduk", "asc")])
    assert ids(asc) == [4, 5, 1, 2, 3]
    by_two = store.read(sample.key, sort=[("kecamatan", "asc"), ("id", "desc")])
    assert ids(by_two) == [2, 5, 3, 1, 4]


@pytest.fixture
def big() -> store.StoredFile:
    con = store.connect()
    # Few distinct values, so that sort ties across page boundaries are the rule; some NULLs too.
    rel = con.sql(
        "SELECT range::INTEGER AS id, "
        "CASE WHEN range % 17 = 0 THEN NULL ELSE 'kec-' || (range % 7) END AS kecamatan, "
        "(range * 37) % 11 AS skor FROM range(1000)"
    )
    return store.write_version(rel)


@pytest.mark.parametrize(
    "sort",
    [
        [],
        [("kecamatan", "asc")],
        [("kecamatan", "desc"), ("skor", "asc")],
        [("skor", "desc"), ("kecamatan", "asc")],
    ],
)
def test_offset_and_keyset_paging_agree(big: store.StoredFile, sort: list[tuple[str, str]]) -> None:
    by_offset: list[int] = []
    for offset in range(0, 1000, 100):
        by_offset += ids(store.read(big.key, sort=sort, offset=offset, limit=100))

    by_keyset: list[int] = []
    after = None
    pages = 0
    while True:
        page = store.read(big.key, sort=sort, limit=100, after=after)
        by_keyset += ids(page)
        pages += 1
        if page.next_after is None:
            break
        after = page.next_after
    assert by_keyset == by_offset
    assert sorted(by_keyset) == list(range(1000))  # no duplicates, no gaps
    assert pages in (10, 11)  # the 11th page, if any, is empty
    everything = ids(store.read(big.key, sort=sort, limit=1000))
    assert by_offset == everything


def test_keyset_with_filter(big: store.StoredFile) -> None:
    filters = [("kecamatan", "eq", "kec-3")]
    first = store.read(big.key, filters=filters, sort=[("skor", "asc")], limit=50)
    assert first.next_after is not None
    rest = store.read(big.key, filters=filters, sort=[("skor", "asc")], limit=1000, after=first.next_after)
    combined = ids(first) + ids(rest)
    assert sorted(combined) == [i for i in range(1000) if i % 17 and i % 7 == 3]
    with pytest.raises(StoreError, match="after"):
        store.read(big.key, sort=[("skor", "asc")], after=[1])


# --- count and caching -------------------------------------------------------------------------


def test_count_is_cached(sample: store.StoredFile, monkeypatch: pytest.MonkeyPatch) -> None:
    filters = [("penduduk", "gt", 100)]
    assert store.count(sample.key) == 5
    assert store.count(sample.key, filters=filters) == 3

    def boom(*args: object) -> None:
        raise AssertionError("DuckDB queried although the count was cached")

    monkeypatch.setattr("satudata.store.engine._run", boom)
    assert store.count(sample.key) == 5
    assert store.count(sample.key, filters=filters) == 3
    with pytest.raises(AssertionError):
        store.count(sample.key, filters=[("penduduk", "gt", 1000)])  # not cached yet


# --- aggregate ---------------------------------------------------------------------------------


def test_aggregate_by_kecamatan(sample: store.StoredFile) -> None:
    result = store.aggregate(
        sample.key,
        group_by=["kecamatan"],
        measures=[("penduduk", "sum"), ("luas", "mean"), ("id", "count"), ("*", "count"), ("luas", "max")],
    )
    expected = []
    for kec in [*sorted({r["kecamatan"] for r in SAMPLE if r["kecamatan"]}), None]:
        rows = [r for r in SAMPLE if r["kecamatan"] == kec]
        pend = [r["penduduk"] for r in rows if r["penduduk"] is not None]
        luas = [r["luas"] for r in rows if r["luas"] is not None]
        expected.append(
            {
                "kecamatan": kec,
                "sum_penduduk": sum(pend) if pend else None,
                "mean_luas": sum(luas) / len(luas) if luas else None,
                "count_id": len(rows),
                "count": len(rows),
                "max_luas": max(luas) if luas else None,
            }
        )
    assert result == expected

    filtered = store.aggregate(sample.key, group_by=[], measures=[("penduduk", "sum"), ("tanggal", "min")])
    assert filtered == [{"sum_penduduk": 5450, "min_tanggal": dt.date(2023, 12, 1)}]

    with pytest.raises(StoreError, match="'median'"):
        store.aggregate(sample.key, group_by=["kecamatan"], measures=[("luas", "median")])
    with pytest.raises(StoreError, match="'desa'"):
        store.aggregate(sample.key, group_by=["desa"], measures=[("luas", "sum")])


# --- export ------------------------------------------------------------------------------------


@pytest.fixture
def risky() -> store.StoredFile:
    rows: list[dict[str, Any]] = [
        {"nama": "=SUM(A1)", "nilai": -5, "catatan": "+62 812"},
        {"nama": "@cmd", "nilai": 3, "catatan": "-awal"},
        {"nama": "Bangil – Kota", "nilai": None, "catatan": "biasa"},
    ]
    return store.write_version(Rows(rows, {"nama": "VARCHAR", "nilai": "INTEGER", "catatan": "VARCHAR"}))


def test_export_csv_neutralises_formulas(risky: store.StoredFile, tmp_path: Path) -> None:
    out = store.export(risky.key, "csv", tmp_path / "data.csv")
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8").splitlines()))
    assert rows == [
        ["nama", "nilai", "catatan"],
        ["'=SUM(A1)", "-5", "'+62 812"],
        ["'@cmd", "3", "'-awal"],
        ["Bangil – Kota", "", "biasa"],
    ]
    with_bom = store.export(risky.key, "csv", tmp_path / "bom.csv", columns=["nilai"], csv_bom=True)
    assert with_bom.read_bytes() == b"\xef\xbb\xbfnilai\n-5\n3\n\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["bom.csv", "data.csv"]


def test_export_json_parquet_xlsx(sample: store.StoredFile, risky: store.StoredFile, tmp_path: Path) -> None:
    data = json.loads(store.export(sample.key, "json", tmp_path / "data.json").read_text(encoding="utf-8"))
    assert data == [{**r, "tanggal": r["tanggal"] and r["tanggal"].isoformat()} for r in SAMPLE]

    pq = store.export(sample.key, "parquet", tmp_path / "data.parquet")
    con = store.connect()
    cursor = con.execute("SELECT * FROM read_parquet(?)", [str(pq)])
    names = [d[0] for d in cursor.description or ()]
    assert names == list(COLUMNS)  # no __rownum
    assert [dict(zip(names, r, strict=True)) for r in cursor.fetchall()] == SAMPLE

    xlsx = store.export(sample.key, "xlsx", tmp_path / "data.xlsx")
    sheet = CalamineWorkbook.from_path(str(xlsx)).get_sheet_by_index(0).to_python()
    assert sheet[0] == list(COLUMNS)
    assert sheet[1][:4] == [1, "Purwosari", 1200, 12.5]
    assert sheet[1][4] in (dt.date(2024, 1, 31), dt.datetime(2024, 1, 31))
    assert sheet[2][1] == "Bangil – Kota"
    assert len(sheet) == 6

    risky_xlsx = store.export(risky.key, "xlsx", tmp_path / "risky.xlsx")
    rows = CalamineWorkbook.from_path(str(risky_xlsx)).get_sheet_by_index(0).to_python()
    assert rows[1][:2] == ["=SUM(A1)", -5]  # a string cell, not a formula

    with pytest.raises(StoreError, match="'pdf'"):
        store.export(sample.key, "pdf", tmp_path / "x.pdf")
    with pytest.raises(StoreError, match="'nope'"):
        store.export(sample.key, "csv", tmp_path / "x.csv", columns=["nope"])


# --- bad input and injection -------------------------------------------------------------------

INJECTION = "x'); DROP TABLE t;--"


def test_unknown_column_and_op(sample: store.StoredFile) -> None:
    with pytest.raises(StoreError, match="Kolom 'desa' tidak dikenal"):
        store.read(sample.key, columns=["desa"])
    with pytest.raises(StoreError, match="'desa'"):
        store.read(sample.key, filters=[("desa", "eq", 1)])
    with pytest.raises(StoreError, match="Operator 'like' tidak dikenal"):
        store.read(sample.key, filters=[("id", "like", 1)])
    with pytest.raises(StoreError, match="'sideways'"):
        store.read(sample.key, sort=[("id", "sideways")])
    with pytest.raises(StoreError, match="__rownum"):
        store.read(sample.key, columns=["__rownum"])
    with pytest.raises(StoreError, match="tidak ditemukan"):
        store.read("a" * 64)


def test_injection_is_never_executed(sample: store.StoredFile) -> None:
    for call in (
        lambda: store.read(sample.key, columns=[INJECTION]),
        lambda: store.read(sample.key, sort=[(INJECTION, "asc")]),
        lambda: store.read(sample.key, filters=[(INJECTION, "eq", 1)]),
        lambda: store.read(sample.key, filters=[("id", INJECTION, 1)]),
        lambda: store.count(sample.key, filters=[(INJECTION, "eq", 1)]),
        lambda: store.aggregate(sample.key, group_by=[INJECTION], measures=[("id", "count")]),
        lambda: store.read(sample.key, filters=[("id", "eq", INJECTION)]),  # not an integer
    ):
        with pytest.raises(StoreError):
            call()
    # As a value for a text column it is just a string that matches nothing.
    assert store.read(sample.key, filters=[("kecamatan", "eq", INJECTION)]).rows == []
    assert store.read(sample.key, filters=[("kecamatan", "contains", INJECTION)]).rows == []
    assert store.count(sample.key, filters=[("kecamatan", "in", [INJECTION, "Gempol"])]) == 1
    assert store.read(sample.key).rows == SAMPLE  # the file is intact


def test_injection_text_round_trips(tmp_path: Path) -> None:
    stored = store.write_version(Rows([{INJECTION: INJECTION}], {INJECTION: "VARCHAR"}))
    assert store.read(stored.key, filters=[(INJECTION, "eq", INJECTION)]).rows == [{INJECTION: INJECTION}]


@pytest.mark.parametrize("key", ["../etc/passwd", "../../" + "a" * 58, "A" * 64, "a" * 63, "a" * 65, "", "g" * 64])
def test_path_for_rejects_bad_keys(key: str) -> None:
    with pytest.raises(StoreError, match="tidak sah"):
        store.path_for(key)


# --- sweep -------------------------------------------------------------------------------------


def test_sweep(store_dir: Path, tmp_path: Path) -> None:
    kept = store.write_version(Rows([{"a": 1}], {"a": "INTEGER"}))
    orphan = store.write_version(Rows([{"a": 2}], {"a": "INTEGER"}))
    recent = store.write_version(Rows([{"a": 3}], {"a": "INTEGER"}))
    make_old(kept.path)
    make_old(orphan.path)
    stale_tmp = store_dir / ".tmp-0123abcd.parquet"
    fresh_tmp = store_dir / ".tmp-4567ef.parquet"
    stale_tmp.write_bytes(b"half")
    fresh_tmp.write_bytes(b"writing")
    make_old(stale_tmp)
    stranger = store_dir / "README.txt"
    stranger.write_text("bukan milik store")
    make_old(stranger)
    outside = tmp_path / ("b" * 64 + ".parquet")
    outside.write_bytes(b"outside")
    make_old(outside)
    link_dir = store_dir / "bb"
    link_dir.mkdir()
    link = link_dir / ("b" * 64 + ".parquet")
    link.symlink_to(outside)
    os.utime(link, (time.time() - 7200,) * 2, follow_symlinks=False)

    referenced = {kept.key}
    expected = sorted([orphan.path, stale_tmp])
    assert store.sweep(referenced) == expected
    assert orphan.path.exists() and stale_tmp.exists()  # dry run by default

    assert store.sweep(referenced, dry_run=False) == expected
    assert not orphan.path.exists() and not stale_tmp.exists()
    for path in (kept.path, recent.path, fresh_tmp, stranger, outside, link):
        assert path.exists() or path.is_symlink()
    assert outside.read_bytes() == b"outside"
    assert store.sweep(referenced, dry_run=False) == []
    assert store.sweep(set(), older_than_seconds=0, dry_run=True) == sorted([kept.path, recent.path, fresh_tmp])


def test_rewrite_refreshes_grace_period(store_dir: Path) -> None:
    first = store.write_version(Rows([{"a": 1}], {"a": "INTEGER"}))
    make_old(first.path)
    assert store.sweep(set()) == [first.path]
    again = store.write_version(Rows([{"a": 1}], {"a": "INTEGER"}))  # a new version with the same content
    assert again.key == first.key
    assert store.sweep(set()) == []


def test_input_order_survives_many_row_groups(tmp_path: Path) -> None:
    """Parquet row groups are written by parallel threads; the stored order must still be the input's."""
    con = store.connect()
    relation = con.sql("SELECT (1_000_000 - i)::BIGINT AS x FROM range(600_000) t(i) ORDER BY i")
    stored = store.write_version(relation)
    check = store.connect()
    bad = check.execute(
        "SELECT count(*) FROM read_parquet(?) WHERE x <> 1_000_000 - __rownum", [str(stored.path)]
    ).fetchone()
    assert bad == (0,)
    assert store.read(stored.key, limit=2).rows == [{"x": 1_000_000}, {"x": 999_999}]


def test_combine_keeps_file_order_and_widens_types() -> None:
    a = store.write_version(
        store.Rows(rows=[{"k": "x", "v": 1}, {"k": "y", "v": 2}], columns={"k": "VARCHAR", "v": "BIGINT"})
    )
    b = store.write_version(store.Rows(rows=[{"v": 2.5, "w": True}], columns={"v": "DOUBLE", "w": "BOOLEAN"}))
    both = store.combine([b.key, a.key])
    assert both.rows == 3
    assert store.schema(both.key) == {"v": "DOUBLE", "w": "BOOLEAN", "k": "VARCHAR"}
    assert store.read(both.key).rows == [
        {"v": 2.5, "w": True, "k": None}, {"v": 1.0, "w": None, "k": "x"}, {"v": 2.0, "w": None, "k": "y"},
    ]  # fmt: skip
    with pytest.raises(store.StoreError):
        store.combine([])


def test_compare_flags_changes_beyond_the_threshold() -> None:
    cols = {"k": "VARCHAR", "v": "BIGINT"}
    old = store.write_version(
        store.Rows(rows=[{"k": "a", "v": 100}, {"k": "b", "v": 0}, {"k": "c", "v": 10}], columns=cols)
    )
    new = store.write_version(
        store.Rows(rows=[{"k": "a", "v": 130}, {"k": "b", "v": 5}, {"k": "c", "v": 11}], columns=cols)
    )
    total, rows = store.compare(new.key, old.key, keys=["k"], measures=["v"], threshold_pct=25)
    assert total == 2
    assert rows == [
        {"key": ["b"], "column": "v", "old": 0.0, "new": 5.0, "pct": None},
        {"key": ["a"], "column": "v", "old": 100.0, "new": 130.0, "pct": 30.0},
    ]
    assert store.compare(new.key, old.key, keys=["k"], measures=["v"], threshold_pct=50) == (1, rows[:1])
    with pytest.raises(store.StoreError):
        store.compare(new.key, old.key, keys=["nope"], measures=["v"], threshold_pct=1)


def test_incoming_uploads(store_dir: Path) -> None:
    name, size = store.save_incoming([b"a,b\n", b"1,2\n"], suffix=".CSV")
    assert name.endswith(".csv") and size == 8
    assert store.incoming_path(name).read_bytes() == b"a,b\n1,2\n"
    for bad in ("../etc/passwd", "x.csv", f"{'a' * 32}.exe"):
        with pytest.raises(store.StoreError):
            store.incoming_path(bad)
    # Left behind for more than a day: swept; younger: kept.
    assert store.sweep(set(), dry_run=True) == []
    old = time.time() - 2 * 86400
    os.utime(store.incoming_path(name), (old, old))
    assert store.sweep(set(), dry_run=False) == [store.incoming_path(name)]
    assert not store.incoming_path(name).exists()
    store.discard_incoming(name)  # already gone: no error


def test_export_html_escapes_and_xlsx_carries_metadata(tmp_path: Path) -> None:
    stored = store.write_version(
        store.Rows(
            rows=[{"nama": "<script>alert(1)</script>", "n": 3}, {"nama": "=1+1", "n": None}],
            columns={"nama": "VARCHAR", "n": "BIGINT"},
        )
    )
    meta = [("Judul", "Penduduk <2024>"), ("Lisensi", "CC BY 4.0")]
    page = store.export(stored.key, "html", tmp_path / "t.html", title="Penduduk & Luas", metadata=meta).read_text()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<title>Penduduk &amp; Luas</title>" in page and "<dd>Penduduk &lt;2024&gt;</dd>" in page
    assert page.count("<tr>") == 3 and '<td class="num">3</td>' in page
    book = CalamineWorkbook.from_path(str(store.export(stored.key, "xlsx", tmp_path / "t.xlsx", metadata=meta)))
    assert book.sheet_names == ["data", "metadata"]
    assert book.get_sheet_by_name("metadata").to_python() == [["Judul", "Penduduk <2024>"], ["Lisensi", "CC BY 4.0"]]
    assert book.get_sheet_by_name("data").to_python()[2][0] == "=1+1"  # text, never a formula
