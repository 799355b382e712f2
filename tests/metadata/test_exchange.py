"""The exchange through its pages and commands: downloads, import with every error listed, the log."""

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from python_calamine import CalamineWorkbook

from satudata.accounts.models import Organization, User
from satudata.metadata.models import MetadataExchange, StatisticalActivity
from satudata.planning.models import Cycle
from tests.metadata.test_rules import stratified_survey

BASE = "/kelola/siklus/2026/kegiatan/"


@pytest.fixture
def survey(
    cycle: Cycle, orgs: dict[str, Organization], people: dict[str, User], pasuruan_wilayah: None
) -> StatisticalActivity:
    activity = stratified_survey(cycle=cycle, organization=orgs["dinkes"], created_by=people["alice"])
    activity.save()
    return activity


def test_downloads_and_reimport_through_the_pages(
    client_for: Callable[[str], Client], survey: StatisticalActivity, orgs: dict[str, Organization]
) -> None:
    alice = client_for("alice")
    xlsx = alice.get(f"{BASE}{survey.pk}/ekspor/xlsx/")
    assert xlsx.status_code == 200 and xlsx["Content-Disposition"].endswith('.xlsx"')
    assert CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content)).sheet_names == ["MS-Keg", "MS-Var", "MS-Ind"]
    exported = alice.get(f"{BASE}{survey.pk}/ekspor/indah-json/")
    assert json.loads(exported.content)["kegiatan"]["data"]["cara_pengumpulan_data"] == "SURVEI"
    response = alice.post(
        BASE + "impor/", {"organization": orgs["dinkes"].pk, "file": SimpleUploadedFile("m.json", exported.content)}
    )
    assert response.status_code == 302
    copy = StatisticalActivity.objects.exclude(pk=survey.pk).get()
    assert (copy.status, copy.title, copy.metode_sampel, copy.jadwal) == (
        "draft",
        survey.title,
        survey.metode_sampel,
        survey.jadwal,
    )
    assert list(MetadataExchange.objects.order_by("id").values_list("direction", "format", "ok")) == [
        ("export", "xlsx", True), ("export", "indah-json", True), ("import", "indah-json", True),
    ]  # fmt: skip


def test_a_bad_file_is_refused_with_every_problem_and_logged(
    client_for: Callable[[str], Client], survey: StatisticalActivity, orgs: dict[str, Organization]
) -> None:
    document = json.loads(client_for("alice").get(f"{BASE}{survey.pk}/ekspor/indah-json/").content)
    document["kegiatan"]["data"]["cara_pengumpulan_data"] = "TELEPATI"
    response = client_for("alice").post(
        BASE + "impor/",
        {"organization": orgs["dinkes"].pk, "file": SimpleUploadedFile("m.json", json.dumps(document).encode())},
    )
    assert response.status_code == 400
    assert "cara_pengumpulan_data" in response.content.decode() and "TELEPATI" in response.content.decode()
    broken = client_for("alice").post(
        BASE + "impor/", {"organization": orgs["dinkes"].pk, "file": SimpleUploadedFile("m.json", b"{not json")}
    )
    assert broken.status_code == 400 and "bukan JSON yang sah" in broken.content.decode()
    assert StatisticalActivity.objects.count() == 1
    assert MetadataExchange.objects.filter(direction="import", ok=False).count() == 2


def test_who_may_import_and_export(
    client_for: Callable[[str], Client], survey: StatisticalActivity, orgs: dict[str, Organization]
) -> None:
    assert client_for("bob").get(f"{BASE}{survey.pk}/ekspor/xlsx/").status_code == 404
    assert client_for("bps").get(f"{BASE}{survey.pk}/ekspor/xlsx/").status_code == 200
    assert client_for("bps").get(BASE + "impor/").status_code == 403
    body = client_for("alice").get(f"{BASE}{survey.pk}/ekspor/indah-json/").content
    # a producer imports for its own OPD only
    response = client_for("alice").post(
        BASE + "impor/", {"organization": orgs["dispendik"].pk, "file": SimpleUploadedFile("m.json", body)}
    )
    assert response.status_code == 400
    assert StatisticalActivity.objects.count() == 1


def test_the_commands(survey: StatisticalActivity, people: dict[str, User], tmp_path: Path) -> None:
    target = tmp_path / "m.json"
    call_command("export_metadata", str(survey.pk), "--format", "indah-json", "--output", str(target))
    call_command("export_metadata", str(survey.pk), "--format", "xlsx", "--output", str(tmp_path / "m.xlsx"))
    assert (tmp_path / "m.xlsx").read_bytes().startswith(b"PK")
    call_command("import_metadata", str(target), "--cycle", "2026", "--organization", "dinkes", "--user", "wali")
    assert StatisticalActivity.objects.count() == 2
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "lain"}')
    with pytest.raises(CommandError, match="Berkas ditolak"):
        call_command("import_metadata", str(bad), "--cycle", "2026", "--organization", "dinkes", "--user", "wali")
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("export_metadata", "999", "--output", str(target))


def test_the_printable_form_renders_in_form_order_with_legacy_codes(
    client_for: Callable[[str], Client], survey: StatisticalActivity
) -> None:
    from pypdf import PdfReader

    from satudata.metadata.models import Indicator, Variable

    Variable.objects.create(activity=survey, name="Tinggi Badan Balita", alias="tinggi_badan", value_domain=[])
    Indicator.objects.create(activity=survey, name="Prevalensi Stunting", komposit="tidak",
                             variabel_pembangun=[{"kegiatan": survey.title, "kode": "V01", "nama": "Tinggi Badan Balita"}])  # fmt: skip
    response = client_for("bps").get(f"{BASE}{survey.pk}/formulir.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for heading in ("METADATA STATISTIK KEGIATAN", "METADATA STATISTIK VARIABEL", "METADATA STATISTIK INDIKATOR"):
        assert heading in text
    assert text.index("Blok I.") < text.index("Blok IV.") < text.index("Blok VIII.")
    assert "Wawancara" in text and "Tinggi Badan Balita" in text and "V01" in text
    assert client_for("bob").get(f"{BASE}{survey.pk}/formulir.pdf").status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"), [("m.txt", b"{}", "bukan jenis yang diterima (.json)"), ("m.json", b"", "kosong")]
)
def test_import_refuses_other_or_empty_files(
    client_for: Callable[[str], Client],
    cycle: Cycle,
    orgs: dict[str, Organization],
    name: str,
    content: bytes,
    message: str,
) -> None:
    response = client_for("alice").post(
        BASE + "impor/", {"organization": orgs["dinkes"].pk, "file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert not StatisticalActivity.objects.exists()
