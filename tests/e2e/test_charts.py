"""A visitor reads a published dataset as a chart, switches to the kecamatan map and downloads it."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from satudata.accounts.models import Organization, User
from satudata.datasets import actions
from satudata.datasets.pipeline import import_rows
from satudata.reference.models import Wilayah
from tests.datasets.conftest import SCHEMA, population_rows


def test_visitor_draws_a_chart_switches_to_the_map_and_downloads_a_png(
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
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(f"{live_server.url}/dataset/{dataset.slug}/")
    figure = page.locator("[data-chart]")
    expect(figure).to_have_attribute("data-chart-kind", "batang")  # one year, keyed by kecamatan
    canvas = figure.locator("[data-chart-canvas]")
    expect(canvas.locator("canvas")).to_have_count(1)
    expect(canvas).to_have_attribute("role", "img")
    expect(canvas).to_have_attribute("aria-label", "Grafik batang: Jumlah Penduduk (jiwa) menurut Kecamatan, 2024. "
                                     "Tertinggi Tosari (2.461), terendah Purwodadi (2.001).")  # fmt: skip
    expect(figure.locator("[data-chart-table] tbody tr")).to_have_count(24)
    shot(page)

    page.get_by_label("Jenis grafik").select_option("peta")
    expect(figure).to_have_attribute("data-chart-kind", "peta")
    expect(figure.get_by_role("link", name="Unduh CSV")).to_have_attribute("href", f"/dataset/{dataset.slug}/grafik.csv?jenis=peta&ukuran=jumlah_penduduk&menurut=kode_kecamatan&periode=2024")  # fmt: skip
    assert "jenis=peta" in page.url  # a reload or a shared link shows the map again
    figure.scroll_into_view_if_needed()
    screenshot = shot(page)

    with page.expect_download() as info:
        figure.get_by_role("button", name="Unduh PNG").click()
    download = info.value
    png = Path(download.path()).read_bytes()
    assert download.suggested_filename == f"{dataset.slug}-peta.png"
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
    download.save_as(screenshot.with_name(screenshot.stem + "-unduhan.png"))  # next to the screenshots, to look at

    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.get_by_label("Jenis grafik").select_option("pai")
    expect(figure).to_have_attribute("data-chart-kind", "pai")
    width = canvas.evaluate("el => el.querySelector('canvas').getBoundingClientRect().width")
    assert 300 < width <= 390
    shot(page)
    assert errors == []
