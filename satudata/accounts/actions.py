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
def do_set_password(*, target: User, password: str, organization: Organization, acting_user: User) -> None:
    if not permissions.can_manage_account(acting_user, target):
        raise PermissionDenied
    target.set_password(password)
    target.save(update_fields=["password"])
    MembershipEvent.objects.create(
        user=target, organization=organization, action=MembershipEvent.Action.PASSWORD_SET, actor=acting_user
    )


@transaction.atomic
def do_set_active(*, target: User, active: bool, organization: Organization, acting_user: User) -> None:
    """Deactivating keeps the account and its history; the person can no longer log in."""
    if not permissions.can_manage_account(acting_user, target):
        raise PermissionDenied
    target.is_active = active
    target.save(update_fields=["is_active"])
    action = MembershipEvent.Action.ACTIVATED if active else MembershipEvent.Action.DEACTIVATED
    MembershipEvent.objects.create(user=target, organization=organization, action=action, actor=acting_user)


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
