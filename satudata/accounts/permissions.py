"""Who may do what with accounts. Every rule of the project is a named function in one module per
app; each is listed in docs/permissions.md and tested for every role."""

from django.contrib.auth.models import AnonymousUser

from satudata.accounts.models import Role, User
from satudata.accounts.roles import has_any_role

AnyUser = User | AnonymousUser


def is_site_admin(user: AnyUser) -> bool:
    """Site administrators: settings, accounts, the Django admin."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def can_use_staff_area(user: AnyUser) -> bool:
    """The staff pages under /kelola/ are for users with a role, and for site administrators."""
    if not user.is_authenticated:
        return False
    assert isinstance(user, User)
    return is_site_admin(user) or bool(user.role_map)


def can_manage_organizations(user: AnyUser) -> bool:
    """Organizations and accounts are kept by the walidata and site administrators."""
    return has_any_role(user, Role.WALIDATA)


def can_manage_account(user: AnyUser, target: User) -> bool:
    """Set a new password for, or (de)activate, another person's account: the walidata and site
    admins; never a site admin's account unless one is a site admin oneself, never one's own here
    (one's own password is changed on the password page)."""
    if not can_manage_organizations(user) or not isinstance(user, User) or target.pk == user.pk:
        return False
    return not target.is_superuser or is_site_admin(user)


def can_view_organizations(user: AnyUser) -> bool:
    """The list of OPDs and their members is open to every staff member."""
    return can_use_staff_area(user)
