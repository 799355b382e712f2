"""An OPD officer makes an API token in the browser, copies it from the page, an OPD system uses it
to post a period's rows through the REST API (they land as a draft the officer then sees on the
web), the officer revokes it and the API refuses it. The token page has no serious or critical
WCAG 2.1 A/AA violation (axe-core)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from satudata.accounts.models import Organization, User
from satudata.api.models import ApiToken, ApiWrite
from satudata.datasets import actions
from satudata.datasets.models import DatasetVersion
from satudata.reference.models import Wilayah
from tests.datasets.conftest import SCHEMA, population_rows
from tests.e2e.test_accessibility import axe_violations


def api(base: str, method: str, path: str, token: str, body: Any = None) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{base}{path}", data=data, method=method, headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})  # fmt: skip
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_make_use_and_revoke_a_token(
    page: Page,
    live_server: Any,
    pasuruan_wilayah: None,
    orgs: dict[str, Organization],
    people: dict[str, User],
    login: Callable[[Page, str], None],
    shot: Callable[[Page], Path],
) -> None:
    dataset = actions.do_create_dataset(organization_id=orgs["dinkes"].pk, title="Jumlah Penduduk menurut Kecamatan",
                                        schema=SCHEMA, acting_user=people["alice"])  # fmt: skip
    login(page, "alice")
    if page.locator(".navbar-toggler").is_visible():  # a narrow window folds the menu
        page.click(".navbar-toggler")
    menu = page.locator("button.dropdown-toggle[title]")
    expect(menu).to_be_visible()
    page.wait_for_timeout(400)  # let the menu finish unfolding before opening the drop-down
    menu.click()
    link = page.locator("a.dropdown-item[href='/kelola/token-api/']")
    expect(link).to_be_visible()
    link.click()
    expect(page.locator("h1")).to_have_text("Token API")
    shot(page)
    serious = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert not serious, json.dumps(serious, indent=1, ensure_ascii=False)

    # A mistake first: no name. The page says which field, and nothing is made.
    page.click("text=Baca dan tulis")
    page.click("#token-form button")
    expect(page.locator("#form-errors")).to_contain_text("Nama token wajib diisi")
    assert not ApiToken.objects.exists()
    page.fill("#id_name", "Sinkronisasi SIMPUS")
    page.check(f"input[name=organizations][value='{orgs['dinkes'].pk}']")
    page.click("#token-form button")
    errors = page.locator("#form-errors")
    assert not errors.count(), errors.inner_text()
    expect(page.locator("h1")).to_have_text("Token API dibuat")
    shot(page)
    raw = page.input_value("#raw-token")
    assert raw.startswith("sd_")

    kecamatan = list(Wilayah.objects.filter(level="kecamatan", kode__startswith="35.14.").values_list("kode", "nama"))
    status, answer = api(live_server.url, "POST", f"/api/v1/datasets/{dataset.slug}/versions", raw,
                         {"period": "2024", "rows": population_rows(kecamatan, 2024)})  # fmt: skip
    assert status == 201 and answer["status"] == "draft" and answer["error_count"] == 0, answer
    version = DatasetVersion.objects.get(dataset=dataset)
    page.goto(f"{live_server.url}{version.get_absolute_url()}")
    expect(page.locator("main")).to_contain_text("48")
    shot(page)

    page.goto(f"{live_server.url}/kelola/token-api/")
    expect(page.locator("#tokens")).to_contain_text("Sinkronisasi SIMPUS")
    expect(page.locator("#tokens")).not_to_contain_text(raw)
    page.click("#tokens button:has-text('Cabut')")
    expect(page.locator(".alert-success")).to_contain_text("dicabut")
    expect(page.locator("#tokens")).to_contain_text("dicabut")
    shot(page)
    status, answer = api(live_server.url, "GET", "/api/v1/datasets", raw)
    assert status == 401 and answer["error"]["code"] == "invalid_token"
    assert ApiWrite.objects.filter(user=people["alice"], status_code=201).count() == 1

    # The officer's two calls are in the API log (the script's User-Agent is Python's urllib).
    page.goto(f"{live_server.url}/kelola/token-api/")
    page.click("a:has-text('Penggunaan API dan pemanenan')")
    expect(page.locator("h1")).to_contain_text("Penggunaan API dan pemanenan")
    rest = page.locator("#channel-rest td")
    expect(rest.nth(12)).to_have_text("2")  # after the 12 months: the total
    expect(rest.nth(13)).to_have_text("2")  # with a token
    expect(rest.nth(14)).to_have_text("1")  # refused: the revoked token
    expect(page.locator("#agents")).to_contain_text("Python-urllib")
    shot(page)
    serious = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert not serious, json.dumps(serious, indent=1, ensure_ascii=False)
