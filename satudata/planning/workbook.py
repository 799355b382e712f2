"""The Daftar Data as an XLSX workbook in the regional 19-column layout.

Layout: a title row, a note row, the header row of attribute names, the number row (1)…(21) that
the Forum uses for verification, then one row per item. Columns (20) Data Prioritas and (21)
Dokumen Perencanaan are this portal's local additions, so that export → import loses nothing.
Import is all or nothing: every bad cell is reported by row and column, and nothing is written
unless the whole file is valid.
"""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import xlsxwriter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook
from xlsxwriter.utility import xl_col_to_name

from satudata.accounts.models import Organization, User
from satudata.planning import permissions
from satudata.planning.actions import do_create_item, do_update_item
from satudata.planning.models import Cycle, DaftarDataItem, PlanningDocument, next_id_ddd

COLUMNS: tuple[str, ...] = DaftarDataItem.REVIEWED_FIELDS
HEADERS: dict[str, str] = {
    "id_ddd": "ID DDD", "id_ddp": "ID DDP", "sumber_referensi": "Sumber Referensi",
    "kode_indikator": "Kode Indikator", "nama_indikator": "Nama Indikator", "nama_data": "Nama Data",
    "jenis_data": "Jenis Data", "indikator_variabel": "Indikator/Variabel",
    "kode_standar_data": "Kode Standar Data", "organization": "Produsen Data",
    "klasifikasi": "Klasifikasi Data sesuai Risiko", "definisi": "Definisi", "satuan": "Satuan",
    "klasifikasi_penyajian": "Klasifikasi Penyajian", "jadwal_pemutakhiran": "Jadwal Pemutakhiran",
    "kategori_rad": "Kategori RAD", "kode_metadata": "Kode Metadata",
    "link_portal_daerah": "Link Portal Daerah", "link_portal_sdi": "Link Portal SDI",
    "is_priority": "Data Prioritas", "planning_document": "Dokumen Perencanaan",
}  # fmt: skip
WIDTHS = {"nama_data": 40, "definisi": 50, "nama_indikator": 32, "organization": 34,
          "sumber_referensi": 26, "klasifikasi_penyajian": 26}  # fmt: skip
MAX_ROWS = 5000


def export_workbook(cycle: Cycle, items: QuerySet[DaftarDataItem]) -> bytes:
    # The workbook is the official Indonesian layout, whatever language the page is shown in.
    with translation.override("id"):
        return _export_workbook(cycle, items)


