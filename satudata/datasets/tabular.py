"""Reading an uploaded CSV or spreadsheet into a DuckDB temporary table of text columns.

Government spreadsheets rarely start with their header: there are title rows above it, merged
header cells, a two-row header ("Jumlah Penduduk" over "Laki-laki" | "Perempuan"), a row numbering
the columns "(1) (2) (3)" below it and notes ("Sumber: BPS") at the bottom. :func:`read_source`
finds the header, drops the numbering and note rows and loads the rest, every value as text, into
a temporary table; mapping columns to a schema and validating values is a later step.

The created table has a BIGINT column ``__row`` first, the line (CSV) or row (sheet) number the
user sees in a text editor or in Excel, then one VARCHAR column per header. Values are trimmed;
empty cells are NULL; fully empty rows are dropped.

A CSV body is never parsed in Python: Python sniffs the first 64 KB (encoding, delimiter,
header) and scans the file's bytes once with C-speed operations (UTF-8 check, line count);
DuckDB's ``read_csv`` parses it, and trimming, numbering row and notes are SQL. A 1,000,000-row ×
8-column, 66 MB CSV loads in about 0.7-0.8 s on 2 cores, DuckDB's own read being 0.45 s of it.
``__row`` is exact for CSV files, blank lines and cells with quoted line breaks included; it is
approximate only when a quoted cell itself contains an empty line (counted twice). A quote that is
never closed is an error naming its line.

Workbooks (``.xlsx``, ``.xlsm``, ``.xls``, ``.ods``) are read with python-calamine, row by row,
converted cell by cell in Python (calamine hands over Python objects) and loaded through a
temporary CSV file: 2 µs a row against 600 µs for ``executemany``.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import python_calamine

from satudata.store import quote_ident, sql_str, tmp_path

MAX_COLUMNS = 1000
_ROW = "__row"

_CSV_EXTENSIONS = frozenset({".csv", ".txt", ".tsv"})
_BOOK_EXTENSIONS = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})
_DELIMITERS = (",", ";", "\t", "|")
_SAMPLE_BYTES = 64 * 1024
# Only when the first lines are longer than the sample (very wide files) is more read.
_SAMPLE_MAX_BYTES = 4 * 1024 * 1024
_SNIFF_LINES = 64
_CHUNK_BYTES = 4 * 1024 * 1024
_HEADER_WINDOW = 30
_HEADER_MIN_SHARE = 0.6
_TAIL_ROWS = 200
_MAX_SKIPPED = 50
# Whitespace trimmed from CSV values: ASCII whitespace and the no-break space, which Excel
# exports leave around numbers. (Workbook cells are trimmed by Python's str.strip().)
_SPACE_CLASS = "[ \t\n\r\x0b\x0c\u00a0]"
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

_NUMBER_RE = re.compile(r"[-+]?[(\[]?\s*[-+]?\d[\d.,\s]*%?\s*[)\]]?")
_DATE_RE = re.compile(r"\d{1,4}[-/]\d{1,2}[-/]\d{1,4}")
# Years are as often column headers (2022 | 2023 | 2024) as data, so they do not count as numbers.
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_NUMBERING_RE = re.compile(r"[(\[]?\s*(\d{1,4})\s*[)\]]?\.?")
# \b keeps desa names such as "Sumberrejo" out; "Ket." and "*) angka sementara" are in.
_NOTE_RE = re.compile(r"\s*(?:(?:sumber|catatan|keterangan|ket|note|notes|source)\b|\*)", re.IGNORECASE)

_REASON_NUMBERING = "baris penomoran kolom di bawah judul kolom"
_REASON_NOTE = "catatan di bawah tabel"
_REASON_QUOTE = 'ada tanda kutip (") yang dibuka tetapi tidak ditutup'


class SourceError(Exception):
    """The file cannot be read; str(exc) is a clear Indonesian message saying what and where."""


@dataclass(frozen=True)
class SourceTable:
    table: str  # name of the DuckDB TEMP table created in the connection
    headers: list[str]  # source column names, in order (cleaned, unique), without "__row"
    header_row: int  # 1-based line/row of the (lower) header row in the file or sheet
    rows: int  # data rows in the table
    sheet: str = ""  # sheet read ("" for CSV)
    sheets: tuple[str, ...] = ()  # all sheet names of a workbook (() for CSV)
    encoding: str = ""  # "utf-8", "utf-8-sig" or "cp1252" for CSV
    delimiter: str = ""  # for CSV
    # (1-based row, Indonesian reason) of the dropped numbering and note rows, at most 50 listed
    skipped: tuple[tuple[int, str], ...] = ()


def read_source(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    original_name: str,
    table: str = "source",
    sheet: str | None = None,
    header_row: int | None = None,
) -> SourceTable:
    """Load an uploaded CSV or workbook into the temporary table ``table`` of ``con`` (replacing it).

    ``original_name`` (the name the user uploaded) decides the kind of file by its extension.
    ``header_row`` (1-based) overrides header detection; ``sheet`` picks a workbook sheet by name.
    Temporary files are made by :func:`satudata.store.tmp_path` and always deleted; should a crash
    leave one behind, :func:`satudata.store.sweep` removes it.
    """
    path = Path(path)
    suffix = Path(original_name).suffix.lower()
    if suffix not in _CSV_EXTENSIONS and suffix not in _BOOK_EXTENSIONS:
        shown = suffix or "tanpa ekstensi"
        raise SourceError(f"Jenis berkas {shown} tidak didukung; unggah CSV atau XLSX.")
    if header_row is not None and header_row < 1:
        raise SourceError(f"Nomor baris judul kolom harus 1 atau lebih, bukan {header_row}.")
    try:
        with _insertion_order(con):
            if suffix in _CSV_EXTENSIONS:
                return _read_csv(con, path, original_name, table, header_row, tsv=suffix == ".tsv")
            return _read_workbook(con, path, original_name, table, sheet, header_row, suffix)
    except duckdb.Error as exc:
        # Reading errors are translated where they happen; this is the net for anything else
        # (out of memory, say), so that users never see a raw DuckDB message.
        raise SourceError(f"Berkas {original_name} tidak dapat dimuat: {_first_line(exc)}") from exc


def preview(con: duckdb.DuckDBPyConnection, source: SourceTable, limit: int = 5) -> list[list[str | None]]:
    """The first `limit` data rows, values in `headers` order."""
    if not source.headers:
        return []
    cols = ", ".join(quote_ident(h) for h in source.headers)
    rows = con.execute(
        f"SELECT {cols} FROM {quote_ident(source.table)} ORDER BY {quote_ident(_ROW)} LIMIT ?", [max(0, limit)]
    ).fetchall()
    return [list(row) for row in rows]


# ---------------------------------------------------------------------------------------------
# Shared helpers


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _too_wide(name: str, columns: int) -> SourceError:
    return SourceError(
        f"Berkas {name} memiliki {_thousands(columns)} kolom; paling banyak {_thousands(MAX_COLUMNS)} kolom."
    )


@contextmanager
def _insertion_order(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """DuckDB's insertion order on while loading: ``row_number() OVER ()`` numbers rows in file
    order only then. It is the default; a caller who turned it off gets it back off afterwards."""
    row = con.execute("SELECT current_setting('preserve_insertion_order')").fetchone()
    previous = bool(row[0]) if row else True
    if not previous:
        con.execute("SET preserve_insertion_order = true")
    try:
        yield
    finally:
        if not previous:
            con.execute("SET preserve_insertion_order = false")


def _is_number(text: str) -> bool:
    return bool(_NUMBER_RE.fullmatch(text) or _DATE_RE.fullmatch(text)) and not _YEAR_RE.fullmatch(text)


def _find_header(rows: Sequence[Sequence[str | None]]) -> int:
    """Index of the header among ``rows`` (the first non-empty rows of the file).

    The header is the first row filled at least ~60% as much as the widest row and mostly made of
    words; titles above it fill one cell. A header of numbers only is found by the second pass."""
    counts = [sum(1 for cell in row if cell) for row in rows]
    need = max(1, math.ceil(_HEADER_MIN_SHARE * max(counts, default=0)))
    for i, row in enumerate(rows):
        if counts[i] >= need and 2 * sum(1 for cell in row if cell and _is_number(cell)) <= counts[i]:
            return i
    return next((i for i, count in enumerate(counts) if count >= need), 0)


def _clean_headers(cells: Sequence[str | None], positions: Sequence[int]) -> tuple[list[str], list[bool]]:
    """Header names (whitespace collapsed, empty ones ``kolom_<position>``, duplicates suffixed
    " (2)") and which were empty. DuckDB compares identifiers case-insensitively, so do we."""
    taken = {_ROW}
    names: list[str] = []
    unnamed: list[bool] = []
    for i, position in enumerate(positions):
        text = " ".join((cells[i] or "").split()) if i < len(cells) else ""
        base = text or f"kolom_{position}"
        name, n = base, 2
        while name.casefold() in taken:
            name, n = f"{base} ({n})", n + 1
        taken.add(name.casefold())
        names.append(name)
        unnamed.append(not text)
    return names, unnamed


def _is_numbering(cells: Sequence[Any]) -> bool:
    """A row numbering the columns, all its cells in sequence from 1: ``(1) (2) (3)`` or ``[1] [2]``
    from two cells, plain ``1 2 3`` from three (a data row may well read ``1 2``)."""
    numbers: list[int] = []
    decorated = True
    for cell in cells:
        if cell is None:
            continue
        text = str(cell).strip()
        match = _NUMBERING_RE.fullmatch(text)
        if not match:
            return False
        numbers.append(int(match[1]))
        decorated = decorated and text[0] in "(["
    return len(numbers) >= (2 if decorated else 3) and numbers == list(range(1, len(numbers) + 1))


def _all_null(cols: Sequence[str]) -> str:
    return f"coalesce({', '.join(cols)}) IS NULL" if len(cols) > 1 else f"{cols[0]} IS NULL"


def _drop_empty_unnamed(
    con: duckdb.DuckDBPyConnection, table: str, headers: list[str], unnamed: list[bool]
) -> tuple[list[str], list[bool]]:
    """Drop columns without a header and without a value: trailing delimiters of Excel exports,
    empty spacer columns of a sheet."""
    candidates = [h for h, u in zip(headers, unnamed, strict=True) if u]
    if not candidates:
        return headers, unnamed
    counts = con.execute(
        f"SELECT {', '.join(f'count({quote_ident(h)})' for h in candidates)} FROM {quote_ident(table)}"
    ).fetchone()
    empty = {h for h, n in zip(candidates, counts or (), strict=True) if not n}
    if not empty or len(empty) == len(headers):
        return headers, unnamed
    for name in empty:
        con.execute(f"ALTER TABLE {quote_ident(table)} DROP COLUMN {quote_ident(name)}")
    kept = [(h, u) for h, u in zip(headers, unnamed, strict=True) if h not in empty]
    return [h for h, _ in kept], [u for _, u in kept]


def _finish(
    con: duckdb.DuckDBPyConnection, table: str, headers: list[str], unnamed: list[bool]
) -> tuple[list[str], tuple[tuple[int, str], ...], int]:
    """Drop empty rows, the numbering row and the notes at the bottom, all in SQL; returns the
    headers kept, the skipped rows and the row count."""
    t, row = quote_ident(table), quote_ident(_ROW)
    con.execute(f"DELETE FROM {t} WHERE {_all_null([quote_ident(h) for h in headers])}")
    headers, unnamed = _drop_empty_unnamed(con, table, headers, unnamed)
    cols = [quote_ident(h) for h in headers]
    skipped: list[tuple[int, str]] = []

    first = con.execute(f"SELECT * FROM {t} ORDER BY {row} LIMIT 1").fetchone()
    if first is not None and _is_numbering(first[1:]):
        con.execute(f"DELETE FROM {t} WHERE {row} = ?", [first[0]])
        skipped.append((int(first[0]), _REASON_NUMBERING))

    # Notes are the rows at the very end with text in the first column only, from the first one
    # starting with "Sumber", "Catatan", ... (the lines after it continue the notes). The last few
    # hundred rows are enough to find where they start.
    only_first = f"({_all_null(cols[1:])})" if len(cols) > 1 else "TRUE"
    tail = con.execute(
        f"SELECT {row}, {cols[0]}, {only_first} FROM {t} ORDER BY {row} DESC LIMIT {_TAIL_ROWS}"
    ).fetchall()
    trailing: list[tuple[int, str]] = []
    for number, text, alone in tail:
        if not alone or text is None:
            break
        trailing.append((int(number), str(text)))
    trailing.reverse()
    start = next((i for i, (_, text) in enumerate(trailing) if _NOTE_RE.match(text)), None)
    if start is not None:
        con.execute(f"DELETE FROM {t} WHERE {row} >= ?", [trailing[start][0]])
        skipped.extend((number, _REASON_NOTE) for number, _ in trailing[start:])

    if skipped:
        # A note written in a column of its own leaves that column empty.
        headers, unnamed = _drop_empty_unnamed(con, table, headers, unnamed)
    count = con.execute(f"SELECT count(*) FROM {t}").fetchone()
    return headers, tuple(skipped[:_MAX_SKIPPED]), int(count[0]) if count else 0


def _unlink(path: Path | None) -> None:
    if path is not None:
        path.unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------------
# CSV


@dataclass
class _Scan:
    """What one pass over the file's bytes tells: valid UTF-8 or where not, and the line count."""

    lines: int = 0
    bad_utf8_line: int | None = None
    utf8_before_bad: bool = False  # non-ASCII UTF-8 was seen before the first invalid byte
    has_text: bool = False
    nul_line: int | None = None


