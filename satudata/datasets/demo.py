"""Demo datasets of Kabupaten Pasuruan, made through the real workflow (grid rows → draft → submit →
verify → check by the pembina for Data Prioritas → publish), plus one version in every other state
for the walidata, the pembina and the producers to work on.

Which figures are real:

- the number of desa and kelurahan per kecamatan, counted from the kode wilayah (Kepmendagri
  300.2.2-2138/2025: the village part of a code starts with 1 for a kelurahan, 2 for a desa);
- the population by sex of every regency/city of Jawa Timur in 2025 (Kemendagri) and so the
  regency totals by sex of Kabupaten Pasuruan in 2025;
- the land area of every regency/city of Jawa Timur (BIG 2024).

Everything else is invented, deterministically (formulas and ``random.Random`` with fixed seeds), and
every dataset holding invented figures says so: its title ends with "(data contoh)", its description
starts with "Data contoh (bukan angka resmi):" and it has the keyword "data contoh".

A few datasets carry the producer's narrative on their latest published period (SOP step 12): the
sentences of the descriptive analysis of the demo figures, starting with "(Data contoh)".
"""

from __future__ import annotations

import csv
import math
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils import timezone, translation

from satudata import store
from satudata.accounts.models import Notification, Organization, User
from satudata.analysis import descriptive
from satudata.datasets import actions
from satudata.datasets.models import Dataset, DatasetVersion, Release
from satudata.datasets.pipeline import import_rows
from satudata.datasets.schema import CodeRef, Field, TableSchema
from satudata.metadata.models import StatisticalActivity
from satudata.planning.models import Cycle, DaftarDataItem
from satudata.reference.loaders import DATA_DIR
from satudata.reference.models import Wilayah

Row = dict[str, Any]

REGION = "35.14"
REGION_NAME = "Kabupaten Pasuruan"
PROVINCE = "35"
YEARS = (2022, 2023, 2024)  # published for every dataset of several periods
LATEST = 2025  # the year on its way through the workflow (or published, for some)
POPULATION_FILE = DATA_DIR / "penduduk_kabkota_kemendagri_2025.csv"
AREA_FILE = DATA_DIR / "luas_wilayah_big_2024.csv"

SAMPLE_TITLE = " (data contoh)"
SAMPLE_DESCRIPTION = "Data contoh (bukan angka resmi): "
SAMPLE_KEYWORD = "data contoh"
SAMPLE_NARRATIVE = "(Data contoh) "
# Datasets whose latest published period has a narrative (besides the population, whose 2025
# period gets one on its own way through the workflow).
NARRATED = ("kepadatan", "nakes", "sapi-perah")
KEMENDAGRI = "Kepmendagri No. 300.2.2-2138 Tahun 2025"

# Invented weights per kecamatan (not official figures): population (thousands), land area (km²),
# yearly population growth (%), harvested paddy area (ha) and dairy cattle (head). Highland
# kecamatan (Tosari, Tutur, Puspo, Lumbang, Prigen, Purwodadi) have little paddy and most dairy cattle.
PROFILE: dict[str, tuple[int, int, float, int, int]] = {
    "01": (70, 103, 0.7, 1600, 6800),
    "02": (56, 88, 0.6, 150, 21000),
    "03": (31, 59, 0.5, 80, 5200),
    "04": (37, 125, 0.5, 900, 3200),
    "05": (57, 86, 0.6, 1900, 3100),
    "06": (71, 79, 0.7, 3700, 900),
    "07": (62, 49, 0.8, 3000, 700),
    "08": (73, 52, 0.9, 2000, 2900),
    "09": (92, 53, 1.0, 3100, 2100),
    "10": (93, 122, 0.9, 900, 4300),
    "11": (118, 43, 1.3, 1300, 1100),
    "12": (137, 65, 1.4, 1800, 300),
    "13": (90, 40, 1.2, 2200, 150),
    "14": (97, 45, 1.1, 2000, 120),
    "15": (66, 46, 0.8, 3600, 200),
    "16": (92, 54, 0.9, 4200, 180),
    "17": (32, 17, 0.7, 1800, 90),
    "18": (56, 27, 0.7, 3500, 110),
    "19": (44, 49, 0.6, 3200, 160),
    "20": (82, 56, 0.8, 3400, 250),
    "21": (64, 49, 0.7, 1900, 130),
    "22": (75, 47, 0.8, 1100, 80),
    "23": (50, 32, 0.7, 2100, 100),
    "24": (22, 101, 0.4, 0, 1500),
}
HIGHLAND = {"01", "02", "03", "04", "10", "24"}


