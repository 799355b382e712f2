"""Benchmark data for the public portal (issue 5): N published datasets over about 40 OPD, with
Indonesian titles, descriptions and keywords built from word lists, in the catalogue's search index.

The rows are written with ``bulk_create`` and bypass the workflow on purpose: no draft, review or
publication steps, no ``VersionEvent`` audit rows, no notifications, no download files made by the
worker (the ``post_save`` signals do not fire). It is benchmark data, not a history anybody should
read, and going through the actions for 10,000 datasets would take far too long. Every dataset's
title ends with "(data contoh benchmark)" and its description starts with "Data contoh benchmark
(bukan angka resmi):"; its slug, and the slugs of the OPD made for it, start with the prefix.

The table data is real (24 to 365 rows of invented figures per table) but shared: six tables are
written once through ``satudata.store.write_version`` and every release points at one of them (the
store is content-addressed, so a second run finds the same files).

Dataset *i* is the same for a given seed whatever N is, so that running again with a larger N adds
only the missing ones; ``--clear`` removes everything made under the prefix.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.text import slugify

from satudata import store
from satudata.accounts.models import Organization, User
from satudata.datasets.models import (
    Dataset,
    DatasetVersion,
    Release,
    SchemaVersion,
    SourceKind,
    TingkatPenyajian,
    VersionStatus,
)
from satudata.datasets.schema import CodeRef, Field, TableSchema
from satudata.portal import search
from satudata.portal.models import SearchEntry
from satudata.reference.loaders import WILAYAH_FILE, read_wilayah_csv
from satudata.reference.models import AccessClass

SAMPLE_TITLE = " (data contoh benchmark)"
SAMPLE_DESCRIPTION = "Data contoh benchmark (bukan angka resmi): "
SAMPLE_KEYWORD = "data contoh benchmark"
REGION = "35.14"
BATCH = 1000
PREFIX_RE = re.compile(r"[a-z][a-z0-9]{0,19}")

# (key, name, short name, kind): the OPD of a regency, as Kabupaten Pasuruan names them.
ORGANIZATIONS: list[tuple[str, str, str, str]] = [
    ("dinkes", "Dinas Kesehatan", "Dinkes", "dinas"),
    ("dispendik", "Dinas Pendidikan", "Dispendik", "dinas"),
    ("dispendukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Dispendukcapil", "dinas"),
    ("distan", "Dinas Pertanian", "Distan", "dinas"),
    ("diskan", "Dinas Perikanan", "Diskan", "dinas"),
    ("disnak", "Dinas Peternakan dan Kesehatan Hewan", "Disnak", "dinas"),
    ("dkp", "Dinas Ketahanan Pangan", "DKP", "dinas"),
    ("dinsos", "Dinas Sosial", "Dinsos", "dinas"),
    ("dlh", "Dinas Lingkungan Hidup", "DLH", "dinas"),
    ("dpu-sda", "Dinas Pekerjaan Umum dan Sumber Daya Air", "DPU SDA", "dinas"),
    ("dpu-bm", "Dinas Pekerjaan Umum dan Bina Marga", "DPU BM", "dinas"),
    ("perkim", "Dinas Perumahan Rakyat dan Kawasan Permukiman", "Perkim", "dinas"),
    ("dishub", "Dinas Perhubungan", "Dishub", "dinas"),
    ("diskop", "Dinas Koperasi dan Usaha Mikro", "Diskop UM", "dinas"),
    ("disperindag", "Dinas Perindustrian dan Perdagangan", "Disperindag", "dinas"),
    ("disnaker", "Dinas Tenaga Kerja", "Disnaker", "dinas"),
    ("disparbud", "Dinas Pariwisata dan Kebudayaan", "Disparbud", "dinas"),
    ("dispora", "Dinas Kepemudaan dan Olahraga", "Dispora", "dinas"),
    ("dpmd", "Dinas Pemberdayaan Masyarakat dan Desa", "DPMD", "dinas"),
    ("dp3a", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "DP3A", "dinas"),
    ("dppkb", "Dinas Pengendalian Penduduk dan Keluarga Berencana", "DPPKB", "dinas"),
    ("dpmptsp", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", "dinas"),
    ("dispusip", "Dinas Perpustakaan dan Kearsipan", "Dispusip", "dinas"),
    ("diskominfo", "Dinas Komunikasi dan Informatika", "Diskominfo", "dinas"),
    ("bappelitbangda", "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah", "Bappelitbangda",
     "badan"),
    ("bapenda", "Badan Pendapatan Daerah", "Bapenda", "badan"),
    ("bpkad", "Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", "badan"),
    ("bkpsdm", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM", "badan"),
    ("bpbd", "Badan Penanggulangan Bencana Daerah", "BPBD", "badan"),
    ("bakesbangpol", "Badan Kesatuan Bangsa dan Politik", "Bakesbangpol", "badan"),
    ("satpol-pp", "Satuan Polisi Pamong Praja", "Satpol PP", "satuan"),
    ("inspektorat", "Inspektorat Daerah", "Inspektorat", "inspektorat"),
    ("bag-perekonomian", "Sekretariat Daerah Bagian Perekonomian", "Bag. Perekonomian", "sekretariat"),
    ("rsud-bangil", "RSUD Bangil", "RSUD Bangil", "rsud"),
    ("rsud-grati", "RSUD Grati", "RSUD Grati", "rsud"),
    ("kec-bangil", "Kecamatan Bangil", "Kec. Bangil", "kecamatan"),
    ("kec-pandaan", "Kecamatan Pandaan", "Kec. Pandaan", "kecamatan"),
    ("kec-gempol", "Kecamatan Gempol", "Kec. Gempol", "kecamatan"),
    ("kec-prigen", "Kecamatan Prigen", "Kec. Prigen", "kecamatan"),
    ("kec-purwosari", "Kecamatan Purwosari", "Kec. Purwosari", "kecamatan"),
]  # fmt: skip

# (subject, unit, topic — a SEKTOR_KEGIATAN code, the OPD that usually produces it, keywords)
SUBJECTS: list[tuple[str, str, str, str, str]] = [
    ("Jumlah Penduduk", "jiwa", "demografi_dan_kependudukan", "dispendukcapil", "penduduk, kependudukan"),
    ("Jumlah Kelahiran", "jiwa", "demografi_dan_kependudukan", "dispendukcapil", "kelahiran, akta"),
    ("Jumlah Kematian", "jiwa", "demografi_dan_kependudukan", "dispendukcapil", "kematian"),
    ("Jumlah Akseptor KB Aktif", "orang", "demografi_dan_kependudukan", "dppkb", "keluarga berencana, kb"),
    ("Luas Panen Padi", "hektare", "pertanian_dan_perikanan", "distan", "padi, sawah, panen"),
    ("Produksi Padi", "ton", "pertanian_dan_perikanan", "distan", "padi, gabah"),
    ("Produksi Jagung", "ton", "pertanian_dan_perikanan", "distan", "jagung, palawija"),
    ("Luas Lahan Sawah", "hektare", "pertanian_dan_perikanan", "distan", "sawah, lahan"),
    ("Populasi Sapi Perah", "ekor", "pertanian_dan_perikanan", "disnak", "sapi, ternak"),
    ("Produksi Susu Segar", "liter", "pertanian_dan_perikanan", "disnak", "susu, sapi perah"),
    ("Produksi Ikan Budidaya", "ton", "pertanian_dan_perikanan", "diskan", "ikan, tambak, kolam"),
    ("Ketersediaan Beras", "ton", "pertanian_dan_perikanan", "dkp", "pangan, beras"),
    ("Jumlah Sekolah Dasar", "unit", "pendidikan_dan_pelatihan", "dispendik", "sekolah, sd, pendidikan"),
    ("Jumlah Murid Sekolah Dasar", "orang", "pendidikan_dan_pelatihan", "dispendik", "murid, siswa, sd"),
    ("Jumlah Guru Sekolah Menengah Pertama", "orang", "pendidikan_dan_pelatihan", "dispendik", "guru, smp"),
    ("Angka Partisipasi Sekolah", "persen", "pendidikan_dan_pelatihan", "dispendik", "aps, partisipasi"),
    ("Jumlah Pengunjung Perpustakaan", "orang", "pendidikan_dan_pelatihan", "dispusip", "perpustakaan, literasi"),
    ("Jumlah Puskesmas", "unit", "kesehatan", "dinkes", "puskesmas, fasilitas kesehatan"),
    ("Jumlah Tenaga Kesehatan", "orang", "kesehatan", "dinkes", "dokter, bidan, perawat"),
    ("Jumlah Kasus Demam Berdarah Dengue", "kasus", "kesehatan", "dinkes", "dbd, penyakit menular"),
    ("Cakupan Imunisasi Dasar Lengkap", "persen", "kesehatan", "dinkes", "imunisasi, bayi"),
    ("Prevalensi Stunting pada Balita", "persen", "kesehatan", "dinkes", "stunting, gizi, balita"),
    ("Jumlah Pasien Rawat Inap", "orang", "kesehatan", "rsud-bangil", "rumah sakit, pasien"),
    ("Jumlah Penerima Program Keluarga Harapan", "keluarga", "perlindungan_sosial_dan_kesejahteraan", "dinsos",
     "pkh, bantuan sosial"),
    ("Jumlah Penyandang Disabilitas", "orang", "perlindungan_sosial_dan_kesejahteraan", "dinsos", "disabilitas"),
    ("Jumlah Kasus Kekerasan terhadap Perempuan dan Anak", "kasus", "perlindungan_sosial_dan_kesejahteraan",
     "dp3a", "kekerasan, perlindungan anak"),
    ("Jumlah Rumah Tidak Layak Huni", "unit", "perwilayahan_dan_perkotaan", "perkim", "rumah, rtlh, permukiman"),
    ("Volume Sampah Terangkut", "ton", "lingkungan", "dlh", "sampah, kebersihan"),
    ("Indeks Kualitas Air Sungai", "indeks", "lingkungan", "dlh", "air, sungai, pencemaran"),
    ("Jumlah Kejadian Bencana", "kejadian", "lingkungan", "bpbd", "bencana, banjir, longsor"),
    ("Luas Daerah Irigasi", "hektare", "pembangunan", "dpu-sda", "irigasi, pengairan"),
    ("Panjang Jalan Kabupaten Kondisi Baik", "km", "transportasi", "dpu-bm", "jalan, infrastruktur"),
    ("Jumlah Kendaraan Angkutan Umum Berizin", "unit", "transportasi", "dishub", "angkutan, kendaraan"),
    ("Jumlah Usaha Mikro", "unit", "industri_dan_jasa", "diskop", "umkm, usaha mikro"),
    ("Jumlah Koperasi Aktif", "unit", "industri_dan_jasa", "diskop", "koperasi"),
    ("Jumlah Industri Kecil dan Menengah", "unit", "industri_dan_jasa", "disperindag", "industri, ikm"),
    ("Jumlah Pencari Kerja Terdaftar", "orang", "ketenagakerjaan", "disnaker", "pencari kerja, ak1"),
    ("Jumlah Kunjungan Wisatawan", "orang", "industri_dan_jasa", "disparbud", "wisata, wisatawan"),
    ("Jumlah Atlet Berprestasi", "orang", "pendidikan_dan_pelatihan", "dispora", "olahraga, atlet"),
    ("Jumlah Desa Berstatus Mandiri", "desa", "pembangunan", "dpmd", "indeks desa membangun, idm"),
    ("Jumlah Izin Usaha Terbit", "izin", "industri_dan_jasa", "dpmptsp", "perizinan, investasi"),
    ("Realisasi Pajak Daerah", "rupiah", "keuangan", "bapenda", "pajak, pendapatan asli daerah"),
    ("Realisasi Belanja Daerah", "rupiah", "keuangan", "bpkad", "apbd, belanja"),
    ("Jumlah Aparatur Sipil Negara", "orang", "sektor_publik_perpajakan_dan_regulasi_pasar", "bkpsdm",
     "asn, pegawai"),
    ("Jumlah Pelanggaran Peraturan Daerah", "kasus", "sektor_publik_perpajakan_dan_regulasi_pasar", "satpol-pp",
     "perda, ketertiban"),
    ("Jumlah Menara Telekomunikasi", "unit", "teknologi_informasi_dan_komunikasi", "diskominfo",
     "menara, telekomunikasi"),
    ("Jumlah Titik Wifi Publik", "titik", "teknologi_informasi_dan_komunikasi", "diskominfo", "internet, wifi"),
]  # fmt: skip

# (phrase, table, tingkat penyajian)
BREAKDOWNS: list[tuple[str, str, str]] = [
    ("menurut Kecamatan", "kecamatan", TingkatPenyajian.KECAMATAN),
    ("menurut Kecamatan dan Jenis Kelamin", "kecamatan_jk", TingkatPenyajian.KECAMATAN),
    ("menurut Desa/Kelurahan", "desa", TingkatPenyajian.DESA),
    ("menurut Bulan", "bulan", TingkatPenyajian.KABUPATEN),
    ("menurut Kelompok Umur dan Jenis Kelamin", "umur", TingkatPenyajian.KABUPATEN),
    ("menurut Kecamatan dan Status", "status", TingkatPenyajian.KECAMATAN),
]
SOURCES = ("catatan administrasi OPD", "laporan bulanan UPT", "aplikasi SIMPUS", "Dapodik", "SIAK", "survei OPD")
AGE_GROUPS = [f"{a}-{a + 4}" for a in range(0, 75, 5)] + ["75+"]


# ---------------------------------------------------------------------------------------------
# The shared tables


@dataclass(frozen=True)
class Table:
    name: str
    key: str
    rows: int
    size_bytes: int
    schema: Callable[[str, str], TableSchema]  # (measure title, unit) → the dataset's schema


def _kecamatan_fields() -> list[Field]:
    return [
        Field(name="kode_kecamatan", title="Kode kecamatan", role="dimension", required=True,
              code_ref=CodeRef(wilayah_level="kecamatan", parent=REGION)),
        Field(name="nama_kecamatan", title="Kecamatan", required=True, name_of="kode_kecamatan"),
    ]  # fmt: skip


def _year() -> Field:
    return Field(name="tahun", type="year", title="Tahun", role="period", required=True)


def _measure(name: str, title: str, unit: str, *, integer: bool = True) -> Field:
    return Field(name=name, type="integer" if integer else "number", title=title, role="measure", unit=unit, minimum=0)


def _sex() -> Field:
    return Field(name="jenis_kelamin", title="Jenis kelamin", role="dimension", required=True, enum=("L", "P"))


@cache
def region_places() -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """(kode, nama) of the region's kecamatan and desa/kelurahan, from the packaged Kepmendagri
    file (the database need not have them)."""
    places = read_wilayah_csv(WILAYAH_FILE)
    inside = [(k, n, level) for k, n, level in places if k.startswith(f"{REGION}.")]
    return (
        tuple((k, n) for k, n, level in inside if level == "kecamatan"),
        tuple((k, n) for k, n, level in inside if level == "desa_kelurahan"),
    )


# Tables already written by this process, by (seed, store directory): writing them takes a second
# or two, and the content-addressed store would give the same keys anyway.
_written: dict[tuple[int, str], dict[str, Table]] = {}


def shared_tables(seed: int) -> dict[str, Table]:
    """The six tables every release points at, written once (the same content gives the same key)."""
    done = _written.get((seed, str(store.store_dir())))
    if done is not None and all(store.path_for(t.key).is_file() for t in done.values()):
        return done
    rng = random.Random(f"tables:{seed}")
    kecamatan, desa = region_places()
    names = dict(kecamatan)
    made: dict[str, Table] = {}

    def write(
        name: str, columns: dict[str, str], rows: list[dict[str, Any]], schema: Callable[[str, str], TableSchema]
    ) -> None:
        stored = store.write_version(store.Rows(rows=rows, columns=columns))
        made[name] = Table(name, stored.key, stored.rows, stored.size_bytes, schema)

    kec_cols = {"kode_kecamatan": "VARCHAR", "nama_kecamatan": "VARCHAR"}
    write(
        "kecamatan",
        {**kec_cols, "tahun": "INTEGER", "jumlah": "BIGINT"},
        [{"kode_kecamatan": k, "nama_kecamatan": n, "tahun": y, "jumlah": rng.randint(50, 90000)}
         for y in range(2019, 2026) for k, n in kecamatan],
        lambda title, unit: TableSchema(fields=(*_kecamatan_fields(), _year(), _measure("jumlah", title, unit))),
    )  # fmt: skip
    write(
        "kecamatan_jk",
        {**kec_cols, "jenis_kelamin": "VARCHAR", "tahun": "INTEGER", "jumlah": "BIGINT"},
        [{"kode_kecamatan": k, "nama_kecamatan": n, "jenis_kelamin": s, "tahun": y, "jumlah": rng.randint(20, 60000)}
         for y in range(2023, 2026) for k, n in kecamatan for s in ("L", "P")],
        lambda title, unit: TableSchema(
            fields=(*_kecamatan_fields(), _sex(), _year(), _measure("jumlah", title, unit))
        ),
    )  # fmt: skip
    write(
        "desa",
        {"kode_desa": "VARCHAR", "nama_desa": "VARCHAR", **kec_cols, "tahun": "INTEGER", "jumlah": "BIGINT"},
        [{"kode_desa": k, "nama_desa": n, "kode_kecamatan": k[:8], "nama_kecamatan": names.get(k[:8], ""),
          "tahun": 2024, "jumlah": rng.randint(0, 9000)} for k, n in desa],
        lambda title, unit: TableSchema(fields=(
            Field(name="kode_desa", title="Kode desa/kelurahan", role="dimension", required=True,
                  code_ref=CodeRef(wilayah_level="desa_kelurahan", parent=REGION)),
            Field(name="nama_desa", title="Desa/kelurahan", required=True, name_of="kode_desa"),
            *_kecamatan_fields(), _year(), _measure("jumlah", title, unit),
        )),
    )  # fmt: skip
    write(
        "bulan",
        {"tahun": "INTEGER", "bulan": "INTEGER", "nilai": "DOUBLE"},
        [{"tahun": y, "bulan": m, "nilai": round(rng.uniform(10, 5000), 2)} for y in (2024, 2025) for m in range(1, 13)],
        lambda title, unit: TableSchema(fields=(
            _year(), Field(name="bulan", type="integer", title="Bulan", role="dimension", minimum=1, maximum=12),
            _measure("nilai", title, unit, integer=False),
        )),
    )  # fmt: skip
    write(
        "umur",
        {"kelompok_umur": "VARCHAR", "jenis_kelamin": "VARCHAR", "tahun": "INTEGER", "jumlah": "BIGINT"},
        [{"kelompok_umur": a, "jenis_kelamin": s, "tahun": y, "jumlah": rng.randint(1000, 80000)}
         for y in (2024, 2025) for a in AGE_GROUPS for s in ("L", "P")],
        lambda title, unit: TableSchema(fields=(
            Field(name="kelompok_umur", title="Kelompok umur", role="dimension", required=True),
            _sex(), _year(), _measure("jumlah", title, unit),
        )),
    )  # fmt: skip
    write(
        "status",
        {**kec_cols, "status": "VARCHAR", "tahun": "INTEGER", "jumlah": "BIGINT"},
        [{"kode_kecamatan": k, "nama_kecamatan": n, "status": s, "tahun": y, "jumlah": rng.randint(0, 400)}
         for y in (2024, 2025) for k, n in kecamatan for s in ("negeri", "swasta")],
        lambda title, unit: TableSchema(fields=(
            *_kecamatan_fields(),
            Field(name="status", title="Status", role="dimension", required=True, enum=("negeri", "swasta")),
            _year(), _measure("jumlah", title, unit),
        )),
    )  # fmt: skip
    _written[(seed, str(store.store_dir()))] = made
    return made


# ---------------------------------------------------------------------------------------------
# One dataset


@dataclass(frozen=True)
class Spec:
    index: int
    slug: str
    subject: str
    title: str
    description: str
    keywords: str
    unit: str
    topic: str
    org_key: str
    table: str
    tingkat: str
    access: str
    priority: bool
    years: tuple[int, ...]
    released: dt.datetime
    downloads: int


def spec_for(index: int, *, seed: int, prefix: str, kecamatan: Sequence[str], now: dt.datetime) -> Spec:
    """Dataset ``index`` (from 1): the same for a given seed, whatever the number asked for."""
    rng = random.Random(f"{seed}:{index}")
    subject, unit, topic, home_org, keywords = rng.choice(SUBJECTS)
    phrase, table, tingkat = rng.choice(BREAKDOWNS)
    place = ""
    if table == "desa" and rng.random() < 0.5:
        place = f" di Kecamatan {rng.choice(kecamatan)}"
    elif rng.random() < 0.3:
        place = " Kabupaten Pasuruan"
    last = rng.randint(2019, 2025)
    years = tuple(range(last - rng.randint(1, 5) + 1, last + 1))
    span = f"Tahun {years[0]}" if len(years) == 1 else f"Tahun {years[0]}–{years[-1]}"
    title = f"{subject} {phrase}{place} {span}{SAMPLE_TITLE}"
    org_key = home_org if rng.random() < 0.8 else rng.choice(ORGANIZATIONS)[0]
    source = rng.choice(SOURCES)
    description = (
        f"{SAMPLE_DESCRIPTION}{subject.lower()} {phrase}{place} untuk periode {', '.join(map(str, years))}, "
        f"dalam satuan {unit}. Dihimpun dari {source} dan diperiksa walidata sebelum terbit. "
        "Angka dalam dataset ini dibuat acak untuk uji kecepatan portal."
    )
    access = rng.choices([AccessClass.TERBUKA, AccessClass.TERBATAS, AccessClass.TERTUTUP], weights=[85, 10, 5])[0]
    released = dt.datetime(min(last + 1, now.year), 1, 1, 8, tzinfo=dt.UTC) + dt.timedelta(days=rng.randint(0, 300))
    return Spec(
        index=index,
        slug=f"{prefix}-{index:05d}-{slugify(subject)}"[:120],
        subject=subject,
        title=title,
        description=description,
        keywords=", ".join(
            [keywords, phrase.removeprefix("menurut ").lower(), *(str(y) for y in years), SAMPLE_KEYWORD]
        ),
        unit=unit,
        topic=topic,
        org_key=org_key,
        table=table,
        tingkat=tingkat,
        access=access,
        priority=rng.random() < 0.05,
        years=years,
        released=min(released, now),
        # A long tail: most datasets are rarely downloaded, a few very often (for sorting).
        downloads=int(rng.paretovariate(1.2) * 3) - 3,
    )


# ---------------------------------------------------------------------------------------------
# Generating and clearing


@dataclass
class Outcome:
    created: int
    existing: int
    organizations: int
    indexed: int
    seconds: float


def bench_user(prefix: str) -> User:
    user, created = User.objects.get_or_create(
        username=f"{prefix}-generator", defaults={"full_name": "Pembuat data contoh benchmark", "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def bench_organizations(prefix: str) -> dict[str, Organization]:
    orgs: dict[str, Organization] = {}
    for key, name, short, kind in ORGANIZATIONS:
        orgs[key], _created = Organization.objects.get_or_create(
            slug=f"{prefix}-{key}",
            defaults={"name": f"{name} ({SAMPLE_KEYWORD} {prefix})", "short_name": short, "kind": kind},
        )
    return orgs


def generate(
    *, datasets: int, seed: int = 1, prefix: str = "bench", progress: Callable[[str], None] | None = None
) -> Outcome:
    """Make datasets 1…``datasets`` that do not exist yet, and index them for the catalogue."""
    started = time.perf_counter()
    say = progress or (lambda message: None)
    user = bench_user(prefix)
    orgs = bench_organizations(prefix)
    tables = shared_tables(seed)
    say(f"{len(tables)} tabel Parquet bersama; {len(orgs)} organisasi.")
    now = timezone.now()
    kecamatan = [n for _kode, n in region_places()[0]]
    existing = set(Dataset.objects.filter(slug__startswith=f"{prefix}-").values_list("slug", flat=True))
    specs = [spec_for(i, seed=seed, prefix=prefix, kecamatan=kecamatan, now=now) for i in range(1, datasets + 1)]
    todo = [s for s in specs if s.slug not in existing]
    indexed = 0
    for start in range(0, len(todo), BATCH):
        batch = todo[start : start + BATCH]
        with transaction.atomic():
            made = _create_batch(batch, user=user, orgs=orgs, tables=tables)
            for dataset in Dataset.objects.filter(pk__in=[d.pk for d in made]).select_related("organization"):
                if search.index_dataset(dataset) is not None:
                    indexed += 1
            entries = list(SearchEntry.objects.filter(dataset_id__in=[d.pk for d in made]))
            downloads = {d.pk: s.downloads for d, s in zip(made, batch, strict=True)}
            for entry in entries:
                entry.downloads = max(downloads[entry.dataset_id], 0)
            SearchEntry.objects.bulk_update(entries, ["downloads"], batch_size=500)
        say(f"{start + len(batch)}/{len(todo)} dataset dibuat dan diindeks ({time.perf_counter() - started:.0f} s).")
    return Outcome(
        created=len(todo), existing=len(specs) - len(todo), organizations=len(orgs), indexed=indexed,
        seconds=time.perf_counter() - started,
    )  # fmt: skip


def _create_batch(
    batch: list[Spec], *, user: User, orgs: dict[str, Organization], tables: dict[str, Table]
) -> list[Dataset]:
    made = Dataset.objects.bulk_create(
        [
            Dataset(
                organization=orgs[s.org_key], title=s.title, slug=s.slug, description=s.description, topic=s.topic,
                access_class=s.access, unit=s.unit, tingkat_penyajian=s.tingkat, keywords=s.keywords[:500],
                is_priority=s.priority, created_by=user,
            )
            for s in batch
        ]
    )  # fmt: skip
    schemas = SchemaVersion.objects.bulk_create(
        [
            SchemaVersion(
                dataset=d, number=1, descriptor=tables[s.table].schema(s.subject, s.unit).to_descriptor(),
                locked_at=s.released, locked_by=user, created_by=user, created=s.released,
            )
            for d, s in zip(made, batch, strict=True)
        ]
    )  # fmt: skip
    versions: list[DatasetVersion] = []
    releases: list[Release] = []
    for d, s, schema in zip(made, batch, schemas, strict=True):
        table = tables[s.table]
        for number, year in enumerate(s.years, start=1):
            published = s.released - dt.timedelta(days=len(s.years) - number)
            versions.append(
                DatasetVersion(
                    dataset=d, number=number, period=str(year), schema=schema, status=VersionStatus.PUBLISHED,
                    file_key=table.key, row_count=table.rows, size_bytes=table.size_bytes,
                    source_kind=SourceKind.DEMO, source_name="generate_bench_data", validated_at=published,
                    published_at=published, created_by=user, created=published,
                )
            )  # fmt: skip
        releases.append(
            Release(
                dataset=d, number=1, file_key=table.key, row_count=table.rows, size_bytes=table.size_bytes,
                periods=[str(y) for y in s.years], note=SAMPLE_DESCRIPTION.strip(), created_by=user, created=s.released,
            )
        )  # fmt: skip
    versions = DatasetVersion.objects.bulk_create(versions)
    releases = Release.objects.bulk_create(releases)
    by_dataset = {r.dataset_id: r.pk for r in releases}
    Release.versions.through.objects.bulk_create(
        [Release.versions.through(release_id=by_dataset[v.dataset_id], datasetversion_id=v.pk) for v in versions]
    )
    return made


def clear(*, prefix: str) -> int:
    """Remove the datasets, OPD and user made under ``prefix``; the number of datasets removed.
    Only rows carrying the benchmark label are touched."""
    datasets = Dataset.objects.filter(slug__startswith=f"{prefix}-", description__startswith=SAMPLE_DESCRIPTION)
    count = datasets.count()
    with transaction.atomic():
        # Versions first: a version protects its schema, which the dataset's cascade would remove.
        DatasetVersion.objects.filter(dataset__in=datasets).delete()
        datasets.delete()
        Organization.objects.filter(
            slug__startswith=f"{prefix}-", name__endswith=f"({SAMPLE_KEYWORD} {prefix})", datasets__isnull=True
        ).delete()
    try:
        with transaction.atomic():
            User.objects.filter(username=f"{prefix}-generator", is_active=False).delete()
    except ProtectedError:  # still the creator of rows this command did not make
        pass
    return count


class Command(BaseCommand):
    help = (
        "Membuat data contoh benchmark untuk portal publik: N dataset terbit (judul berakhiran "
        "“(data contoh benchmark)”) pada sekitar 40 OPD contoh, langsung ke basis data tanpa alur kerja "
        "dan tanpa riwayat audit, lalu mengindeksnya untuk pencarian katalog. Aman diulang."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--datasets", type=int, default=10000, help="jumlah dataset (bawaan 10000)")
        parser.add_argument("--seed", type=int, default=1, help="benih acak; benih yang sama memberi data yang sama")
        parser.add_argument("--prefix", default="bench", help="awalan slug dataset dan OPD contoh (bawaan: bench)")
        parser.add_argument(
            "--clear", action="store_true", help="hapus semua data contoh dengan awalan ini lalu berhenti"
        )
        parser.add_argument("--force", action="store_true", help="jalankan walau DEBUG mati (mis. server uji)")

    def handle(self, *args: object, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Data contoh benchmark masuk langsung ke katalog publik; ditolak karena DEBUG mati. "
                "Jalankan dengan SATUDATA_DEBUG=1, atau tambahkan --force bila memang disengaja."
            )
        prefix = str(options["prefix"])
        if not PREFIX_RE.fullmatch(prefix):
            raise CommandError("Awalan harus huruf kecil dan angka, diawali huruf, paling panjang 20 karakter.")
        if options["clear"]:
            removed = clear(prefix=prefix)
            self.stdout.write(f"Data contoh benchmark “{prefix}” dihapus: {removed} dataset.")
            return
        datasets = int(options["datasets"])
        if datasets < 1:
            raise CommandError("--datasets harus paling sedikit 1.")
        outcome = generate(datasets=datasets, seed=int(options["seed"]), prefix=prefix, progress=self.stdout.write)
        self.stdout.write(
            f"Selesai dalam {outcome.seconds:.1f} s: {outcome.created} dataset dibuat, {outcome.existing} sudah ada, "
            f"{outcome.indexed} masuk indeks pencarian, {outcome.organizations} organisasi."
        )
