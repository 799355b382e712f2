"""The tabular store (decision D3): one immutable Parquet file per dataset version, queried with DuckDB.

Nothing else in the code base opens these files; everything goes through this module.

Layout under ``settings.STORE_DIR``::

    <sha[:2]>/<sha>.parquet     a stored version, content-addressed (SHA-256 of its bytes), mode 0o444
    .tmp-<random>.parquet       a file being written; moved into place with os.replace

Every stored file carries an extra BIGINT column ``__rownum`` (0, 1, 2, ... in the order of the
input) that gives each row a stable identity: it breaks ties in sorts, makes keyset paging exact
and keeps the input order as the default order. It is not a column callers select; filters and
sorts may name it, and ``read(..., with_rownum=True)`` returns it (the CKAN API's ``_id``).

Security: values always travel as query parameters; column names are checked against the file's
schema and quoted; types given for list-of-dict input are checked against an allow-list; file
paths only ever come from :func:`path_for`, which accepts nothing but 64 hex characters.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import html
import os
import re
import secrets
import shutil
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import duckdb
import xlsxwriter
from django.conf import settings
from django.core.cache import cache

ROWNUM = "__rownum"
_RESERVED = {ROWNUM, "file_row_number"}
_KEY_RE = re.compile(r"[0-9a-f]{64}")
_TMP_PREFIX = ".tmp-"
_HASH_CHUNK = 1 << 20
_XLSX_MAX_ROWS = 1_048_575  # 1,048,576 rows per sheet, one of them the header

# Types accepted for list-of-dict input (write_version(Rows(...))).
_SIMPLE_TYPES = {
    "BOOLEAN",
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "FLOAT",
    "DOUBLE",
    "VARCHAR",
    "DATE",
    "TIME",
    "TIMESTAMP",
    "TIMESTAMPTZ",
}
_DECIMAL_RE = re.compile(r"DECIMAL\(\s*(\d{1,2})\s*,\s*(\d{1,2})\s*\)")

Op = Literal["eq", "ne", "in", "gt", "gte", "lt", "lte", "contains"]
Direction = Literal["asc", "desc"]
Func = Literal["sum", "mean", "count", "min", "max"]
Filter = tuple[str, str, Any]
Sort = tuple[str, str]


@dataclass(frozen=True)
class AnyOf:
    """Rows matching at least one of ``conditions`` (CKAN's ``$or``); none at all when empty."""

    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class AllOf:
    """Rows matching every one of ``conditions`` (CKAN's ``$and``); all rows when empty."""

    conditions: tuple[Condition, ...]


# What ``filters`` holds: (column, op, value) tuples, or groups of them nested to any depth.
Condition = Filter | AnyOf | AllOf

OPS: frozenset[str] = frozenset({"eq", "ne", "in", "gt", "gte", "lt", "lte", "contains"})
FUNCS: dict[str, str] = {"sum": "sum", "mean": "avg", "count": "count", "min": "min", "max": "max"}
# Export formats and the media type each is served with.
MEDIA_TYPES: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "parquet": "application/vnd.apache.parquet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}
FORMATS: frozenset[str] = frozenset(MEDIA_TYPES)
_COMPARE = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
# OWASP's list for CSV injection: formula starters plus tab and carriage return.
_FORMULA_STARTERS = ("=", "+", "-", "@", "\t", "\r")


class StoreError(Exception):
    """A bad request to the store (unknown column, operator, key...); the message is Indonesian, for users."""


@dataclass(frozen=True)
class StoredFile:
    key: str
    path: Path
    rows: int
    size_bytes: int


@dataclass(frozen=True)
class Rows:
    """Small in-memory input: ``rows`` of dicts and an ordered column → DuckDB type mapping.

    Types are limited to an allow-list (BOOLEAN, the integer types, FLOAT, DOUBLE, DECIMAL(p,s),
    VARCHAR, DATE, TIME, TIMESTAMP, TIMESTAMPTZ). Missing keys become NULL; extra keys are an error.
    Rows are inserted one by one: for large tables give a DuckDB relation or a file instead.
    """

    rows: Sequence[Mapping[str, Any]]
    columns: Mapping[str, str]


@dataclass(frozen=True)
class Page:
    rows: list[dict[str, Any]]
    columns: list[str]
    # The sort-key values of the last row (the sort columns, then __rownum) when there may be a
    # next page; pass it back as ``after``. None on the last page.
    next_after: list[Any] | None


# ---------------------------------------------------------------------------------------------
# Connections, keys and paths


def connect() -> duckdb.DuckDBPyConnection:
    """A new in-memory DuckDB connection that never loads or downloads extensions, on 2 threads."""
    con = duckdb.connect(":memory:")
    con.execute("SET autoinstall_known_extensions=false")
    con.execute("SET autoload_known_extensions=false")
    con.execute("SET threads=2")
    return con


@contextmanager
def _connection() -> Iterator[duckdb.DuckDBPyConnection]:
    """A fresh connection, for writes and exports (they create temporary objects)."""
    con = connect()
    try:
        yield con
    finally:
        con.close()


_local = threading.local()


@contextmanager
def _reader() -> Iterator[duckdb.DuckDBPyConnection]:
    """The thread's read connection. Opening one costs ~15 ms (measured in bench/store.py), more
    than a filtered page itself; reads only run SELECTs over immutable files, so one connection per
    thread is safe to reuse."""
    con = getattr(_local, "con", None)
    if con is None:
        con = _local.con = connect()
    yield con


def store_dir() -> Path:
    return Path(settings.STORE_DIR)


def validate_key(key: str) -> str:
    if not isinstance(key, str) or not _KEY_RE.fullmatch(key):
        raise StoreError(f"Kunci berkas tidak sah: {key!r}")
    return key


def path_for(key: str) -> Path:
    """The path of the stored file for ``key`` (64 lowercase hex characters, nothing else)."""
    validate_key(key)
    return store_dir() / key[:2] / f"{key}.parquet"


def _existing_path(key: str) -> Path:
    path = path_for(key)
    if not path.is_file():
        raise StoreError(f"Berkas data dengan kunci {key} tidak ditemukan")
    return path


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sql_str(value: str) -> str:
    """A SQL string literal, for the few places (COPY ... TO, read_csv options, SQL kept as text)
    that take no parameters."""
    return "'" + value.replace("'", "''") + "'"


def tmp_path(suffix: str = ".parquet") -> Path:
    """A fresh temporary file name in the store (``.tmp-…``): the sweep removes any left behind."""
    directory = store_dir()
    directory.mkdir(parents=True, exist_ok=True)
    return directory / f"{_TMP_PREFIX}{secrets.token_hex(16)}{suffix}"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _unlink_quietly(path: Path) -> None:
    path.unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------------
# Writing


def _check_type(name: str, type_: str) -> str:
    norm = type_.strip().upper()
    if norm in _SIMPLE_TYPES:
        return norm
    match = _DECIMAL_RE.fullmatch(norm)
    if match and 1 <= int(match[1]) <= 38 and int(match[2]) <= int(match[1]):
        return f"DECIMAL({match[1]},{match[2]})"
    raise StoreError(f"Tipe data {type_!r} untuk kolom {name!r} tidak didukung")


def _stage_rows(con: duckdb.DuckDBPyConnection, data: Rows, target: Path) -> None:
    if not data.columns:
        raise StoreError("Tabel harus memiliki sedikitnya satu kolom")
    names = list(data.columns)
    defs = ", ".join(f"{quote_ident(name)} {_check_type(name, t)}" for name, t in data.columns.items())
    con.execute(f"CREATE TEMP TABLE staged ({defs})")
    known = set(names)
    values = []
    for i, row in enumerate(data.rows):
        extra = set(row) - known
        if extra:
            raise StoreError(f"Baris {i + 1} memuat kolom yang tidak dikenal: {', '.join(sorted(map(str, extra)))}")
        values.append([row.get(name) for name in names])
    if values:
        placeholders = ", ".join("?" for _ in names)
        try:
            con.executemany(f"INSERT INTO staged VALUES ({placeholders})", values)
        except duckdb.Error as exc:
            raise StoreError(f"Nilai tidak sesuai dengan tipe kolom: {exc}") from exc
    con.execute(f"COPY staged TO {sql_str(str(target))} (FORMAT parquet)")


def write_version(table: duckdb.DuckDBPyRelation | Path | Rows) -> StoredFile:
    """Store a table as a new immutable Parquet file and return its content key.

    ``table`` is one of:

    - a DuckDB relation (from any connection; it is evaluated once, in its own order);
    - a ``Path`` to a ``.parquet`` or ``.csv`` file already checked elsewhere (CSV with a header
      row, types detected by DuckDB);
    - :class:`Rows`, a list of dicts with an ordered column → type mapping (small tables).

    Column names ``__rownum`` and ``file_row_number`` are reserved. Identical content gives the
    identical key and a single file.
    """
    stage = tmp_path()
    out = tmp_path()
    try:
        with _connection() as con:
            source: Path
            if isinstance(table, Rows):
                _stage_rows(con, table, stage)
                source = stage
            elif isinstance(table, Path):
                suffix = table.suffix.lower()
                if suffix == ".parquet":
                    source = table
                elif suffix == ".csv":
                    con.execute(
                        f"COPY (SELECT * FROM read_csv({sql_str(str(table))}, header = true)) "
                        f"TO {sql_str(str(stage))} (FORMAT parquet)"
                    )
                    source = stage
                else:
                    raise StoreError(f"Jenis berkas {table.name!r} tidak didukung (hanya .csv atau .parquet)")
            elif isinstance(table, duckdb.DuckDBPyRelation):
                table.write_parquet(str(stage))
                source = stage
            else:
                raise StoreError("Masukan tabel tidak didukung")

            names = [row[0] for row in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(source)]).fetchall()]
            reserved = _RESERVED.intersection(names)
            if reserved:
                raise StoreError(f"Nama kolom {', '.join(sorted(reserved))} dicadangkan oleh sistem")
            cols = ", ".join(quote_ident(n) for n in names)
            # No ORDER BY: with preserve_insertion_order (DuckDB's default, never changed here) a
            # scan of one file keeps its row order, and sorting a million rows by file_row_number
            # cost a third of the write. tests/store checks the order survives.
            con.execute(
                f"COPY (SELECT {cols}, file_row_number AS {ROWNUM} "
                f"FROM read_parquet({sql_str(str(source))})) "
                f"TO {sql_str(str(out))} (FORMAT parquet, COMPRESSION zstd)"
            )
            result = con.execute("SELECT count(*) FROM read_parquet(?)", [str(out)]).fetchone()
            rows = int(result[0]) if result else 0
        key = _sha256(out)
        final = path_for(key)
        final.parent.mkdir(parents=True, exist_ok=True)
        if final.exists():
            # Keep the existing file; refresh its mtime so that sweep() gives the new reference
            # the same grace period as a freshly written file.
            os.utime(final)
        else:
            os.chmod(out, 0o444)
            os.replace(out, final)
        return StoredFile(key=key, path=final, rows=rows, size_bytes=final.stat().st_size)
    except duckdb.Error as exc:
        raise StoreError(f"Tabel tidak dapat disimpan: {exc}") from exc
    finally:
        _unlink_quietly(stage)
        _unlink_quietly(out)


