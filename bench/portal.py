"""Issue 5's figures for the public portal, with 10,000 benchmark datasets loaded
(`satudata generate_bench_data`):

1. server time of the catalogue (no query, common queries, a facet, a query with two filters, sort by
   downloads, page 20) and of 200 random dataset pages (with and without a table filter), through
   Django's test client in this process; peer: `/healthz` and `/robots.txt` in the same process;
2. throughput of the home page, the catalogue, a dataset page and a download (304 and a small
   full file) through gunicorn with 2 workers, driven by `bench/loadgen.py`; peers: the load
   generator against a trivial server (its own ceiling) and `/robots.txt` through gunicorn;
3. a 1,000,000-row CSV download through gunicorn: time to first byte, total time and MB/s against
   `cat file > /dev/null`, and the gunicorn workers' memory (VmRSS) before, during and after.

Prints figures; asserts nothing. Everything happens in a temporary data directory (SQLite there) or
in a throw-away PostgreSQL database, removed at the end:

    .venv/bin/python bench/portal.py                      # SQLite
    .venv/bin/python bench/portal.py --db postgresql      # database satudata_bench on 127.0.0.1:5432
    .venv/bin/python bench/portal.py --db all             # one after the other
    .venv/bin/python bench/portal.py --datasets 1000 --skip-throughput --skip-download   # quick look

``--pg-url`` (default ``$DATABASE_URL`` or postgres://postgres@127.0.0.1:5432/test) is only used to
create and drop the throw-away database, never written to itself."""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

CHECKOUT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
LOADGEN = CHECKOUT / "bench" / "loadgen.py"
GUNICORN = Path(sys.executable).with_name("gunicorn")
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/test"
PG_NAME = "satudata_bench"
SLOW_MB_S = 50


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "all"], default="sqlite")
    parser.add_argument("--pg-url", default=os.environ.get("DATABASE_URL") or PG_DEFAULT)
    parser.add_argument("--datasets", type=int, default=10000)
    parser.add_argument("--samples", type=int, default=100, help="requests per catalogue scenario")
    parser.add_argument("--pages", type=int, default=200, help="random dataset pages")
    parser.add_argument("--seconds", type=float, default=10.0, help="duration of each throughput run")
    parser.add_argument("--concurrency", type=int, default=4, help="connections of the load generator")
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the large CSV download")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--skip-download", action="store_true")
    return parser.parse_args()


# ---------------------------------------------------------------------------------------------
# The machine


def machine() -> str:
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem_kb = int(
        next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    )
    load = os.getloadavg()
    return (
        f"{os.cpu_count()} cores (nproc), {model or platform.processor()}, {mem_kb / 1024 / 1024:.1f} GiB RAM, "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; Python {platform.python_version()}"
    )


# ---------------------------------------------------------------------------------------------
# Server time, in this process


def percentile(sorted_samples: list[float], pct: int) -> float:
    return sorted_samples[max(0, math.ceil(len(sorted_samples) * pct / 100) - 1)]


def summary(samples: list[float]) -> str:
    s = sorted(samples)
    return f"n={len(s):4d}  median {statistics.median(s):7.2f}  p95 {percentile(s, 95):7.2f}  max {s[-1]:7.2f} ms"


def timed_get(client: Any, url: str, expect: int = 200) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != expect:
        raise SystemExit(f"{url}: HTTP {response.status_code}, expected {expect}")
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return elapsed


def queries_of(client: Any, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured.captured_queries)


