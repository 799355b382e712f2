"""The walidata's view of the cycle: the 22 steps of the SOP with their due dates and status."""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from satudata.planning.models import Cycle, StepStatus

DATE = re.compile(r"^\d{2}-\d{2}-\d{4}$")


def test_walidata_sees_the_22_steps_with_due_dates_and_status(
    page: Page, live_server: Any, cycle: Cycle, login: Callable[[Page, str], None], shot: Callable[[Page], Path]
) -> None:
    login(page, "wali")
    page.goto(f"{live_server.url}/kelola/siklus/2026/")
    shot(page)
    expect(page.locator("h1")).to_contain_text("Siklus 2026")
    rows = page.locator("#steps tr[data-step]")
    expect(rows).to_have_count(22)

    stored = {cs.number: cs for cs in cycle.steps.all()}
    assert len(stored) == 22
    for index in range(22):
        row = rows.nth(index)
        number = int(row.get_attribute("data-step") or 0)
        assert number == index + 1
        cells = row.locator("td")
        due = cells.nth(5).inner_text().strip()
        assert DATE.match(due), f"langkah {number}: tenggat {due!r}"
        assert due == stored[number].due_date.strftime("%d-%m-%Y")
        badge = cells.nth(6).locator(".badge")
        expect(badge).to_have_count(1)
        label = badge.inner_text().strip()
        assert label in {str(choice) for choice in StepStatus.labels}, f"langkah {number}: status {label!r}"
        assert label == stored[number].get_status_display()
    # Step 1 runs 05-01-2026 … 19-01-2026.
    expect(rows.first.locator("td").nth(4)).to_have_text("05-01-2026")
    expect(rows.first.locator("td").nth(5)).to_have_text("19-01-2026")
