"""Who may do what in planning: cycles and steps, Forum meetings, the Daftar Data, Berita Acara.

Outsiders get 404 for what they may not know exists (another OPD's drafts); those who may see a
thing but not change it get 403. Every function here is listed in docs/permissions.md.
"""

from django.contrib.auth.models import AnonymousUser

from satudata.accounts.models import Role, User
from satudata.accounts.permissions import is_site_admin
from satudata.accounts.roles import has_any_role
from satudata.planning.models import ActionItem, CycleStep, DaftarDataItem, ItemStatus

AnyUser = User | AnonymousUser


def can_manage_cycles(user: AnyUser) -> bool:
    """Start a yearly cycle: the walidata runs the cycle."""
    return has_any_role(user, Role.WALIDATA)


def can_close_cycle(user: AnyUser) -> bool:
    """Close the cycle (step 22, Proses selesai): the Forum, or the walidata who runs the cycle."""
    return has_any_role(user, Role.FORUM, Role.WALIDATA)


def can_view_whole_cycle(user: AnyUser) -> bool:
    """See every step of the cycle dashboard; producers see only the steps they act in."""
    return has_any_role(user, Role.WALIDATA, Role.FORUM, Role.PEMBINA)


def can_upload_step_evidence(user: AnyUser, cycle_step: CycleStep) -> bool:
    """Upload the evidence of a step whose outputs the system does not hold: its actors (a producer
    for steps producers act in) and the walidata."""
    if cycle_step.step.system_output:
        return False
    return has_any_role(user, Role.WALIDATA, *cycle_step.step.actors)


def can_complete_step_with_evidence(user: AnyUser, cycle_step: CycleStep) -> bool:
    """Whose evidence completes a step: the walidata, or a non-producer actor of the step. A producer's
    evidence covers one OPD, so it shows the step under way until the walidata confirms it."""
    if not can_upload_step_evidence(user, cycle_step):
        return False
    return has_any_role(user, Role.WALIDATA, *(actor for actor in cycle_step.step.actors if actor != Role.PRODUCER))


def can_view_meetings(user: AnyUser) -> bool:
    """Forum meetings, their invitees and minutes are open to every staff member."""
    return is_site_admin(user) or (isinstance(user, User) and bool(user.role_map))


def can_manage_meetings(user: AnyUser) -> bool:
    """Plan meetings, record attendance and minutes, generate and file Berita Acara."""
    return has_any_role(user, Role.FORUM, Role.WALIDATA)


def can_view_item(user: AnyUser, item: DaftarDataItem) -> bool:
    """The forum, walidata and pembina see every item; a producer sees its own OPD's items and the
    agreed items of others (the agreed Daftar Data is shared), never another OPD's drafts."""
    if can_view_whole_cycle(user):
        return True
    if not isinstance(user, User) or not user.has_role(Role.PRODUCER):
        return False
    return user.is_producer_of(item.organization_id) or item.status == ItemStatus.ACCEPTED


def can_propose_for_any_organization(user: AnyUser) -> bool:
    """The forum and the walidata keep the Daftar Data for every OPD."""
    return has_any_role(user, Role.FORUM, Role.WALIDATA)


def can_propose_items(user: AnyUser) -> bool:
    """Propose Daftar Data items for at least one OPD: whether the "propose" button is offered."""
    return can_propose_for_any_organization(user) or (isinstance(user, User) and bool(user.producer_org_ids()))


def can_propose_item(user: AnyUser, organization_id: int) -> bool:
    """A producer proposes items for its own OPD; the forum and walidata for any OPD."""
    if can_propose_for_any_organization(user):
        return True
    return isinstance(user, User) and user.is_producer_of(organization_id)


def can_edit_item(user: AnyUser, item: DaftarDataItem) -> bool:
    """Change or submit an item while it is a draft or returned for revision."""
    return item.is_editable and can_propose_item(user, item.organization_id)


def can_review_items(user: AnyUser) -> bool:
    """Review submitted items field by field: the forum and the walidata."""
    return has_any_role(user, Role.FORUM, Role.WALIDATA)


def can_import_daftar_data(user: AnyUser) -> bool:
    """Import a Daftar Data workbook. Producers may, for their own OPD's rows only (checked per row)."""
    return has_any_role(user, Role.FORUM, Role.WALIDATA, Role.PRODUCER)


def can_view_renaksi(user: AnyUser) -> bool:
    """The Renaksi and its progress are open to every staff member (producers answer for items)."""
    return can_view_meetings(user)


def can_manage_renaksi(user: AnyUser) -> bool:
    """Draw up the Renaksi, add and change its items while a draft, have it agreed with a Berita
    Acara: the forum and the walidata."""
    return has_any_role(user, Role.FORUM, Role.WALIDATA)


def can_record_action_progress(user: AnyUser, item: ActionItem) -> bool:
    """Record the progress of an agreed Renaksi item: its OPD's producers, the forum, the walidata."""
    if can_manage_renaksi(user):
        return True
    return isinstance(user, User) and user.is_producer_of(item.organization_id)
