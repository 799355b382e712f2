from django.core.management.base import BaseCommand

from satudata.reference.codelists import STANDARD_CODE_LISTS
from satudata.reference.loaders import load_code_list


class Command(BaseCommand):
    help = "Memuat daftar kode standar (jenis kelamin, jadwal pemutakhiran, …). Aman diulang."

    def handle(self, *args: object, **options: object) -> None:
        for spec in STANDARD_CODE_LISTS:
            load_code_list(
                slug=str(spec["slug"]),
                name=str(spec["name"]),
                source=str(spec["source"]),
                items=list(spec["items"]),  # type: ignore[call-overload]
            )
        self.stdout.write(f"Daftar kode: {len(STANDARD_CODE_LISTS)} dimuat.")
