"""Checking an uploaded period of data against its Table Schema, vectorised in DuckDB.

An earlier step loads the user's file into a DuckDB table whose columns are all text: ``"__row"``
(the row number in the user's file, which is what users are told) and one column per schema field,
already named like the field. :func:`validate` checks that table against the schema and returns

- a :class:`Report`: problems grouped by kind and column, each with a count, a few example rows and an
  Indonesian message, plus the rows recognised as totals (kept for reconciliation), and
- ``typed_sql``: a SELECT over the same table giving the table to store, typed where every value
  converted and left as text otherwise, so nothing the user typed is lost.

All work over data rows is SQL over the whole table, in few passes: one SELECT (built in
:meth:`_Plan.prepared_sql`) trims and converts every cell once, one pass over it evaluates every cell
check and keeps counts and first rows with window functions, and one grouping per unique field and
primary key finds duplicates. Python only loops over fields, checks and the handful of example rows.

Values travel as query parameters, and code lists as a temporary table dropped at the end. The only
values written into SQL text are the version's period and the parent code of a code list, quoted as
literals, because ``typed_sql`` has to stand on its own once that table is gone.

Number formats follow Indonesian practice (dot for thousands, comma for decimals) while accepting
what spreadsheets export (``12.0``, ``1,234.56``); see :func:`_integer_sql` and :func:`_number_sql`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import secrets
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb

from satudata.datasets.schema import Field, TableSchema
from satudata.store.engine import connect, quote_ident, sql_str

# Kinds of problems, in the order they are listed within a column. "type" with severity "warning" is
# the one note per numeric column that nil tokens ("-") were read as empty.
KINDS: tuple[str, ...] = (
    "missing_column",
    "type",
    "required",
    "period",
    "code",
    "name_mismatch",
    "enum",
    "pattern",
    "minimum",
    "maximum",
    "unique",
    "primary_key",
    "total_row",
    "unused_column",
)
SEVERITIES: tuple[str, ...] = ("error", "warning")

ROW = "__row"
CSV_HEADER: list[str] = ["baris", "kolom", "jenis", "tingkat", "nilai", "pesan", "saran"]

# Labels of kinds and severities in the downloadable report, for officers rather than programmers.
KIND_LABELS: dict[str, str] = {
    "missing_column": "kolom tidak ada",
    "type": "tipe data",
    "required": "wajib diisi",
    "period": "periode berbeda",
    "code": "kode tidak dikenal",
    "name_mismatch": "nama tidak sesuai kode",
    "enum": "di luar pilihan",
    "pattern": "pola tidak cocok",
    "minimum": "di bawah minimum",
    "maximum": "di atas maksimum",
    "unique": "nilai ganda",
    "primary_key": "kunci utama ganda",
    "total_row": "baris jumlah",
    "unused_column": "kolom berkas tidak dipakai",
}
SEVERITY_LABELS: dict[str, str] = {"error": "kesalahan", "warning": "peringatan"}

TYPE_NAMES: dict[str, str] = {
    "integer": "angka bulat",
    "number": "angka",
    "boolean": "ya/tidak",
    "date": "tanggal",
    "year": "tahun",
}
_TYPE_HINTS: dict[str, str] = {
    "boolean": " (ya/tidak, benar/salah, true/false, 1/0)",
    "date": " (TTTT-BB-HH, HH/BB/TTTT atau HH-BB-TTTT)",
    "year": " (empat angka, 1000–9999)",
}

# Spreadsheets pad with non-breaking and figure spaces; a byte-order mark can survive a CSV reader.
_BLANKS = " \t\r\n\u00a0\u2007\u202f\ufeff"
# What statistical tables (BPS) write for "nil" or "not available" in a numeric cell.
NIL_TOKENS: tuple[str, ...] = ("-", "–", "—", "...", "…", "n/a", "na")
TOTAL_PATTERN = r"^(jumlah|total|kabupaten|kab\.?)\b"
# In a table whose rows are regencies or provinces, "Kabupaten Pasuruan" is a row, not a total.
TOTAL_PATTERN_REGIONS = r"^(jumlah|total)\b"
_REGION_LEVELS = ("provinsi", "kabupaten_kota")
# Prefixes a name column may carry that the official names of the code list do not.
_NAME_PREFIX = r"^(kecamatan\s+|kec\.\s*|desa\s+|kelurahan\s+|kel\.\s*)"

_DIGITS = "[0-9]"
_SIGN = "[+-]?"


# ---------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class Example:
    row: int  # the "__row" value: the row number in the user's file
    value: str | None  # the raw text
    suggestion: str = ""


@dataclass(frozen=True)
class Problem:
    kind: str
    severity: str
    column: str  # field name; "" for whole-row problems; key columns joined with ", " for primary_key
    message: str
    count: int
    examples: tuple[Example, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "severity": self.severity,
            "column": self.column,
            "message": self.message,
            "count": self.count,
            "examples": [{"row": e.row, "value": e.value, "suggestion": e.suggestion} for e in self.examples],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Problem:
        return cls(
            kind=str(data["kind"]),
            severity=str(data["severity"]),
            column=str(data.get("column") or ""),
            message=str(data.get("message") or ""),
            count=int(data.get("count") or 0),
            examples=tuple(
                Example(
                    row=int(e["row"]),
                    value=None if e.get("value") is None else str(e["value"]),
                    suggestion=str(e.get("suggestion") or ""),
                )
                for e in data.get("examples") or ()
            ),
        )


@dataclass(frozen=True)
class Report:
    rows: int  # data rows checked, totals rows included
    problems: tuple[Problem, ...] = ()
    # Rows recognised as totals: {"__row": n, "<field>": value}; values typed where they converted
    # (dates as ISO text so the report stays JSON), the trimmed text otherwise, None when empty.
    totals: tuple[dict[str, Any], ...] = field(default=())

    @property
    def errors(self) -> int:
        return sum(p.count for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(p.count for p in self.problems if p.severity == "warning")

    @property
    def is_valid(self) -> bool:
        # By error problems rather than by `errors`, so that a problem counting no rows (a pattern
        # DuckDB cannot run on an empty column) still blocks.
        return not any(p.severity == "error" for p in self.problems)

    def to_json(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "errors": self.errors,
            "warnings": self.warnings,
            "is_valid": self.is_valid,
            "problems": [p.to_json() for p in self.problems],
            "totals": [dict(t) for t in self.totals],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Report:
        return cls(
            rows=int(data.get("rows") or 0),
            problems=tuple(Problem.from_json(p) for p in data.get("problems") or ()),
            totals=tuple(dict(t) for t in data.get("totals") or ()),
        )

    def csv_rows(self) -> list[list[str]]:
        """The report as a table for download: a header, then one line per example. A problem
        without examples (a missing column) gets one line with an empty row number, so that every
        problem appears."""
        out = [list(CSV_HEADER)]
        for p in self.problems:
            base = [p.column, KIND_LABELS.get(p.kind, p.kind), SEVERITY_LABELS.get(p.severity, p.severity)]
            if not p.examples:
                out.append(["", *base, "", p.message, ""])
            for e in p.examples:
                # Row 0: the example is not a row of the file (e.g. an unused column's name).
                out.append(
                    [str(e.row) if e.row else "", *base, "" if e.value is None else e.value, p.message, e.suggestion]
                )
        return out


def with_unused_columns(report: Report, unused: Sequence[str]) -> Report:
    """The report with a warning naming the file's columns that no schema column was mapped to
    (they are not stored)."""
    if not unused:
        return report
    problem = Problem(
        kind="unused_column",
        severity="warning",
        column="",
        message=f"Kolom berkas yang tidak dipetakan ke skema dan tidak disimpan: {', '.join(unused)}.",
        count=len(unused),
        examples=tuple(Example(row=0, value=name) for name in unused[:20]),
    )
    return dataclasses.replace(report, problems=(*report.problems, problem))


def pattern_error(pattern: str) -> str | None:
    """Why DuckDB's regular expressions (RE2) cannot run ``pattern``, or None when they can. RE2
    lacks some of Python's syntax (look-arounds, back-references), so a schema is checked with it."""
    con = connect()
    try:
        con.execute("SELECT regexp_full_match('', $p)", {"p": pattern}).fetchall()
    except duckdb.Error as exc:
        return str(exc).split(":", 1)[-1].strip().rstrip(".")
    finally:
        con.close()
    return None