# ---------------------------------------------------------------------------------------------
# Querying


def _schema(con: duckdb.DuckDBPyConnection, path: Path) -> dict[str, str]:
    # Files are content-addressed and never change, so a path's schema can be remembered.
    cached = _SCHEMAS.get(str(path))
    if cached is None:
        rows = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
        cached = _SCHEMAS[str(path)] = {str(r[0]): str(r[1]) for r in rows}
    return dict(cached)


_SCHEMAS: dict[str, dict[str, str]] = {}


def schema(key: str) -> dict[str, str]:
    """The columns of a stored version with their DuckDB types, in order (without __rownum)."""
    path = _existing_path(key)
    with _reader() as con:
        return {n: t for n, t in _schema(con, path).items() if n != ROWNUM}


def _column(name: object, known: Mapping[str, str], *, allow_rownum: bool = False) -> str:
    if not isinstance(name, str) or name not in known or (name == ROWNUM and not allow_rownum):
        raise StoreError(f"Kolom {name!r} tidak dikenal")
    return quote_ident(name)


def _where(filters: Sequence[Condition] | None, known: Mapping[str, str]) -> tuple[list[str], list[Any]]:
    """SQL conditions (to be joined with AND) and their parameters."""
    clauses: list[str] = []
    params: list[Any] = []
    for item in filters or ():
        clause, clause_params = _condition(item, known)
        clauses.append(clause)
        params.extend(clause_params)
    return clauses, params


