"""Who may do what with datasets and their versions. Outsiders get 404 for what they may not see
(another OPD's drafts); people who may see but not change get 403."""

from django.contrib.auth.models import AnonymousUser

from satudata.accounts.models import Role, User
from satudata.accounts.roles import has_any_role
from satudata.datasets.models import Dataset, DatasetVersion, VersionStatus
from satudata.reference.models import AccessClass

AnyUser = User | AnonymousUser

# Versions other OPDs' producers may see: what has been verified on.
_SETTLED = (VersionStatus.VERIFIED, VersionStatus.CHECKED, VersionStatus.PUBLISHED, VersionStatus.WITHDRAWN)


def can_view_all_datasets(user: AnyUser) -> bool:
    """The walidata, pembina and forum see every OPD's datasets and versions in the staff area."""
    return has_any_role(user, Role.WALIDATA, Role.PEMBINA, Role.FORUM)


def can_browse_datasets(user: AnyUser) -> bool:
    """The staff list of datasets: every producer sees every dataset's description and schema (to
    reuse them), and so do the walidata, pembina and forum."""
    return can_view_all_datasets(user) or has_any_role(user, Role.PRODUCER)


def can_view_dataset(user: AnyUser, dataset: Dataset) -> bool:
    """One dataset's description and schema (see `can_browse_datasets`); versions are guarded by
    `can_view_version`, rows of restricted data by `can_view_data`."""
    return can_browse_datasets(user)


def can_view_data(user: AnyUser, dataset: Dataset) -> bool:
    """The rows of a dataset in the staff area. A Terbatas or Tertutup dataset's rows only for its
    OPD's producers, the walidata and the pembina (who checks Data Prioritas); other OPDs'
    producers and the forum see its description and schema only."""
    if dataset.access_class == AccessClass.TERBUKA:
        return can_view_dataset(user, dataset)
    return (
        can_manage_any_dataset(user)
        or (isinstance(user, User) and user.is_producer_of(dataset.organization_id))
        or has_any_role(user, Role.PEMBINA)
    )


def can_manage_any_dataset(user: AnyUser) -> bool:
    """The walidata creates and keeps datasets on behalf of any OPD."""
    return has_any_role(user, Role.WALIDATA)


def can_create_datasets(user: AnyUser) -> bool:
    """Whether "new dataset" is offered: the walidata, and producers of at least one OPD."""
    return can_manage_any_dataset(user) or (isinstance(user, User) and bool(user.producer_org_ids()))


def can_create_dataset(user: AnyUser, organization_id: int) -> bool:
    """Create a dataset for an OPD (from its Daftar Data item): its producers and the walidata."""
    return can_manage_any_dataset(user) or (isinstance(user, User) and user.is_producer_of(organization_id))


def can_edit_dataset(user: AnyUser, dataset: Dataset) -> bool:
    """Change a dataset's description and its column schema (a locked schema gets a new number)."""
    return can_create_dataset(user, dataset.organization_id)


def can_lock_schema(user: AnyUser) -> bool:
    """Lock a schema once data is published: the walidata."""
    return has_any_role(user, Role.WALIDATA)


def can_view_version(user: AnyUser, version: DatasetVersion) -> bool:
    """The OPD's producers and the walidata see every version; the pembina and forum see what has
    been submitted; other OPDs' producers only verified and later versions. Restricted data:
    see `can_view_data`."""
    if not can_view_data(user, version.dataset):
        return False
    if can_manage_any_dataset(user):
        return True
    if isinstance(user, User) and user.is_producer_of(version.dataset.organization_id):
        return True
    if has_any_role(user, Role.PEMBINA, Role.FORUM):
        return version.status != VersionStatus.DRAFT
    return has_any_role(user, Role.PRODUCER) and version.status in _SETTLED


def can_add_version(user: AnyUser, dataset: Dataset) -> bool:
    """Add data for a period (upload, grid, template): the OPD's producers and the walidata."""
    return can_create_dataset(user, dataset.organization_id)


def can_edit_version(user: AnyUser, version: DatasetVersion) -> bool:
    """Replace a version's data while it is a draft or returned for revision."""
    return version.is_editable and can_add_version(user, version.dataset)


def can_submit_version(user: AnyUser, version: DatasetVersion) -> bool:
    """Submit (or resubmit) a valid draft for verification: whoever may edit it."""
    return can_edit_version(user, version)


def can_review_version(user: AnyUser) -> bool:
    """Comment on, return, verify, publish and withdraw versions: the walidata."""
    return has_any_role(user, Role.WALIDATA)


def can_check_version(user: AnyUser) -> bool:
    """Check a verified version of Data Prioritas (or return it): the pembina (BPS)."""
    return has_any_role(user, Role.PEMBINA)


def can_comment_version(user: AnyUser, version: DatasetVersion) -> bool:
    """Leave review comments: the walidata while the version is in review, the pembina while it
    waits for the pembina's check."""
    if version.status in DatasetVersion.IN_REVIEW_STATUSES:
        return can_review_version(user)
    if version.status == VersionStatus.VERIFIED and version.dataset.is_priority:
        return can_check_version(user)
    return False


def can_enter_reference_figure(user: AnyUser) -> bool:
    """Enter a BPS reference figure to compare submissions with: the walidata and the pembina."""
    return has_any_role(user, Role.WALIDATA, Role.PEMBINA)