@dataclass(frozen=True)
class Result:
    report: Report
    typed_sql: str


# ---------------------------------------------------------------------------------------------
# SQL building blocks


def _chars(value: str) -> str:
    """A SQL string of ``value`` with its blanks and control characters as chr(n), so that the SQL
    stays readable; DuckDB folds the constant once."""
    parts: list[str] = []
    for ch in value:
        if (ch.isprintable() and not ch.isspace()) or ch == " ":
            if parts and parts[-1].startswith("'"):
                parts[-1] = parts[-1][:-1] + ch.replace("'", "''") + "'"
            else:
                parts.append(sql_str(ch))
        else:
            parts.append(f"chr({ord(ch)})")
    return "(" + " || ".join(parts) + ")" if len(parts) > 1 else parts[0] if parts else "''"


def _match(expr: str, pattern: str) -> str:
    return f"regexp_full_match({expr}, {sql_str(pattern)})"


def _one_of(expr: str, values: Sequence[str]) -> str:
    # Comparisons joined with OR rather than IN or list_contains: DuckDB plans a longer constant list
    # as a join, which no later projection can prune and which costs far more than the comparisons.
    return "(" + " OR ".join(f"{expr} = {sql_str(v)}" for v in values) + ")"


def _trimmed(raw: str) -> str:
    """The cell without surrounding blanks, NULL when nothing is left.

    trim() with a set of characters costs several times a test of the first and last character
    (measured on 1M cells), and almost no cell needs it: only cells starting with a control
    character, a space or a non-ASCII character, or not ending in visible ASCII, are trimmed."""
    needs = f"{raw} < '!' OR {raw} >= {_chars(chr(0x80))} OR NOT regexp_matches({raw}, '[!-~]$')"
    return f"CASE WHEN {needs} THEN NULLIF(trim({raw}, {_chars(_BLANKS)}), '') ELSE {raw} END"


def _compact(x: str) -> str:
    """The cell without the spaces people put inside numbers ("1 234", "1\u00a0234")."""
    out = x
    for ch in (" ", "\u00a0", "\u2007", "\u202f"):
        out = f"replace({out}, {_chars(ch)}, '')"
    return out


def _nil_sql(x: str) -> str:
    return _one_of(f"lower({x})", NIL_TOKENS)


def _integer_sql(s: str) -> str:
    """BIGINT from ``s``, a cell without any spaces; NULL when it is not a whole number.

    An integer column cannot hold decimals, so one separator followed by exactly three digits
    after one to three digits ("1.234", "12,000") is a thousands separator; "12.0"/"12,00" are how
    spreadsheets export whole numbers; several dots ("1.234.567") or commas are thousands.
    """
    d, sg = _DIGITS, _SIGN
    cases = [
        (f"{sg}{d}+", s),
        (f"{sg}{d}{{1,3}}[.,]{d}{{3}}", f"replace(replace({s}, '.', ''), ',', '')"),
        (f"{sg}{d}+[.,]0+", f"split_part(replace({s}, ',', '.'), '.', 1)"),
        (f"{sg}{d}{{1,3}}(\\.{d}{{3}})+", f"replace({s}, '.', '')"),
        (f"{sg}{d}{{1,3}}(,{d}{{3}})+", f"replace({s}, ',', '')"),
        (f"{sg}{d}{{1,3}}(\\.{d}{{3}})*,0+", f"split_part(replace({s}, '.', ''), ',', 1)"),
        (f"{sg}{d}{{1,3}}(,{d}{{3}})*\\.0+", f"split_part(replace({s}, ',', ''), '.', 1)"),
    ]
    whens = " ".join(f"WHEN {_match(s, p)} THEN TRY_CAST({e} AS BIGINT)" for p, e in cases)
    return f"CASE {whens} END"


