from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from satudata.accounts.permissions import can_use_staff_area

STAFF_PREFIX = "/kelola/"


class StaffAreaMiddleware:
    """Every page under /kelola/ needs a login and a role. Checking the prefix here, once, means a
    new staff view cannot be left open by a forgotten decorator."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(STAFF_PREFIX):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can_use_staff_area(request.user):
                raise PermissionDenied(_("Akun ini belum memiliki peran di Satu Data."))
        return self.get_response(request)


class LanguageMiddleware:
    """Indonesian unless the visitor chose another language with the switcher (a cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a civil servant on an
    English-language Windows would get an English portal; the regency wants Indonesian by default.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.available = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            # The thread serves the next request (or test) too; leave it in the default language.
            translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        # Added to any Vary the view set: caches must key on the language cookie too.
        patch_vary_headers(response, ("Cookie",))
        return response
