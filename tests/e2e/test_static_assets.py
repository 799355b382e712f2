"""Every page pulls Bootstrap, htmx and the site stylesheet (and any image) from /static/ (these live in
satudata/static/, which only STATICFILES_DIRS makes the static finders see)."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, Response


def test_pages_load_their_stylesheets_scripts_and_emblem(
    page: Page, live_server: Any, shot: Callable[[Page], Path]
) -> None:
    loaded: list[str] = []
    failed: list[str] = []

    def check(response: Response) -> None:
        if "/static/" in response.url:
            (loaded if response.status == 200 else failed).append(f"{response.status} {response.url}")

    page.on("response", check)
    page.goto(f"{live_server.url}/accounts/login/", wait_until="load")
    shot(page)
    assert failed == []
    names = {url.rsplit("/", 1)[-1] for url in loaded}
    assert {"bootstrap.min.css", "site.css", "bootstrap.bundle.min.js", "htmx.min.js"} <= names
    # Bootstrap is applied: the navbar is a flex container.
    assert page.locator("nav.navbar").evaluate("el => getComputedStyle(el).display") == "flex"