def server_times(args: argparse.Namespace, vendor: str) -> dict[str, list[float]]:
    from django.test import Client

    from satudata.portal.models import SearchEntry

    client = Client()
    results: dict[str, list[float]] = {}

    from satudata.core.middleware import bump_page_generation

    def run(name: str, url: str, n: int, *, cold: bool = False) -> None:
        for _ in range(3):
            timed_get(client, url)  # warm: templates, caches, the store's per-file schema
        samples = []
        for _ in range(n):
            if cold:  # as right after a publication: cached facets and home lists are out of date
                bump_page_generation()
            samples.append(timed_get(client, url))
        results[name] = samples
        print(f"  {name:40s} {summary(samples)}  ({queries_of(client, url)} queries)  {url}", flush=True)

    org = SearchEntry.objects.values_list("organization__slug", flat=True).order_by("organization__slug").first()
    print(f"\nServer time in this process (Django test client), {vendor}:")
    run("peer: /healthz", "/healthz", args.samples * 2)
    run("peer: /robots.txt", "/robots.txt", args.samples * 2)
    run("beranda /", "/", args.samples)
    run("beranda /, dingin (generasi baru)", "/", args.samples, cold=True)
    run("katalog, tanpa kueri, dingin", "/dataset/", args.samples, cold=True)
    run("katalog q=duduk, dingin", "/dataset/?q=duduk", args.samples, cold=True)
    run("katalog q=jumlah + opd + tahun, dingin", f"/dataset/?q=jumlah&opd={org}&tahun=2023", args.samples, cold=True)
    for name, url in [
        ("katalog, tanpa kueri", "/dataset/"),
        ("katalog q=penduduk", "/dataset/?q=penduduk"),
        ("katalog q=pendud (awalan)", "/dataset/?q=pendud"),
        ("katalog q=sekolah dasar 2023", "/dataset/?q=sekolah+dasar+2023"),
        ("katalog q=duduk (bagian kata)", "/dataset/?q=duduk"),
        ("katalog topik=kesehatan", "/dataset/?topik=kesehatan"),
        ("katalog q=jumlah + opd + tahun", f"/dataset/?q=jumlah&opd={org}&tahun=2023"),
        ("katalog urut=unduhan", "/dataset/?urut=unduhan"),
        ("katalog halaman 20", "/dataset/?hal=20"),
    ]:
        run(name, url, args.samples)

    slugs = sorted(SearchEntry.objects.values_list("dataset__slug", flat=True))
    chosen = random.Random(5).sample(slugs, min(args.pages, len(slugs)))
    for name, suffix in [
        ("halaman dataset (200 acak)", ""),
        ("halaman dataset + saringan tabel", "?k.tahun=%3E%3D2024"),
    ]:
        timed_get(client, f"/dataset/{chosen[0]}/{suffix}")
        samples = [timed_get(client, f"/dataset/{slug}/{suffix}") for slug in chosen]
        results[name] = samples
        print(
            f"  {name:40s} {summary(samples)}  ({queries_of(client, f'/dataset/{chosen[0]}/{suffix}')} queries)",
            flush=True,
        )

    peer = percentile(sorted(results["peer: /healthz"]), 95)
    for name in ("katalog, tanpa kueri", "katalog q=penduduk", "halaman dataset (200 acak)"):
        print(f"  ratio p95 {name} / p95 /healthz: {percentile(sorted(results[name]), 95) / peer:.1f}×")
    return results