def _condition(item: object, known: Mapping[str, str]) -> tuple[str, list[Any]]:
    if isinstance(item, AnyOf | AllOf):
        if not isinstance(item.conditions, tuple | list):
            raise StoreError(f"Kelompok filter tidak sah: {item!r}")
        parts = [_condition(inner, known) for inner in item.conditions]
        if not parts:
            return ("FALSE" if isinstance(item, AnyOf) else "TRUE"), []
        joiner = " OR " if isinstance(item, AnyOf) else " AND "
        return "(" + joiner.join(sql for sql, _ in parts) + ")", [p for _, ps in parts for p in ps]
    if not isinstance(item, Sequence) or isinstance(item, str | bytes) or len(item) != 3:
        raise StoreError(f"Filter tidak sah: {item!r}")
    name, op, value = item
    return _comparison(name, op, value, known)


def _comparison(name: object, op: object, value: Any, known: Mapping[str, str]) -> tuple[str, list[Any]]:
    # __rownum may be filtered on: it is the row's identity (keyset paging by row).
    col = _column(name, known, allow_rownum=True)
    if op not in OPS:
        raise StoreError(f"Operator {op!r} tidak dikenal")
    if op == "eq":
        return (f"{col} IS NULL", []) if value is None else (f"{col} = ?", [value])
    if op == "ne":
        return (f"{col} IS NOT NULL", []) if value is None else (f"({col} <> ? OR {col} IS NULL)", [value])
    if op == "in":
        if isinstance(value, str | bytes) or not isinstance(value, Sequence | set | frozenset):
            raise StoreError(f"Operator 'in' pada kolom {name!r} memerlukan daftar nilai")
        values = list(value)
        if not values:
            return "FALSE", []
        return f"{col} IN ({', '.join('?' for _ in values)})", values
    if value is None:
        raise StoreError(f"Operator {op!r} pada kolom {name!r} memerlukan nilai")
    if op == "contains":
        return f"contains(lower(CAST({col} AS VARCHAR)), lower(CAST(? AS VARCHAR)))", [value]
    return f"{col} {_COMPARE[str(op)]} ?", [value]


def _sort(sort: Sequence[Sort] | None, known: Mapping[str, str]) -> list[tuple[str, str]]:
    """Validated (column, direction) pairs, ending with (__rownum, asc) unless __rownum was named:
    either way the order is total."""
    out: list[tuple[str, str]] = []
    for item in sort or ():
        try:
            name, direction = item
        except (TypeError, ValueError):
            raise StoreError(f"Urutan tidak sah: {item!r}") from None
        _column(name, known, allow_rownum=True)
        if direction not in ("asc", "desc"):
            raise StoreError(f"Arah urutan {direction!r} tidak dikenal (gunakan 'asc' atau 'desc')")
        out.append((name, direction))
    if all(name != ROWNUM for name, _ in out):
        out.append((ROWNUM, "asc"))
    return out


def _keyset(order: list[tuple[str, str]], after: Sequence[Any]) -> tuple[str, list[Any]]:
    """Rows strictly after ``after`` in ``order`` (NULLS LAST in both directions)."""
    if len(after) != len(order):
        raise StoreError(f"Nilai 'after' harus berisi {len(order)} nilai (kolom urutan lalu {ROWNUM})")
    disjuncts: list[str] = []
    params: list[Any] = []
    for i, (name, direction) in enumerate(order):
        value = after[i]
        if value is None:
            continue  # nothing sorts after NULL on this column (NULLS LAST)
        parts: list[str] = []
        part_params: list[Any] = []
        for j in range(i):
            prev_col = quote_ident(order[j][0])
            if after[j] is None:
                parts.append(f"{prev_col} IS NULL")
            else:
                parts.append(f"{prev_col} = ?")
                part_params.append(after[j])
        col = quote_ident(name)
        cmp = ">" if direction == "asc" else "<"
        parts.append(f"({col} {cmp} ? OR {col} IS NULL)")
        part_params.append(value)
        disjuncts.append("(" + " AND ".join(parts) + ")")
        params.extend(part_params)
    return ("(" + " OR ".join(disjuncts) + ")" if disjuncts else "FALSE"), params