@dataclass(frozen=True)
class _Record:
    start: int  # first physical line, 1-based
    end: int  # last physical line (greater than start when a quoted cell spans lines)
    cells: list[str]


def _scan(path: Path, term: bytes) -> _Scan:
    """One pass in blocks, with C-speed operations only (about 50 ms for 66 MB): the incremental
    decoder only runs on blocks that are not plain ASCII."""
    scan = _Scan()
    decoder = codecs.getincrementaldecoder("utf-8")()
    last = term
    with path.open("rb") as fh:
        while block := fh.read(_CHUNK_BYTES):
            if scan.nul_line is None and b"\x00" in block:
                scan.nul_line = scan.lines + block.count(term, 0, block.index(b"\x00")) + 1
            if not scan.has_text and block.strip():
                scan.has_text = True
            pending = decoder.getstate()[0]
            if scan.bad_utf8_line is None and (pending or not block.isascii()):
                try:
                    decoder.decode(block)
                    scan.utf8_before_bad = True
                except UnicodeDecodeError as exc:
                    at = max(0, exc.start - len(pending))
                    scan.bad_utf8_line = scan.lines + block.count(term, 0, at) + 1
                    scan.utf8_before_bad = scan.utf8_before_bad or not block[:at].isascii()
            scan.lines += block.count(term)
            last = block[-1:]
    if scan.bad_utf8_line is None:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            scan.bad_utf8_line = scan.lines + (last != term)
    if last != term:
        scan.lines += 1  # a last line without terminator
    return scan


