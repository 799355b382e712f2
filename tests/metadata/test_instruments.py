from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from satudata.accounts.models import Organization, User
from satudata.metadata.actions import do_record_recommendation
from satudata.metadata.models import Instrument, StatisticalActivity
from satudata.planning.models import Cycle

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BASE = "/kelola/siklus/2026/kegiatan/"


@pytest.fixture
def survey(cycle: Cycle, orgs: dict[str, Organization], people: dict[str, User]) -> StatisticalActivity:
    return StatisticalActivity.objects.create(
        cycle=cycle,
        organization=orgs["dinkes"],
        title="Survei Status Gizi Balita",
        year=2026,
        cara_pengumpulan="survei",
        created_by=people["alice"],
    )


def upload(version: str, content: bytes = PDF, name: str = "kuesioner.pdf") -> dict[str, object]:
    return {
        "title": "Kuesioner SSGB.RT",
        "version": version,
        "dated": "2026-02-20",
        "file": SimpleUploadedFile(name, content),
    }


def test_versions_carry_the_recommendation_number_and_the_latest_is_shown(
    client_for: Callable[[str], Client], survey: StatisticalActivity, people: dict[str, User]
) -> None:
    alice = client_for("alice")
    url = f"{BASE}{survey.pk}/instrumen/"
    assert alice.post(url, upload("1.0")).status_code == 302
    do_record_recommendation(activity=survey, status="submitted", acting_user=people["alice"])
    do_record_recommendation(
        activity=survey, status="recommended", number="R-3514.001", issued_on="2026-03-01", acting_user=people["bps"]
    )
    assert alice.post(url, upload("1.1") | {"dated": "2026-03-05"}).status_code == 302
    first, second = Instrument.objects.order_by("id")
    assert (first.recommendation_number, second.recommendation_number) == ("", "R-3514.001")
    page = client_for("bps").get(url).content.decode()
    assert page.index("1.1") < page.index("1.0") and "terbaru" in page
    download = client_for("wali").get(f"{url}{second.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]


def test_bad_files_and_roles(client_for: Callable[[str], Client], survey: StatisticalActivity) -> None:
    url = f"{BASE}{survey.pk}/instrumen/"
    fake = client_for("alice").post(url, upload("1.0", b"bukan pdf"))
    assert fake.status_code == 400 and "bukan PDF yang sah" in fake.content.decode()
    exe = client_for("alice").post(url, upload("1.0", b"MZ", "kuesioner.exe"))
    assert exe.status_code == 400 and "bukan jenis yang diterima" in exe.content.decode()
    assert client_for("bps").post(url, upload("1.0")).status_code == 403
    assert client_for("forum").post(url, upload("1.0")).status_code == 403
    assert client_for("bob").post(url, upload("1.0")).status_code == 404
    assert not Instrument.objects.exists()
