"""Issue 6's figures for the machine interfaces, server time through Django's test client in this
process (no network), with generated benchmark datasets (`generate_bench_data`) and one
1,000,000-row published dataset:

1. rows of the big table through the REST API and CKAN's ``datastore_search``: the first page, a
   page deep in the table by offset and the same page by keyset (cursor / ``next_page``), a filtered
   page with its total, and a grouped sum over all rows;
2. the catalogue side: REST ``/datasets``, CKAN ``package_search`` (100 rows, with facets) and
   ``package_show``, one DCAT page of 100 datasets in Turtle, a Data Package and a JSON-stat document;
3. the cost of counting API use (the API and harvest log): CKAN ``status_show`` not counted,
   counted with the default buffer, and written to the database at every call;
4. peer: ``/healthz`` in the same process.

Prints figures (p50/p95 in ms) and the offset/keyset ratio; asserts nothing. Runs in a temporary
data directory (SQLite there) or a throw-away PostgreSQL database, removed at the end:

    .venv/bin/python bench/api.py                     # SQLite
    .venv/bin/python bench/api.py --db postgresql     # database satudata_bench on 127.0.0.1:5432
    .venv/bin/python bench/api.py --db all"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

CHECKOUT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(CHECKOUT / "bench"))
sys.path.insert(0, str(CHECKOUT))

from portal import PG_DEFAULT, PG_NAME, machine, percentile, pg_admin, publish_large  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "all"], default="sqlite")
    parser.add_argument("--pg-url", default=os.environ.get("DATABASE_URL") or PG_DEFAULT)
    parser.add_argument("--datasets", type=int, default=2000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=30)
    return parser.parse_args()


def measure(client: Any, method: str, url: str, samples: int, body: Any = None) -> list[float]:
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        if method == "POST":
            response = client.post(url, json.dumps(body), content_type="application/json")
        else:
            response = client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{method} {url} → {response.status_code}: {content[:300]!r}")
    return sorted(times)


def line(label: str, times: list[float]) -> str:
    return f"  {label:<62} p50 {percentile(times, 50):8.1f} ms   p95 {percentile(times, 95):8.1f} ms"


def run_one(args: argparse.Namespace) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="satudata-bench-api-"))
    os.environ.update(
        SATUDATA_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="satudata.settings", SATUDATA_DEBUG="",
        SATUDATA_ALLOWED_HOSTS="testserver", SATUDATA_LOG_LEVEL="WARNING", SATUDATA_PAGE_CACHE_SECONDS="0",
        SATUDATA_API_RATE_ANON="0",
    )  # fmt: skip
    admin_url = ""
    if args.db == "postgresql":
        admin_url = args.pg_url
        os.environ["DATABASE_URL"] = urlunsplit(urlsplit(admin_url)._replace(path=f"/{PG_NAME}"))
        pg_admin(admin_url, f"DROP DATABASE IF EXISTS {PG_NAME}", f"CREATE DATABASE {PG_NAME}")
    else:
        os.environ.pop("DATABASE_URL", None)
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from satudata.datasets.models import Dataset
        from satudata.portal.management.commands.generate_bench_data import generate

        print(f"machine: {machine()}")
        print(f"date (UTC): {time.strftime('%Y-%m-%d %H:%M', time.gmtime())}")
        call_command("migrate", verbosity=0)
        print(f"database: {connection.vendor}; Django {django.get_version()}")
        outcome = generate(datasets=args.datasets)
        print(f"generate_bench_data --datasets {args.datasets}: {outcome.seconds:.1f} s")
        slug, _csv = publish_large(args.rows)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        client = Client()
        n = args.samples
        big = Dataset.objects.get(slug=slug)
        resource = client.get(f"/api/3/action/package_show?id={slug}").json()["result"]["resources"][0]["id"]
        deep = args.rows - 1000

        print(f"\n1. rows of the {args.rows:,}-row table (limit 100)")
        rows = f"/api/v1/datasets/{slug}/rows"
        first = measure(client, "GET", f"{rows}?limit=100&total=false", n)
        offset = measure(client, "GET", f"{rows}?limit=100&offset={deep}&sort=jumlah&total=false", n)
        cursor = client.get(f"{rows}?limit=100&offset={deep - 100}&sort=jumlah&total=false").json()["next_cursor"]
        keyset = measure(client, "GET", f"{rows}?limit=100&sort=jumlah&total=false&cursor={cursor}", n)
        filtered = measure(client, "GET", f"{rows}?limit=100&filter=kode_kecamatan:eq:35.14.07&filter=umur:gte:60", n)
        grouped = measure(
            client, "GET", f"/api/v1/datasets/{slug}/aggregate?group_by=kode_kecamatan&measure=sum:jumlah", n
        )
        print(line("REST first page", first))
        print(line(f"REST offset {deep:,}, sorted by a column", offset))
        print(line("REST the same page by cursor (keyset)", keyset))
        print(f"  offset / keyset (p50): {percentile(offset, 50) / percentile(keyset, 50):.1f}×")
        print(line("REST two filters, with total", filtered))
        print(line("REST aggregate: sum by kecamatan over every row", grouped))
        action = "/api/3/action/datastore_search"
        ck_first = measure(client, "POST", action, n, {"resource_id": resource, "limit": 100, "include_total": False})
        ck_offset = measure(client, "POST", action, n, {"resource_id": resource, "limit": 100, "offset": deep,
                                                        "include_total": False})  # fmt: skip
        ck_keyset = measure(client, "POST", action, n, {"resource_id": resource, "limit": 100, "sort": "_id",
                                                        "filters": {"_id": {"gt": deep}}, "include_total": False})  # fmt: skip
        ck_filtered = measure(client, "POST", action, n, {"resource_id": resource, "limit": 100,
                                                          "filters": {"kode_kecamatan": "35.14.07", "umur": {"gte": 60}}})  # fmt: skip
        print(line("CKAN datastore_search first page", ck_first))
        print(line(f"CKAN datastore_search offset {deep:,}", ck_offset))
        print(line("CKAN datastore_search the same rows by _id (2.12 next_page)", ck_keyset))
        print(line("CKAN datastore_search two filters, with total", ck_filtered))

        print(f"\n2. catalogue side ({Dataset.objects.count():,} datasets)")
        small = Dataset.objects.exclude(pk=big.pk).filter(releases__isnull=False, access_class="terbuka").first()
        assert small is not None
        for label, method, url, body in [
            ("REST /datasets?limit=100", "GET", "/api/v1/datasets?limit=100", None),
            ("REST /datasets?q=jumlah&limit=100", "GET", "/api/v1/datasets?q=jumlah&limit=100", None),
            ("CKAN package_search rows=100 with facets", "POST", "/api/3/action/package_search",
             {"rows": 100, "facet.field": ["organization", "groups", "tags"]}),
            ("CKAN package_search fq=metadata_modified:[X TO *], id asc", "GET",
             "/api/3/action/package_search?rows=100&sort=id%20asc&fq=metadata_modified:[2020-01-01T00:00:00Z%20TO%20*]", None),
            ("CKAN package_show", "GET", f"/api/3/action/package_show?id={small.slug}", None),
            ("DCAT /catalog.ttl (100 datasets)", "GET", "/catalog.ttl", None),
            ("DCAT /dataset/<slug>.ttl", "GET", f"/dataset/{small.slug}.ttl", None),
            ("Data Package", "GET", f"/dataset/{small.slug}/datapackage.json", None),
            ("JSON-stat", "GET", f"/dataset/{small.slug}.jsonstat", None),
        ]:  # fmt: skip
            print(line(label, measure(client, method, url, max(5, n // 3) if "catalog" in url else n, body)))

        print("\n3. usage counting (API and harvest log) on CKAN status_show, the cheapest call")
        from django.test import override_settings

        from satudata.api import usage

        status = "/api/3/action/status_show"
        buffered = measure(client, "GET", status, n * 3)  # the default: written once a minute
        with override_settings(SATUDATA_API_USAGE_FLUSH_SECONDS=0):
            written = measure(client, "GET", status, n * 3)  # a database write at every call
        with override_settings(MIDDLEWARE=[m for m in settings.MIDDLEWARE if not m.endswith("ApiUsageMiddleware")]):
            uncounted = measure(Client(), "GET", status, n * 3)  # a new client loads the middleware anew
        usage.flush()
        print(line("not counted (middleware removed)", uncounted))
        print(line("counted, buffered (default, written every 60 s)", buffered))
        print(line("counted, written at every call", written))
        print(f"  buffered − not counted (p50): {percentile(buffered, 50) - percentile(uncounted, 50):+.2f} ms")

        print("\n4. peer")
        print(line("/healthz", measure(client, "GET", "/healthz", n)))
    finally:
        from django.db import connections

        connections.close_all()
        if admin_url:
            pg_admin(admin_url, f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
        shutil.rmtree(data_dir, ignore_errors=True)


def main() -> None:
    args = parse_args()
    if args.db != "all":
        run_one(args)
        return
    for db in ("sqlite", "postgresql"):
        argv = [a for a in sys.argv[1:] if a not in ("--db", "all")]
        print(f"\n===== {db} =====", flush=True)
        subprocess.run([sys.executable, __file__, "--db", db, *argv], check=True)


if __name__ == "__main__":
    main()
