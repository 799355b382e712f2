from django.core.management.base import BaseCommand

from satudata.planning.models import Cycle
from satudata.planning.progress import refresh_cycle


class Command(BaseCommand):
    help = "Memperbarui status langkah semua siklus yang belum ditutup (mis. tiap malam dari cron)."

    def handle(self, *args: object, **options: object) -> None:
        for cycle in Cycle.objects.filter(closed_at__isnull=True):
            events = refresh_cycle(cycle)
            self.stdout.write(f"Siklus {cycle.year}: {len(events)} perubahan status.")
