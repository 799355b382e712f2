import time
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from satudata import store
from satudata.accounts.models import User
from satudata.datasets import actions, pipeline
from satudata.datasets.models import Dataset, SourceKind
from satudata.datasets.tabular import SourceError


class Command(BaseCommand):
    help = (
        "Memuat berkas CSV/XLSX sebagai versi draf satu periode sebuah dataset (jalur yang sama dengan unggahan), "
        "mencetak ringkasan validasi, dan keluar dengan kode bukan nol bila berkas tidak sah."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dataset", help="slug dataset")
        parser.add_argument("file")
        parser.add_argument("--period", required=True, help="periode, mis. 2024")
        parser.add_argument("--submit", action="store_true", help="ajukan untuk verifikasi bila lolos validasi")
        parser.add_argument("--sheet", default=None, help="nama lembar XLSX (bawaan: lembar pertama)")
        parser.add_argument("--header-row", type=int, default=None, help="baris judul kolom (bawaan: dikenali)")
        parser.add_argument("--change-note", default="", help="catatan perubahan (wajib untuk koreksi periode terbit)")
        parser.add_argument("--user", default="walidata", help="akun pengimpor (bawaan: walidata)")

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["file"]))
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        dataset = Dataset.objects.filter(slug=options["dataset"]).first()
        if dataset is None:
            raise CommandError(f"Dataset {options['dataset']} tidak ditemukan.")
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"Pengguna {options['user']} tidak ditemukan.")
        started = time.perf_counter()
        try:
            outcome = pipeline.import_file(
                dataset=dataset, path=path, original_name=path.name, period=str(options["period"]),
                acting_user=user, source_kind=SourceKind.COMMAND, sheet=options["sheet"] or None,  # type: ignore[arg-type]
                header_row=options["header_row"] or None,  # type: ignore[arg-type]
                change_note=str(options["change_note"]),
            )  # fmt: skip
        except (SourceError, store.StoreError) as exc:
            raise CommandError(f"Berkas tidak dapat dibaca: {exc}") from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        except PermissionDenied as exc:
            raise CommandError(f"{user} tidak berhak mengisi data dataset ini.") from exc
        version, report = outcome.version, outcome.report
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Versi {version.number} periode {version.period}: {version.row_count} baris, "
            f"{report.errors} kesalahan, {report.warnings} peringatan ({elapsed:.2f} dtk)."
        )
        for problem in report.problems:
            examples = ", ".join(
                (f"baris {e.row}: " if e.row else "") + repr(e.value) + (f" → {e.suggestion}" if e.suggestion else "")
                for e in problem.examples[:3]
            )
            level = "KESALAHAN" if problem.severity == "error" else "peringatan"
            self.stdout.write(f"  [{level}] {problem.column or '-'}: {problem.message} ({problem.count}×) {examples}")
        if not report.is_valid:
            raise CommandError("Berkas tidak sah; versi disimpan sebagai draf untuk diperbaiki.")
        if options["submit"]:
            try:
                actions.do_submit_version(version=version, acting_user=user)
            except (ValidationError, PermissionDenied) as exc:
                raise CommandError(f"Versi tidak dapat diajukan: {exc}") from exc
            self.stdout.write(f"Versi {version.number} diajukan untuk verifikasi.")