def _run(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> duckdb.DuckDBPyConnection:
    try:
        return con.execute(sql, params)
    except (duckdb.ConversionException, duckdb.BinderException, duckdb.InvalidInputException) as exc:
        raise StoreError(f"Nilai filter tidak sesuai dengan tipe kolom: {exc}") from exc


def read(
    key: str,
    *,
    columns: Sequence[str] | None = None,
    filters: Sequence[Condition] | None = None,
    sort: Sequence[Sort] | None = None,
    offset: int = 0,
    limit: int = 100,
    after: Sequence[Any] | None = None,
    with_rownum: bool = False,
) -> Page:
    """One page of rows.

    ``filters``: ``[(column, op, value)]``, all combined with AND; ops ``eq ne in gt gte lt lte
    contains`` (``contains`` is a case-insensitive substring match on the text form; ``eq``/``ne``
    with None mean IS NULL / IS NOT NULL; ``ne`` keeps NULLs). An item may also be an
    :class:`AnyOf` or :class:`AllOf` group of such items, nested to any depth. ``sort``:
    ``[(column, "asc"|"desc")]``, NULLs last; ``__rownum`` (the input order) is appended unless
    named, so the order is total. ``with_rownum``: each row also carries its ``__rownum``.

    Paging: either ``offset`` or keyset. Keyset paging needs a sort ending with a unique column;
    the appended ``__rownum`` guarantees that, so ``after`` is the last row's sort values followed
    by its ``__rownum`` — exactly ``Page.next_after`` of the previous page.
    """
    if not isinstance(limit, int) or not isinstance(offset, int) or limit < 0 or offset < 0:
        raise StoreError("Nilai 'limit' dan 'offset' harus bilangan bulat tidak negatif")
    path = _existing_path(key)
    with _reader() as con:
        known = _schema(con, path)
        selected = [c for c in known if c != ROWNUM] if columns is None else list(columns)
        for name in selected:
            _column(name, known)
        order = _sort(sort, known)
        clauses, params = _where(filters, known)
        if after is not None:
            clause, keyset_params = _keyset(order, after)
            clauses.append(clause)
            params.extend(keyset_params)
        key_cols = [name for name, _ in order]
        returned = [*selected, ROWNUM] if with_rownum else selected
        select = [quote_ident(c) for c in returned] + [
            f"{quote_ident(c)} AS {quote_ident(f'__key{i}')}" for i, c in enumerate(key_cols)
        ]
        sql = f"SELECT {', '.join(select)} FROM read_parquet(?)"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY " + ", ".join(f"{quote_ident(c)} {d.upper()} NULLS LAST" for c, d in order)
        sql += " LIMIT ? OFFSET ?"
        result = _run(con, sql, [str(path), *params, limit, offset]).fetchall()
    n = len(returned)
    rows = [dict(zip(returned, r[:n], strict=True)) for r in result]
    next_after = list(result[-1][n:]) if result and len(result) == limit else None
    return Page(rows=rows, columns=selected, next_after=next_after)


def _normalised(item: Condition) -> object:
    """A filter in one spelling (lists as tuples), for cache keys."""
    if isinstance(item, AnyOf | AllOf):
        return (type(item).__name__, tuple(_normalised(inner) for inner in item.conditions))
    return tuple(item)


def _count_cache_key(key: str, filters: Sequence[Condition] | None) -> str:
    normalized = repr([_normalised(f) for f in filters or ()])
    return f"satudata:store:count:{key}:{hashlib.sha256(normalized.encode()).hexdigest()}"


def count(key: str, *, filters: Sequence[Condition] | None = None) -> int:
    """Number of rows matching ``filters``; cached forever per (key, filters), as files never change."""
    validate_key(key)
    cache_key = _count_cache_key(key, filters)
    cached = cache.get(cache_key)
    if isinstance(cached, int):
        return cached
    path = _existing_path(key)
    with _reader() as con:
        known = _schema(con, path)
        clauses, params = _where(filters, known)
        sql = "SELECT count(*) FROM read_parquet(?)"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        row = _run(con, sql, [str(path), *params]).fetchone()
    value = int(row[0]) if row else 0
    cache.set(cache_key, value, timeout=None)
    return value


def aggregate(
    key: str,
    *,
    group_by: Sequence[str],
    measures: Sequence[tuple[str, str]],
    filters: Sequence[Condition] | None = None,
) -> list[dict[str, Any]]:
    """Grouped aggregates, ordered by the group columns.

    ``measures``: ``[(column, func)]`` with func ``sum mean count min max``; each result row has
    the group columns and one ``<func>_<column>`` per measure (``("*", "count")`` gives ``count``).
    """
    if not measures:
        raise StoreError("Sedikitnya satu ukuran agregasi diperlukan")
    path = _existing_path(key)
    with _reader() as con:
        known = _schema(con, path)
        groups = [_column(name, known) for name in group_by]
        select = list(groups)
        names = list(group_by)
        for item in measures:
            try:
                name, func = item
            except (TypeError, ValueError):
                raise StoreError(f"Ukuran agregasi tidak sah: {item!r}") from None
            if func not in FUNCS:
                raise StoreError(f"Fungsi agregasi {func!r} tidak dikenal")
            if name == "*" and func == "count":
                select.append("count(*)")
                alias = "count"
            else:
                select.append(f"{FUNCS[func]}({_column(name, known)})")
                alias = f"{func}_{name}"
            if alias in names:
                raise StoreError(f"Ukuran agregasi {alias!r} disebut lebih dari sekali")
            names.append(alias)
        clauses, params = _where(filters, known)
        sql = f"SELECT {', '.join(select)} FROM read_parquet(?)"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        if groups:
            sql += f" GROUP BY {', '.join(groups)} ORDER BY {', '.join(f'{g} NULLS LAST' for g in groups)}"
        try:
            result = _run(con, sql, [str(path), *params]).fetchall()
        except duckdb.Error as exc:  # e.g. sum() of a text column
            raise StoreError(f"Agregasi tidak dapat dihitung: {exc}") from exc
    return [dict(zip(names, r, strict=True)) for r in result]


SUMMARY_STATS = ("count", "missing", "min", "max", "mean", "median", "sum")
_NUMERIC_TYPE_RE = re.compile(r"U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$|FLOAT$|DOUBLE$|DECIMAL\(")


def summary(key: str, measures: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The distribution of each of ``measures`` over all rows, in one scan: per column a dict of
    :data:`SUMMARY_STATS` (``count`` of values, ``missing`` NULLs, ``min``, ``max``, ``mean``,
    ``median``, ``sum``; the last five are None when the column holds no value)."""
    if not measures:
        raise StoreError("Sedikitnya satu kolom ukuran diperlukan")
    path = _existing_path(key)
    with _reader() as con:
        known = _schema(con, path)
        parts: list[str] = []
        for name in measures:
            col = _column(name, known)
            parts += [f"count({col})", f"count(*) - count({col})", f"min({col})", f"max({col})", f"avg({col})",
                      f"median({col})", f"sum({col})"]  # fmt: skip
        try:
            row = _run(con, f"SELECT {', '.join(parts)} FROM read_parquet(?)", [str(path)]).fetchone()
        except duckdb.Error as exc:  # e.g. avg() of a text column
            raise StoreError(f"Ringkasan tidak dapat dihitung: {exc}") from exc
    assert row is not None  # an aggregate without GROUP BY always gives one row
    n = len(SUMMARY_STATS)
    return {name: dict(zip(SUMMARY_STATS, row[i * n : (i + 1) * n], strict=True)) for i, name in enumerate(measures)}


@dataclass(frozen=True)
class Groups:
    """One measure combined per value of a column, and how the groups compare (see :func:`groups`)."""

    # In the order of the group values: key, label, value, count, position (1, 2, ...), previous
    # (the value of the group before), change and change_pct from it, rank (by value, largest 1)
    # and share (percent of the total of the values).
    rows: list[dict[str, Any]]
    # Over the group values: total, min, max, mean, p25, median, p75 (linear interpolation),
    # stddev (population), slope (least squares of value on the key when it is numeric, else on
    # the position; slope_over says which).
    stats: dict[str, Any]


GROUP_STATS = ("total", "min", "max", "mean", "p25", "median", "p75", "stddev", "slope")


def groups(
    key: str,
    *,
    measure: str,
    by: str,
    func: Literal["sum", "mean"] = "sum",
    label: str | None = None,
    filters: Sequence[Condition] | None = None,
) -> Groups:
    """``measure`` summed (or averaged) per value of ``by``, with the growth from one group to the
    next, the rank and share of each, and the distribution and linear trend of the group values,
    all in one query. Rows without a value in ``by`` are left out. ``label``: a column spelling out
    the names of ``by`` (its smallest value per group is taken)."""
    if func not in ("sum", "mean"):
        raise StoreError(f"Fungsi agregasi {func!r} tidak dikenal")
    path = _existing_path(key)
    with _reader() as con:
        known = _schema(con, path)
        value, group = _column(measure, known), _column(by, known)
        names = f"min({_column(label, known)})" if label else "NULL"
        slope_over = "key" if _NUMERIC_TYPE_RE.match(known[by].upper()) else "position"
        x = "CAST(k AS DOUBLE)" if slope_over == "key" else "i"
        clauses, params = _where(filters, known)
        where = " AND ".join([f"{group} IS NOT NULL", *clauses])
        sql = (
            f"WITH g AS (SELECT {group} AS k, {names} AS label, {FUNCS[func]}({value}) AS v, count({value}) AS n "
            f"FROM read_parquet(?) WHERE {where} GROUP BY {group}), "
            "o AS (SELECT *, CAST(v AS DOUBLE) AS d, row_number() OVER (ORDER BY k) AS i, "
            "lag(v) OVER (ORDER BY k) AS prev FROM g) "
            "SELECT k, label, v, n, i, prev, v - prev, "
            "CASE WHEN prev <> 0 THEN (d - CAST(prev AS DOUBLE)) / abs(CAST(prev AS DOUBLE)) * 100 END, "
            "CASE WHEN v IS NOT NULL THEN rank() OVER (ORDER BY d DESC NULLS LAST) END, "
            "d / nullif(sum(d) OVER (), 0) * 100, "
            "sum(v) OVER (), min(v) OVER (), max(v) OVER (), avg(d) OVER (), quantile_cont(d, 0.25) OVER (), "
            "quantile_cont(d, 0.5) OVER (), quantile_cont(d, 0.75) OVER (), stddev_pop(d) OVER (), "
            f"CASE WHEN count(d) OVER () > 1 THEN regr_slope(d, {x}) OVER () END "
            "FROM o ORDER BY k"
        )
        try:
            result = _run(con, sql, [str(path), *params]).fetchall()
        except duckdb.Error as exc:  # e.g. sum() of a text column
            raise StoreError(f"Agregasi tidak dapat dihitung: {exc}") from exc
    row_names = ("key", "label", "value", "count", "position", "previous", "change", "change_pct", "rank", "share")
    rows = [dict(zip(row_names, r[: len(row_names)], strict=True)) for r in result]
    stats = dict(zip(GROUP_STATS, result[0][len(row_names) :], strict=True)) if result else dict.fromkeys(GROUP_STATS)
    stats["slope_over"] = slope_over
    return Groups(rows=rows, stats=stats)


# ---------------------------------------------------------------------------------------------
# Export


def _export_select(con: duckdb.DuckDBPyConnection, path: Path, columns: Sequence[str] | None, *, csv: bool) -> str:
    known = _schema(con, path)
    selected = [c for c in known if c != ROWNUM] if columns is None else list(columns)
    if not selected:
        raise StoreError("Sedikitnya satu kolom harus dipilih")
    parts = []
    for name in selected:
        col = _column(name, known)
        if csv and known[name] == "VARCHAR":
            starters = ", ".join(sql_str(s) for s in _FORMULA_STARTERS)
            parts.append(f"CASE WHEN left({col}, 1) IN ({starters}) THEN '''' || {col} ELSE {col} END AS {col}")
        else:
            parts.append(col)
    return f"SELECT {', '.join(parts)} FROM read_parquet({sql_str(str(path))}) ORDER BY {quote_ident(ROWNUM)}"


def csv_safe(value: Any) -> Any:
    """A cell for a CSV written in Python, neutralised as the store's CSV exports are."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTERS):
        return "'" + value
    return value


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def _write_xlsx(
    cursor: duckdb.DuckDBPyConnection, names: list[str], target: Path, metadata: Sequence[tuple[str, str]] = ()
) -> None:
    workbook = xlsxwriter.Workbook(
        str(target),
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "remove_timezone": True},
    )
    try:
        sheet = workbook.add_worksheet("data")
        bold = workbook.add_format({"bold": True})
        date_fmt = workbook.add_format({"num_format": "yyyy-mm-dd"})
        datetime_fmt = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        for c, name in enumerate(names):
            sheet.write_string(0, c, name, bold)
        r = 0
        while batch := cursor.fetchmany(10_000):
            for row in batch:
                r += 1
                if r > _XLSX_MAX_ROWS:
                    raise StoreError("Data terlalu besar untuk satu lembar Excel (lebih dari 1.048.575 baris)")
                for c, value in enumerate(row):
                    value = _xlsx_value(value)
                    if value is None:
                        continue
                    if isinstance(value, bool):
                        sheet.write_boolean(r, c, value)
                    elif isinstance(value, int | float):
                        sheet.write_number(r, c, value)
                    elif isinstance(value, dt.datetime):
                        sheet.write_datetime(r, c, value, datetime_fmt)
                    elif isinstance(value, dt.date):
                        sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_fmt)
                    else:
                        sheet.write_string(r, c, str(value))
        if metadata:
            meta = workbook.add_worksheet("metadata")
            meta.set_column(0, 0, 28)
            meta.set_column(1, 1, 90)
            for r, (label, text) in enumerate(metadata):
                meta.write_string(r, 0, str(label), bold)
                meta.write_string(r, 1, str(text))
    finally:
        workbook.close()


