"""Personas, as in healthchecks' Alice/Bob/Charlie: a producer of Dinas Kesehatan (alice), a
producer of Dinas Pendidikan (bob), the walidata (wali), the pembina at BPS (bps), the Forum
secretariat (forum), a site admin, a logged-in user without any role (nobody) and anonymous."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from satudata.accounts.models import Membership, Organization, Role, User
from satudata.planning.actions import do_create_item, do_start_cycle, do_submit_item
from satudata.planning.models import Cycle, DaftarDataItem
from satudata.reference.loaders import WILAYAH_FILE, load_wilayah

PASSWORD = "rahasia-uji-123"
# The project's shared reference data, when the checkout has shared/ beside it (CI does).
SHARED_WILAYAH_CSV = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "reference" / "kode_wilayah_kemendagri_2025.csv"
)


def make_user(username: str, role: Role | None = None, org: Organization | None = None, **extra: Any) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=username.title(), **extra)
    if role:
        Membership.objects.create(user=user, role=role, organization=org)
    return user


@pytest.fixture
def orgs(db: None) -> dict[str, Organization]:
    rows = [
        ("dinkes", "Dinas Kesehatan", "Dinkes"),
        ("dispendik", "Dinas Pendidikan", "Dispendik"),
        ("diskominfo", "Dinas Komunikasi dan Informatika", "Diskominfo"),
        ("bappelitbangda", "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah", "Bappelitbangda"),
        ("bps", "Badan Pusat Statistik Kabupaten Pasuruan", "BPS"),
    ]
    return {slug: Organization.objects.create(slug=slug, name=name, short_name=short) for slug, name, short in rows}


@pytest.fixture
def people(orgs: dict[str, Organization]) -> dict[str, User]:
    return {
        "alice": make_user("alice", Role.PRODUCER, orgs["dinkes"]),
        "bob": make_user("bob", Role.PRODUCER, orgs["dispendik"]),
        "wali": make_user("wali", Role.WALIDATA, orgs["diskominfo"]),
        "bps": make_user("bps", Role.PEMBINA, orgs["bps"]),
        "forum": make_user("forum", Role.FORUM, orgs["bappelitbangda"]),
        "admin": make_user("admin", is_superuser=True, is_staff=True),
        "nobody": make_user("nobody"),
    }


ROLES = ["alice", "bob", "wali", "bps", "forum", "admin", "nobody", "anonymous"]


@pytest.fixture
def client_for(people: dict[str, User]) -> Callable[[str], Client]:
    def make(name: str) -> Client:
        client = Client()
        if name != "anonymous":
            client.force_login(people[name])
        return client

    return make


@pytest.fixture
def cycle(people: dict[str, User]) -> Cycle:
    return do_start_cycle(year=2026, start_date=dt.date(2026, 1, 5), acting_user=people["wali"])


def item_fields(org: Organization, **overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "id_ddd": "", "id_ddp": "-", "sumber_referensi": "RPJMD 2025–2029", "kode_indikator": "KES.01",
        "nama_indikator": "Angka Kematian Bayi", "nama_data": "Angka Kematian Bayi", "jenis_data": "statistik",
        "indikator_variabel": "indikator", "kode_standar_data": "N/A", "organization": org,
        "klasifikasi": "terbuka", "definisi": "Kematian bayi di bawah satu tahun per 1.000 kelahiran hidup.",
        "satuan": "per 1.000 kelahiran hidup", "klasifikasi_penyajian": "Kecamatan", "jadwal_pemutakhiran": "tahunan",
        "kategori_rad": "", "kode_metadata": "", "link_portal_daerah": "", "link_portal_sdi": "",
        "is_priority": True, "planning_document": "rpjmd",
    }  # fmt: skip
    fields.update(overrides)
    return fields


@pytest.fixture
def make_item(cycle: Cycle) -> Callable[..., DaftarDataItem]:
    counter = iter(range(1, 10_000))

    def make(by: User, org: Organization, *, submit: bool = False, **overrides: Any) -> DaftarDataItem:
        fields = item_fields(org, **overrides)
        fields["id_ddd"] = fields["id_ddd"] or f"DDD-2026-{next(counter):03d}"
        item = do_create_item(item=DaftarDataItem(cycle=cycle, **fields), acting_user=by)
        if submit:
            do_submit_item(item=item, acting_user=by)
        return item

    return make


@pytest.fixture
def pasuruan_wilayah(db: None, tmp_path: Path) -> None:
    """Jawa Timur, Kabupaten Pasuruan and its kecamatan and desa, from the real file."""
    subset = tmp_path / "wilayah_pasuruan.csv"
    with gzip.open(WILAYAH_FILE, "rt", encoding="utf-8") as src, subset.open("w", encoding="utf-8", newline="") as dst:
        reader, writer = csv.reader(src), csv.writer(dst)
        writer.writerow(next(reader))
        writer.writerows(row for row in reader if row[0] in {"35", "35.14"} or row[0].startswith("35.14."))
    load_wilayah(subset)


@pytest.fixture(autouse=True)
def _csv_field_size_limit() -> Iterator[None]:
    """frictionless (used by the Data Package tests) raises the csv module's field size limit for
    the whole process when it is imported; the upload and accuracy checks rely on the default."""
    import csv

    limit = csv.field_size_limit()
    yield
    csv.field_size_limit(limit)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: cached facets and pages are keyed by a generation
    number that another test's rolled-back rows may have reached too."""
    from django.core.cache import cache

    cache.clear()
