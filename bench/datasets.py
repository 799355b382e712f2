"""Issue 4's end-to-end figure: a 1,000,000-row × 8-column CSV (about 66 MB) with a kode-wilayah
column, from upload to a validated, stored draft version, through the same pipeline as the upload
page and `satudata import_version`. Also each stage on its own, DuckDB's bare `read_csv` of the same
file as the peer, peak memory, and a filtered page of 100 rows from the stored version.

Run: `.venv/bin/python bench/datasets.py` (BENCH_ROWS=… for another size). Prints figures; asserts
nothing. Uses a throw-away SQLite database and data directory."""

import os
import random
import resource
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

from django.core.management import call_command  # noqa: E402

from satudata import store  # noqa: E402
from satudata.accounts.models import Membership, Organization, Role, User  # noqa: E402
from satudata.datasets import pipeline  # noqa: E402
from satudata.datasets.actions import do_create_dataset  # noqa: E402
from satudata.datasets.schema import CodeRef, Field, TableSchema  # noqa: E402
from satudata.datasets.tabular import read_source  # noqa: E402
from satudata.datasets.validation import validate  # noqa: E402
from satudata.reference.models import Wilayah  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))
SCHEMA = TableSchema(
    fields=(
        Field(name="kode_kecamatan", role="dimension", required=True,
              code_ref=CodeRef(wilayah_level="kecamatan", parent="35.14")),
        Field(name="nama_kecamatan", required=True, name_of="kode_kecamatan"),
        Field(name="jenis_kelamin", role="dimension", required=True, enum=("L", "P")),
        Field(name="umur", type="integer", role="dimension", required=True, minimum=0, maximum=120),
        Field(name="nik_hash", required=True),
        Field(name="jumlah", type="integer", role="measure", required=True, minimum=0),
        Field(name="nilai", type="number", role="measure"),
        Field(name="tahun", type="year", role="period", required=True),
    ),
)  # fmt: skip


def make_csv(path: Path, names: dict[str, str]) -> None:
    rng = random.Random(3514)
    codes = sorted(names)
    with path.open("w", encoding="utf-8") as out:
        out.write("kode_kecamatan,nama_kecamatan,jenis_kelamin,umur,nik_hash,jumlah,nilai,tahun\n")
        for i in range(ROWS):
            k = codes[i % len(codes)]
            out.write(
                f"{k},{names[k]},{'L' if i % 2 else 'P'},{i % 90},{i * 2654435761 % 16**24:024x},"
                f"{rng.randint(0, 5000)},{rng.random() * 1000:.6f},2024\n"
            )


def timed(fn):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("load_wilayah", verbosity=0)
    org = Organization.objects.create(slug="dispendukcapil", name="Dinas Kependudukan", short_name="Dukcapil")
    user = User.objects.create_user(username="produsen", password="x")
    Membership.objects.create(user=user, role=Role.PRODUCER, organization=org)
    dataset = do_create_dataset(organization_id=org.pk, title="Penduduk (bench)", schema=SCHEMA, acting_user=user)
    names = dict(Wilayah.objects.filter(level="kecamatan", kode__startswith="35.14.").values_list("kode", "nama"))

    workdir = Path(tempfile.mkdtemp(prefix="satudata-bench-csv-"))
    csv_path = workdir / "penduduk.csv"
    make_csv(csv_path, names)
    print(f"rows {ROWS:,} × 8 columns; CSV {csv_path.stat().st_size / 1e6:.1f} MB; DuckDB threads 2")

    con = store.connect()
    counted, _ = timed(lambda: con.execute(f"SELECT count(*) FROM read_csv('{csv_path}')").fetchone())
    print(f"peer: duckdb read_csv + count(*)                  {counted:6.2f} s  (may skip parsing columns)")
    bare, _ = timed(lambda: con.execute(f"CREATE TEMP TABLE peer AS SELECT * FROM read_csv('{csv_path}')"))
    con.execute("DROP TABLE peer")
    print(f"peer: duckdb read_csv of every column (= bare)    {bare:6.2f} s")

    # Stages on their own, on one connection (as the pipeline runs them).
    t_read, source = timed(lambda: read_source(con, csv_path, original_name=csv_path.name))
    print(f"read_source (sniff, load as text)                 {t_read:6.2f} s  ({source.rows:,} rows)")
    codes = pipeline.resolve_codes(SCHEMA)
    t_val, result = timed(lambda: validate(con, source.table, SCHEMA, codes=codes, period="2024"))
    print(
        f"validate (types, required, constraints, codes)    {t_val:6.2f} s  ratio {t_val / bare:.1f}× bare read_csv"
        f"  ({result.report.errors} errors)"
    )
    t_write, stored = timed(lambda: store.write_version(con.sql(result.typed_sql)))
    print(f"store.write_version (typed → Parquet)             {t_write:6.2f} s  ({stored.size_bytes / 1e6:.1f} MB)")
    con.close()

    # End to end, as an upload's background task runs it: file → validated draft version.
    t_all, outcome = timed(
        lambda: pipeline.import_file(
            dataset=dataset, path=csv_path, original_name=csv_path.name, period="2024", acting_user=user
        )
    )
    version = outcome.version
    print(
        f"END TO END import_file → validated version        {t_all:6.2f} s  ratio {t_all / bare:.1f}× bare read_csv"
        f"  (v{version.number}: {version.row_count:,} rows, {version.error_count} errors)"
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process (max RSS)             {peak_mb:6.0f} MB")

    key = version.file_key
    filters = [("kode_kecamatan", "eq", "35.14.14"), ("umur", "gte", 60)]
    first_count, total = timed(lambda: store.count(key, filters=filters))
    cached_count, _ = timed(lambda: store.count(key, filters=filters))
    print(
        f"count with 2 filters: first / cached              {first_count * 1000:6.1f} / {cached_count * 1000:.2f} ms ({total:,} rows)"
    )
    pages = []
    for i in range(10):
        t, _ = timed(lambda i=i: store.read(key, filters=filters, sort=[("jumlah", "desc")], offset=i * 100, limit=100))
        pages.append(t * 1000)
    print(f"filtered page of 100, sorted: median / max of 10  {statistics.median(pages):6.1f} / {max(pages):.1f} ms")


if __name__ == "__main__":
    main()
