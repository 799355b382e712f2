import hashlib
import json
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from satudata.accounts.permissions import can_use_staff_area

STAFF_PREFIX = "/kelola/"


class RejectNulMiddleware:
    """PostgreSQL text cannot hold the NUL character (0x00): a query parameter or path carrying one
    would reach a database filter and fail there as a server error. Such a request is refused here,
    once for every page and API, as a bad request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any("\x00" in key or any("\x00" in v for v in values)
                                          for key, values in request.GET.lists()):  # fmt: skip
            return self._refused(request.path)
        return self.get_response(request)

    @staticmethod
    def _refused(path: str) -> HttpResponse:
        message = "Permintaan memuat karakter NUL (0x00) yang tidak sah."
        message_en = "The request contains a NUL character (0x00)."
        if path.startswith("/api/v1/"):  # the REST API's error form
            body: object = {"error": {"code": "invalid_parameter", "message": message, "message_en": message_en,
                                      "field": None, "detail": None}}  # fmt: skip
        elif path.startswith("/api/"):  # CKAN answers a bad request with a bare JSON string
            body = f"Bad request: {message_en}"
        else:
            return HttpResponse(f"{message} / {message_en}", status=400, content_type="text/plain; charset=utf-8")
        return HttpResponse(json.dumps(body), status=400, content_type="application/json")


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


# Public pages a visitor without a session gets from the shared cache (the data and the download
# files have their own caching: ETags, files made once per release).
PAGE_CACHE_PREFIXES = (
    "/dataset/", "/organization/", "/topik/", "/releases/", "/publikasi/", "/berita/", "/panduan-data/",
    "/wilayah/", "/standar-data/", "/sitemap.xml", "/peta/", "/catalog.",
)  # fmt: skip
PAGE_GENERATION_KEY = "page-generation"


def page_generation() -> int:
    return int(cache.get(PAGE_GENERATION_KEY) or 0)


def bump_page_generation() -> None:
    """Something the public pages show has changed: every cached page is out of date."""
    try:
        cache.incr(PAGE_GENERATION_KEY)
    except ValueError:  # not set yet (or evicted)
        cache.set(PAGE_GENERATION_KEY, 1, None)


class PublicPageCacheMiddleware:
    """Whole public pages for visitors without a session, from the shared cache, for
    ``SATUDATA_PAGE_CACHE_SECONDS`` (0 turns it off).

    Rendering the catalogue or a dataset page costs tens of milliseconds of CPU; most visitors
    are anonymous and ask for the same pages. A page is cached per language and full URL under a
    generation number that every change of what the public side shows increases (see
    ``satudata.portal.signals``), so a publication shows at once; the time limit bounds anything
    else. Logged-in staff (who have a session) always get fresh pages. Only complete 200 answers
    that set no cookie are kept; streamed downloads never are."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def _key(self, request: HttpRequest) -> str:
        language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        # Pages hold absolute URLs (JSON-LD, sitemap): one copy per host and scheme too.
        site = f"{request.scheme}://{request.get_host()}"
        return f"page:{page_generation()}:{language}:{request.method}:{site}:{path}"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.SATUDATA_PAGE_CACHE_SECONDS
        path = request.path
        if (
            not seconds
            or request.method not in ("GET", "HEAD")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            # An API token may open more than the public sees: never share such an answer.
            or "Authorization" in request.headers
            or "X-CKAN-API-Key" in request.headers
            or not (path == "/" or path.startswith(PAGE_CACHE_PREFIXES))
        ):
            return self.get_response(request)
        key = self._key(request)
        cached = cache.get(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached  # type: ignore[no-any-return]
        response = self.get_response(request)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, response, seconds)
        response["X-Page-Cache"] = "miss"
        return response