def _html_cell(value: Any) -> str:
    if value is None:
        return "<td></td>"
    if isinstance(value, bool):
        return f"<td>{'true' if value else 'false'}</td>"
    if isinstance(value, int | float | decimal.Decimal):
        return f'<td class="num">{value}</td>'
    return f"<td>{html.escape(str(value))}</td>"


def _write_html(
    cursor: duckdb.DuckDBPyConnection,
    names: list[str],
    target: Path,
    *,
    title: str,
    metadata: Sequence[tuple[str, str]],
) -> None:
    """A self-contained HTML page: the metadata, then the table. Values are escaped, never markup."""
    with target.open("w", encoding="utf-8") as out:
        out.write(f'<!doctype html>\n<html lang="id"><head><meta charset="utf-8"><title>{html.escape(title)}</title>')
        out.write("<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
                  "padding:2px 6px}td.num{text-align:right}</style></head><body>\n")  # fmt: skip
        out.write(f"<h1>{html.escape(title)}</h1>\n")
        if metadata:
            out.write("<dl>")
            for label, text in metadata:
                out.write(f"<dt>{html.escape(str(label))}</dt><dd>{html.escape(str(text))}</dd>")
            out.write("</dl>\n")
        out.write(
            "<table><thead><tr>" + "".join(f"<th>{html.escape(n)}</th>" for n in names) + "</tr></thead><tbody>\n"
        )
        while batch := cursor.fetchmany(10_000):
            out.write("".join("<tr>" + "".join(_html_cell(v) for v in row) + "</tr>\n" for row in batch))
        out.write("</tbody></table></body></html>\n")