def _number_sql(s: str) -> str:
    """DOUBLE from ``s``, a cell without any spaces; NULL when it is not a number.

    When a dot and a comma both appear, the last one is the decimal mark ("1.234,56", "1,234.56");
    a single comma or dot alone is a decimal mark ("12,5", "12.5"); several of the same are
    thousands ("1.234.567"). Thousands groups must have three digits, so "1.23.4" is an error.
    """
    d, sg = _DIGITS, _SIGN
    cases = [
        (f"{sg}{d}+", s),
        (f"{sg}{d}+[.,]{d}+", f"replace({s}, ',', '.')"),
        (f"{sg}{d}{{1,3}}(\\.{d}{{3}})+", f"replace({s}, '.', '')"),
        (f"{sg}{d}{{1,3}}(,{d}{{3}})+", f"replace({s}, ',', '')"),
        (f"{sg}{d}{{1,3}}(\\.{d}{{3}})*,{d}+", f"replace(replace({s}, '.', ''), ',', '.')"),
        (f"{sg}{d}{{1,3}}(,{d}{{3}})*\\.{d}+", f"replace({s}, ',', '')"),
        # Spreadsheets write very large or small numbers in scientific notation.
        (f"{sg}{d}+([.,]{d}+)?[eE][+-]?{d}+", f"replace({s}, ',', '.')"),
    ]
    whens = " ".join(f"WHEN {_match(s, p)} THEN TRY_CAST({e} AS DOUBLE)" for p, e in cases)
    return f"CASE {whens} END"


# Plain digits, the form of nearly every numeric cell, converted without the format cascade; 15
# digits fit both BIGINT and DOUBLE exactly.
_PLAIN_DIGITS = "[0-9]{1,15}"


def _raw_convert_sql(f: Field, x: str, s: str, plain: str) -> str:
    """The value of the trimmed cell ``x`` in ``f``'s type, before range checks; NULL when empty or
    not convertible. For numbers, ``plain`` tells that ``x`` is plain digits and ``s`` is ``x``
    without inner spaces (NULL for plain digits and nil tokens)."""
    if f.is_numeric:
        duck = "BIGINT" if f.type in ("integer", "year") else "DOUBLE"
        slow = _integer_sql(s) if duck == "BIGINT" else _number_sql(s)
        return f"CASE WHEN {plain} THEN CAST({x} AS {duck}) WHEN {s} IS NULL THEN NULL ELSE {slow} END"
    if f.type == "boolean":
        yes = _one_of(f"lower({x})", ("ya", "true", "1", "benar"))
        no = _one_of(f"lower({x})", ("tidak", "false", "0", "salah"))
        return f"CASE WHEN {yes} THEN true WHEN {no} THEN false END"
    if f.type == "date":
        # Dispatched on the shape with LIKE, which is cheap, because a failing TRY_CAST to DATE
        # costs ten times a successful one. Years outside 1000-9999 ("1/2/24") are refused later.
        return (
            f"CASE WHEN {x} LIKE '____-%' THEN TRY_CAST({x} AS DATE) "
            f"WHEN contains({x}, '/') THEN CAST(try_strptime({x}, '%d/%m/%Y') AS DATE) "
            f"ELSE CAST(try_strptime({x}, '%d-%m-%Y') AS DATE) END"
        )
    return x


def _finish_sql(f: Field, u: str) -> str:
    """The typed value from the raw conversion ``u``: years and dates within years of four digits,
    finite numbers ("1e999" casts to infinity, which is no figure and not valid JSON)."""
    if f.type == "year":
        return f"CAST(CASE WHEN {u} BETWEEN 1000 AND 9999 THEN {u} END AS INTEGER)"
    if f.type == "number":
        return f"CASE WHEN isfinite({u}) THEN {u} END"
    if f.type == "date":
        return f"CASE WHEN year({u}) BETWEEN 1000 AND 9999 THEN {u} END"
    return u


def _norm_name(expr: str) -> str:
    """A place name for comparison: lower case, single spaces, without "Kecamatan "/"Desa "... prefixes."""
    collapsed = f"lower(regexp_replace({expr}, '\\s+', ' ', 'g'))"
    return f"trim(regexp_replace({collapsed}, {sql_str(_NAME_PREFIX)}, ''))"


def _leading_blank(c: str) -> str:
    """SQL: the raw cell ``c`` starts with a blank (or a non-ASCII character): two comparisons."""
    return f"({c} < '!' OR {c} >= {_chars(chr(0x80))})"


def _total_test(c: str, pattern_text: str = TOTAL_PATTERN) -> str:
    """SQL: the raw cell ``c`` names a total ("Jumlah", "TOTAL", "Kab. Pasuruan"). The pattern is
    anchored at the start, so trailing blanks do not matter and only cells starting with j, k or t
    (or with a blank) need the regex."""
    first = " OR ".join(
        f"({c} >= '{lo}' AND {c} < '{hi}')" for lo, hi in (("J", "L"), ("T", "U"), ("j", "l"), ("t", "u"))
    )
    pattern = sql_str(pattern_text)
    return (
        f"CASE WHEN {first} THEN regexp_matches({c}, {pattern}, 'i') "
        f"WHEN {_leading_blank(c)} THEN regexp_matches(trim({c}, {_chars(_BLANKS)}), {pattern}, 'i') ELSE false END"
    )


def _equals_test(c: str, value: str) -> str:
    """SQL: the raw cell ``c`` equals ``value`` once trimmed. Only a cell starting with a blank, or
    starting with ``value`` followed by a blank, is trimmed; string comparisons find both."""
    v = sql_str(value)
    blank_after = (
        f"({c} > {v} AND {c} < {sql_str(value + '!')}) OR ({c} >= {_chars(value + chr(0x80))} AND prefix({c}, {v}))"
    )
    return (
        f"CASE WHEN {c} = {v} THEN true WHEN {_leading_blank(c)} OR {blank_after} "
        f"THEN trim({c}, {_chars(_BLANKS)}) = {v} ELSE false END"
    )


# ---------------------------------------------------------------------------------------------
# The plan: what each schema field becomes in SQL


@dataclass(frozen=True)
class _Col:
    index: int
    field: Field
    present: bool
    is_period: bool  # the period field, and a period was given: empty cells take the period

    @property
    def c(self) -> str:  # the raw cell
        return f"__c{self.index}"

    @property
    def x(self) -> str:  # trimmed text, NULL when empty
        return f"__x{self.index}"

    @property
    def f(self) -> str:  # the cell has nothing to trim (a cheap test said so)
        return f"__f{self.index}"

    @property
    def n(self) -> str:  # a nil token ("-") in a numeric column
        return f"__n{self.index}"

    @property
    def s(self) -> str:  # numeric text without spaces, for the slow path
        return f"__s{self.index}"

    @property
    def u(self) -> str:  # converted value before range checks
        return f"__u{self.index}"

    @property
    def t(self) -> str:  # typed value (the text itself for strings)
        return f"__t{self.index}" if self.converts else self.x

    @property
    def k(self) -> str:  # the code list's name for the code, NULL when the code is not in the list
        return f"__k{self.index}"

    @property
    def converts(self) -> bool:
        return self.field.type != "string"

    @property
    def missing(self) -> str:
        """SQL: the cell counts as empty."""
        return f"({self.x} IS NULL OR {self.n})" if self.field.is_numeric else f"{self.x} IS NULL"


