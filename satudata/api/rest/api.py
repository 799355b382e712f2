"""The REST API v1 (django-ninja): typed endpoints, OpenAPI 3.1 at ``/api/v1/openapi.json``,
interactive documentation at ``/api/v1/docs`` (Swagger UI served from the package, no CDN).

Every endpoint answers anonymous callers with what the public portal shows; a token (see
``satudata.api.auth``) opens what its owner may see, and write tokens may add data."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger
from ninja.security import APIKeyHeader

from satudata.api.auth import Caller, InvalidToken, caller_for
from satudata.api.rest.errors import ApiError

DESCRIPTION = """API Portal Satu Data. Tanpa token: data yang terbuka untuk publik. Dengan token
(`Authorization: <token>`, `Authorization: Bearer <token>` atau `X-CKAN-API-Key: <token>`): apa yang
boleh dilihat pemilik token, dan — untuk token tulis — menambah versi data.

The Portal Satu Data API. Without a token: what is open to the public. With a token: what its owner
may see and, for write tokens, adding data versions. Errors are JSON: `{"error": {"code", "message",
"message_en", "field"}}`. Rate limits are announced in the `RateLimit-*` headers."""


class TokenAuth(APIKeyHeader):
    """Optional: no header is an anonymous caller; a bad token is refused (401)."""

    param_name = "Authorization"

    def __call__(self, request: HttpRequest) -> Caller:
        return caller_for(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Caller:  # pragma: no cover - unused
        return caller_for(request)


class SatuDataApi(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """The token is optional on every operation: say so (an empty requirement) in the document."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                if isinstance(operation, dict) and "security" in operation and {} not in operation["security"]:
                    operation["security"] = [{}, *operation["security"]]
        return schema


api = SatuDataApi(
    title="Satu Data API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
    auth=TokenAuth(),
)


def _error(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
    return api.create_response(request, {"error": body}, status=status)


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return _error(request, exc.status, exc.body)


@api.exception_handler(InvalidToken)
def _invalid_token(request: HttpRequest, exc: InvalidToken) -> HttpResponse:
    return _error(request, 401, {
        "code": "invalid_token", "field": "Authorization", "detail": None,
        "message": "Token API tidak dikenal, kedaluwarsa atau telah dicabut.",
        "message_en": "The API token is unknown, expired or revoked.",
    })  # fmt: skip


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, {
        "code": "invalid_token", "field": "Authorization", "detail": None,
        "message": "Token API diperlukan.", "message_en": "An API token is required.",
    })  # fmt: skip


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    location = [str(part) for part in first.get("loc", ()) if part not in ("query", "body", "path", "form", "file")]
    field = ".".join(location) or None
    message_en = str(first.get("msg", "Invalid input"))
    # A malformed query or path is a bad request (400); a body or form that parses but does not
    # hold what the operation needs is unprocessable (422).
    in_body = bool({"body", "form", "file"} & set(first.get("loc", ())))
    return _error(request, 422 if in_body else 400, {
        "code": "invalid_parameter", "field": field, "detail": exc.errors,
        "message": f"Isian tidak sah pada {field or 'permintaan'}: {message_en}.",
        "message_en": f"Invalid value for {field or 'the request'}: {message_en}.",
    })  # fmt: skip


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, {
        "code": "http_error", "field": None, "detail": None, "message": str(exc), "message_en": str(exc),
    })  # fmt: skip


def _register() -> None:
    from satudata.api.rest import catalogue, datasets, writes

    assert writes.TAGS  # its operations are on the datasets router
    api.add_router("", catalogue.router)
    api.add_router("", datasets.router)


_register()
