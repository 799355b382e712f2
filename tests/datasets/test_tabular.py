"""Reading uploaded CSV and workbooks into a DuckDB table of text columns (satudata.datasets.tabular)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
import xlsxwriter
from django.test import override_settings

from satudata.datasets.tabular import MAX_COLUMNS, SourceError, SourceTable, preview, read_source
from satudata.store import connect


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = connect()
    yield connection
    connection.close()


@pytest.fixture
def store_dir(tmp_path: Path) -> Iterator[Path]:
    """A store directory of the test's own, where temporary files go (satudata.store.tmp_path)."""
    root = tmp_path / "store"
    with override_settings(STORE_DIR=root):
        yield root


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def rows(con: duckdb.DuckDBPyConnection, source: SourceTable) -> list[tuple[Any, ...]]:
    """Every row of the table, ``__row`` first, in file order."""
    return con.execute(f'SELECT * FROM "{source.table}" ORDER BY "__row"').fetchall()


def read(con: duckdb.DuckDBPyConnection, path: Path, **kwargs: Any) -> SourceTable:
    kwargs.setdefault("original_name", path.name)
    return read_source(con, path, **kwargs)


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith(".tmp-"))


# ---------------------------------------------------------------------------------------------
# CSV: encodings and delimiters


def test_utf8_comma_csv(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = write(tmp_path, "penduduk.csv", "kode,kecamatan,jumlah\n35.14.01,Purwodadi,12000\n35.14.02,Tutur,8000\n")
    source = read(con, path)
    assert source.headers == ["kode", "kecamatan", "jumlah"]
    assert (source.encoding, source.delimiter, source.header_row, source.rows) == ("utf-8", ",", 1, 2)
    assert (source.sheet, source.sheets, source.skipped) == ("", (), ())
    assert rows(con, source) == [(2, "35.14.01", "Purwodadi", "12000"), (3, "35.14.02", "Tutur", "8000")]
    types = con.execute(f'DESCRIBE "{source.table}"').fetchall()
    assert [(t[0], t[1]) for t in types] == [
        ("__row", "BIGINT"),
        ("kode", "VARCHAR"),
        ("kecamatan", "VARCHAR"),
        ("jumlah", "VARCHAR"),
    ]


def test_utf8_bom_semicolon_csv_with_decimal_commas(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    # Decimal commas in every data row: the header (no comma at all) is what makes ";" win.
    path = write(
        tmp_path, "luas.csv", "\ufeffKecamatan;Luas (km²);Kepadatan\nBangil;44,52;1.987,5\nBeji;39,91;2.103,1\n"
    )
    source = read(con, path)
    assert (source.encoding, source.delimiter) == ("utf-8-sig", ";")
    assert source.headers == ["Kecamatan", "Luas (km²)", "Kepadatan"]
    assert rows(con, source) == [(2, "Bangil", "44,52", "1.987,5"), (3, "Beji", "39,91", "2.103,1")]


def test_cp1252_csv_is_transcoded_and_the_temporary_file_removed(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, store_dir: Path
) -> None:
    upload_dir = tmp_path / "upload"
    upload_dir.mkdir()
    data = "Nama;Keterangan\r\nCafé Bangil;“Baru” dibuka\r\nToko Beji;–\r\n".encode("cp1252")
    assert b"\x93" in data and b"\x94" in data and b"\xe9" in data
    path = write(upload_dir, "usaha.csv", data)
    source = read(con, path)
    assert source.encoding == "cp1252"
    assert source.headers == ["Nama", "Keterangan"]
    assert rows(con, source) == [(2, "Café Bangil", "“Baru” dibuka"), (3, "Toko Beji", "–")]
    # The transcoded copy was made in the store directory (store.tmp_path creates it) and removed.
    assert store_dir.is_dir()
    assert leftovers(store_dir) == [] and leftovers(upload_dir) == []


def test_cp1252_transcoding_leaves_nothing_beside_the_upload(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, store_dir: Path
) -> None:
    path = write(tmp_path, "a.csv", "Nama,Nilai\nJosé,1\n".encode("cp1252"))
    assert rows(con, read(con, path)) == [(2, "José", "1")]
    assert leftovers(tmp_path) == [] and leftovers(store_dir) == []


def test_tab_separated(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = write(tmp_path, "sekolah.tsv", "Desa\tSD\tSMP\nKalirejo\t3\t1\nGempol\t5\t2\n")
    source = read(con, path)
    assert source.delimiter == "\t"
    assert rows(con, source) == [(2, "Kalirejo", "3", "1"), (3, "Gempol", "5", "2")]


def test_pipe_delimited_txt(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    # "1|2" is data: plain numbers only make a numbering row from three columns on.
    path = write(tmp_path, "data.txt", "a|b\n1|2\n")
    source = read(con, path)
    assert (source.delimiter, source.skipped) == ("|", ())
    assert rows(con, source) == [(2, "1", "2")]


# ---------------------------------------------------------------------------------------------
# CSV: header, numbering row, notes, line numbers


GOVERNMENT_CSV = (
    "PEMERINTAH KABUPATEN PASURUAN;;;\n"  # 1
    "Jumlah Penduduk Menurut Kecamatan Tahun 2024;;;\n"  # 2
    ";;;\n"  # 3
    "Kode;Kecamatan;Laki-laki;Perempuan\n"  # 4
    "(1);(2);(3);(4)\n"  # 5
    "35.14.01;Purwodadi;17.012;17.345\n"  # 6
    "35.14.02;Tutur;26.120;\n"  # 7: empty last field
    "35.14.03;Puspo\n"  # 8: missing trailing fields
    "Jumlah;;43.132;17.345\n"  # 9
    ";;;\n"  # 10
    "Sumber: BPS Kabupaten Pasuruan;;;\n"  # 11
    "Catatan: angka sementara;;;\n"  # 12
)


def test_title_rows_numbering_row_and_notes(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    source = read(con, write(tmp_path, "penduduk.csv", GOVERNMENT_CSV))
    assert source.header_row == 4
    assert source.headers == ["Kode", "Kecamatan", "Laki-laki", "Perempuan"]
    assert source.rows == 4
    assert source.skipped == (
        (5, "baris penomoran kolom di bawah judul kolom"),
        (11, "catatan di bawah tabel"),
        (12, "catatan di bawah tabel"),
    )
    assert rows(con, source) == [
        (6, "35.14.01", "Purwodadi", "17.012", "17.345"),
        (7, "35.14.02", "Tutur", "26.120", None),
        (8, "35.14.03", "Puspo", None, None),
        (9, "Jumlah", None, "43.132", "17.345"),
    ]


def test_plain_numbering_row(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    source = read(con, write(tmp_path, "a.csv", "No,Desa,Jumlah\n1,2,3\n1,Kalirejo,12\n2,Gempol,7\n"))
    assert source.skipped == ((2, "baris penomoran kolom di bawah judul kolom"),)
    assert rows(con, source) == [(3, "1", "Kalirejo", "12"), (4, "2", "Gempol", "7")]


def test_explicit_header_row(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    # Line 2 looks like a header to the detector (words only); the user says the header is line 3.
    path = write(tmp_path, "a.csv", "Tabel 1\nIndikator,Satuan,Target\nkode,nama,nilai\nA1,persen,90\n")
    assert read(con, path).header_row == 2
    source = read(con, path, header_row=3)
    assert (source.header_row, source.headers) == (3, ["kode", "nama", "nilai"])
    assert rows(con, source) == [(4, "A1", "persen", "90")]


def test_explicit_header_row_past_the_sniffed_start(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    preamble = "Catatan metodologi yang panjang sekali, baris demi baris\n" * 2499  # about 140 KB
    source = read(con, write(tmp_path, "a.csv", preamble + "kode,nilai\nA1,90\n"), header_row=2500)
    assert (source.header_row, source.headers) == (2500, ["kode", "nilai"])
    assert rows(con, source) == [(2501, "A1", "90")]


def test_header_row_beyond_the_file(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", "a,b\n1,2\n")
    with pytest.raises(SourceError, match=r"Baris judul kolom 40 tidak ada: berkas a\.csv hanya memiliki 2 baris"):
        read(con, path, header_row=40)


def test_row_numbers_count_blank_lines_and_quoted_line_breaks(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    text = (
        "Judul\n"  # 1
        "\n"  # 2
        "nama,alamat,rt\n"  # 3
        'Ani,"Jl. Raya 1\nBangil",01\n'  # 4-5
        "\n"  # 6
        "\n"  # 7
        "Budi,Beji,02\n"  # 8
        'Cici,"Dusun ""Krajan""\r\nGempol",03\n'  # 9-10
        "Dedi,Pandaan,04"  # 11, no final line break
    )
    source = read(con, write(tmp_path, "warga.csv", text))
    assert source.header_row == 3
    assert rows(con, source) == [
        (4, "Ani", "Jl. Raya 1\nBangil", "01"),
        (8, "Budi", "Beji", "02"),
        (9, "Cici", 'Dusun "Krajan"\r\nGempol', "03"),
        (11, "Dedi", "Pandaan", "04"),
    ]


def test_row_numbers_with_crlf_and_blank_lines(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", "a;b\r\n1;2\r\n\r\n\r\n3;4\r\n\r\n")
    assert rows(con, read(con, path)) == [(2, "1", "2"), (5, "3", "4")]


def test_row_numbers_over_a_large_file_read_in_parallel(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = tmp_path / "besar.csv"
    con.execute(
        f"COPY (SELECT i AS no, '35.14.' || lpad((i % 24 + 1)::VARCHAR, 2, '0') AS kode, 'Desa ' || i AS nama "
        f"FROM range(1, 300001) t(i)) TO '{path}' (FORMAT csv, HEADER true)"
    )
    source = read(con, path)
    assert source.rows == 300_000
    mismatched = con.execute('SELECT count(*) FROM source WHERE "__row" <> no::BIGINT + 1').fetchone()
    assert mismatched == (0,)
    assert rows(con, source)[-1] == (300_001, "300000", "35.14.01", "Desa 300000")


UNCLOSED = 'ada tanda kutip (") yang dibuka tetapi tidak ditutup'


def desa_lines(count: int, *, quote_at: int = 0, first_cell: bool = False) -> list[str]:
    """Data lines "35.14.01,Desa 1,10", ...; row ``quote_at`` opens a quote it never closes, in
    its second cell or, with ``first_cell``, in its first."""
    out = []
    for i in range(1, count + 1):
        kode, nama = f"35.14.{i:02d}", f"Desa {i}"
        if i == quote_at:
            kode, nama = (f'"{kode}', nama) if first_cell else (kode, f'"{nama}')
        out.append(f"{kode},{nama},{i * 10}\n")
    return out


@pytest.mark.parametrize("first_cell", [False, True])
def test_an_unclosed_quote_in_a_small_file_names_its_line(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, first_cell: bool
) -> None:
    # In the 64 KB sample the quote looks like a cell running to the end of the file, so DuckDB's
    # serial reader is used, which silently stopped there: 25 or 26 of 49 rows were loaded.
    text = "kode,nama,jumlah\n" + "".join(desa_lines(49, quote_at=26, first_cell=first_cell))
    with pytest.raises(SourceError) as info:
        read(con, write(tmp_path, "desa.csv", text))
    assert str(info.value) == f"Berkas desa.csv tidak dapat dibaca pada baris 27: {UNCLOSED}."


def test_an_unclosed_quote_after_quoted_line_breaks_and_blank_lines(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    # A legitimate multi-line cell in the sample; the bad quote past it, 64 KB further on.
    head = 'kode,nama,jumlah\n35.14.00,"Desa\nBaru\n",0\n\n'  # lines 1-5
    body = desa_lines(5000, quote_at=4000)  # lines 6-5005: row i on line i + 5
    with pytest.raises(SourceError, match=r"pada baris 4\.005: ada tanda kutip"):
        read(con, write(tmp_path, "desa.csv", head + "".join(body)))


def test_an_unclosed_quote_after_a_line_break_past_the_sample(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    # The parallel reader meets the quoted line break, the serial one reads the file again.
    body = desa_lines(5000, quote_at=4500, first_cell=True)
    body[3999] = '35.14.x,"Desa\nBaru",0\n'  # lines 4001-4002, some 90 KB in
    with pytest.raises(SourceError, match=r"pada baris 4\.502: ada tanda kutip"):
        read(con, write(tmp_path, "desa.csv", "kode,nama,jumlah\n" + "".join(body)))


@pytest.mark.parametrize("end", ["\n", "", "\n\n\n"])
def test_an_unclosed_quote_on_the_last_line(con: duckdb.DuckDBPyConnection, tmp_path: Path, end: str) -> None:
    # Nothing follows to go missing, but the rest of the last line would have.
    text = 'kode,nama,jumlah\n35.14.01,"Desa\nBaru",1\n35.14.02,Desa 2,2\n35.14.03,"Desa 3,3' + end
    with pytest.raises(SourceError, match=r"pada baris 5: ada tanda kutip"):
        read(con, write(tmp_path, "desa.csv", text))


def test_an_unclosed_quote_in_a_large_file(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    # Read in parallel, DuckDB reports it itself (its line number counts records).
    text = "kode,nama,jumlah\n" + "".join(desa_lines(5000, quote_at=4000))
    with pytest.raises(SourceError, match=r"pada baris 4\.001: ada tanda kutip"):
        read(con, write(tmp_path, "desa.csv", text))


def test_quoted_line_breaks_load_every_row(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    body = desa_lines(49)
    body[25] = '35.14.26,"Desa\nDua Puluh\r\nEnam",260\n'  # lines 27-29
    body.insert(40, "\n")  # line 42 is blank
    body[-1] = '35.14.49,"Desa\n49",490\n\n'  # the last row spans two lines, then a blank line
    source = read(con, write(tmp_path, "desa.csv", "kode,nama,jumlah\n" + "".join(body)))
    assert source.rows == 49
    loaded = rows(con, source)
    # Rows 1-25 on lines 2-26, row 26 on 27-29, rows 27-40 on 30-43, a blank line, rows 41-48 on
    # 45-52, row 49 on 53-54, a blank line.
    assert [r[0] for r in loaded] == [*range(2, 28), *range(30, 44), *range(45, 54)]
    assert loaded[25] == (27, "35.14.26", "Desa\nDua Puluh\r\nEnam", "260")
    assert loaded[-1] == (53, "35.14.49", "Desa\n49", "490")


def test_a_quoted_cell_with_an_empty_line_still_loads(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    # Its empty line is also counted as a blank one, so __row runs one line late after it (see the
    # module docstring); the quote check must not take that for a missing line.
    text = 'kode,catatan\n1,"baris satu\n\nbaris tiga"\n2,"dua\nbaris"\n3,tiga\n'
    source = read(con, write(tmp_path, "a.csv", text))
    assert [r[1:] for r in rows(con, source)] == [
        ("1", "baris satu\n\nbaris tiga"),
        ("2", "dua\nbaris"),
        ("3", "tiga"),
    ]


def test_values_are_trimmed_and_empty_values_are_null(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    text = 'nama,nilai,catatan\n  Bangil ,\u00a012\u00a0,"  "\n\tBeji,"  7 ",\n,,\n Gempol,3,ok\n'
    source = read(con, write(tmp_path, "a.csv", text))
    assert rows(con, source) == [
        (2, "Bangil", "12", None),
        (3, "Beji", "7", None),
        (5, "Gempol", "3", "ok"),
    ]


def test_header_names_are_cleaned(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    text = 'Nama,"Jumlah\nPenduduk", ,NAMA,nama,__row\nA,1,x,B,C,D\n'
    source = read(con, write(tmp_path, "a.csv", text))
    assert source.headers == ["Nama", "Jumlah Penduduk", "kolom_3", "NAMA (2)", "nama (3)", "__row (2)"]
    assert source.header_row == 1
    assert rows(con, source) == [(3, "A", "1", "x", "B", "C", "D")]


def test_trailing_delimiters_do_not_make_columns(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    source = read(con, write(tmp_path, "a.csv", "a;b;;;\n1;2;;;\n3;;;;\n"))
    assert source.headers == ["a", "b"]
    assert rows(con, source) == [(2, "1", "2"), (3, "3", None)]


def test_a_row_wider_than_the_header_names_the_line(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    body = "".join(f"{i},x\n" for i in range(20_000))  # past the 64 KB the header is sniffed from
    path = write(tmp_path, "a.csv", "a,b\n" + body + "1,2,3,4\n")
    with pytest.raises(SourceError) as info:
        read(con, path)
    message = str(info.value)
    assert "a.csv" in message and "baris 20.002" in message and "kolom" in message
    assert "Traceback" not in message


def test_desa_names_starting_with_sumber_are_data(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    source = read(con, write(tmp_path, "a.csv", "Desa\nSumbergedang\nSumberrejo\n"))
    assert (source.rows, source.skipped) == (2, ())


# ---------------------------------------------------------------------------------------------
# CSV: files that cannot be read


def test_empty_file(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="Berkas kosong"):
        read(con, write(tmp_path, "kosong.csv", b""))


def test_whitespace_only_file(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="Berkas kosong"):
        read(con, write(tmp_path, "kosong.csv", b"  \r\n\n\t\n"))


def test_binary_garbage_named_csv(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    noise = random.Random(20240131).randbytes(4096)
    path = write(tmp_path, "foto.csv", b"\x89PNG\r\n\x1a\n" + noise)
    with pytest.raises(SourceError, match=r"Berkas foto.csv bukan berkas teks CSV yang dapat dibaca"):
        read(con, path)


def test_workbook_named_csv(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = write(tmp_path, "data.csv", b"PK\x03\x04" + bytes(200))
    with pytest.raises(SourceError, match=r"bukan berkas teks CSV yang dapat dibaca: isinya berkas Excel"):
        read(con, path)


def test_utf8_text_with_a_stray_byte_is_refused(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", "nama\nJosé\n".encode() + b"x" * 70_000 + b"\nRen\xe9\n")
    with pytest.raises(SourceError, match="baris 4 memuat karakter yang bukan UTF-8"):
        read(con, path)


def test_undefined_windows_1252_byte_is_refused_and_the_temporary_file_removed(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, store_dir: Path
) -> None:
    path = write(tmp_path, "a.csv", b"nama\n" + b"Jos\xe9\n" * 40_000 + b"\x81\n")
    with pytest.raises(SourceError, match=r"baris 40\.002 memuat byte 0x81 yang bukan teks UTF-8 maupun Windows-1252"):
        read(con, path)
    assert store_dir.is_dir() and leftovers(store_dir) == []


def test_ten_thousand_columns(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    header = ",".join(f"k{i}" for i in range(10_000))
    path = write(tmp_path, "lebar.csv", header + "\n" + ",".join("1" for _ in range(10_000)) + "\n")
    with pytest.raises(SourceError) as info:
        read(con, path)
    assert str(info.value) == "Berkas lebar.csv memiliki 10.000 kolom; paling banyak 1.000 kolom."
    assert MAX_COLUMNS == 1000


def test_unsupported_extension(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = write(tmp_path, "laporan.pdf", b"%PDF-1.7")
    with pytest.raises(SourceError) as info:
        read(con, path)
    assert str(info.value) == "Jenis berkas .pdf tidak didukung; unggah CSV atau XLSX."


def test_insertion_order_setting_is_restored(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    con.execute("SET preserve_insertion_order = false")
    source = read(con, write(tmp_path, "a.csv", "a\n1\n2\n"))
    assert rows(con, source) == [(2, "1"), (3, "2")]
    assert con.execute("SELECT current_setting('preserve_insertion_order')").fetchone() == (False,)


# ---------------------------------------------------------------------------------------------
# Workbooks


def government_workbook(path: Path) -> Path:
    """A sheet as government offices make them, plus a second sheet and an empty first sheet."""
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Sampul")  # empty cover sheet: skipped when no sheet is named
    sheet = book.add_worksheet("Penduduk")
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write(0, 0, "PEMERINTAH KABUPATEN PASURUAN")  # 1: title row
    sheet.merge_range(1, 0, 1, 4, "Jumlah Penduduk Menurut Kecamatan Tahun 2024")  # 2: merged title
    sheet.merge_range(3, 0, 4, 0, "Kecamatan")  # 4-5: merged down both header rows
    sheet.merge_range(3, 1, 3, 2, "Jumlah Penduduk")  # 4: group over two columns
    sheet.write(4, 1, "Laki-laki")  # 5
    sheet.write(4, 2, "Perempuan")
    sheet.merge_range(3, 3, 4, 3, "Rasio  Jenis\nKelamin")
    sheet.merge_range(3, 4, 4, 4, "Tanggal Data")
    for j in range(5):
        sheet.write_string(5, j, f"({j + 1})")  # 6: numbering row
    data = [
        ("Purwodadi", 17012, 17345, 98.08, dt.datetime(2024, 6, 30)),  # 7
        ("Tutur", 26120, 25998.0, 100.47, dt.datetime(2024, 6, 30)),  # 8
        ("  Puspo ", 14002, 13500, 103.7185, None),  # 9
    ]
    for i, (name, men, women, ratio, when) in enumerate(data, start=6):
        sheet.write_string(i, 0, name)
        sheet.write_number(i, 1, men)
        sheet.write_number(i, 2, women)
        sheet.write_number(i, 3, ratio)
        if when:
            sheet.write_datetime(i, 4, when, date)
    sheet.merge_range(10, 0, 10, 4, "Sumber: BPS")  # 11, after an empty row 10
    other = book.add_worksheet("Sekolah")
    other.write_row(2, 1, ["Desa", "SD", "Aktif", "Diperbarui"])  # starts at B3
    other.write_row(3, 1, ["Kalirejo", 3])
    other.write_boolean(3, 3, True)
    other.write_datetime(3, 4, dt.datetime(2024, 1, 31, 8, 30), book.add_format({"num_format": "yyyy-mm-dd hh:mm"}))
    other.write_row(4, 1, ["Gempol", 0.1 + 0.2])
    other.write_boolean(4, 3, False)
    book.close()
    return path


def test_government_sheet(con: duckdb.DuckDBPyConnection, tmp_path: Path, store_dir: Path) -> None:
    path = government_workbook(tmp_path / "penduduk.xlsx")
    source = read(con, path)
    assert source.sheet == "Penduduk"
    assert source.sheets == ("Sampul", "Penduduk", "Sekolah")
    assert (source.encoding, source.delimiter) == ("", "")
    assert source.headers == [
        "Kecamatan",
        "Jumlah Penduduk Laki-laki",
        "Jumlah Penduduk Perempuan",
        "Rasio Jenis Kelamin",
        "Tanggal Data",
    ]
    assert source.header_row == 5
    assert source.rows == 3
    assert source.skipped == ((6, "baris penomoran kolom di bawah judul kolom"), (11, "catatan di bawah tabel"))
    assert rows(con, source) == [
        (7, "Purwodadi", "17012", "17345", "98.08", "2024-06-30"),
        (8, "Tutur", "26120", "25998", "100.47", "2024-06-30"),
        (9, "Puspo", "14002", "13500", "103.7185", None),
    ]
    assert store_dir.is_dir() and leftovers(store_dir) == [] and leftovers(tmp_path) == []


def test_explicit_header_row_keeps_the_group_header(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = government_workbook(tmp_path / "penduduk.xlsx")
    source = read(con, path, sheet="Penduduk", header_row=5)
    assert source.headers[:3] == ["Kecamatan", "Jumlah Penduduk Laki-laki", "Jumlah Penduduk Perempuan"]
    assert [r[0] for r in rows(con, source)] == [7, 8, 9]


def test_header_row_beyond_the_sheet(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = government_workbook(tmp_path / "data.xlsx")
    with pytest.raises(SourceError, match=r'Baris judul kolom 50 tidak ada: lembar "Penduduk" hanya memiliki 11 baris'):
        read(con, path, header_row=50)


def test_sheet_chosen_by_name(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = government_workbook(tmp_path / "data.xlsx")
    source = read(con, path, sheet="Sekolah")
    assert (source.sheet, source.header_row) == ("Sekolah", 3)
    assert source.headers == ["Desa", "SD", "Aktif", "Diperbarui"]
    assert rows(con, source) == [
        (4, "Kalirejo", "3", "TRUE", "2024-01-31T08:30:00"),
        (5, "Gempol", "0.3", "FALSE", None),
    ]


def test_unknown_sheet_lists_the_sheets(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = government_workbook(tmp_path / "data.xlsx")
    with pytest.raises(SourceError) as info:
        read(con, path, sheet="Kesehatan")
    assert str(info.value) == (
        'Lembar "Kesehatan" tidak ada di data.xlsx. Lembar yang tersedia: "Sampul", "Penduduk", "Sekolah".'
    )


def test_empty_sheet_chosen_by_name(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = government_workbook(tmp_path / "data.xlsx")
    with pytest.raises(SourceError, match=r'Lembar "Sampul" di data\.xlsx kosong'):
        read(con, path, sheet="Sampul")


def test_truncated_xlsx(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    whole = government_workbook(tmp_path / "utuh.xlsx").read_bytes()
    path = write(tmp_path, "rusak.xlsx", whole[: len(whole) // 2])
    with pytest.raises(SourceError, match=r"^Berkas XLSX rusak atau tidak lengkap: rusak.xlsx"):
        read(con, path)


def test_text_file_named_xlsx(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = write(tmp_path, "data.xlsx", "a,b\n1,2\n")
    with pytest.raises(SourceError, match=r"^Berkas XLSX rusak atau tidak lengkap"):
        read(con, path)


def test_upload_path_without_extension(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    # Django keeps uploads under temporary names; only original_name carries the extension.
    upload = tmp_path / "upload-7f3a"
    upload.write_bytes(government_workbook(tmp_path / "x.xlsx").read_bytes())
    source = read_source(con, upload, original_name="Penduduk 2024.XLSX", table="unggahan")
    assert (source.table, source.rows) == ("unggahan", 3)


def test_too_many_columns_in_a_sheet(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    book = xlsxwriter.Workbook(str(tmp_path / "lebar.xlsx"))
    book.add_worksheet("Data").write_row(0, 0, [f"k{i}" for i in range(1500)])
    book.close()
    with pytest.raises(SourceError) as info:
        read(con, tmp_path / "lebar.xlsx")
    assert str(info.value) == "Berkas lebar.xlsx memiliki 1.500 kolom; paling banyak 1.000 kolom."


# ---------------------------------------------------------------------------------------------
# preview


def test_preview(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    source = read(con, write(tmp_path, "penduduk.csv", GOVERNMENT_CSV))
    assert preview(con, source, limit=2) == [
        ["35.14.01", "Purwodadi", "17.012", "17.345"],
        ["35.14.02", "Tutur", "26.120", None],
    ]
    book = read(con, government_workbook(tmp_path / "p.xlsx"), table="buku")
    assert preview(con, book) == [
        ["Purwodadi", "17012", "17345", "98.08", "2024-06-30"],
        ["Tutur", "26120", "25998", "100.47", "2024-06-30"],
        ["Puspo", "14002", "13500", "103.7185", None],
    ]
    assert preview(con, source, limit=0) == []


@pytest.mark.parametrize(
    "data",
    [
        b"Jumlah Puskesmas (data contoh)\n\nkode;jumlah\r\n35.14.01;1\r\n35.14.02;2\r\n35.14.03;3\r\n",
        b"Jumlah Puskesmas (data contoh)\r\n\r\nkode;jumlah\n35.14.01;1\n35.14.02;2\n35.14.03;3",
    ],
    ids=["lf-title-crlf-data", "crlf-title-lf-data"],
)
def test_mixed_line_ends_lose_no_rows(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, store_dir: Path, data: bytes
) -> None:
    """A title typed on one system above data exported on another: every data row is read."""
    source = read(con, write(tmp_path, "campur.csv", data))
    assert source.header_row == 3 and source.headers == ["kode", "jumlah"]
    assert rows(con, source) == [(4, "35.14.01", "1"), (5, "35.14.02", "2"), (6, "35.14.03", "3")]
    assert leftovers(store_dir) == []
