"""Who may do what with the release schedule. The public calendar is open to everyone; setting the
schedule belongs to the walidata (any dataset) and to an OPD's producers (their own datasets);
the timeliness report is for the walidata, pembina and forum (all OPDs) and producers (their own)."""

from django.contrib.auth.models import AnonymousUser

from satudata.accounts.models import Role, User
from satudata.accounts.roles import has_any_role
from satudata.datasets.models import Dataset

AnyUser = User | AnonymousUser


def can_schedule_any_dataset(user: AnyUser) -> bool:
    """The walidata sets and changes the schedule of every OPD's datasets."""
    return has_any_role(user, Role.WALIDATA)


def can_schedule_for(user: AnyUser, organization_id: int) -> bool:
    """Set and change the schedule of an OPD's datasets: its producers and the walidata."""
    return can_schedule_any_dataset(user) or (isinstance(user, User) and user.is_producer_of(organization_id))


def can_schedule_dataset(user: AnyUser, dataset: Dataset) -> bool:
    """Add, reschedule or remove an entry of this dataset's schedule."""
    return can_schedule_for(user, dataset.organization_id)


def can_schedule_some_dataset(user: AnyUser) -> bool:
    """Whether "add to the schedule" is offered: the walidata, and producers of at least one OPD."""
    return can_schedule_any_dataset(user) or (isinstance(user, User) and bool(user.producer_org_ids()))


def schedulable_organization_ids(user: AnyUser) -> set[int] | None:
    """The OPDs whose datasets the user may schedule: ``None`` for all (the walidata), else a set
    (empty for everyone else)."""
    if can_schedule_any_dataset(user):
        return None
    return user.producer_org_ids() if isinstance(user, User) else set()


def can_view_all_schedules(user: AnyUser) -> bool:
    """The walidata, pembina and forum see every OPD's schedule and timeliness report (the
    pembina and forum read only)."""
    return has_any_role(user, Role.WALIDATA, Role.PEMBINA, Role.FORUM)


def visible_organization_ids(user: AnyUser) -> set[int] | None:
    """The OPDs whose schedule and timeliness report the user sees in the staff area: ``None`` for
    all, else the producer's own OPDs (empty: nothing)."""
    if can_view_all_schedules(user):
        return None
    return user.producer_org_ids() if isinstance(user, User) else set()


def can_view_timeliness_report(user: AnyUser) -> bool:
    """The walidata, pembina and forum (every OPD) and producers (their own OPD)."""
    organization_ids = visible_organization_ids(user)
    return organization_ids is None or bool(organization_ids)


def can_change_released_entry(user: AnyUser) -> bool:
    """Once its period is published, an entry is the record that the timeliness report is built
    on: only the walidata may still correct it (with a reason, kept in its history)."""
    return can_schedule_any_dataset(user)