def _chunks(fh: io.BufferedReader, term: bytes) -> Iterator[bytes]:
    """The file in blocks that end on a line terminator, so no line nor character is cut."""
    carry = b""
    while block := fh.read(_CHUNK_BYTES):
        data = carry + block if carry else block
        cut = data.rfind(term)
        if cut < 0:
            carry = data
            continue
        yield data[: cut + 1]
        carry = data[cut + 1 :]
    if carry:
        yield carry


def _blank_lines(path: Path, term: bytes) -> list[int]:
    """Line numbers of the empty lines, which DuckDB skips. Only run when the line count says
    the file has some (or cells with line breaks)."""
    # An empty line is a terminator right after another one (or at the very start); in a CRLF
    # file it is "\r\n".
    blank = re.compile(re.escape(term) + (rb"(?=\r?\n)" if term == b"\n" else rb"(?=\r)"))
    found: list[int] = []
    lines = 0
    with path.open("rb") as fh:
        for chunk in _chunks(fh, term):
            # buf[0] stands for the previous chunk's last terminator, so a match at buf position
            # p is a blank line starting at chunk position p.
            buf, counted, pos = term + chunk, 0, 0
            for match in blank.finditer(buf):
                counted += chunk.count(term, pos, match.start())
                pos = match.start()
                found.append(lines + counted + 1)
            lines += chunk.count(term)
    return found


