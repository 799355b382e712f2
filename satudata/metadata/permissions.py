"""Who may do what with statistical activities and their metadata (MS-Keg, MS-Var, MS-Ind).
Outsiders get 404 for another OPD's unfinished metadata; read-only viewers get 403 on change."""

from django.contrib.auth.models import AnonymousUser

from satudata.accounts.models import Role, User
from satudata.accounts.roles import has_any_role
from satudata.metadata.models import MetadataStatus, StatisticalActivity

AnyUser = User | AnonymousUser


def can_view_all_activities(user: AnyUser) -> bool:
    """The walidata, pembina and forum see every OPD's activities."""
    return has_any_role(user, Role.WALIDATA, Role.PEMBINA, Role.FORUM)


def can_view_activity(user: AnyUser, activity: StatisticalActivity) -> bool:
    """Producers see their own OPD's activities, and others' once agreed."""
    if can_view_all_activities(user):
        return True
    if not isinstance(user, User) or not user.has_role(Role.PRODUCER):
        return False
    return user.is_producer_of(activity.organization_id) or activity.status == MetadataStatus.ACCEPTED


def can_record_for_any_organization(user: AnyUser) -> bool:
    """The walidata records activities and metadata on behalf of any OPD."""
    return has_any_role(user, Role.WALIDATA)


def can_create_activities(user: AnyUser) -> bool:
    """Record activities for at least one OPD: whether "record" and "import" are offered."""
    return can_record_for_any_organization(user) or (isinstance(user, User) and bool(user.producer_org_ids()))


def can_create_activity(user: AnyUser, organization_id: int) -> bool:
    """Record an activity: a producer for its own OPD; the walidata for any OPD."""
    if can_record_for_any_organization(user):
        return True
    return isinstance(user, User) and user.is_producer_of(organization_id)


def can_edit_activity(user: AnyUser, activity: StatisticalActivity) -> bool:
    """Fill or change the metadata (MS-Keg blocks, MS-Var, MS-Ind) while a draft or returned."""
    return activity.is_editable and can_create_activity(user, activity.organization_id)


def can_review_activity(user: AnyUser) -> bool:
    """Review metadata field by field: the walidata and the pembina (BPS)."""
    return has_any_role(user, Role.WALIDATA, Role.PEMBINA)


def can_record_recommendation(user: AnyUser, activity: StatisticalActivity) -> bool:
    """Record the Romantik recommendation of an activity: its OPD's producers, the walidata and the
    pembina (BPS issues it). Allowed whatever the metadata's review status."""
    if has_any_role(user, Role.WALIDATA, Role.PEMBINA):
        return True
    return isinstance(user, User) and user.is_producer_of(activity.organization_id)


def can_add_instrument(user: AnyUser, activity: StatisticalActivity) -> bool:
    """Upload a new version of a questionnaire or form: the OPD's producers and the walidata, at any
    review status (instruments change after the metadata is agreed)."""
    return can_create_activity(user, activity.organization_id)


def can_assess_accuracy(user: AnyUser, activity: StatisticalActivity) -> bool:
    """Record an accuracy assessment (step 4): the OPD's producers, the walidata and the pembina, at
    any review status. Writing the figure into MS-Keg 5.6 still needs `can_edit_activity`."""
    return can_create_activity(user, activity.organization_id) or can_review_activity(user)
