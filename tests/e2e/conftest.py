"""Browser tests: a real Chromium (Debian's, never a downloaded one) driven by Playwright against
pytest-django's live server. Every test here is marked `e2e` and runs with a transactional
database, since the live server answers from another thread.

Screenshots of the pages visited land in tests/e2e/screenshots/ (git-ignored)."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from tests.conftest import PASSWORD

# Playwright's sync API runs an event loop in the main thread; the ORM calls the tests make next to
# it (fixtures, assertions on the database) are still synchronous, so Django must allow them.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).resolve().parent
SCREENSHOTS = HERE / "screenshots"
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)
            if item.get_closest_marker("django_db") is None:
                item.add_marker(pytest.mark.django_db(transaction=True))


def _install_chromium() -> None:
    """Install Debian's chromium once, even when several pytest processes ask at the same time."""
    lock_path = Path(tempfile.gettempdir()) / "satudata-e2e-chromium.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if CHROMIUM.exists():
                return
            env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
            subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
            subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=env)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(autouse=True)
def _site_language() -> Iterator[None]:
    """Labels read from the database in the test (get_status_display …) in the language the pages
    are served in: a test client request elsewhere in the run may leave English active here."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    if os.geteuid() == 0 and shutil.which("apt-get"):
        try:
            _install_chromium()
        except subprocess.CalledProcessError as exc:
            pytest.fail(f"Chromium tidak dapat dipasang dengan apt-get: {exc}")
        if CHROMIUM.exists():
            return CHROMIUM
        pytest.fail("apt-get install chromium selesai, tetapi /usr/bin/chromium tetap tidak ada.")
    message = "Chromium tidak ada: jalankan `sudo apt-get install chromium` untuk uji peramban"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (CI=true: uji peramban wajib berjalan).")
    pytest.skip(message)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    pw = sync_playwright().start()
    yield pw
    pw.stop()


@pytest.fixture(scope="session")
def browser(chromium_path: Path, playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(executable_path=str(chromium_path), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def new_context(browser: Browser) -> Iterator[Callable[[], BrowserContext]]:
    """A fresh browser context (own cookies: another person at another computer) per call."""
    contexts: list[BrowserContext] = []

    def make() -> BrowserContext:
        context = browser.new_context(locale="id-ID", accept_downloads=True, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def context(new_context: Callable[[], BrowserContext]) -> BrowserContext:
    return new_context()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def shot(request: pytest.FixtureRequest) -> Callable[[Page], Path]:
    """`shot(page)` saves tests/e2e/screenshots/<test-name>-<n>.png, n counting up per test."""
    SCREENSHOTS.mkdir(exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.name)
    for old in SCREENSHOTS.glob(f"{name}-*.png"):
        old.unlink()
    counter = iter(range(1, 1000))

    def take(page: Page) -> Path:
        path = SCREENSHOTS / f"{name}-{next(counter)}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def login(live_server: object, shot: Callable[[Page], Path]) -> Callable[[Page, str], None]:
    """`login(page, "alice")`: sign in through the login form."""
    base = live_server.url  # type: ignore[attr-defined]

    def do(page: Page, username: str) -> None:
        page.goto(f"{base}/accounts/login/")
        shot(page)
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.click("form[action$='/accounts/login/'] button")
        assert "/accounts/login/" not in page.url, f"{username} tidak dapat masuk: {page.url}"
        shot(page)

    return do
