from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from satudata.accounts.models import Organization, User
from satudata.metadata.models import ActivityEvent, Recommendation, RecommendationStatus, StatisticalActivity
from satudata.planning.models import Cycle

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BASE = "/kelola/siklus/2026/kegiatan/"


@pytest.fixture
def survey(cycle: Cycle, orgs: dict[str, Organization], people: dict[str, User]) -> StatisticalActivity:
    return StatisticalActivity.objects.create(
        cycle=cycle, organization=orgs["dinkes"], title="Survei Status Gizi Balita", year=2026,
        cara_pengumpulan="survei", rekomendasi="tidak", created_by=people["alice"],
    )  # fmt: skip


def test_submitted_returned_resubmitted_and_recommended(
    client_for: Callable[[str], Client], survey: StatisticalActivity, people: dict[str, User]
) -> None:
    url = f"{BASE}{survey.pk}/rekomendasi/"
    alice, bps = client_for("alice"), client_for("bps")
    assert (
        alice.post(
            url, {"status": "submitted", "submitted_on": "2026-02-02", "note": "FS3 diunggah ke Romantik."}
        ).status_code
        == 302
    )
    no_note = bps.post(url, {"status": "returned"})
    assert no_note.status_code == 400 and "Tulis catatan perbaikan dari BPS." in no_note.content.decode()
    assert bps.post(url, {"status": "returned", "note": "Perjelas kerangka sampel."}).status_code == 302
    assert alice.post(url, {"status": "submitted", "note": "Kerangka sampel diperbaiki."}).status_code == 302
    missing = bps.post(url, {"status": "recommended"})
    assert (
        missing.status_code == 400 and "Wajib diisi bila kegiatan sudah direkomendasikan." in missing.content.decode()
    )
    not_pdf = bps.post(
        url,
        {
            "status": "recommended",
            "number": "R-3514.001",
            "issued_on": "2026-03-01",
            "letter": SimpleUploadedFile("surat.pdf", b"bukan pdf"),
        },
    )
    assert not_pdf.status_code == 400 and "bukan PDF yang sah" in not_pdf.content.decode()
    done = bps.post(
        url,
        {
            "status": "recommended",
            "number": "R-3514.001",
            "issued_on": "2026-03-01",
            "letter": SimpleUploadedFile("surat.pdf", PDF),
        },
    )
    assert done.status_code == 302
    recommendation = Recommendation.objects.get()
    assert (recommendation.status, recommendation.number, str(recommendation.submitted_on)) == (
        RecommendationStatus.RECOMMENDED,
        "R-3514.001",
        "2026-02-02",
    )
    assert list(recommendation.events.values_list("to_status", flat=True)) == [
        "submitted",
        "returned",
        "submitted",
        "recommended",
    ]
    survey.refresh_from_db()
    assert (survey.rekomendasi, survey.identitas_rekomendasi) == ("ya", "R-3514.001")  # flows into MS-Keg
    assert survey.events.get(kind=ActivityEvent.Kind.EDITED).changes == {
        "rekomendasi": ["tidak", "ya"],
        "identitas_rekomendasi": ["", "R-3514.001"],
    }
    letter = client_for("wali").get(url + "surat.pdf")
    assert letter.status_code == 200 and b"".join(letter.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]


def test_only_surveys_and_administrative_compilations(
    client_for: Callable[[str], Client], survey: StatisticalActivity
) -> None:
    survey.cara_pengumpulan = "pencacahan_lengkap"
    survey.save()
    response = client_for("alice").post(f"{BASE}{survey.pk}/rekomendasi/", {"status": "submitted"})
    assert response.status_code == 400 and "survei dan kompilasi produk administrasi" in response.content.decode()
    assert not Recommendation.objects.exists()


def test_who_may_record(client_for: Callable[[str], Client], survey: StatisticalActivity) -> None:
    url = f"{BASE}{survey.pk}/rekomendasi/"
    assert client_for("bob").post(url, {"status": "submitted"}).status_code == 404  # another OPD's draft
    assert client_for("forum").get(url).status_code == 200
    assert client_for("forum").post(url, {"status": "submitted"}).status_code == 403
    assert client_for("wali").post(url, {"status": "submitted"}).status_code == 302
    assert Recommendation.objects.get().events.count() == 1


@pytest.mark.parametrize(("status", "recorder"), [("accepted", "alice"), ("submitted", "bps"), ("accepted", "wali")])
def test_a_recommendation_never_rewrites_metadata_that_cannot_be_edited(
    client_for: Callable[[str], Client], survey: StatisticalActivity, status: str, recorder: str
) -> None:
    # Reviewed or agreed metadata changes only through a new round of review: the recommendation is
    # kept, MS-Keg is left as it was and the page says so.
    survey.status = status
    survey.save()
    url = f"{BASE}{survey.pk}/rekomendasi/"
    data = {"status": "recommended", "number": "R-3514.001", "issued_on": "2026-03-01"}
    response = client_for(recorder).post(url, data, follow=True)
    assert response.status_code == 200
    assert "Identitas Rekomendasi di MS-Keg tidak diubah" in response.content.decode()
    assert Recommendation.objects.get().number == "R-3514.001"
    survey.refresh_from_db()
    assert (survey.status, survey.rekomendasi, survey.identitas_rekomendasi) == (status, "tidak", "")
    assert not survey.events.filter(kind=ActivityEvent.Kind.EDITED).exists()


def test_a_recommendation_on_an_editable_draft_says_nothing_about_ms_keg(
    client_for: Callable[[str], Client], survey: StatisticalActivity
) -> None:
    url = f"{BASE}{survey.pk}/rekomendasi/"
    data = {"status": "recommended", "number": "R-3514.001", "issued_on": "2026-03-01"}
    page = client_for("alice").post(url, data, follow=True).content.decode()
    assert "Rekomendasi tercatat." in page and "tidak diubah" not in page
    survey.refresh_from_db()
    assert survey.identitas_rekomendasi == "R-3514.001"