# ---------------------------------------------------------------------------------------------
# gunicorn


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Gunicorn:
    """gunicorn with 2 sync workers on a free port, pinned to cores 0 and 1 when the machine has
    more than two (the load generator then gets the others)."""

    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        cores = os.cpu_count() or 1
        self.pinned = cores > 2
        pin = ["taskset", "-c", "0,1"] if self.pinned and shutil.which("taskset") else []
        self.process = subprocess.Popen(
            [*pin, str(GUNICORN), "satudata.wsgi", "-w", "2", "--bind", f"127.0.0.1:{self.port}", "--timeout", "120"],
            env=env, cwd=CHECKOUT, stdout=subprocess.DEVNULL,
            stderr=open(Path(env["SATUDATA_DATA_DIR"]) / "gunicorn.log", "ab"),  # noqa: SIM115
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if len(self.workers()) == 2 and get_status("127.0.0.1", self.port, "/healthz") == 200:
                return
            time.sleep(0.2)
        self.stop()
        raise SystemExit("gunicorn did not start")

    def workers(self) -> list[int]:
        return children(self.process.pid)

    def cpu(self) -> float:
        return sum(cpu_seconds(pid) for pid in [self.process.pid, *self.workers()])

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def database_backends() -> dict[int, float]:
    """CPU seconds so far of each PostgreSQL backend serving the benchmark database (found by its
    process title); empty on SQLite, which runs inside the gunicorn workers."""
    found: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("latin-1")
            if title.startswith("postgres: ") and f" {PG_NAME} " in title:
                found[int(entry.name)] = cpu_seconds(int(entry.name))
    return found


class DatabaseCPU:
    """CPU used by the database backends during a run, sampled every 0.2 s so that a backend that
    ends during the run (a worker reconnecting after CONN_MAX_AGE) still counts until its end."""

    def __init__(self) -> None:
        self.before = database_backends()
        self.seen = dict(self.before)
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while not self.done.wait(0.2):
            self.seen.update(database_backends())

    def stop(self) -> float:
        self.done.set()
        self.thread.join()
        self.seen.update(database_backends())
        return sum(cpu - self.before.get(pid, 0.0) for pid, cpu in self.seen.items())


def get_status(host: str, port: int, path: str, headers: tuple[str, ...] = ()) -> int:
    try:
        with socket.create_connection((host, port), timeout=10) as sock:
            head = "\r\n".join([f"GET {path} HTTP/1.1", f"Host: {host}", "Connection: close", *headers])
            sock.sendall((head + "\r\n\r\n").encode())
            first = sock.recv(64)
            while sock.recv(262144):
                pass
        return int(first.split(b" ", 2)[1])
    except (OSError, ValueError, IndexError):
        return 0


def loadgen(port: int, path: str, args: argparse.Namespace, headers: tuple[str, ...] = ()) -> dict[str, Any]:
    cores = os.cpu_count() or 1
    pin = ["taskset", "-c", f"2-{cores - 1}"] if cores > 2 and shutil.which("taskset") else []
    cmd = [*pin, PYTHON, str(LOADGEN), "get", "127.0.0.1", str(port), path, "--seconds", str(args.seconds),
           "--concurrency", str(args.concurrency)]  # fmt: skip
    for header in headers:
        cmd += ["--header", header]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def etag_of(port: int, path: str) -> str:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(262144):
            data += chunk
    for line in data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n"):
        if line.lower().startswith("etag:"):
            return line.split(":", 1)[1].strip()
    raise SystemExit(f"{path}: no ETag")


def etag_of_head(port: int, path: str) -> str:
    """The ETag of a download, from a HEAD request (the body is not sent)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"HEAD {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    for line in data.decode("latin-1").split("\r\n"):
        if line.lower().startswith("etag:"):
            return line.split(":", 1)[1].strip()
    raise SystemExit(f"{path}: no ETag")


def throughput(args: argparse.Namespace, env: dict[str, str], vendor: str) -> None:
    from satudata.datasets.models import Release
    from satudata.portal.files import ensure_file
    from satudata.portal.models import SearchEntry
    from satudata.reference.models import AccessClass

    entry = (
        SearchEntry.objects.filter(access_class=AccessClass.TERBUKA, dataset__slug__contains="-penduduk")
        .select_related("dataset")
        .order_by("dataset__slug")
        .first()
    )
    assert entry is not None
    slug = entry.dataset.slug
    release = Release.objects.filter(dataset=entry.dataset).order_by("-number").first()
    assert release is not None
    small = ensure_file(release, "csv")

    cores = os.cpu_count() or 1
    print(f"\nThroughput through gunicorn (2 sync workers), {vendor}; load generator: bench/loadgen.py, "
          f"{args.concurrency} connections, {args.seconds:.0f} s per run, a new connection per request.")  # fmt: skip
    if cores <= 2:
        print(f"  NOTE: this machine has {cores} cores: gunicorn and the load generator share them (no pinning),")
        print("  so req/s below is a lower bound; 'server CPU' is what gunicorn itself used per request.")

    port = free_port()
    server = subprocess.Popen([PYTHON, str(LOADGEN), "serve", str(port)], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        server.stdout.readline()
        time.sleep(0.3)
        peer = loadgen(port, "/", args)
    finally:
        server.terminate()
        server.wait()
    print(
        f"  {'peer: load generator vs trivial server':44s} {peer['rps']:8,.0f} req/s  "
        f"(generator CPU {peer['cpu_seconds'] / max(peer['requests'], 1) * 1000:.2f} ms/request)"
    )

    for cache_seconds in ("0", "60"):
        label = "off" if cache_seconds == "0" else f"on ({cache_seconds} s)"
        print(f"  -- whole-page cache for visitors without a session (SATUDATA_PAGE_CACHE_SECONDS) {label}")
        run_scenarios(args, {**env, "SATUDATA_PAGE_CACHE_SECONDS": cache_seconds}, slug, small.size_bytes)


def run_scenarios(args: argparse.Namespace, env: dict[str, str], slug: str, small_size: int) -> None:
    gunicorn = Gunicorn(env)
    try:
        etag = etag_of(gunicorn.port, f"/dataset/{slug}.csv")
        scenarios: list[tuple[str, str, tuple[str, ...], int]] = [
            ("peer: /robots.txt (trivial Django view)", "/robots.txt", (), 200),
            ("beranda /", "/", (), 200),
            ("katalog /dataset/", "/dataset/", (), 200),
            ("katalog q=penduduk", "/dataset/?q=penduduk", (), 200),
            ("halaman dataset", f"/dataset/{slug}/", (), 200),
            ("unduhan CSV, 304 (If-None-Match)", f"/dataset/{slug}.csv", (f"If-None-Match: {etag}",), 304),
            (f"unduhan CSV penuh ({small_size / 1024:.1f} KB)", f"/dataset/{slug}.csv", (), 200),
        ]
        for name, path, headers, expect in scenarios:
            get_status("127.0.0.1", gunicorn.port, path, headers)  # both workers connected to the database
            get_status("127.0.0.1", gunicorn.port, path, headers)
            before, database = gunicorn.cpu(), DatabaseCPU()
            result = loadgen(gunicorn.port, path, args, headers)
            used = gunicorn.cpu() - before
            db_used = database.stop()
            n = max(result["requests"], 1)
            wrong = sum(v for k, v in result["statuses"].items() if int(k) != expect) + result["errors"]
            print(
                f"  {name:44s} {result['rps']:8,.0f} req/s  median {result['median_ms']:6.1f} ms  "
                f"p95 {result['p95_ms']:6.1f} ms  server CPU {used / n * 1000:5.2f} ms/request  "
                + (f"+ PostgreSQL {db_used / n * 1000:5.2f}  " if db_used else "")
                + f"generator CPU {result['cpu_seconds'] / n * 1000:4.2f} ms/request"
                + (f"  ({wrong} not {expect}: {result['statuses']}, {result['errors']} errors)" if wrong else ""),
                flush=True,
            )
    finally:
        gunicorn.stop()


# ---------------------------------------------------------------------------------------------
# The 1,000,000-row CSV download


def publish_large(rows: int) -> Any:
    """A dataset of ``rows`` generated rows (8 columns), published with one release, and its CSV."""
    from satudata import store
    from satudata.datasets.models import Dataset, DatasetVersion, Release, SchemaVersion, VersionStatus
    from satudata.datasets.schema import Field, TableSchema
    from satudata.portal import search
    from satudata.portal.files import ensure_file
    from satudata.portal.management.commands.generate_bench_data import (
        SAMPLE_DESCRIPTION,
        bench_organizations,
        bench_user,
    )

    con = store.connect()
    relation = con.sql(
        f"""SELECT '35.14.' || lpad(CAST(i % 24 + 1 AS VARCHAR), 2, '0') AS kode_kecamatan,
                   'Kecamatan ' || CAST(i % 24 + 1 AS VARCHAR) AS nama_kecamatan,
                   CASE WHEN i % 2 = 0 THEN 'L' ELSE 'P' END AS jenis_kelamin,
                   CAST(i % 90 AS INTEGER) AS umur,
                   md5(CAST(i AS VARCHAR)) AS nik_hash,
                   CAST(hash(i) % 5000 AS BIGINT) AS jumlah,
                   (hash(i * 7) % 100000) / 100.0 AS nilai,
                   2024 AS tahun
            FROM range({rows}) t(i)"""
    )
    started = time.perf_counter()
    stored = store.write_version(relation)
    con.close()
    wrote = time.perf_counter() - started
    user = bench_user("bench")
    org = bench_organizations("bench")["dispendukcapil"]
    fields = (
        Field(name="kode_kecamatan", role="dimension"), Field(name="nama_kecamatan"),
        Field(name="jenis_kelamin", role="dimension"), Field(name="umur", type="integer", role="dimension"),
        Field(name="nik_hash"), Field(name="jumlah", type="integer", role="measure"),
        Field(name="nilai", type="number", role="measure"), Field(name="tahun", type="year", role="period"),
    )  # fmt: skip
    dataset = Dataset.objects.create(
        organization=org, title="Penduduk per Individu (sejuta baris, data contoh benchmark)",
        slug="bench-sejuta-baris", description=SAMPLE_DESCRIPTION + "satu juta baris untuk uji unduhan.",
        created_by=user,
    )  # fmt: skip
    schema = SchemaVersion.objects.create(
        dataset=dataset, number=1, descriptor=TableSchema(fields=fields).to_descriptor(), created_by=user
    )
    version = DatasetVersion.objects.create(
        dataset=dataset, number=1, period="2024", schema=schema, status=VersionStatus.PUBLISHED, file_key=stored.key,
        row_count=stored.rows, size_bytes=stored.size_bytes, published_at=dataset.created, created_by=user,
    )  # fmt: skip
    (release,) = Release.objects.bulk_create(
        [Release(dataset=dataset, number=1, file_key=stored.key, row_count=stored.rows, size_bytes=stored.size_bytes,
                 periods=["2024"], created_by=user)]
    )  # fmt: skip
    release.versions.set([version])
    search.index_dataset(dataset)
    started = time.perf_counter()
    made = ensure_file(release, "csv")
    exported = time.perf_counter() - started
    path = store.export_path(made.relpath)
    print(
        f"\n{rows:,}-row table: write_version {wrote:.2f} s (Parquet {stored.size_bytes / 1e6:.1f} MB); "
        f"CSV made once by ensure_file in {exported:.2f} s ({path.stat().st_size / 1e6:.1f} MB)"
    )
    return dataset.slug, path


def stream_download(port: int, path: str, on_chunk: Callable[[int], None]) -> tuple[float, float, int, int]:
    """(time to first byte, total time, body bytes, Content-Length) of one GET; ``on_chunk`` gets
    the bytes received so far after every read."""
    started = time.perf_counter()
    first = 0.0
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not first:
                first = time.perf_counter() - started
            if not chunk:
                raise SystemExit("connection closed before the headers")
            data += chunk
        head, body = data.split(b"\r\n\r\n", 1)
        length = next(
            int(line.split(b":", 1)[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")
        )
        received = len(body)
        buffer = bytearray(1 << 20)
        while True:
            n = sock.recv_into(buffer)
            if not n:
                break
            received += n
            on_chunk(received)
    return first, time.perf_counter() - started, received, length


def download(args: argparse.Namespace, env: dict[str, str]) -> None:
    slug, path = publish_large(args.rows)
    size = path.stat().st_size
    cats = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run(f"cat {path} > /dev/null", shell=True, check=True)
        cats.append(time.perf_counter() - started)
    cat = statistics.median(cats)
    print(f"  peer: cat file > /dev/null (page cache warm), median of 3: {cat:.3f} s = {size / 1e6 / cat:,.0f} MB/s")

    gunicorn = Gunicorn(env)
    try:
        workers = gunicorn.workers()
        idle = {pid: rss_kb(pid) for pid in workers}
        peak = dict(idle)
        sampling = threading.Event()

        def sample() -> None:
            while not sampling.is_set():
                for pid in workers:
                    peak[pid] = max(peak[pid], rss_kb(pid))
                time.sleep(0.002)

        # A few requests first (the catalogue, a 304 of the file), so that "before" is a worker that
        # has served pages, not one that has just started.
        # Four clients at once, so that both workers get some.
        etag = etag_of_head(gunicorn.port, f"/dataset/{slug}.csv")

        def warm() -> None:
            for _ in range(5):
                get_status("127.0.0.1", gunicorn.port, "/dataset/")
                get_status("127.0.0.1", gunicorn.port, f"/dataset/{slug}.csv", (f"If-None-Match: {etag}",))

        warmers = [threading.Thread(target=warm) for _ in range(4)]
        for t in warmers:
            t.start()
        for t in warmers:
            t.join()
        before = {pid: rss_kb(pid) for pid in workers}
        peak = dict(before)
        thread = threading.Thread(target=sample, daemon=True)
        thread.start()
        runs = []
        for _ in range(3):
            runs.append(("", stream_download(gunicorn.port, f"/dataset/{slug}.csv", lambda received: None)))
        # A slow client (reading at about SLOW_MB_S): the worker must wait on the socket, not buffer.
        started = time.perf_counter()

        def throttle(received: int) -> None:
            ahead = received / (SLOW_MB_S * 1e6) - (time.perf_counter() - started)
            if ahead > 0:
                time.sleep(ahead)

        runs.append(
            (f" (client reading at {SLOW_MB_S} MB/s)", stream_download(gunicorn.port, f"/dataset/{slug}.csv", throttle))
        )
        sampling.set()
        thread.join()
        after = {pid: rss_kb(pid) for pid in workers}
        for label, (ttfb, total, received, length) in runs:
            ok = "" if received == length == size else f"  (received {received:,} of {length:,}, file {size:,})"
            print(
                f"  GET /dataset/{slug}.csv via gunicorn{label}: first byte {ttfb * 1000:6.1f} ms, total {total:.3f} s, "
                f"{received / 1e6 / total:,.0f} MB/s = {cat / total:.2f}× cat{ok}"
            )
        for pid in workers:
            print(
                f"  worker {pid} VmRSS: at start {idle[pid] / 1024:.1f} MB, before {before[pid] / 1024:.1f} MB, "
                f"max during {peak[pid] / 1024:.1f} MB, after {after[pid] / 1024:.1f} MB"
            )
    finally:
        gunicorn.stop()


# ---------------------------------------------------------------------------------------------
# One database


def run_one(args: argparse.Namespace) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="satudata-bench-portal-"))
    os.environ["SATUDATA_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "satudata.settings"
    os.environ["SATUDATA_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["SATUDATA_DEBUG"] = ""
    os.environ["SATUDATA_LOG_LEVEL"] = "WARNING"
    # Server times measure rendering: the whole-page cache is off in this process; the throughput
    # runs below start gunicorn once without and once with it.
    os.environ["SATUDATA_PAGE_CACHE_SECONDS"] = "0"
    admin_url = ""
    if args.db == "postgresql":
        admin_url = args.pg_url
        parts = urlsplit(admin_url)
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{PG_NAME}"))
        pg_admin(admin_url, f"DROP DATABASE IF EXISTS {PG_NAME}", f"CREATE DATABASE {PG_NAME}")
    else:
        os.environ.pop("DATABASE_URL", None)
    try:
        sys.path.insert(0, str(CHECKOUT))
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection, connections

        from satudata.portal.management.commands.generate_bench_data import generate

        print(f"machine: {machine()}")
        print(f"date (UTC): {time.strftime('%Y-%m-%d %H:%M', time.gmtime())}")
        call_command("migrate", verbosity=0)
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("SELECT sqlite_version()")
                version = f"SQLite {cursor.fetchone()[0]} (WAL)"
            else:
                cursor.execute("SHOW server_version")
                version = f"PostgreSQL {cursor.fetchone()[0]}"
        print(f"database: {version}; Django {django.get_version()}")

        outcome = generate(datasets=args.datasets)
        print(
            f"generate_bench_data --datasets {args.datasets}: {outcome.seconds:.1f} s "
            f"({outcome.created} datasets, {outcome.indexed} indexed, {outcome.organizations} OPD)"
        )
        if connection.vendor == "postgresql":
            # A live server's autovacuum analyzes a table after a bulk load within about a minute.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            print("ANALYZE after loading (as autovacuum would do on a live server)")
        server_times(args, version)
        connections.close_all()
        env = dict(os.environ)
        if not args.skip_throughput:
            throughput(args, env, version)
        if not args.skip_download:
            download(args, env)
        connections.close_all()
    finally:
        if admin_url:
            pg_admin(admin_url, f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
        shutil.rmtree(data_dir, ignore_errors=True)


def pg_admin(url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        for statement in statements:
            con.execute(statement)  # type: ignore[arg-type]


def main() -> None:
    args = parse_args()
    if args.db != "all":
        run_one(args)
        return
    for db in ("sqlite", "postgresql"):
        argv = [a for a in sys.argv[1:] if a not in ("--db", "all")]
        print(f"\n===== {db} =====", flush=True)
        subprocess.run([PYTHON, __file__, "--db", db, *argv], check=True)


if __name__ == "__main__":
    main()
