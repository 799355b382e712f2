"""Periods as the portal writes them ("2025", "2025-S1", "2025-Q3", "2025-03") and the periods a
dataset's update frequency gives for a year."""

from __future__ import annotations

import datetime as dt
import re

from satudata.planning.models import JadwalPemutakhiran

# What `satudata.datasets.forms.PeriodField` accepts (TW is the Indonesian quarter, triwulan).
PERIOD_RE = re.compile(r"\d{4}(-(S[12]|Q[1-4]|TW[1-4]|\d{2}))?")


def _month_end(year: int, month: int) -> dt.date:
    first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - dt.timedelta(days=1)


def period_end(period: str) -> dt.date | None:
    """The last day a period covers, or None for a text that is not a period."""
    if not PERIOD_RE.fullmatch(period):
        return None
    year, _, part = period.partition("-")
    y = int(year)
    if not part:
        return dt.date(y, 12, 31)
    if part.startswith("S"):
        return _month_end(y, 6 * int(part[1]))
    if part.startswith(("Q", "TW")):
        return _month_end(y, 3 * int(part[-1]))
    month = int(part)
    return _month_end(y, month) if 1 <= month <= 12 else None


def frequency_periods(frequency: str, year: int) -> list[str]:
    """The periods of one year for an update frequency; empty for a frequency that has no fixed
    periods (daily, weekly, incidental)."""
    if frequency == JadwalPemutakhiran.TAHUNAN:
        return [str(year)]
    if frequency == JadwalPemutakhiran.SEMESTERAN:
        return [f"{year}-S{n}" for n in (1, 2)]
    if frequency == JadwalPemutakhiran.TRIWULANAN:
        return [f"{year}-Q{n}" for n in range(1, 5)]
    if frequency == JadwalPemutakhiran.BULANAN:
        return [f"{year}-{m:02d}" for m in range(1, 13)]
    return []


def next_period(period: str) -> str | None:
    """The period after this one at the same frequency ("2025" → "2026", "2025-S2" → "2026-S1")."""
    if not PERIOD_RE.fullmatch(period):
        return None
    year, _, part = period.partition("-")
    y = int(year)
    if not part:
        return str(y + 1)
    prefix = part.rstrip("0123456789")
    n = int(part[len(prefix) :])
    last = {"S": 2, "Q": 4, "TW": 4, "": 12}[prefix]
    if n >= last:
        return f"{y + 1}-{prefix}{1:0{2 if not prefix else 1}d}"
    return f"{y}-{prefix}{n + 1:0{2 if not prefix else 1}d}"
