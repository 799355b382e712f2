"""The release calendar as iCalendar (RFC 5545), written by hand: one all-day VEVENT per schedule
entry on its planned date. Clients that subscribe (Google Calendar, Thunderbird, Outlook) match
events by UID, so a rescheduled release moves instead of appearing twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.urls import reverse
from django.utils.translation import gettext as _

from satudata.schedule.queries import ScheduleRow

CRLF = "\r\n"
MAX_OCTETS = 75


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, newlines as \\n."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")
    # Other control characters are not allowed in TEXT (only tab is).
    return "".join(ch for ch in value if ch == "\t" or (ord(ch) >= 0x20 and ord(ch) != 0x7F))


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets (§3.1): each continuation starts with a
    space, and no UTF-8 character is cut in two."""
    parts: list[str] = []
    current, size, limit = "", 0, MAX_OCTETS
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, MAX_OCTETS - 1  # the leading space takes one octet
        current += char
        size += width
    parts.append(current)
    return (CRLF + " ").join(parts)


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _event(row: ScheduleRow, *, host: str, site_url: str) -> list[str]:
    dataset = row.dataset
    entry = row.entry
    stamp = entry.updated
    published_at = getattr(entry, "first_published_at", None)
    if published_at is not None and published_at > stamp:
        stamp = published_at  # the status changed then
    description = "\n".join(
        [
            _("Produsen Data: %(org)s") % {"org": dataset.organization.name},
            _("Periode: %(period)s") % {"period": row.period},
            _("Tanggal rilis rencana: %(date)s") % {"date": row.planned.isoformat()},
            _("Tanggal terbit: %(date)s") % {"date": row.released.isoformat() if row.released else _("belum terbit")},
            _("Status: %(status)s") % {"status": row.status_label},
        ]
    )
    url = site_url + reverse("portal:dataset", args=[dataset.slug])
    return [
        "BEGIN:VEVENT",
        f"UID:schedule-{entry.pk}@{host}",
        f"DTSTAMP:{_utc(stamp)}",
        # Calendars that follow RFC 5545 strictly (Outlook) take a moved date only when these grow.
        f"LAST-MODIFIED:{_utc(entry.updated)}",
        f"SEQUENCE:{getattr(entry, 'reschedules', None) or 0}",
        f"DTSTART;VALUE=DATE:{row.planned:%Y%m%d}",
        f"DTEND;VALUE=DATE:{row.planned + dt.timedelta(days=1):%Y%m%d}",
        "SUMMARY:" + escape_text(_("Rilis: %(title)s (%(period)s)") % {"title": dataset.title, "period": row.period}),
        "DESCRIPTION:" + escape_text(description),
        f"URL:{url}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def calendar_feed(rows: Iterable[ScheduleRow], *, name: str, site_url: str) -> bytes:
    """The whole VCALENDAR, UTF-8 with CRLF line ends."""
    host = urlsplit(site_url).hostname or "localhost"
    lines = [
        "BEGIN:VCALENDAR",
        "PRODID:-//satudata//Jadwal Rilis//ID",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + escape_text(name),
    ]
    for row in rows:
        lines.extend(_event(row, host=host, site_url=site_url))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines).encode()
