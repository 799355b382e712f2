"""The iCalendar feed, parsed here by hand (RFC 5545): CRLF line ends, lines folded at 75 octets
without cutting a UTF-8 character, escaped text, one all-day event per entry with a stable UID."""

from __future__ import annotations

import datetime as dt
import re

from django.test import Client

from satudata.accounts.models import User
from satudata.datasets.models import Dataset
from satudata.schedule.actions import do_reschedule
from satudata.schedule.ical import escape_text, fold
from satudata.schedule.models import ReleaseSchedule
from tests.schedule.conftest import released, schedule


def unfold(body: bytes) -> list[str]:
    text = body.decode("utf-8")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")  # no bare LF
    return text[:-2].replace("\r\n ", "").split("\r\n")


def unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m[1] in "nN" else m[1], value)


def events(lines: list[str]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for line in lines:
        if line == "BEGIN:VEVENT":
            out.append({})
        elif out and line != "END:VEVENT" and "END:VEVENT" not in out[-1]:
            name, _, value = line.partition(":")
            out[-1][name] = value
    return out


def test_the_feed_is_a_calendar_of_all_day_events(dinkes_dataset: Dataset, dispendik_dataset: Dataset) -> None:
    Dataset.objects.filter(pk=dinkes_dataset.pk).update(
        title="Jumlah Puskesmas, Pustu; dan Posyandu \\ Kecamatan — data sangat panjang untuk dilipat per baris"
    )
    entry = schedule(dinkes_dataset, "2025", dt.date(2026, 3, 31))
    released(dinkes_dataset, "2025", dt.date(2026, 4, 2))
    schedule(dispendik_dataset, "2026", dt.date(2026, 12, 31))
    response = Client().get("/releases.ics")
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content
    physical = body.split(b"\r\n")[:-1]
    assert max(len(line) for line in physical) <= 75
    assert any(line.startswith(b" ") for line in physical)  # something was folded
    for line in physical:
        line.decode("utf-8")  # every physical line is whole UTF-8: no character cut in two
    lines = unfold(body)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert {"VERSION:2.0", "CALSCALE:GREGORIAN"} <= set(lines)
    assert any(line.startswith("PRODID:") for line in lines)
    assert "X-WR-CALNAME:Jadwal Rilis Satu Data Kabupaten Pasuruan" in lines
    first, second = events(lines)
    assert first["UID"] == f"schedule-{entry.pk}@127.0.0.1"
    assert first["DTSTART;VALUE=DATE"] == "20260331" and first["DTEND;VALUE=DATE"] == "20260401"
    assert re.fullmatch(r"\d{8}T\d{6}Z", first["DTSTAMP"])
    assert first["SUMMARY"] == (
        "Rilis: Jumlah Puskesmas\\, Pustu\\; dan Posyandu \\\\ Kecamatan — data sangat panjang untuk dilipat per baris (2025)"
    )
    description = unescape(first["DESCRIPTION"]).split("\n")
    assert "Tanggal rilis rencana: 2026-03-31" in description and "Tanggal terbit: 2026-04-02" in description
    assert "Status: Terlambat" in description and "Produsen Data: Dinas Kesehatan" in description
    assert first["URL"] == f"http://127.0.0.1:8000/dataset/{dinkes_dataset.slug}/"
    assert second["DTSTART;VALUE=DATE"] == "20261231" and second["DTEND;VALUE=DATE"] == "20270101"


def test_the_uid_stays_when_an_entry_is_rescheduled(entry: ReleaseSchedule, people: dict[str, User]) -> None:
    ReleaseSchedule.objects.filter(pk=entry.pk).update(updated=entry.updated - dt.timedelta(days=1))
    before = events(unfold(Client().get("/releases.ics").content))
    do_reschedule(schedule=entry, planned_date=dt.date(2027, 5, 2), reason="Survei mundur", acting_user=people["wali"])
    after = events(unfold(Client().get("/releases.ics").content))
    assert after[0]["DTSTAMP"] > before[0]["DTSTAMP"]  # clients see that the event changed
    assert before[0]["UID"] == after[0]["UID"] == f"schedule-{entry.pk}@127.0.0.1"
    assert after[0]["DTSTART;VALUE=DATE"] == "20270502"
    assert (before[0]["SEQUENCE"], after[0]["SEQUENCE"]) == ("0", "1")
    assert after[0]["LAST-MODIFIED"] > before[0]["LAST-MODIFIED"]


def test_the_feed_filters_by_opd(entry: ReleaseSchedule, dispendik_dataset: Dataset) -> None:
    other = schedule(dispendik_dataset, "2026", dt.date(2026, 12, 31))
    lines = unfold(Client().get("/releases.ics?opd=dispendik").content)
    assert [e["UID"] for e in events(lines)] == [f"schedule-{other.pk}@127.0.0.1"]
    assert "X-WR-CALNAME:Jadwal Rilis Satu Data Kabupaten Pasuruan · Dispendik" in lines
    assert len(events(unfold(Client().get("/releases.ics").content))) == 2


def test_escaping_and_folding() -> None:
    assert escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"
    assert escape_text("a\x0bb\x00c\td") == "abc\td"  # control characters other than tab are dropped
    line = "SUMMARY:" + "é" * 100  # two octets each
    folded = fold(line).encode()
    parts = folded.split(b"\r\n")
    # 8 + 33×2 = 74 (one more é would make 76); then a space and 37×2; then the rest.
    assert [len(p) for p in parts] == [74, 75, 61]
    assert all(p.startswith(b" ") for p in parts[1:])
    assert b"".join([parts[0], *[p[1:] for p in parts[1:]]]).decode() == line
    assert fold("SHORT:x") == "SHORT:x"
