"""Validation of an uploaded period against its Table Schema (satudata.datasets.validation).

No Django database: every test builds a DuckDB text table like the upload step does (``__row`` plus
one VARCHAR column per field) and checks the report and the typed SELECT.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator, Sequence
from typing import Any

import duckdb
import pytest

from satudata.datasets.schema import CodeRef, Field, TableSchema, tidy_template
from satudata.datasets.validation import CSV_HEADER, Example, Problem, Report, Result, validate
from satudata.store import connect
from satudata.store.engine import quote_ident

KECAMATAN = {
    "35.14.01": "Purwodadi",
    "35.14.02": "Tutur",
    "35.14.03": "Puspo",
    "35.14.04": "Lumbang",
    "35.14.05": "Pasrepan",
    "35.14.06": "Kejayan",
    "35.14.07": "Wonorejo",
    "35.14.08": "Purwosari",
    "35.14.09": "Sukorejo",
    "35.14.10": "Prigen",
    "35.14.11": "Pandaan",
    "35.14.12": "Gempol",
    "35.14.13": "Beji",
    "35.14.14": "Bangil",
    "35.14.15": "Rembang",
    "35.14.16": "Kraton",
    "35.14.17": "Pohjentrek",
    "35.14.18": "Gondangwetan",
    "35.14.19": "Winongan",
    "35.14.20": "Grati",
    "35.14.21": "Nguling",
    "35.14.22": "Lekok",
    "35.14.23": "Rejoso",
    "35.14.24": "Tosari",
}
CODES = {"kode_kecamatan": KECAMATAN}

JENIS_KELAMIN = Field(
    name="jenis_kelamin", title="Jenis Kelamin", role="dimension", required=True, enum=("Laki-laki", "Perempuan")
)


def make_schema(*extra: Field, primary_key: Sequence[str] | None = None) -> TableSchema:
    """tidy_template() (kode/nama kecamatan, jumlah, satuan, tahun) with jenis_kelamin after the names."""
    base = tidy_template()
    fields = (*base.fields[:2], JENIS_KELAMIN, *base.fields[2:], *extra)
    key = ("kode_kecamatan", "jenis_kelamin", "tahun") if primary_key is None else tuple(primary_key)
    return TableSchema(fields=fields, primary_key=key)


SCHEMA = make_schema()
COLUMNS = ("kode_kecamatan", "nama_kecamatan", "jenis_kelamin", "jumlah", "satuan", "tahun")


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = connect()
    yield connection
    connection.close()


def make_source(
    con: duckdb.DuckDBPyConnection, columns: Sequence[str], rows: Sequence[Sequence[Any]], name: str = "src"
) -> str:
    """A text table like the upload step makes: "__row" BIGINT and VARCHAR columns. Values travel as
    parameters, so they may hold any character."""
    width = len(columns) + 1
    one = "(" + ", ".join(["CAST(? AS BIGINT)"] + ["CAST(? AS VARCHAR)"] * len(columns)) + ")"
    names = ", ".join(quote_ident(c) for c in ("__row", *columns))
    params = [v for row in rows for v in row]
    assert all(len(row) == width for row in rows)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {quote_ident(name)} AS SELECT * FROM (VALUES {', '.join([one] * len(rows))}) "
        f"t({names})",
        params,
    )
    return name


def row(
    n: int,
    kode: str = "35.14.01",
    nama: str = "Purwodadi",
    jk: str = "Laki-laki",
    jumlah: str | None = "10",
    satuan: str = "orang",
    tahun: str = "2024",
) -> tuple[Any, ...]:
    return (n, kode, nama, jk, jumlah, satuan, tahun)


def run(
    con: duckdb.DuckDBPyConnection,
    rows: Sequence[Sequence[Any]],
    *,
    schema: TableSchema = SCHEMA,
    columns: Sequence[str] = COLUMNS,
    period: str | None = "2024",
    **kwargs: Any,
) -> Result:
    return validate(con, make_source(con, columns, rows), schema, codes=CODES, period=period, **kwargs)


def only(report: Report, kind: str, column: str | None = None, severity: str | None = None) -> Problem:
    found = [
        p
        for p in report.problems
        if p.kind == kind and (column is None or p.column == column) and (severity is None or p.severity == severity)
    ]
    assert len(found) == 1, report.problems
    return found[0]


def typed(con: duckdb.DuckDBPyConnection, result: Result) -> tuple[list[tuple[str, str]], list[tuple[Any, ...]]]:
    types = [(r[0], r[1]) for r in con.execute(f"DESCRIBE {result.typed_sql}").fetchall()]
    return types, con.execute(result.typed_sql).fetchall()


def rows_of(problem: Problem) -> list[int]:
    return [e.row for e in problem.examples]


# ---------------------------------------------------------------------------------------------
# A clean table


def test_valid_table_gives_no_problems_and_a_typed_table(con: duckdb.DuckDBPyConnection) -> None:
    rows = [
        row(3, "35.14.10", "Prigen", "Perempuan", "1.234,5"),
        row(1, "35.14.01", "Purwodadi", "Laki-laki", "12"),
        row(2, " 35.14.01\u00a0", "Kecamatan Purwodadi", "Perempuan", " 7 ", " orang ", "2024.0"),
        row(4, "35.14.24", "TOSARI", "Laki-laki", "0", "", ""),
    ]
    result = run(con, rows)
    report = result.report
    assert report.problems == ()
    assert report.is_valid and report.errors == 0 and report.warnings == 0
    assert report.rows == 4 and report.totals == ()
    types, values = typed(con, result)
    assert types == [
        ("kode_kecamatan", "VARCHAR"),
        ("nama_kecamatan", "VARCHAR"),
        ("jenis_kelamin", "VARCHAR"),
        ("jumlah", "DOUBLE"),
        ("satuan", "VARCHAR"),
        ("tahun", "INTEGER"),
    ]
    # Ordered by the file's row number, trimmed, converted; the empty period cell takes the period.
    assert values == [
        ("35.14.01", "Purwodadi", "Laki-laki", 12.0, "orang", 2024),
        ("35.14.01", "Kecamatan Purwodadi", "Perempuan", 7.0, "orang", 2024),
        ("35.14.10", "Prigen", "Perempuan", 1234.5, "orang", 2024),
        ("35.14.24", "TOSARI", "Laki-laki", 0.0, None, 2024),
    ]


def test_all_types_are_typed_with_duckdb_types(con: duckdb.DuckDBPyConnection) -> None:
    schema = TableSchema(
        fields=(
            Field(name="teks", type="string"),
            Field(name="bulat", type="integer"),
            Field(name="angka", type="number"),
            Field(name="aktif", type="boolean"),
            Field(name="tanggal", type="date"),
            Field(name="tahun", type="year"),
        )
    )
    columns = ("teks", "bulat", "angka", "aktif", "tanggal", "tahun")
    rows = [
        (1, "a", "1.234", "1,5", "Ya", "2024-01-31", "2024"),
        (2, "b", "-7", "-0,25", "tidak", "31/12/2023", "1999"),
        (3, "", "", "", "", "", ""),
    ]
    result = validate(con, make_source(con, columns, rows), schema, codes={})
    assert result.report.problems == ()
    types, values = typed(con, result)
    assert types == [
        ("teks", "VARCHAR"),
        ("bulat", "BIGINT"),
        ("angka", "DOUBLE"),
        ("aktif", "BOOLEAN"),
        ("tanggal", "DATE"),
        ("tahun", "INTEGER"),
    ]
    assert values == [
        ("a", 1234, 1.5, True, dt.date(2024, 1, 31), 2024),
        ("b", -7, -0.25, False, dt.date(2023, 12, 31), 1999),
        (None, None, None, None, None, None),
    ]


# ---------------------------------------------------------------------------------------------
# Number formats, booleans and dates


NUMBER_CASES = [
    ("1.234.567", 1234567.0),
    ("1.234,56", 1234.56),
    ("1,234.56", 1234.56),
    ("12,5", 12.5),
    ("12.5", 12.5),
    ("1234", 1234.0),
    ("-12,5", -12.5),
    ("+7", 7.0),
    ("1 234 567", 1234567.0),
    ("1\u00a0234,5", 1234.5),
    ("1.234", 1.234),  # a single dot is a decimal mark in a number column
    ("1,234,567", 1234567.0),
    ("1.234.567,89", 1234567.89),
    ("0,001", 0.001),
    ("12.0", 12.0),
    ("1,5E3", 1500.0),
    ("2.5e-3", 0.0025),
    ("007", 7.0),
]
INTEGER_CASES = [
    ("1.234.567", 1234567),
    ("1234", 1234),
    ("1.234", 1234),  # no decimals in an integer column: a dot before three digits is a thousands separator
    ("12.0", 12),
    ("12,0", 12),
    ("12.000", 12000),
    ("1.234,00", 1234),
    ("1,234", 1234),
    ("1,234.00", 1234),
    ("-3", -3),
    ("+3", 3),
    ("1 234", 1234),
    ("1234.000", 1234),
    ("007", 7),
]
YEAR_CASES = [("2024", 2024), ("2024.0", 2024), ("2024,00", 2024), ("1000", 1000), ("9999", 9999)]
BAD_NUMBERS = ["abc", "12a", "1.23.4", "1.234.56", "12,5,6", "1..2", "--5", ".", "1e999", "Rp 5", "5%"]
BAD_INTEGERS = ["12,5", "1234.5", "12,50", "1.5", "99999999999999999999", "1e3", "abc"]
BAD_YEARS = ["999", "10000", "2024,5", "tahun 2024", "-2024"]


@pytest.mark.parametrize(
    ("type_", "cases"), [("number", NUMBER_CASES), ("integer", INTEGER_CASES), ("year", YEAR_CASES)]
)
def test_indonesian_number_formats(
    con: duckdb.DuckDBPyConnection, type_: str, cases: list[tuple[str, float | int]]
) -> None:
    schema = TableSchema(fields=(Field(name="nilai", type=type_),))
    rows = [(i, text) for i, (text, _) in enumerate(cases, start=1)]
    result = validate(con, make_source(con, ["nilai"], rows), schema, codes={})
    assert result.report.problems == ()
    types, values = typed(con, result)
    assert types == [("nilai", {"number": "DOUBLE", "integer": "BIGINT", "year": "INTEGER"}[type_])]
    assert [v[0] for v in values] == [expected for _, expected in cases]
    assert all(type(v[0]) is type(expected) for v, (_, expected) in zip(values, cases, strict=True))


@pytest.mark.parametrize(
    ("type_", "bad", "name"),
    [("number", BAD_NUMBERS, "angka"), ("integer", BAD_INTEGERS, "angka bulat"), ("year", BAD_YEARS, "tahun")],
)
def test_malformed_numbers_are_type_errors_and_keep_the_column_as_text(
    con: duckdb.DuckDBPyConnection, type_: str, bad: list[str], name: str
) -> None:
    schema = TableSchema(fields=(Field(name="nilai", title="Nilai Uji", type=type_),))
    rows = [(1, "2005"), *[(i, text) for i, text in enumerate(bad, start=2)], (100, " 2006 ")]
    result = validate(con, make_source(con, ["nilai"], rows), schema, codes={})
    problem = only(result.report, "type")
    assert problem.severity == "error" and problem.column == "nilai"
    assert problem.message.startswith(f"Nilai bukan {name}")
    assert problem.message.endswith("pada kolom Nilai Uji (nilai).")
    assert problem.count == len(bad)
    assert [(e.row, e.value) for e in problem.examples] == [(i, t) for i, t in enumerate(bad, start=2)]
    types, values = typed(con, result)
    # Nothing the user typed is lost: the column stays text (trimmed).
    assert types == [("nilai", "VARCHAR")]
    assert [v[0] for v in values] == ["2005", *bad, "2006"]


def test_type_error_message_for_an_integer_column(con: duckdb.DuckDBPyConnection) -> None:
    schema = make_schema(Field(name="jumlah_sekolah", title="Jumlah Sekolah", type="integer"))
    columns = (*COLUMNS, "jumlah_sekolah")
    result = run(con, [(*row(1), "12"), (*row(2, jk="Perempuan"), "12,5")], schema=schema, columns=columns)
    problem = only(result.report, "type", "jumlah_sekolah")
    assert problem.message == "Nilai bukan angka bulat pada kolom Jumlah Sekolah (jumlah_sekolah)."
    assert problem.examples == (Example(row=2, value="12,5"),)
    types, values = typed(con, result)
    assert types[-1] == ("jumlah_sekolah", "VARCHAR")
    assert [v[-1] for v in values] == ["12", "12,5"]
    # The other columns are still typed.
    assert types[3] == ("jumlah", "DOUBLE")


def test_nil_tokens_count_as_missing_with_one_warning(con: duckdb.DuckDBPyConnection) -> None:
    schema = make_schema(Field(name="luas", title="Luas", type="number", unit="km2"))
    columns = (*COLUMNS, "luas")
    tokens = ["-", "–", "—", "...", "…", "n/a", "NA", " - "]
    rows = [(*row(i, kode=f"35.14.{i:02d}", nama=KECAMATAN[f"35.14.{i:02d}"]), t) for i, t in enumerate(tokens, 1)]
    rows.append((*row(9, kode="35.14.09", nama="Sukorejo", jumlah="-"), "5"))
    result = run(con, rows, schema=schema, columns=columns)
    warning = only(result.report, "type", "luas", "warning")
    assert warning.message == "Tanda kosong ('-', '…', 'n/a') dibaca sebagai sel kosong pada kolom Luas (luas)."
    assert warning.count == len(tokens)
    assert [e.value for e in warning.examples] == tokens
    # "-" in a required column is a missing value there.
    assert only(result.report, "type", "jumlah", "warning").count == 1
    required = only(result.report, "required", "jumlah")
    assert (required.count, required.examples) == (1, (Example(row=9, value="-"),))
    assert not [p for p in result.report.problems if p.column == "luas" and p.severity == "error"]
    types, values = typed(con, result)
    assert types[-1] == ("luas", "DOUBLE")
    assert [v[-1] for v in values] == [None] * len(tokens) + [5.0]


def test_booleans(con: duckdb.DuckDBPyConnection) -> None:
    schema = TableSchema(fields=(Field(name="aktif", title="Aktif", type="boolean"),))
    good = [
        ("ya", True),
        ("TIDAK", False),
        ("True", True),
        ("false", False),
        ("1", True),
        ("0", False),
        ("Benar", True),
        ("salah", False),
    ]
    rows = [(i, text) for i, (text, _) in enumerate(good, start=1)]
    result = validate(con, make_source(con, ["aktif"], rows), schema, codes={})
    assert result.report.problems == ()
    assert [v[0] for v in typed(con, result)[1]] == [b for _, b in good]

    rows += [(20, "y"), (21, "t"), (22, "2")]
    result = validate(con, make_source(con, ["aktif"], rows), schema, codes={})
    problem = only(result.report, "type")
    assert problem.message.startswith("Nilai bukan ya/tidak") and problem.count == 3
    assert rows_of(problem) == [20, 21, 22]


def test_dates(con: duckdb.DuckDBPyConnection) -> None:
    schema = TableSchema(fields=(Field(name="tanggal", title="Tanggal", type="date"),))
    good = [
        ("2024-02-29", dt.date(2024, 2, 29)),
        ("31/12/2023", dt.date(2023, 12, 31)),
        ("1-2-2024", dt.date(2024, 2, 1)),
        ("2024-1-5", dt.date(2024, 1, 5)),
        (" 05/06/2024 ", dt.date(2024, 6, 5)),
    ]
    bad = ["2024-02-30", "2023-02-29", "31/02/2024", "1/2/24", "24-02-01", "2024/13/01", "kemarin", "20240131"]
    rows = [(i, text) for i, (text, _) in enumerate(good, start=1)]
    result = validate(con, make_source(con, ["tanggal"], rows), schema, codes={})
    assert result.report.problems == ()
    assert typed(con, result)[0] == [("tanggal", "DATE")]
    assert [v[0] for v in typed(con, result)[1]] == [d for _, d in good]

    rows += [(i, text) for i, text in enumerate(bad, start=10)]
    result = validate(con, make_source(con, ["tanggal"], rows), schema, codes={})
    problem = only(result.report, "type")
    assert problem.message.startswith("Nilai bukan tanggal")
    assert [(e.row, e.value) for e in problem.examples] == [(i, t) for i, t in enumerate(bad, start=10)]


# ---------------------------------------------------------------------------------------------
# Missing columns, required values, the period


def test_missing_required_column_is_one_error_and_optional_columns_are_null(con: duckdb.DuckDBPyConnection) -> None:
    columns = ("kode_kecamatan", "jenis_kelamin", "jumlah", "tahun")
    rows = [(1, "35.14.01", "Laki-laki", "5", "2024"), (2, "35.14.02", "Perempuan", "6", "2024")]
    result = run(con, rows, columns=columns)
    problem = only(result.report, "missing_column")
    assert problem == Problem(
        kind="missing_column",
        severity="error",
        column="nama_kecamatan",
        message="Kolom wajib Nama Kecamatan (nama_kecamatan) tidak ada di berkas.",
        count=2,
        examples=(),
    )
    assert len(result.report.problems) == 1  # satuan is optional: no problem
    types, values = typed(con, result)
    assert types[1] == ("nama_kecamatan", "VARCHAR") and types[4] == ("satuan", "VARCHAR")
    assert values == [
        ("35.14.01", None, "Laki-laki", 5.0, None, 2024),
        ("35.14.02", None, "Perempuan", 6.0, None, 2024),
    ]


def test_primary_key_columns_are_required(con: duckdb.DuckDBPyConnection) -> None:
    schema = TableSchema(fields=(Field(name="a"), Field(name="b")), primary_key=("a",))
    report = validate(con, make_source(con, ["b"], [(1, "x")]), schema, codes={}).report
    assert [(p.kind, p.column, p.count) for p in report.problems] == [("missing_column", "a", 1)]
    report = validate(con, make_source(con, ["a", "b"], [(1, "", "x"), (2, "k", "y")]), schema, codes={}).report
    assert [(p.kind, p.column, rows_of(p)) for p in report.problems] == [("required", "a", [1])]


def test_required_values_empty_and_whitespace(con: duckdb.DuckDBPyConnection) -> None:
    rows = [
        row(1),
        row(2, nama="", jk="Perempuan"),
        row(3, kode="35.14.02", nama="  ", jumlah=" "),
        row(4, kode="35.14.03", nama="\u00a0\t", jumlah=None),
    ]
    report = run(con, rows).report
    nama = only(report, "required", "nama_kecamatan")
    assert nama.message == "Nilai kosong pada kolom wajib Nama Kecamatan (nama_kecamatan)."
    assert nama.count == 3
    assert [(e.row, e.value) for e in nama.examples] == [(2, ""), (3, "  "), (4, "\u00a0\t")]
    jumlah = only(report, "required", "jumlah")
    assert [(e.row, e.value) for e in jumlah.examples] == [(3, " "), (4, None)]
    assert report.errors == 5 and not report.is_valid


def test_period_fills_missing_column_and_empty_cells(con: duckdb.DuckDBPyConnection) -> None:
    columns = ("kode_kecamatan", "nama_kecamatan", "jenis_kelamin", "jumlah")
    rows = [(1, "35.14.01", "Purwodadi", "Laki-laki", "5"), (2, "35.14.01", "Purwodadi", "Perempuan", "6")]
    result = run(con, rows, columns=columns, period="2024")
    assert result.report.problems == ()
    types, values = typed(con, result)
    assert types[-1] == ("tahun", "INTEGER")
    assert [v[-1] for v in values] == [2024, 2024]

    # Without a period, the required period column is missing.
    result = run(con, rows, columns=columns, period=None)
    assert only(result.report, "missing_column").column == "tahun"


def test_period_mismatch(con: duckdb.DuckDBPyConnection) -> None:
    rows = [
        row(1, tahun="2024"),
        row(2, jk="Perempuan", tahun="2024.0"),
        row(3, kode="35.14.02", nama="Tutur", tahun="2023"),
        row(4, kode="35.14.03", nama="Puspo", tahun=""),
        row(5, kode="35.14.04", nama="Lumbang", tahun="2023"),
    ]
    result = run(con, rows)
    problem = only(result.report, "period")
    assert problem.severity == "error" and problem.column == "tahun"
    assert problem.message == "Nilai periode 2023 berbeda dengan periode versi ini (2024)."
    assert problem.count == 2 and rows_of(problem) == [3, 5]
    assert not [p for p in result.report.problems if p.kind == "required"]  # the empty cell takes the period

    rows += [
        row(6, kode="35.14.05", nama="Pasrepan", tahun="2022"),
        row(7, kode="35.14.06", nama="Kejayan", tahun="2021"),
        row(8, kode="35.14.07", nama="Wonorejo", tahun="2020"),
    ]
    problem = only(run(con, rows).report, "period")
    assert problem.message == "Nilai periode 2023, 2022, 2021 dan 1 nilai lain berbeda dengan periode versi ini (2024)."
    assert problem.count == 5


def test_period_of_text_type_with_a_quote(con: duckdb.DuckDBPyConnection) -> None:
    schema = TableSchema(
        fields=(Field(name="nama", type="string"), Field(name="periode", title="Periode", role="period", type="string"))
    )
    source = make_source(con, ["nama"], [(1, "a'b"), (2, 'c"d')])
    result = validate(con, source, schema, codes={}, period="2024'S1")
    assert result.report.problems == ()
    assert typed(con, result)[1] == [("a'b", "2024'S1"), ('c"d', "2024'S1")]


# ---------------------------------------------------------------------------------------------
# Constraints


def test_unique_lists_every_row_sharing_a_value(con: duckdb.DuckDBPyConnection) -> None:
    schema = make_schema(Field(name="nomor", title="Nomor Urut", type="integer", unique=True))
    columns = (*COLUMNS, "nomor")
    rows = [
        (*row(1), "1"),
        (*row(2, jk="Perempuan"), "2"),
        (*row(3, kode="35.14.02", nama="Tutur"), "1.0"),
        (*row(4, kode="35.14.03", nama="Puspo"), ""),
        (*row(5, kode="35.14.04", nama="Lumbang"), ""),
        (*row(6, kode="35.14.05", nama="Pasrepan"), " 1 "),
        (*row(7, kode="35.14.06", nama="Kejayan"), "3"),
    ]
    problem = only(run(con, rows, schema=schema, columns=columns).report, "unique")
    assert problem.severity == "error" and problem.column == "nomor"
    assert problem.message == "Nilai ganda pada kolom Nomor Urut (nomor); setiap nilai harus unik."
    # "1", "1.0" and " 1 " are the same number; empty cells are never duplicates.
    assert problem.count == 3
    assert problem.examples == (
        Example(1, "1", "sama dengan baris 3, 6"),
        Example(3, "1.0", "sama dengan baris 1, 6"),
        Example(6, " 1 ", "sama dengan baris 1, 3"),
    )


def test_primary_key_duplicates(con: duckdb.DuckDBPyConnection) -> None:
    rows = [
        row(1),
        row(2, jk="Perempuan"),
        row(3, jumlah="11"),
        row(4, kode=" 35.14.01", tahun=""),
        row(5, kode="35.14.02", nama="Tutur"),
    ]
    problem = only(run(con, rows).report, "primary_key")
    assert problem.severity == "error"
    assert problem.column == "kode_kecamatan, jenis_kelamin, tahun"
    assert problem.message == (
        "Kombinasi nilai kunci utama Kode Kecamatan (kode_kecamatan), Jenis Kelamin (jenis_kelamin), "
        "Tahun (tahun) muncul lebih dari sekali."
    )
    # Row 4's empty year takes the period, so it repeats rows 1 and 3 as well.
    assert problem.count == 3
    assert problem.examples == (
        Example(1, "35.14.01 | Laki-laki | 2024", "sama dengan baris 3, 4"),
        Example(3, "35.14.01 | Laki-laki | 2024", "sama dengan baris 1, 4"),
        Example(4, "35.14.01 | Laki-laki | 2024", "sama dengan baris 1, 3"),
    )


def test_minimum_and_maximum(con: duckdb.DuckDBPyConnection) -> None:
    rows = [
        row(1, jumlah="-5"),
        row(2, jk="Perempuan", jumlah="0"),
        row(3, kode="35.14.02", nama="Tutur", tahun="2101"),
        row(4, kode="35.14.03", nama="Puspo", jumlah="-0,5", tahun="1899"),
    ]
    report = run(con, rows, period=None).report
    minimum = only(report, "minimum", "jumlah")
    assert minimum.message == "Nilai lebih kecil dari minimum 0 pada kolom Jumlah (jumlah)."
    assert [(e.row, e.value) for e in minimum.examples] == [(1, "-5"), (4, "-0,5")]
    assert only(report, "maximum", "tahun").message == "Nilai lebih besar dari maksimum 2100 pada kolom Tahun (tahun)."
    assert rows_of(only(report, "maximum", "tahun")) == [3]
    assert rows_of(only(report, "minimum", "tahun")) == [4]


def test_enum_is_case_sensitive_with_a_suggestion(con: duckdb.DuckDBPyConnection) -> None:
    rows = [
        row(1),
        row(2, jk="perempuan"),
        row(3, kode="35.14.02", nama="Tutur", jk="Pria"),
        row(4, kode="35.14.03", nama="Puspo", jk=" LAKI-LAKI "),
    ]
    problem = only(run(con, rows).report, "enum")
    assert problem.column == "jenis_kelamin" and problem.severity == "error"
    assert problem.message == (
        "Nilai tidak termasuk pilihan yang diizinkan (Laki-laki, Perempuan) pada kolom Jenis Kelamin (jenis_kelamin)."
    )
    assert problem.examples == (
        Example(2, "perempuan", "Perempuan"),
        Example(3, "Pria", ""),
        Example(4, " LAKI-LAKI ", "Laki-laki"),
    )


def test_enum_of_a_numeric_field_compares_converted_values(con: duckdb.DuckDBPyConnection) -> None:
    schema = TableSchema(fields=(Field(name="kelas", title="Kelas", type="integer", enum=("1", "2", "3")),))
    source = make_source(con, ["kelas"], [(1, "1"), (2, "2,0"), (3, "4"), (4, "3")])
    problem = only(validate(con, source, schema, codes={}).report, "enum")
    assert problem.examples == (Example(3, "4"),)


def test_pattern_and_a_pattern_duckdb_cannot_run(con: duckdb.DuckDBPyConnection) -> None:
    schema = make_schema(
        Field(name="kode_pos", title="Kode Pos", pattern=r"\d{5}"),
        Field(name="nip", title="NIP", pattern=r"(?=\d)\d{18}"),  # look-ahead: Python has it, RE2 not
    )
    columns = (*COLUMNS, "kode_pos", "nip")
    rows = [
        (*row(1), "67153", "199001012020121001"),
        (*row(2, jk="Perempuan"), "6715", "x"),
        (*row(3, kode="35.14.02", nama="Tutur"), "67153a", ""),
    ]
    report = run(con, rows, schema=schema, columns=columns).report
    pattern = only(report, "pattern", "kode_pos")
    assert pattern.message == r"Nilai tidak sesuai pola \d{5} pada kolom Kode Pos (kode_pos)."
    assert [(e.row, e.value) for e in pattern.examples] == [(2, "6715"), (3, "67153a")]
    unchecked = only(report, "pattern", "nip")
    assert unchecked.severity == "error"
    assert unchecked.message.startswith(r"Pola (pattern) (?=\d)\d{18} pada kolom NIP (nip) tidak dapat diperiksa")
    assert unchecked.count == 2 and unchecked.examples == ()
    assert not report.is_valid


# ---------------------------------------------------------------------------------------------
# Code lists and names


def test_unknown_code_with_nearest_suggestions(con: duckdb.DuckDBPyConnection) -> None:
    rows = [
        row(1),
        row(2, kode="35.14.99", nama="Entah"),
        row(3, kode="351401", jk="Perempuan"),
        row(4, kode="35.14.99", nama="Entah", jk="Perempuan"),
    ]
    report = run(con, rows).report
    problem = only(report, "code")
    assert problem.severity == "error" and problem.column == "kode_kecamatan"
    assert problem.message == "Kode 35.14.99 dan 351401 tidak ada dalam kode wilayah kecamatan di 35.14."
    assert problem.count == 3
    # Nearest by edit distance (35.14.09 and 35.14.19 are one edit away), ties by code; the code
    # without its dots first.
    assert problem.examples[0] == Example(
        2, "35.14.99", "35.14.09 (Sukorejo), 35.14.19 (Winongan), 35.14.01 (Purwodadi)"
    )
    assert problem.examples[1].row == 3 and problem.examples[1].suggestion.startswith("35.14.01 (Purwodadi), ")
    assert len(problem.examples[1].suggestion.split("), ")) == 3
    assert problem.examples[2] == Example(4, "35.14.99", problem.examples[0].suggestion)
    # An unknown code has no name to compare with.
    assert not [p for p in report.problems if p.kind == "name_mismatch"]


def test_many_unknown_codes_are_named_in_part(con: duckdb.DuckDBPyConnection) -> None:
    bad = ["35.15.01", "35.14.25", "3514.01", "35.14.1", "X"]
    rows = [row(i, kode=k, jk="Laki-laki") for i, k in enumerate(bad, start=1)]
    problem = only(run(con, rows).report, "code")
    assert (
        problem.message
        == "Kode 35.15.01, 35.14.25, 3514.01 dan 2 kode lain tidak ada dalam kode wilayah kecamatan di 35.14."
    )
    assert problem.examples[2].suggestion.startswith("35.14.01 (Purwodadi)")  # dots misplaced


def test_code_list_of_another_kind(con: duckdb.DuckDBPyConnection) -> None:
    schema = TableSchema(fields=(Field(name="kbli", title="KBLI", code_ref=CodeRef(code_list="kbli-2020")),))
    source = make_source(con, ["kbli"], [(1, "01111"), (2, "99999")])
    report = validate(con, source, schema, codes={"kbli": {"01111": "Pertanian Jagung"}}).report
    problem = only(report, "code")
    assert problem.message == "Kode 99999 tidak ada dalam daftar kode kbli-2020."
    assert problem.examples == (Example(2, "99999", "01111 (Pertanian Jagung)"),)


def test_name_must_match_the_code(con: duckdb.DuckDBPyConnection) -> None:
    rows = [
        row(1, kode="35.14.10", nama="Prigen"),
        row(2, kode="35.14.10", nama="Kecamatan Prigen", jk="Perempuan"),
        row(3, kode="35.14.11", nama="Kec.  pandaan"),
        row(4, kode="35.14.11", nama=" PANDAAN ", jk="Perempuan"),
        row(5, kode="35.14.12", nama="Tutur"),
        row(6, kode="35.14.18", nama="Gondang Wetan"),
    ]
    problem = only(run(con, rows).report, "name_mismatch")
    assert problem.severity == "error" and problem.column == "nama_kecamatan"
    assert "Nama Kecamatan (nama_kecamatan)" in problem.message and "Kode Kecamatan (kode_kecamatan)" in problem.message
    assert problem.examples == (Example(5, "Tutur", "Gempol"), Example(6, "Gondang Wetan", "Gondangwetan"))


def test_codes_must_be_given_for_code_columns(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(ValueError, match="kode_kecamatan"):
        validate(con, make_source(con, COLUMNS, [row(1)]), SCHEMA, codes={}, period="2024")
    with pytest.raises(ValueError, match="__row"):
        con.execute("CREATE TEMP TABLE tanpa_baris AS SELECT '35.14.01' AS kode_kecamatan")
        validate(con, "tanpa_baris", SCHEMA, codes=CODES)


# ---------------------------------------------------------------------------------------------
# Totals rows


def test_totals_rows_are_reported_and_left_out(con: duckdb.DuckDBPyConnection) -> None:
    rows = [
        row(1, jumlah="10"),
        row(2, jk="Perempuan", jumlah="12"),
        row(3, jk="Jumlah", jumlah="22"),  # subtotal by sex
        row(4, kode="35.14.16", nama="Kraton", jumlah="3"),  # K..., but a kecamatan
        row(5, kode="35.14.24", nama="Tosari", jumlah="4"),  # T..., but a kecamatan
        row(6, kode="35.14", nama="Kabupaten Pasuruan", jk="Laki-laki", jumlah="1.234,5"),
        row(7, kode="", nama="TOTAL", jk="", jumlah="-", tahun=""),
        row(8, kode=" 35.14 ", nama="", jk="Perempuan", jumlah="abc"),
        row(9, kode="", nama="  Kab. Pasuruan", jk="", jumlah="99"),
    ]
    result = run(con, rows)
    report = result.report
    assert report.rows == 9
    problem = only(report, "total_row")
    assert problem.severity == "warning" and problem.column == ""
    assert problem.message == (
        "Baris jumlah/total dikenali dan tidak disimpan sebagai data; nilainya dipakai untuk rekonsiliasi."
    )
    assert problem.count == 5
    assert [(e.row, e.value) for e in problem.examples] == [
        (3, "Jumlah"),
        (6, "Kabupaten Pasuruan"),
        (7, "TOTAL"),
        (8, " 35.14 "),
        (9, "  Kab. Pasuruan"),
    ]
    # Totals rows take no part in the other checks: no code, required, type or key errors.
    assert report.problems == (problem,)
    assert report.totals == (
        {"__row": 3, "kode_kecamatan": "35.14.01", "nama_kecamatan": "Purwodadi", "jenis_kelamin": "Jumlah",
         "jumlah": 22.0, "satuan": "orang", "tahun": 2024},
        {"__row": 6, "kode_kecamatan": "35.14", "nama_kecamatan": "Kabupaten Pasuruan", "jenis_kelamin": "Laki-laki",
         "jumlah": 1234.5, "satuan": "orang", "tahun": 2024},
        {"__row": 7, "kode_kecamatan": None, "nama_kecamatan": "TOTAL", "jenis_kelamin": None, "jumlah": None,
         "satuan": "orang", "tahun": None},
        {"__row": 8, "kode_kecamatan": "35.14", "nama_kecamatan": None, "jenis_kelamin": "Perempuan", "jumlah": "abc",
         "satuan": "orang", "tahun": 2024},
        {"__row": 9, "kode_kecamatan": None, "nama_kecamatan": "Kab. Pasuruan", "jenis_kelamin": None, "jumlah": 99.0,
         "satuan": "orang", "tahun": 2024},
    )  # fmt: skip
    types, values = typed(con, result)
    assert types[3] == ("jumlah", "DOUBLE")  # "abc" was in a totals row only
    assert [v[:4] for v in values] == [
        ("35.14.01", "Purwodadi", "Laki-laki", 10.0),
        ("35.14.01", "Purwodadi", "Perempuan", 12.0),
        ("35.14.16", "Kraton", "Laki-laki", 3.0),
        ("35.14.24", "Tosari", "Laki-laki", 4.0),
    ]


def test_totals_only_on_text_dimensions(con: duckdb.DuckDBPyConnection) -> None:
    # satuan is an attribute: "Jumlah" there is a value, not a totals row.
    report = run(con, [row(1, satuan="Jumlah jiwa")]).report
    assert report.problems == () and report.totals == ()


# ---------------------------------------------------------------------------------------------
# Grouping, ordering, serialisation


def test_one_thousand_bad_rows_are_one_problem(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "CREATE TEMP TABLE banyak AS SELECT i AS __row, '35.14.01' AS kode_kecamatan, 'Purwodadi' AS nama_kecamatan, "
        "CASE WHEN i % 2 = 0 THEN 'Laki-laki' ELSE 'Perempuan' END AS jenis_kelamin, 'x' || i AS jumlah, "
        "'orang' AS satuan, CAST(2000 + i AS VARCHAR) AS tahun FROM range(1, 1001) t(i)"
    )
    report = validate(con, "banyak", SCHEMA, codes=CODES, period=None).report
    problem = only(report, "type", "jumlah")
    assert problem.count == 1000
    assert [(e.row, e.value) for e in problem.examples] == [(i, f"x{i}") for i in range(1, 21)]
    assert only(report, "maximum", "tahun").count == 900  # 2101..3000
    report = validate(con, "banyak", SCHEMA, codes=CODES, period=None, max_examples=5).report
    problem = only(report, "type", "jumlah")
    assert problem.count == 1000 and rows_of(problem) == [1, 2, 3, 4, 5]
    assert rows_of(only(report, "maximum", "tahun")) == [101, 102, 103, 104, 105]
    report = validate(con, "banyak", SCHEMA, codes=CODES, period="2024", max_examples=0).report
    assert only(report, "type", "jumlah").count == 1000 and only(report, "type", "jumlah").examples == ()
    period = only(report, "period")
    assert period.count == 999 and period.examples == ()
    # The message still names the first values.
    assert (
        period.message == "Nilai periode 2001, 2002, 2003 dan 996 nilai lain berbeda dengan periode versi ini (2024)."
    )


def test_problems_are_ordered_errors_first_then_by_column(con: duckdb.DuckDBPyConnection) -> None:
    rows = [
        row(1, kode="35.14.99", nama="X", jk="L", jumlah="-"),
        row(2, jk="Jumlah"),
        row(3, jumlah="-1"),
        row(4, kode="35.14.02", nama="Tutur", tahun="2023"),
    ]
    report = run(con, rows).report
    assert [(p.severity, p.kind, p.column) for p in report.problems] == [
        ("error", "code", "kode_kecamatan"),
        ("error", "enum", "jenis_kelamin"),
        ("error", "required", "jumlah"),
        ("error", "minimum", "jumlah"),
        ("error", "period", "tahun"),
        ("warning", "type", "jumlah"),
        ("warning", "total_row", ""),
    ]
    assert report.errors == 5 and report.warnings == 2


def test_json_round_trip_and_csv(con: duckdb.DuckDBPyConnection) -> None:
    schema = make_schema(Field(name="tanggal", title="Tanggal", type="date"))
    columns = (*COLUMNS, "tanggal")
    rows = [
        (*row(1, kode="35.14.99", nama="Entah"), "2024-01-31"),
        (*row(2, nama='O\'Brien "Kec"'), "1/1/2024"),
        (*row(3, jk="Jumlah", jumlah="1.234,5"), "31/12/2024"),
    ]
    report = run(con, rows, schema=schema, columns=columns).report
    data = report.to_json()
    assert json.loads(json.dumps(data)) == data
    assert data["errors"] == report.errors and data["warnings"] == report.warnings and data["is_valid"] is False
    assert Report.from_json(json.loads(json.dumps(data))) == report
    assert report.totals[0]["tanggal"] == "2024-12-31"  # dates as ISO text in the report

    lines = report.csv_rows()
    assert lines[0] == CSV_HEADER == ["baris", "kolom", "jenis", "tingkat", "nilai", "pesan", "saran"]
    assert lines[1] == [
        "1",
        "kode_kecamatan",
        "kode tidak dikenal",
        "kesalahan",
        "35.14.99",
        "Kode 35.14.99 tidak ada dalam kode wilayah kecamatan di 35.14.",
        "35.14.09 (Sukorejo), 35.14.19 (Winongan), 35.14.01 (Purwodadi)",
    ]
    assert lines[2][:5] == ["2", "nama_kecamatan", "nama tidak sesuai kode", "kesalahan", 'O\'Brien "Kec"']
    assert lines[-1][:5] == ["3", "", "baris jumlah", "peringatan", "Jumlah"]
    assert len(lines) == 1 + sum(len(p.examples) for p in report.problems)

    missing = Report(
        rows=3, problems=(Problem("missing_column", "error", "satuan", "Kolom wajib satuan tidak ada.", 3),)
    )
    assert missing.csv_rows()[1] == [
        "",
        "satuan",
        "kolom tidak ada",
        "kesalahan",
        "",
        "Kolom wajib satuan tidak ada.",
        "",
    ]
    assert Report.from_json(missing.to_json()) == missing


def test_report_properties() -> None:
    report = Report(
        rows=10,
        problems=(
            Problem("type", "error", "a", "m", 3, (Example(1, "x"),)),
            Problem("type", "warning", "a", "m", 4),
            Problem("pattern", "error", "b", "m", 0),
        ),
    )
    assert (report.errors, report.warnings, report.is_valid) == (3, 4, False)
    assert dataclasses.replace(report, problems=report.problems[1:2]).is_valid


# ---------------------------------------------------------------------------------------------
# Robustness


def test_validate_twice_on_one_connection_leaves_nothing_behind(con: duckdb.DuckDBPyConnection) -> None:
    source = make_source(con, COLUMNS, [row(1), row(2, kode="35.14.99")])
    tables = con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()
    first = validate(con, source, SCHEMA, codes=CODES, period="2024")
    second = validate(con, source, SCHEMA, codes=CODES, period="2024")
    assert first == second
    assert only(first.report, "code").count == 1
    assert con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall() == tables
    assert con.execute("SELECT count(*) FROM duckdb_views() WHERE NOT internal").fetchone() == (0,)
    assert len(con.execute(first.typed_sql).fetchall()) == 2


def test_sql_special_characters_in_names_and_values(con: duckdb.DuckDBPyConnection) -> None:
    schema = TableSchema(
        fields=(
            Field(name="kode", title='Kode "Desa"', code_ref=CodeRef(wilayah_level="desa_kelurahan", parent="35'14")),
            Field(name="nama", title="Nama'; DROP TABLE src; --", name_of="kode"),
            Field(name="jenis", enum=("a'b", 'c"d', "e\\f")),
            Field(name="catatan", pattern="[^']*"),
        )
    )
    codes = {"kode": {"35'14'01": "Desa 'Satu'", '35"14"02': 'Dua "Dua"'}}
    rows = [
        (1, "35'14'01", "Desa 'Satu'", "a'b", "baik"),
        (2, '35"14"02', 'Dua "Dua"', 'c"d', "--; select 1"),
        (3, "35'14'03", "x", "e\\f", "ada ' petik"),
        (4, "35'14", "Jumlah", "a'b", ""),
    ]
    source = make_source(con, ["kode", "nama", "jenis", "catatan"], rows, name='tabel "unggah"; --')
    result = validate(con, source, schema, codes=codes)
    report = result.report
    code = only(report, "code")
    assert code.message == "Kode 35'14'03 tidak ada dalam kode wilayah desa/kelurahan di 35'14."
    assert code.examples[0].suggestion.startswith("35'14'01 (Desa 'Satu')")
    assert rows_of(only(report, "pattern")) == [3]
    assert rows_of(only(report, "total_row")) == [4]
    assert {p.kind for p in report.problems} == {"code", "pattern", "total_row"}
    assert con.execute(result.typed_sql).fetchall() == [
        ("35'14'01", "Desa 'Satu'", "a'b", "baik"),
        ('35"14"02', 'Dua "Dua"', 'c"d', "--; select 1"),
        ("35'14'03", "x", "e\\f", "ada ' petik"),
    ]
    assert con.execute(f"SELECT count(*) FROM {quote_ident(source)}").fetchone() == (4,)


def test_empty_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "CREATE TEMP TABLE kosong (__row BIGINT, kode_kecamatan VARCHAR, nama_kecamatan VARCHAR, "
        "jenis_kelamin VARCHAR, jumlah VARCHAR, satuan VARCHAR, tahun VARCHAR)"
    )
    result = validate(con, "kosong", SCHEMA, codes=CODES, period="2024")
    assert result.report == Report(rows=0)
    assert typed(con, result) == (
        [
            ("kode_kecamatan", "VARCHAR"),
            ("nama_kecamatan", "VARCHAR"),
            ("jenis_kelamin", "VARCHAR"),
            ("jumlah", "DOUBLE"),
            ("satuan", "VARCHAR"),
            ("tahun", "INTEGER"),
        ],
        [],
    )


def test_regency_names_are_rows_in_a_table_of_regencies() -> None:
    """In a table of the regencies of Jawa Timur, "Kabupaten Pasuruan" is data; "Jumlah" is still a total."""
    con = connect()
    schema = tidy_template(level="kabupaten_kota", parent="35", measure="jumlah_penduduk")
    codes = {"kode_kabupaten_kota": {"35.14": "Kabupaten Pasuruan", "35.75": "Kota Pasuruan"}}
    con.execute(
        "CREATE TEMP TABLE regencies AS SELECT * FROM (VALUES "
        "(2, '35.14', 'Kabupaten Pasuruan', '1662923', 'jiwa', '2025'), "
        "(3, '35.75', 'Kota Pasuruan', '213000', 'jiwa', '2025'), "
        "(4, NULL, 'Jumlah', '1875923', 'jiwa', '2025')) "
        "t(__row, kode_kabupaten_kota, nama_kabupaten_kota, jumlah_penduduk, satuan, tahun)"
    )
    result = validate(con, "regencies", schema, codes=codes, period="2025")
    assert result.report.is_valid, result.report.problems
    assert [t["__row"] for t in result.report.totals] == [4]
    rows = con.execute(result.typed_sql).fetchall()
    assert [r[1] for r in rows] == ["Kabupaten Pasuruan", "Kota Pasuruan"]
