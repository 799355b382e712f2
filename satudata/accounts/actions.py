from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from satudata.accounts import permissions
from satudata.accounts.models import Membership, MembershipEvent, Organization, Role, User


@transaction.atomic
def do_add_member(*, user: User, organization: Organization, role: Role, acting_user: User) -> Membership:
    if not permissions.can_manage_organizations(acting_user):
        raise PermissionDenied
    membership, created = Membership.objects.get_or_create(user=user, organization=organization, role=role)
    if not created:
        raise ValidationError(
            _("%(user)s sudah menjadi %(role)s di %(org)s.")
            % {"user": user.display_name(), "role": Role(role).label, "org": organization.short_name}
        )
    MembershipEvent.objects.create(
        user=user, organization=organization, role=role, action=MembershipEvent.Action.ADDED, actor=acting_user
    )
    return membership


@transaction.atomic
def do_remove_member(*, membership: Membership, acting_user: User) -> None:
    if not permissions.can_manage_organizations(acting_user):
        raise PermissionDenied
    if membership.user_id == acting_user.pk and membership.role == Role.WALIDATA:
        raise ValidationError(_("Anda tidak dapat mencabut peran Walidata Anda sendiri."))
    MembershipEvent.objects.create(
        user=membership.user, organization=membership.organization, role=membership.role,
        action=MembershipEvent.Action.REMOVED, actor=acting_user,
    )  # fmt: skip
    membership.delete()
