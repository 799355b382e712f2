"""Who may do what through the APIs. A token acts as its owner, so these rules are the staff area's
rules (``satudata.datasets.permissions``) narrowed by the token: its scope (read, or read and write)
and, when it names organizations, to those OPDs' datasets. Without a token a caller sees what the
public portal shows, and nothing more."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from satudata.accounts.permissions import AnyUser, can_use_staff_area
from satudata.api.auth import Caller
from satudata.datasets import permissions as dataset_permissions
from satudata.datasets.models import Dataset, DatasetVersion, ImportJob
from satudata.reference.models import AccessClass


def can_have_api_tokens(user: AnyUser) -> bool:
    """Staff with a role (and site administrators) make API tokens for their scripts and systems."""
    return can_use_staff_area(user)


def can_view_api_usage(user: AnyUser) -> bool:
    """The API and harvest log (counts per channel and client program, no addresses, no token
    owners): every staff role, since it is EPSS evidence they all read."""
    return can_use_staff_area(user)


def _token_org_filter(caller: Caller) -> Q:
    assert caller.token is not None
    ids = caller.token.organization_ids
    # Not an empty Q(): OR-ed with another condition, Django drops an empty Q instead of
    # treating it as "every row".
    return Q(organization_id__in=ids) if ids else Q(pk__isnull=False)


def private_datasets_filter(caller: Caller) -> Q | None:
    """The datasets beyond the public ones whose metadata a token opens (unpublished ones, and
    Terbatas/Tertutup ones in the CKAN API), or None when it opens none."""
    if caller.token is None or not dataset_permissions.can_browse_datasets(caller.user):
        return None
    return _token_org_filter(caller)


def can_read_dataset(caller: Caller, dataset: Dataset) -> bool:
    """A dataset's metadata that the public side does not show (see `private_datasets_filter`)."""
    if caller.token is None or not caller.token.covers(dataset.organization_id):
        return False
    return dataset_permissions.can_view_dataset(caller.user, dataset)


def can_read_rows(caller: Caller, dataset: Dataset, *, is_public: bool) -> bool:
    """The rows of a dataset's current release. ``is_public``: Terbuka with a published release
    (then everyone may). Otherwise a token whose owner may see the data in the staff area
    (Terbatas and Tertutup rows: the OPD's producers, the walidata, the pembina)."""
    if is_public and dataset.access_class == AccessClass.TERBUKA:
        return True
    if caller.token is None or not caller.token.covers(dataset.organization_id):
        return False
    return dataset_permissions.can_view_data(caller.user, dataset)


def can_read_version(caller: Caller, version: DatasetVersion) -> bool:
    """A version that is not (or not only) part of a release: drafts, versions in review. The rules
    of the staff area (`can_view_version`) for the token's owner."""
    if caller.token is None or not caller.token.covers(version.dataset.organization_id):
        return False
    return dataset_permissions.can_view_version(caller.user, version)


def can_write_versions(caller: Caller, dataset: Dataset) -> bool:
    """Create a draft version of a dataset (upload a file, post rows): a write token of the OPD's
    producers or the walidata."""
    token = caller.token
    if token is None or not token.can_write or not token.covers(dataset.organization_id):
        return False
    return dataset_permissions.can_add_version(caller.user, dataset)


def can_submit_version_via_api(caller: Caller, version: DatasetVersion) -> bool:
    """Submit a valid draft for verification: a write token whose owner may submit it on the web."""
    token = caller.token
    if token is None or not token.can_write or not token.covers(version.dataset.organization_id):
        return False
    return dataset_permissions.can_submit_version(caller.user, version)


def can_follow_import(caller: Caller, job: ImportJob) -> bool:
    """An upload's progress: its uploader's business (and the walidata's), as on the web."""
    if caller.token is None or not caller.token.covers(job.dataset.organization_id):
        return False
    return job.created_by_id == caller.user.pk or dataset_permissions.can_manage_any_dataset(caller.user)


def readable_datasets(caller: Caller, base: QuerySet[Dataset]) -> QuerySet[Dataset]:
    """``base`` (what the public sees) plus the datasets the caller's token opens."""
    extra = private_datasets_filter(caller)
    if extra is None:
        return base
    return Dataset.objects.filter(Q(pk__in=base.values("pk")) | extra)