@dataclass(frozen=True)
class _Plan:
    source: str  # quoted
    code_table: str  # quoted
    cols: tuple[_Col, ...]
    period: str | None
    period_sql: str  # the period as a typed SQL constant ("" when none)
    period_converts: bool  # False: the period itself does not convert to the field's type

    def col(self, name: str) -> _Col:
        return next(c for c in self.cols if c.field.name == name)

    @property
    def present(self) -> list[_Col]:
        return [c for c in self.cols if c.present]

    def total_sql(self) -> tuple[str, str]:
        """The totals-row test and the raw cell that triggered it. Both work on the raw cells, so that
        the test needs none of the trimming."""
        tests: list[tuple[str, str]] = []
        regions = any(c.field.code_ref and c.field.code_ref.wilayah_level in _REGION_LEVELS for c in self.cols)
        pattern = TOTAL_PATTERN_REGIONS if regions else TOTAL_PATTERN
        for c in self.present:
            f = c.field
            if f.type == "string" and (f.role == "dimension" or f.name_of or f.code_ref is not None):
                tests.append((_total_test(c.c, pattern), c.c))
        for c in self.present:
            if c.field.code_ref is not None and c.field.code_ref.parent:
                tests.append((_equals_test(c.c, c.field.code_ref.parent), c.c))
        if not tests:
            return "false", "CAST(NULL AS VARCHAR)"
        flag = " OR ".join(f"coalesce({t}, false)" for t, _ in tests)
        value = "CASE " + " ".join(f"WHEN coalesce({t}, false) THEN {v}" for t, v in tests) + " END"
        return f"({flag})", value

    def prepared_sql(self, lookups: Collection[int] = ()) -> str:
        """A SELECT over the source giving, per present field, the raw and trimmed text, the nil
        flag and the typed value, plus the totals flag: the one place where cells are converted.

        Each level names what the next reads, so that nothing is written (or run) twice, and the
        costly paths (trimming, number formats) run inside CASE, which is lazy, on the few cells
        that need them: a cell of plain digits, a valid code or an allowed value has nothing to
        trim. DuckDB prunes the columns a query does not use.

        ``lookups``: indices of the fields whose code list (a temporary table, joined) or enum
        values (a parameter) serve as that test, for the checks; typed_sql, which has to outlive
        them, goes without. Joins cost, so each query names only the fields it needs."""
        present = self.present
        numeric = [c for c in present if c.field.is_numeric]
        converted = [c for c in present if c.converts]
        need = set(lookups)
        for c in present:
            if c.index in need and c.field.name_of:
                need.add(self.col(c.field.name_of).index)
        codes = [c for c in present if c.field.code_ref is not None and c.index in need]
        flag, value = self.total_sql()

        def lookup(alias: str, c: _Col, on: str) -> str:
            table = f"(SELECT code, name FROM {self.code_table} WHERE fid = {c.index:d})"
            return f"LEFT JOIN {table} {alias} ON {alias}.code = {on}"

        # Level 2: per cell, where a cheap test can tell, that it has nothing to trim.
        clean: dict[int, str] = {}
        for c in present:
            if c.field.is_numeric:
                clean[c.index] = f"coalesce({_match(c.c, _PLAIN_DIGITS)}, false)"
            elif c.field.type == "date":  # starts and ends with a digit (comparisons, cheaper than a regex)
                clean[c.index] = f"coalesce({c.c} >= '0' AND {c.c} < ':' AND {c.c}[-1] BETWEEN '0' AND '9', false)"
        for c in codes:
            clean[c.index] = f"__a{c.index}.code IS NOT NULL"
        for c in present:
            if c.index not in need:
                continue
            target = self.col(c.field.name_of) if c.field.name_of else None
            if target is not None and target in codes:
                clean[c.index] = f"coalesce({c.c} = __a{target.index}.name, false)"
            elif c.field.enum and not c.converts:
                clean[c.index] = f"coalesce(list_contains($enum{c.index:d}, {c.c}), false)"
        level2 = ["*"] + [f"{test} AS __f{i}" for i, test in clean.items()]
        level2 += [f"__a{c.index}.name AS __k1_{c.index}" for c in codes]
        # Level 3: the trimmed text.
        level3 = ["*"] + [
            f"CASE WHEN {c.f} THEN {c.c} ELSE {_trimmed(c.c)} END AS {c.x}"
            if c.index in clean
            else f"{_trimmed(c.c)} AS {c.x}"
            for c in present
        ]
        # Level 4: codes that only match once trimmed; nil tokens.
        level4 = ["*"] + [f"coalesce(__k1_{c.index}, __b{c.index}.name) AS {c.k}" for c in codes]
        level4 += [
            f"CASE WHEN {c.f} OR {c.x} IS NULL OR strlen({c.x}) > 3 THEN false ELSE {_nil_sql(c.x)} END AS {c.n}"
            for c in numeric
        ]
        level5 = ["*"] + [f"CASE WHEN {c.f} OR {c.n} THEN NULL ELSE {_compact(c.x)} END AS {c.s}" for c in numeric]
        level6 = ["*"] + [f"{_raw_convert_sql(c.field, c.x, c.s, c.f)} AS {c.u}" for c in converted]
        level7 = ["*"] + [f"{_finish_sql(c.field, c.u)} AS {c.t}" for c in converted]
        level7 += [f"{flag} AS __tot", f"{value} AS __totv"]
        levels = [
            ([quote_ident(ROW), *[f"CAST({quote_ident(c.field.name)} AS VARCHAR) AS {c.c}" for c in present]], []),
            (level2, [lookup(f"__a{c.index}", c, c.c) for c in codes]),
            (level3, []),
            (level4, [lookup(f"__b{c.index}", c, f"CASE WHEN NOT {c.f} THEN {c.x} END") for c in codes]),
            (level5, []),
            (level6, []),
            (level7, []),
        ]
        sql = self.source
        for i, (columns, joins) in enumerate(levels):
            # Named levels, so that "*" means the previous level alone, not the joined code lists.
            names = ", ".join(f"__l{i}.*" if col == "*" else col for col in columns)
            sql = " ".join([f"(SELECT {names} FROM {sql} __l{i}", *joins]) + ")"
        return sql[1:-1]

    def period_text(self) -> str:
        return sql_str(self.period or "")

    def key_sql(self, c: _Col, all_typed: bool) -> tuple[list[str], str, str]:
        """What makes two cells the same value for unique and primary-key checks, as grouping
        expressions; the SQL telling the value is present; and the text shown for it.

        The typed value where it converted ("2024.0" equals "2024"), else the text (``all_typed``:
        every cell converted, so the typed value alone will do); the period where the period
        field is empty."""
        if not c.present:  # only the period field gets here: it is filled with the period
            return [self.period_text()], "true", self.period_text()
        if c.is_period:
            typed = f"coalesce(CAST({c.t} AS VARCHAR), {c.x})" if c.converts else c.x
            value = f"CASE WHEN {c.missing} THEN CAST({self.period_sql} AS VARCHAR) ELSE {typed} END"
            return [value], "true", f"coalesce({c.x}, {self.period_text()})"
        if c.converts:
            exprs = [c.t] if all_typed else [c.t, f"CASE WHEN {c.t} IS NULL THEN {c.x} END"]
            return exprs, f"NOT {c.missing}", c.x
        return [c.x], f"{c.x} IS NOT NULL", c.x

    def output_sql(self, c: _Col, typed: bool) -> str:
        """The stored column for ``c``: typed, or the trimmed text when some cell did not convert."""
        name = quote_ident(c.field.name)
        duck = c.field.duckdb_type if typed else "VARCHAR"
        fill = (self.period_sql if typed else self.period_text()) if c.is_period else ""
        if not c.present:
            return f"CAST({fill or 'NULL'} AS {duck}) AS {name}"
        value = c.t if typed else c.x
        if fill:
            value = f"CASE WHEN {c.missing} THEN {fill} ELSE {value} END" if typed else f"coalesce({value}, {fill})"
        return f"CAST({value} AS {duck}) AS {name}"