def export(
    key: str,
    fmt: str,
    target: Path,
    *,
    columns: Sequence[str] | None = None,
    csv_bom: bool = False,
    title: str = "",
    metadata: Sequence[tuple[str, str]] = (),
) -> Path:
    """Write a stored version to ``target`` as ``csv``, ``json``, ``parquet``, ``xlsx`` or ``html``;
    returns ``target``. ``metadata`` (label, text) pairs go into a second XLSX sheet and above the
    HTML table; ``title`` heads the HTML page.

    Rows keep the stored order; ``__rownum`` is never exported (so the Parquet export is a copy of
    the data, not of the bytes). CSV: UTF-8 with a header, optional BOM (for Excel), and text cells
    starting with ``= + - @``, tab or carriage return get a leading ``'`` against formula
    injection; numbers are untouched. JSON: one array of objects. XLSX: one sheet, text always
    written as text (never as a formula). The file appears at ``target`` atomically.
    """
    if fmt not in FORMATS:
        raise StoreError(f"Format ekspor {fmt!r} tidak dikenal")
    path = _existing_path(key)
    target = Path(target)
    tmp = target.with_name(f"{_TMP_PREFIX}{secrets.token_hex(8)}-{target.name}")
    try:
        with _connection() as con:
            sql = _export_select(con, path, columns, csv=fmt == "csv")
            if fmt == "csv":
                con.execute(f"COPY ({sql}) TO {sql_str(str(tmp))} (FORMAT csv, HEADER true)")
                if csv_bom:
                    with_bom = tmp.with_name(tmp.name + ".bom")
                    with tmp.open("rb") as src, with_bom.open("wb") as dst:
                        dst.write(b"\xef\xbb\xbf")
                        shutil.copyfileobj(src, dst, _HASH_CHUNK)
                    os.replace(with_bom, tmp)
            elif fmt == "json":
                con.execute(f"COPY ({sql}) TO {sql_str(str(tmp))} (FORMAT json, ARRAY true)")
            elif fmt == "parquet":
                con.execute(f"COPY ({sql}) TO {sql_str(str(tmp))} (FORMAT parquet, COMPRESSION zstd)")
            else:
                cursor = con.execute(sql)
                names = [d[0] for d in cursor.description or ()]
                if fmt == "html":
                    _write_html(cursor, names, tmp, title=title or key, metadata=metadata)
                else:
                    _write_xlsx(cursor, names, tmp, metadata)
        os.replace(tmp, target)
    except duckdb.Error as exc:
        raise StoreError(f"Ekspor gagal: {exc}") from exc
    finally:
        _unlink_quietly(tmp)
    return target


