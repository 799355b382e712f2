"""Headline figures of the region from the shipped reference data: population by sex
(Kemendagri, semester I 2025 as compiled in cahyadsn/wilayah) and land area (Badan Informasi
Geospasial 2024). Read once per process; the files are part of the package."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from satudata.reference.loaders import DATA_DIR

POPULATION_SOURCE = "Kemendagri (Ditjen Dukcapil), data kependudukan 2025"
AREA_SOURCE = "Badan Informasi Geospasial, 2024"


@dataclass(frozen=True)
class RegionFigures:
    code: str
    population: int | None
    male: int | None
    female: int | None
    area_km2: float | None
    kecamatan: int
    desa: int

    @property
    def density(self) -> float | None:
        """People per km² (None when either figure is missing)."""
        if not self.population or not self.area_km2:
            return None
        return self.population / self.area_km2


@cache
def _table(name: str) -> dict[str, dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as f:
        return {row["kode"]: row for row in csv.DictReader(f)}


def region_figures(code: str) -> RegionFigures:
    from satudata.reference.models import Wilayah

    people = _table("penduduk_kabkota_kemendagri_2025.csv").get(code)
    area = _table("luas_wilayah_big_2024.csv").get(code)
    under = Wilayah.objects.filter(kode__startswith=f"{code}.")
    return RegionFigures(
        code=code,
        population=int(people["total"]) if people else None,
        male=int(people["laki_laki"]) if people else None,
        female=int(people["perempuan"]) if people else None,
        area_km2=float(area["luas_km2"]) if area else None,
        kecamatan=under.filter(level=Wilayah.Level.KECAMATAN).count(),
        desa=under.filter(level=Wilayah.Level.DESA_KELURAHAN).count(),
    )