def _label(f: Field) -> str:
    return f"{f.title} ({f.name})" if f.title and f.title != f.name else f.name


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _list_values(values: Sequence[str], total: int, noun: str) -> str:
    """ "A, B dan C" or "A, B, C dan 4 kode lain": the distinct values named in a message."""
    shown = list(values[:3])
    rest = total - len(shown)
    if rest > 0:
        return f"{', '.join(shown)} dan {rest} {noun} lain"
    if len(shown) == 1:
        return shown[0]
    return f"{', '.join(shown[:-1])} dan {shown[-1]}"


# ---------------------------------------------------------------------------------------------
# Checks


@dataclass
class _Check:
    """A check of single cells: a condition over the joined prepared SELECT."""

    kind: str
    severity: str
    col: _Col | None
    message: str
    condition: str
    value: str = ""  # SQL for the example value; the raw cell when empty
    distinct: str = ""  # SQL whose distinct values the message names (codes, periods)
    hint: str = ""  # SQL for the suggestion of an example
    with_examples: bool = True
    count: int = 0
    distinct_count: int = 0
    first_values: list[str] = field(default_factory=list)  # distinct ``distinct`` values of the first rows
    examples: list[Example] = field(default_factory=list)

    @property
    def column(self) -> str:
        return self.col.field.name if self.col else ""


def _checks(plan: _Plan, schema: TableSchema, params: dict[str, Any], con: duckdb.DuckDBPyConnection) -> list[_Check]:
    checks: list[_Check] = []
    key_names = set(schema.primary_key)
    live = "NOT __tot"
    for c in plan.present:
        f = c.field
        label = _label(f)
        if c.converts:
            hint = _TYPE_HINTS.get(f.type, "")
            message = f"Nilai bukan {TYPE_NAMES[f.type]}{hint} pada kolom {label}."
            checks.append(_Check("type", "error", c, message, f"{live} AND NOT {c.missing} AND {c.t} IS NULL"))
        if f.is_numeric:
            message = f"Tanda kosong ('-', '…', 'n/a') dibaca sebagai sel kosong pada kolom {label}."
            checks.append(_Check("type", "warning", c, message, f"{live} AND {c.n}"))
        # Table Schema: primary-key fields are implicitly required.
        if (f.required or f.name in key_names) and not c.is_period:
            checks.append(
                _Check("required", "error", c, f"Nilai kosong pada kolom wajib {label}.", f"{live} AND {c.missing}")
            )
        if c.is_period:
            if plan.period_converts:
                cond = f"{live} AND {c.t} IS NOT NULL AND {c.t} <> {plan.period_sql}"
            else:
                cond = f"{live} AND {c.x} IS NOT NULL AND {c.x} <> {plan.period_text()}"
            checks.append(_Check("period", "error", c, "", cond, distinct=c.x))
        if f.code_ref is not None:
            checks.append(
                _Check("code", "error", c, "", f"{live} AND {c.x} IS NOT NULL AND {c.k} IS NULL", distinct=c.x)
            )
        if f.name_of:
            target = plan.col(f.name_of)
            if target.present:
                # Cheap equalities first (CASE is lazy), the normalising regexes only for the rest.
                differs = (
                    f"CASE WHEN {c.x} = {target.k} OR lower({c.x}) = lower({target.k}) THEN false "
                    f"ELSE {_norm_name(c.x)} <> {_norm_name(target.k)} END"
                )
                cond = f"{live} AND {c.x} IS NOT NULL AND {target.k} IS NOT NULL AND {differs}"
                message = f"Nama pada kolom {label} tidak sesuai dengan kode di kolom {_label(target.field)}."
                checks.append(_Check("name_mismatch", "error", c, message, cond, hint=target.k))
        if f.enum:
            name = f"enum{c.index}"
            if c.converts:
                # Enum values are written as text in the schema; compare them converted like the cells.
                params[name] = sorted({v for v in _convert_texts(con, f, f.enum) if v is not None})
                cond = f"{live} AND {c.t} IS NOT NULL AND NOT list_contains(${name}, CAST({c.t} AS VARCHAR))"
            else:
                params[name] = list(f.enum)
                cond = f"{live} AND {c.x} IS NOT NULL AND NOT list_contains(${name}, {c.x})"
            message = f"Nilai tidak termasuk pilihan yang diizinkan ({', '.join(f.enum)}) pada kolom {label}."
            checks.append(_Check("enum", "error", c, message, cond))
        if f.pattern:
            name = f"pattern{c.index}"
            try:
                con.execute("SELECT regexp_full_match('', $p)", {"p": f.pattern}).fetchall()
            except duckdb.Error as exc:
                # RE2 lacks some of Python's syntax (look-arounds, back-references): say so, count
                # the cells left unchecked, and go on with the other checks.
                reason = str(exc).split(":", 1)[-1].strip().rstrip(".")
                message = f"Pola (pattern) {f.pattern} pada kolom {label} tidak dapat diperiksa: {reason}."
                checks.append(
                    _Check("pattern", "error", c, message, f"{live} AND {c.x} IS NOT NULL", with_examples=False)
                )
            else:
                params[name] = f.pattern
                message = f"Nilai tidak sesuai pola {f.pattern} pada kolom {label}."
                cond = f"{live} AND {c.x} IS NOT NULL AND NOT regexp_full_match({c.x}, ${name})"
                checks.append(_Check("pattern", "error", c, message, cond))
        if f.minimum is not None:
            message = f"Nilai lebih kecil dari minimum {_plain(f.minimum)} pada kolom {label}."
            checks.append(_Check("minimum", "error", c, message, f"{live} AND {c.t} < {f.minimum!r}"))
        if f.maximum is not None:
            message = f"Nilai lebih besar dari maksimum {_plain(f.maximum)} pada kolom {label}."
            checks.append(_Check("maximum", "error", c, message, f"{live} AND {c.t} > {f.maximum!r}"))
    message = "Baris jumlah/total dikenali dan tidak disimpan sebagai data; nilainya dipakai untuk rekonsiliasi."
    checks.append(_Check("total_row", "warning", None, message, "__tot", value="__totv"))
    return checks


