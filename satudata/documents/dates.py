import datetime as dt

MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember"]  # fmt: skip
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


def tanggal_panjang(date: dt.date) -> str:
    """23 November 2026 — official letters spell the month out, whatever the UI language."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def nama_hari(date: dt.date) -> str:
    return DAYS[date.weekday()]
