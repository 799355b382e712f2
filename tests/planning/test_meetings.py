import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from docx import Document
from pypdf import PdfReader

from satudata.accounts.models import Organization, User
from satudata.planning.actions import do_review_item
from satudata.planning.models import (
    Attendance,
    BeritaAcara,
    Cycle,
    DaftarDataItem,
    ForumMeeting,
    ReviewDecision,
    StepStatus,
)

BASE = "/kelola/siklus/2026/forum/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def meeting_data(orgs: dict[str, Organization], **overrides: Any) -> dict[str, Any]:
    data = {
        "title": "Rapat Forum Satu Data: Rencana Daftar Data 2026",
        "agenda": "1. Pembukaan\n2. Pembahasan usulan Daftar Data",
        "starts_at": "2026-01-08T09:00",
        "place": "Ruang Rapat Bappelitbangda",
        "invited_organizations": [orgs["dinkes"].pk, orgs["dispendik"].pk],
        "minutes": "",
    }
    data.update(overrides)
    return data


def agree(item: DaftarDataItem, by: User) -> None:
    reviews = {f: {"decision": ReviewDecision.ACCEPTED, "comment": ""} for f in DaftarDataItem.REVIEWED_FIELDS}
    do_review_item(item=item, field_reviews=reviews, acting_user=by)


@pytest.fixture
def meeting(cycle: Cycle, people: dict[str, User]) -> ForumMeeting:
    return ForumMeeting.objects.create(
        cycle=cycle, title="Rapat Forum 2026", agenda="Daftar Data", starts_at="2026-01-08T09:00+07:00",
        place="Bangil", created_by=people["forum"], minutes="Disepakati 2 butir.",
    )  # fmt: skip


def signatory_data(**overrides: str) -> dict[str, str]:
    data = {"number": "000.7/12/BA-FSD/2026", "date": "2026-01-15"}
    for i, name in enumerate(["Dr. Siti Produsen", "Budi Statistisi", "Ahmad Walidata", "Rina Sekretariat"]):
        data |= {f"sig{i}_name": name, f"sig{i}_title": "Kepala", f"sig{i}_nip": f"19800101 200501 1 00{i}"}
    data.update(overrides)
    return data


def test_forum_plans_a_meeting_and_records_attendance(
    client_for: Callable[[str], Client], cycle: Cycle, orgs: dict[str, Organization]
) -> None:
    forum = client_for("forum")
    response = forum.post(BASE + "baru/", meeting_data(orgs))
    assert response.status_code == 302
    meeting = ForumMeeting.objects.get()
    assert set(meeting.invited_organizations.values_list("slug", flat=True)) == {"dinkes", "dispendik"}
    assert cycle.steps.get(number=1).status in {StepStatus.IN_PROGRESS, StepStatus.LATE}
    formset = {
        "attendance-TOTAL_FORMS": "2", "attendance-INITIAL_FORMS": "0", "attendance-MIN_NUM_FORMS": "0", "attendance-MAX_NUM_FORMS": "1000",
        "attendance-0-name": "dr. Anisa", "attendance-0-organization": orgs["dinkes"].pk, "attendance-0-position": "Kabid", "attendance-0-present": "on",
        "attendance-1-name": "Joko", "attendance-1-organization": orgs["dispendik"].pk, "attendance-1-position": "Staf",
    }  # fmt: skip
    assert forum.post(f"{BASE}{meeting.pk}/kehadiran/", formset).status_code == 302
    assert list(meeting.attendance.values_list("name", "present")) == [("dr. Anisa", True), ("Joko", False)]
    page = client_for("alice").get(f"{BASE}{meeting.pk}/").content.decode()  # producers read meetings
    assert "dr. Anisa" in page and "Ruang Rapat Bappelitbangda" in page