# ---------------------------------------------------------------------------------------------
# Validation


def _convert_texts(con: duckdb.DuckDBPyConnection, f: Field, values: Sequence[str]) -> list[str | None]:
    """``values`` converted to ``f``'s type exactly as cells are (then written as text); None where
    they do not convert. For the period and the enum values of non-text fields."""
    col = _Col(index=0, field=f, present=True, is_period=False)
    source = f"(SELECT $v[i] AS {quote_ident(f.name)}, i AS {quote_ident(ROW)} FROM range(1, len($v) + 1) t(i))"
    plan = _Plan(source=source, code_table="", cols=(col,), period=None, period_sql="", period_converts=True)
    sql = f"SELECT CAST({col.t} AS VARCHAR) FROM ({plan.prepared_sql()}) ORDER BY {quote_ident(ROW)}"
    return [None if r[0] is None else str(r[0]) for r in con.execute(sql, {"v": list(values)}).fetchall()]


def _source_columns(con: duckdb.DuckDBPyConnection, source: str) -> list[str]:
    cursor = con.execute(f"SELECT * FROM {source} LIMIT 0")
    return [d[0] for d in cursor.description or ()]


def _load_codes(con: duckdb.DuckDBPyConnection, plan: _Plan, codes: Mapping[str, Mapping[str, str]]) -> None:
    fids: list[int] = []
    values: list[str] = []
    names: list[str] = []
    for c in plan.present:
        if c.field.code_ref is None:
            continue
        if c.field.name not in codes:
            raise ValueError(f"Daftar kode untuk kolom {c.field.name} tidak diberikan.")
        for code, name in codes[c.field.name].items():
            fids.append(c.index)
            values.append(str(code))
            names.append("" if name is None else str(name))
    con.execute(f"CREATE TEMP TABLE {plan.code_table} (fid INTEGER, code VARCHAR, name VARCHAR)")
    if fids:
        con.execute(
            f"INSERT INTO {plan.code_table} SELECT unnest($f), unnest($c), unnest($n)",
            {"f": fids, "c": values, "n": names},
        )


def validate(
    con: duckdb.DuckDBPyConnection,
    source: str,
    schema: TableSchema,
    *,
    codes: Mapping[str, Mapping[str, str]],
    period: str | None = None,
    max_examples: int = 20,
) -> Result:
    """Check the text table ``source`` (a table name; it is quoted here) against ``schema``.

    ``codes``: for each field with a code list, its valid codes → names. ``period``: the version's
    period, which fills the period field and which its values must equal.

    Cells are trimmed (spaces, tabs, line breaks, non-breaking spaces) and empty ones are missing;
    in numeric columns nil tokens ("-", "n/a", ...) are missing too, so a required numeric column
    reports them. Primary-key fields are required, as Table Schema says. Totals rows ("Jumlah",
    "Kabupaten ...", the parent code) are set aside before any other check. Raises ValueError when
    ``source`` has no "__row" column or ``codes`` lacks a code column present in ``source``.
    """
    if max_examples < 0:
        raise ValueError("max_examples tidak boleh negatif.")
    src = quote_ident(source)
    present = set(_source_columns(con, src))
    if ROW not in present:
        raise ValueError(f'Tabel {source} tidak memiliki kolom "{ROW}".')
    period_field = schema.period_field if period is not None else None
    cols = tuple(
        _Col(index=i, field=f, present=f.name in present, is_period=period_field is not None and f is period_field)
        for i, f in enumerate(schema.fields)
    )
    period_sql, period_converts = "", True
    if period is not None and period_field is not None:
        converted = _convert_texts(con, period_field, [period])[0]
        period_converts = converted is not None
        # A plain constant (the period converted like the cells are), which keeps typed_sql readable.
        duck = period_field.duckdb_type if period_converts else "VARCHAR"
        period_sql = f"CAST({sql_str(period if converted is None else converted)} AS {duck})"
    # A random name, so that validations can run one after another (or interleaved) on one connection.
    plan = _Plan(
        source=src,
        code_table=quote_ident(f"__validasi_kode_{secrets.token_hex(8)}"),
        cols=cols,
        period=period,
        period_sql=period_sql,
        period_converts=period_converts,
    )
    try:
        _load_codes(con, plan, codes)
        params: dict[str, Any] = {}
        checks = _checks(plan, schema, params, con)
        report, typed = _run(con, plan, schema, checks, params, max_examples)
    finally:
        con.execute(f"DROP TABLE IF EXISTS {plan.code_table}")
    outputs = ", ".join(plan.output_sql(c, typed.get(c.index, True)) for c in cols)
    typed_sql = f"SELECT {outputs} FROM ({plan.prepared_sql()}) WHERE NOT __tot ORDER BY {quote_ident(ROW)}"
    return Result(report=report, typed_sql=typed_sql)


