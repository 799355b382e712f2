"""Who may do what with reference codes and the Standar Data registry."""

from django.contrib.auth.models import AnonymousUser

from satudata.accounts.models import Role, User
from satudata.accounts.permissions import can_use_staff_area
from satudata.accounts.roles import has_any_role
from satudata.reference.models import DataStandard

AnyUser = User | AnonymousUser


def can_propose_standard(user: AnyUser) -> bool:
    """Propose a Standar Data: producers (for their OPD) and the walidata."""
    return has_any_role(user, Role.PRODUCER, Role.WALIDATA)


def can_propose_standard_for_any_organization(user: AnyUser) -> bool:
    """The walidata records standards on behalf of any OPD (or none: a regency-wide standard)."""
    return has_any_role(user, Role.WALIDATA)


def can_edit_standard(user: AnyUser, standard: DataStandard) -> bool:
    """Change a proposal until it is agreed: the proposing OPD's producers and the walidata."""
    if not standard.is_editable:
        return False
    if has_any_role(user, Role.WALIDATA):
        return True
    return (
        isinstance(user, User)
        and standard.organization_id is not None
        and user.is_producer_of(standard.organization_id)
    )


def can_review_standards(user: AnyUser) -> bool:
    """Agree a Standar Data or return it for revision: the walidata and the pembina (BPS)."""
    return has_any_role(user, Role.WALIDATA, Role.PEMBINA)


def can_view_standard_proposals(user: AnyUser) -> bool:
    """Proposals not yet agreed are seen by staff; agreed standards are public."""
    return can_use_staff_area(user)
