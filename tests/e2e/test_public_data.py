"""A visitor finds a published dataset in the catalogue, reads its table and downloads it."""

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from satudata.accounts.models import Organization, User
from satudata.datasets import actions
from satudata.datasets.pipeline import import_rows
from satudata.reference.models import Wilayah
from tests.datasets.conftest import SCHEMA, population_rows


def test_visitor_searches_reads_and_downloads(
    page: Page, live_server: Any, pasuruan_wilayah: None, orgs: dict[str, Organization], people: dict[str, User],
    shot: Callable[[Page], Path],
) -> None:  # fmt: skip
    dataset = actions.do_create_dataset(organization_id=orgs["dinkes"].pk, title="Jumlah Penduduk menurut Kecamatan",
                                        schema=SCHEMA, acting_user=people["alice"])  # fmt: skip
    kecamatan = list(Wilayah.objects.filter(level="kecamatan", kode__startswith="35.14.").values_list("kode", "nama"))
    version = import_rows(dataset=dataset, rows=population_rows(kecamatan, 2024), period="2024",
                          acting_user=people["alice"]).version  # fmt: skip
    version = actions.do_submit_version(version=version, acting_user=people["alice"])
    version = actions.do_verify_version(version=version, acting_user=people["wali"])
    actions.do_publish_version(version=version, acting_user=people["wali"])

    page.goto(f"{live_server.url}/dataset/")
    page.get_by_label("Cari data").fill("pendud")
    page.get_by_role("button", name="Cari").click()
    expect(page.locator("#catalog")).to_contain_text("Jumlah Penduduk menurut Kecamatan")
    shot(page)
    page.locator("#catalog a").first.click()
    expect(page.locator("#data tbody tr")).to_have_count(25)
    page.get_by_role("link", name="Jumlah Penduduk (jiwa)").click()
    expect(page.locator("#data tbody tr").first).to_contain_text("35.14.01")
    page.get_by_role("link", name="Jumlah Penduduk (jiwa)").click()  # again: descending
    expect(page.locator("#data tbody tr").first).to_contain_text("Tosari")
    shot(page)
    with page.expect_download() as info:
        page.locator("#downloads").get_by_role("link", name="CSV", exact=True).click()
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    assert len(rows) == 49 and rows[1][:2] == ["35.14.01", "Purwodadi"]
