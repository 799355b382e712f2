"""`satudata epss_ips <year> [--levels FILE]`: the IPS and predicate of a year's EPSS assessment.

FILE is a CSV with the header ``indicator,level`` (``;`` also accepted, as Excel writes it in an
Indonesian locale): each row gives an indicator's 5-digit EPSS code and a level 1–5. Its levels
replace the stored ones for this run only — a what-if that never touches the assessment. Without a
stored assessment for the year, the default weights of Perba 3/2022 are used and FILE must give
every indicator.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from satudata.evaluation import epss
from satudata.evaluation.models import Assessment


def read_levels(text: str, known: set[str]) -> dict[str, int]:
    """Parse the what-if CSV; every problem names its row and column."""
    text = text.lstrip("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if ";" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [cell.strip().lower() for cell in next(reader, [])]
    if header[:2] != ["indicator", "level"]:
        raise CommandError(f"Baris 1: kepala kolom harus 'indicator,level', bukan '{delimiter.join(header)}'.")
    levels: dict[str, int] = {}
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 2:
            raise CommandError(f"Baris {number}: harus ada dua kolom, indicator dan level.")
        code, value = row[0].strip(), row[1].strip()
        if code not in known:
            raise CommandError(
                f"Baris {number}, kolom indicator: '{code}' bukan kode indikator EPSS (5 digit, mis. 20302)."
            )
        if code in levels:
            raise CommandError(f"Baris {number}, kolom indicator: indikator {code} sudah ada di baris sebelumnya.")
        if value not in {"1", "2", "3", "4", "5"}:
            raise CommandError(f"Baris {number}, kolom level: '{value}' bukan tingkat kematangan 1 sampai 5.")
        levels[code] = int(value)
    return levels


class Command(BaseCommand):
    help = "Cetak IPS dan predikat penilaian mandiri EPSS suatu tahun (opsional: tingkat dari berkas CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int)
        parser.add_argument("--levels", type=Path, help="CSV 'indicator,level' untuk simulasi (tidak disimpan)")

    def handle(self, *args: Any, **options: Any) -> None:
        year: int = options["year"]
        assessment = Assessment.objects.filter(year=year).first()
        if assessment is not None:
            weights, levels = assessment.weights(), assessment.levels()
        elif options["levels"] is not None:
            self.stderr.write(f"Belum ada penilaian EPSS {year}; bobot bawaan {epss.FRAMEWORK} dipakai.")
            weights, levels = epss.flat_weights(epss.DEFAULT_STRUCTURE), {}
        else:
            raise CommandError(f"Belum ada penilaian mandiri EPSS tahun {year}.")
        if options["levels"] is not None:
            path: Path = options["levels"]
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"Berkas {path} tidak dapat dibaca: {exc}") from exc
            levels.update(read_levels(text, set(weights)))
        try:
            ips = epss.round_ips(epss.compute_ips(weights, levels))
        except epss.MissingLevels as exc:
            raise CommandError(f"Indikator tanpa tingkat kematangan: {', '.join(exc.codes)}.") from exc
        self.stdout.write(f"IPS {year}: {ips} ({epss.predicate(ips).label})")
        if options["verbosity"] > 1:
            for code, weight in sorted(weights.items()):
                self.stdout.write(f"{code}\t{levels[code]}\t{weight * 100:.3f}%\t{(weight * levels[code]):.4f}")
            self.stdout.write(f"Jumlah tertimbang: {sum((w * levels[c] for c, w in weights.items()), Decimal(0)):.4f}")