# ---------------------------------------------------------------------------------------------
# Comparing versions


def compare(
    new_key: str,
    old_key: str,
    *,
    keys: Sequence[str],
    measures: Sequence[str],
    threshold_pct: float,
    limit: int = 50,
) -> tuple[int, list[dict[str, Any]]]:
    """Rows of ``new_key`` whose measures changed by more than ``threshold_pct`` percent from the
    row with the same ``keys`` in ``old_key`` (a change from 0 counts as infinite).

    Returns the number of such (row, measure) pairs and the ``limit`` largest changes, each
    ``{"key": [key values], "column": measure, "old": x, "new": y, "pct": p or None}``.
    """
    new_path, old_path = _existing_path(new_key), _existing_path(old_key)
    with _reader() as con:
        new_known, old_known = _schema(con, new_path), _schema(con, old_path)
        key_cols = [_column(k, new_known) for k in keys]
        for k in keys:
            _column(k, old_known)
        usable = [m for m in measures if m in new_known and m in old_known]
        if not usable or not key_cols:
            return 0, []
        join = " AND ".join(f"n.{c} IS NOT DISTINCT FROM o.{c}" for c in key_cols)
        key_list = "[" + ", ".join(f"CAST(n.{c} AS VARCHAR)" for c in key_cols) + "]"
        parts = []
        params: list[Any] = []
        for m in usable:
            col = quote_ident(m)
            parts.append(
                f"SELECT {key_list} AS k, ? AS col, TRY_CAST(o.{col} AS DOUBLE) AS old, "
                f"TRY_CAST(n.{col} AS DOUBLE) AS new FROM read_parquet(?) n JOIN read_parquet(?) o ON {join}"
            )
            params += [m, str(new_path), str(old_path)]
        changes = (
            f"SELECT k, col, old, new, CASE WHEN old = 0 THEN NULL ELSE abs(new - old) / abs(old) * 100 END AS pct "
            f"FROM ({' UNION ALL '.join(parts)}) WHERE old IS NOT NULL AND new IS NOT NULL "
            f"AND ((old = 0 AND new <> 0) OR (old <> 0 AND abs(new - old) / abs(old) * 100 > ?))"
        )
        params.append(float(threshold_pct))
        sql = f"SELECT *, count(*) OVER () FROM ({changes}) ORDER BY pct DESC NULLS FIRST, k, col LIMIT ?"
        result = _run(con, sql, [*params, limit]).fetchall()
    total = int(result[0][5]) if result else 0
    rows = [{"key": list(r[0]), "column": r[1], "old": r[2], "new": r[3], "pct": r[4]} for r in result]
    return total, rows


# ---------------------------------------------------------------------------------------------
# Combining versions


def combine(keys: Sequence[str]) -> StoredFile:
    """One stored file holding the rows of ``keys`` one after another (each in its stored order).

    Columns are matched by name; a column missing from one file is NULL there, and a column whose
    type differs between files is widened by DuckDB (e.g. BIGINT and DOUBLE give DOUBLE).
    """
    if not keys:
        raise StoreError("Tidak ada versi untuk digabungkan")
    paths = [str(_existing_path(k)) for k in keys]
    with _connection() as con:
        names: list[str] = []
        for path in paths:
            for name in _schema(con, Path(path)):
                if name != ROWNUM and name not in names:
                    names.append(name)
        cols = ", ".join(quote_ident(n) for n in names)
        relation = con.sql(
            f"SELECT {cols} FROM read_parquet(?, union_by_name = true, filename = '__file') "
            f"ORDER BY list_position(?, __file), {ROWNUM}",
            params=[paths, paths],
        )
        return write_version(relation)


