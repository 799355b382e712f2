"""``datastore_search``: the rows of a resource, as CKAN's DataStore serves them, read from the
store (every resource of a dataset serves its current release's rows).

Each row's ``_id`` is its position in the release (``__rownum + 1``), so it is stable for a release
and keyset paging by ``_id`` (CKAN 2.12's ``next_page``) is exact. Column types are named as
PostgreSQL names them, because clients map those names to their own types."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NotRequired, TypedDict
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from satudata.api.ckan.errors import ValidationError
from satudata.api.ckan.params import Params
from satudata.datasets.models import Dataset
from satudata.store import engine

ROWS_DEFAULT = 100
ROWS_MAX = 32000
ID = "_id"
OPERATORS = ("eq", "in", "gt", "gte", "lt", "lte")
# Guards against a request that would build an enormous SQL condition.
MAX_CONDITIONS = 200
MAX_DEPTH = 8
MAX_WORDS = 10

PARAMETERS = {
    "resource_id", "id", "filters", "q", "full_text", "plain", "language", "limit", "offset", "fields", "sort",
    "distinct", "include_total", "total_estimation_threshold", "records_format", "include_next_page",
}  # fmt: skip
RECORDS_FORMATS = ("objects", "lists", "csv", "tsv")
# Table Schema type → PostgreSQL type name (what CKAN's DataStore reports).
PG_TYPES = {"string": "text", "integer": "int8", "number": "numeric", "boolean": "bool", "date": "date",
            "year": "int4"}  # fmt: skip
# For a column the current schema does not describe (an older release's column).
PG_TYPES_OF_STORE = {"VARCHAR": "text", "BIGINT": "int8", "INTEGER": "int4", "SMALLINT": "int2", "DOUBLE": "numeric",
                     "FLOAT": "numeric", "BOOLEAN": "bool", "DATE": "date", "TIMESTAMP": "timestamp",
                     "TIMESTAMP WITH TIME ZONE": "timestamptz", "TIME": "time"}  # fmt: skip


class FieldInfo(TypedDict):
    label: str
    notes: str


class FieldDict(TypedDict):
    id: str
    type: str
    info: NotRequired[FieldInfo]


@dataclass(frozen=True)
class Column:
    id: str  # as the API names it: "_id" or the column's name
    type: str  # PostgreSQL's name
    info: FieldInfo | None = None

    @property
    def store_name(self) -> str:
        return engine.ROWNUM if self.id == ID else self.id

    @property
    def is_text(self) -> bool:
        return self.type == "text"

    def as_dict(self) -> FieldDict:
        out: FieldDict = {"id": self.id, "type": self.type}
        if self.info is not None:
            out["info"] = self.info
        return out


def columns_of(dataset: Dataset, file_key: str) -> dict[str, Column]:
    """``_id`` first, then the release's columns in their order."""
    schema = dataset.current_schema
    described = {f.name: f for f in schema.table_schema.fields} if schema else {}
    columns = {ID: Column(ID, "int")}
    for name, store_type in engine.schema(file_key).items():
        field = described.get(name)
        if field is None:
            columns[name] = Column(name, PG_TYPES_OF_STORE.get(store_type.upper(), "text"))
            continue
        notes = " ".join(part for part in (field.description, f"Satuan: {field.unit}." if field.unit else "") if part)
        columns[name] = Column(name, PG_TYPES[field.type], {"label": field.label, "notes": notes})
    return columns


# ---------------------------------------------------------------------------------------------
# The request


@dataclass(frozen=True)
class DatastoreQuery:
    conditions: list[engine.Condition]
    selected: list[Column]
    sort: list[tuple[str, str]]  # store column names
    limit: int
    offset: int
    include_total: bool
    records_format: str
    include_next_page: bool

    @property
    def sorted_by_id(self) -> bool:
        return not self.sort or self.sort == [(engine.ROWNUM, "asc")]