def _used_params(sql: str, params: Mapping[str, Any]) -> dict[str, Any]:
    # DuckDB refuses named parameters a statement does not use.
    return {k: v for k, v in params.items() if re.search(rf"\${k}\b", sql)}


def _run(
    con: duckdb.DuckDBPyConnection,
    plan: _Plan,
    schema: TableSchema,
    checks: list[_Check],
    params: dict[str, Any],
    max_examples: int,
) -> tuple[Report, dict[int, bool]]:
    """Run every cell check in one pass; returns the report and, per field index, whether its
    stored column can be typed."""
    row = con.execute(f"SELECT count(*) FROM {plan.source}").fetchone()
    rows = int(row[0]) if row else 0
    totals = _scan(con, plan, checks, params, max_examples)

    typed = {
        ch.col.index: False for ch in checks if ch.col and ch.kind == "type" and ch.severity == "error" and ch.count
    }
    for c in plan.cols:
        if c.is_period and not plan.period_converts:
            typed[c.index] = False

    problems: list[Problem] = []
    for c in plan.cols:
        # Table Schema: primary-key fields are implicitly required.
        if not c.present and (c.field.required or c.field.name in schema.primary_key) and not c.is_period:
            message = f"Kolom wajib {_label(c.field)} tidak ada di berkas."
            problems.append(Problem("missing_column", "error", c.field.name, message, rows))
    failing = [ch for ch in checks if ch.count]
    _describe(con, plan, failing)
    problems += [Problem(ch.kind, ch.severity, ch.column, ch.message, ch.count, tuple(ch.examples)) for ch in failing]
    problems += _duplicates(con, plan, schema, params, typed, max_examples)

    order = {c.field.name: c.index for c in plan.cols}

    def sort_key(p: Problem) -> tuple[int, int, int]:
        first = p.column.split(", ")[0]
        return (SEVERITIES.index(p.severity), order.get(first, len(order)), KINDS.index(p.kind))

    problems.sort(key=sort_key)
    return Report(rows=rows, problems=tuple(problems), totals=totals), typed


def _scan(
    con: duckdb.DuckDBPyConnection, plan: _Plan, checks: list[_Check], params: dict[str, Any], max_examples: int
) -> tuple[dict[str, Any], ...]:
    """Every cell check in one pass over the data. The rows failing any check become one row per
    (check, row), grouped by check: the count, the number of distinct values, the first rows
    (min_by with a count, which keeps the smallest row numbers without sorting everything) and,
    for the totals check, every row with its values. Fills in the checks and returns the totals
    rows."""

    def by_check(sql: list[str]) -> str:
        whens = " ".join(f"WHEN {i:d} THEN {e}" for i, e in enumerate(sql) if e)
        return f"CAST(CASE __chk {whens} END AS VARCHAR)" if whens else "CAST(NULL AS VARCHAR)"

    # The example value is the raw cell of the check's column, or the check's own SQL (totals rows).
    value = by_check([ch.value or (ch.col.c if ch.col else "") for ch in checks])
    distinct = by_check([ch.distinct for ch in checks])
    hint = by_check([ch.hint for ch in checks])
    flags = ", ".join(f"CASE WHEN {ch.condition} THEN {i:d} END" for i, ch in enumerate(checks))
    failing = " OR ".join(f"({ch.condition})" for ch in checks)  # NULL is as good as false in WHERE
    total_id = next(i for i, ch in enumerate(checks) if ch.kind == "total_row")
    cells = []
    for c in plan.present:
        cells += [c.x, c.t if c.converts else "NULL", c.n if c.field.is_numeric else "false"]
    prepared = plan.prepared_sql([c.index for c in plan.present])
    pairs = f"SELECT *, unnest(list_distinct([{flags}])) AS __chk FROM ({prepared}) WHERE {failing}"
    packed = ", ".join([f"r := {quote_ident(ROW)}", *(f"tc{i} := {e}" for i, e in enumerate(cells))])
    labelled = (
        f"SELECT __chk, {quote_ident(ROW)} AS r, {value} AS v, {distinct} AS d, {hint} AS hint, "
        f"CASE WHEN __chk = {total_id:d} THEN struct_pack({packed}) END AS cells FROM ({pairs})"
    )
    # At least three first rows per check, whose values the messages of codes and periods name.
    sql = (
        "SELECT __chk, count(*), count(DISTINCT d), "
        f"min_by(struct_pack(r := r, v := v, d := d, hint := hint), r, {max(max_examples, 3):d}), "
        "list(cells ORDER BY r) FILTER (WHERE cells IS NOT NULL) "
        f"FROM ({labelled}) GROUP BY __chk ORDER BY __chk"
    )
    found = con.execute(sql, _used_params(sql, params)).fetchall()
    rows: list[dict[str, Any]] = []
    for chk, count, distinct_count, firsts, cells_of_totals in found:
        ch = checks[int(chk)]
        ch.count, ch.distinct_count = int(count), int(distinct_count)
        for first in sorted(firsts, key=lambda f: int(f["r"])):
            if first["d"] is not None and first["d"] not in ch.first_values:
                ch.first_values.append(str(first["d"]))
            if ch.with_examples and len(ch.examples) < max_examples:
                ch.examples.append(Example(int(first["r"]), _text(first["v"]), _text(first["hint"]) or ""))
        for item in cells_of_totals or ():
            rows.append(_total_row(plan, int(item["r"]), [item[f"tc{i}"] for i in range(len(cells))]))
    return tuple(rows)