# ---------------------------------------------------------------------------------------------
# Incoming uploads

_INCOMING_RE = re.compile(r"[0-9a-f]{32}\.(csv|tsv|txt|xlsx|xlsm|xls|ods)")


def incoming_path(name: str) -> Path:
    """Where an upload waits between the request and the background import (not a stored version)."""
    if not isinstance(name, str) or not _INCOMING_RE.fullmatch(name):
        raise StoreError(f"Nama berkas unggahan tidak sah: {name!r}")
    return store_dir() / "incoming" / name


def save_incoming(chunks: Iterable[bytes], *, suffix: str) -> tuple[str, int]:
    """Write an upload to the incoming area (atomically) and return its name and size in bytes."""
    suffix = suffix.lower().lstrip(".")
    name = f"{secrets.token_hex(16)}.{suffix}"
    final = incoming_path(name)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(f"{_TMP_PREFIX}{name}")
    size = 0
    try:
        with tmp.open("wb") as fh:
            for chunk in chunks:
                size += len(chunk)
                fh.write(chunk)
        os.replace(tmp, final)
    finally:
        _unlink_quietly(tmp)
    return name, size


def discard_incoming(name: str) -> None:
    _unlink_quietly(incoming_path(name))


# ---------------------------------------------------------------------------------------------
# Published download files

_EXPORT_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,119}/rilis-[0-9]{1,6}/[a-z0-9][a-z0-9.-]{0,150}")


def export_path(relpath: str) -> Path:
    """Where a published download file lives: ``exports/<dataset-slug>/rilis-<n>/<file>``."""
    if not isinstance(relpath, str) or not _EXPORT_RE.fullmatch(relpath) or ".." in relpath:
        raise StoreError(f"Nama berkas unduhan tidak sah: {relpath!r}")
    return store_dir() / "exports" / relpath


def publish_export(key: str, fmt: str, relpath: str, **options: Any) -> tuple[Path, int, str]:
    """Export ``key`` once into the downloads area (see :func:`export`); returns the path, its size
    and its SHA-256 (the HTTP ETag). Files there are written once and never changed."""
    target = export_path(relpath)
    target.parent.mkdir(parents=True, exist_ok=True)
    export(key, fmt, target, **options)
    return target, target.stat().st_size, _sha256(target)


# ---------------------------------------------------------------------------------------------
# Garbage collection


def sweep(
    referenced: set[str],
    *,
    older_than_seconds: float = 3600,
    incoming_older_than_seconds: float = 86400,
    dry_run: bool = True,
) -> list[Path]:
    """Stored files not in ``referenced`` and stale temporary files, older than the grace period,
    and uploads left in the incoming area for longer than a day (an import that never finished).

    With ``dry_run=False`` they are deleted. Only regular files named like the store's own files
    directly inside ``STORE_DIR``, its two-hex-digit shard folders or ``incoming`` are considered;
    symbolic links and anything else are left alone. Returns the (would-be) deleted paths, sorted.
    """
    root = store_dir()
    if not root.is_dir():
        return []
    cutoff = time.time() - older_than_seconds
    doomed: list[Path] = []

    def old_regular_file(entry: os.DirEntry[str]) -> bool:
        return entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < cutoff

    with os.scandir(root) as top:
        for entry in top:
            if entry.name.startswith(_TMP_PREFIX):
                if old_regular_file(entry):
                    doomed.append(Path(entry.path))
            elif re.fullmatch(r"[0-9a-f]{2}", entry.name) and entry.is_dir(follow_symlinks=False):
                with os.scandir(entry.path) as shard:
                    for item in shard:
                        stem, dot, ext = item.name.partition(".")
                        if (
                            dot
                            and ext == "parquet"
                            and _KEY_RE.fullmatch(stem)
                            and stem[:2] == entry.name
                            and stem not in referenced
                            and old_regular_file(item)
                        ):
                            doomed.append(Path(item.path))
    incoming = root / "incoming"
    if incoming.is_dir() and not incoming.is_symlink():
        incoming_cutoff = time.time() - incoming_older_than_seconds
        with os.scandir(incoming) as entries:
            for item in entries:
                name = item.name.removeprefix(_TMP_PREFIX)
                if (
                    _INCOMING_RE.fullmatch(name)
                    and item.is_file(follow_symlinks=False)
                    and item.stat(follow_symlinks=False).st_mtime < incoming_cutoff
                ):
                    doomed.append(Path(item.path))
    doomed.sort()
    if not dry_run:
        for path in doomed:
            _unlink_quietly(path)
    return doomed


__all__ = [
    "FORMATS",
    "FUNCS",
    "GROUP_STATS",
    "MEDIA_TYPES",
    "OPS",
    "ROWNUM",
    "SUMMARY_STATS",
    "AllOf",
    "AnyOf",
    "Condition",
    "Groups",
    "Page",
    "Rows",
    "StoreError",
    "StoredFile",
    "aggregate",
    "combine",
    "compare",
    "connect",
    "count",
    "discard_incoming",
    "export",
    "export_path",
    "groups",
    "incoming_path",
    "path_for",
    "publish_export",
    "read",
    "save_incoming",
    "schema",
    "sql_str",
    "store_dir",
    "summary",
    "sweep",
    "tmp_path",
    "validate_key",
    "write_version",
]
