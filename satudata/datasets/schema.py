"""Column schemas as Frictionless Table Schema descriptors (decision D4).

A dataset's columns are kept as a Table Schema descriptor (``{"fields": [...], "primaryKey": [...]}``)
so that they can be exported as a Data Package unchanged. The standard properties are used as the
standard defines them (name, title, type, description, constraints with required, unique, minimum,
maximum, enum, pattern); what the standard has no word for is kept in properties prefixed
``satudata:`` (other Table Schema readers ignore them):

- ``satudata:role`` — ``dimension`` (what a row is about: kecamatan, jenis kelamin), ``measure`` (a
  figure: jumlah penduduk), ``period`` (the column holding the version's period, e.g. ``tahun``) or
  ``attribute`` (anything else: satuan, keterangan). Reconciliation, totals-row detection and charts
  read it.
- ``satudata:codeList`` — the values must come from a code list: ``{"wilayah": "kecamatan",
  "parent": "35.14"}`` for kode wilayah of a level under a parent area, or ``{"codeList": "<slug>"}``
  for a code list of the reference app.
- ``satudata:nameOf`` — this column spells out the name of the code in another column (``nama_kecamatan``
  for ``kode_kecamatan``); validation checks they match.
- ``satudata:standard`` — the code of the Standar Data the column follows.
- ``unit`` — the unit of a measure (satuan).

This module is pure: it knows nothing of Django models or files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

FIELD_TYPES: tuple[str, ...] = ("string", "integer", "number", "boolean", "date", "year")
ROLES: tuple[str, ...] = ("dimension", "measure", "period", "attribute")
WILAYAH_LEVELS: tuple[str, ...] = ("provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan")

# DuckDB type each Table Schema type is stored as.
DUCKDB_TYPES: dict[str, str] = {
    "string": "VARCHAR",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "year": "INTEGER",
}

NAME_RE = re.compile(r"[a-z][a-z0-9_]{0,62}")
RESERVED_NAMES = frozenset({"__rownum", "__row", "file_row_number"})


class SchemaError(ValueError):
    """A descriptor that cannot be used; the message is Indonesian and names the field."""


@dataclass(frozen=True)
class CodeRef:
    """Where a column's valid values come from."""

    wilayah_level: str = ""  # one of WILAYAH_LEVELS, or "" for a reference code list
    parent: str = ""  # kode wilayah the codes must fall under, e.g. "35.14"
    code_list: str = ""  # slug of a reference.CodeList

    def to_descriptor(self) -> dict[str, str]:
        if self.wilayah_level:
            out = {"wilayah": self.wilayah_level}
            if self.parent:
                out["parent"] = self.parent
            return out
        return {"codeList": self.code_list}

    @classmethod
    def from_descriptor(cls, data: Mapping[str, Any], where: str) -> CodeRef:
        level = str(data.get("wilayah") or "")
        slug = str(data.get("codeList") or "")
        if bool(level) == bool(slug):
            raise SchemaError(f"{where}: satudata:codeList harus berisi 'wilayah' atau 'codeList' (salah satu).")
        if level and level not in WILAYAH_LEVELS:
            raise SchemaError(f"{where}: tingkat wilayah {level!r} tidak dikenal ({', '.join(WILAYAH_LEVELS)}).")
        return cls(wilayah_level=level, parent=str(data.get("parent") or ""), code_list=slug)

    def describe(self) -> str:
        if self.wilayah_level:
            level = self.wilayah_level.replace("_", "/")
            return f"kode wilayah {level}" + (f" di {self.parent}" if self.parent else "")
        return f"daftar kode {self.code_list}"


