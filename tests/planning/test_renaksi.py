"""Renaksi (SOP step 21): drawn up from the evaluation, agreed in a Forum meeting with a Berita
Acara, followed in the next year's cycle; closing a cycle (step 22) makes it read-only and the next
cycle carries the Renaksi and, on request, the Daftar Data."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from satudata.accounts.models import Organization, User
from satudata.planning.actions import (
    do_agree_action_plan,
    do_close_cycle,
    do_review_item,
    do_start_action_plan,
    do_start_cycle,
)
from satudata.planning.models import (
    ActionItem,
    ActionItemStatus,
    ActionPlan,
    BeritaAcara,
    BeritaAcaraSubject,
    Cycle,
    DaftarDataItem,
    ForumMeeting,
    ItemStatus,
)
from tests.conftest import ROLES

Clients = Callable[[str], Client]


@pytest.fixture
def meeting(cycle: Cycle, people: dict[str, User]) -> ForumMeeting:
    return ForumMeeting.objects.create(
        cycle=cycle, title="Rapat Forum Satu Data Evaluasi", agenda="Renaksi 2027",
        starts_at=timezone.make_aware(dt.datetime(2026, 11, 10, 9)), place="Ruang Rapat Bappelitbangda",
        created_by=people["forum"],
    )  # fmt: skip


def item_data(orgs: dict[str, Organization], **extra: Any) -> dict[str, Any]:
    return {
        "title": "Susun jadwal rilis seluruh dataset", "reason": "Ketepatan waktu 20302 di tingkat 2",
        "indicator_code": "20302", "problem": "", "organization": orgs["dinkes"].pk, "due_date": "2027-06-30", **extra,
    }  # fmt: skip


def agree_data(meeting: ForumMeeting) -> dict[str, Any]:
    data = {"meeting": meeting.pk, "number": "000.7/12/BA-RENAKSI/2026", "date": "2026-11-10"}
    for i in range(4):
        data |= {f"sig{i}_title": "Kepala", f"sig{i}_name": f"Penanda Tangan {i}", f"sig{i}_nip": ""}
    return data


@pytest.mark.parametrize("role", ROLES)
def test_who_draws_up_the_renaksi(client_for: Clients, cycle: Cycle, orgs: dict[str, Organization], role: str) -> None:
    client = client_for(role)
    page = client.get("/kelola/siklus/2026/renaksi/")
    start = client.post("/kelola/siklus/2026/renaksi/mulai/")
    if role == "anonymous":
        assert page.status_code == 302 and start.status_code == 302 and not ActionPlan.objects.exists()
        return
    if role == "nobody":
        assert page.status_code == 403 and start.status_code == 403
        return
    assert page.status_code == 200
    if role in ("wali", "forum", "admin"):
        plan = ActionPlan.objects.get()
        assert (plan.year, plan.drafted_in) == (2027, cycle)
        assert client.post("/kelola/siklus/2026/renaksi/butir/", item_data(orgs)).status_code == 302
        assert plan.items.count() == 1
    else:
        assert start.status_code == 403 and not ActionPlan.objects.exists()


def test_item_bad_input(client_for: Clients, cycle: Cycle, orgs: dict[str, Organization]) -> None:
    client = client_for("forum")
    client.post("/kelola/siklus/2026/renaksi/mulai/")
    cases = [
        (item_data(orgs, title=""), "Bidang ini tidak boleh kosong."),
        (item_data(orgs, indicator_code="", problem=""), "Kaitkan butir dengan indikator EPSS"),
        (item_data(orgs, indicator_code="99999"), "bukan salah satu dari pilihan yang tersedia"),
        (item_data(orgs, due_date="31-06-2027"), "Masukkan tanggal yang valid"),
    ]
    for data, message in cases:
        response = client.post("/kelola/siklus/2026/renaksi/butir/", data, follow=True)
        assert message in response.content.decode(), message
    assert not ActionItem.objects.exists()


def test_agree_makes_a_berita_acara_and_fixes_the_items(
    client_for: Clients, cycle: Cycle, meeting: ForumMeeting, orgs: dict[str, Organization]
) -> None:
    client = client_for("forum")
    client.post("/kelola/siklus/2026/renaksi/mulai/")
    # Nothing to agree yet.
    response = client.post("/kelola/siklus/2026/renaksi/sepakati/", agree_data(meeting), follow=True)
    assert "Renaksi belum memiliki butir" in response.content.decode()
    client.post("/kelola/siklus/2026/renaksi/butir/", item_data(orgs))
    client.post(
        "/kelola/siklus/2026/renaksi/butir/",
        item_data(orgs, title="Lengkapi MS-Ind", indicator_code="10201", organization=orgs["dispendik"].pk),
    )
    response = client.post("/kelola/siklus/2026/renaksi/sepakati/", agree_data(meeting))
    assert response.status_code == 302
    plan = ActionPlan.objects.get()
    assert plan.is_agreed and plan.meeting == meeting
    ba = BeritaAcara.objects.get(subject=BeritaAcaraSubject.RENAKSI)
    assert [row["kegiatan"] for row in ba.items] == ["Susun jadwal rilis seluruh dataset", "Lengkapi MS-Ind"]
    pdf_text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(ba.pdf.read())).pages).split())
    assert "Rencana Aksi (Renaksi) Satu Data untuk tahun 2027" in pdf_text and "Lengkapi MS-Ind" in pdf_text
    docx = Document(io.BytesIO(ba.docx.read()))
    assert "Lengkapi MS-Ind" in [cell.text for table in docx.tables for row in table.rows for cell in row.cells]
    # Fixed once agreed.
    item = plan.items.first()
    assert item is not None
    response = client.post(f"/kelola/siklus/2026/renaksi/butir/{item.pk}/", item_data(orgs, title="Diubah"))
    assert response.status_code == 403
    assert "tidak dapat diubah" in response.content.decode()
    assert client.post("/kelola/siklus/2026/renaksi/butir/", item_data(orgs)).status_code == 302
    assert plan.items.count() == 2
    # The signed Berita Acara of the Renaksi does not complete step 1 or 4 (those are the Daftar Data's).
    assert cycle.steps.get(number=1).status != "done"


def test_meeting_of_another_cycle_is_refused(
    cycle: Cycle, people: dict[str, User], orgs: dict[str, Organization]
) -> None:
    plan = do_start_action_plan(cycle=cycle, acting_user=people["wali"])
    ActionItem.objects.create(plan=plan, title="x", reason="y", indicator_code="20302", organization=orgs["dinkes"],
                              due_date=dt.date(2027, 1, 1), created_by=people["wali"])  # fmt: skip
    other = do_start_cycle(year=2025, start_date=dt.date(2025, 1, 6), acting_user=people["wali"])
    foreign = ForumMeeting.objects.create(cycle=other, title="Rapat 2025", agenda="-", place="-",
                                          starts_at=timezone.now(), created_by=people["forum"])  # fmt: skip
    with pytest.raises(ValidationError, match="Rapat harus rapat Forum pada siklus 2026"):
        do_agree_action_plan(
            plan=plan,
            meeting=foreign,
            number="1",
            date=dt.date(2026, 11, 1),
            signatories=[],
            acting_user=people["forum"],
        )


def test_closing_makes_the_cycle_read_only_and_the_next_carries_renaksi_and_daftar_data(
    client_for: Clients,
    cycle: Cycle,
    meeting: ForumMeeting,
    orgs: dict[str, Organization],
    people: dict[str, User],
    make_item: Callable[..., DaftarDataItem],
) -> None:
    forum, wali, alice = client_for("forum"), client_for("wali"), client_for("alice")
    agreed = make_item(people["alice"], orgs["dinkes"], submit=True)
    do_review_item(item=agreed, field_reviews={}, acting_user=people["forum"])
    make_item(people["alice"], orgs["dinkes"], nama_data="Masih draf")
    forum.post("/kelola/siklus/2026/renaksi/mulai/")
    forum.post("/kelola/siklus/2026/renaksi/butir/", item_data(orgs))
    forum.post("/kelola/siklus/2026/renaksi/sepakati/", agree_data(meeting))
    # Close 2026.
    assert forum.post("/kelola/siklus/2026/tutup/").status_code == 302
    cycle.refresh_from_db()
    assert cycle.is_closed
    # Read-only: every change under the cycle is refused, with the reason.
    for url, data in [
        ("/kelola/siklus/2026/daftar-data/baru/", {}),
        ("/kelola/siklus/2026/forum/baru/", {}),
        ("/kelola/siklus/2026/renaksi/butir/", item_data(orgs)),
        ("/kelola/siklus/2026/langkah/3/", {}),
        ("/kelola/siklus/2026/kegiatan/baru/", {}),
    ]:
        response = wali.post(url, data)
        assert response.status_code == 403, url
        assert "Siklus 2026 sudah ditutup; arsipnya hanya dapat dibaca." in response.content.decode()
    assert "arsipnya hanya dapat dibaca" in wali.get("/kelola/siklus/2026/").content.decode()
    assert wali.get("/kelola/siklus/2026/daftar-data/").status_code == 200  # still readable
    with pytest.raises(ValidationError, match="sudah ditutup"):
        do_start_action_plan(cycle=cycle, acting_user=people["wali"])
    # Start 2027 from the Daftar Data, on request.
    response = wali.post(
        "/kelola/siklus/mulai/", {"year": "2027", "start_date": "2027-01-04", "carry_daftar_data": "on"}
    )
    assert response.status_code == 302
    next_cycle = Cycle.objects.get(year=2027)
    carried = list(next_cycle.items.all())
    assert [(i.id_ddd, i.status) for i in carried] == [(agreed.id_ddd, ItemStatus.DRAFT)]  # the draft stays behind
    assert carried[0].events.get().note == "Dibawa dari Daftar Data siklus 2026"
    # The Renaksi agreed in 2026 is followed in 2027: its progress is recorded there.
    page = alice.get("/kelola/siklus/2027/renaksi/").content.decode()
    assert "Renaksi 2027 yang sedang dilaksanakan" in page and "Susun jadwal rilis seluruh dataset" in page
    item = ActionItem.objects.get()
    url = f"/kelola/siklus/2027/renaksi/butir/{item.pk}/kemajuan/"
    assert f'action="{url}"' in page  # the item's OPD records progress
    for who in ("bob", "bps"):  # another OPD's producer and the pembina only read it
        other = client_for(who).get("/kelola/siklus/2027/renaksi/").content.decode()
        assert "Susun jadwal rilis seluruh dataset" in other and f'action="{url}"' not in other, who
    assert alice.post(url, {"status": "in_progress", "note": "Jadwal 12 dataset sudah diisi"}).status_code == 302
    item.refresh_from_db()
    assert item.status == ActionItemStatus.IN_PROGRESS
    assert client_for("bob").post(url, {"status": "done", "note": "bukan OPD saya"}).status_code == 403
    item.refresh_from_db()
    assert item.status == ActionItemStatus.IN_PROGRESS  # another OPD's producer is refused
    response = alice.post(url, {"status": "done", "note": ""}, follow=True)
    assert "Catatan kemajuan" in response.content.decode()
    # In 2027 the unfinished items can come along into the Renaksi 2028.
    wali.post("/kelola/siklus/2027/renaksi/mulai/", {"carry_unfinished": "on"})
    plan_2028 = ActionPlan.objects.get(year=2028)
    (copy,) = plan_2028.items.all()
    assert copy.carried_from == item and copy.status == ActionItemStatus.OPEN
    assert copy.due_date == dt.date(2028, 6, 30)


def test_without_carry_the_next_cycle_starts_empty(
    cycle: Cycle, people: dict[str, User], orgs: dict[str, Organization], make_item: Callable[..., DaftarDataItem]
) -> None:
    agreed = make_item(people["alice"], orgs["dinkes"], submit=True)
    do_review_item(item=agreed, field_reviews={}, acting_user=people["forum"])
    do_close_cycle(cycle=cycle, acting_user=people["forum"])
    nxt = do_start_cycle(year=2027, start_date=dt.date(2027, 1, 4), acting_user=people["wali"])
    assert not nxt.items.exists()


def test_step_21_is_done_when_the_renaksi_is_agreed_and_signed(
    client_for: Clients, cycle: Cycle, meeting: ForumMeeting, orgs: dict[str, Organization]
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    forum = client_for("forum")
    forum.post("/kelola/siklus/2026/renaksi/mulai/")
    assert cycle.steps.get(number=21).status in ("in_progress", "late")
    forum.post("/kelola/siklus/2026/renaksi/butir/", item_data(orgs))
    forum.post("/kelola/siklus/2026/renaksi/sepakati/", agree_data(meeting))
    assert cycle.steps.get(number=21).status != "done"  # not signed yet
    ba = BeritaAcara.objects.get(subject=BeritaAcaraSubject.RENAKSI)
    scan = SimpleUploadedFile("ba-renaksi.pdf", b"%PDF-1.4 ttd", content_type="application/pdf")
    response = forum.post(ba.get_absolute_url(), {"scan": scan}, follow=True)
    assert "menjadi bukti langkah 21" in response.content.decode()
    step = cycle.steps.get(number=21)
    assert step.status == "done"
    assert step.events.last().reason.startswith("Renaksi 2027 disepakati; Berita Acara 000.7/12/BA-RENAKSI/2026")
    # The Renaksi's signed Berita Acara is not the Daftar Data's: step 1 is not done by it.
    assert cycle.steps.get(number=1).status != "done"
