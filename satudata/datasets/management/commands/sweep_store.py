from django.core.management.base import BaseCommand, CommandParser

from satudata import store
from satudata.datasets.models import referenced_keys


class Command(BaseCommand):
    help = (
        "Menghapus berkas penyimpanan tabel yang tidak dirujuk basis data (sisa impor yang terhenti) dan "
        "unggahan yang tertinggal lebih dari sehari. Tanpa --delete hanya menampilkan daftar."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--delete", action="store_true", help="benar-benar menghapus")
        parser.add_argument(
            "--grace-minutes", type=int, default=60,
            help="hanya berkas yang lebih tua dari ini (bawaan 60 menit), agar impor yang sedang berjalan aman",
        )  # fmt: skip

    def handle(self, *args: object, **options: object) -> None:
        grace = max(int(str(options["grace_minutes"])), 1) * 60
        # Keys are read before the directory is listed: a file written after this point is
        # younger than the grace period, so it cannot be taken for an orphan.
        keys = referenced_keys()
        doomed = store.sweep(keys, older_than_seconds=grace, dry_run=not options["delete"])
        verb = "Dihapus" if options["delete"] else "Akan dihapus"
        for path in doomed:
            self.stdout.write(f"{verb}: {path}")
        self.stdout.write(f"{verb} {len(doomed)} berkas; {len(keys)} berkas dirujuk tetap disimpan.")
