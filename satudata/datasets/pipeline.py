"""The one path from a producer's table to a stored, validated version, shared by the upload page,
the grid, the XLSX template and the ``import_version`` command:

    read (tabular) → map columns → validate (DuckDB) → write the Parquet file (store) → version row

The version row is written last, in one transaction, after the file is completely in the store;
an interruption before that leaves at most an unreferenced file, which `sweep_store` removes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from satudata import store
from satudata.accounts.models import User
from satudata.datasets import actions
from satudata.datasets.models import Dataset, DatasetVersion, SchemaVersion, SourceKind
from satudata.datasets.schema import TableSchema, normalise_name
from satudata.datasets.tabular import SourceError, SourceTable, preview, read_source
from satudata.datasets.validation import Report, validate, with_unused_columns
from satudata.reference.models import CodeListItem, Wilayah

Progress = Callable[[int, str], None]


def _no_progress(percent: int, stage: str) -> None:
    pass


class NeedsMapping(Exception):
    """The file's columns do not match the schema: the producer maps them first. ``found`` is what
    the mapping page shows."""

    def __init__(self, found: dict[str, Any]) -> None:
        super().__init__("mapping needed")
        self.found = found


def found_in(con: duckdb.DuckDBPyConnection, source: SourceTable, mapping: Mapping[str, str]) -> dict[str, Any]:
    """What the mapping step shows: headers, a preview, the sheets, where the header was found and
    the proposed mapping."""
    return {
        "headers": source.headers,
        "preview": [[None if v is None else str(v) for v in row] for row in preview(con, source, limit=5)],
        "sheets": list(source.sheets),
        "sheet": source.sheet,
        "header_row": source.header_row,
        "rows": source.rows,
        "encoding": source.encoding,
        "delimiter": source.delimiter,
        "skipped": [list(s) for s in source.skipped],
        "mapping": dict(mapping),
    }


@dataclass(frozen=True)
class Outcome:
    version: DatasetVersion
    report: Report
    mapping: dict[str, str]


def resolve_codes(schema: TableSchema) -> dict[str, dict[str, str]]:
    """Valid codes → names for every column bound to a code list, from the reference tables."""
    codes: dict[str, dict[str, str]] = {}
    for field in schema.fields:
        ref = field.code_ref
        if ref is None:
            continue
        if ref.wilayah_level:
            rows = Wilayah.objects.filter(level=ref.wilayah_level)
            if ref.parent:
                rows = rows.filter(kode__startswith=f"{ref.parent}.")
            codes[field.name] = dict(rows.values_list("kode", "nama"))
        else:
            items = CodeListItem.objects.filter(code_list__slug=ref.code_list).order_by("code_list__version")
            codes[field.name] = dict(items.values_list("code", "label"))
    return codes


def auto_mapping(headers: Sequence[str], schema: TableSchema) -> dict[str, str]:
    """Schema field → source header, where a header is the field's name or title in any spelling."""
    by_norm: dict[str, str] = {}
    for header in headers:
        by_norm.setdefault(normalise_name(header), header)
    mapping: dict[str, str] = {}
    for field in schema.fields:
        for candidate in (field.name, normalise_name(field.title) if field.title else ""):
            if candidate and candidate in by_norm and by_norm[candidate] not in mapping.values():
                mapping[field.name] = by_norm[candidate]
                break
    return mapping


def mapping_complete(mapping: Mapping[str, str], headers: Sequence[str], schema: TableSchema) -> bool:
    """Whether the file can go straight on: every header is used and every required column found.
    (The period column may be absent: the version's period fills it.)"""
    period = schema.period_field
    missing = [f for f in schema.fields if f.required and f.name not in mapping and f is not period]
    unused = [h for h in headers if h not in mapping.values()]
    return not missing and not unused


def _apply_mapping(
    con: duckdb.DuckDBPyConnection, table: str, headers: Sequence[str], mapping: Mapping[str, str]
) -> str:
    known = set(headers)
    cols = ['"__row"']
    for field_name, header in mapping.items():
        if header not in known:
            raise SourceError(f"Kolom sumber {header!r} untuk {field_name} tidak ada di berkas.")
        cols.append(f"{store.quote_ident(header)} AS {store.quote_ident(field_name)}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE mapped AS SELECT {', '.join(cols)} FROM {store.quote_ident(table)}")
    return "mapped"


