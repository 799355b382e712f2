from django.http import HttpRequest

from satudata.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """What staff views receive: StaffAreaMiddleware has made sure the user is logged in."""

    user: User