def check_parameters(params: Params) -> None:
    unknown = params.unknown(PARAMETERS)
    if unknown:
        raise ValidationError({name: ["Parameter ini tidak dikenal oleh datastore_search."] for name in unknown})
    if params.boolean("distinct", False):
        raise ValidationError.on("distinct", "distinct belum didukung di portal ini.")
    _threshold(params)
    params.boolean("plain", True)
    params.text("language")


def parse_query(params: Params, columns: dict[str, Column]) -> DatastoreQuery:
    records_format = params.text("records_format", "objects")
    if records_format not in RECORDS_FORMATS:
        raise ValidationError.on("records_format", f"Harus salah satu dari: {', '.join(RECORDS_FORMATS)}.")
    conditions = filter_conditions(params.json_value("filters"), columns)
    conditions += q_conditions(_q(params), columns, "q")
    conditions += q_conditions(params.raw("full_text"), columns, "full_text")
    return DatastoreQuery(
        conditions=conditions,
        selected=_selected(params.string_list("fields"), columns),
        sort=_sort(params, columns),
        limit=params.integer("limit", ROWS_DEFAULT, maximum=ROWS_MAX),
        offset=params.integer("offset", 0),
        include_total=params.boolean("include_total", True),
        records_format=records_format,
        include_next_page=params.boolean("include_next_page", False),
    )


def _q(params: Params) -> object:
    """Text, or an object (JSON text on GET)."""
    raw = params.raw("q")
    return params.json_value("q") if isinstance(raw, str) and raw.lstrip().startswith("{") else raw


def _threshold(params: Params) -> int | None:
    """Accepted for CKAN 2.11's clients; totals here are always exact."""
    if params.raw("total_estimation_threshold") in (None, ""):
        return None
    return params.integer("total_estimation_threshold", 0, minimum=-(2**31))


def _column(name: object, columns: dict[str, Column], param: str) -> Column:
    column = columns.get(name) if isinstance(name, str) else None
    if column is None:
        raise ValidationError.on(param, f"Kolom “{name}” tidak ada di resource ini; yang ada: {', '.join(columns)}.")
    return column


def _selected(names: list[str] | None, columns: dict[str, Column]) -> list[Column]:
    if names is None:
        return list(columns.values())
    if not names:
        raise ValidationError.on("fields", "Sebutkan sedikitnya satu kolom.")
    return [_column(name, columns, "fields") for name in dict.fromkeys(names)]


def _sort(params: Params, columns: dict[str, Column]) -> list[tuple[str, str]]:
    """``"tahun desc, kode_kecamatan"`` or a list of such parts; names may be in double quotes."""
    value = params.raw("sort")
    if value is None or value == "":
        return []
    parts = value.split(",") if isinstance(value, str) else value
    if not isinstance(parts, list) or not all(isinstance(p, str) for p in parts):
        raise ValidationError.on("sort", 'Harus teks seperti "tahun desc, kode_kecamatan".')
    out: list[tuple[str, str]] = []
    for part in (p.strip() for p in parts if p.strip()):
        name, _, direction = part.rpartition(" ") if part.lower().endswith((" asc", " desc")) else (part, "", "asc")
        column = _column(name.strip().strip('"'), columns, "sort")
        out.append((column.store_name, direction.lower()))
    return out


def filter_conditions(filters: object, columns: dict[str, Column], depth: int = 0) -> list[engine.Condition]:
    """CKAN 2.12's filters: ``{"col": value}`` (a list means any of), ``{"col": {"gte": 1,
    "lt": 5}}``, and ``{"$or": [filters, …]}`` / ``{"$and": [filters, …]}`` nested."""
    if filters is None:
        return []
    if depth > MAX_DEPTH:
        raise ValidationError.on("filters", f"$or/$and bersarang lebih dari {MAX_DEPTH} tingkat.")
    if not isinstance(filters, Mapping):
        raise ValidationError.on("filters", 'Harus objek JSON, mis. {"tahun": 2024} atau {"tahun": {"gte": 2020}}.')
    conditions: list[engine.Condition] = []
    for key, value in filters.items():
        if key in ("$or", "$and"):
            conditions.append(_group(key, value, columns, depth))
        else:
            conditions += _column_conditions(_column(key, columns, "filters"), value)
    if _size(conditions) > MAX_CONDITIONS:
        raise ValidationError.on("filters", f"Terlalu banyak syarat (lebih dari {MAX_CONDITIONS}).")
    return conditions


