from django.contrib.auth.models import AnonymousUser

from satudata.accounts.models import Role, User


def has_any_role(user: User | AnonymousUser, *roles: Role) -> bool:
    """The building block of every app's permission functions: a site administrator, or an active
    user holding one of the roles (in any organization)."""
    if not (user.is_authenticated and user.is_active):
        return False
    assert isinstance(user, User)
    return user.is_superuser or user.has_role(*roles)
