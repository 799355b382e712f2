"""Loading reference codes from the files in shared/data/reference (or files of the same shape)."""

import csv
import gzip
import io
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from satudata.reference.models import CodeList, CodeListItem, Wilayah

LEVELS = {choice.value for choice in Wilayah.Level}
DATA_DIR = Path(__file__).resolve().parent / "data"
WILAYAH_FILE = DATA_DIR / "kode_wilayah_kemendagri_2025.csv.gz"


class ReferenceFileError(ValueError):
    pass


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0


def read_wilayah_csv(path: Path) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as raw, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"kode", "nama", "tingkat"} - set(reader.fieldnames or [])
        if missing:
            raise ReferenceFileError(f"{path.name}: kolom {', '.join(sorted(missing))} tidak ada di baris judul.")
        for line, row in enumerate(reader, start=2):
            kode, nama, level = row["kode"].strip(), row["nama"].strip(), row["tingkat"].strip()
            if level not in LEVELS:
                raise ReferenceFileError(f"{path.name} baris {line}, kolom tingkat: '{level}' tidak dikenal.")
            if not kode or kode.count(".") > 3 or Wilayah.level_of(kode) != level:
                raise ReferenceFileError(
                    f"{path.name} baris {line}, kolom kode: '{kode}' tidak sesuai tingkat '{level}'."
                )
            rows.append((kode, nama, level))
    return rows


@transaction.atomic
def load_wilayah(path: Path, *, prune: bool = False) -> LoadResult:
    """Insert new codes, rename changed ones; idempotent. Codes missing from the file are kept
    (other records may point at them) unless `prune` is asked for."""
    rows = read_wilayah_csv(path)
    existing = dict(Wilayah.objects.values_list("kode", "nama"))
    result = LoadResult()
    new: list[Wilayah] = []
    changed: list[Wilayah] = []
    for kode, nama, level in rows:
        if kode not in existing:
            new.append(Wilayah(kode=kode, nama=nama, level=level, parent_id=Wilayah.parent_code(kode)))
        elif existing[kode] != nama:
            changed.append(Wilayah(kode=kode, nama=nama))
        else:
            result.unchanged += 1
    Wilayah.objects.bulk_create(new, batch_size=5000)
    Wilayah.objects.bulk_update(changed, ["nama"], batch_size=2000)
    result.created, result.updated = len(new), len(changed)
    if prune:
        stale = set(existing) - {kode for kode, _, _ in rows}
        for start in range(0, len(stale), 900):
            chunk = list(stale)[start : start + 900]
            result.removed += Wilayah.objects.filter(kode__in=chunk).delete()[0]
    return result


@transaction.atomic
def load_code_list(
    *, slug: str, name: str, items: list[tuple[str, str]], version: str = "1", source: str = ""
) -> CodeList:
    code_list, _ = CodeList.objects.update_or_create(
        slug=slug, version=version, defaults={"name": name, "source": source}
    )
    for order, (code, label) in enumerate(items, start=1):
        CodeListItem.objects.update_or_create(code_list=code_list, code=code, defaults={"label": label, "order": order})
    return code_list