# ---------------------------------------------------------------------------------------------
# Figures


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """``total`` split in proportion to ``weights`` in whole numbers that add up to ``total``
    (largest remainder)."""
    whole = sum(weights)
    raw = [total * w / whole for w in weights]
    parts = [math.floor(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: (parts[i] - raw[i], i))[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _noise(seed: str, spread: float) -> float:
    return random.Random(seed).uniform(-spread, spread)


def _trend(seed: str, base: float, year: int, *, growth: float = 0.0, spread: float = 0.02) -> float:
    """``base`` (the 2024 level) grown by ``growth`` a year, with a little noise of its own per year."""
    return base * (1 + growth) ** (year - 2024) * (1 + _noise(f"{seed}:{year}", spread))


def _by_kind(
    cells: Row,
    column: str,
    bases: Mapping[str, float],
    measure: str,
    *,
    seed: str,
    growth: float,
    spread: float = 0.02,
    digits: int | None = None,
) -> Callable[[int], list[Row]]:
    """The rows of a year, one per kind (the keys of ``bases``, in ``column``): the measure is the
    kind's 2024 level on a trend of its own, seeded ``<seed>:<kind>``, rounded to ``digits``."""
    return lambda year: [
        {**cells, column: kind, measure: round(_trend(f"{seed}:{kind}", base, year, growth=growth, spread=spread), digits)}
        for kind, base in bases.items()
    ]  # fmt: skip


def _read_csv(path: Path) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return {row["kode"]: row for row in csv.DictReader(handle)}


@dataclass(frozen=True)
class Kecamatan:
    kode: str
    nama: str
    desa: int
    kelurahan: int

    @property
    def key(self) -> str:
        return self.kode.rsplit(".", 1)[1]

    @property
    def profile(self) -> tuple[int, int, float, int, int]:
        return PROFILE[self.key]

    def cells(self) -> Row:
        return {"kode_kecamatan": self.kode, "nama_kecamatan": self.nama}


def wilayah_loaded() -> bool:
    """Whether the kode wilayah the datasets use are in the database (``satudata load_demo`` loads
    them before the demo; a bare ``load_demo()`` in a test may not)."""
    kecamatan = Wilayah.objects.filter(level="kecamatan", kode__startswith=f"{REGION}.")
    return (
        kecamatan.count() == len(PROFILE)
        and Wilayah.objects.filter(level="desa_kelurahan", kode__startswith=f"{REGION}.").exists()
        and Wilayah.objects.filter(level="kabupaten_kota", kode__startswith=f"{PROVINCE}.").count() > 1
    )


class Figures:
    """The real figures of the packaged reference files and the invented ones derived from them."""

    def __init__(self) -> None:
        villages: dict[str, list[int]] = {}
        for kode in Wilayah.objects.filter(level="desa_kelurahan", kode__startswith=f"{REGION}.").values_list(
            "kode", flat=True
        ):
            parent, village = kode.rsplit(".", 1)
            counts = villages.setdefault(parent, [0, 0])
            counts[0 if village.startswith("2") else 1] += 1
        self.kecamatan = [
            Kecamatan(kode, nama, *villages.get(kode, [0, 0]))
            for kode, nama in Wilayah.objects.filter(level="kecamatan", kode__startswith=f"{REGION}.")
            .order_by("kode")
            .values_list("kode", "nama")
        ]
        self.kabkota = list(
            Wilayah.objects.filter(level="kabupaten_kota", kode__startswith=f"{PROVINCE}.")
            .order_by("kode")
            .values_list("kode", "nama")
        )
        self.penduduk = _read_csv(POPULATION_FILE)
        self.luas = _read_csv(AREA_FILE)
        self._population = self._population_by_year()
        area = apportion(round(float(self.luas[REGION]["luas_km2"]) * 1000), [k.profile[1] for k in self.kecamatan])
        self.area = {k.kode: a / 1000 for k, a in zip(self.kecamatan, area, strict=True)}

    def regency_population(self) -> tuple[int, int]:
        """Men and women of the regency in 2025 (Kemendagri, real)."""
        row = self.penduduk[REGION]
        return int(row["laki_laki"]), int(row["perempuan"])

    def _population_by_year(self) -> dict[int, dict[str, tuple[int, int]]]:
        men, women = self.regency_population()
        # The sex ratio differs a little between kecamatan; the regency totals stay the real ones.
        tilt = [_noise(f"rasio:{k.kode}", 0.012) for k in self.kecamatan]
        weights = [k.profile[0] for k in self.kecamatan]
        male = apportion(men, [w * (1 + t) for w, t in zip(weights, tilt, strict=True)])
        female = apportion(women, [w * (1 - t) for w, t in zip(weights, tilt, strict=True)])
        out: dict[int, dict[str, tuple[int, int]]] = {}
        for year in (*YEARS, LATEST):
            out[year] = {}
            for k, m, f in zip(self.kecamatan, male, female, strict=True):
                shrink = (1 + k.profile[2] / 100) ** (LATEST - year)
                out[year][k.kode] = (round(m / shrink), round(f / shrink))
        return out

    def population(self, year: int) -> dict[str, tuple[int, int]]:
        return self._population[year]

    def people(self, kode: str, year: int) -> int:
        return sum(self._population[year][kode])


# ---------------------------------------------------------------------------------------------
# Schemas


def _kecamatan_fields() -> tuple[Field, Field]:
    return (
        Field(name="kode_kecamatan", title="Kode Kecamatan", role="dimension", required=True,
              code_ref=CodeRef(wilayah_level="kecamatan", parent=REGION),
              description="Kode wilayah kecamatan menurut Kemendagri"),
        Field(name="nama_kecamatan", title="Nama Kecamatan", required=True, name_of="kode_kecamatan"),
    )  # fmt: skip


def _kabkota_fields() -> tuple[Field, Field]:
    return (
        Field(name="kode_kabupaten_kota", title="Kode Kabupaten/Kota", role="dimension", required=True,
              code_ref=CodeRef(wilayah_level="kabupaten_kota", parent=PROVINCE),
              description="Kode wilayah kabupaten/kota menurut Kemendagri"),
        Field(name="nama_kabupaten_kota", title="Nama Kabupaten/Kota", required=True, name_of="kode_kabupaten_kota"),
    )  # fmt: skip


def _category(name: str, title: str, values: Sequence[str]) -> Field:
    return Field(name=name, title=title, role="dimension", required=True, enum=tuple(values))


def _measure(name: str, title: str, unit: str, *, integer: bool = True, description: str = "") -> Field:
    return Field(name=name, title=title, type="integer" if integer else "number", role="measure", unit=unit,
                 required=True, minimum=0, description=description)  # fmt: skip


SATUAN = Field(name="satuan", title="Satuan", role="attribute")
TAHUN = Field(name="tahun", title="Tahun", type="year", role="period", required=True, minimum=1900, maximum=2100)


def _schema(*fields: Field) -> TableSchema:
    all_fields = (*fields, TAHUN)
    key = tuple(f.name for f in all_fields if f.role in ("dimension", "period"))
    return TableSchema(fields=all_fields, primary_key=key)


def _regency() -> Row:
    return {"kode_kabupaten_kota": REGION, "nama_kabupaten_kota": REGION_NAME}


# ---------------------------------------------------------------------------------------------
# Datasets


@dataclass(frozen=True)
class Spec:
    key: str
    org: str
    title: str
    description: str
    topic: str
    keywords: tuple[str, ...]
    unit: str
    tingkat: str
    schema: TableSchema
    rows: Callable[[int], list[Row]]  # without "tahun", and "satuan" only where it is not ``unit``
    years: tuple[int, ...]  # published in the backlog, in this order
    sample: bool = True
    priority: bool = False
    access: str = "terbuka"
    item: str = ""  # nama_data of the Daftar Data item of the same subject
    activity: str = ""  # title of the OPD's statistical activity

    @property
    def full_title(self) -> str:
        return self.title + (SAMPLE_TITLE if self.sample else "")

    @property
    def full_description(self) -> str:
        return (SAMPLE_DESCRIPTION if self.sample else "") + self.description

    @property
    def keyword_text(self) -> str:
        return ", ".join((*self.keywords, SAMPLE_KEYWORD) if self.sample else self.keywords)


SEXES = ("Laki-laki", "Perempuan")
JENJANG = ("SD", "SMP")
STATUS_SEKOLAH = ("Negeri", "Swasta")
FASKES = ("Puskesmas", "Puskesmas Pembantu", "Posyandu")
NAKES: dict[str, int] = {
    "Dokter Umum": 262, "Dokter Spesialis": 148, "Dokter Gigi": 61, "Perawat": 1655, "Bidan": 1148,
    "Tenaga Kefarmasian": 227, "Tenaga Kesehatan Masyarakat": 118, "Tenaga Kesehatan Lingkungan": 69,
    "Tenaga Gizi": 93, "Ahli Teknologi Laboratorium Medik": 112,
}  # fmt: skip
BUDIDAYA: dict[str, float] = {"Tambak": 9480.0, "Kolam": 3390.0, "Keramba Jaring Apung": 1120.0, "Mina Padi": 148.0}
LAYANAN: dict[str, int] = {"Rawat Jalan": 211_400, "Rawat Inap": 21_350, "Instalasi Gawat Darurat": 32_180}
DISABILITAS: dict[str, float] = {"Fisik": 0.45, "Intelektual": 0.15, "Mental": 0.15, "Sensorik": 0.25}


def build_specs(fig: Figures) -> list[Spec]:
    kecamatan = fig.kecamatan

    def per_kecamatan(measure: str, value: Callable[[Kecamatan, int], float]) -> Callable[[int], list[Row]]:
        """The rows of a year, one per kecamatan, of one measure: ``value(kecamatan, year)``."""
        return lambda year: [{**k.cells(), measure: value(k, year)} for k in kecamatan]

    def desa(year: int) -> list[Row]:
        return [
            {**k.cells(), "jenis_wilayah": jenis, "jumlah": n, "satuan": jenis.lower()}
            for k in kecamatan
            for jenis, n in (("Desa", k.desa), ("Kelurahan", k.kelurahan))
        ]

    def penduduk(year: int) -> list[Row]:
        counts = fig.population(year)
        return [
            {**k.cells(), "jenis_kelamin": sex, "jumlah_penduduk": counts[k.kode][i]}
            for k in kecamatan
            for i, sex in enumerate(SEXES)
        ]

    def penduduk_jatim(year: int) -> list[Row]:
        return [
            {"kode_kabupaten_kota": kode, "nama_kabupaten_kota": nama, "jenis_kelamin": sex,
             "jumlah_penduduk": int(fig.penduduk[kode][column])}
            for kode, nama in fig.kabkota
            for sex, column in zip(SEXES, ("laki_laki", "perempuan"), strict=True)
        ]  # fmt: skip

    def luas_jatim(year: int) -> list[Row]:
        return [
            {"kode_kabupaten_kota": kode, "nama_kabupaten_kota": nama, "luas_wilayah": float(fig.luas[kode]["luas_km2"])}
            for kode, nama in fig.kabkota
        ]  # fmt: skip

    kepadatan = per_kecamatan(
        "kepadatan_penduduk", lambda k, year: round(fig.people(k.kode, year) / fig.area[k.kode], 2)
    )

    def sekolah_count(k: Kecamatan, jenjang: str, status: str, year: int) -> int:
        people = fig.people(k.kode, 2024)
        per = {("SD", "Negeri"): 2900, ("SD", "Swasta"): 16000, ("SMP", "Negeri"): 21000, ("SMP", "Swasta"): 11000}
        base = max(1, round(people / per[jenjang, status]))
        if base < 8:  # small numbers stay put from year to year
            return base
        step = random.Random(f"sekolah:{k.kode}:{jenjang}:{status}:{year}").choice((-1, 0, 0, 0, 1))
        return base + step if year != 2024 else base

    def sekolah(year: int) -> list[Row]:
        return [
            {**k.cells(), "jenjang": j, "status_sekolah": s, "jumlah_sekolah": sekolah_count(k, j, s, year)}
            for k in kecamatan
            for j in JENJANG
            for s in STATUS_SEKOLAH
        ]

    def guru(year: int) -> list[Row]:
        rows = []
        for k in kecamatan:
            for j, per_school in (("SD", 10.5), ("SMP", 21.0)):
                schools = sum(sekolah_count(k, j, s, 2024) for s in STATUS_SEKOLAH)
                value = round(_trend(f"guru:{k.kode}:{j}", schools * per_school, year, growth=0.01))
                rows.append({**k.cells(), "jenjang": j, "jumlah_guru": value})
        return rows

    def faskes_count(k: Kecamatan, jenis: str, year: int) -> int:
        weight = k.profile[0]
        if jenis == "Puskesmas":
            return 2 if weight >= 90 else 1
        if jenis == "Puskesmas Pembantu":
            return 2 + weight // 30
        return round(fig.people(k.kode, 2024) / 880 * (1 + 0.012 * (year - 2024)))

    def faskes(year: int) -> list[Row]:
        return [
            {**k.cells(), "jenis_fasilitas": j, "jumlah_fasilitas": faskes_count(k, j, year)}
            for k in kecamatan
            for j in FASKES
        ]

    nakes = _by_kind(_regency(), "jenis_tenaga", NAKES, "jumlah_tenaga", seed="nakes", growth=0.03, spread=0.01)

    def stunting(year: int) -> list[Row]:
        rows = []
        for k in kecamatan:
            weighed = round(fig.people(k.kode, year) * 0.064 * (0.84 + _noise(f"timbang:{k.kode}:{year}", 0.03)))
            rate = 9.0 + (3.5 if k.key in HIGHLAND else 0) + _noise(f"stunting:{k.kode}", 2.0) - 0.6 * (year - 2022)
            rows.append({**k.cells(), "balita_ditimbang": weighed, "balita_stunting": round(weighed * rate / 100)})
        return rows

    def luas_panen_value(k: Kecamatan, year: int) -> float:
        return round(_trend(f"panen:{k.kode}", k.profile[3], year, spread=0.04), 1)

    def produksi_value(k: Kecamatan, year: int) -> float:
        yield_t = 5.9 + _noise(f"produktivitas:{k.kode}", 0.4) + _noise(f"produktivitas:{k.kode}:{year}", 0.15)
        return round(luas_panen_value(k, year) * yield_t, 1)

    def pkh_value(k: Kecamatan, year: int) -> int:
        return round(_trend(f"pkh:{k.kode}", fig.people(k.kode, 2024) * 0.041, year, growth=-0.01, spread=0.03))

    luas_panen = per_kecamatan("luas_panen", luas_panen_value)
    produksi = per_kecamatan("produksi_padi", produksi_value)
    pkh = per_kecamatan("jumlah_kpm", pkh_value)
    budidaya = _by_kind(_regency(), "jenis_budidaya", BUDIDAYA, "produksi", seed="budidaya", growth=0.025,
                        spread=0.04, digits=1)  # fmt: skip
    rsud = _by_kind({}, "jenis_layanan", LAYANAN, "jumlah_kunjungan", seed="rsud", growth=0.04)
    sapi = per_kecamatan("populasi_sapi_perah",
                         lambda k, year: round(_trend(f"sapi:{k.kode}", k.profile[4], year, growth=0.015)))  # fmt: skip

    def sampah(year: int) -> list[Row]:
        people = sum(fig.people(k.kode, year) for k in kecamatan)
        produced = round(people * 0.43 / 1000, 1)
        share = 0.27 + 0.025 * (year - 2022) + _noise(f"angkut:{year}", 0.005)
        return [{**_regency(), "timbulan_sampah": produced, "sampah_terangkut": round(produced * share, 1)}]

    def internet(year: int) -> list[Row]:
        rows = []
        for k in kecamatan:
            total = k.desa + k.kelurahan
            gap = 1 + random.Random(f"internet:{k.kode}").randrange(3)
            reached = min(total, total - gap + (year - 2022))
            rows.append({**k.cells(), "jumlah_desa_kelurahan": total, "desa_terjangkau_internet": reached})
        return rows

    def disabilitas(year: int) -> list[Row]:
        rows = []
        for k in kecamatan:
            bases = {jenis: fig.people(k.kode, 2024) * 0.0058 * share for jenis, share in DISABILITAS.items()}
            rows += _by_kind(k.cells(), "jenis_disabilitas", bases, "jumlah_penyandang",
                             seed=f"disabilitas:{k.kode}", growth=0.02)(year)  # fmt: skip
        return rows

    kec = _kecamatan_fields()
    kab = _kabkota_fields()
    return [
        Spec(
            key="desa", org="bappelitbangda", title="Jumlah Desa dan Kelurahan menurut Kecamatan",
            description=(
                "Banyaknya desa dan kelurahan di setiap kecamatan Kabupaten Pasuruan, dihitung dari kode "
                "wilayah administrasi pemerintahan: bagian terakhir kode berawal 2 untuk desa dan 1 untuk "
                f"kelurahan. Sumber: {KEMENDAGRI} tentang Pemberian dan Pemutakhiran Kode, Data Wilayah "
                "Administrasi Pemerintahan, dan Pulau."
            ),
            topic="perwilayahan_dan_perkotaan", keywords=("desa", "kelurahan", "wilayah administrasi", "kode wilayah"),
            unit="desa/kelurahan", tingkat="kecamatan", sample=False, rows=desa, years=(LATEST,),
            schema=_schema(*kec, _category("jenis_wilayah", "Desa/Kelurahan", ("Desa", "Kelurahan")),
                           _measure("jumlah", "Jumlah", "desa/kelurahan"), SATUAN),
        ),
        Spec(
            key="penduduk", org="dispendukcapil", title="Jumlah Penduduk menurut Kecamatan dan Jenis Kelamin",
            description=(
                "banyaknya penduduk Kabupaten Pasuruan menurut kecamatan dan jenis kelamin pada akhir tahun, "
                "dari Data Kependudukan Bersih (DKB). Jumlah penduduk laki-laki dan perempuan seluruh "
                f"kabupaten tahun 2025 sama dengan angka resmi Kemendagri ({KEMENDAGRI}); pembagiannya per "
                "kecamatan dan angka tahun-tahun sebelumnya dikarang untuk demo."
            ),
            topic="demografi_dan_kependudukan", keywords=("penduduk", "jenis kelamin", "kependudukan", "DKB"),
            unit="jiwa", tingkat="kecamatan", priority=True, rows=penduduk, years=YEARS,
            item="Jumlah Penduduk menurut Kecamatan dan Jenis Kelamin",
            activity="Kompilasi Data Kependudukan Semesteran",
            schema=_schema(*kec, _category("jenis_kelamin", "Jenis Kelamin", SEXES),
                           _measure("jumlah_penduduk", "Jumlah Penduduk", "jiwa"), SATUAN),
        ),
        Spec(
            key="penduduk-jatim", org="dispendukcapil",
            title="Jumlah Penduduk Kabupaten/Kota di Jawa Timur menurut Jenis Kelamin",
            description=(
                "Banyaknya penduduk setiap kabupaten/kota di Provinsi Jawa Timur menurut jenis kelamin, "
                "sebagai pembanding bagi Kabupaten Pasuruan. Sumber: Kementerian Dalam Negeri, data "
                f"penduduk 2025 pada {KEMENDAGRI}, sebagaimana dihimpun dalam cahyadsn/wilayah."
            ),
            topic="demografi_dan_kependudukan", keywords=("penduduk", "jenis kelamin", "Jawa Timur", "kabupaten/kota"),
            unit="jiwa", tingkat="kabupaten", sample=False, rows=penduduk_jatim, years=(LATEST,),
            schema=_schema(*kab, _category("jenis_kelamin", "Jenis Kelamin", SEXES),
                           _measure("jumlah_penduduk", "Jumlah Penduduk", "jiwa"), SATUAN),
        ),
        Spec(
            key="luas-jatim", org="bappelitbangda", title="Luas Wilayah Kabupaten/Kota di Jawa Timur",
            description=(
                "Luas daratan setiap kabupaten/kota di Provinsi Jawa Timur dalam kilometer persegi. "
                "Sumber: Badan Informasi Geospasial (BIG) 2024, sebagaimana dihimpun dalam cahyadsn/wilayah."
            ),
            topic="perwilayahan_dan_perkotaan", keywords=("luas wilayah", "BIG", "Jawa Timur", "kabupaten/kota"),
            unit="km²", tingkat="kabupaten", sample=False, rows=luas_jatim, years=(2024,),
            schema=_schema(*kab, _measure("luas_wilayah", "Luas Wilayah", "km²", integer=False), SATUAN),
        ),
        Spec(
            key="kepadatan", org="dispendukcapil", title="Kepadatan Penduduk menurut Kecamatan",
            description=(
                "jumlah penduduk dibagi luas daratan kecamatan (jiwa/km²). Luas kecamatan adalah pembagian "
                "contoh dari luas Kabupaten Pasuruan menurut BIG 2024 (1.493,161 km²); jumlah penduduk dari "
                "dataset Jumlah Penduduk menurut Kecamatan dan Jenis Kelamin."
            ),
            topic="demografi_dan_kependudukan", keywords=("kepadatan penduduk", "penduduk", "luas wilayah"),
            unit="jiwa/km²", tingkat="kecamatan", rows=kepadatan, years=YEARS,
            item="Kepadatan Penduduk menurut Kecamatan", activity="Kompilasi Data Kependudukan Semesteran",
            schema=_schema(*kec, _measure("kepadatan_penduduk", "Kepadatan Penduduk", "jiwa/km²", integer=False),
                           SATUAN),
        ),
        Spec(
            key="sekolah", org="dispendik", title="Jumlah Sekolah menurut Kecamatan dan Jenjang",
            description=(
                "banyaknya SD dan SMP negeri dan swasta di bawah Dinas Pendidikan yang terdaftar di Data Pokok "
                "Pendidikan (Dapodik), menurut kecamatan, pada awal tahun ajaran."
            ),
            topic="pendidikan_dan_pelatihan", keywords=("sekolah", "SD", "SMP", "Dapodik", "satuan pendidikan"),
            unit="unit", tingkat="kecamatan", rows=sekolah, years=YEARS,
            item="Jumlah Sekolah menurut Jenjang dan Kecamatan", activity="Kompilasi Data Pokok Pendidikan",
            schema=_schema(*kec, _category("jenjang", "Jenjang", JENJANG),
                           _category("status_sekolah", "Status Sekolah", STATUS_SEKOLAH),
                           _measure("jumlah_sekolah", "Jumlah Sekolah", "unit"), SATUAN),
        ),
        Spec(
            key="guru", org="dispendik", title="Jumlah Guru menurut Kecamatan dan Jenjang",
            description=(
                "banyaknya guru SD dan SMP (negeri dan swasta, PNS, PPPK dan non-ASN) yang tercatat di "
                "Dapodik, menurut kecamatan tempat sekolah induknya."
            ),
            topic="pendidikan_dan_pelatihan", keywords=("guru", "pendidik", "SD", "SMP", "Dapodik"),
            unit="orang", tingkat="kecamatan", rows=guru, years=YEARS, activity="Kompilasi Data Pokok Pendidikan",
            schema=_schema(*kec, _category("jenjang", "Jenjang", JENJANG),
                           _measure("jumlah_guru", "Jumlah Guru", "orang"), SATUAN),
        ),
        Spec(
            key="faskes", org="dinkes", title="Jumlah Fasilitas Kesehatan menurut Kecamatan dan Jenis",
            description=(
                "banyaknya puskesmas, puskesmas pembantu dan posyandu aktif di setiap kecamatan pada akhir tahun."
            ),
            topic="kesehatan", keywords=("fasilitas kesehatan", "puskesmas", "pustu", "posyandu"),
            unit="unit", tingkat="kecamatan", rows=faskes, years=YEARS, item="Jumlah Puskesmas menurut Kecamatan",
            schema=_schema(*kec, _category("jenis_fasilitas", "Jenis Fasilitas", FASKES),
                           _measure("jumlah_fasilitas", "Jumlah Fasilitas", "unit"), SATUAN),
        ),
        Spec(
            key="nakes", org="dinkes", title="Jumlah Tenaga Kesehatan menurut Jenis",
            description=(
                "banyaknya tenaga medis dan tenaga kesehatan yang bekerja di fasilitas pelayanan kesehatan "
                "di Kabupaten Pasuruan pada akhir tahun, menurut jenis tenaga."
            ),
            topic="kesehatan", keywords=("tenaga kesehatan", "dokter", "perawat", "bidan", "SDM kesehatan"),
            unit="orang", tingkat="kabupaten", rows=nakes, years=YEARS,
            schema=_schema(*kab, _category("jenis_tenaga", "Jenis Tenaga Kesehatan", tuple(NAKES)),
                           _measure("jumlah_tenaga", "Jumlah Tenaga Kesehatan", "orang"), SATUAN),
        ),
        Spec(
            key="stunting", org="dinkes", title="Jumlah Balita Ditimbang dan Balita Stunting menurut Kecamatan",
            description=(
                "banyaknya balita (0–59 bulan) yang diukur pada bulan penimbangan Agustus dan banyaknya balita "
                "dengan tinggi badan menurut umur di bawah -2 simpangan baku (stunting), dari e-PPGBM."
            ),
            topic="kesehatan", keywords=("stunting", "balita", "gizi", "penimbangan", "e-PPGBM"),
            unit="anak", tingkat="kecamatan", priority=True, rows=stunting, years=YEARS,
            item="Prevalensi Stunting pada Balita",
            schema=_schema(*kec, _measure("balita_ditimbang", "Balita Ditimbang", "anak"),
                           _measure("balita_stunting", "Balita Stunting", "anak"), SATUAN),
        ),
        Spec(
            key="panen", org="distan", title="Luas Panen Padi menurut Kecamatan",
            description="luas tanaman padi sawah yang dipanen dalam satu tahun, dari laporan penyuluh per kecamatan.",
            topic="pertanian_dan_perikanan", keywords=("padi", "luas panen", "tanaman pangan"),
            unit="hektare", tingkat="kecamatan", priority=True, rows=luas_panen, years=YEARS,
            item="Luas Panen Padi menurut Kecamatan", activity="Kompilasi Data Produksi Tanaman Pangan",
            schema=_schema(*kec, _measure("luas_panen", "Luas Panen", "hektare", integer=False), SATUAN),
        ),
        Spec(
            key="produksi-padi", org="distan", title="Produksi Padi menurut Kecamatan",
            description="banyaknya hasil panen padi dalam satu tahun dalam bentuk gabah kering giling (GKG).",
            topic="pertanian_dan_perikanan", keywords=("padi", "produksi", "gabah kering giling", "tanaman pangan"),
            unit="ton GKG", tingkat="kecamatan", priority=True, rows=produksi, years=YEARS,
            item="Produksi Padi menurut Kecamatan", activity="Kompilasi Data Produksi Tanaman Pangan",
            schema=_schema(*kec, _measure("produksi_padi", "Produksi Padi", "ton GKG", integer=False), SATUAN),
        ),
        Spec(
            key="budidaya", org="diskan", title="Produksi Perikanan Budidaya menurut Jenis Budidaya",
            description=(
                "banyaknya hasil panen ikan budidaya Kabupaten Pasuruan dalam satu tahun menurut jenis "
                "budidaya (tambak, kolam, keramba jaring apung di Ranu Grati, mina padi)."
            ),
            topic="pertanian_dan_perikanan", keywords=("perikanan", "budidaya", "tambak", "produksi ikan"),
            unit="ton", tingkat="kabupaten", rows=budidaya, years=YEARS,
            item="Produksi Perikanan Budidaya menurut Jenis Budidaya",
            schema=_schema(*kab, _category("jenis_budidaya", "Jenis Budidaya", tuple(BUDIDAYA)),
                           _measure("produksi", "Produksi", "ton", integer=False), SATUAN),
        ),
        Spec(
            key="pkh", org="dinsos", title="Jumlah Keluarga Penerima Manfaat PKH menurut Kecamatan",
            description=(
                "banyaknya keluarga penerima manfaat (KPM) Program Keluarga Harapan pada penyaluran tahap "
                "terakhir tahun berjalan."
            ),
            topic="perlindungan_sosial_dan_kesejahteraan", keywords=("PKH", "bantuan sosial", "KPM", "perlindungan sosial"),
            unit="keluarga", tingkat="kecamatan", rows=pkh, years=YEARS,
            item="Jumlah Keluarga Penerima Manfaat PKH", activity="Kompilasi Data Penerima Bantuan Sosial",
            schema=_schema(*kec, _measure("jumlah_kpm", "Jumlah KPM", "keluarga"), SATUAN),
        ),
        Spec(
            key="sampah", org="dlh", title="Timbulan Sampah dan Volume Sampah Terangkut per Hari",
            description=(
                "perkiraan sampah yang dihasilkan per hari dan rata-rata sampah yang diangkut ke TPA per "
                "hari di Kabupaten Pasuruan."
            ),
            topic="lingkungan", keywords=("sampah", "timbulan sampah", "TPA", "persampahan"),
            unit="ton/hari", tingkat="kabupaten", rows=sampah, years=YEARS, item="Timbulan Sampah Harian",
            schema=_schema(*kab, _measure("timbulan_sampah", "Timbulan Sampah", "ton/hari", integer=False),
                           _measure("sampah_terangkut", "Sampah Terangkut", "ton/hari", integer=False), SATUAN),
        ),
        Spec(
            key="rsud", org="rsud-bangil", title="Jumlah Kunjungan Pasien RSUD Bangil menurut Jenis Layanan",
            description="banyaknya kunjungan pasien RSUD Bangil dalam satu tahun menurut jenis layanan.",
            topic="kesehatan", keywords=("rumah sakit", "RSUD Bangil", "kunjungan pasien", "rawat jalan", "rawat inap"),
            unit="kunjungan", tingkat="kabupaten", rows=rsud, years=YEARS,
            schema=_schema(_category("jenis_layanan", "Jenis Layanan", tuple(LAYANAN)),
                           _measure("jumlah_kunjungan", "Jumlah Kunjungan", "kunjungan"), SATUAN),
        ),
        Spec(
            key="sapi-perah", org="distan", title="Populasi Sapi Perah menurut Kecamatan",
            description="banyaknya sapi perah yang dipelihara pada akhir tahun, dari laporan petugas peternakan.",
            topic="pertanian_dan_perikanan", keywords=("sapi perah", "peternakan", "populasi ternak", "susu"),
            unit="ekor", tingkat="kecamatan", rows=sapi, years=YEARS, item="Populasi Sapi Perah menurut Kecamatan",
            schema=_schema(*kec, _measure("populasi_sapi_perah", "Populasi Sapi Perah", "ekor"), SATUAN),
        ),
        Spec(
            key="internet", org="diskominfo", title="Jumlah Desa/Kelurahan yang Terjangkau Internet menurut Kecamatan",
            description=(
                "banyaknya desa/kelurahan yang memiliki akses jaringan internet seluler atau kabel pada akhir "
                "tahun, di samping banyaknya desa/kelurahan (angka Kepmendagri 2025, sama untuk setiap tahun)."
            ),
            topic="teknologi_informasi_dan_komunikasi", keywords=("internet", "desa", "jaringan", "telekomunikasi"),
            unit="desa/kelurahan", tingkat="kecamatan", rows=internet, years=YEARS,
            item="Jumlah Desa yang Terjangkau Internet",
            schema=_schema(*kec, _measure("jumlah_desa_kelurahan", "Jumlah Desa/Kelurahan", "desa/kelurahan"),
                           _measure("desa_terjangkau_internet", "Desa/Kelurahan Terjangkau Internet", "desa/kelurahan"),
                           SATUAN),
        ),
        Spec(
            key="disabilitas", org="dinsos", title="Jumlah Penyandang Disabilitas Terdata menurut Kecamatan dan Jenis",
            description=(
                "banyaknya penyandang disabilitas yang tercatat dalam data terpadu kesejahteraan sosial, menurut "
                "kecamatan dan ragam disabilitas. Terbatas: hanya untuk Perangkat Daerah yang menyusun layanan."
            ),
            topic="perlindungan_sosial_dan_kesejahteraan", keywords=("disabilitas", "kesejahteraan sosial", "DTKS"),
            unit="jiwa", tingkat="kecamatan", access="terbatas", rows=disabilitas, years=YEARS,
            item="Jumlah Penyandang Disabilitas Terdata",
            schema=_schema(*kec, _category("jenis_disabilitas", "Ragam Disabilitas", tuple(DISABILITAS)),
                           _measure("jumlah_penyandang", "Jumlah Penyandang Disabilitas", "jiwa"), SATUAN),
        ),
    ]  # fmt: skip


# ---------------------------------------------------------------------------------------------
# The workflow


class _Loader:
    def __init__(
        self, orgs: dict[str, Organization], producers: dict[str, User], walidata: User, pembina: User, cycle: Cycle
    ) -> None:
        self.orgs, self.producers, self.walidata, self.pembina = orgs, producers, walidata, pembina
        self.cycle = cycle
        self.datasets: dict[str, Dataset] = {}
        self.specs: dict[str, Spec] = {}
        self.orgs_by_dataset: dict[int, str] = {}

    def create(self, spec: Spec) -> Dataset:
        item = DaftarDataItem.objects.filter(cycle=self.cycle, nama_data=spec.item).first() if spec.item else None
        activity = (
            StatisticalActivity.objects.filter(cycle=self.cycle, title=spec.activity).first() if spec.activity else None
        )
        dataset = actions.do_create_dataset(
            organization_id=self.orgs[spec.org].pk, title=spec.full_title, schema=spec.schema,
            acting_user=self.producers[spec.org], description=spec.full_description, topic=spec.topic,
            access_class=spec.access, frequency="tahunan", unit=spec.unit, tingkat_penyajian=spec.tingkat,
            keywords=spec.keyword_text, is_priority=spec.priority, daftar_item=item, activity=activity,
        )  # fmt: skip
        self.datasets[spec.key], self.specs[spec.key] = dataset, spec
        self.orgs_by_dataset[dataset.pk] = spec.org
        return dataset

    def draft(
        self, key: str, rows: list[Row], year: int, *, change_note: str = "", valid: bool = True
    ) -> DatasetVersion:
        spec, dataset = self.specs[key], self.datasets[key]
        # Rows name the period and the satuan only where they differ from the year and the unit.
        rows = [{"satuan": spec.unit, "tahun": year, **row} for row in rows]
        outcome = import_rows(dataset=dataset, rows=rows, period=str(year), acting_user=self.producers[spec.org],
                              change_note=change_note)  # fmt: skip
        if valid and not outcome.version.is_valid:
            raise RuntimeError(f"Data demo {spec.title} {year} tidak sah: {outcome.report.to_json()}")
        return outcome.version

    def submit(self, version: DatasetVersion, note: str = "") -> DatasetVersion:
        producer = self.producers[self.orgs_by_dataset[version.dataset_id]]
        return actions.do_submit_version(version=version, acting_user=producer, note=note)

    def verify(self, version: DatasetVersion, *, check: bool = True) -> DatasetVersion:
        version = actions.do_verify_version(version=version, acting_user=self.walidata)
        if check and version.dataset.is_priority:
            version = actions.do_check_version(version=version, acting_user=self.pembina, note="Sesuai.")
        return version

    def publish(self, version: DatasetVersion, *, note: str = "") -> DatasetVersion:
        version = self.verify(self.submit(version))
        return actions.do_publish_version(version=version, acting_user=self.walidata, note=note)

    def narrate(self, version: DatasetVersion) -> DatasetVersion:
        """The producer writes the period's narrative before submitting it: the sentences of the
        descriptive analysis of the release the version will make. That release's file is combined
        here as publishing will combine it (the same content, so the same key: nothing is left
        over in the store)."""
        dataset = version.dataset
        keys = {v.period: v.file_key for v in actions.current_versions(dataset)}
        keys[version.period] = version.file_key
        combined = store.combine([keys[period] for period in sorted(keys)])
        # An unsaved Release: the analysis reads only its file. The narrative is in the source language.
        with translation.override("id"):
            analysis = descriptive.analyse(Release(dataset=dataset, file_key=combined.key), dataset)
        if analysis is None:
            return version
        return actions.do_set_narrative(
            version=version, narrative=SAMPLE_NARRATIVE + " ".join(analysis.sentences),
            acting_user=self.producers[self.orgs_by_dataset[dataset.pk]],
        )  # fmt: skip

    def rows(self, key: str, year: int) -> list[Row]:
        return self.specs[key].rows(year)


def _comment(version: DatasetVersion, user: User, text: str, *, column: str = "", row: int | None = None) -> None:
    actions.do_comment_version(version=version, text=text, acting_user=user, column=column, row=row)


def _row_of(rows: list[Row], **match: Any) -> int:
    """The 1-based row number of the first row with these values."""
    return next(i for i, r in enumerate(rows, start=1) if all(r.get(k) == v for k, v in match.items()))


def load_datasets(
    orgs: dict[str, Organization],
    *,
    producers: dict[str, User],
    walidata: User,
    pembina: User,
    cycle: Cycle | None = None,
) -> int:
    """Make the demo datasets (see the module docstring); returns how many. Does nothing when any
    dataset exists, or when the kode wilayah are not loaded (``satudata load_demo`` loads them
    before the demo)."""
    if Dataset.objects.exists():
        return 0
    cycle = cycle or Cycle.objects.order_by("-year").first()
    if cycle is None or not wilayah_loaded():
        return 0
    fig = Figures()
    loader = _Loader(orgs, producers, walidata, pembina, cycle)
    specs = build_specs(fig)
    first_notification = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    # The published backlog: each dataset's earlier periods.
    for spec in specs:
        loader.create(spec)
        for year in spec.years:
            version = loader.draft(spec.key, spec.rows(year), year)
            if spec.key in NARRATED and year == spec.years[-1]:
                version = loader.narrate(version)
            loader.publish(version)
    # That is history: its notifications have been read. What follows waits for someone.
    Notification.objects.filter(pk__gt=first_notification, read_at__isnull=True).update(read_at=timezone.now())
    _population_with_reference(loader, fig)
    _states(loader)
    return len(specs)


def _population_with_reference(loader: _Loader, fig: Figures) -> None:
    """2025 population: the pembina enters the BPS figure before submission, so reconciliation
    shows the difference; then checked and published."""
    dataset = loader.datasets["penduduk"]
    version = loader.narrate(loader.draft("penduduk", loader.rows("penduduk", LATEST), LATEST))
    actions.do_add_reference_figure(
        dataset=dataset, period=str(LATEST), column="jumlah_penduduk", value=round(sum(fig.regency_population()) * 0.9982),
        source="Kabupaten Pasuruan Dalam Angka 2025, tabel 3.1.1 (data contoh)", acting_user=loader.pembina,
    )  # fmt: skip
    version = loader.submit(version, note="DKB akhir tahun 2025.")
    version = actions.do_verify_version(
        version=version, acting_user=loader.walidata,
        note="Selisih dengan angka BPS kurang dari 0,2%: DKB Kemendagri dan proyeksi BPS berbeda sumber.",
    )  # fmt: skip
    version = actions.do_check_version(
        version=version, acting_user=loader.pembina, note="Selisih dengan proyeksi BPS dapat dijelaskan."
    )
    actions.do_publish_version(version=version, acting_user=loader.walidata)


def _states(loader: _Loader) -> None:
    """One version in each state of the workflow, for 2025 (or a correction of 2024)."""
    walidata = loader.walidata

    # A draft with validation errors, kept as typed: an unknown kecamatan code, "n/a" and a word
    # in a number column, and a missing name.
    rows = loader.rows("guru", LATEST)
    rows[0]["kode_kecamatan"] = "35.14.99"
    rows[3]["jumlah_guru"] = "n/a"
    rows[6]["jumlah_guru"] = "belum lapor"
    rows[9]["nama_kecamatan"] = None
    loader.draft("guru", rows, LATEST, valid=False)

    # A valid draft, not yet submitted.
    loader.draft("sapi-perah", loader.rows("sapi-perah", LATEST), LATEST)

    # Submitted, with "Jumlah" rows: the totals check shows one agreeing and one not.
    rows = loader.rows("sekolah", LATEST)
    for jenjang, slip in (("SD", 0), ("SMP", 2)):
        total = sum(r["jumlah_sekolah"] for r in rows if r["jenjang"] == jenjang)
        rows.append({"kode_kecamatan": "35.14", "nama_kecamatan": "Jumlah", "jenjang": jenjang,
                     "jumlah_sekolah": total + slip})  # fmt: skip
    loader.submit(loader.draft("sekolah", rows, LATEST), note="Data Dapodik semester ganjil 2025/2026.")

    # Returned with a cell comment and a column comment from the walidata.
    rows = loader.rows("faskes", LATEST)
    tosari = _row_of(rows, nama_kecamatan="Tosari", jenis_fasilitas="Posyandu")
    right = rows[tosari - 1]["jumlah_fasilitas"]
    rows[tosari - 1]["jumlah_fasilitas"] = int(str(right)[::-1]) if str(right) != str(right)[::-1] else right + 10
    before = loader.rows("faskes", LATEST - 1)[tosari - 1]["jumlah_fasilitas"]
    for row in rows[4:10]:
        row["satuan"] = "buah"
    version = loader.submit(loader.draft("faskes", rows, LATEST))
    _comment(version, walidata, f"Posyandu Tosari {LATEST - 1} ada {before}; angka ini kemungkinan salah ketik.",
             column="jumlah_fasilitas", row=tosari)  # fmt: skip
    _comment(
        version, walidata, "Gunakan satuan 'unit' untuk semua baris; beberapa baris berisi 'buah'.", column="satuan"
    )
    actions.do_return_version(version=version, note="Perbaiki sesuai catatan lalu ajukan ulang.", acting_user=walidata)

    # Returned, corrected and resubmitted; changes of more than 25% from 2024 (the DTSEN update).
    rows = loader.rows("pkh", LATEST)
    for name, factor in (("Lekok", 0.62), ("Nguling", 0.7), ("Gempol", 1.31), ("Tosari", 1.4)):
        row = rows[_row_of(rows, nama_kecamatan=name) - 1]
        row["jumlah_kpm"] = round(row["jumlah_kpm"] * factor)
    version = loader.submit(loader.draft("pkh", rows, LATEST))
    _comment(version, walidata, "Beberapa kecamatan berubah lebih dari 25% dari 2024; jelaskan sebabnya.",
             column="jumlah_kpm")  # fmt: skip
    actions.do_return_version(version=version, note="", acting_user=walidata)
    lekok = rows[_row_of(rows, nama_kecamatan="Lekok") - 1]
    lekok["jumlah_kpm"] = round(lekok["jumlah_kpm"] / 0.62 * 0.7)
    version = loader.draft("pkh", rows, LATEST, change_note="Angka Lekok diperbaiki setelah pemadanan ulang.")
    loader.submit(version, note="Perubahan besar karena pemutakhiran penerima dengan DTSEN 2025.")

    # Data Prioritas verified by the walidata, waiting for the pembina.
    loader.verify(loader.submit(loader.draft("stunting", loader.rows("stunting", LATEST), LATEST)), check=False)

    # Data Prioritas checked by the pembina, waiting for publication.
    loader.verify(loader.submit(loader.draft("panen", loader.rows("panen", LATEST), LATEST)))

    # A correction of a published period: version 2, published; version 1 stays downloadable.
    rows = loader.rows("produksi-padi", 2024)
    for name in ("Kraton", "Rembang"):
        row = rows[_row_of(rows, nama_kecamatan=name) - 1]
        row["produksi_padi"] = round(row["produksi_padi"] * 1.06, 1)
    note = "Koreksi produksi Kecamatan Kraton dan Rembang setelah rekonsiliasi dengan angka KSA BPS."
    loader.publish(loader.draft("produksi-padi", rows, 2024, change_note=note), note=note)

    # Published and then withdrawn, with the reason.
    version = loader.publish(loader.draft("rsud", loader.rows("rsud", LATEST), LATEST))
    actions.do_withdraw_version(
        version=version, acting_user=walidata,
        reason="Kunjungan rawat jalan Desember 2025 belum lengkap dari SIMRS; akan diterbitkan ulang.",
    )  # fmt: skip