def load_table(
    *,
    con: duckdb.DuckDBPyConnection,
    table: str,
    headers: Sequence[str],
    dataset: Dataset,
    schema_version: SchemaVersion,
    period: str,
    mapping: Mapping[str, str] | None,
    source_kind: SourceKind,
    source_name: str,
    change_note: str,
    acting_user: User,
    progress: Progress = _no_progress,
) -> Outcome:
    """Validate and store a table already in DuckDB (``__row`` plus text columns)."""
    schema = schema_version.table_schema
    chosen = dict(mapping) if mapping is not None else auto_mapping(headers, schema)
    mapped = _apply_mapping(con, table, headers, chosen)
    progress(40, "Memeriksa data terhadap skema")
    result = validate(con, mapped, schema, codes=resolve_codes(schema), period=period)
    report = with_unused_columns(result.report, [h for h in headers if h not in chosen.values()])
    progress(75, "Menyimpan versi")
    stored = store.write_version(con.sql(result.typed_sql))
    progress(95, "Mencatat versi")
    version = actions.do_store_version(
        dataset=dataset, period=period, schema=schema_version, stored=stored, report=report,
        source_kind=source_kind, source_name=source_name, change_note=change_note, acting_user=acting_user,
    )  # fmt: skip
    return Outcome(version=version, report=report, mapping=chosen)


def import_file(
    *,
    dataset: Dataset,
    path: Path,
    original_name: str,
    period: str,
    acting_user: User,
    source_kind: SourceKind = SourceKind.UPLOAD,
    sheet: str | None = None,
    header_row: int | None = None,
    mapping: Mapping[str, str] | None = None,
    ask_mapping: bool = False,
    change_note: str = "",
    progress: Progress = _no_progress,
) -> Outcome:
    """Read a CSV/XLSX file and make it the period's draft version (see the module docstring).

    Without ``mapping`` columns are matched by name; with ``ask_mapping`` a file whose columns do
    not all match raises :class:`NeedsMapping` instead (after the one read of the file)."""
    schema_version = dataset.current_schema
    if schema_version is None:
        raise SourceError("Dataset ini belum memiliki skema kolom.")
    actions.check_period_open(dataset, period, change_note=change_note)
    con = store.connect()
    try:
        progress(5, "Membaca berkas")
        source = read_source(con, path, original_name=original_name, sheet=sheet, header_row=header_row)
        progress(30, "Memetakan kolom")
        if mapping is None:
            mapping = auto_mapping(source.headers, schema_version.table_schema)
            if ask_mapping and not mapping_complete(mapping, source.headers, schema_version.table_schema):
                raise NeedsMapping(found_in(con, source, mapping))
        return load_table(
            con=con, table=source.table, headers=source.headers, dataset=dataset, schema_version=schema_version,
            period=period, mapping=mapping, source_kind=source_kind, source_name=original_name,
            change_note=change_note, acting_user=acting_user, progress=progress,
        )  # fmt: skip
    finally:
        con.close()


def import_rows(
    *,
    dataset: Dataset,
    rows: Sequence[Mapping[str, Any]],
    period: str,
    acting_user: User,
    change_note: str = "",
) -> Outcome:
    """The grid: rows typed in the browser (objects keyed by column name) become the draft."""
    schema_version = dataset.current_schema
    if schema_version is None:
        raise SourceError("Dataset ini belum memiliki skema kolom.")
    schema = schema_version.table_schema
    actions.check_period_open(dataset, period, change_note=change_note)
    names = schema.names
    con = store.connect()
    try:
        cols = ", ".join(f"{store.quote_ident(n)} VARCHAR" for n in names)
        con.execute(f'CREATE TEMP TABLE grid ("__row" BIGINT, {cols})')
        # The grid fills the (read-only) period column of every new row: a row with nothing else
        # typed is empty, not a row with every required value missing.
        period_field = schema.period_field
        typed = [i for i, n in enumerate(names) if period_field is None or n != period_field.name]
        values = []
        for i, row in enumerate(rows, start=1):
            cells = [_cell_text(row.get(n)) for n in names]
            if any(cells[j] is not None for j in typed):
                values.append([i, *cells])
        if values:
            con.executemany(f"INSERT INTO grid VALUES ({', '.join('?' for _ in range(len(names) + 1))})", values)
        return load_table(
            con=con, table="grid", headers=names, dataset=dataset, schema_version=schema_version, period=period,
            mapping={n: n for n in names}, source_kind=SourceKind.GRID, source_name="",
            change_note=change_note, acting_user=acting_user,
        )  # fmt: skip
    finally:
        con.close()


def _cell_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None
