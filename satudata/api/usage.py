"""Counting the use of the machine interfaces: which channel (REST, CKAN, DCAT, Data Package,
JSON-stat), which client program, with or without a token, per day (model `ApiUsage`).

This is the portal's API and harvest log, the evidence of EPSS indicators 10301 (interoperability)
and 50302 (data shared with other portals): a walidata can show that Portal Satu Data Indonesia's
harvester read the catalogue, or that an OPD's system posts its data through the API.

Calls are counted in a buffer of the process and added to the database at most every
``SATUDATA_API_USAGE_FLUSH_SECONDS`` (0: at every call, as in the tests), so an API call does not
pay for a database write. What a process has not yet written when it is killed is lost: these are
usage figures, not an audit trail (writes have their own, `ApiWrite`, written with the call)."""

from __future__ import annotations

import atexit
import logging
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.db.models.functions import ExtractMonth
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from satudata.api.auth import raw_token
from satudata.api.models import ApiUsage, Channel
from satudata.api.ratelimit import is_api_path

log = logging.getLogger(__name__)

_DATASET_FORMAT = re.compile(r"^/dataset/[^/]+(\.(?P<ext>ttl|jsonld|rdf|jsonstat)|/datapackage\.json)$")
_PRODUCT = re.compile(r"[A-Za-z][A-Za-z0-9._+-]{0,59}")
BROWSER = "peramban"
NO_AGENT = "(tanpa User-Agent)"
_BROWSER_PRODUCTS = {"mozilla", "opera"}


def channel_of(path: str) -> Channel | None:
    """The interface a path belongs to, or None when it is not a machine interface."""
    if not is_api_path(path):
        return None
    if path.startswith("/api/v1/"):
        return Channel.REST
    if path.startswith("/api"):
        return Channel.CKAN
    if path.startswith("/catalog."):
        return Channel.DCAT
    match = _DATASET_FORMAT.match(path)
    if match is None:  # pragma: no cover - is_api_path() allows nothing else
        return None
    ext = match.group("ext")
    if ext is None:
        return Channel.DATAPACKAGE
    return Channel.JSONSTAT if ext == "jsonstat" else Channel.DCAT


def agent_of(user_agent: str) -> str:
    """The client program's name from its User-Agent, without its version: ``ckanapi/4.11 (+…)``
    → ``ckanapi``; every browser (``Mozilla/5.0 …``) → "peramban". Versions are dropped so that a
    year of use stays a few rows per program."""
    match = _PRODUCT.match(user_agent.strip())
    if match is None:
        return NO_AGENT
    name = match.group(0).split("/")[0]
    return BROWSER if name.lower() in _BROWSER_PRODUCTS else name


@dataclass(frozen=True)
class _Key:
    day: date
    channel: str
    agent: str
    with_token: bool


class _Buffer:
    """The counts of this process not yet in the database."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: Counter[_Key] = Counter()
        self.errors: Counter[_Key] = Counter()
        self.last_flush = time.monotonic()

    def add(self, key: _Key, *, error: bool) -> None:
        with self.lock:
            self.requests[key] += 1
            if error:
                self.errors[key] += 1
            due = time.monotonic() - self.last_flush >= settings.SATUDATA_API_USAGE_FLUSH_SECONDS
        if due:
            self.flush()

    def flush(self) -> None:
        with self.lock:
            requests, errors = self.requests, self.errors
            self.requests, self.errors = Counter(), Counter()
            self.last_flush = time.monotonic()
        if not requests:
            return
        try:
            _write(requests, errors)
        except Exception:
            # Counting must never break the API's answer, whatever fails; the lost figures are logged.
            log.exception("penggunaan API tidak tersimpan: %s permintaan", sum(requests.values()))


def _write(requests: Counter[_Key], errors: Counter[_Key]) -> None:
    for key, n in requests.items():
        fields = {"day": key.day, "channel": key.channel, "agent": key.agent, "with_token": key.with_token}
        bad = errors.get(key, 0)
        with transaction.atomic():
            updated = ApiUsage.objects.filter(**fields).update(requests=F("requests") + n, errors=F("errors") + bad)
            if updated:
                continue
            try:
                with transaction.atomic():
                    ApiUsage.objects.create(**fields, requests=n, errors=bad)
            except IntegrityError:  # another process made the row in between
                ApiUsage.objects.filter(**fields).update(requests=F("requests") + n, errors=F("errors") + bad)


_buffer = _Buffer()
atexit.register(_buffer.flush)


def record(request: HttpRequest, response: HttpResponse) -> None:
    channel = channel_of(request.path)
    if channel is None:
        return
    key = _Key(
        day=timezone.localdate(),
        channel=channel.value,
        agent=agent_of(request.headers.get("User-Agent", "")),
        with_token=bool(raw_token(request)),
    )
    _buffer.add(key, error=response.status_code >= 400)


def flush() -> None:
    """Write what this process has counted (the usage page calls it so its own figures are current)."""
    _buffer.flush()


class ApiUsageMiddleware:
    """Counts every answer of a machine interface, those refused by the rate limit included (so it
    sits before `RateLimitMiddleware`) and those served from the page cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        record(request, response)
        return response


# --- reading -------------------------------------------------------------------------------------


@dataclass
class ChannelTotal:
    channel: Channel
    requests: int = 0
    errors: int = 0
    with_token: int = 0
    by_month: list[int] = field(default_factory=lambda: [0] * 12)


@dataclass
class AgentTotal:
    agent: str
    channel: Channel
    requests: int


@dataclass
class YearUsage:
    year: int
    channels: list[ChannelTotal]
    agents: list[AgentTotal]

    @property
    def requests(self) -> int:
        return sum(c.requests for c in self.channels)

    @property
    def harvested(self) -> int:
        """Calls of the channels other portals harvest from (CKAN API and DCAT catalogue)."""
        return sum(c.requests for c in self.channels if c.channel in (Channel.CKAN, Channel.DCAT))

    def of(self, channel: Channel) -> ChannelTotal:
        return next(c for c in self.channels if c.channel == channel)


def year_usage(year: int, *, top: int = 20) -> YearUsage:
    """A year's use per channel (with the months) and the client programs that called most."""
    rows = ApiUsage.objects.filter(day__year=year)
    totals = {c: ChannelTotal(c) for c in Channel}
    monthly = rows.annotate(month=ExtractMonth("day")).values("channel", "month", "with_token")
    for row in monthly.annotate(n=Sum("requests"), bad=Sum("errors")).order_by():
        total = totals[Channel(row["channel"])]
        total.requests += row["n"]
        total.errors += row["bad"]
        total.by_month[row["month"] - 1] += row["n"]
        if row["with_token"]:
            total.with_token += row["n"]
    agents = [
        AgentTotal(agent=row["agent"], channel=Channel(row["channel"]), requests=row["n"])
        for row in rows.values("agent", "channel").annotate(n=Sum("requests")).order_by("-n", "agent", "channel")[:top]
    ]
    return YearUsage(year=year, channels=list(totals.values()), agents=agents)
