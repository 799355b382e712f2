from django.core.management.base import BaseCommand

from satudata.portal.search import reindex_all


class Command(BaseCommand):
    help = "Membangun ulang indeks pencarian katalog dari semua dataset yang sudah terbit."

    def handle(self, *args: object, **options: object) -> None:
        n = reindex_all()
        self.stdout.write(f"Indeks pencarian: {n} dataset.")