def _check_head(head: bytes, name: str) -> None:
    """Refuse at once what is clearly not text (images, archives, UTF-16) with a useful message."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(
            f'Berkas {name} tersimpan dalam pengodean UTF-16 ("Unicode Text" dari Excel), yang tidak didukung; '
            'simpan ulang sebagai "CSV UTF-8".'
        )
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise SourceError(
            f"Berkas {name} bukan berkas teks CSV yang dapat dibaca: isinya berkas Excel atau ZIP. "
            "Unggah dengan ekstensi aslinya (.xlsx/.xls) atau simpan ulang sebagai CSV."
        )
    if b"\x00" in head:
        raise _not_text(name)


def _not_text(name: str) -> SourceError:
    return SourceError(
        f"Berkas {name} bukan berkas teks CSV yang dapat dibaca: isinya tampak biner (misalnya gambar atau "
        "arsip yang diberi nama .csv)."
    )


def _encoding(head: bytes, scan: _Scan, name: str) -> str:
    if scan.bad_utf8_line is None:
        return "utf-8-sig" if head.startswith(b"\xef\xbb\xbf") else "utf-8"
    if scan.utf8_before_bad or head.startswith(b"\xef\xbb\xbf"):
        # Valid UTF-8 earlier in the file: reading the whole file as Windows-1252 would garble it.
        raise SourceError(
            f"Berkas {name} berisi teks UTF-8 tetapi baris {scan.bad_utf8_line} memuat karakter yang bukan UTF-8; "
            'simpan ulang berkas sebagai "CSV UTF-8".'
        )
    try:
        text = head.decode("cp1252")
    except UnicodeDecodeError:
        raise _not_text(name) from None
    if len(_CONTROL_CHARS.findall(text)) > len(text) // 100:
        raise _not_text(name)
    return "cp1252"


def _read_sample(path: Path, term: bytes, need_lines: int, cap: int) -> tuple[bytes, bytes]:
    """The first complete lines of the file (64 KB of them, more only while fewer than
    ``need_lines`` lines were read and ``cap`` allows) and the partial line after them."""
    with path.open("rb") as fh:
        data = fh.read(_SAMPLE_BYTES)
        while data.count(term) < need_lines and len(data) < cap:
            extra = fh.read(len(data))
            if not extra:
                return data, b""
            data += extra
        if not fh.read(1):
            return data, b""
    cut = data.rfind(term)
    return data[: cut + 1], data[cut + 1 :]


def _records(text: str, delimiter: str) -> list[_Record]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=False)
    out: list[_Record] = []
    previous = 0
    try:
        for cells in reader:
            out.append(_Record(previous + 1, reader.line_num, cells))
            previous = reader.line_num
    except csv.Error:
        # Python's csv module stops at a huge field (more than 128 KB); DuckDB reads those, and
        # the header has been seen long before.
        pass
    return out


def _detect_delimiter(text: str, tsv: bool) -> str:
    """The delimiter giving the most rows with the same number (more than one) of fields.

    Counting the header along with the data is what tells ``;`` from the decimal commas of a
    semicolon file: "Luas;Kepadatan" has no comma."""
    lines: list[str] = []
    for line in io.StringIO(text[: 256 * 1024], newline=""):
        if line.strip():
            lines.append(line)
            if len(lines) >= _SNIFF_LINES:
                break
    snippet = "".join(lines)
    order = ("\t", ",", ";", "|") if tsv else _DELIMITERS
    best, best_score = order[0] if tsv else ",", (0, 0, 0)
    for rank, delimiter in enumerate(order):
        widths = Counter(
            len(cells)
            for cells in csv.reader(io.StringIO(snippet, newline=""), delimiter=delimiter, quotechar='"')
            if len(cells) > 1
        )
        if not widths:
            continue
        width, freq = max(widths.items(), key=lambda item: (item[1], item[0]))
        score = (freq, width, -rank)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    name: str,
    table: str,
    header_row: int | None,
    *,
    tsv: bool,
) -> SourceTable:
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(_SAMPLE_BYTES)
    except OSError as exc:
        raise SourceError(f"Berkas {name} tidak dapat dibuka: {exc.strerror}.") from exc
    if size == 0:
        raise SourceError(f"Berkas kosong: {name} tidak berisi data.")
    _check_head(head, name)
    term = b"\n" if b"\n" in head or b"\r" not in head else b"\r"
    scan = _scan(path, term)
    if not scan.has_text:
        raise SourceError(f"Berkas kosong: {name} hanya berisi spasi atau baris kosong.")
    if scan.nul_line is not None:
        raise SourceError(
            f"Berkas {name} bukan berkas teks CSV yang dapat dibaca: baris {_thousands(scan.nul_line)} memuat "
            "karakter biner (NUL)."
        )
    encoding = _encoding(head, scan, name)
    if header_row is not None and header_row > scan.lines:
        raise SourceError(
            f"Baris judul kolom {_thousands(header_row)} tidak ada: berkas {name} hanya memiliki "
            f"{_thousands(scan.lines)} baris."
        )

    need = header_row + _HEADER_WINDOW if header_row is not None else 2
    cap = max(_SAMPLE_MAX_BYTES, size) if header_row is not None else _SAMPLE_MAX_BYTES
    complete, partial = _read_sample(path, term, need, cap)
    text = complete.decode(encoding)
    tail = partial.decode(encoding, errors="ignore")
    delimiter = _detect_delimiter(text or tail, tsv)
    records = _records(text + tail, delimiter)
    # The line cut by the sample's end counts only as a lower bound of the width.
    tail_width = len(records.pop().cells) if tail and records else 0
    widest = max([tail_width, *(len(r.cells) for r in records)])
    if widest > MAX_COLUMNS:
        raise _too_wide(name, widest)
    if not records and tail:
        raise SourceError(f"Berkas {name} tidak dapat dibaca: baris pertamanya lebih panjang dari 4 MB.")

    index = _csv_header_index(records, header_row, name)
    header = records[index]
    after = records[index + 1 :]
    ncols = max([len(header.cells), tail_width, *(len(r.cells) for r in after)])
    headers, unnamed = _clean_headers([c.strip() for c in header.cells], range(1, ncols + 1))

    title_fix = _title_with_body_line_ends(complete, term, header.start)
    unified = tmp_path(".csv") if title_fix is not None else None
    transcoded = tmp_path(".csv") if encoding == "cp1252" else None
    try:
        if title_fix is not None and unified is not None:
            _replace_start(path, unified, *title_fix)
        if transcoded is not None:
            _transcode(unified or path, transcoded, term, name)
        multiline = any(r.end > r.start for r in after)
        _load_csv(
            con,
            transcoded or unified or path,
            name,
            table,
            headers,
            delimiter=delimiter,
            skip_records=index + 1,
            skip_lines=header.end,
            lines=scan.lines,
            term=term,
            parallel=not multiline,
        )
    finally:
        _unlink(transcoded)
        _unlink(unified)
    headers, skipped, rows = _finish(con, table, headers, unnamed)
    return SourceTable(
        table=table,
        headers=headers,
        header_row=header.start,
        rows=rows,
        encoding=encoding,
        delimiter=delimiter,
        skipped=skipped,
    )


def _csv_header_index(records: list[_Record], header_row: int | None, name: str) -> int:
    if header_row is not None:
        for i, record in enumerate(records):
            if record.start <= header_row <= record.end:
                if not any(c.strip() for c in record.cells):
                    raise SourceError(f"Baris judul kolom {_thousands(header_row)} di berkas {name} kosong.")
                return i
        raise SourceError(f"Baris judul kolom {_thousands(header_row)} tidak ditemukan di berkas {name}.")
    filled = [i for i, r in enumerate(records) if any(c.strip() for c in r.cells)][:_HEADER_WINDOW]
    if not filled:
        raise SourceError(f"Berkas kosong: {name} tidak berisi data.")
    found = _find_header([[c.strip() for c in records[i].cells] for i in filled])
    return filled[found]


def _title_with_body_line_ends(sample: bytes, term: bytes, header_line: int) -> tuple[int, bytes] | None:
    """Title rows typed on one system above data exported on another: when the lines above the
    header end in LF and the header in CR LF (or the other way round), DuckDB takes the line end of
    the first line and then reads no data at all. Returns the byte length of the title area and the
    title area rewritten with the header's line ends, or None when they already agree. Only the
    title area is rewritten: a CR LF inside a quoted data cell is data."""
    if term != b"\n" or header_line <= 1:
        return None
    offset = 0
    for _ in range(header_line - 1):
        offset = sample.index(b"\n", offset) + 1
    header_end = sample.find(b"\n", offset)
    if header_end < 0:
        return None
    title = sample[:offset]
    fixed = re.sub(rb"\r?\n", b"\r\n" if sample[header_end - 1 : header_end] == b"\r" else b"\n", title)
    return (offset, fixed) if fixed != title else None


def _replace_start(src: Path, dst: Path, length: int, start: bytes) -> None:
    """A copy of ``src`` whose first ``length`` bytes are ``start``."""
    with src.open("rb") as fi, dst.open("wb") as fo:
        fi.seek(length)
        fo.write(start)
        shutil.copyfileobj(fi, fo, _CHUNK_BYTES)


def _transcode(src: Path, dst: Path, term: bytes, name: str) -> None:
    """Windows-1252 to UTF-8, block by block (DuckDB's encodings extension cannot be loaded)."""
    lines = 0
    with src.open("rb") as fi, dst.open("wb") as fo:
        for chunk in _chunks(fi, term):
            try:
                fo.write(chunk.decode("cp1252").encode("utf-8"))
            except UnicodeDecodeError as exc:
                line = lines + chunk.count(term, 0, exc.start) + 1
                raise SourceError(
                    f"Berkas {name} tidak dapat dibaca: baris {_thousands(line)} memuat byte 0x{chunk[exc.start]:02X} "
                    "yang bukan teks UTF-8 maupun Windows-1252."
                ) from None
            lines += chunk.count(term)


def _load_csv(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    name: str,
    table: str,
    headers: list[str],
    *,
    delimiter: str,
    skip_records: int,
    skip_lines: int,
    lines: int,
    term: bytes,
    parallel: bool,
) -> None:
    """Create ``table`` from the CSV body with ``__row`` = physical line numbers, values trimmed.

    DuckDB's ``skip`` counts records (a blank line is one), its records leave out blank lines, and
    ``row_number() OVER ()`` numbers them in file order. Record i is on line ``skip_lines + i``
    unless blank lines or quoted line breaks came before it; when the record count says so, both
    are corrected afterwards.

    Trimming every value costs as much as reading the file (0.45 s for 8 million values), so one
    cheap scan finds the columns with a value starting or ending with whitespace and only the
    values of those columns that need it are trimmed."""
    t, row = quote_ident(table), quote_ident(_ROW)
    raw = [f"c{i}" for i in range(len(headers))]
    named = ", ".join(f"{c} AS {quote_ident(h)}" for c, h in zip(raw, headers, strict=True))
    columns = "{" + ", ".join(f"{sql_str(c)}: 'VARCHAR'" for c in raw) + "}"

    def source(in_parallel: bool) -> str:
        return (
            f"read_csv({sql_str(str(path))}, delim={sql_str(delimiter)}, quote='\"', escape='\"', header=false, "
            f"skip={skip_records}, auto_detect=false, all_varchar=true, null_padding=true, "
            f"parallel={str(in_parallel).lower()}, columns={columns})"
        )

    def run(sql_for: Callable[[bool], str]) -> None:
        nonlocal parallel
        try:
            con.execute(sql_for(parallel))
        except duckdb.Error as exc:
            if not parallel or "parallel=false" not in str(exc):
                raise _duckdb_error(exc, name) from None
            # A quoted line break after the sample: DuckDB's parallel reader cannot pad those rows.
            # The serial reader is used from now on, and its output checked below.
            parallel = False
            try:
                con.execute(sql_for(False))
            except duckdb.Error as again:
                raise _duckdb_error(again, name) from None

    run(
        lambda p: f"CREATE OR REPLACE TEMP TABLE {t} AS SELECT CAST(row_number() OVER () + {skip_lines} AS BIGINT) "
        f"AS {row}, {named} FROM {source(p)}"
    )
    cols = [quote_ident(h) for h in headers]
    padded = ", ".join(f"bool_or({_padded(c)})" for c in cols)
    found = con.execute(f"SELECT count(*), {padded} FROM {t}").fetchone()
    assert found is not None
    records, flags = int(found[0]), found[1:]

    blanks: list[int] = []
    if records != lines - skip_lines:
        blanks = [b for b in _blank_lines(path, term) if b > skip_lines]
        if records != lines - skip_lines - len(blanks):
            # Some quoted cells span lines: add up their line breaks, record by record, in order.
            breaks = _breaks(raw, term)
            run(
                lambda p: f"CREATE OR REPLACE TEMP TABLE {t} AS SELECT CAST(rn + {skip_lines} + "
                "coalesce(sum(breaks) OVER (ORDER BY rn ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) "
                f"AS BIGINT) AS {row}, {named} "
                f"FROM (SELECT row_number() OVER () AS rn, *, {breaks} AS breaks FROM {source(p)})"
            )
        if blanks:
            _shift_for_blanks(con, table, blanks)
    if not parallel:
        _check_quotes_closed(
            con, table, path, name, delimiter=delimiter, term=term, lines=lines, skip_lines=skip_lines,
            blanks=blanks, breaks=_breaks(cols, term),
        )  # fmt: skip

    # Rewriting the table costs half of an UPDATE of 1% of its rows (0.15 s against 0.3 s).
    strip = f"'^{_SPACE_CLASS}+|{_SPACE_CLASS}+$'"
    fixes = [
        f"CASE WHEN {_padded(col)} THEN NULLIF(regexp_replace({col}, {strip}, '', 'g'), '') ELSE {col} END AS {col}"
        for col, flag in zip(cols, flags, strict=True)
        if flag
    ]
    if fixes:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {t} AS SELECT * REPLACE ({', '.join(fixes)}) FROM {t}")


def _breaks(cols: Sequence[str], term: bytes) -> str:
    """SQL: the number of line breaks inside the values of ``cols``, added up."""
    nl = sql_str(term.decode())
    # strlen counts bytes; length() counts graphemes, and "\r\n" is one.
    return " + ".join(f"coalesce(strlen({c}) - strlen(replace({c}, {nl}, '')), 0)" for c in cols)


def _check_quotes_closed(
    con: duckdb.DuckDBPyConnection,
    table: str,
    path: Path,
    name: str,
    *,
    delimiter: str,
    term: bytes,
    lines: int,
    skip_lines: int,
    blanks: list[int],
    breaks: str,
) -> None:
    """Raise the error DuckDB's serial reader does not for a quote never closed: it silently stops
    there, keeping the record with that quote (its cells from the quote on NULL) or, when the quote
    opens the record's first cell, dropping it too, and losing every line after it.

    With ``__row`` exact, the last record loaded spans lines ``__row`` to ``__row`` + its line
    breaks; only blank lines may follow it, and its own lines must close their quotes. ``__row``
    running past the file means a quoted cell holds an empty line (see the module docstring): the
    lines cannot be told apart then, and nothing is checked."""
    t, row = quote_ident(table), quote_ident(_ROW)
    last = con.execute(f"SELECT {row}, {breaks} FROM {t} ORDER BY {row} DESC LIMIT 1").fetchone()
    start, end = (int(last[0]), int(last[0]) + int(last[1])) if last else (skip_lines, skip_lines)
    trailing = sum(1 for b in blanks if b > end)
    if end + trailing > lines:
        return
    if last is not None and _quote_left_open(_line_text(path, term, start, end), delimiter):
        raise _unreadable(name, start, _REASON_QUOTE)
    if end + trailing < lines:
        # The record after the last one loaded, on the next line that is not blank, opened the quote.
        blank = set(blanks)
        raise _unreadable(name, next(n for n in range(end + 1, lines + 1) if n not in blank), _REASON_QUOTE)


def _line_text(path: Path, term: bytes, first: int, last: int) -> str:
    """Lines ``first`` to ``last`` (1-based) of the UTF-8 file, without the last terminator. The
    first line is found by counting terminators block by block, at C speed."""
    with path.open("rb") as fh:
        offset, line = 0, 1  # the start of the current block, and the line holding it
        while block := fh.read(_CHUNK_BYTES):
            ends = block.count(term)
            if line + ends >= first:
                at = 0
                for _ in range(first - line):
                    at = block.index(term, at) + 1
                offset += at
                break
            line, offset = line + ends, offset + len(block)
        fh.seek(offset)
        want = last - first + 1
        data, seen = b"", 0
        while seen < want and (block := fh.read(_SAMPLE_BYTES)):
            data += block
            seen += block.count(term)
    return term.join(data.split(term, want)[:want]).decode("utf-8", errors="replace")


def _quote_left_open(text: str, delimiter: str) -> bool:
    """Whether the CSV ``text`` ends inside a quoted cell. A line is added after it, which is read
    as a record of its own only if every quote before it was closed."""
    sentinel = "x"
    reader = csv.reader(io.StringIO(f"{text}\n{sentinel}\n", newline=""), delimiter=delimiter, quotechar='"')
    try:
        records = list(reader)
    except csv.Error:
        return False  # a cell larger than the csv module's limit: nothing can be told
    return records[-1:] != [[sentinel]]


def _padded(col: str) -> str:
    """SQL: the value starts or ends with whitespace. Comparing with '!' tests the first byte on the
    prefix DuckDB keeps inline; ascii(reverse()) is the cheapest last-character test measured."""
    return (
        f"({col} < '!' OR ({col} >= '\u00a0' AND {col} < '\u00a1') "
        f"OR ascii(reverse({col})) IN (32, 9, 10, 11, 12, 13, 160))"
    )


def _shift_for_blanks(con: duckdb.DuckDBPyConnection, table: str, blanks: list[int]) -> None:
    """Add to each ``__row`` the number of blank lines above it (DuckDB skips blank lines).

    With ``base`` the line a record would have without blanks, blank line b_j (the j-th after the
    header) lies above it exactly when b_j - j < base: both sides count the non-blank lines before.
    An ASOF join finds the largest such j for every row at once. The table is rewritten (rows in
    no particular order: every reader sorts by ``__row``), 0.4 s for a million rows."""
    keys = [b - j for j, b in enumerate(blanks, start=1)]
    last = con.execute(f"SELECT max({quote_ident(_ROW)}) FROM {quote_ident(table)}").fetchone()
    if not last or last[0] is None or keys[0] >= last[0]:
        return  # only blank lines after the last row, e.g. at the end of the file
    scratch = quote_ident(f"{table}__blanks")
    t, row = quote_ident(table), quote_ident(_ROW)
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {scratch} AS SELECT key, max(j) AS j "
            "FROM (SELECT unnest(?::BIGINT[]) AS key, unnest(?::BIGINT[]) AS j) GROUP BY key",
            [keys, list(range(1, len(keys) + 1))],
        )
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {t} AS SELECT s.{row} + coalesce(b.j, 0) AS {row}, s.* EXCLUDE ({row}) "
            f"FROM {t} s ASOF LEFT JOIN {scratch} b ON s.{row} > b.key"
        )
    finally:
        con.execute(f"DROP TABLE IF EXISTS {scratch}")


