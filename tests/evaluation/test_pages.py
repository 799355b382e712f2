"""The EPSS pages: who may see and change what, the worksheet's answers and evidence, bad input,
the what-if view, the exports, and the evidence the portal proposes."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from satudata.accounts.models import User
from satudata.evaluation.models import Assessment, AssessmentStatus, Evidence, Indicator, ScoreEvent
from satudata.evaluation.proposals import PROPOSERS, context_for, proposals_for
from satudata.planning.models import Cycle
from tests.conftest import ROLES
from tests.evaluation.conftest import score_all

Clients = Callable[[str], Client]
VIEWERS = {"alice", "bob", "wali", "bps", "forum", "admin"}
TEAM = {"wali", "forum", "admin"}


def indicator(assessment: Assessment, code: str) -> Indicator:
    return assessment.indicators().get(code=code)


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_the_pages(client_for: Clients, assessment: Assessment, role: str) -> None:
    client = client_for(role)
    for url in [
        "/kelola/epss/", "/kelola/epss/2026/", "/kelola/epss/2026/20302/", "/kelola/epss/2026/simulasi/",
        "/kelola/epss/2026/bobot/", "/kelola/epss/2026/lembar-kerja.xlsx", "/kelola/epss/2026/lembar-kerja.pdf",
    ]:  # fmt: skip
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        else:
            assert response.status_code == (200 if role in VIEWERS else 403), (url, role)


@pytest.mark.parametrize("role", ROLES)
def test_who_answers_indicators(client_for: Clients, assessment: Assessment, role: str) -> None:
    response = client_for(role).post("/kelola/epss/2026/20302/", {"level": "3", "explanation": "ARC ada."})
    ind = indicator(assessment, "20302")
    if role in TEAM:
        assert response.status_code == 302
        assert (ind.level, ind.explanation) == (3, "ARC ada.")
        event = ScoreEvent.objects.get(indicator=ind)
        assert (event.from_level, event.to_level) == (None, 3)
    else:
        assert response.status_code in (302, 403) if role == "anonymous" else response.status_code == 403
        assert ind.level is None
        assert not ScoreEvent.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_who_starts_and_locks(client_for: Clients, people: dict[str, User], role: str) -> None:
    client = client_for(role)
    response = client.post("/kelola/epss/", {"year": "2026"})
    started = Assessment.objects.filter(year=2026).first()
    if role in TEAM:
        assert response.status_code == 302 and started is not None
        assert started.indicators().count() == 38
    else:
        assert started is None
        return
    score_all(started, people["wali"], 3)
    client.post("/kelola/epss/2026/kunci/")
    started.refresh_from_db()
    assert started.status == AssessmentStatus.LOCKED


def test_viewers_cannot_lock_or_change_weights(
    client_for: Clients, assessment: Assessment, people: dict[str, User]
) -> None:
    score_all(assessment, people["wali"], 3)
    for role in ("alice", "bps"):
        client = client_for(role)
        assert client.post("/kelola/epss/2026/kunci/").status_code == 403
        assert client.post("/kelola/epss/2026/bobot/", {"note": "x", "w_1": "30"}).status_code == 403
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT


def test_the_ips_on_the_page(client_for: Clients, assessment: Assessment, people: dict[str, User]) -> None:
    client = client_for("bps")
    page = client.get("/kelola/epss/2026/").content.decode()
    assert "belum lengkap" in page and "0/38" in page
    score_all(assessment, people["wali"], 2, i10101=4, i10201=4, i10301=4, i10401=4)
    page = client.get("/kelola/epss/2026/").content.decode()
    assert 'id="ips-value">2,56<' in page
    assert 'id="ips-predicate">Cukup<' in page


def test_a_level_needs_an_explanation(client_for: Clients, assessment: Assessment) -> None:
    response = client_for("wali").post("/kelola/epss/2026/20302/", {"level": "3", "explanation": "  "})
    assert response.status_code == 400
    assert "Tulis penjelasan untuk tingkat yang dipilih." in response.content.decode()
    response = client_for("wali").post("/kelola/epss/2026/20302/", {"level": "9", "explanation": "x"})
    assert response.status_code == 400
    assert indicator(assessment, "20302").level is None


def test_lock_needs_every_answer_and_makes_it_read_only(
    client_for: Clients, assessment: Assessment, people: dict[str, User]
) -> None:
    client = client_for("wali")
    response = client.post("/kelola/epss/2026/kunci/", follow=True)
    assert "belum diberi tingkat dan penjelasan: 10101" in response.content.decode()
    score_all(assessment, people["wali"], 3)
    client.post("/kelola/epss/2026/kunci/")
    assert client.post("/kelola/epss/2026/20302/", {"level": "4", "explanation": "x"}).status_code == 403
    assert client.post("/kelola/epss/2026/20302/bukti/", {"title": "x", "url": "/"}).status_code == 403
    # Reopening needs a reason, then answers can change again.
    response = client.post("/kelola/epss/2026/buka/", {"note": ""}, follow=True)
    assert "Tulis alasan membuka kembali penilaian." in response.content.decode()
    client.post("/kelola/epss/2026/buka/", {"note": "Hasil penilaian dokumen BPS"})
    assert client.post("/kelola/epss/2026/20302/", {"level": "4", "explanation": "x"}).status_code == 302
    kinds = list(assessment.events.values_list("kind", "ips"))
    assert kinds == [("created", None), ("locked", Decimal("3.00")), ("reopened", Decimal("3.00"))]


def test_evidence_file_link_and_removal(client_for: Clients, assessment: Assessment) -> None:
    client = client_for("forum")
    pdf = SimpleUploadedFile("notulen.pdf", b"%PDF-1.4 notulen", content_type="application/pdf")
    assert client.post("/kelola/epss/2026/40302/bukti/", {"title": "Notulen Forum", "file": pdf}).status_code == 302
    assert (
        client.post(
            "/kelola/epss/2026/40302/bukti/",
            {"title": "Perbup 33/2021", "url": "https://jdih.pasuruankab.go.id/perbup-33-2021"},
        ).status_code
        == 302
    )
    evidence = list(Evidence.objects.order_by("id"))
    assert [e.title for e in evidence] == ["Notulen Forum", "Perbup 33/2021"]
    # The file opens for a viewer (BPS) and the page lists both.
    response = client_for("bps").get(evidence[0].get_absolute_url())
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    page = client_for("bps").get("/kelola/epss/2026/40302/").content.decode()
    assert "Notulen Forum" in page and "https://jdih.pasuruankab.go.id/perbup-33-2021" in page
    # Removing keeps the row (history) and takes it off the list; only the team may.
    assert client_for("alice").post(f"/kelola/epss/2026/40302/bukti/{evidence[1].pk}/hapus/").status_code == 403
    client.post(f"/kelola/epss/2026/40302/bukti/{evidence[1].pk}/hapus/")
    evidence[1].refresh_from_db()
    assert evidence[1].removed_at is not None and evidence[1].removed_by.username == "forum"
    page = client_for("bps").get("/kelola/epss/2026/40302/").content.decode()
    assert 'bukti "Perbup 33/2021" dihapus' in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "Tanpa isi"}, "Lampirkan berkas atau isi tautan."),
        ({"title": "", "url": "/x/"}, "Bidang ini tidak boleh kosong."),
        ({"title": "Skrip", "url": "javascript:alert(1)"}, "Tautan harus diawali / atau https://."),
        ({"title": "Protokol relatif", "url": "//evil.example/x"}, "Tautan harus diawali / atau https://."),
        ({"title": "Dua-duanya", "url": "/x/", "file": "pdf"}, "Pilih salah satu: berkas atau tautan"),
        ({"title": "Bukan PDF", "file": "exe"}, "bukan PDF yang sah"),
        ({"title": "Jenis lain", "file": "txt"}, "bukan jenis yang diterima"),
    ],
)
def test_bad_evidence(client_for: Clients, assessment: Assessment, data: dict[str, str], message: str) -> None:
    post: dict[str, object] = dict(data)
    if data.get("file") == "pdf":
        post["file"] = SimpleUploadedFile("a.pdf", b"%PDF-1.4", content_type="application/pdf")
    elif data.get("file") == "exe":
        post["file"] = SimpleUploadedFile("a.pdf", b"MZ\x90\x00", content_type="application/pdf")
    elif data.get("file") == "txt":
        post["file"] = SimpleUploadedFile("a.txt", b"teks", content_type="text/plain")
    response = client_for("wali").post("/kelola/epss/2026/20302/bukti/", post)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Evidence.objects.exists()


def test_weights_change_keeps_groups_at_100(
    client_for: Clients, assessment: Assessment, people: dict[str, User]
) -> None:
    score_all(assessment, people["wali"], 2, i10101=4, i10201=4, i10301=4, i10401=4)
    client = client_for("wali")
    form = {f"w_{code}": str(value) for code, value in _all_weights(assessment).items()}
    # Domain 1 up without taking it from another domain: refused, with the group named.
    response = client.post("/kelola/epss/2026/bobot/", {**form, "w_1": "30", "note": "Pedoman 2026"})
    assert response.status_code == 400
    assert "Jumlah bobot domain 102" in response.content.decode()
    assert _all_weights(assessment)["1"] == 28
    # Domain 3 aspects as the 2026 file has them (43/19/19/19): accepted, the IPS follows.
    changed = {**form, "w_301": "43", "w_302": "19", "w_303": "19", "w_304": "19", "note": "Uji bobot"}
    assert client.post("/kelola/epss/2026/bobot/", changed).status_code == 302
    assessment.refresh_from_db()
    event = assessment.events.get(kind="weights")
    assert event.changes["301"] == ["32.00", "43.00"] and event.ips == Decimal("2.56")
    # Domain 3 is at level 2 throughout, so its aspect weights do not move the IPS.
    assert 'id="ips-value">2,56<' in client.get("/kelola/epss/2026/").content.decode()


def _all_weights(assessment: Assessment) -> dict[str, Decimal]:
    weights: dict[str, Decimal] = {}
    for domain in assessment.domains.all():
        weights[domain.code] = domain.weight
        for aspect in domain.aspects.all():
            weights[aspect.code] = aspect.weight
            for ind in aspect.indicators.all():
                weights[ind.code] = ind.weight
    return weights


def test_weights_bad_input(client_for: Clients, assessment: Assessment) -> None:
    form = {f"w_{code}": str(value) for code, value in _all_weights(assessment).items()}
    response = client_for("wali").post("/kelola/epss/2026/bobot/", {**form, "w_10101": "seratus", "note": "x"})
    assert response.status_code == 400
    assert "Masukkan sebuah bilangan." in response.content.decode()
    response = client_for("wali").post("/kelola/epss/2026/bobot/", {**form, "w_1": "-5", "note": "x"})
    assert response.status_code == 400


def test_what_if_shows_without_saving(client_for: Clients, assessment: Assessment, people: dict[str, User]) -> None:
    score_all(assessment, people["wali"], 2, i10101=4, i10201=4, i10301=4, i10401=4)
    client = client_for("bps")
    page = client.get("/kelola/epss/2026/simulasi/", {"l_20302": "5"}).content.decode()
    assert 'id="what-if-ips">2,64<' in page
    assert 'id="what-if-predicate">Baik<' in page
    page = client.get("/kelola/epss/2026/simulasi/").content.decode()
    # 2.56 (Cukup): one level of a 7 % indicator reaches Baik.
    assert "paling sedikit 1 kenaikan satu tingkat" in page
    assert indicator(assessment, "20302").level == 2
    response = client.get("/kelola/epss/2026/simulasi/", {"l_20302": "7"})
    assert response.status_code == 400
    assert "Indikator 20302: &#x27;7&#x27; bukan tingkat 1 sampai 5." in response.content.decode()


def test_exports(client_for: Clients, assessment: Assessment, people: dict[str, User], tmp_path: object) -> None:
    score_all(assessment, people["wali"], 3)
    client = client_for("forum")
    client.post(
        "/kelola/epss/2026/20302/bukti/",
        {"title": "Laporan ketepatan waktu", "url": "/kelola/jadwal-rilis/ketepatan-waktu/?tahun=2026"},
    )
    xlsx = client.get("/kelola/epss/2026/lembar-kerja.xlsx")
    assert xlsx["Content-Disposition"] == 'attachment; filename="lembar-kerja-epss-2026.xlsx"'
    book = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content))
    summary = book.get_sheet_by_name("Ringkasan").to_python()
    assert summary[4][:3] == ["Indeks Pembangunan Statistik (IPS)", 3.0, "Baik"]
    rows = book.get_sheet_by_name("Lembar Kerja").to_python()
    assert len(rows) == 39
    row = next(r for r in rows if r[0] == "20302")
    assert row[6] == 3 and row[9] == "Penjelasan 20302"
    assert "http://testserver/kelola/jadwal-rilis/ketepatan-waktu/?tahun=2026" in row[10]
    evidence = book.get_sheet_by_name("Bukti Dukung").to_python()
    assert evidence[1][:2] == ["20302", "Laporan ketepatan waktu"]
    pdf = client.get("/kelola/epss/2026/lembar-kerja.pdf")
    assert pdf.content.startswith(b"%PDF")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "3,00 — Baik" in text
    assert "Penjelasan 50303" in text
    assert "Laporan ketepatan waktu" in text


def test_proposed_evidence_links_open(
    client_for: Clients, assessment: Assessment, cycle: Cycle, pasuruan_wilayah: None
) -> None:
    """Every proposal of every indicator points at a page that opens for the team."""
    ctx = context_for(assessment)
    assert ctx.cycle == cycle
    client = client_for("wali")
    seen = 0
    for code in PROPOSERS:
        for proposal in proposals_for(code, ctx).items:
            response = client.get(proposal.url, follow=True)
            assert response.status_code == 200, (code, proposal.url, response.status_code)
            seen += 1
    assert seen >= len(PROPOSERS)


def test_attach_a_proposal(client_for: Clients, assessment: Assessment, cycle: Cycle) -> None:
    client = client_for("wali")
    page = client.get("/kelola/epss/2026/20302/").content.decode()
    assert "Laporan ketepatan waktu rilis 2026" in page
    assert "Usulan sistem: tingkat 1" in page  # no release is scheduled
    assert client.post("/kelola/epss/2026/20302/bukti/usulan/", {"key": "ketepatan-waktu"}).status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.url == "/kelola/jadwal-rilis/ketepatan-waktu/?tahun=2026"
    assert evidence.proposal_key == "ketepatan-waktu"
    assert "sudah dilampirkan" in client.get("/kelola/epss/2026/20302/").content.decode()
    # Twice, or an unknown key: refused with a message, nothing added.
    response = client.post("/kelola/epss/2026/20302/bukti/usulan/", {"key": "ketepatan-waktu"}, follow=True)
    assert "Usulan bukti ini sudah dilampirkan." in response.content.decode()
    response = client.post("/kelola/epss/2026/20302/bukti/usulan/", {"key": "tidak-ada"}, follow=True)
    assert "tidak dikenal" in response.content.decode()
    assert Evidence.objects.count() == 1
    assert client_for("bps").post("/kelola/epss/2026/20302/bukti/usulan/", {"key": "rapat-forum"}).status_code == 403


def test_new_year_starts_from_the_previous_years_weights(
    client_for: Clients, assessment: Assessment, people: dict[str, User]
) -> None:
    from satudata.evaluation.actions import do_change_weights, do_start_assessment

    do_change_weights(
        assessment=assessment,
        weights={"301": Decimal(43), "302": Decimal(19), "303": Decimal(19), "304": Decimal(19)},
        acting_user=people["wali"],
    )
    score_all(assessment, people["wali"], 3)
    later = do_start_assessment(year=2027, acting_user=people["forum"])
    assert later.domains.get(code="3").aspects.get(code="301").weight == 43
    assert later.levels() == {}
    assert assessment.domains.get(code="3").aspects.get(code="301").weight == 43
    response = client_for("wali").post("/kelola/epss/", {"year": "2027"})
    assert response.status_code == 400
    assert "Penilaian mandiri EPSS 2027 sudah ada." in response.content.decode()


def test_a_signed_renaksi_berita_acara_is_not_proposed_as_the_daftar_data_one(
    client_for: Clients, assessment: Assessment, cycle: Cycle, people: dict[str, User]
) -> None:
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from satudata.planning.models import BeritaAcara, BeritaAcaraSubject, ForumMeeting

    meeting = ForumMeeting.objects.create(cycle=cycle, title="Rapat", agenda="-", place="-", starts_at=timezone.now(),
                                          created_by=people["forum"])  # fmt: skip
    ba = BeritaAcara.objects.create(meeting=meeting, subject=BeritaAcaraSubject.RENAKSI, number="BA-R", date=cycle.start_date,
                                    items=[], created_by=people["forum"])  # fmt: skip
    ba.signed_scan.save("ttd.pdf", ContentFile(b"%PDF-1.4"), save=True)
    keys = [p.key for p in proposals_for("30101", context_for(assessment)).items]
    assert f"berita-acara-{ba.pk}" not in keys


def test_a_sample_assessment_says_so_on_every_page_and_file(
    client_for: Clients, assessment: Assessment, people: dict[str, User]
) -> None:
    score_all(assessment, people["wali"], 3)
    client = client_for("bps")
    note = "bukan hasil penilaian Tim Penilai Internal"
    assert note not in client.get("/kelola/epss/2026/").content.decode()
    Assessment.objects.filter(pk=assessment.pk).update(is_sample=True)
    for url in [
        "/kelola/epss/2026/",
        "/kelola/epss/2026/20302/",
        "/kelola/epss/2026/simulasi/",
        "/kelola/epss/2026/bobot/",
    ]:
        assert note in client.get(url).content.decode(), url
    assert "Data contoh" in client.get("/kelola/epss/").content.decode()
    book = CalamineWorkbook.from_filelike(io.BytesIO(client.get("/kelola/epss/2026/lembar-kerja.xlsx").content))
    assert book.get_sheet_by_name("Ringkasan").to_python()[3][0].startswith("DATA CONTOH")
    pdf = client.get("/kelola/epss/2026/lembar-kerja.pdf").content
    assert "DATA CONTOH" in " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