def _export_workbook(cycle: Cycle, items: QuerySet[DaftarDataItem]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Daftar Data")
    title = book.add_format({"bold": True, "font_size": 13})
    header = book.add_format({"bold": True, "bg_color": "#DDEBDF", "border": 1, "text_wrap": True, "valign": "top"})
    number = book.add_format({"italic": True, "align": "center", "border": 1, "bg_color": "#F2F2F2"})
    cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    sheet.write(0, 0, f"DAFTAR DATA {settings.REGION_NAME.upper()} TAHUN {cycle.year}", title)
    sheet.write(
        1, 0,
        f"Diekspor dari Portal Satu Data pada {timezone.localtime():%d-%m-%Y %H:%M}. "
        "Kolom (1)–(19) sesuai format Daftar Data Daerah; (20)–(21) tambahan portal.",
    )  # fmt: skip
    for col, name in enumerate(COLUMNS):
        sheet.write(2, col, HEADERS[name], header)
        sheet.write(3, col, f"({col + 1})", number)
        sheet.set_column(col, col, WIDTHS.get(name, 16))
    row = 4
    for item in items.select_related("organization").order_by("id_ddd"):
        for col, name in enumerate(COLUMNS):
            sheet.write_string(row, col, item.display_value(name), cell)
        row += 1
    sheet.freeze_panes(4, 2)
    sheet.autofilter(2, 0, max(row - 1, 3), len(COLUMNS) - 1)
    book.close()
    return buffer.getvalue()


@dataclass
class CellError:
    row: int  # as Excel numbers it (1-based)
    column: str  # Excel letter, or "" for a whole-row or whole-file problem
    label: str
    message: str

    def __str__(self) -> str:
        if not self.row:
            return _("Berkas: %(message)s") % {"message": self.message}
        if not self.column:
            return _("Baris %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("Baris %(row)s, kolom %(column)s (%(label)s): %(message)s") % {
            "row": self.row, "column": self.column, "label": self.label, "message": self.message,
        }  # fmt: skip


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[CellError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Lookup:
    """Choice labels and values, matched without regard to case or spacing."""

    def __init__(self, choices: list[tuple[str, Any]]) -> None:
        self.by_key = {}
        # Official labels are Indonesian; English ones are accepted too, for a file made in English.
        for language in ("en", "id"):
            with translation.override(language):
                for value, label in choices:
                    self.by_key[_norm(str(value))] = value
                    self.by_key[_norm(str(label))] = value
        with translation.override("id"):
            self.labels = ", ".join(str(label) for _, label in choices)

    def get(self, text: str) -> str | None:
        return self.by_key.get(_norm(text))


def _norm(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).casefold()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    return str(value).strip()


def _find_header(rows: list[list[Any]]) -> tuple[int, dict[str, int]] | None:
    wanted = {_norm(label): name for name, label in HEADERS.items()}
    for index, row in enumerate(rows[:30]):
        found = {wanted[_norm(_text(v))]: col for col, v in enumerate(row) if _norm(_text(v)) in wanted}
        if "id_ddd" in found and "nama_data" in found:
            return index, found
    return None


def read_workbook(data: BinaryIO) -> list[list[Any]]:
    book = CalamineWorkbook.from_filelike(data)
    names = book.sheet_names
    sheet = book.get_sheet_by_name("Daftar Data" if "Daftar Data" in names else names[0])
    return sheet.to_python(skip_empty_area=False)


def import_workbook(*, cycle: Cycle, data: BinaryIO, acting_user: User, dry_run: bool = False) -> ImportReport:
    report = ImportReport()
    try:
        rows = read_workbook(data)
    except Exception:  # noqa: BLE001 - calamine raises several kinds for a damaged or foreign file
        report.errors.append(
            CellError(
                0,
                "",
                "",
                _("tidak dapat dibaca sebagai XLSX. Simpan ulang dari Excel sebagai .xlsx lalu coba lagi."),
            )
        )
        return report
    header = _find_header(rows)
    if header is None:
        report.errors.append(
            CellError(0, "", "", _("baris judul kolom (ID DDD, Nama Data, …) tidak ditemukan di 30 baris pertama."))
        )
        return report
    header_index, columns = header
    missing = [HEADERS[name] for name in DaftarDataItem.ATTRIBUTES if name not in columns]
    if missing:
        report.errors.append(
            CellError(
                header_index + 1, "", "", _("kolom berikut tidak ada: %(columns)s.") % {"columns": ", ".join(missing)}
            )
        )
        return report
    first = header_index + 1
    if first < len(rows) and _text(rows[first][columns["id_ddd"]]) == "(1)":
        first += 1  # the number row of the regional format
    data_rows = [(i, r) for i, r in enumerate(rows[first:], start=first) if any(_text(v) for v in r)]
    if len(data_rows) > MAX_ROWS:
        report.errors.append(
            CellError(
                0,
                "",
                "",
                _("berisi %(rows)s baris; batasnya %(limit)s.") % {"rows": len(data_rows), "limit": MAX_ROWS},
            )
        )
        return report

    lookups = _Lookups(cycle)
    parsed = [_parse_row(cycle, index, row, columns, acting_user, report, lookups) for index, row in data_rows]
    seen: dict[str, int] = {}
    for (index, _row), result in zip(data_rows, parsed, strict=True):
        code = result[0].id_ddd if result else ""
        if not code:
            continue
        if code in seen:
            message = _("'%(code)s' sudah dipakai di baris %(row)s.") % {"code": code, "row": seen[code]}
            report.errors.append(CellError(index + 1, xl_col_to_name(columns["id_ddd"]), "ID DDD", message))
        seen[code] = index + 1
    if report.errors:
        return report
    with transaction.atomic():
        for item, before in (p for p in parsed if p is not None):
            if before is None:
                report.created += 1
                if not dry_run:
                    item.id_ddd = item.id_ddd or next_id_ddd(cycle)
                    do_create_item(item=item, acting_user=acting_user, note="Diimpor dari XLSX")
            elif before != item.snapshot():
                report.updated += 1
                if not dry_run:
                    do_update_item(item=item, before=before, acting_user=acting_user, note="Diimpor dari XLSX")
            else:
                report.unchanged += 1
    return report


class _Lookups:
    """The OPDs, the cycle's items and the choice columns' labels, read once per import rather
    than once per row (an import may hold 5,000 rows)."""

    def __init__(self, cycle: Cycle) -> None:
        self.organizations: dict[str, Organization] = {}
        for org in Organization.objects.order_by("name"):
            for key in (org.name, org.short_name, org.slug):
                self.organizations.setdefault(key.casefold(), org)
        self.items = {item.id_ddd: item for item in cycle.items.select_related("organization")}
        self.choices: dict[str, _Lookup] = {}
        for name in COLUMNS:
            choices = getattr(DaftarDataItem._meta.get_field(name), "choices", None)
            if choices:
                self.choices[name] = _Lookup(list(choices))


def _parse_row(
    cycle: Cycle,
    index: int,
    row: list[Any],
    columns: dict[str, int],
    user: User,
    report: ImportReport,
    lookups: _Lookups,
) -> tuple[DaftarDataItem, dict[str, Any] | None] | None:
    errors_before = len(report.errors)
    excel_row = index + 1

    def value(name: str) -> str:
        col = columns.get(name)
        return _text(row[col]) if col is not None and col < len(row) else ""

    def error(name: str, message: str) -> None:
        col = columns.get(name)
        letter = xl_col_to_name(col) if col is not None else ""
        report.errors.append(CellError(excel_row, letter, HEADERS[name], message))

    id_ddd = value("id_ddd")
    existing = lookups.items.get(id_ddd) if id_ddd else None
    # Each row changes its own copy: the stored item stays as it was, for the permission checks.
    item = copy.copy(existing) if existing else DaftarDataItem(cycle=cycle, created_by=user)
    before = existing.snapshot() if existing else None

    for name in COLUMNS:
        text = value(name)
        if name == "organization":
            org = lookups.organizations.get(text.casefold()) if text else None
            if org is None:
                error(
                    name,
                    _("Produsen Data '%(value)s' tidak dikenal; tulis nama OPD seperti di portal.") % {"value": text}
                    if text
                    else _("wajib diisi."),
                )
                continue
            item.organization = org
        elif name == "is_priority":
            lowered = text.casefold()
            if lowered in {"ya", "y", "1", "true", "prioritas"}:
                item.is_priority = True
            elif lowered in {"", "tidak", "t", "0", "false", "bukan"}:
                item.is_priority = False
            else:
                error(name, _("'%(value)s' tidak dikenal; isi Ya atau Tidak.") % {"value": text})
        elif name == "planning_document" and not text and "planning_document" not in columns:
            item.planning_document = _guess_planning_document(value("sumber_referensi"))
        else:
            choices = lookups.choices.get(name)
            if choices is not None:
                found = choices.get(text) if text else None
                if found is None:
                    error(
                        name,
                        (
                            _("'%(value)s' tidak dikenal; pilih salah satu: %(choices)s.")
                            if text
                            else _("wajib diisi; pilih salah satu: %(choices)s.")
                        )
                        % {"value": text, "choices": choices.labels},
                    )
                    continue
                setattr(item, name, found)
            elif name.startswith("link_") and text and "://" not in text:
                setattr(item, name, f"https://{text}")  # as the form does
            else:
                setattr(item, name, text)
    # Model validation (lengths, URLs, required text) on the cells that parsed, so that one pass
    # reports every problem of the row.
    failed = {e.label for e in report.errors[errors_before:]}
    exclude = ["cycle", "created_by", "status"] + [n for n in COLUMNS if HEADERS[n] in failed]
    if not item.id_ddd:
        exclude.append("id_ddd")  # given the next free number when the row is saved
    try:
        item.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            for message in messages if name in HEADERS else []:
                error(name, message)
    if len(report.errors) > errors_before:
        return None
    changed = existing is None or before != item.snapshot()
    if changed and not permissions.can_propose_item(user, item.organization_id):
        error(
            "organization", _("Anda tidak dapat mengisi Daftar Data untuk %(org)s.") % {"org": item.organization.name}
        )
        return None
    if existing is not None and changed:
        if not permissions.can_view_item(user, existing):
            # Say only that the code is taken: another OPD's draft stays unknown (the 404 rule).
            message = _("ID DDD '%(code)s' sudah dipakai di siklus ini; gunakan ID lain atau kosongkan.") % {
                "code": id_ddd
            }
            report.errors.append(CellError(excel_row, xl_col_to_name(columns["id_ddd"]), "ID DDD", message))
            return None
        if not permissions.can_edit_item(user, existing):
            report.errors.append(
                CellError(
                    excel_row,
                    xl_col_to_name(columns["id_ddd"]),
                    "ID DDD",
                    _(
                        "butir %(code)s berstatus %(status)s dan tidak dapat Anda ubah lewat impor; "
                        "kembalikan nilai baris ini seperti semula."
                    )
                    % {"code": id_ddd, "status": existing.get_status_display()},
                )
            )
            return None
    return item, before


def _guess_planning_document(sumber: str) -> str:
    for choice in PlanningDocument:
        if choice.value != "lainnya" and sumber.casefold().startswith(choice.value):
            return choice.value
    return PlanningDocument.LAINNYA
