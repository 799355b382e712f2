from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from satudata.accounts.models import Organization, User
from satudata.reference.models import DataStandard, DataStandardEvent, StandardStatus

BASE = "/kelola/standar-data/"


def standard_data(org: Organization | None = None, **overrides: Any) -> dict[str, Any]:
    data = {
        "name": "Balita Stunting",
        "concept": "Balita dengan tinggi badan menurut umur di bawah standar pertumbuhan.",
        "definition": "Anak usia 0–59 bulan dengan z-skor TB/U kurang dari -2 SD median standar WHO.",
        "classification": "Jenis kelamin; kelompok umur",
        "measure": "Persentase",
        "unit": "persen",
        "reference": "Permenkes 2/2020 tentang Standar Antropometri Anak",
        "sds_code": "",
        "organization": org.pk if org else "",
    }
    data.update(overrides)
    return data


def test_propose_return_fix_and_agree(
    client_for: Callable[[str], Client], people: dict[str, User], orgs: dict[str, Organization]
) -> None:
    alice = client_for("alice")
    assert alice.post(BASE + "baru/", standard_data(orgs["dinkes"])).status_code == 302
    standard = DataStandard.objects.get()
    assert (standard.code, standard.status, standard.organization) == (
        "SD-0001",
        StandardStatus.PROPOSED,
        orgs["dinkes"],
    )
    # not public yet
    assert "Balita Stunting" not in Client().get("/standar-data/").content.decode()

    bps = client_for("bps")
    empty = bps.post(f"{BASE}{standard.pk}/", {"decision": "return", "note": ""})
    assert empty.status_code == 400 and "Tulis apa yang perlu diperbaiki" in empty.content.decode()
    assert (
        bps.post(f"{BASE}{standard.pk}/", {"decision": "return", "note": "Rujuk SDS BPS untuk stunting."}).status_code
        == 302
    )
    standard.refresh_from_db()
    assert standard.status == StandardStatus.NEEDS_REVISION

    fixed = standard_data(orgs["dinkes"], sds_code="SDS-2023-0412")
    assert alice.post(f"{BASE}{standard.pk}/ubah/", fixed).status_code == 302
    standard.refresh_from_db()
    assert standard.status == StandardStatus.PROPOSED and standard.sds_code == "SDS-2023-0412"
    assert client_for("wali").post(f"{BASE}{standard.pk}/", {"decision": "accept", "note": ""}).status_code == 302
    standard.refresh_from_db()
    assert standard.status == StandardStatus.ACCEPTED
    assert list(standard.events.values_list("kind", "to_status")) == [
        ("proposed", "proposed"), ("reviewed", "needs_revision"), ("edited", "proposed"), ("reviewed", "accepted"),
    ]  # fmt: skip
    assert standard.events.get(kind=DataStandardEvent.Kind.EDITED).changes == {"sds_code": ["", "SDS-2023-0412"]}
    assert alice.post(f"{BASE}{standard.pk}/ubah/", fixed).status_code == 403  # agreed: fixed
    public = Client().get("/standar-data/?q=stunting").content.decode()
    assert "Balita Stunting" in public and "SDS-2023-0412" in public


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Jumlah Penduduk", "tidak boleh diawali ukuran (&#x27;Jumlah&#x27;)"),
        ("Penduduk Miskin.", "tidak boleh memuat tanda titik"),
        ("penduduk", "diawali huruf kapital"),
    ],
)
def test_indah_naming_rules(
    client_for: Callable[[str], Client], orgs: dict[str, Organization], name: str, message: str
) -> None:
    response = client_for("alice").post(BASE + "baru/", standard_data(orgs["dinkes"], name=name))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DataStandard.objects.exists()


def test_duplicate_names_and_missing_fields(client_for: Callable[[str], Client], orgs: dict[str, Organization]) -> None:
    alice = client_for("alice")
    alice.post(BASE + "baru/", standard_data(orgs["dinkes"]))
    twice = alice.post(BASE + "baru/", standard_data(orgs["dinkes"], name="Balita  STUNTING"))
    assert twice.status_code == 400 and "sudah ada" in twice.content.decode()
    empty = alice.post(BASE + "baru/", standard_data(orgs["dinkes"], definition="", measure=""))
    assert empty.status_code == 400 and empty.content.decode().count("tidak boleh kosong") >= 2
    assert DataStandard.objects.count() == 1


def test_a_producer_proposes_for_its_own_opd_only(
    client_for: Callable[[str], Client], people: dict[str, User], orgs: dict[str, Organization]
) -> None:
    response = client_for("alice").post(BASE + "baru/", standard_data(orgs["dispendik"]))
    assert response.status_code == 400 and "Masukkan pilihan yang valid" in response.content.decode()
    client_for("alice").post(BASE + "baru/", standard_data(orgs["dinkes"]))
    standard = DataStandard.objects.get()
    assert client_for("bob").post(f"{BASE}{standard.pk}/ubah/", standard_data(orgs["dispendik"])).status_code == 403
    assert client_for("forum").post(f"{BASE}{standard.pk}/", {"decision": "accept"}).status_code == 403
    assert client_for("alice").post(f"{BASE}{standard.pk}/", {"decision": "accept"}).status_code == 403
    standard.refresh_from_db()
    assert standard.status == StandardStatus.PROPOSED


def test_roles_that_cannot_propose(client_for: Callable[[str], Client], orgs: dict[str, Organization]) -> None:
    assert client_for("bps").post(BASE + "baru/", standard_data(orgs["dinkes"])).status_code == 403
    assert client_for("forum").post(BASE + "baru/", standard_data(orgs["dinkes"])).status_code == 403
    assert client_for("anonymous").get(BASE).status_code == 302
    assert not DataStandard.objects.exists()


def test_the_walidata_records_a_regency_wide_standard(
    client_for: Callable[[str], Client], people: dict[str, User]
) -> None:
    assert (
        client_for("wali")
        .post(BASE + "baru/", standard_data(None, name="Penduduk", measure="Jumlah", unit="jiwa"))
        .status_code
        == 302
    )
    assert DataStandard.objects.get().organization is None
