"""WCAG 2.1 AA on the public pages, checked in Chromium with axe-core (vendored from npm beside
these tests, see frontend/copy.mjs): no serious or critical violation on the home page, the
catalogue, a dataset page, the release calendar and the other public lists."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from satudata.accounts.models import Organization, User
from satudata.datasets import actions
from satudata.datasets.models import Dataset
from satudata.datasets.pipeline import import_rows
from satudata.reference.models import Wilayah
from satudata.schedule.actions import do_add_schedule
from tests.datasets.conftest import SCHEMA, population_rows

VENDOR = Path(__file__).parent / "vendor"
AXE = VENDOR / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def test_vendored_axe_matches_its_manifest() -> None:
    manifest = json.loads((VENDOR / "manifest.json").read_text())
    for entry in manifest:
        assert hashlib.sha256((VENDOR / entry["file"]).read_bytes()).hexdigest() == entry["sha256"], entry["file"]
    assert manifest[0]["package"] == "axe-core" and manifest[0]["license"] == "MPL-2.0"


@pytest.fixture
def published(pasuruan_wilayah: None, orgs: dict[str, Organization], people: dict[str, User]) -> Dataset:
    dataset = actions.do_create_dataset(organization_id=orgs["dinkes"].pk, title="Jumlah Penduduk menurut Kecamatan",
                                        schema=SCHEMA, acting_user=people["alice"], topic="demografi_dan_kependudukan",
                                        tingkat_penyajian="kecamatan")  # fmt: skip
    kecamatan = list(Wilayah.objects.filter(level="kecamatan", kode__startswith="35.14.").values_list("kode", "nama"))
    for year in (2023, 2024):
        version = import_rows(dataset=dataset, rows=population_rows(kecamatan, year), period=str(year),
                              acting_user=people["alice"]).version  # fmt: skip
        version = actions.do_submit_version(version=version, acting_user=people["alice"])
        version = actions.do_verify_version(version=version, acting_user=people["wali"])
        actions.do_publish_version(version=version, acting_user=people["wali"])
    today = dt.date.today()
    do_add_schedule(
        dataset=dataset, period="2024", planned_date=today - dt.timedelta(days=30), acting_user=people["wali"]
    )
    do_add_schedule(
        dataset=dataset, period="2025", planned_date=today + dt.timedelta(days=60), acting_user=people["wali"]
    )
    return dataset


def axe_violations(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/dataset/",
        "/dataset/?q=pendud&tingkat=kecamatan",
        "/dataset/{slug}/",
        "/releases/",
        "/organization/",
        "/organization/dinkes/",
        "/topik/",
        "/publikasi/",
        "/berita/",
        "/panduan-data/",
    ],
)
def test_no_serious_or_critical_violations(
    page: Page, live_server: Any, published: Dataset, shot: Callable[[Page], Path], path: str
) -> None:
    page.goto(f"{live_server.url}{path.format(slug=published.slug)}")
    page.wait_for_load_state("networkidle")
    shot(page)
    violations = axe_violations(page)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, json.dumps(serious, indent=1, ensure_ascii=False)


def test_the_check_finds_a_planted_violation(page: Page, live_server: Any, published: Dataset) -> None:
    """The check above can fail: an image without alt text and an unlabelled input are found."""
    page.goto(f"{live_server.url}/")
    page.evaluate(
        """() => { const main = document.querySelector('main');
                   main.insertAdjacentHTML('beforeend', '<img src="/logo"><input type="text">'); }"""
    )
    ids = {v["id"] for v in axe_violations(page) if v["impact"] in ("serious", "critical")}
    assert {"image-alt", "label"} <= ids
