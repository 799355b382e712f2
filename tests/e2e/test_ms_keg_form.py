"""A producer fills MS-Keg in the browser: records a survey, saves a block, is refused a
contradiction with the item named, fixes it, and sees the block's completeness change."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from satudata.accounts.models import Organization
from satudata.metadata.models import StatisticalActivity
from satudata.planning.models import Cycle


def test_ms_keg_block_v_in_the_browser(
    page: Page, live_server: Any, cycle: Cycle, orgs: dict[str, Organization],
    login: Callable[[Page, str], None], shot: Callable[[Page], Path],
) -> None:  # fmt: skip
    login(page, "alice")
    page.goto(f"{live_server.url}/kelola/siklus/2026/kegiatan/")
    page.get_by_role("link", name="Catat kegiatan").click()
    page.fill("#id_title", "Survei Status Gizi Balita Kabupaten Pasuruan")
    page.select_option("#id_cara_pengumpulan", "survei")
    page.select_option("#id_sektor", "kesehatan")
    page.select_option("#id_rekomendasi", "tidak")
    shot(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan").click()
    shot(page)
    activity = StatisticalActivity.objects.get()
    assert activity.organization == orgs["dinkes"]
    expect(page.locator("#activity-status")).to_have_text("Draf")
    expect(page.locator("#blocks")).to_contain_text("Blok V. Desain Sampel")

    page.locator("#blocks").get_by_text("Blok V. Desain Sampel").click()
    page.select_option("#id_metode_pemilihan_sampel", "sampel_nonprobabilitas")
    page.select_option("#id_metode_sampel", "purposive_sampling")
    page.fill("#id_sampling_error", "RSE 5%")
    page.get_by_role("button", name="Simpan").click()
    shot(page)
    expect(page.locator(".invalid-feedback").first).to_contain_text(
        "5.6 Nilai Perkiraan Sampling Error Variabel Utama: harus kosong"
    )
    activity.refresh_from_db()
    assert activity.sampling_error == ""  # nothing saved

    page.fill("#id_sampling_error", "")
    page.fill("#id_unit_sampel", "Rumah tangga")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan").click()
    shot(page)
    expect(page.locator(".alert-success")).to_contain_text("Blok V. Desain Sampel tersimpan.")
    activity.refresh_from_db()
    assert (activity.metode_sampel, activity.unit_sampel) == ("purposive_sampling", "Rumah tangga")
    badge = page.locator("#blocks .list-group-item", has_text="Blok V. Desain Sampel").locator(".badge")
    # non-probability: 5.1, 5.2, 5.3, 5.7, 5.8 required; 5.1 and 5.8 still empty
    expect(badge).to_have_text("3/5")
