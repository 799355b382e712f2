"""Errors of the REST API: JSON with a stable code, a message in Indonesian and in English, and
the failing field when there is one. Clients branch on ``code``; people read ``message``."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class ErrorBody(Schema):
    code: str
    message: str
    message_en: str
    field: str | None = None
    detail: Any = None


class Error(Schema):
    error: ErrorBody


class ApiError(Exception):
    def __init__(
        self, status: int, code: str, message: str, message_en: str, *, field: str | None = None, detail: Any = None
    ) -> None:
        super().__init__(message_en)
        self.status = status
        self.body = {"code": code, "message": message, "message_en": message_en, "field": field, "detail": detail}


def not_found(what: str, what_en: str, field: str | None = None) -> ApiError:
    return ApiError(404, "not_found", f"{what} tidak ditemukan.", f"{what_en} not found.", field=field)


def bad_parameter(field: str, message: str, message_en: str, detail: Any = None) -> ApiError:
    return ApiError(400, "invalid_parameter", message, message_en, field=field, detail=detail)


def forbidden(message: str, message_en: str) -> ApiError:
    return ApiError(403, "forbidden", message, message_en)


# The error statuses an operation may answer with, for the OpenAPI document.
def responses(ok: dict[int, Any], *statuses: int) -> dict[int, Any]:
    out: dict[int, Any] = dict(ok)
    for status in (400, 401, 404, 429, *statuses):
        out[status] = Error
    return out
