"""EPSS (Evaluasi Penyelenggaraan Statistik Sektoral, Peraturan BPS 3/2022): the default structure
and the arithmetic of the Indeks Pembangunan Statistik (IPS).

Source: shared/design/domain-reference.md §4. The structure — 5 domains, 19 aspects, 38 indicators
with their weights and the 5 maturity levels — is the one every source agrees on; where they do not,
this follows the reference:

- Domain 3's aspect weights are 32/26/21/21 (three code sources and a 2024 BPS statement), not the
  43/19/19/19 of one "EPSS 2026" file.
- The IPS formula of the Perba 3/2022 annex was not read (medium confidence): IPS = Σ domain weight ×
  Σ aspect weight × Σ indicator weight × level, i.e. Σ effective weight × level; the weights make any
  other aggregation implausible.
- The level criteria are reconstructed from code that quotes the Pedoman Teknis (medium
  confidence): the generic pattern for most indicators and the specific wording where an indicator
  deviates. The Tim Penilai Internal reads them as guidance; the assessment stores its own copy, so
  a newer Pedoman can change them without a code change.
- The predicate bands (Kurang < 1,8 ≤ Cukup < 2,6 ≤ Baik < 3,5 ≤ Sangat Baik < 4,2 ≤ Memuaskan) are
  those of the 2024 results (two agreeing sources, no official text found); they apply to the IPS as
  reported, i.e. rounded to two decimals.

Everything here is pure: the models copy the structure into each year's assessment (a yearly
assessment may change weights) and call :func:`compute_ips` with what is stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")
FRAMEWORK = "Peraturan BPS Nomor 3 Tahun 2022"


class Level(models.IntegerChoices):
    RINTISAN = 1, _("Rintisan")
    TERKELOLA = 2, _("Terkelola")
    TERDEFINISI = 3, _("Terdefinisi")
    TERPADU = 4, _("Terpadu dan Terukur")
    OPTIMUM = 5, _("Optimum")


class Predicate(models.TextChoices):
    KURANG = "kurang", _("Kurang")
    CUKUP = "cukup", _("Cukup")
    BAIK = "baik", _("Baik")
    SANGAT_BAIK = "sangat_baik", _("Sangat Baik")
    MEMUASKAN = "memuaskan", _("Memuaskan")


# Lower bound of each predicate, highest first.
PREDICATE_BANDS: tuple[tuple[Decimal, Predicate], ...] = (
    (Decimal("4.2"), Predicate.MEMUASKAN),
    (Decimal("3.5"), Predicate.SANGAT_BAIK),
    (Decimal("2.6"), Predicate.BAIK),
    (Decimal("1.8"), Predicate.CUKUP),
    (Decimal("0"), Predicate.KURANG),
)


def round_ips(value: Decimal) -> Decimal:
    """Two decimals, half up, as the IPS is reported (e.g. 2,38)."""
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def predicate(ips: Decimal) -> Predicate:
    for lower, name in PREDICATE_BANDS:
        if ips >= lower:
            return name
    return Predicate.KURANG


def next_band(ips: Decimal) -> tuple[Decimal, Predicate] | None:
    """The lower bound and name of the next predicate above this IPS, if any."""
    above = [(lower, name) for lower, name in PREDICATE_BANDS if lower > ips]
    return min(above) if above else None


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: str
    weight: Decimal  # percent within its aspect
    criteria: tuple[str, str, str, str, str]
    description: str = ""


@dataclass(frozen=True)
class AspectSpec:
    code: str
    name: str
    weight: Decimal  # percent within its domain
    indicators: tuple[IndicatorSpec, ...]


@dataclass(frozen=True)
class DomainSpec:
    code: str
    name: str
    weight: Decimal  # percent of the IPS
    aspects: tuple[AspectSpec, ...]


def generic(subject: str) -> tuple[str, str, str, str, str]:
    """The criterion pattern most indicators follow (domain-reference §4.3)."""
    return (
        f"{subject} belum dilakukan oleh seluruh Produsen Data.",
        f"{subject} telah dilakukan oleh setiap Produsen Data sesuai standarnya masing-masing.",
        f"{subject} telah dilakukan berdasarkan prosedur baku yang ditetapkan dan berlaku untuk seluruh Produsen Data.",
        f"{subject} telah direviu dan dievaluasi secara berkala.",
        f"{subject} telah dimutakhirkan dalam rangka peningkatan kualitas.",
    )


def _by_walidata(subject: str) -> tuple[str, str, str, str, str]:
    return (
        f"{subject} belum dilakukan oleh Walidata.",
        f"{subject} telah dilakukan oleh Walidata sesuai standar masing-masing Produsen Data.",
        f"{subject} telah dilakukan oleh Walidata berdasarkan prosedur baku.",
        f"{subject} oleh Walidata telah direviu dan dievaluasi secara berkala.",
        f"{subject} oleh Walidata telah dimutakhirkan dalam rangka peningkatan kualitas.",
    )


def _competence(subject: str) -> tuple[str, str, str, str, str]:
    return (
        f"Kompetensi SDM bidang {subject} belum terpenuhi.",
        f"Kompetensi SDM bidang {subject} terpenuhi sesuai perencanaan.",
        f"Kompetensi SDM bidang {subject} terpenuhi untuk seluruh proses bisnis statistik.",
        f"Kompetensi SDM bidang {subject} ditingkatkan, dinilai, direviu dan dievaluasi secara berkala.",
        f"Kompetensi SDM bidang {subject} dimutakhirkan dalam rangka peningkatan kualitas.",
    )


def _collaboration(subject: str) -> tuple[str, str, str, str, str]:
    return (
        f"{subject} belum dilakukan.",
        f"{subject} dilakukan secara informal.",
        f"{subject} dilakukan secara formal oleh tim yang ditetapkan.",
        f"{subject} direviu dan dievaluasi secara berkala.",
        f"{subject} dimutakhirkan dalam rangka peningkatan kualitas.",
    )


def _use(subject: str) -> tuple[str, str, str, str, str]:
    return (
        f"{subject} belum digunakan untuk perencanaan, monitoring, evaluasi dan/atau penyusunan kebijakan.",
        f"{subject} digunakan oleh setiap Produsen Data untuk kepentingannya sendiri (mis. LPPD).",
        f"{subject} digunakan oleh Produsen Data bersama Walidata untuk kepentingan daerah.",
        f"{subject} digunakan dengan koordinasi/konsultasi bersama Pembina Data serta direviu secara berkala.",
        f"Penggunaan {subject.lower()} dimutakhirkan dalam rangka peningkatan kualitas.",
    )


def _i(
    code: str, name: str, weight: str, criteria: tuple[str, str, str, str, str] | None = None, description: str = ""
) -> IndicatorSpec:
    return IndicatorSpec(code, name, Decimal(weight), criteria or generic(name), description)


def _a(code: str, name: str, weight: str, *indicators: IndicatorSpec) -> AspectSpec:
    return AspectSpec(code, name, Decimal(weight), indicators)


def _d(code: str, name: str, weight: str, *aspects: AspectSpec) -> DomainSpec:
    return DomainSpec(code, name, Decimal(weight), aspects)


# fmt: off
DEFAULT_STRUCTURE: tuple[DomainSpec, ...] = (
    _d("1", "Prinsip Satu Data Indonesia", "28",
        _a("101", "Standar Data Statistik", "25", _i("10101", "Penerapan Standar Data Statistik (SDS)", "100")),
        _a("102", "Metadata Statistik", "25", _i("10201", "Penerapan Metadata Statistik", "100")),
        _a("103", "Interoperabilitas Data", "25", _i("10301", "Penerapan Interoperabilitas Data", "100")),
        _a("104", "Kode Referensi dan/atau Data Induk", "25", _i("10401", "Penerapan Kode Referensi", "100")),
    ),
    _d("2", "Kualitas Data", "24",
        _a("201", "Relevansi", "21",
            _i("20101", "Relevansi Data terhadap Pengguna", "60",
               description="Sejauh mana statistik memenuhi kebutuhan pengguna."),
            _i("20102", "Proses Identifikasi Kebutuhan Data", "40",
               description="Penelusuran keluaran yang dibutuhkan dan sumber dayanya."),
        ),
        _a("202", "Akurasi", "16",
            _i("20201", "Penilaian Akurasi Data", "100",
               description="Kemampuan data menggambarkan keadaan sebenarnya: pemeriksaan sumber, sampling error, aturan validasi, pengawasan."),
        ),
        _a("203", "Aktualitas & Ketepatan Waktu", "21",
            _i("20301", "Penjaminan Aktualitas Data", "50",
               description="Jarak antara periode data dan rilisnya."),
            _i("20302", "Pemantauan Ketepatan Waktu Diseminasi", "50",
               description="Diseminasi sesuai jadwal yang dijanjikan; memerlukan Advance Release Calendar (ARC)."),
        ),
        _a("204", "Aksesibilitas", "21",
            _i("20401", "Ketersediaan Data untuk Pengguna Data", "34",
               description="Data dan metadata tersedia bagi pengguna (katalog data, katalog publikasi)."),
            _i("20402", "Akses Media Penyebarluasan Data", "33",
               description="Media/saluran yang disepakati dengan pengguna utama."),
            _i("20403", "Penyediaan Format Data", "33",
               description="Format seperti xlsx, csv, html, json."),
        ),
        _a("205", "Keterbandingan & Konsistensi", "21",
            _i("20501", "Keterbandingan Data", "50", description="Dapat dibandingkan antarwaktu dan antarwilayah."),
            _i("20502", "Konsistensi Statistik", "50", description="Konsisten dengan sumber lain."),
        ),
    ),
    _d("3", "Proses Bisnis Statistik", "19",
        _a("301", "Perencanaan Data", "32",
            _i("30101", "Pendefinisian Kebutuhan Statistik", "33"),
            _i("30102", "Desain Statistik", "33"),
            _i("30103", "Penyiapan Instrumen", "34"),
        ),
        _a("302", "Pengumpulan Data", "26", _i("30201", "Proses Pengumpulan Data/Akuisisi Data", "100")),
        _a("303", "Pemeriksaan Data", "21",
            _i("30301", "Pengolahan Data", "50"),
            _i("30302", "Analisis Data", "50"),
        ),
        _a("304", "Penyebarluasan Data", "21",
            _i("30401", "Diseminasi Data", "100", _by_walidata("Diseminasi data")),
        ),
    ),
    _d("4", "Kelembagaan", "17",
        _a("401", "Profesionalitas", "35",
            _i("40101", "Penjaminan Transparansi Informasi Statistik", "25"),
            _i("40102", "Penjaminan Netralitas dan Obyektivitas terhadap Penggunaan Sumber Data dan Metodologi", "25"),
            _i("40103", "Penjaminan Kualitas Data", "25"),
            _i("40104", "Penjaminan Konfidensialitas Data", "25"),
        ),
        _a("402", "SDM yang Memadai dan Kapabel", "30",
            _i("40201", "Penerapan Kompetensi SDM Bidang Statistik", "50", _competence("statistik")),
            _i("40202", "Penerapan Kompetensi SDM Bidang Manajemen Data", "50", _competence("manajemen data")),
        ),
        _a("403", "Pengorganisasian Statistik", "35",
            _i("40301", "Kolaborasi Penyelenggaraan Kegiatan Statistik", "25",
               _collaboration("Kolaborasi penyelenggaraan kegiatan statistik")),
            _i("40302", "Penyelenggaraan Forum Satu Data Indonesia", "25", (
                "Walidata/Walidata pendukung belum dilibatkan dalam Forum Satu Data.",
                "Walidata/Walidata pendukung dilibatkan sesuai rencana aksi Forum Satu Data.",
                "Walidata/Walidata pendukung melaksanakan rencana aksi yang disepakati Forum Satu Data.",
                "Pelaksanaan rencana aksi dikolaborasikan dengan Walidata lain atau Pembina Data dan direviu.",
                "Hasil reviu Forum Satu Data ditindaklanjuti dalam rangka peningkatan kualitas.",
            )),
            _i("40303", "Kolaborasi dengan Pembina Data Statistik", "25",
               _collaboration("Kolaborasi dengan Pembina Data")),
            _i("40304", "Pelaksanaan Tugas sebagai Walidata", "25", (
                "Walidata belum ditunjuk.",
                "Walidata telah ditunjuk, tetapi belum seluruh tugasnya dilaksanakan.",
                "Walidata melaksanakan seluruh tugasnya: mengumpulkan, memeriksa dan mengelola data sesuai prinsip SDI, menyebarluaskannya di portal, dan membantu Pembina Data.",
                "Tugas Walidata terintegrasi dengan seluruh Produsen Data melalui Forum Satu Data dan direviu secara berkala.",
                "Pelaksanaan tugas Walidata dimutakhirkan dalam rangka peningkatan kualitas.",
            )),
        ),
    ),
    _d("5", "Statistik Nasional", "12",
        _a("501", "Pemanfaatan Data Statistik", "34",
            _i("50101", "Penggunaan Data Statistik Dasar untuk Perencanaan, Monitoring, Evaluasi, dan/atau Penyusunan Kebijakan", "34",
               _use("Data statistik dasar")),
            _i("50102", "Penggunaan Data Statistik Sektoral untuk Perencanaan, Monitoring, Evaluasi, dan/atau Penyusunan Kebijakan", "33",
               _use("Data statistik sektoral")),
            _i("50103", "Sosialisasi dan Literasi Data Statistik", "33"),
        ),
        _a("502", "Pengelolaan Kegiatan Statistik", "33",
            _i("50201", "Pelaksanaan Rekomendasi Kegiatan Statistik", "100", (
                "Rancangan kegiatan statistik belum diberitahukan kepada BPS.",
                "Rancangan kegiatan statistik diberitahukan kepada BPS oleh setiap Produsen Data sesuai standarnya masing-masing.",
                "Rancangan kegiatan statistik seluruh Produsen Data diberitahukan menurut prosedur baku, dikoordinasikan Walidata, dan rekomendasi BPS diterima.",
                "Pelaksanaan rekomendasi direviu dan dievaluasi secara berkala.",
                "Pelaksanaan rekomendasi dimutakhirkan dalam rangka peningkatan kualitas.",
            )),
        ),
        _a("503", "Penguatan SSN Berkelanjutan", "33",
            _i("50301", "Perencanaan Pembangunan Statistik", "33", (
                "Rencana pembangunan statistik (Renaksi) belum disusun.",
                "Rencana pembangunan statistik disusun dan ditetapkan (Rencana Aksi SDI, rencana kerja statistik sektoral).",
                "Rencana pembangunan statistik dilaksanakan.",
                "Rencana pembangunan statistik direviu bersama Pembina Data.",
                "Rencana pembangunan statistik dimutakhirkan dalam rangka peningkatan kualitas.",
            )),
            _i("50302", "Penyebarluasan Data", "33", (
                "Data belum disebarluaskan.",
                "Data disebarluaskan oleh setiap Produsen Data untuk kepentingannya sendiri.",
                "Data disebarluaskan oleh Walidata untuk kepentingan daerah.",
                "Data disebarluaskan oleh Walidata melalui Portal SDI (data.go.id), JIGN dan/atau sistem big data pemerintah, dan direviu berkala.",
                "Penyebarluasan data dimutakhirkan dalam rangka peningkatan kualitas.",
            )),
            _i("50303", "Pemanfaatan Big Data", "34", (
                "Big data belum dimanfaatkan.",
                "Big data dikaji atau diujicobakan.",
                "Big data dimanfaatkan untuk menghasilkan statistik pendukung.",
                "Pemanfaatan big data direviu bersama Pembina Data.",
                "Pemanfaatan big data dimutakhirkan dalam rangka peningkatan kualitas.",
            )),
        ),
    ),
)
# fmt: on


def flat_weights(structure: Iterable[DomainSpec]) -> dict[str, Decimal]:
    """Effective weight of each indicator (a fraction of 1): domain × aspect × indicator weights."""
    weights: dict[str, Decimal] = {}
    for domain in structure:
        for aspect in domain.aspects:
            for indicator in aspect.indicators:
                weights[indicator.code] = domain.weight * aspect.weight * indicator.weight / HUNDRED**3
    return weights


class MissingLevels(ValueError):
    def __init__(self, codes: list[str]) -> None:
        self.codes = codes
        super().__init__(", ".join(codes))


def compute_ips(weights: Mapping[str, Decimal], levels: Mapping[str, int]) -> Decimal:
    """IPS = Σ effective weight × level (unrounded); every indicator needs a level 1–5."""
    missing = sorted(code for code in weights if code not in levels)
    if missing:
        raise MissingLevels(missing)
    for code, level in levels.items():
        if code in weights and level not in Level.values:
            raise ValueError(f"{code}: {level}")
    return sum((weight * levels[code] for code, weight in weights.items()), Decimal(0))


@dataclass(frozen=True)
class Gain:
    code: str
    current: int
    weight: Decimal
    # IPS points one more level of this indicator adds (= its effective weight).
    per_level: Decimal
    # IPS points if the indicator reached level 5.
    to_optimum: Decimal


def gains(weights: Mapping[str, Decimal], levels: Mapping[str, int]) -> list[Gain]:
    """What raising each indicator would add to the IPS, largest first (ties by code)."""
    rows = [
        Gain(code, levels[code], weight, weight, weight * (Level.OPTIMUM - levels[code]))
        for code, weight in weights.items()
        if levels.get(code, Level.OPTIMUM) < Level.OPTIMUM
    ]
    return sorted(rows, key=lambda g: (-g.per_level, g.code))


def cheapest_path(weights: Mapping[str, Decimal], levels: Mapping[str, int], target: Decimal) -> list[Gain]:
    """The fewest one-level steps that lift the (rounded) IPS to `target`: take the heaviest
    indicator first, repeatedly (one level at a time, so no indicator passes level 5). Greedy is
    optimal here because every step adds its indicator's whole weight independently."""
    current = dict(levels)
    steps: list[Gain] = []
    while round_ips(compute_ips(weights, current)) < target:
        candidates = gains(weights, current)
        if not candidates:
            break
        best = candidates[0]
        steps.append(best)
        current[best.code] += 1
    return steps
