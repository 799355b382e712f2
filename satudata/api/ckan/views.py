"""The HTTP side of the CKAN Action API (``ckan/views/api.py``): routes, request parsing, the
``{help, success, result}`` envelope, errors and JSONP.

Parameters come as CKAN reads them: a form-encoded POST (one form key holding JSON is accepted),
else the query string (all actions here are read actions, which CKAN lets GET call), else a JSON
body. A repeated query parameter becomes a list."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, QueryDict
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from satudata.api.auth import ANONYMOUS, Caller, InvalidToken, caller_for
from satudata.api.ckan.actions import ACTIONS, Context
from satudata.api.ckan.errors import ActionError, BadRequest, NotAuthorized
from satudata.api.ckan.params import Params

logger = logging.getLogger(__name__)

JSON_TYPE = "application/json;charset=utf-8"
# A JSONP callback must be a (dotted) JavaScript name: anything else could inject script.
_CALLBACK = re.compile(r"[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*")


def _json(body: object, status: int = 200) -> HttpResponse:
    return HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=JSON_TYPE)


def api_version(request: HttpRequest, ver: int = 1) -> HttpResponse:
    """``GET /api/3`` → ``{"version": 3}``; plain ``/api`` answers version 1, as CKAN does."""
    if ver not in (1, 2, 3):
        return _json(f"Bad request: API version {ver} not known", status=400)
    return _json({"version": ver})


def _mixed(params: QueryDict) -> dict[str, Any]:
    return {key: values if len(values) > 1 else values[0] for key, values in params.lists()}


def _decoded(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise BadRequest(f"JSON Error: Error decoding JSON data. Error: {exc}") from None


def request_data(request: HttpRequest) -> dict[str, Any]:
    # Read the body before the form: once Django has parsed a multipart form, the body is gone.
    body = request.body if request.method == "POST" else b""
    if request.method == "POST" and request.POST:
        values = list(request.POST.values())
        data = _decoded(next(iter(request.POST))) if len(values) == 1 and values[0] in ("1", "") else None
        data = data if data is not None else _mixed(request.POST)
    elif request.GET:
        data = _mixed(request.GET)
    elif body and request.content_type != "multipart/form-data":
        data = _decoded(body.decode("utf-8", errors="replace"))
    else:
        data = {}
    if not isinstance(data, dict):
        raise BadRequest(f"JSON Error: Request data JSON decoded to {data!r} but it needs to be a dictionary.")
    return data


def _caller(request: HttpRequest, jsonp: bool) -> Caller:
    # JSONP answers can be read by any web page that includes them: they are always anonymous,
    # as in CKAN, whatever token the request carries.
    if jsonp:
        return ANONYMOUS
    try:
        return caller_for(request)
    except InvalidToken:
        raise NotAuthorized("token API tidak dikenal, kedaluwarsa atau dicabut.") from None


def _respond(body: dict[str, object], status: int, callback: str | None) -> HttpResponse:
    if callback and status == 200:
        script = f"{callback}({json.dumps(body, ensure_ascii=False)});"
        return HttpResponse(script, content_type="application/javascript;charset=utf-8")
    return _json(body, status)


@csrf_exempt  # no session is read here (see satudata.api.auth): there is nothing to forge
def action(request: HttpRequest, name: str) -> HttpResponse:
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    function = ACTIONS.get(name)
    if function is None:
        return _json(f"Bad request: Action name not known: {name}", status=400)
    try:
        data = request_data(request)
    except BadRequest as exc:
        return _json(f"Bad request: {exc.text}", status=400)
    raw_callback = data.pop("callback", None)
    callback = raw_callback if isinstance(raw_callback, str) and _CALLBACK.fullmatch(raw_callback) else None
    help_url = request.build_absolute_uri(reverse("ckan:action", args=["help_show"]) + f"?name={name}")
    try:
        context = Context(
            caller=_caller(request, jsonp=raw_callback is not None),
            site=request.build_absolute_uri("/").rstrip("/"),
            current_url=request.get_full_path(),
        )
        result = function(context, Params(data))
    except ActionError as exc:
        return _json({"help": help_url, "success": False, "error": exc.error_body()}, status=exc.status)
    except Exception:
        logger.exception("CKAN action %s failed", name)
        error = ActionError()
        return _json({"help": help_url, "success": False, "error": error.error_body()}, status=error.status)
    return _respond({"help": help_url, "success": True, "result": result}, 200,
                    callback if request.method == "GET" else None)  # fmt: skip
