"""Issue 5 as the issue checks it, in Chromium: a visitor searches "pendud", filters by OPD and
kecamatan level, opens a dataset, filters its table, switches the chart to the map, downloads CSV,
XLSX, JSON and HTML (each with the same rows); the release calendar shows a late release as late;
a restricted dataset's rows are never shown to the visitor, the request flow works end to end and
the personal link expires."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from python_calamine import CalamineWorkbook

from satudata.access.models import DataRequest
from satudata.accounts.models import Organization, User
from satudata.datasets import actions
from satudata.datasets.models import Dataset
from satudata.datasets.pipeline import import_rows
from satudata.reference.models import Wilayah
from satudata.schedule.actions import do_add_schedule
from tests.datasets.conftest import SCHEMA, population_rows

SECRET = 987654  # a count that appears only in the Terbatas dataset


def published(title: str, org: Organization, people: dict[str, User], years: tuple[int, ...], **fields: Any) -> Dataset:
    producer = people["alice"] if org.slug == "dinkes" else people["bob"]
    dataset = actions.do_create_dataset(organization_id=org.pk, title=title, schema=SCHEMA, acting_user=producer,
                                        **fields)  # fmt: skip
    kecamatan = list(Wilayah.objects.filter(level="kecamatan", kode__startswith="35.14.").values_list("kode", "nama"))
    for year in years:
        rows = population_rows(kecamatan, year)
        if fields.get("access_class") == "terbatas":
            rows[0]["jumlah_penduduk"] = SECRET
        version = import_rows(dataset=dataset, rows=rows, period=str(year), acting_user=producer).version
        version = actions.do_submit_version(version=version, acting_user=producer)
        version = actions.do_verify_version(version=version, acting_user=people["wali"])
        actions.do_publish_version(version=version, acting_user=people["wali"])
    dataset.refresh_from_db()
    return dataset


@pytest.fixture
def portal(pasuruan_wilayah: None, orgs: dict[str, Organization], people: dict[str, User]) -> dict[str, Dataset]:
    found = {
        "penduduk": published("Jumlah Penduduk menurut Kecamatan", orgs["dinkes"], people, (2023, 2024),
                              tingkat_penyajian="kecamatan", topic="demografi_dan_kependudukan"),
        "usia_sekolah": published("Penduduk Usia Sekolah", orgs["dispendik"], people, (2024,),
                                  tingkat_penyajian="kabupaten", topic="pendidikan_dan_pelatihan"),
        "disabilitas": published("Penyandang Disabilitas menurut Kecamatan", orgs["dinkes"], people, (2024,),
                                 tingkat_penyajian="kecamatan", access_class="terbatas"),
    }  # fmt: skip
    # Promised ten days ago, published today: late.
    today = dt.date.today()
    do_add_schedule(dataset=found["penduduk"], period="2024", planned_date=today - dt.timedelta(days=10),
                    acting_user=people["wali"])  # fmt: skip
    do_add_schedule(dataset=found["penduduk"], period="2025", planned_date=today + dt.timedelta(days=40),
                    acting_user=people["wali"])  # fmt: skip
    return found


def download(page: Page, name: str) -> Path:
    with page.expect_download() as info:
        page.locator("#downloads").get_by_role("link", name=name, exact=True).click()
    return Path(info.value.path())


def test_visitor_searches_filters_reads_charts_and_downloads(
    page: Page, live_server: Any, portal: dict[str, Dataset], shot: Callable[[Page], Path]
) -> None:
    page.goto(f"{live_server.url}/")
    shot(page)
    page.get_by_label("Cari data").fill("pendud")
    page.get_by_role("button", name="Cari").click()
    catalog = page.locator("#catalog")
    expect(catalog).to_contain_text("Jumlah Penduduk menurut Kecamatan")
    expect(catalog).to_contain_text("Penduduk Usia Sekolah")
    shot(page)

    page.locator("#facet-opd").get_by_role("link", name=re.compile("Dinas Kesehatan")).click()
    expect(page).to_have_url(re.compile(r"opd=dinkes"))
    expect(catalog).not_to_contain_text("Penduduk Usia Sekolah")
    page.locator("#facet-tingkat").get_by_role("link", name=re.compile("Kecamatan")).click()
    expect(page).to_have_url(re.compile(r"tingkat=kecamatan"))
    expect(page).to_have_url(re.compile(r"q=pendud"))
    expect(catalog).to_contain_text("Jumlah Penduduk menurut Kecamatan")
    shot(page)

    catalog.get_by_role("link", name="Jumlah Penduduk menurut Kecamatan").click()
    expect(page.locator("h1")).to_have_text("Jumlah Penduduk menurut Kecamatan")
    table = page.locator("#data tbody tr")
    expect(table).to_have_count(25)
    page.get_by_label("Saring Jenis Kelamin").fill("Perempuan")
    page.get_by_label("Saring Tahun").fill("2024")
    page.get_by_role("button", name="Saring").click()
    expect(table).to_have_count(24)
    for i in range(24):
        expect(table.nth(i)).to_contain_text("Perempuan")
    expect(page).to_have_url(re.compile(r"k\.jenis_kelamin=Perempuan"))
    shot(page)

    figure = page.locator("[data-chart]")
    expect(figure.locator("[data-chart-canvas] canvas")).to_have_count(1)
    page.get_by_label("Jenis grafik").select_option("peta")
    expect(figure).to_have_attribute("data-chart-kind", "peta")
    shot(page)

    rows: dict[str, list[list[str]]] = {}
    with download(page, "CSV").open(encoding="utf-8") as f:
        rows["csv"] = list(csv.reader(f))[1:]
    sheet = CalamineWorkbook.from_path(str(download(page, "XLSX"))).get_sheet_by_index(0).to_python()
    rows["xlsx"] = [[str(int(c) if isinstance(c, float) and c.is_integer() else c) for c in r] for r in sheet[1:]]
    rows["json"] = [[str(v) for v in obj.values()] for obj in json.loads(download(page, "JSON").read_text())]
    html = download(page, "HTML").read_text(encoding="utf-8")
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows["html"] = [re.findall(r"<td[^>]*>(.*?)</td>", tr) for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
    assert len(rows["csv"]) == 96  # 24 kecamatan × 2 sexes × 2 years
    for fmt in ("xlsx", "json", "html"):
        assert rows[fmt] == rows["csv"], fmt


def test_release_calendar_shows_a_late_release_as_late(
    page: Page, live_server: Any, portal: dict[str, Dataset], shot: Callable[[Page], Path]
) -> None:
    page.goto(f"{live_server.url}/releases/")
    shot(page)
    late = page.locator("tr", has_text="Jumlah Penduduk menurut Kecamatan").filter(has_text="2024")
    expect(late).to_contain_text("Terlambat")
    upcoming = page.locator("tr", has_text="Jumlah Penduduk menurut Kecamatan").filter(has_text="2025")
    expect(upcoming).to_contain_text("Belum")
    page.goto(f"{live_server.url}/dataset/{portal['penduduk'].slug}/")
    expect(page.locator("#timeliness")).to_contain_text("Terlambat")


def test_restricted_rows_stay_hidden_until_a_request_is_approved_and_the_link_expires(
    page: Page, live_server: Any, portal: dict[str, Dataset], new_context: Callable[[], BrowserContext],
    login: Callable[[Page, str], None], shot: Callable[[Page], Path],
) -> None:  # fmt: skip
    dataset = portal["disabilitas"]
    secret = f"{SECRET:,}".replace(",", ".")
    for url in ("/", "/dataset/", f"/dataset/{dataset.slug}/", "/dataset/?q=disabilitas", "/sitemap.xml"):
        page.goto(f"{live_server.url}{url}")
        assert str(SECRET) not in page.content() and secret not in page.content(), url
    for url in (f"/dataset/{dataset.slug}.csv", f"/dataset/{dataset.slug}/v1.json", f"/dataset/{dataset.slug}/tabel.csv",
                f"/dataset/{dataset.slug}/grafik.json"):  # fmt: skip
        response = page.request.get(f"{live_server.url}{url}")
        assert response.status == 404 and str(SECRET) not in response.text(), url

    page.goto(f"{live_server.url}/dataset/{dataset.slug}/")
    expect(page.locator("#data")).to_have_count(0)
    shot(page)
    page.get_by_role("link", name="Ajukan permintaan data").click()
    page.get_by_label("Nama lengkap").fill("Sri Wahyuni")
    page.get_by_label("Alamat e-mail").fill("sri@universitas.example")
    page.get_by_label("Instansi/lembaga").fill("Universitas Contoh")
    page.get_by_label("Tujuan penggunaan data").fill("Penelitian skripsi tentang layanan bagi penyandang disabilitas.")
    page.get_by_label("Periode data yang diminta").fill("2024")
    page.get_by_label(re.compile("Saya setuju")).check()
    shot(page)
    page.get_by_role("button", name="Kirim permintaan").click()
    reference = page.locator("#reference").inner_text()
    assert reference

    walidata = new_context().new_page()
    login(walidata, "wali")
    walidata.goto(f"{live_server.url}/kelola/permintaan-data/")
    walidata.get_by_role("link", name=re.compile(re.escape(reference))).click()
    walidata.get_by_label("Berlaku sampai").fill((dt.date.today() + dt.timedelta(days=7)).isoformat())
    walidata.get_by_role("button", name="Setujui dan kirim tautan").click()
    link = walidata.locator("#personal-link").input_value()
    shot(walidata)
    assert "/akses/" in link

    page.goto(link)
    shot(page)
    with page.expect_download() as info:
        page.locator("#downloads").get_by_role("link", name="CSV", exact=True).click()
    assert str(SECRET) in Path(info.value.path()).read_text(encoding="utf-8")

    # A week later the link has expired: the page says so and no format gives data.
    DataRequest.objects.filter(reference=reference).update(expires_at=dt.date.today() - dt.timedelta(days=1))
    page.goto(link)
    expect(page.locator("h1")).to_have_text("Tautan ini tidak berlaku lagi")
    shot(page)
    response = page.request.get(f"{link.rstrip('/')}/csv")
    assert response.status in (404, 410) and str(SECRET) not in response.text()
