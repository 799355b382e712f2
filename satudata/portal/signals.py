from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from satudata.accounts.models import Organization
from satudata.core.middleware import bump_page_generation
from satudata.datasets.models import Dataset, Release, SchemaVersion
from satudata.portal import search


@receiver(post_save, sender=Release, dispatch_uid="portal-build-release-files")
def release_made(sender: type[Release], instance: Release, created: bool, **kwargs: Any) -> None:
    if created and instance.file_key:
        from satudata.portal.tasks import build_release_files

        # Enqueued in the publishing transaction: with the database queue it exists only if the
        # release does.
        build_release_files.enqueue(instance.pk)
    search.index_dataset(instance.dataset)


# The catalogue's search entry follows the dataset's description, schema and releases.
@receiver(post_save, sender=Dataset, dispatch_uid="portal-index-dataset")
def dataset_saved(sender: type[Dataset], instance: Dataset, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        search.index_dataset(instance)


@receiver(post_save, sender=SchemaVersion, dispatch_uid="portal-index-schema")
def schema_saved(sender: type[SchemaVersion], instance: SchemaVersion, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        search.index_dataset(instance.dataset)


@receiver(post_save, sender=Organization, dispatch_uid="portal-index-organization")
def organization_saved(sender: type[Organization], instance: Organization, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    for dataset in Dataset.objects.filter(organization=instance, search_entry__isnull=False):
        search.index_dataset(dataset)


@receiver(post_delete, sender=Dataset, dispatch_uid="portal-unindex-dataset")
def dataset_deleted(sender: type[Dataset], instance: Dataset, **kwargs: Any) -> None:
    search.remove_dataset(instance.pk)


# Apps whose rows the public pages show: any change makes the cached public pages out of date.
PUBLIC_APPS = {"datasets", "portal", "schedule", "publications", "accounts", "reference", "metadata"}
# Rows written on every request or download that the pages do not show (or show loosely).
NOT_SHOWN = {"Notification", "User", "Membership", "DownloadCount", "ImportJob", "ReleaseFile"}


@receiver(post_save, dispatch_uid="portal-page-generation-save")
@receiver(post_delete, dispatch_uid="portal-page-generation-delete")
def public_row_changed(sender: type[Model], **kwargs: Any) -> None:
    meta = sender._meta
    if meta.app_label in PUBLIC_APPS and meta.object_name not in NOT_SHOWN:
        bump_page_generation()
