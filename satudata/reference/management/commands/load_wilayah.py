import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from satudata.reference.loaders import ReferenceFileError, load_wilayah

DEFAULT_FILE = "kode_wilayah_kemendagri_2025.csv"


def default_reference_dir() -> Path:
    # In a checkout, shared/ lies beside the repository; an installation may point elsewhere.
    return Path(
        getattr(settings, "SATUDATA_REFERENCE_DIR", "")
        or settings.CHECKOUT_DIR.parent / "shared" / "data" / "reference"
    )


class Command(BaseCommand):
    help = "Memuat kode wilayah Kemendagri dari CSV (kode,nama,tingkat). Aman diulang."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help=f"berkas CSV (bawaan: {DEFAULT_FILE})")
        parser.add_argument("--prune", action="store_true", help="hapus kode yang tidak ada lagi di berkas")

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["file"])) if options["file"] else default_reference_dir() / DEFAULT_FILE
        if not path.exists():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        started = time.perf_counter()
        try:
            result = load_wilayah(path, prune=bool(options["prune"]))
        except ReferenceFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Kode wilayah: {result.created} baru, {result.updated} diperbarui, "
            f"{result.unchanged} tetap, {result.removed} dihapus "
            f"({time.perf_counter() - started:.1f} detik)."
        )
