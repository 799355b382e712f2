"""Who lands where: anonymous visitors are sent to the login page; a producer never sees another
OPD's draft, neither by its address nor in the list."""

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from playwright.sync_api import Page, expect

from satudata.accounts.models import Organization, User
from satudata.planning.models import Cycle, DaftarDataItem, ItemStatus


@pytest.mark.parametrize("path", ["/kelola/", "/kelola/siklus/2026/"])
def test_anonymous_visitor_is_sent_to_the_login_page(
    page: Page, live_server: Any, cycle: Cycle, shot: Callable[[Page], Path], path: str
) -> None:
    page.goto(f"{live_server.url}{path}")
    shot(page)
    assert "/accounts/login/?next=" in page.url
    assert unquote(page.url.split("next=", 1)[1]) == path
    expect(page.locator("#id_username")).to_be_visible()
    expect(page.locator("#id_password")).to_be_visible()
    expect(page.locator("h1")).to_have_text("Masuk ke Satu Data")


def test_a_producer_cannot_see_another_opds_draft(
    page: Page,
    live_server: Any,
    people: dict[str, User],
    orgs: dict[str, Organization],
    make_item: Callable[..., DaftarDataItem],
    login: Callable[[Page, str], None],
    shot: Callable[[Page], Path],
) -> None:
    draft = make_item(people["alice"], orgs["dinkes"], nama_data="Cakupan Imunisasi Rahasia")
    own = make_item(people["bob"], orgs["dispendik"], nama_data="Angka Partisipasi Sekolah")
    assert draft.status == ItemStatus.DRAFT

    login(page, "bob")
    response = page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    shot(page)
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Halaman tidak ditemukan (404)")
    expect(page.locator("body")).not_to_contain_text("Cakupan Imunisasi Rahasia")

    page.goto(f"{live_server.url}/kelola/siklus/2026/daftar-data/")
    shot(page)
    table = page.locator("#items")
    expect(table).to_contain_text("Angka Partisipasi Sekolah")
    expect(table).to_contain_text(own.id_ddd)
    expect(table).not_to_contain_text("Cakupan Imunisasi Rahasia")
    expect(table).not_to_contain_text(draft.id_ddd)
    expect(table.locator("tbody tr")).to_have_count(1)
    # Nor can the search find it.
    page.goto(f"{live_server.url}/kelola/siklus/2026/daftar-data/?q=Imunisasi")
    shot(page)
    expect(page.locator("#items tbody")).to_contain_text("Tidak ada butir.")