def _unreadable(name: str, line: int | None, reason: str) -> SourceError:
    where = f" pada baris {_thousands(line)}" if line else ""
    return SourceError(f"Berkas {name} tidak dapat dibaca{where}: {reason}.")


def _duckdb_error(exc: duckdb.Error, name: str) -> SourceError:
    """A short Indonesian message from DuckDB's CSV error (its line number counts records,
    which equals lines unless blank lines or cells with line breaks came before)."""
    message = str(exc)
    line = re.search(r"on Line: (\d+)", message)
    columns = re.search(r"Expected Number of Columns: (\d+)", message)
    lowered = message.lower()
    if columns:
        reason = f"baris ini memiliki lebih dari {columns[1]} kolom, lebih banyak daripada baris judul kolom"
    elif "unterminated quote" in lowered:
        reason = _REASON_QUOTE
    elif "maximum line size" in lowered or "max_line_size" in lowered:
        reason = "baris terlalu panjang (lebih dari 2 MB)"
    elif "unicode" in lowered or "utf" in lowered:
        reason = "ada karakter yang bukan teks UTF-8"
    else:
        reason = _first_line(exc)
    return _unreadable(name, int(line[1]) if line else None, reason)


# ---------------------------------------------------------------------------------------------
# Workbooks


def _float(value: float) -> str:
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    # Excel shows 15 significant digits, so a formula's 0.30000000000000004 reads "0.3".
    return f"{value:.15g}"


