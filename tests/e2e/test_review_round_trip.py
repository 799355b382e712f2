"""A Daftar Data item from proposal to agreement, through the browser: the producer proposes and
submits, the Forum returns it with a comment on one field, the producer fixes and resubmits, the
Forum agrees."""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Locator, Page, expect

from satudata.accounts.models import Organization, User
from satudata.planning.models import Cycle, DaftarDataItem, ItemEvent, ItemStatus, ReviewDecision

OLD_DEFINITION = "Jumlah bayi yang meninggal."
NEW_DEFINITION = "Banyaknya kematian bayi berusia di bawah satu tahun per 1.000 kelahiran hidup pada tahun yang sama."
COMMENT = "Sebutkan batas usia dan penyebutnya (per 1.000 kelahiran hidup)."


def review_row(page: Page, label: str) -> Locator:
    return page.locator("#review tbody tr").filter(has=page.locator("th", has_text=re.compile(rf"^{label}$")))


def test_review_round_trip_through_the_ui(
    new_context: Callable[[], BrowserContext],
    live_server: Any,
    cycle: Cycle,
    people: dict[str, User],
    orgs: dict[str, Organization],
    login: Callable[[Page, str], None],
    shot: Callable[[Page], Path],
) -> None:
    base = f"{live_server.url}/kelola/siklus/2026"

    # --- alice proposes an item and submits it
    alice = new_context().new_page()
    login(alice, "alice")
    alice.goto(f"{base}/daftar-data/baru/")
    shot(alice)
    expect(alice.locator("h1")).to_have_text("Usulkan butir Daftar Data")
    # Her only OPD is preselected.
    expect(alice.locator("#id_organization")).to_have_value(str(orgs["dinkes"].pk))
    alice.fill("#id_id_ddp", "-")
    alice.fill("#id_sumber_referensi", "RPJMD 2025–2029")
    alice.fill("#id_kode_indikator", "KES.01")
    alice.fill("#id_nama_indikator", "Angka Kematian Bayi")
    alice.fill("#id_nama_data", "Angka Kematian Bayi (AKB)")
    alice.select_option("#id_jenis_data", "statistik")
    alice.select_option("#id_indikator_variabel", "indikator")
    alice.fill("#id_kode_standar_data", "N/A")
    alice.select_option("#id_klasifikasi", "terbuka")
    alice.fill("#id_definisi", OLD_DEFINITION)
    alice.fill("#id_satuan", "per 1.000 kelahiran hidup")
    alice.fill("#id_klasifikasi_penyajian", "Kecamatan")
    alice.select_option("#id_jadwal_pemutakhiran", "tahunan")
    alice.fill("#id_link_portal_daerah", "satudata.pasuruankab.go.id/dataset/akb")
    alice.check("#id_is_priority")
    alice.select_option("#id_planning_document", "rpjmd")
    with alice.expect_navigation():
        alice.get_by_role("button", name="Simpan sebagai draf").click()
    shot(alice)

    item = DaftarDataItem.objects.get(cycle=cycle, nama_data="Angka Kematian Bayi (AKB)")
    assert item.id_ddd == "DDD-2026-001"
    assert item.status == ItemStatus.DRAFT
    assert item.organization == orgs["dinkes"]
    assert item.created_by == people["alice"]
    assert item.is_priority
    assert item.link_portal_daerah == "https://satudata.pasuruankab.go.id/dataset/akb"
    item_url = f"{live_server.url}{item.get_absolute_url()}"
    assert alice.url == item_url
    expect(alice.locator(".alert-success")).to_contain_text("DDD-2026-001 tersimpan sebagai draf")
    expect(alice.locator("#item-status")).to_have_text("Draf")

    with alice.expect_navigation():
        alice.get_by_role("button", name="Ajukan untuk reviu").click()
    shot(alice)
    expect(alice.locator(".alert-success")).to_contain_text("diajukan untuk direviu")
    expect(alice.locator("#item-status")).to_have_text("Diajukan")
    expect(alice.get_by_role("link", name="Ubah")).to_have_count(0)
    item.refresh_from_db()
    assert item.status == ItemStatus.SUBMITTED

    # --- the Forum returns it: the definition needs work
    forum = new_context().new_page()
    login(forum, "forum")
    forum.goto(item_url)
    shot(forum)
    expect(forum.locator("#item-status")).to_have_text("Diajukan")
    with forum.expect_navigation():
        forum.get_by_role("link", name="Reviu per kolom").click()
    shot(forum)
    expect(forum.locator("#review tbody tr")).to_have_count(len(DaftarDataItem.REVIEWED_FIELDS))
    row = review_row(forum, "Definisi")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(OLD_DEFINITION)
    row.get_by_label("Perlu perbaikan").check()
    row.locator("input[type=text]").fill(COMMENT)
    with forum.expect_navigation():
        forum.get_by_role("button", name="Simpan reviu").click()
    shot(forum)
    expect(forum.locator("#item-status")).to_have_text("Perlu perbaikan")
    expect(forum.locator(".alert-success")).to_contain_text("dikembalikan untuk perbaikan")
    item.refresh_from_db()
    assert item.status == ItemStatus.NEEDS_REVISION

    # --- alice sees the comment, fixes the definition and resubmits
    alice.goto(item_url)
    shot(alice)
    expect(alice.locator("#item-status")).to_have_text("Perlu perbaikan")
    flagged = alice.locator("#fields tr.review-flag")
    expect(flagged).to_have_count(1)
    expect(flagged.locator("th")).to_have_text("Definisi")
    expect(flagged).to_contain_text(COMMENT)
    with alice.expect_navigation():
        alice.get_by_role("link", name="Ubah").click()
    shot(alice)
    # The reviewer's comment, under the field's label (not its code name).
    expect(alice.locator(".alert-warning")).to_contain_text(f"Definisi: {COMMENT}")
    expect(alice.locator("#id_definisi")).to_have_value(OLD_DEFINITION)
    alice.fill("#id_definisi", NEW_DEFINITION)
    with alice.expect_navigation():
        alice.get_by_role("button", name="Simpan perubahan").click()
    shot(alice)
    assert alice.url == item_url
    expect(alice.locator(".alert-success")).to_contain_text("Perubahan tersimpan.")
    expect(alice.locator("#fields")).to_contain_text(NEW_DEFINITION)
    # Still waiting for her resubmission.
    expect(alice.locator("#item-status")).to_have_text("Perlu perbaikan")
    with alice.expect_navigation():
        alice.get_by_role("button", name="Ajukan ulang").click()
    shot(alice)
    expect(alice.locator("#item-status")).to_have_text("Diajukan")
    expect(alice.locator("#fields tr.review-flag")).to_have_count(0)

    # --- the Forum agrees, every field accepted (the default)
    forum.goto(item_url)
    with forum.expect_navigation():
        forum.get_by_role("link", name="Reviu per kolom").click()
    shot(forum)
    expect(review_row(forum, "Definisi")).to_contain_text(NEW_DEFINITION)
    checked = forum.locator("#review input[type=radio]:checked")
    expect(checked).to_have_count(len(DaftarDataItem.REVIEWED_FIELDS))
    for value in checked.evaluate_all("els => els.map(e => e.value)"):
        assert value == ReviewDecision.ACCEPTED
    with forum.expect_navigation():
        forum.get_by_role("button", name="Simpan reviu").click()
    shot(forum)
    expect(forum.locator("#item-status")).to_have_text("Disepakati")
    expect(forum.locator(".alert-success")).to_contain_text("disepakati")
    expect(forum.get_by_role("link", name="Reviu per kolom")).to_have_count(0)

    # --- the database keeps the whole story
    item.refresh_from_db()
    assert item.status == ItemStatus.ACCEPTED
    assert item.definisi == NEW_DEFINITION
    events = list(item.events.order_by("created", "id"))
    assert [(e.kind, e.actor.username, e.from_status, e.to_status) for e in events] == [
        (ItemEvent.Kind.CREATED, "alice", "", ItemStatus.DRAFT),
        (ItemEvent.Kind.SUBMITTED, "alice", ItemStatus.DRAFT, ItemStatus.SUBMITTED),
        (ItemEvent.Kind.REVIEWED, "forum", ItemStatus.SUBMITTED, ItemStatus.NEEDS_REVISION),
        (ItemEvent.Kind.EDITED, "alice", ItemStatus.NEEDS_REVISION, ItemStatus.NEEDS_REVISION),
        (ItemEvent.Kind.SUBMITTED, "alice", ItemStatus.NEEDS_REVISION, ItemStatus.SUBMITTED),
        (ItemEvent.Kind.REVIEWED, "forum", ItemStatus.SUBMITTED, ItemStatus.ACCEPTED),
    ]
    first_review, edit, last_review = events[2], events[3], events[5]
    assert first_review.field_reviews["definisi"] == {"decision": ReviewDecision.NEEDS_REVISION, "comment": COMMENT}
    assert [f for f, r in first_review.field_reviews.items() if r["decision"] != ReviewDecision.ACCEPTED] == [
        "definisi"
    ]
    assert edit.changes == {"definisi": [OLD_DEFINITION, NEW_DEFINITION]}
    assert set(last_review.field_reviews) == set(DaftarDataItem.REVIEWED_FIELDS)
    assert {r["decision"] for r in last_review.field_reviews.values()} == {ReviewDecision.ACCEPTED}

    # The history on the page tells the same story.
    alice.goto(item_url)
    shot(alice)
    expect(alice.locator("#item-status")).to_have_text("Disepakati")
    expect(alice.locator("main ol.list-unstyled > li")).to_have_count(6)
    expect(alice.locator("main ol.list-unstyled")).to_contain_text(f"Definisi: {COMMENT}")
    expect(alice.locator("main ol.list-unstyled")).to_contain_text("Semua kolom diterima.")
    edited = alice.locator("main ol.list-unstyled > li").nth(3)
    expect(edited).to_contain_text("Diubah")
    expect(edited).to_contain_text("Definisi")
