from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from satudata.accounts.models import Organization, User
from satudata.metadata.exchange import import_metadata
from satudata.planning.models import Cycle


class Command(BaseCommand):
    help = "Mengimpor berkas JSON INDAH v2 sebagai kegiatan statistik baru (Draf). Tidak ada yang disimpan bila berkas salah."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--cycle", type=int, required=True, help="tahun siklus")
        parser.add_argument("--organization", required=True, help="slug OPD, mis. dinkes")
        parser.add_argument(
            "--user", default="walidata", help="akun yang tercatat sebagai pengimpor (bawaan: walidata)"
        )

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["file"]))
        if not path.exists():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        cycle = Cycle.objects.filter(year=int(str(options["cycle"]))).first()
        organization = Organization.objects.filter(slug=options["organization"]).first()
        user = User.objects.filter(username=options["user"]).first()
        for name, found in (("siklus", cycle), ("OPD", organization), ("pengguna", user)):
            if found is None:
                raise CommandError(f"{name} tidak ditemukan.")
        assert cycle is not None and organization is not None and user is not None
        try:
            activity = import_metadata(path.read_bytes(), cycle=cycle, organization=organization, acting_user=user)
        except ValidationError as exc:
            raise CommandError("Berkas ditolak:\n" + "\n".join(f"- {m}" for m in exc.messages)) from exc
        self.stdout.write(f"Kegiatan {activity.pk} '{activity.title}' diimpor sebagai Draf.")
