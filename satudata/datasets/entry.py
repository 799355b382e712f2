"""What a producer fills in (SOP step 8, entry templates): the rows to start from, the XLSX template
generated from the schema, and the grid's configuration. Both start from the code list of the
table's area column (e.g. the 24 kecamatan), so the producer only types the figures."""

from __future__ import annotations

import io
import itertools
from typing import Any

import xlsxwriter
from django.utils.translation import gettext as _

from satudata import store
from satudata.datasets.models import DatasetVersion
from satudata.datasets.pipeline import resolve_codes
from satudata.datasets.schema import Field, TableSchema

# Prefilling stops here: a desa-level table of a whole province is not typed by hand.
MAX_PREFILL_ROWS = DatasetVersion.GRID_MAX_ROWS
TYPE_HINTS = {
    "string": "teks",
    "integer": "angka bulat",
    "number": "angka (desimal dengan koma atau titik)",
    "boolean": "ya/tidak",
    "date": "tanggal (TTTT-BB-HH atau HH/BB/TTTT)",
    "year": "tahun (4 angka)",
}


def prefill_rows(
    schema: TableSchema, period: str, *, codes: dict[str, dict[str, str]] | None = None
) -> list[dict[str, Any]]:
    """One row per combination of the area codes and the enum values of the dimension columns,
    with the names filled in and the period set."""
    codes = resolve_codes(schema) if codes is None else codes
    axes: list[tuple[Field, list[str]]] = []
    for f in schema.fields:
        if f.role != "dimension":
            continue
        if f.code_ref is not None and codes.get(f.name):
            axes.append((f, sorted(codes[f.name])))
        elif f.enum:
            axes.append((f, list(f.enum)))
    if not axes:
        return []
    total = 1
    for _f, values in axes:
        total *= len(values)
    if total > MAX_PREFILL_ROWS:
        return []
    names = {f.name_of: f.name for f in schema.fields if f.name_of}
    period_field = schema.period_field
    rows = []
    for combo in itertools.product(*(values for _f, values in axes)):
        row: dict[str, Any] = {f.name: None for f in schema.fields}
        for (f, _values), value in zip(axes, combo, strict=True):
            row[f.name] = value
            if f.name in names:
                row[names[f.name]] = codes.get(f.name, {}).get(value)
        if period_field is not None:
            row[period_field.name] = period
        rows.append(row)
    return rows


def version_rows(version: DatasetVersion, limit: int = MAX_PREFILL_ROWS) -> list[dict[str, Any]]:
    """A version's rows as the grid shows them (values as text where they are not plain numbers)."""
    page = store.read(version.file_key, limit=limit)
    out = []
    for row in page.rows:
        out.append({k: (v if isinstance(v, int | float | str | bool) or v is None else str(v)) for k, v in row.items()})
    return out


def grid_config(
    schema: TableSchema,
    rows: list[dict[str, Any]],
    *,
    comments: list[dict[str, Any]],
    read_only: bool,
    codes: dict[str, dict[str, str]] | None = None,
) -> dict[str, Any]:
    columns = []
    period = schema.period_field
    codes = resolve_codes(schema) if codes is None else codes
    for f in schema.fields:
        values: list[str] | None = list(f.enum) if f.enum else None
        if f.code_ref is not None and 0 < len(codes.get(f.name, {})) <= 500:
            values = sorted(codes[f.name])
        columns.append(
            {
                "name": f.name,
                "title": f.label,
                "type": f.type,
                "required": f.required,
                "unit": f.unit,
                "values": values,
                "readOnly": f is period,
            }
        )
    return {
        "columns": columns,
        "rows": rows,
        "comments": comments,
        "readOnly": read_only,
        "messages": {
            "addRow": _("Tambah baris"),
            "deleteRow": _("Hapus baris terpilih"),
            "required": _("wajib diisi"),
            "comment": _("Catatan reviu"),
            "row": _("Baris"),
            "column": _("Kolom"),
            "rowNumber": _("No"),
            "deletedRow": _("baris sudah dihapus"),
            "empty": _("Belum ada baris"),
        },
    }


def xlsx_template(schema: TableSchema, *, title: str, period: str, sample_note: str = "") -> bytes:
    """A workbook to fill in: sheet "Data" with the column names in row 1 (so that it maps back by
    itself) and the prefilled rows; sheet "Petunjuk" describing every column."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    locked = workbook.add_format({"bg_color": "#F2F2F2"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    sheet = workbook.add_worksheet("Data")
    rows = prefill_rows(schema, period)
    for c, f in enumerate(schema.fields):
        sheet.write_string(0, c, f.name, header)
        sheet.set_column(c, c, max(12, min(40, len(f.label) + 4)))
        note = f"{f.label}. {TYPE_HINTS[f.type]}" + (f"; satuan {f.unit}" if f.unit else "")
        note += "; wajib" if f.required else ""
        sheet.write_comment(0, c, note)
        last = max(len(rows), 1000)
        if f.enum:
            sheet.data_validation(1, c, last, c, {"validate": "list", "source": list(f.enum)[:50]})
        elif f.type in ("integer", "year"):
            sheet.data_validation(1, c, last, c, {"validate": "integer", "criteria": "between",
                                                  "minimum": int(f.minimum if f.minimum is not None else -(10**15)),
                                                  "maximum": int(f.maximum if f.maximum is not None else 10**15),
                                                  "error_message": _("Isi dengan angka bulat.")})  # fmt: skip
    for r, row in enumerate(rows, start=1):
        for c, f in enumerate(schema.fields):
            value = row.get(f.name)
            if value is None:
                continue
            fmt = locked if (f.role in ("dimension", "period") or f.name_of) else None
            if f.type in ("integer", "year") and str(value).isdigit():
                sheet.write_number(r, c, int(value), fmt)
            else:
                sheet.write_string(r, c, str(value), fmt)
    sheet.freeze_panes(1, 0)
    guide = workbook.add_worksheet("Petunjuk")
    guide.set_column(0, 0, 24)
    guide.set_column(1, 1, 30)
    guide.set_column(2, 5, 22)
    guide.set_column(6, 6, 60)
    guide.write_string(0, 0, title, workbook.add_format({"bold": True, "font_size": 13}))
    guide.write_string(
        1, 0, _("Periode: %(period)s. Isi lembar Data mulai baris 2; jangan ubah baris 1.") % {"period": period}
    )
    if sample_note:
        guide.write_string(2, 0, sample_note)
    heads = [_("Nama kolom"), _("Judul"), _("Tipe"), _("Wajib"), _("Satuan"), _("Daftar kode"), _("Keterangan")]
    for c, h in enumerate(heads):
        guide.write_string(4, c, h, header)
    for r, f in enumerate(schema.fields, start=5):
        constraints = []
        if f.minimum is not None:
            constraints.append(f"min {f.minimum:g}")
        if f.maximum is not None:
            constraints.append(f"maks {f.maximum:g}")
        if f.enum:
            constraints.append(_("salah satu dari: %(values)s") % {"values": ", ".join(f.enum)})
        if f.name_of:
            constraints.append(_("nama untuk kode di kolom %(col)s") % {"col": f.name_of})
        description = "; ".join(x for x in [f.description, *constraints] if x)
        values = [f.name, f.label, TYPE_HINTS[f.type], _("ya") if f.required else _("tidak"), f.unit,
                  f.code_ref.describe() if f.code_ref else "", description]  # fmt: skip
        for c, v in enumerate(values):
            guide.write_string(r, c, str(v), wrap)
    workbook.close()
    return buffer.getvalue()
