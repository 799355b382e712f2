"""The news editor in a real Chromium: the toolbar formats text, the hidden textarea follows, and
what is saved is the sanitised HTML. Without JavaScript the plain textarea stays."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page

from satudata.publications.models import NewsPost
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("form[action$='/accounts/login/'] button")
    assert "/accounts/login/" not in page.url


def test_the_toolbar_formats_and_the_saved_body_is_clean(
    live_server: Any,
    people: dict[str, Any],
    new_context: Callable[..., BrowserContext],
) -> None:
    page = new_context().new_page()
    log_in(page, live_server.url, "wali")
    page.goto(f"{live_server.url}/kelola/berita/baru/")
    assert page.locator("#id_body").is_hidden()
    area = page.locator(".editor-area")
    assert area.get_attribute("aria-labelledby") == "id_body-label"
    page.fill("#id_title", "Rilis data kesehatan")
    area.click()
    page.keyboard.type("Judul bagian")
    page.click("[data-command=h2]")
    assert page.locator("[data-command=h2]").get_attribute("aria-pressed") == "true"
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.click("[data-command=p]")
    page.keyboard.type("Teks ")
    page.click("[data-command=bold]")
    page.keyboard.type("tebal")
    page.click("[data-command=bold]")
    page.keyboard.press("Enter")
    page.click("[data-command=ul]")
    page.keyboard.type("butir satu")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("BPS")
    page.keyboard.press("Shift+Home")
    page.once("dialog", lambda dialog: dialog.accept("https://bps.go.id"))
    page.click("[data-command=link]")
    synced = page.locator("#id_body").input_value()
    assert "<strong>tebal</strong>" in synced and "<b>" not in synced
    with page.expect_navigation():
        page.click("form button.btn-primary")
    post = NewsPost.objects.get()
    assert "<h2>Judul bagian</h2>" in post.body
    assert "<strong>tebal</strong>" in post.body
    assert "<ul><li>butir satu</li></ul>" in post.body
    assert '<a href="https://bps.go.id" rel="noopener">BPS</a>' in post.body


def test_the_html_view_and_pasted_markup_are_cleaned(
    live_server: Any,
    people: dict[str, Any],
    new_context: Callable[..., BrowserContext],
) -> None:
    page = new_context().new_page()
    log_in(page, live_server.url, "wali")
    page.goto(f"{live_server.url}/kelola/berita/baru/")
    page.fill("#id_title", "Sumber HTML")
    page.click("[data-command=source]")
    assert page.locator("#id_body").is_visible() and page.locator(".editor-area").is_hidden()
    page.fill("#id_body", '<p>Aman<img src=x onerror="window.pwned=1"></p><script>window.pwned=2</script>')
    page.click("[data-command=source]")  # back to the editor: the markup is cleaned before display
    assert page.locator(".editor-area").inner_html() == "<p>Aman</p>"
    assert page.evaluate("window.pwned") is None
    with page.expect_navigation():
        page.click("form button.btn-primary")
    assert NewsPost.objects.get().body == "<p>Aman</p>"


def test_without_javascript_the_textarea_takes_html(
    live_server: Any,
    people: dict[str, Any],
    browser: Any,
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server.url, "wali")
    page.goto(f"{live_server.url}/kelola/berita/baru/")
    assert page.locator("#id_body").is_visible() and page.locator(".editor-area").count() == 0
    page.fill("#id_title", "Tanpa JavaScript")
    page.fill("#id_body", "<p>Ditulis <em>langsung</em> dalam HTML.</p>")
    with page.expect_navigation():
        page.click("form button.btn-primary")
    assert NewsPost.objects.get().body == "<p>Ditulis <em>langsung</em> dalam HTML.</p>"
    context.close()
