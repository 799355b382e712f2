from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from satudata.datasets.models import Release


@receiver(post_save, sender=Release, dispatch_uid="portal-build-release-files")
def release_made(sender: type[Release], instance: Release, created: bool, **kwargs: Any) -> None:
    if created and instance.file_key:
        from satudata.portal.tasks import build_release_files

        # Enqueued in the publishing transaction: with the database queue it exists only if the
        # release does.
        build_release_files.enqueue(instance.pk)