def _group(key: str, value: object, columns: dict[str, Column], depth: int) -> engine.Condition:
    if not isinstance(value, list):
        raise ValidationError.on("filters", f"{key} harus berupa daftar objek filter.")
    members = tuple(engine.AllOf(tuple(filter_conditions(item, columns, depth + 1))) for item in value)
    return engine.AnyOf(members) if key == "$or" else engine.AllOf(members)


def _size(conditions: list[engine.Condition]) -> int:
    return sum(_size(list(c.conditions)) if isinstance(c, engine.AnyOf | engine.AllOf) else 1 for c in conditions)


def _column_conditions(column: Column, value: object) -> list[engine.Condition]:
    if isinstance(value, Mapping):
        if not value:
            raise ValidationError.on("filters", f"Operator untuk kolom “{column.id}” kosong.")
        return [_comparison(column, op, operand) for op, operand in value.items()]
    return [_comparison(column, "in" if isinstance(value, list) else "eq", value)]


def _comparison(column: Column, op: object, operand: object) -> engine.Filter:
    if op not in OPERATORS:
        raise ValidationError.on(
            "filters", f"Operator “{op}” pada kolom “{column.id}” tidak dikenal; yang ada: {', '.join(OPERATORS)}."
        )
    if op == "in":
        if not isinstance(operand, list):
            raise ValidationError.on("filters", f"Operator in pada kolom “{column.id}” memerlukan daftar nilai.")
        return (column.store_name, "in", [_operand(column, v) for v in operand])
    return (column.store_name, str(op), _operand(column, operand))


def _operand(column: Column, value: object) -> object:
    if isinstance(value, dict | list):
        raise ValidationError.on(
            "filters", f"Nilai untuk kolom “{column.id}” harus tunggal, bukan {type(value).__name__}."
        )
    if column.id == ID:
        # _id counts from 1; the store's row number from 0.
        try:
            return int(str(value)) - 1 if not isinstance(value, bool) else _not_an_id(value)
        except ValueError:
            return _not_an_id(value)
    if column.is_text and value is not None:
        # A text column compared with 5 means "5", as PostgreSQL reads the literal.
        return ("true" if value else "false") if isinstance(value, bool) else str(value)
    return value


def _not_an_id(value: object) -> int:
    raise ValidationError.on("filters", f"_id harus bilangan bulat, bukan “{value}”.")


def q_conditions(q: object, columns: dict[str, Column], param: str) -> list[engine.Condition]:
    """``q`` as text: every word somewhere in the row; as an object: per column."""
    if q is None or q == "":
        return []
    data = [c for c in columns.values() if c.id != ID]
    if isinstance(q, str):
        return [engine.AnyOf(tuple((c.id, "contains", word) for c in data)) for word in _search_words(q, param)]
    if isinstance(q, Mapping):
        out: list[engine.Condition] = []
        for name, text in q.items():
            column = _column(name, {c.id: c for c in data}, param)
            if not isinstance(text, str):
                raise ValidationError.on(param, f"Teks pencarian untuk kolom “{name}” harus berupa teks.")
            out += [(column.id, "contains", word) for word in _search_words(text, param)]
        return out
    raise ValidationError.on(param, 'Harus teks, atau objek {"kolom": "teks"}.')


def _search_words(text: str, param: str) -> list[str]:
    words = text.split()
    if len(words) > MAX_WORDS:
        raise ValidationError.on(param, f"Paling banyak {MAX_WORDS} kata.")
    return words


# ---------------------------------------------------------------------------------------------
# Running and answering


