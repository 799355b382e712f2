"""Kode wilayah: bulk loader against a row-by-row peer, and the JSON children lookup.

Prints figures; asserts nothing. Runs on a throw-away SQLite database unless DATABASE_URL is set
(then it uses that database: give it an empty one)."""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("SATUDATA_DATA_DIR", tempfile.mkdtemp(prefix="satudata-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "satudata.settings")
os.environ.setdefault("SATUDATA_ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from satudata.reference.loaders import WILAYAH_FILE, load_wilayah, read_wilayah_csv  # noqa: E402
from satudata.reference.models import Wilayah  # noqa: E402

PEER_ROWS = 5000


def timed(fn):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def main() -> None:
    call_command("migrate", verbosity=0)
    Wilayah.objects.all().delete()
    rows = read_wilayah_csv(WILAYAH_FILE)
    print(f"database: {connection.vendor}; rows in file: {len(rows)}")

    first, result = timed(lambda: load_wilayah(WILAYAH_FILE))
    print(f"load_wilayah, empty table:   {first:6.2f} s  ({result.created} created, {len(rows) / first:,.0f} rows/s)")
    again, result = timed(lambda: load_wilayah(WILAYAH_FILE))
    print(f"load_wilayah, reload:        {again:6.2f} s  ({result.unchanged} unchanged)")

    # Peer: the obvious ORM loop (update_or_create per row) on the first PEER_ROWS rows.
    Wilayah.objects.all().delete()

    def peer() -> None:
        with transaction.atomic():
            for kode, nama, level in rows[:PEER_ROWS]:
                Wilayah.objects.update_or_create(
                    kode=kode, defaults={"nama": nama, "level": level, "parent_id": Wilayah.parent_code(kode)}
                )

    peer_time, _ = timed(peer)
    peer_rate = PEER_ROWS / peer_time
    print(f"peer update_or_create loop:  {peer_time:6.2f} s for {PEER_ROWS} rows ({peer_rate:,.0f} rows/s)")
    print(f"ratio bulk loader / peer (rows per second): {len(rows) / first / peer_rate:.1f}x")

    Wilayah.objects.all().delete()
    load_wilayah(WILAYAH_FILE)
    client = Client()
    for url in ["/wilayah/35.14.json", "/wilayah/35.14.01.json", "/wilayah/.json"]:
        client.get(url)  # warm
        samples = []
        for _ in range(200):
            started = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        samples.sort()
        print(
            f"GET {url:24s} median {statistics.median(samples):5.2f} ms  p95 {samples[189]:5.2f} ms  ({response.json()['count']} children)"
        )


if __name__ == "__main__":
    main()
