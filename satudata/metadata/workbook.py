"""An activity's metadata as an XLSX workbook in the BPS form layout (domain-reference §2.1–2.4).

Three sheets, each under a title row "METADATA STATISTIK KEGIATAN/VARIABEL/INDIKATOR — <judul>":

- "MS-Keg": the header and every item of blocks I–VIII in form order, one row per answer, with the
  columns Rincian ("4.2"), Pertanyaan, Jawaban and Kode: the code the paper form prints — the
  option's number for a single choice, 1 Ya / 2 Tidak, and the sum of the chosen powers of two for
  a multi-choice item (4.6 Wawancara + Pengamatan = 1 + 4 = 5).
- "MS-Var": the columns (1)–(12) with Ukuran and Satuan (INDAH v2) after (7), a row of names, a row
  of column numbers, then one row per variable.
- "MS-Ind": the columns (1)–(17); an indicator with several indicator or variable builders takes one
  row per builder, its other cells merged over them, as on the paper form.

The form is the official Indonesian layout, so it is written in Indonesian whatever the language of
the page; the labels are the form's wording and, like the code lists, are not marked for translation.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from django.utils import translation

from satudata.metadata import codes, rules
from satudata.metadata.models import Indicator, StatisticalActivity, Variable
from satudata.reference.models import Wilayah

SHEETS = ("MS-Keg", "MS-Var", "MS-Ind")

Cell = str | int | float | None


@dataclass(frozen=True)
class Row:
    """A row of the MS-Keg sheet; a row with only ``heading`` is a block title."""

    item: str = ""
    question: str = ""
    answer: Cell = None
    code: int | None = None
    heading: str = ""


# MS-Var: (number, name) per column; Ukuran and Satuan, added by INDAH v2, carry no number.
VARIABLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("(1)", "No"), ("(2)", "Nama Variabel"), ("(3)", "Alias"), ("(4)", "Konsep"), ("(5)", "Definisi"),
    ("(6)", "Referensi Pemilihan"), ("(7)", "Referensi Waktu"), ("", "Ukuran"), ("", "Satuan"),
    ("(8)", "Tipe Data"), ("(9)", "Klasifikasi Isian"), ("(10)", "Aturan Validasi"), ("(11)", "Kalimat Pertanyaan"),
    ("(12)", "Apakah Variabel Dapat Diakses Umum?"), ("", "ID SDS"),
)  # fmt: skip
VARIABLE_WIDTHS = (5, 28, 14, 30, 36, 24, 20, 14, 12, 12, 26, 26, 30, 14, 14)

INDICATOR_COLUMNS: tuple[tuple[str, str], ...] = (
    ("(1)", "No"), ("(2)", "Nama Indikator"), ("(3)", "Konsep"), ("(4)", "Definisi"), ("(5)", "Interpretasi"),
    ("(6)", "Metode/Rumus Penghitungan"), ("(7)", "Ukuran"), ("(8)", "Satuan"), ("(9)", "Klasifikasi Penyajian"),
    ("(10)", "Apakah Indikator Komposit?"),
    ("(11)", "Indikator Pembangun: Publikasi Ketersediaan"), ("(12)", "Indikator Pembangun: Nama Indikator"),
    ("(13)", "Variabel Pembangun: Kegiatan"), ("(14)", "Variabel Pembangun: Kode"),
    ("(15)", "Variabel Pembangun: Nama Variabel"),
    ("(16)", "Level Estimasi"), ("(17)", "Apakah Indikator Dapat Diakses Umum?"), ("", "ID SDS"),
)  # fmt: skip
INDICATOR_WIDTHS = (5, 28, 30, 34, 30, 34, 14, 12, 22, 12, 26, 26, 26, 12, 26, 18, 14, 14)
BUILDER_COLUMNS = range(10, 15)  # (11)–(15): one line per builder


def export_workbook(activity: StatisticalActivity) -> bytes:
    # The workbook is the official Indonesian layout, whatever language the page is shown in.
    with translation.override("id"):
        return _export_workbook(activity)


class _Formats:
    def __init__(self, book: Any) -> None:
        self.title = book.add_format({"bold": True, "font_size": 13})
        self.note = book.add_format({"italic": True})
        self.header = book.add_format(
            {"bold": True, "bg_color": "#DDEBDF", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.number = book.add_format({"italic": True, "align": "center", "border": 1, "bg_color": "#F2F2F2"})
        self.heading = book.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
        self.cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
        self.code = book.add_format({"border": 1, "align": "center", "valign": "top"})


def ms_keg_rows(activity: StatisticalActivity) -> list[Row]:
    """The MS-Keg in form order (block headings, item, question, answer, legacy code), in Indonesian;
    shared by the workbook and the printable form."""
    with translation.override("id"):
        return _Keg(activity, list(activity.variables.all())).build()


def variable_cells(variable: Variable) -> list[Cell]:
    """One MS-Var row in the order of VARIABLE_COLUMNS."""
    return [
        variable.number, variable.name, variable.alias, variable.konsep, variable.definisi,
        variable.referensi_pemilihan, variable.referensi_waktu, variable.ukuran, variable.satuan,
        codes.TIPE_DATA_VARIABEL.by_value(variable.tipe_data).label if variable.tipe_data else "",
        "\n".join(f"{p.get('kode', '')} = {p.get('nilai', '')}" for p in variable.value_domain or []),
        variable.aturan_validasi, variable.kalimat_pertanyaan, _yes_no(variable.dapat_diakses_umum), _sds(variable),
    ]  # fmt: skip


def indicator_cells(indicator: Indicator) -> tuple[list[Cell], list[list[Cell]]]:
    """One MS-Ind row in the order of INDICATOR_COLUMNS (builder columns empty) and its builder
    lines for columns (11)–(15)."""
    method = indicator.metode_perhitungan
    if indicator.rumus:
        method = f"{method}\nRumus: {indicator.rumus}" if method else f"Rumus: {indicator.rumus}"
    values: list[Cell] = [
        indicator.number, indicator.name, indicator.konsep, indicator.definisi, indicator.interpretasi, method,
        indicator.ukuran, indicator.satuan, indicator.klasifikasi_penyajian, _yes_no(indicator.komposit),
        None, None, None, None, None,
        indicator.level_estimasi, _yes_no(indicator.dapat_diakses_umum), _sds(indicator),
    ]  # fmt: skip
    builders: list[list[Cell]] = [
        [b.get("publikasi", ""), b.get("nama", ""), None, None, None] for b in indicator.indikator_pembangun or []
    ]
    builders += [
        [None, None, v.get("kegiatan", ""), v.get("kode", ""), v.get("nama", "")]
        for v in indicator.variabel_pembangun or []
    ]
    return values, builders


def _export_workbook(activity: StatisticalActivity) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    formats = _Formats(book)
    variables = list(activity.variables.select_related("standard"))
    indicators = list(activity.indicators.select_related("standard"))
    _kegiatan_sheet(book.add_worksheet(SHEETS[0]), formats, activity, variables)
    _variable_sheet(book.add_worksheet(SHEETS[1]), formats, activity, variables)
    _indicator_sheet(book.add_worksheet(SHEETS[2]), formats, activity, indicators)
    book.close()
    return buffer.getvalue()


def _write(sheet: Any, row: int, col: int, value: Cell, fmt: Any) -> None:
    if value is None or value == "":
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value, fmt)
    else:
        sheet.write_string(row, col, value, fmt)


def _identity(sheet: Any, formats: _Formats, kind: str, activity: StatisticalActivity, width: int) -> None:
    sheet.merge_range(0, 0, 0, width - 1, f"METADATA STATISTIK {kind} — {activity.title}", formats.title)
    sheet.write_string(1, 0, f"Kode Kegiatan: {activity.kode_kegiatan or '-'}", formats.note)
    sheet.write_string(2, 0, f"Instansi Penyelenggara: {activity.instansi or activity.organization.name}", formats.note)


# --- MS-Keg ------------------------------------------------------------------------------------


def _label(field: str) -> str:
    """The question of a field: its label without the item number the Rincian column shows."""
    name = str(StatisticalActivity._meta.get_field(field).verbose_name)  # type: ignore[union-attr]
    first, _, rest = name.partition(" ")
    return rest if rest and first[:1].isdigit() else name


def _date(value: object) -> str:
    try:
        return dt.date.fromisoformat(str(value)).strftime("%d-%m-%Y")
    except ValueError:
        return str(value or "")


class _Keg:
    """The rows of the MS-Keg sheet, in form order."""

    def __init__(self, activity: StatisticalActivity, variables: Sequence[Variable]) -> None:
        self.a = activity
        self.variables = variables
        self.rows: list[Row] = []

    def heading(self, key: str) -> None:
        self.rows.append(Row(heading=str(dict(rules.BLOCKS)[key])))

    def text(self, item: str, field: str, question: str = "") -> None:
        self.rows.append(Row(item, question or _label(field), getattr(self.a, field)))

    def choice(self, item: str, field: str, code_list: codes.CodeList, question: str = "") -> None:
        value = getattr(self.a, field)
        option = code_list.by_value(value) if value else None
        self.rows.append(
            Row(item, question or code_list.title, option.label if option else None, option.code if option else None)
        )

    def flags(self, item: str, field: str, flag_list: codes.FlagList) -> None:
        chosen = flag_list.ordered(getattr(self.a, field) or [])
        total = flag_list.to_bitsum(o.value for o in chosen)
        self.rows.append(Row(item, flag_list.title, ", ".join(o.label for o in chosen), total or None))
        self.text(item, f"{field}_lainnya", "Lainnya (sebutkan)")

    def answers(self, item: str, field: str, group: codes.YesNoGroup) -> None:
        answers = getattr(self.a, field) or {}
        for entry in group:
            answer = answers.get(entry.value)
            option = codes.YA_TIDAK.by_value(codes.bool_to_ya_tidak(answer)) if isinstance(answer, bool) else None
            self.rows.append(
                Row(
                    item,
                    f"{group.title}: {entry.label}",
                    option.label if option else None,
                    option.code if option else None,
                )
            )

    def build(self) -> list[Row]:
        a = self.a
        self.heading("header")
        self.text("", "title", "Judul Kegiatan")
        self.text("", "year", "Tahun")
        self.text("", "kode_kegiatan", "Kode Kegiatan")
        self.choice("", "cara_pengumpulan", codes.CARA_PENGUMPULAN_DATA)
        self.choice("", "sektor", codes.SEKTOR_KEGIATAN)
        self.choice("", "jenis_statistik", codes.JENIS_KEGIATAN_STATISTIK)
        self.choice(
            "", "rekomendasi", codes.REKOMENDASI_BPS,
            "Jika kegiatan statistik sektoral, apakah mendapatkan rekomendasi kegiatan statistik dari BPS?",
        )  # fmt: skip
        self.text("", "identitas_rekomendasi", "Identitas Rekomendasi")

        self.heading("I")
        self.text("1.1", "instansi", "Instansi Penyelenggara")
        for field in ("instansi_alamat", "instansi_telepon", "instansi_faksimile", "instansi_email"):
            self.text("1.2", field, f"Alamat Lengkap Instansi Penyelenggara: {_label(field)}")

        self.heading("II")
        for field in ("eselon_1", "eselon_2"):
            self.text("2.1", field, f"Unit Eselon Penanggung Jawab: {_label(field).removeprefix('Unit ')}")
        self.text("2.2", "pj_nama", "Penanggung Jawab Teknis: Nama")
        for field in ("pj_jabatan", "pj_alamat", "pj_telepon", "pj_faksimile", "pj_email"):
            self.text("2.2", field, f"Penanggung Jawab Teknis: {_label(field)}")

        self.heading("III")
        self.text("3.1", "latar_belakang")
        self.text("3.2", "tujuan")
        schedule = a.jadwal or {}
        for letter, group, stages in codes.JADWAL_KEGIATAN.groups:
            for stage in stages:
                start, end = [*(schedule.get(stage.value) or []), None, None][:2]
                answer = f"{_date(start)} s.d. {_date(end)}" if start or end else None
                question = f"{codes.JADWAL_KEGIATAN.title}: {letter}. {group} — {stage.code}. {stage.label}"
                self.rows.append(Row("3.3", question, answer))
        title = "Variabel (Karakteristik) yang Dikumpulkan"
        for variable in self.variables:
            self.rows.append(Row("3.4", f"{title}: No. {variable.number}", variable.name))
        if not self.variables:
            self.rows.append(Row("3.4", title))

        self.heading("IV")
        self.choice("4.1", "dilakukan", codes.KEGIATAN_DILAKUKAN)
        self.choice("4.2", "frekuensi", codes.FREKUENSI_PENYELENGGARAAN)
        self.choice("4.3", "tipe_pengumpulan", codes.TIPE_PENGUMPULAN_DATA)
        self.choice("4.4", "cakupan_wilayah", codes.CAKUPAN_WILAYAH)
        regions = [str(k) for k in a.wilayah_kegiatan or []]
        names = dict(Wilayah.objects.filter(kode__in=regions).values_list("kode", "nama"))
        answer = "; ".join(f"{k} {names[k]}" if k in names else k for k in regions)
        self.rows.append(Row("4.5", "Wilayah Kegiatan (Kabupaten/Kota)", answer))
        self.flags("4.6", "metode_pengumpulan", codes.METODE_PENGUMPULAN_DATA)
        self.flags("4.7", "sarana_pengumpulan", codes.SARANA_PENGUMPULAN_DATA)
        self.flags("4.8", "unit_pengumpulan", codes.UNIT_PENGUMPULAN_DATA)

        self.heading("V")
        self.choice("5.1", "jenis_rancangan_sampel", codes.JENIS_RANCANGAN_SAMPEL)
        self.choice("5.2", "metode_pemilihan_sampel", codes.METODE_PEMILIHAN_SAMPEL)
        self.choice("5.3", "metode_sampel", codes.METODE_SAMPEL)
        self.choice("5.4", "kerangka_sampel", codes.KERANGKA_SAMPEL)
        for item, field in (("5.5", "fraksi_sampel"), ("5.6", "sampling_error"), ("5.7", "unit_sampel"),
                            ("5.8", "unit_observasi")):  # fmt: skip
            self.text(item, field)

        self.heading("VI")
        self.choice("6.1", "uji_coba", codes.UJI_COBA)
        self.flags("6.2", "pemeriksaan_kualitas", codes.METODE_PEMERIKSAAN_KUALITAS)
        self.choice("6.3", "penyesuaian_nonrespon", codes.PENYESUAIAN_NONRESPON)
        self.choice("6.4", "petugas", codes.PETUGAS_PENGUMPULAN_DATA)
        self.choice("6.5", "pendidikan_petugas", codes.PENDIDIKAN_PETUGAS)
        self.text("6.6", "jumlah_supervisor", "Jumlah Petugas: Supervisor/penyelia/pengawas")
        self.text("6.6", "jumlah_enumerator", "Jumlah Petugas: Pengumpul data/enumerator")
        self.choice("6.7", "pelatihan_petugas", codes.PELATIHAN_PETUGAS)

        self.heading("VII")
        self.answers("7.1", "tahapan_pengolahan", codes.TAHAPAN_PENGOLAHAN_DATA)
        self.choice("7.2", "metode_analisis", codes.METODE_ANALISIS)
        self.flags("7.3", "unit_analisis", codes.UNIT_ANALISIS)
        self.flags("7.4", "tingkat_penyajian", codes.TINGKAT_PENYAJIAN)

        self.heading("VIII")
        self.answers("8.1", "produk", codes.PRODUK_KEGIATAN)
        dates = a.rencana_rilis or {}
        for product in codes.PRODUK_KEGIATAN:
            date = dates.get(product.value)
            self.rows.append(Row("8.2", f"Rencana Rilis: {product.label}", _date(date) if date else None))
        return self.rows


def _kegiatan_sheet(
    sheet: Any, formats: _Formats, activity: StatisticalActivity, variables: Sequence[Variable]
) -> None:
    _identity(sheet, formats, "KEGIATAN", activity, 4)
    top = 4
    for col, (name, width) in enumerate((("Rincian", 9), ("Pertanyaan", 60), ("Jawaban", 60), ("Kode", 8))):
        sheet.write_string(top, col, name, formats.header)
        sheet.set_column(col, col, width)
    for offset, row in enumerate(_Keg(activity, variables).build(), start=top + 1):
        if row.heading:
            sheet.merge_range(offset, 0, offset, 3, row.heading, formats.heading)
            continue
        _write(sheet, offset, 0, row.item, formats.code)
        _write(sheet, offset, 1, row.question, formats.cell)
        _write(sheet, offset, 2, row.answer, formats.cell)
        _write(sheet, offset, 3, row.code, formats.code)
    sheet.freeze_panes(top + 1, 0)


# --- MS-Var and MS-Ind -------------------------------------------------------------------------


def _table_head(sheet: Any, formats: _Formats, columns: Sequence[tuple[str, str]], widths: Sequence[int]) -> int:
    """Names on row 4, numbers on row 5; returns the first data row."""
    for col, ((number, name), width) in enumerate(zip(columns, widths, strict=True)):
        sheet.write_string(4, col, name, formats.header)
        _write(sheet, 5, col, number, formats.number)
        sheet.set_column(col, col, width)
    sheet.freeze_panes(6, 2)
    return 6


def _yes_no(value: str) -> str:
    return codes.YA_TIDAK.by_value(value).label if value else ""


def _sds(row: Variable | Indicator) -> str:
    return row.standard.sds_code if row.standard else ""


def _variable_sheet(
    sheet: Any, formats: _Formats, activity: StatisticalActivity, variables: Sequence[Variable]
) -> None:
    _identity(sheet, formats, "VARIABEL", activity, len(VARIABLE_COLUMNS))
    row = _table_head(sheet, formats, VARIABLE_COLUMNS, VARIABLE_WIDTHS)
    for variable in variables:
        values = variable_cells(variable)
        for col, value in enumerate(values):
            _write(sheet, row, col, value, formats.cell)
        row += 1


def _indicator_sheet(
    sheet: Any, formats: _Formats, activity: StatisticalActivity, indicators: Sequence[Indicator]
) -> None:
    _identity(sheet, formats, "INDIKATOR", activity, len(INDICATOR_COLUMNS))
    row = _table_head(sheet, formats, INDICATOR_COLUMNS, INDICATOR_WIDTHS)
    for indicator in indicators:
        values, builders = indicator_cells(indicator)
        height = max(1, len(builders))
        for col, value in enumerate(values):
            if col in BUILDER_COLUMNS:
                continue
            if height > 1:
                sheet.merge_range(row, col, row + height - 1, col, None, formats.cell)
            _write(sheet, row, col, value, formats.cell)
        for offset in range(height):
            line = builders[offset] if offset < len(builders) else [None] * len(BUILDER_COLUMNS)
            for col, value in zip(BUILDER_COLUMNS, line, strict=True):
                _write(sheet, row + offset, col, value, formats.cell)
        row += height