@dataclass(frozen=True)
class Rows:
    records: list[dict[str, Any]]  # by API name, _id included when selected
    total: int | None
    last_id: int | None
    full_page: bool


def fetch(file_key: str, query: DatastoreQuery) -> Rows:
    names = [c.id for c in query.selected if c.id != ID]
    try:
        page = engine.read(file_key, columns=names, filters=query.conditions, sort=query.sort,
                           offset=query.offset, limit=query.limit, with_rownum=True)  # fmt: skip
        total = engine.count(file_key, filters=query.conditions) if query.include_total else None
    except engine.StoreError as exc:
        raise ValidationError.on("filters", str(exc)) from None
    records = [_record(row, query.selected) for row in page.rows]
    last_id = page.rows[-1][engine.ROWNUM] + 1 if page.rows else None
    return Rows(records, total, last_id, full_page=bool(page.rows) and len(page.rows) == query.limit)


def _record(row: dict[str, Any], selected: list[Column]) -> dict[str, Any]:
    return {c.id: row[engine.ROWNUM] + 1 if c.id == ID else _json_value(row[c.id]) for c in selected}


def _json_value(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def formatted(records: list[dict[str, Any]], selected: list[Column], records_format: str) -> object:
    """``objects``: one object per row; ``lists``: arrays in ``fields`` order; ``csv``/``tsv``: one
    text without a header, as PostgreSQL's COPY writes it (booleans t/f, NULL empty)."""
    if records_format == "objects":
        return records
    rows = [[record[c.id] for c in selected] for record in records]
    if records_format == "lists":
        return rows
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t" if records_format == "tsv" else ",", lineterminator="\n")
    for row in rows:
        writer.writerow(["" if v is None else ("t" if v else "f") if isinstance(v, bool) else v for v in row])
    return out.getvalue()


def links(current_url: str, *, offset: int, limit: int) -> dict[str, str]:
    """CKAN 2.11's ``_links``: the request's own relative URL with ``offset`` moved (``prev`` only
    when offset − limit > 0, as CKAN does)."""
    parts = urlsplit(current_url)
    arguments = dict(parse_qsl(unquote(parts.query)))
    arguments.pop("offset", None)

    def with_query(extra: dict[str, object]) -> str:
        return urlunsplit(("", "", parts.path, urlencode({**arguments, **extra}), ""))

    out = {"start": with_query({}), "next": with_query({"offset": offset + limit})}
    if offset - limit > 0:
        out["prev"] = with_query({"offset": offset - limit})
    return out


def _echo(params: Params, query: DatastoreQuery, resource_id: str) -> dict[str, object]:
    """CKAN answers with the validated request, defaults filled in, before its outputs."""
    out: dict[str, object] = {
        "resource_id": resource_id,
        "limit": query.limit,
        "records_format": query.records_format,
        "include_total": query.include_total,
        "total_estimation_threshold": _threshold(params),
    }
    given = {"offset": query.offset, "include_next_page": query.include_next_page,
             "filters": params.json_value("filters"), "q": _q(params)}  # fmt: skip
    out.update({name: value for name, value in given.items() if name in params})
    out.update(
        {name: params.raw(name) for name in ("full_text", "plain", "language", "sort", "distinct") if name in params}
    )
    return out


def search(params: Params, *, dataset: Dataset, file_key: str, resource_id: str, current_url: str) -> dict[str, object]:
    check_parameters(params)
    query = parse_query(params, columns_of(dataset, file_key))
    rows = fetch(file_key, query)
    result = _echo(params, query, resource_id)
    result["fields"] = [c.as_dict() for c in query.selected]
    result["records"] = formatted(rows.records, query.selected, query.records_format)
    result["_links"] = links(current_url, offset=query.offset, limit=query.limit)
    if rows.total is not None:
        result["total"] = rows.total
        result["total_was_estimated"] = False
    if query.include_next_page and query.sorted_by_id and rows.full_page:
        result["next_page"] = {ID: {"gt": rows.last_id}}
    return result