def test_bad_meeting_input_is_explained(
    client_for: Callable[[str], Client], cycle: Cycle, orgs: dict[str, Organization]
) -> None:
    response = client_for("forum").post(BASE + "baru/", meeting_data(orgs, title="", starts_at="besok pagi"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bidang ini tidak boleh kosong" in html and "Masukkan tanggal/waktu yang valid" in html
    assert not ForumMeeting.objects.exists()


@pytest.mark.parametrize("name", ["alice", "bps"])
def test_only_forum_and_walidata_manage_meetings(
    client_for: Callable[[str], Client], meeting: ForumMeeting, orgs: dict[str, Organization], name: str
) -> None:
    client = client_for(name)
    assert client.get(f"{BASE}{meeting.pk}/").status_code == 200
    assert client.post(BASE + "baru/", meeting_data(orgs)).status_code == 403
    assert client.post(f"{BASE}{meeting.pk}/ubah/", meeting_data(orgs, title="Dibajak")).status_code == 403
    assert client.post(f"{BASE}{meeting.pk}/berita-acara/baru/", signatory_data()).status_code == 403
    meeting.refresh_from_db()
    assert meeting.title == "Rapat Forum 2026" and ForumMeeting.objects.count() == 1


def test_berita_acara_needs_agreed_items(client_for: Callable[[str], Client], meeting: ForumMeeting) -> None:
    response = client_for("forum").post(f"{BASE}{meeting.pk}/berita-acara/baru/", signatory_data())
    assert response.status_code == 400
    assert "Belum ada butir Daftar Data yang disepakati" in response.content.decode()
    assert not BeritaAcara.objects.exists()


def test_berita_acara_as_docx_and_pdf_then_signed_scan_completes_steps_1_and_4(
    client_for: Callable[[str], Client],
    cycle: Cycle,
    meeting: ForumMeeting,
    people: dict[str, User],
    orgs: dict[str, Organization],
    make_item: Callable[..., DaftarDataItem],
) -> None:
    Attendance.objects.create(
        meeting=meeting, name="dr. Anisa Rahma", organization=orgs["dinkes"], position="Kabid P2P"
    )
    Attendance.objects.create(meeting=meeting, name="Tidak Hadir", organization=orgs["bps"], present=False)
    stunting = make_item(people["alice"], orgs["dinkes"], submit=True, nama_data="Prevalensi Stunting pada Balita")
    apm = make_item(
        people["bob"], orgs["dispendik"], submit=True, nama_data="Angka Partisipasi Murni SD", is_priority=False
    )
    agree(stunting, people["forum"])
    agree(apm, people["wali"])
    forum = client_for("forum")
    missing = forum.post(f"{BASE}{meeting.pk}/berita-acara/baru/", signatory_data(sig2_name=""))
    assert missing.status_code == 400 and not BeritaAcara.objects.exists()

    response = forum.post(f"{BASE}{meeting.pk}/berita-acara/baru/", signatory_data())
    assert response.status_code == 302
    ba = BeritaAcara.objects.get()
    assert [row["nama_data"] for row in ba.items] == [
        "Prevalensi Stunting pada Balita",
        "Angka Partisipasi Murni SD",
    ]  # by OPD name

    docx = forum.get(f"/kelola/siklus/2026/berita-acara/{ba.pk}/docx/")
    assert docx.status_code == 200 and docx["Content-Disposition"].startswith("attachment")
    document = Document(io.BytesIO(b"".join(docx.streaming_content)))  # type: ignore[attr-defined]
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "Nomor: 000.7/12/BA-FSD/2026" in text
    assert "PEMERINTAH KABUPATEN PASURUAN" in " ".join(cells)
    assert "Prevalensi Stunting pada Balita" in cells and "Dinas Pendidikan" in cells
    assert any("Ahmad Walidata" in c for c in cells) and any("Pembina Data" in c for c in cells)
    assert "{{" not in text + " ".join(cells)  # every tag was filled
    assert "dr. Anisa Rahma" in cells and "Kabid P2P" in cells  # participants: those present
    assert "Tidak Hadir" not in cells

    pdf = forum.get(f"/kelola/siklus/2026/berita-acara/{ba.pk}/pdf/")
    reader = PdfReader(io.BytesIO(b"".join(pdf.streaming_content)))  # type: ignore[attr-defined]
    pdf_text = " ".join(page.extract_text() for page in reader.pages)
    assert re.search(r"Prevalensi\s+Stunting", pdf_text) and "000.7/12/BA-FSD/2026" in pdf_text
    assert "Sekretariat Forum Satu Data" in pdf_text and "Rina Sekretariat" in pdf_text
    assert "dr. Anisa Rahma" in pdf_text and "mencatat 1 orang hadir" in pdf_text

    # Until the signed scan is filed, steps 1 and 4 are not done.
    assert cycle.steps.get(number=1).status != StepStatus.DONE
    fake = forum.post(
        f"/kelola/siklus/2026/berita-acara/{ba.pk}/", {"scan": SimpleUploadedFile("ttd.pdf", b"not a pdf")}
    )
    assert fake.status_code == 400 and "bukan PDF yang sah" in fake.content.decode()
    assert (
        client_for("alice")
        .post(f"/kelola/siklus/2026/berita-acara/{ba.pk}/", {"scan": SimpleUploadedFile("ttd.pdf", PDF)})
        .status_code
        == 403
    )
    ok = forum.post(f"/kelola/siklus/2026/berita-acara/{ba.pk}/", {"scan": SimpleUploadedFile("ttd.pdf", PDF)})
    assert ok.status_code == 302
    assert cycle.steps.get(number=1).status == StepStatus.DONE
    assert cycle.steps.get(number=4).status == StepStatus.DONE  # all items agreed, minutes kept, signed
    event = cycle.steps.get(number=1).events.last()
    assert event is not None and event.actor == people["forum"] and "000.7/12/BA-FSD/2026" in event.reason
    scan = client_for("bps").get(f"/kelola/siklus/2026/berita-acara/{ba.pk}/ttd/")
    assert scan.status_code == 200 and b"".join(scan.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]


def test_step_4_waits_for_every_item_to_be_agreed(
    client_for: Callable[[str], Client],
    cycle: Cycle,
    meeting: ForumMeeting,
    people: dict[str, User],
    orgs: dict[str, Organization],
    make_item: Callable[..., DaftarDataItem],
) -> None:
    agreed = make_item(people["alice"], orgs["dinkes"], submit=True)
    agree(agreed, people["forum"])
    make_item(people["bob"], orgs["dispendik"], submit=True)  # still under review
    forum = client_for("forum")
    forum.post(f"{BASE}{meeting.pk}/berita-acara/baru/", signatory_data())
    ba = BeritaAcara.objects.get()
    forum.post(f"/kelola/siklus/2026/berita-acara/{ba.pk}/", {"scan": SimpleUploadedFile("ttd.pdf", PDF)})
    assert cycle.steps.get(number=1).status == StepStatus.DONE
    assert cycle.steps.get(number=4).status != StepStatus.DONE


def test_step_4_needs_a_signed_berita_acara_holding_every_item(
    client_for: Callable[[str], Client],
    cycle: Cycle,
    meeting: ForumMeeting,
    people: dict[str, User],
    orgs: dict[str, Organization],
    make_item: Callable[..., DaftarDataItem],
) -> None:
    first = make_item(people["alice"], orgs["dinkes"], submit=True)
    later = make_item(people["bob"], orgs["dispendik"], submit=True)
    agree(first, people["forum"])
    forum = client_for("forum")
    forum.post(f"{BASE}{meeting.pk}/berita-acara/baru/", signatory_data())
    partial = BeritaAcara.objects.get()
    forum.post(f"/kelola/siklus/2026/berita-acara/{partial.pk}/", {"scan": SimpleUploadedFile("ttd.pdf", PDF)})
    agree(later, people["forum"])  # every item agreed now, but the signed record holds only one
    assert cycle.steps.get(number=4).status != StepStatus.DONE
    forum.post(f"{BASE}{meeting.pk}/berita-acara/baru/", signatory_data(number="000.7/13/BA-FSD/2026"))
    complete = BeritaAcara.objects.exclude(pk=partial.pk).get()
    forum.post(f"/kelola/siklus/2026/berita-acara/{complete.pk}/", {"scan": SimpleUploadedFile("ttd.pdf", PDF)})
    assert cycle.steps.get(number=4).status == StepStatus.DONE


def test_attendance_starts_with_the_invited_people(
    client_for: Callable[[str], Client], meeting: ForumMeeting, people: dict[str, User]
) -> None:
    people["alice"].position = "Kepala Seksi Data"
    people["alice"].save()
    meeting.invited_people.set([people["alice"], people["bps"]])
    html = client_for("forum").get(f"{BASE}{meeting.pk}/kehadiran/").content.decode()
    assert 'value="Alice"' in html and 'value="Kepala Seksi Data"' in html and 'value="Bps"' in html


def test_berita_acara_files_are_for_staff_only(
    client_for: Callable[[str], Client],
    meeting: ForumMeeting,
    people: dict[str, User],
    orgs: dict[str, Organization],
    make_item: Callable[..., DaftarDataItem],
) -> None:
    item = make_item(people["alice"], orgs["dinkes"], submit=True)
    agree(item, people["forum"])
    client_for("forum").post(f"{BASE}{meeting.pk}/berita-acara/baru/", signatory_data())
    ba = BeritaAcara.objects.get()
    assert client_for("anonymous").get(f"/kelola/siklus/2026/berita-acara/{ba.pk}/pdf/").status_code == 302
    assert client_for("nobody").get(f"/kelola/siklus/2026/berita-acara/{ba.pk}/pdf/").status_code == 403
    assert client_for("alice").get(f"/kelola/siklus/2026/berita-acara/{ba.pk}/pdf/").status_code == 200
    assert (
        client_for("alice").get(f"/kelola/siklus/2026/berita-acara/{ba.pk}/ttd/").status_code == 404
    )  # not signed yet
    assert client_for("alice").get(f"/kelola/siklus/2026/berita-acara/{ba.pk}/exe/").status_code == 404


def test_saving_the_prefilled_attendance_list_as_shown_records_the_invited_people(
    client_for: Callable[[str], Client], meeting: ForumMeeting, people: dict[str, User]
) -> None:
    import lxml.html

    people["alice"].position = "Kepala Seksi Data"
    people["alice"].save()
    meeting.invited_people.set([people["alice"], people["bps"]])
    forum = client_for("forum")
    url = f"{BASE}{meeting.pk}/kehadiran/"
    # What the browser sends when the secretariat presses save without touching a line.
    page = lxml.html.fromstring(forum.get(url).content)
    (form,) = [f for f in page.forms if "attendance-TOTAL_FORMS" in f.fields]
    response = forum.post(url, dict(form.form_values()))
    assert response.status_code == 302
    rows = meeting.attendance.values_list("name", "organization__slug", "position", "present")
    assert list(rows) == [("Alice", "dinkes", "Kepala Seksi Data", True), ("Bps", "bps", "", True)]
