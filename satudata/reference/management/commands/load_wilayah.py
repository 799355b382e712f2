import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from satudata.reference.loaders import WILAYAH_FILE, ReferenceFileError, load_wilayah


class Command(BaseCommand):
    help = "Memuat kode wilayah Kemendagri dari CSV (kode,nama,tingkat; boleh .csv.gz). Aman diulang."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help=f"berkas CSV (bawaan: {WILAYAH_FILE.name}, Kepmendagri 2025)")
        parser.add_argument("--prune", action="store_true", help="hapus kode yang tidak ada lagi di berkas")

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["file"])) if options["file"] else WILAYAH_FILE
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
