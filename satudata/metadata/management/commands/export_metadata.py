from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from satudata.metadata.exchange import FORMATS, export_metadata
from satudata.metadata.models import StatisticalActivity


class Command(BaseCommand):
    help = "Mengekspor metadata satu kegiatan statistik sebagai JSON INDAH v2 atau XLSX (MS-Keg, MS-Var, MS-Ind)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("activity_id", type=int)
        parser.add_argument("--format", choices=FORMATS, default="indah-json")
        parser.add_argument("--output", required=True, help="berkas tujuan")

    def handle(self, *args: object, **options: object) -> None:
        activity = StatisticalActivity.objects.filter(pk=int(str(options["activity_id"]))).first()
        if activity is None:
            raise CommandError(f"Kegiatan {options['activity_id']} tidak ada.")
        content = export_metadata(activity, fmt=str(options["format"]), acting_user=None)
        Path(str(options["output"])).write_bytes(content)
        self.stdout.write(f"{activity.title}: {len(content)} bait ditulis ke {options['output']}.")
