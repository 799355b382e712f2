"""The public page of Kabupaten Pasuruan's kode wilayah, and the language selector."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from satudata.reference.models import Wilayah


def test_public_wilayah_page_lists_24_kecamatan_and_switches_to_english(
    page: Page, live_server: Any, pasuruan_wilayah: None, shot: Callable[[Page], Path]
) -> None:
    kecamatan = list(Wilayah.objects.filter(parent_id="35.14").order_by("kode"))
    assert len(kecamatan) == 24
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    response = page.goto(f"{live_server.url}/wilayah/35.14/")
    shot(page)
    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("h1")).to_contain_text("Kabupaten Pasuruan")
    expect(page.locator("h1")).to_contain_text("35.14")
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(24)
    expect(rows.first.locator("code")).to_have_text(kecamatan[0].kode)
    expect(rows.first).to_contain_text(kecamatan[0].nama)
    expect(rows.last.locator("code")).to_have_text(kecamatan[-1].kode)
    expect(page.locator("main")).to_contain_text("24 wilayah")
    expect(page.locator(".breadcrumb")).to_contain_text("Jawa Timur")
    # Anonymous: no staff links, a login button.
    expect(page.get_by_role("link", name="Kelola")).to_have_count(0)
    expect(page.get_by_role("link", name="Masuk")).to_be_visible()

    language = page.locator("select[name=language]")
    expect(language).to_have_value("id")
    with page.expect_navigation():
        language.select_option("en")
    shot(page)
    assert page.url == f"{live_server.url}/wilayah/35.14/"
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("select[name=language]")).to_have_value("en")
    expect(page.locator("main table thead")).to_contain_text("Code")
    page.get_by_role("button", name="Reference").click()  # the navigation's reference menu
    expect(page.get_by_role("link", name="Region Codes")).to_be_visible()
    expect(page.locator("main table tbody tr")).to_have_count(24)

    # The choice sticks for the next page, and switching back works too.
    page.goto(f"{live_server.url}/wilayah/{kecamatan[0].kode}/")
    shot(page)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    with page.expect_navigation():
        page.locator("select[name=language]").select_option("id")
    shot(page)
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("main table thead")).to_contain_text("Kode")
    assert errors == []
