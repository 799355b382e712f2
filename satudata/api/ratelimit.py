"""Rate limits for the machine interfaces: per IP address for anonymous callers, per token for
token callers, in fixed windows counted in the shared cache.

Every answer carries the limit in the headers of the IETF draft "RateLimit header fields for
HTTP" (``RateLimit-Limit``, ``RateLimit-Remaining``, ``RateLimit-Reset`` in seconds, and
``RateLimit-Policy``); a caller over the limit gets 429 with ``Retry-After``. The limits are the
settings ``SATUDATA_API_RATE_ANON`` and ``SATUDATA_API_RATE_TOKEN`` (calls per window of
``SATUDATA_API_RATE_WINDOW`` seconds; 0 turns a limit off).

The count is approximate when several processes share a file cache (its increments are not
atomic across processes); a Redis or Memcached cache makes it exact. A limit that lets a few extra
calls through under load is acceptable here: it protects the server, it does not bill anyone."""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from satudata.api.auth import InvalidToken, caller_for

# What counts as an API call: the APIs, the DCAT catalogue and each dataset's machine formats.
_MACHINE_PATH = re.compile(
    r"^/(api/|catalog\.(ttl|jsonld|rdf)$|dataset/[^/]+(\.(ttl|jsonld|rdf|jsonstat)|/datapackage\.json)$)"
)


def is_api_path(path: str) -> bool:
    return bool(_MACHINE_PATH.match(path))


def client_ip(request: HttpRequest) -> str:
    """The caller's address. Behind the site's own HTTPS proxy the proxy's address is the same for
    everyone, so the address it appended to X-Forwarded-For (the last one) is used."""
    if settings.SATUDATA_BEHIND_HTTPS_PROXY:
        forwarded = request.headers.get("X-Forwarded-For", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    return str(request.META.get("REMOTE_ADDR") or "unknown")


@dataclass(frozen=True)
class Decision:
    limit: int
    remaining: int
    reset: int  # seconds until the window ends
    window: int

    @property
    def allowed(self) -> bool:
        return self.remaining >= 0

    def headers(self) -> dict[str, str]:
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(max(self.remaining, 0)),
            "RateLimit-Reset": str(self.reset),
            "RateLimit-Policy": f"{self.limit};w={self.window}",
        }


def hit(identity: str, limit: int, window: int, now: float | None = None) -> Decision:
    """Count one call of ``identity`` in the current window."""
    now = time.time() if now is None else now
    start = int(now // window) * window
    key = f"ratelimit:{identity}:{start}"
    # add() is atomic where the cache is (locmem, Redis, Memcached); incr() then counts.
    if cache.add(key, 1, timeout=window + 1):
        used = 1
    else:
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=window + 1)
            used = 1
    return Decision(limit=limit, remaining=limit - used, reset=max(1, int(start + window - now)), window=window)


def identity_and_limit(request: HttpRequest) -> tuple[str, int]:
    try:
        caller = caller_for(request)
    except InvalidToken:
        caller = None  # a bad token is counted against the address; the API answers it
    if caller is not None and caller.token is not None:
        return f"token:{caller.token.pk}", settings.SATUDATA_API_RATE_TOKEN
    ip_hash = hashlib.sha256(client_ip(request).encode()).hexdigest()[:24]
    return f"ip:{ip_hash}", settings.SATUDATA_API_RATE_ANON


def too_many(decision: Decision) -> HttpResponse:
    body = {
        "error": {
            "code": "rate_limited",
            "message": f"Terlalu banyak permintaan: batasnya {decision.limit} per {decision.window} detik. "
            f"Coba lagi dalam {decision.reset} detik.",
            "message_en": f"Too many requests: the limit is {decision.limit} per {decision.window} seconds. "
            f"Try again in {decision.reset} seconds.",
        }
    }
    response = HttpResponse(json.dumps(body), status=429, content_type="application/json")
    response["Retry-After"] = str(decision.reset)
    return response


class RateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_api_path(request.path):
            return self.get_response(request)
        identity, limit = identity_and_limit(request)
        if limit <= 0:
            return self.get_response(request)
        decision = hit(identity, limit, settings.SATUDATA_API_RATE_WINDOW)
        response = too_many(decision) if not decision.allowed else self.get_response(request)
        for name, value in decision.headers().items():
            response[name] = value
        return response
