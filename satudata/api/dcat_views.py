"""The DCAT-AP 3 catalogue as ckanext-dcat serves it: ``/catalog.<fmt>`` in pages of 100 datasets
and ``/dataset/<slug>.<fmt>`` for one dataset, in Turtle, JSON-LD and RDF/XML. Anonymous, read-only,
and limited like every machine interface (``satudata.api.ratelimit``)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from satudata.api import dcat

# The catalogue changes only when something is published or edited: five minutes, as the
# current-release downloads.
CACHE_CONTROL = "public, max-age=300"


class BadParameter(ValueError):
    """A query parameter that cannot be used; the message is Indonesian, for the caller."""


@require_safe
def catalog(request: HttpRequest, fmt: str) -> HttpResponse:
    try:
        number = parse_page(request.GET.get("page", ""))
        since = parse_modified_since(request.GET.get("modified_since", ""))
    except BadParameter as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    page = dcat.catalogue_page(number, modified_since=since)
    site = dcat.Site(request.build_absolute_uri("/"))
    graph = dcat.catalogue_graph(site, page, _page_url(request, since))
    return _rdf_response(dcat.serialize(graph, fmt), fmt)


@require_safe
def dataset(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    entry = dcat.catalogued_entry(slug)
    if entry is None:
        raise Http404
    site = dcat.Site(request.build_absolute_uri("/"))
    return _rdf_response(dcat.serialize(dcat.dataset_graph(site, entry), fmt), fmt)


def _rdf_response(body: bytes, fmt: str) -> HttpResponse:
    _rdflib_format, media_type = dcat.FORMATS[fmt]
    response = HttpResponse(body, content_type=media_type)
    response["Cache-Control"] = CACHE_CONTROL
    return response


def _page_url(request: HttpRequest, since: dt.datetime | None) -> Callable[[int], str]:
    """Page links keep the filter the caller asked for (as given) and change the page only."""
    base = request.build_absolute_uri(request.path)
    keep = {"modified_since": request.GET["modified_since"]} if since is not None else {}

    def url(number: int) -> str:
        return f"{base}?{urlencode({**keep, 'page': number})}"

    return url


_PAGE = re.compile(r"[0-9]{1,9}")


def parse_page(text: str) -> int:
    """``page``: a whole number from 1; absent or empty is 1 (as ckanext-dcat)."""
    text = text.strip()
    if not text:
        return 1
    if not _PAGE.fullmatch(text) or int(text) < 1:
        raise BadParameter(f"Parameter page harus bilangan bulat mulai 1 (diterima: “{text[:50]}”).")
    return int(text)


# A "+" of a time zone that was not percent-encoded arrives as a space.
_UNENCODED_PLUS = re.compile(r"(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$")


def parse_modified_since(text: str) -> dt.datetime | None:
    """``modified_since``: an ISO 8601 date (2024-05-01) or date and time (2024-05-01T08:00:00,
    with ``Z`` or an offset such as +07:00). Without a time zone it is the portal's (WIB)."""
    text = _UNENCODED_PLUS.sub(r"\1+\2", text.strip())
    if not text:
        return None
    try:
        if len(text) == 10:
            value = dt.datetime.combine(dt.date.fromisoformat(text), dt.time())
        else:
            value = dt.datetime.fromisoformat(text)
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        raise BadParameter(
            "Parameter modified_since harus tanggal ISO 8601, misalnya 2024-05-01 atau "
            f"2024-05-01T08:00:00+07:00 (diterima: “{text[:50]}”)."
        ) from None