def _cell(value: Any) -> str | None:
    """A cell as text: ints without ".0", ISO dates, TRUE/FALSE; empty text is None."""
    kind = type(value)
    if kind is str:
        return value.strip() or None
    if kind is float:
        return _float(value)
    if kind is bool:
        return "TRUE" if value else "FALSE"
    if kind is int:
        return str(value)
    if value is None:
        return None
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        seconds = int(value.total_seconds())
        sign, seconds = ("-", -seconds) if seconds < 0 else ("", seconds)
        return f"{sign}{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return str(value).strip() or None


def _cells(row: list[Any]) -> list[str | None]:
    # Text and numbers are nearly every cell; keep them off the slower general path.
    return [(v.strip() or None) if type(v) is str else _float(v) if type(v) is float else _cell(v) for v in row]


@dataclass(frozen=True)
class _Merge:
    r0: int
    c0: int
    r1: int
    c1: int


def _book_error(name: str, kind: str, exc: BaseException) -> SourceError:
    if isinstance(exc, python_calamine.PasswordError):
        return SourceError(f"Berkas {kind} {name} dilindungi kata sandi; buka kuncinya lalu unggah ulang.")
    return SourceError(
        f"Berkas {kind} rusak atau tidak lengkap: {name} tidak dapat dibaca sebagai {kind} "
        "(mungkin unggahan terputus, atau berkasnya bukan lembar kerja). Simpan ulang dari Excel lalu unggah lagi."
    )


