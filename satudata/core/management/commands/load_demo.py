from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from satudata.core.demo import PASSWORD, load_demo


class Command(BaseCommand):
    help = "Memuat demo Kabupaten Pasuruan (OPD, pengguna per peran, siklus, rapat Forum, Daftar Data). Aman diulang."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="jalankan walau DEBUG mati (mis. server uji)")

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Demo memuat akun dengan kata sandi yang diketahui umum; ditolak karena DEBUG mati. "
                "Jalankan dengan SATUDATA_DEBUG=1, atau tambahkan --force bila memang disengaja."
            )
        call_command("load_wilayah", stdout=self.stdout)
        call_command("load_codelists", stdout=self.stdout)
        result = load_demo()
        self.stdout.write(
            f"Demo siap: {result['organizations']} organisasi, siklus {result['year']} dengan "
            f"{result['items']} butir Daftar Data. Masuk sebagai admin, walidata, pembina, forum atau "
            f"produsen-<opd> dengan kata sandi '{PASSWORD}'."
        )
