"""The metadata workbook: sheets MS-Keg, MS-Var and MS-Ind in the BPS form layout (domain-reference §2)."""

import io
from typing import Any

import pytest
from django.utils import translation
from python_calamine import CalamineWorkbook

from satudata.accounts.models import Organization, User
from satudata.metadata.models import StatisticalActivity
from satudata.metadata.workbook import export_workbook
from satudata.planning.models import Cycle

# The survey of the INDAH tests, with its variables, indicators and Standar Data (fixtures used by name).
from tests.metadata.test_indah import standard, survey  # noqa: F401

TITLE = "Survei Status Gizi Balita Kabupaten Pasuruan"


def sheets(content: bytes) -> dict[str, list[list[Any]]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def keg_rows(content: bytes) -> list[list[Any]]:
    """The MS-Keg table, from its header row on (under the title and identity rows)."""
    return sheets(content)["MS-Keg"][4:]


def find(rows: list[list[Any]], item: str, question: str) -> list[Any]:
    matches = [row for row in rows if row[0] == item and question in str(row[1])]
    assert len(matches) == 1, (item, question, matches)
    return matches[0]


@pytest.mark.usefixtures("pasuruan_wilayah")
def test_the_three_sheets_in_the_form_layout(survey: StatisticalActivity) -> None:  # noqa: F811
    book = sheets(export_workbook(survey))
    assert list(book) == ["MS-Keg", "MS-Var", "MS-Ind"]
    assert book["MS-Keg"][0][0] == f"METADATA STATISTIK KEGIATAN — {TITLE}"
    assert book["MS-Var"][0][0] == f"METADATA STATISTIK VARIABEL — {TITLE}"
    assert book["MS-Ind"][0][0] == f"METADATA STATISTIK INDIKATOR — {TITLE}"
    assert book["MS-Keg"][2][0] == "Instansi Penyelenggara: Dinas Kesehatan Kabupaten Pasuruan"


@pytest.mark.usefixtures("pasuruan_wilayah")
def test_ms_keg_lists_every_item_in_form_order_with_legacy_codes(survey: StatisticalActivity) -> None:  # noqa: F811
    rows = keg_rows(export_workbook(survey))
    assert rows[0] == ["Rincian", "Pertanyaan", "Jawaban", "Kode"]
    assert rows[1][0] == "Halaman Awal" and find(rows, "", "Judul Kegiatan")[2] == TITLE
    assert find(rows, "", "Tahun")[2] == 2026
    assert find(rows, "", "Cara Pengumpulan Data")[2:] == ["Survei", 2]
    assert find(rows, "", "Sektor Kegiatan")[2:] == ["Kesehatan", 9]
    assert find(rows, "", "rekomendasi kegiatan statistik dari BPS")[2:] == ["Ya", 1]
    assert find(rows, "1.2", "Surel")[2] == "dinkes@pasuruankab.go.id"
    assert find(rows, "2.2", "Penanggung Jawab Teknis: Nama")[2] == "dr. Anisa Rahma"
    assert find(rows, "3.3", "B. Pengumpulan — 3. Pengumpulan Data")[2] == "02-03-2026 s.d. 30-04-2026"
    assert find(rows, "3.4", "No. 1")[2] == "Jenis Kelamin Balita"
    assert find(rows, "4.2", "Frekuensi Penyelenggaraan")[2:] == ["Tahunan", 7]
    assert find(rows, "4.5", "Wilayah Kegiatan")[2] == "35.14 Kabupaten Pasuruan"
    # the multi-choice item as the legacy form prints it: 1 Wawancara + 4 Pengamatan = 5
    assert find(rows, "4.6", "Metode Pengumpulan Data")[2:] == ["Wawancara, Pengamatan (observasi)", 5]
    assert find(rows, "4.7", "Sarana Pengumpulan Data")[3] == 2
    assert find(rows, "5.3", "Metode yang Digunakan")[2:] == ["Stratified Random Sampling", 3]
    assert find(rows, "5.5", "Fraksi Sampel")[2] == 0.02
    assert find(rows, "6.3", "Nonrespon")[2:] == ["Tidak", 2]
    assert find(rows, "6.6", "enumerator")[2] == 96
    assert find(rows, "7.1", "Penyandian (Coding)")[2:] == ["Ya", 1]
    assert find(rows, "7.4", "Tingkat Penyajian")[2:] == ["Kabupaten/Kota, Kecamatan", 12]
    assert find(rows, "8.1", "Tercetak")[2:] == ["Tidak", 2]
    assert find(rows, "8.2", "Digital")[2] == "15-07-2026"
    items = [row[0] for row in rows[1:] if row[0] and row[1]]
    order = ["1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7",
             "4.8", "5.1", "5.2", "5.3", "5.4", "5.5", "5.6", "5.7", "5.8", "6.1", "6.2", "6.3", "6.4", "6.5", "6.6",
             "6.7", "7.1", "7.2", "7.3", "7.4", "8.1", "8.2"]  # fmt: skip
    assert list(dict.fromkeys(items)) == order
    headings = [row[0] for row in rows[1:] if row[0] and not row[1]]
    assert headings[1:] == ["Blok I. Penyelenggara", "Blok II. Penanggung Jawab", "Blok III. Perencanaan dan Persiapan",
                            "Blok IV. Desain Kegiatan", "Blok V. Desain Sampel", "Blok VI. Pengumpulan Data",
                            "Blok VII. Pengolahan dan Analisis", "Blok VIII. Diseminasi Hasil"]  # fmt: skip


def test_ms_var_has_the_numbered_columns(survey: StatisticalActivity) -> None:  # noqa: F811
    rows = sheets(export_workbook(survey))["MS-Var"]
    header, numbers = rows[4], rows[5]
    assert [n for n in numbers if n] == [f"({n})" for n in range(1, 13)]
    assert header[:9] == ["No", "Nama Variabel", "Alias", "Konsep", "Definisi", "Referensi Pemilihan", "Referensi Waktu",
                          "Ukuran", "Satuan"]  # fmt: skip
    column = {name: index for index, name in enumerate(header)}
    sex, height = rows[6], rows[7]
    assert sex[0] == 1 and sex[column["Nama Variabel"]] == "Jenis Kelamin Balita"
    assert sex[column["Klasifikasi Isian"]] == "1 = Laki-laki\n2 = Perempuan"
    assert sex[column["Tipe Data"]] == "Karakter" and sex[column["Apakah Variabel Dapat Diakses Umum?"]] == "Ya"
    assert height[column["Satuan"]] == "cm" and height[column["ID SDS"]] == "SDS-3514-0001"


def test_ms_ind_has_the_numbered_columns_and_a_line_per_builder(survey: StatisticalActivity) -> None:  # noqa: F811
    rows = sheets(export_workbook(survey))["MS-Ind"]
    header, numbers = rows[4], rows[5]
    assert [n for n in numbers if n] == [f"({n})" for n in range(1, 18)]
    assert (
        header[1] == "Nama Indikator" and header[9] == "Apakah Indikator Komposit?" and header[15] == "Level Estimasi"
    )
    stunting = rows[6:8]  # two variabel pembangun
    assert stunting[0][1] == "Prevalensi Stunting Balita" and stunting[0][9] == "Tidak"
    assert stunting[0][5].endswith("Rumus: \\frac{B_{pendek}}{B} \\times 100")
    assert [r[12:15] for r in stunting] == [
        ["Survei Status Gizi Balita", "V02", "Tinggi Badan Balita"],
        ["Survei Status Gizi Balita", "V01", "Jenis Kelamin Balita"],
    ]
    assert stunting[1][1] == ""  # merged over the builder lines
    index = rows[8:10]
    assert index[0][1] == "Indeks Gizi Balita" and index[0][9] == "Ya"
    assert [r[10:12] for r in index] == [
        ["Profil Kesehatan 2025; Kabupaten Pasuruan Dalam Angka", "Prevalensi Stunting Balita"],
        ["Profil Kesehatan 2025", "Prevalensi Wasting Balita"],
    ]


def test_written_in_indonesian_whatever_the_page_language(survey: StatisticalActivity) -> None:  # noqa: F811
    with translation.override("en"):
        content = export_workbook(survey)
    rows = keg_rows(content)
    assert rows[1][0] == "Halaman Awal" and find(rows, "3.1", "Latar Belakang Kegiatan")


def test_an_empty_activity_still_gives_every_item(
    cycle: Cycle, orgs: dict[str, Organization], people: dict[str, User]
) -> None:
    bare = StatisticalActivity.objects.create(
        cycle=cycle,
        organization=orgs["dinkes"],
        created_by=people["alice"],
        title="Kompilasi Data Puskesmas",
        year=2026,
    )
    book = sheets(export_workbook(bare))
    rows = keg_rows(export_workbook(bare))
    assert find(rows, "4.6", "Metode Pengumpulan Data")[2:] == ["", ""]
    assert find(rows, "3.4", "Variabel")[2] == ""
    assert len(book["MS-Var"]) == 6 and len(book["MS-Ind"]) == 6
    assert book["MS-Keg"][1][0] == "Kode Kegiatan: -"