# What python-calamine raises for damaged, truncated or foreign files (ZipError, XmlError, ... are CalamineErrors).
_BOOK_ERRORS = (python_calamine.CalamineError, OSError, ValueError)


def _read_workbook(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    name: str,
    table: str,
    sheet: str | None,
    header_row: int | None,
    suffix: str,
) -> SourceTable:
    kind = suffix[1:].upper()
    try:
        if path.stat().st_size == 0:
            raise SourceError(f"Berkas kosong: {name} tidak berisi data.")
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except _BOOK_ERRORS as exc:
        raise _book_error(name, kind, exc) from None
    try:
        names = tuple(book.sheet_names)
        chosen = _pick_sheet(book, names, sheet, name)
        return _load_sheet(con, chosen, name, table, names, header_row, kind)
    except _BOOK_ERRORS as exc:
        raise _book_error(name, kind, exc) from None
    finally:
        book.close()


def _pick_sheet(
    book: python_calamine.CalamineWorkbook, names: tuple[str, ...], sheet: str | None, name: str
) -> python_calamine.CalamineSheet:
    """The sheet asked for, else the first one with data (a cover sheet may be left empty)."""
    if sheet is not None:
        if sheet not in names:
            listed = ", ".join(f'"{n}"' for n in names)
            raise SourceError(f'Lembar "{sheet}" tidak ada di {name}. Lembar yang tersedia: {listed}.')
        chosen = book.get_sheet_by_name(sheet)
        if chosen.start is None:
            raise SourceError(f'Lembar "{sheet}" di {name} kosong.')
        return chosen
    for candidate in names:
        try:
            current = book.get_sheet_by_name(candidate)
        except python_calamine.CalamineError:
            continue  # a chart sheet, say; another sheet may hold the data
        if current.start is not None:
            return current
    raise SourceError(f"Berkas kosong: tidak ada lembar di {name} yang berisi data.")


