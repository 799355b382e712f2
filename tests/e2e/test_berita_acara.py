"""The Forum meets, generates the Berita Acara of the agreed Daftar Data as DOCX and PDF, and files
the signed scan, which completes step 1 of the cycle."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from satudata.accounts.models import Organization, User
from satudata.planning.actions import do_review_item
from satudata.planning.models import (
    BeritaAcara,
    Cycle,
    DaftarDataItem,
    ForumMeeting,
    ItemStatus,
    ReviewDecision,
    StepStatus,
)

SIGNATORIES = ["Dr. Siti Rahmawati", "Ir. Bambang Hartono, M.Si.", "Agus Setiawan, S.Kom.", "Drs. Hadi Prasetyo"]
SCAN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def accept(item: DaftarDataItem, by: User) -> None:
    reviews = {f: {"decision": ReviewDecision.ACCEPTED, "comment": ""} for f in DaftarDataItem.REVIEWED_FIELDS}
    do_review_item(item=item, field_reviews=reviews, acting_user=by)


def step_badge(page: Page, number: int) -> Any:
    return page.locator(f"#steps tr[data-step='{number}'] td").nth(6).locator(".badge")


def test_forum_meeting_berita_acara_documents_and_signed_scan(
    page: Page,
    live_server: Any,
    cycle: Cycle,
    people: dict[str, User],
    orgs: dict[str, Organization],
    make_item: Callable[..., DaftarDataItem],
    login: Callable[[Page, str], None],
    shot: Callable[[Page], Path],
    tmp_path: Path,
) -> None:
    item = make_item(people["alice"], orgs["dinkes"], submit=True)
    accept(item, people["forum"])
    item.refresh_from_db()
    assert item.status == ItemStatus.ACCEPTED
    base = f"{live_server.url}/kelola/siklus/2026"

    login(page, "forum")
    page.goto(f"{base}/")
    shot(page)
    expect(step_badge(page, 1)).not_to_have_text("Selesai")

    # --- a meeting
    page.goto(f"{base}/forum/baru/")
    shot(page)
    page.fill("#id_title", "Rapat Forum Satu Data: Kesepakatan Daftar Data 2026")
    page.fill("#id_agenda", "Pembahasan dan kesepakatan Daftar Data 2026.")
    page.fill("#id_starts_at", "2026-01-15T09:00")
    page.fill("#id_place", "Ruang Rapat Bappelitbangda")
    page.get_by_label("Dinas Kesehatan").check()
    page.fill("#id_minutes", "Forum menyepakati Daftar Data 2026 tanpa catatan.")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan").click()
    shot(page)
    meeting = ForumMeeting.objects.get(cycle=cycle)
    assert page.url == f"{live_server.url}{meeting.get_absolute_url()}"
    assert meeting.created_by == people["forum"]
    assert list(meeting.invited_organizations.all()) == [orgs["dinkes"]]
    expect(page.locator("h1")).to_have_text(meeting.title)
    expect(page.locator(".alert-success")).to_contain_text("Rapat tersimpan")

    # --- the Berita Acara
    with page.expect_navigation():
        page.get_by_role("link", name="Buat Berita Acara").click()
    shot(page)
    expect(page.locator("main")).to_contain_text("1 butir Daftar Data yang sudah disepakati")
    page.fill("#id_number", "000.7/12/BA-FSD/2026")
    for i, name in enumerate(SIGNATORIES):
        page.fill(f"#id_sig{i}_name", name)
    with page.expect_navigation():
        page.get_by_role("button", name="Buat DOCX dan PDF").click()
    shot(page)
    ba = BeritaAcara.objects.get(meeting=meeting)
    assert page.url == f"{live_server.url}{ba.get_absolute_url()}"
    assert ba.number == "000.7/12/BA-FSD/2026"
    assert [s["name"] for s in ba.signatories] == SIGNATORIES
    assert [row["id_ddd"] for row in ba.items] == [item.id_ddd]
    assert not ba.is_signed
    expect(page.locator(".alert-success")).to_contain_text("Berita Acara dibuat dalam DOCX dan PDF")
    expect(page.locator("main table")).to_contain_text(item.id_ddd)
    expect(page.locator(".alert-warning")).to_contain_text("Belum ada pindaian bertanda tangan")

    # --- both documents download
    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh PDF").click()
    pdf = info.value
    assert pdf.failure() is None
    assert pdf.suggested_filename == f"berita-acara-2026-{ba.pk}.pdf"
    pdf_path = tmp_path / pdf.suggested_filename
    pdf.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")

    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh DOCX").click()
    docx = info.value
    assert docx.failure() is None
    assert docx.suggested_filename == f"berita-acara-2026-{ba.pk}.docx"
    docx_path = tmp_path / docx.suggested_filename
    docx.save_as(docx_path)
    assert docx_path.read_bytes().startswith(b"PK")

    # --- the signed scan
    scan = tmp_path / "berita-acara-ttd.pdf"
    scan.write_bytes(SCAN)
    page.set_input_files("#id_scan", str(scan))
    with page.expect_navigation():
        page.get_by_role("button", name="Unggah pindaian").click()
    shot(page)
    expect(page.locator(".alert-success").first).to_contain_text(
        "Pindaian bertanda tangan tersimpan; menjadi bukti langkah 1 dan 4."
    )
    expect(page.get_by_role("link", name="Pindaian bertanda tangan")).to_be_visible()
    ba.refresh_from_db()
    assert ba.is_signed
    assert ba.signed_uploaded_by == people["forum"]
    assert ba.signed_scan.read() == SCAN

    # --- step 1 (and step 4: every item agreed, minutes, signed record) are done
    page.goto(f"{base}/")
    shot(page)
    expect(step_badge(page, 1)).to_have_text("Selesai")
    expect(step_badge(page, 4)).to_have_text("Selesai")
    expect(page.locator("#steps tr[data-step='1']")).to_contain_text("Berita Acara 000.7/12/BA-FSD/2026")
    steps = {cs.number: cs for cs in cycle.steps.filter(number__in=[1, 4])}
    assert steps[1].status == StepStatus.DONE and steps[1].done_at is not None
    assert steps[4].status == StepStatus.DONE
    event = steps[1].events.order_by("-created", "-id").first()
    assert event is not None and event.to_status == StepStatus.DONE and event.actor == people["forum"]