def _total_row(plan: _Plan, row: int, values: Sequence[Any]) -> dict[str, Any]:
    """A totals row as the report keeps it: typed values where they converted, else the text; dates
    as ISO text so that the report stays JSON."""
    item: dict[str, Any] = {ROW: row, **{c.field.name: None for c in plan.cols}}
    for i, c in enumerate(plan.present):
        x, t, nil = values[3 * i : 3 * i + 3]
        value = x if not c.converts or t is None else t
        item[c.field.name] = None if nil else value.isoformat() if isinstance(value, dt.date) else value
    return item


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _describe(con: duckdb.DuckDBPyConnection, plan: _Plan, failing: list[_Check]) -> None:
    """Messages that name the offending values, and suggestions for codes and enum values."""
    for ch in failing:
        if ch.col is None:
            continue
        f = ch.col.field
        if ch.kind in ("code", "period"):
            shown = ch.first_values
            if ch.kind == "period":
                listed = _list_values(shown, ch.distinct_count, "nilai")
                ch.message = f"Nilai periode {listed} berbeda dengan periode versi ini ({plan.period})."
            else:
                assert f.code_ref is not None
                listed = _list_values(shown, ch.distinct_count, "kode")
                ch.message = f"Kode {listed} tidak ada dalam {f.code_ref.describe()}."
                _suggest_codes(con, plan, ch)
        elif ch.kind == "enum" and not ch.col.converts:
            options = {v.casefold(): v for v in reversed(f.enum)}
            ch.examples = [
                Example(e.row, e.value, options.get((e.value or "").strip(_BLANKS).casefold(), "")) for e in ch.examples
            ]


def _suggest_codes(con: duckdb.DuckDBPyConnection, plan: _Plan, ch: _Check) -> None:
    """Up to three nearest valid codes for the distinct bad values among the examples: first a code
    that is the value with its dots removed or misplaced ("351401"), then by edit distance."""
    assert ch.col is not None
    bad = sorted({(e.value or "").strip(_BLANKS) for e in ch.examples} - {""})
    if not bad:
        return
    same = "replace(code, '.', '') = replace(b, '.', '')"
    rows = con.execute(
        f"SELECT b, code, name FROM (SELECT unnest($bad) AS b) JOIN {plan.code_table} ON fid = $fid "
        f"QUALIFY row_number() OVER (PARTITION BY b ORDER BY {same} DESC, levenshtein(b, code), code) <= 3 "
        f"ORDER BY b, {same} DESC, levenshtein(b, code), code",
        {"bad": bad, "fid": ch.col.index},
    ).fetchall()
    hints: dict[str, list[str]] = {}
    for b, code, name in rows:
        hints.setdefault(b, []).append(f"{code} ({name})" if name else str(code))
    ch.examples = [
        Example(e.row, e.value, ", ".join(hints.get((e.value or "").strip(_BLANKS), []))) for e in ch.examples
    ]


_KEY_SEPARATOR = " || ' | ' || "


def _duplicates(
    con: duckdb.DuckDBPyConnection,
    plan: _Plan,
    schema: TableSchema,
    params: dict[str, Any],
    typed: Mapping[int, bool],
    max_examples: int,
) -> list[Problem]:
    """Unique fields and the primary key: every row whose value (combination) another row shares.
    Empty cells take no part (Table Schema), except in the period field, which the period fills.
    ``typed``: per field index, False when some cell did not convert."""
    groups: list[tuple[str, list[_Col], str]] = []
    for c in plan.present:
        if c.field.unique:
            groups.append(("unique", [c], f"Nilai ganda pada kolom {_label(c.field)}; setiap nilai harus unik."))
    if schema.primary_key:
        key = [plan.col(n) for n in schema.primary_key]
        # An absent key column is already a missing_column error; the combination means nothing then.
        if all(c.present or c.is_period for c in key):
            labels = ", ".join(_label(c.field) for c in key)
            groups.append(("primary_key", key, f"Kombinasi nilai kunci utama {labels} muncul lebih dari sekali."))
    problems: list[Problem] = []
    without_duplicates: set[int] = set()
    for kind, key, message in groups:
        if kind == "primary_key" and without_duplicates & {c.index for c in key}:
            # A key column without duplicates (and key columns are never empty) makes the key unique.
            continue
        exprs: list[str] = []
        present: list[str] = []
        shown: list[str] = []
        for c in key:
            e, p, s = plan.key_sql(c, typed.get(c.index, True))
            exprs += e
            present.append(p)
            shown.append(f"coalesce({s}, '')")
        names = [f"__key{i}" for i in range(len(exprs))]
        # The raw cell for a unique column, as for every other column problem; the key text for a key.
        raw = key[0].c if kind == "unique" else "NULL"
        keyed = (
            f"SELECT {quote_ident(ROW)} AS r, {_KEY_SEPARATOR.join(shown)} AS shown, {raw} AS raw, "
            + ", ".join(f"{e} AS {n}" for e, n in zip(exprs, names, strict=True))
            + f" FROM ({plan.prepared_sql([c.index for c in key])}) WHERE NOT __tot AND {' AND '.join(present)}"
        )
        groups_sql = (
            f"SELECT {', '.join(names)}, min(r, 4) AS firsts FROM k GROUP BY {', '.join(names)} HAVING count(*) > 1"
        )
        # A clean table (the usual case) costs one grouping; rows are only looked up when needed.
        grouped = f"SELECT 1 FROM k GROUP BY {', '.join(names)} HAVING count(*) > 1"
        sql = f"WITH k AS ({keyed}) SELECT count(*) FROM ({grouped})"
        row = con.execute(sql, _used_params(sql, params)).fetchone()
        if not row or not row[0]:
            if kind == "unique":
                without_duplicates.add(key[0].index)
            continue
        on = " AND ".join(f"k.{n} IS NOT DISTINCT FROM d.{n}" for n in names)
        sql = (
            f"WITH k AS ({keyed}), d AS ({groups_sql}) SELECT count(*) OVER (), k.r, k.shown, d.firsts, k.raw "
            f"FROM k JOIN d ON {on} ORDER BY k.r LIMIT {max(max_examples, 1):d}"
        )
        found = con.execute(sql, _used_params(sql, params)).fetchall()
        examples = []
        for _, r, shown_value, firsts, raw in found[:max_examples]:
            others = [str(x) for x in sorted(firsts) if x != r][:3]
            value = raw if kind == "unique" else shown_value
            examples.append(Example(int(r), _text(value), "sama dengan baris " + ", ".join(others)))
        column = ", ".join(c.field.name for c in key)
        problems.append(Problem(kind, "error", column, message, int(found[0][0]), tuple(examples)))
    return problems


__all__ = ["KINDS", "Example", "Problem", "Report", "Result", "validate"]