def _load_sheet(
    con: duckdb.DuckDBPyConnection,
    sheet: python_calamine.CalamineSheet,
    name: str,
    table: str,
    sheets: tuple[str, ...],
    header_row: int | None,
    kind: str,
) -> SourceTable:
    start, end = sheet.start, sheet.end
    assert start is not None and end is not None
    first_col = start[1]
    ncols = end[1] - first_col + 1
    if ncols > MAX_COLUMNS:
        raise _too_wide(name, ncols)
    if header_row is not None and header_row > end[0] + 1:
        raise SourceError(
            f'Baris judul kolom {_thousands(header_row)} tidak ada: lembar "{sheet.name}" hanya memiliki '
            f"{_thousands(end[0] + 1)} baris."
        )

    # python-calamine's iter_rows() yields every row from the sheet's first row (index 0) but only
    # the columns from the first used one; merged ranges use absolute positions.
    rows = sheet.iter_rows()
    zone: list[list[str | None]] = []
    filled = 0
    for raw in rows:
        cells = _cells(raw)
        zone.append(cells)
        if any(cells):
            filled += 1
        if header_row is not None:
            if len(zone) > header_row:
                break
        elif filled > _HEADER_WINDOW:
            break
    merges = [
        _Merge(r0, c0 - first_col, r1, c1 - first_col)
        for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ()
        if c1 >= first_col
    ]

    if header_row is not None:
        lower = header_row - 1
        if not any(zone[lower]):
            raise SourceError(f'Baris judul kolom {_thousands(header_row)} di lembar "{sheet.name}" kosong.')
        upper = lower - 1 if lower > 0 and _group_row(zone, merges, lower - 1, lower) else None
    else:
        nonempty = [i for i, cells in enumerate(zone) if any(cells)][:_HEADER_WINDOW]
        if not nonempty:
            raise SourceError(f'Lembar "{sheet.name}" di {name} kosong.')
        found = nonempty[_find_header([zone[i] for i in nonempty])]
        if found + 1 < len(zone) and _group_row(zone, merges, found, found + 1, check_text=True):
            upper, lower = found, found + 1
        elif found > 0 and _group_row(zone, merges, found - 1, found):
            upper, lower = found - 1, found
        else:
            upper, lower = None, found

    texts = _header_texts(zone, merges, upper, lower, ncols)
    headers, unnamed = _clean_headers(texts, [first_col + j + 1 for j in range(ncols)])

    tmp = tmp_path(".csv")
    try:
        written = 0
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            for index in range(lower + 1, len(zone)):
                if any(zone[index]):
                    writer.writerow([index + 1, *zone[index]])
                    written += 1
            for index, raw in enumerate(rows, start=len(zone)):
                cells = _cells(raw)
                if any(cells):
                    writer.writerow([index + 1, *cells])
                    written += 1
        t = quote_ident(table)
        if written:
            columns = (
                "{" + ", ".join([f"{sql_str(_ROW)}: 'BIGINT'", *(f"'c{j}': 'VARCHAR'" for j in range(ncols))]) + "}"
            )
            select = ", ".join(f"c{j} AS {quote_ident(h)}" for j, h in enumerate(headers))
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE {t} AS SELECT {quote_ident(_ROW)}, {select} FROM read_csv({sql_str(str(tmp))}, "
                "delim=',', quote='\"', escape='\"', header=false, auto_detect=false, parallel=false, "
                f"columns={columns})"
            )
        else:
            defs = ", ".join(f"{quote_ident(h)} VARCHAR" for h in headers)
            con.execute(f"CREATE OR REPLACE TEMP TABLE {t} ({quote_ident(_ROW)} BIGINT, {defs})")
    except duckdb.Error as exc:
        raise SourceError(f'Lembar "{sheet.name}" di {name} tidak dapat dimuat: {_first_line(exc)}') from None
    finally:
        _unlink(tmp)
    headers, skipped, count = _finish(con, table, headers, unnamed)
    return SourceTable(
        table=table,
        headers=headers,
        header_row=lower + 1,
        rows=count,
        sheet=sheet.name,
        sheets=sheets,
        skipped=skipped,
    )


def _group_row(
    zone: list[list[str | None]], merges: list[_Merge], upper: int, lower: int, *, check_text: bool = False
) -> bool:
    """Whether row ``upper`` groups the headers of row ``lower``: a merged cell across some of the
    columns ("Jumlah Penduduk") above header text. A title merged across the whole table is not.

    ``check_text``: row ``lower`` was not yet known to be a header, so its cells under the group
    must be words, not figures of the first data row."""
    lower_row = _filled(zone, merges, lower)
    upper_row = _filled(zone, merges, upper)
    used = {j for j in range(len(lower_row)) if lower_row[j] or upper_row[j]}
    for m in merges:
        c0 = max(m.c0, 0)
        if m.r0 != upper or m.r1 != upper or m.c1 <= c0 or not zone[upper][c0]:
            continue
        span = set(range(c0, m.c1 + 1))
        under = [lower_row[j] for j in sorted(span) if j < len(lower_row) and lower_row[j]]
        if not under or used <= span:
            continue
        if check_text and any(_is_number(cell) for cell in under if cell):
            continue
        return True
    return False


def _filled(zone: list[list[str | None]], merges: list[_Merge], r: int) -> list[str | None]:
    """Row ``r`` with every merged cell showing the text of its range's top-left cell."""
    row = list(zone[r])
    for m in merges:
        if m.r0 <= r <= m.r1:
            text = zone[m.r0][max(m.c0, 0)]
            for j in range(max(m.c0, 0), min(m.c1 + 1, len(row))):
                row[j] = text
    return row


def _header_texts(
    zone: list[list[str | None]], merges: list[_Merge], upper: int | None, lower: int, ncols: int
) -> list[str | None]:
    """The header of each column: merged cells give their text to every cell they cover; under a
    group header the name is "<group> <own header>"; a cell merged down both rows keeps its text."""

    top = lower if upper is None else upper
    merges = [m for m in merges if m.r0 <= lower and m.r1 >= top]  # a sheet can have thousands below

    def covering(r: int, j: int) -> _Merge | None:
        return next((m for m in merges if m.r0 <= r <= m.r1 and max(m.c0, 0) <= j <= m.c1), None)

    def value(r: int, j: int) -> str | None:
        m = covering(r, j)
        if m is not None:
            return zone[m.r0][max(m.c0, 0)]
        return zone[r][j] if j < len(zone[r]) else None

    texts: list[str | None] = []
    for j in range(ncols):
        own = value(lower, j)
        if upper is None:
            texts.append(own)
            continue
        m = covering(lower, j)
        if m is not None and m.r0 <= upper:
            texts.append(own)  # merged down from the upper row, e.g. "Kecamatan"
            continue
        group = value(upper, j)
        texts.append(f"{group} {own}" if group and own and group != own else own or group)
    return texts


__all__ = ["MAX_COLUMNS", "SourceError", "SourceTable", "preview", "read_source"]
