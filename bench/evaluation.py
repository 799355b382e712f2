"""Issue 7's figures: the descriptive analysis of a 1,000,000-row release by the store against the
same sums done by a Python loop over the CSV (the peer, same run), the EPSS IPS arithmetic, and the
rendering of a compiled "Dalam Angka" PDF and DOCX of 20 sections (a 24-kecamatan × 5-year table and a
chart each) plus one 300-row table that runs over several pages.

Prints figures; asserts nothing. Runs in a temporary data directory:

    .venv/bin/python bench/evaluation.py
    BENCH_ROWS=200000 .venv/bin/python bench/evaluation.py
"""

from __future__ import annotations

import csv
import io
import os
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("SATUDATA_DATA_DIR", tempfile.mkdtemp(prefix="satudata-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "satudata.settings")

import django
from pypdf import PdfReader

django.setup()

from satudata import store  # noqa: E402
from satudata.analysis.descriptive import describe  # noqa: E402
from satudata.documents import svgcharts  # noqa: E402
from satudata.documents.publication import (  # noqa: E402
    Chapter,
    PublicationDoc,
    Section,
    Table,
    render_docx,
    render_pdf,
)
from satudata.evaluation import epss  # noqa: E402
from satudata.portal.charts import shape_of  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))


def make_csv(path: Path) -> None:
    random.seed(3514)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            ["kode_kecamatan", "nama_kecamatan", "jenis_kelamin", "kelompok_umur", "jumlah_penduduk", "tahun"]
        )
        for i in range(ROWS):
            k = i % 24 + 1
            value = "" if i % 97 == 0 else random.randint(0, 5000)
            writer.writerow(
                [
                    f"35.14.{k:02d}",
                    f"Kecamatan {k}",
                    "L" if i % 2 else "P",
                    f"{i % 17 * 5}-{i % 17 * 5 + 4}",
                    value,
                    2020 + i % 5,
                ]
            )


def timed(fn, repeat: int = 1):  # type: ignore[no-untyped-def]
    samples, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), result


def python_peer(path: Path) -> tuple[int, dict[str, int], dict[str, int]]:
    """What the analysis computes for the totals, done row by row in Python."""
    total, by_year, by_area = 0, defaultdict(int), defaultdict(int)
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["jumlah_penduduk"]:
                value = int(row["jumlah_penduduk"])
                total += value
                by_year[row["tahun"]] += value
                if row["tahun"] == "2024":
                    by_area[row["kode_kecamatan"]] += value
    return total, dict(by_year), dict(by_area)


def analysis_figures() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="satudata-bench-eval-"))
    path = workdir / "penduduk.csv"
    make_csv(path)
    stored = store.write_version(path)
    shape = shape_of(store.schema(stored.key), ())
    print(f"rows {ROWS:,}; CSV {path.stat().st_size / 1e6:.1f} MB; Parquet {stored.size_bytes / 1e6:.1f} MB")
    duck, analysis = timed(lambda: describe(stored.key, shape), repeat=5)
    peer, (total, by_year, by_area) = timed(lambda: python_peer(path))
    assert analysis is not None
    (summary,) = [m for m in analysis.measures if m.column.name == "jumlah_penduduk"]
    same = summary.sum == total and {str(p.period): p.value for p in analysis.periods} == by_year
    print(f"descriptive analysis (store, DuckDB), median of 5   {duck * 1000:8.1f} ms")
    print(f"peer: Python csv loop, totals only                 {peer * 1000:8.1f} ms   ratio {peer / duck:.1f}×")
    print(f"same totals as the peer: {same}; kecamatan ranked: {len(analysis.ranking)} (peer {len(by_area)})")


def ips_figures() -> None:
    weights = epss.flat_weights(epss.DEFAULT_STRUCTURE)
    levels = {code: random.randint(1, 5) for code in weights}
    per, _ = timed(lambda: [epss.round_ips(epss.compute_ips(weights, levels)) for _ in range(1000)], repeat=3)
    path, steps = timed(lambda: epss.cheapest_path(weights, dict.fromkeys(weights, 1), epss.Decimal("4.2")), repeat=3)
    print(f"IPS of 38 indicators                               {per:8.3f} ms each (1,000 runs)")
    print(f"fewest steps from all-1 to Memuaskan ({len(steps)} steps)         {path * 1000:8.1f} ms")


def document() -> PublicationDoc:
    kecamatan = [f"Kecamatan {i}" for i in range(1, 25)]
    years = [str(y) for y in range(2020, 2025)]
    sections = []
    for n in range(20):
        rows = [[k, *(random.randint(1000, 90000) for _ in years)] for k in kecamatan]
        chart = svgcharts.line_chart(years, [svgcharts.Series("Jumlah", [sum(r[i + 1] for r in rows) for i in range(5)])],
                                     title=f"Indikator {n + 1}", unit="jiwa", source="Sumber: bench")  # fmt: skip
        sections.append(
            Section(f"Indikator {n + 1}", "Narasi contoh.", Table(["Kecamatan", *years], rows), chart, "Sumber: bench")
        )
    long_rows = [[f"Desa {i:03d}", "Kecamatan", random.random() * 20, random.randint(100, 9000)] for i in range(300)]
    sections.append(
        Section("Desa", "", Table(["Desa", "Kecamatan", "Luas", "Penduduk"], long_rows), None, "Sumber: bench")
    )
    chapters = [Chapter(f"Topik {c + 1}", "", sections[c * 7 : (c + 1) * 7]) for c in range(3)]
    return PublicationDoc("Kabupaten Bench Dalam Angka", "", "Kabupaten Bench", 2026, "Diskominfo", "Pengantar.",
                          chapters, sample_data=True, logo_path=None)  # fmt: skip


def publication_figures() -> None:
    doc = document()
    pdf_time, pdf = timed(lambda: render_pdf(doc))
    docx_time, docx = timed(lambda: render_docx(doc))
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"compiled PDF, 21 sections ({pages} pages, {len(pdf) / 1e6:.1f} MB)   {pdf_time:8.2f} s")
    print(f"compiled DOCX, same content ({len(docx) / 1e6:.1f} MB)            {docx_time:8.2f} s")


if __name__ == "__main__":
    analysis_figures()
    ips_figures()
    publication_figures()
