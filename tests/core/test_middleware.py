from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from satudata.core.middleware import LanguageMiddleware


def test_the_language_cookie_is_added_to_a_vary_the_view_set() -> None:
    def view(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("ok")
        response.headers["Vary"] = "Accept-Encoding"
        return response

    response = LanguageMiddleware(view)(RequestFactory().get("/"))
    assert response.headers["Vary"] == "Accept-Encoding, Cookie"
    assert response.headers["Content-Language"] == "id"


def test_vary_cookie_without_a_vary_from_the_view() -> None:
    response = LanguageMiddleware(lambda request: HttpResponse("ok"))(RequestFactory().get("/"))
    assert response.headers["Vary"] == "Cookie"