@dataclass(frozen=True)
class Field:
    name: str
    type: str = "string"
    title: str = ""
    description: str = ""
    role: str = "attribute"
    unit: str = ""
    required: bool = False
    unique: bool = False
    minimum: float | None = None
    maximum: float | None = None
    enum: tuple[str, ...] = ()
    pattern: str = ""
    code_ref: CodeRef | None = None
    name_of: str = ""
    standard: str = ""

    @property
    def duckdb_type(self) -> str:
        return DUCKDB_TYPES[self.type]

    @property
    def label(self) -> str:
        return self.title or self.name

    @property
    def is_numeric(self) -> bool:
        return self.type in ("integer", "number", "year")

    def to_descriptor(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.title:
            out["title"] = self.title
        if self.description:
            out["description"] = self.description
        if self.unit:
            out["unit"] = self.unit
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.unique:
            constraints["unique"] = True
        if self.minimum is not None:
            constraints["minimum"] = _plain_number(self.minimum)
        if self.maximum is not None:
            constraints["maximum"] = _plain_number(self.maximum)
        if self.enum:
            constraints["enum"] = list(self.enum)
        if self.pattern:
            constraints["pattern"] = self.pattern
        if constraints:
            out["constraints"] = constraints
        out["satudata:role"] = self.role
        if self.code_ref:
            out["satudata:codeList"] = self.code_ref.to_descriptor()
        if self.name_of:
            out["satudata:nameOf"] = self.name_of
        if self.standard:
            out["satudata:standard"] = self.standard
        return out

    @classmethod
    def from_descriptor(cls, data: Mapping[str, Any], position: int) -> Field:
        name = str(data.get("name") or "")
        where = f"Kolom {position} ({name or 'tanpa nama'})"
        if not NAME_RE.fullmatch(name) or name in RESERVED_NAMES:
            raise SchemaError(
                f"{where}: nama kolom harus huruf kecil, angka dan garis bawah, diawali huruf, paling panjang 63."
            )
        type_ = str(data.get("type") or "string")
        if type_ not in FIELD_TYPES:
            raise SchemaError(f"{where}: tipe {type_!r} tidak didukung ({', '.join(FIELD_TYPES)}).")
        role = str(data.get("satudata:role") or "attribute")
        if role not in ROLES:
            raise SchemaError(f"{where}: peran {role!r} tidak dikenal ({', '.join(ROLES)}).")
        c = data.get("constraints") or {}
        if not isinstance(c, Mapping):
            raise SchemaError(f"{where}: constraints harus berupa objek.")
        minimum = _number_or_none(c.get("minimum"), f"{where}: minimum")
        maximum = _number_or_none(c.get("maximum"), f"{where}: maksimum")
        if minimum is not None and maximum is not None and minimum > maximum:
            raise SchemaError(f"{where}: minimum lebih besar dari maksimum.")
        if (minimum is not None or maximum is not None) and type_ not in ("integer", "number", "year"):
            raise SchemaError(f"{where}: minimum/maksimum hanya untuk kolom angka.")
        enum = c.get("enum") or []
        if not isinstance(enum, Sequence) or isinstance(enum, str):
            raise SchemaError(f"{where}: enum harus berupa daftar nilai.")
        pattern = str(c.get("pattern") or "")
        if pattern:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise SchemaError(f"{where}: pola (pattern) tidak sah: {exc}.") from exc
        ref = data.get("satudata:codeList")
        code_ref = CodeRef.from_descriptor(ref, where) if isinstance(ref, Mapping) and ref else None
        return cls(
            name=name,
            type=type_,
            title=str(data.get("title") or ""),
            description=str(data.get("description") or ""),
            role=role,
            unit=str(data.get("unit") or ""),
            required=bool(c.get("required", False)),
            unique=bool(c.get("unique", False)),
            minimum=minimum,
            maximum=maximum,
            enum=tuple(str(v) for v in enum),
            pattern=pattern,
            code_ref=code_ref,
            name_of=str(data.get("satudata:nameOf") or ""),
            standard=str(data.get("satudata:standard") or ""),
        )


@dataclass(frozen=True)
class TableSchema:
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = field(default=())

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    def get(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def period_field(self) -> Field | None:
        return next((f for f in self.fields if f.role == "period"), None)

    @property
    def dimensions(self) -> list[Field]:
        return [f for f in self.fields if f.role == "dimension"]

    @property
    def measures(self) -> list[Field]:
        return [f for f in self.fields if f.role == "measure"]

    def to_descriptor(self) -> dict[str, Any]:
        out: dict[str, Any] = {"fields": [f.to_descriptor() for f in self.fields]}
        if self.primary_key:
            out["primaryKey"] = list(self.primary_key)
        return out

    @classmethod
    def from_descriptor(cls, data: Mapping[str, Any]) -> TableSchema:
        raw = data.get("fields")
        if not isinstance(raw, Sequence) or isinstance(raw, str) or not raw:
            raise SchemaError("Skema harus memiliki sedikitnya satu kolom.")
        fields = tuple(Field.from_descriptor(f, i) for i, f in enumerate(raw, start=1) if isinstance(f, Mapping))
        if len(fields) != len(raw):
            raise SchemaError("Setiap kolom skema harus berupa objek.")
        names = [f.name for f in fields]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise SchemaError(f"Nama kolom ganda: {', '.join(dupes)}.")
        pk = data.get("primaryKey") or []
        if isinstance(pk, str):
            pk = [pk]
        missing = [k for k in pk if k not in names]
        if missing:
            raise SchemaError(f"Kunci utama menyebut kolom yang tidak ada: {', '.join(map(str, missing))}.")
        for f in fields:
            if f.name_of and f.name_of not in names:
                raise SchemaError(f"Kolom {f.name}: satudata:nameOf menyebut kolom {f.name_of!r} yang tidak ada.")
            if f.name_of:
                target = fields[names.index(f.name_of)]
                if target.code_ref is None:
                    raise SchemaError(f"Kolom {f.name}: kolom {f.name_of} tidak terikat pada daftar kode.")
        if sum(1 for f in fields if f.role == "period") > 1:
            raise SchemaError("Hanya satu kolom boleh berperan sebagai periode.")
        return cls(fields=fields, primary_key=tuple(str(k) for k in pk))


def _number_or_none(value: Any, where: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise SchemaError(f"{where} harus berupa angka.")
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise SchemaError(f"{where} harus berupa angka.") from exc


def _plain_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def normalise_name(text: str) -> str:
    """A header as a column name: lower case, accents and punctuation to underscores.

    >>> normalise_name(" Kode Kecamatan ")
    'kode_kecamatan'
    >>> normalise_name("Jumlah Penduduk (jiwa)")
    'jumlah_penduduk_jiwa'
    """
    import unicodedata

    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    name = re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")
    if name and not name[0].isalpha():
        name = f"k_{name}"
    return name[:63]


def tidy_template(
    *, level: str = "kecamatan", parent: str = "35.14", measure: str = "jumlah", unit: str = ""
) -> TableSchema:
    """The Indonesian tidy convention (domain-reference §6.1) for a regency: one row per area ×
    category × year with ``kode_<level>``, ``nama_<level>``, a measure, ``satuan`` and ``tahun``.

    ``level`` is ``kecamatan`` or ``desa_kelurahan`` (or ``kabupaten_kota`` for a table of the regency
    alone); extra category columns are added by the user.
    """
    if level not in WILAYAH_LEVELS:
        raise SchemaError(f"Tingkat wilayah {level!r} tidak dikenal.")
    titles = {
        "provinsi": "Provinsi",
        "kabupaten_kota": "Kabupaten/Kota",
        "kecamatan": "Kecamatan",
        "desa_kelurahan": "Desa/Kelurahan",
    }
    title = titles[level]
    fields = (
        Field(
            name=f"kode_{level}",
            title=f"Kode {title}",
            type="string",
            role="dimension",
            required=True,
            code_ref=CodeRef(wilayah_level=level, parent=parent),
            description=f"Kode wilayah Kemendagri {title.lower()}",
        ),
        Field(
            name=f"nama_{level}",
            title=f"Nama {title}",
            type="string",
            role="attribute",
            required=True,
            name_of=f"kode_{level}",
        ),
        Field(
            name=measure,
            title=measure.replace("_", " ").capitalize(),
            type="number",
            role="measure",
            unit=unit,
            required=True,
            minimum=0,
        ),
        Field(name="satuan", title="Satuan", type="string", role="attribute"),
        Field(name="tahun", title="Tahun", type="year", role="period", required=True, minimum=1900, maximum=2100),
    )
    return TableSchema(fields=fields, primary_key=(f"kode_{level}", "tahun"))
