"""The tabular store on a 1,000,000-row × 8-column CSV with a kode-wilayah column: write a version
(CSV → Parquet), count, filtered pages (offset and keyset), aggregate, export; against DuckDB's bare
read_csv of the same file in the same run. Prints figures; asserts nothing."""

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("SATUDATA_DATA_DIR", tempfile.mkdtemp(prefix="satudata-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "satudata.settings")

import django

django.setup()

from satudata import store  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))


def make_csv(path: Path) -> None:
    random.seed(3514)
    kecamatan = [f"35.14.{i:02d}" for i in range(1, 25)]
    with path.open("w", encoding="utf-8") as out:
        out.write("kode_kecamatan,nama,tahun,jenis_kelamin,umur,jumlah,nilai,keterangan\n")
        for i in range(ROWS):
            k = kecamatan[i % 24]
            out.write(
                f"{k},Kecamatan {k[-2:]},{random.randint(2019, 2024)},{'L' if i % 2 else 'P'},{i % 90},{random.randint(0, 5000)},{random.random() * 100:.4f},baris {i}\n"
            )


def timed(fn):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="satudata-bench-csv-"))
    csv_path = workdir / "data.csv"
    make_csv(csv_path)
    print(f"rows {ROWS:,}; CSV {csv_path.stat().st_size / 1e6:.1f} MB")

    con = store.connect()
    bare, _ = timed(lambda: con.execute(f"SELECT count(*) FROM read_csv('{csv_path}')").fetchone())
    print(f"peer: duckdb read_csv + count            {bare:6.2f} s")
    write, stored = timed(lambda: store.write_version(csv_path))
    print(
        f"store.write_version (CSV → Parquet)      {write:6.2f} s  ({stored.size_bytes / 1e6:.1f} MB parquet)  ratio {write / bare:.1f}× bare read_csv"
    )

    key = stored.key
    filters = [("kode_kecamatan", "eq", "35.14.14"), ("tahun", "gte", 2022)]
    first, total = timed(lambda: store.count(key, filters=filters))
    cached, _ = timed(lambda: store.count(key, filters=filters))
    print(f"count (filtered) first {first * 1000:7.1f} ms, cached {cached * 1000:6.3f} ms  ({total:,} rows)")

    def pages(offset_mode: bool) -> list[float]:
        samples, after = [], None
        for n in range(10):
            started = time.perf_counter()
            if offset_mode:
                store.read(key, filters=filters, sort=[("jumlah", "desc")], offset=n * 100, limit=100)
            else:
                page = store.read(key, filters=filters, sort=[("jumlah", "desc")], limit=100, after=after)
                after = page.next_after
            samples.append((time.perf_counter() - started) * 1000)
        return samples

    for label, mode in (("offset", True), ("keyset", False)):
        samples = pages(mode)
        print(
            f"filtered page of 100 ({label}), median {statistics.median(samples):6.1f} ms, max {max(samples):6.1f} ms"
        )
    agg, _ = timed(
        lambda: store.aggregate(
            key, group_by=["kode_kecamatan", "tahun"], measures=[("jumlah", "sum"), ("nilai", "mean")]
        )
    )
    print(f"aggregate by kecamatan × tahun           {agg * 1000:7.1f} ms")
    for fmt in ("csv", "json", "parquet"):
        seconds, _ = timed(lambda fmt=fmt: store.export(key, fmt, workdir / f"out.{fmt}"))
        print(f"export {fmt:8s}                         {seconds:6.2f} s")


if __name__ == "__main__":
    main()
