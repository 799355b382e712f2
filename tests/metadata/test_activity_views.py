"""The MS-Keg form through its pages: blocks saved as drafts, contradictions refused with the item
named, submission, field-by-field review, and every role's access."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from satudata.accounts.models import Organization, User
from satudata.metadata.actions import do_review_activity
from satudata.metadata.forms import BLOCK_FIELDS, ActivityReviewForm
from satudata.metadata.models import ActivityEvent, MetadataStatus, StatisticalActivity
from satudata.planning.models import Cycle, DaftarDataItem
from tests.metadata.test_rules import SCHEDULE, stratified_survey

BASE = "/kelola/siklus/2026/kegiatan/"


def block_post(block: str, **overrides: Any) -> dict[str, Any]:
    """The POST data of a block form, from the complete stratified survey."""
    source = stratified_survey()
    data: dict[str, Any] = {}
    for field in BLOCK_FIELDS[block]:
        if field == "daftar_items":
            continue
        value = getattr(source, field)
        data[field] = "" if value is None else value
    if block == "III":
        for stage, (start, end) in SCHEDULE.items():
            data[f"{stage}__start"], data[f"{stage}__end"] = start, end
    if block == "IV":
        data["wilayah"] = "35.14"
    if block == "VII":
        data |= {f"tahap__{k}": "ya" if v else "tidak" for k, v in source.tahapan_pengolahan.items()}
    if block == "VIII":
        data |= {
            "produk__tercetak": "tidak",
            "produk__digital": "ya",
            "produk__data_mikro": "tidak",
            "rilis__digital": "2026-07-15",
        }
    data.update(overrides)
    return data


def fill(client: Client, activity: StatisticalActivity) -> None:
    for block in ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]:
        response = client.post(f"{BASE}{activity.pk}/blok/{block}/", block_post(block))
        assert response.status_code == 302, (block, response.content.decode()[-3000:])
    variable = {
        "number": 1, "name": "Tinggi Badan Balita", "alias": "tinggi_badan", "konsep": "Tinggi badan", "definisi": "Panjang atau tinggi badan anak",
        "referensi_pemilihan": "Balita 0–59 bulan", "referensi_waktu": "Saat pengukuran", "ukuran": "Panjang", "satuan": "cm",
        "tipe_data": "numerik", "aturan_validasi": "45 ≤ tinggi ≤ 130", "kalimat_pertanyaan": "Berapa tinggi badan anak?",
        "dapat_diakses_umum": "tidak", "value_domain_text": "",
    }  # fmt: skip
    assert client.post(f"{BASE}{activity.pk}/variabel/baru/", variable).status_code == 302
    indicator = {
        "number": 1, "name": "Prevalensi Stunting", "konsep": "Stunting", "definisi": "Persentase balita pendek", "interpretasi": "Makin tinggi makin buruk",
        "metode_perhitungan": "Balita pendek dibagi balita diukur", "rumus": "", "ukuran": "Persentase", "satuan": "persen",
        "klasifikasi_penyajian": "Kecamatan", "komposit": "tidak", "level_estimasi": "Kabupaten", "dapat_diakses_umum": "ya",
        "builders_text": "", "variables_text": "Survei Status Gizi Balita | V01 | Tinggi Badan Balita",
    }  # fmt: skip
    assert client.post(f"{BASE}{activity.pk}/indikator/baru/", indicator).status_code == 302


@pytest.fixture
def wilayah(pasuruan_wilayah: None) -> None:
    return None


@pytest.fixture
def activity(
    client_for: Callable[[str], Client], cycle: Cycle, orgs: dict[str, Organization], wilayah: None
) -> StatisticalActivity:
    header = block_post("header") | {"organization": orgs["dinkes"].pk}
    response = client_for("alice").post(BASE + "baru/", header)
    assert response.status_code == 302, response.content.decode()[-2000:]
    return StatisticalActivity.objects.get()


def test_a_producer_fills_the_ms_keg_of_a_stratified_survey_block_by_block(
    client_for: Callable[[str], Client], activity: StatisticalActivity
) -> None:
    alice = client_for("alice")
    page = alice.get(f"{BASE}{activity.pk}/").content.decode()
    assert "Blok V. Desain Sampel" in page and "wajib diisi" in page
    fill(alice, activity)
    activity.refresh_from_db()
    assert activity.metode_pengumpulan == ["pengamatan", "wawancara"]
    assert activity.jadwal["desain"] == ["2026-02-02", "2026-02-27"]
    assert activity.produk == {"tercetak": False, "digital": True, "data_mikro": False}
    page = alice.get(f"{BASE}{activity.pk}/").content.decode()
    assert "MS-Keg, MS-Var dan MS-Ind lengkap dan tidak bertentangan." in page
    assert alice.post(f"{BASE}{activity.pk}/ajukan/").status_code == 302
    activity.refresh_from_db()
    assert activity.status == MetadataStatus.SUBMITTED
    # edits stay in the history, block by block
    assert activity.events.filter(kind=ActivityEvent.Kind.EDITED).count() >= 8


@pytest.mark.parametrize(
    ("block", "overrides", "message"),
    [
        ("V", {"metode_pemilihan_sampel": "sampel_nonprobabilitas", "metode_sampel": "purposive_sampling", "kerangka_sampel": "", "fraksi_sampel": ""},
         "5.6 Nilai Perkiraan Sampling Error Variabel Utama: harus kosong karena sampel nonprobabilitas tidak memiliki"),
        ("III", {"desain__start": "2026-02-27", "desain__end": "2026-02-02"},
         "3.3 Desain: tanggal selesai (02-02-2026) sebelum tanggal mulai (27-02-2026)."),
        ("IV", {"dilakukan": "hanya_sekali"}, "4.2 Frekuensi Penyelenggaraan: harus kosong karena kegiatan tidak berulang."),
        ("IV", {"wilayah": "35.14, 99.99"}, "Bukan kode kabupaten/kota: 99.99."),
    ],
)  # fmt: skip
def test_contradictions_are_refused_and_nothing_is_saved(
    client_for: Callable[[str], Client],
    activity: StatisticalActivity,
    block: str,
    overrides: dict[str, Any],
    message: str,
) -> None:
    response = client_for("alice").post(f"{BASE}{activity.pk}/blok/{block}/", block_post(block, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not activity.events.filter(kind=ActivityEvent.Kind.EDITED).exists()


def test_block_v_on_an_administrative_compilation_is_refused(
    client_for: Callable[[str], Client], activity: StatisticalActivity
) -> None:
    alice = client_for("alice")
    assert alice.post(f"{BASE}{activity.pk}/blok/V/", block_post("V")).status_code == 302
    header = block_post("header", cara_pengumpulan="kompilasi_produk_administrasi")
    response = alice.post(f"{BASE}{activity.pk}/blok/header/", header)
    assert response.status_code == 400
    assert (
        "5.1 Jenis Rancangan Sampel: harus kosong karena Blok V hanya diisi untuk Survei." in response.content.decode()
    )
    activity.refresh_from_db()
    assert activity.cara_pengumpulan == "survei"


def test_an_incomplete_activity_cannot_be_submitted(
    client_for: Callable[[str], Client], activity: StatisticalActivity
) -> None:
    response = client_for("alice").post(f"{BASE}{activity.pk}/ajukan/", follow=True)
    assert "Belum dapat diajukan" in response.content.decode()
    activity.refresh_from_db()
    assert activity.status == MetadataStatus.DRAFT


def review_post(**needs_revision: str) -> dict[str, str]:
    form = ActivityReviewForm(activity=StatisticalActivity())
    data = {f"decision_{f}": "accepted" for f in form.review_fields}
    for field, comment in needs_revision.items():
        data[f"decision_{field}"], data[f"comment_{field}"] = "needs_revision", comment
    return data


def test_walidata_returns_two_fields_producer_fixes_and_it_is_agreed(
    client_for: Callable[[str], Client], activity: StatisticalActivity
) -> None:
    alice, wali = client_for("alice"), client_for("wali")
    fill(alice, activity)
    alice.post(f"{BASE}{activity.pk}/ajukan/")
    empty = wali.post(f"{BASE}{activity.pk}/reviu/", review_post(tujuan=""))
    assert empty.status_code == 400 and "Tulis apa yang perlu diperbaiki pada isian ini." in empty.content.decode()
    returned = review_post(
        tujuan="Sebutkan indikator RPJMD yang dipantau.", unit_observasi="Gunakan istilah baku: balita 0–59 bulan."
    )
    assert wali.post(f"{BASE}{activity.pk}/reviu/", returned).status_code == 302
    activity.refresh_from_db()
    assert activity.status == MetadataStatus.NEEDS_REVISION
    page = alice.get(f"{BASE}{activity.pk}/").content.decode()
    assert "Sebutkan indikator RPJMD yang dipantau." in page and "Gunakan istilah baku" in page
    assert (
        alice.post(
            f"{BASE}{activity.pk}/blok/III/",
            block_post("III", tujuan="Mengukur prevalensi stunting (indikator RPJMD 3.2)."),
        ).status_code
        == 302
    )
    assert (
        alice.post(f"{BASE}{activity.pk}/blok/V/", block_post("V", unit_observasi="Balita 0–59 bulan")).status_code
        == 302
    )
    assert alice.post(f"{BASE}{activity.pk}/ajukan/").status_code == 302
    assert wali.post(f"{BASE}{activity.pk}/reviu/", review_post()).status_code == 302
    activity.refresh_from_db()
    assert activity.status == MetadataStatus.ACCEPTED
    assert alice.post(f"{BASE}{activity.pk}/blok/I/", block_post("I")).status_code == 403  # agreed: read-only


def test_a_priority_activity_needs_the_pembina_too(
    client_for: Callable[[str], Client],
    activity: StatisticalActivity,
    people: dict[str, User],
    orgs: dict[str, Organization],
    make_item: Callable[..., DaftarDataItem],
) -> None:
    priority = make_item(people["alice"], orgs["dinkes"], is_priority=True)
    activity.daftar_items.add(priority)
    alice = client_for("alice")
    fill(alice, activity)
    alice.post(f"{BASE}{activity.pk}/ajukan/")
    client_for("wali").post(f"{BASE}{activity.pk}/reviu/", review_post())
    activity.refresh_from_db()
    assert activity.status == MetadataStatus.SUBMITTED  # waits for BPS
    client_for("bps").post(f"{BASE}{activity.pk}/reviu/", review_post())
    activity.refresh_from_db()
    assert activity.status == MetadataStatus.ACCEPTED
    roles = list(activity.events.filter(kind="reviewed").values_list("reviewer_role", flat=True))
    assert roles == ["walidata", "pembina"]


def test_a_site_admin_review_never_stands_in_for_bps(
    activity: StatisticalActivity,
    people: dict[str, User],
    orgs: dict[str, Organization],
    make_item: Callable[..., DaftarDataItem],
    client_for: Callable[[str], Client],
) -> None:
    activity.daftar_items.add(make_item(people["alice"], orgs["dinkes"], is_priority=True))
    fill(client_for("alice"), activity)
    client_for("alice").post(f"{BASE}{activity.pk}/ajukan/")
    activity.refresh_from_db()
    reviews = {f: {"decision": "accepted", "comment": ""} for f in ActivityReviewForm(activity=activity).review_fields}
    do_review_activity(activity=activity, field_reviews=reviews, acting_user=people["admin"])
    assert activity.status == MetadataStatus.SUBMITTED


def test_access_for_every_role(client_for: Callable[[str], Client], activity: StatisticalActivity) -> None:
    url = f"{BASE}{activity.pk}/"
    for name in ["wali", "bps", "forum", "admin", "alice"]:
        assert client_for(name).get(url).status_code == 200, name
    assert client_for("bob").get(url).status_code == 404  # another OPD's draft
    assert client_for("bob").post(url + "blok/I/", block_post("I")).status_code == 404
    assert client_for("nobody").get(url).status_code == 403
    assert client_for("anonymous").get(url).status_code == 302
    for name in ["bps", "forum"]:
        assert client_for(name).post(url + "blok/I/", block_post("I")).status_code == 403, name
    assert client_for("alice").get(url + "reviu/").status_code == 403
    assert client_for("forum").get(url + "reviu/").status_code == 403
    assert (
        client_for("bob")
        .post(BASE + "baru/", block_post("header") | {"organization": activity.organization_id})
        .status_code
        == 400
    )
    assert StatisticalActivity.objects.count() == 1


def test_composite_rule_on_indicators(client_for: Callable[[str], Client], activity: StatisticalActivity) -> None:
    data = {
        "number": 1, "name": "Indeks Pembangunan Manusia", "konsep": "k", "definisi": "d", "interpretasi": "i", "metode_perhitungan": "m",
        "ukuran": "Indeks", "satuan": "poin", "klasifikasi_penyajian": "Kabupaten", "komposit": "ya", "level_estimasi": "Kabupaten",
        "dapat_diakses_umum": "ya", "builders_text": "Angka Harapan Hidup | Statistik Kesejahteraan",
        "variables_text": "Survei X | V1 | Umur",
    }  # fmt: skip
    response = client_for("alice").post(f"{BASE}{activity.pk}/indikator/baru/", data)
    assert response.status_code == 400
    assert "(13)–(15) Variabel Pembangun harus kosong karena indikator komposit." in response.content.decode()
    bad_lines = client_for("alice").post(
        f"{BASE}{activity.pk}/indikator/baru/", data | {"variables_text": "", "builders_text": "hanya satu bagian"}
    )
    assert "(11)–(12) baris 1: tulis 2 bagian dipisah" in bad_lines.content.decode()
    assert not activity.indicators.exists()


def test_the_block_page_names_its_block(client_for: Callable[[str], Client], activity: StatisticalActivity) -> None:
    html = client_for("alice").get(f"{BASE}{activity.pk}/blok/V/").content.decode()
    assert f'<h1 class="h4">{activity.title}: Blok V. Desain Sampel</h1>' in html
    assert "list-group-item-action d-flex justify-content-between align-items-center active" in html


def test_reviewers_read_every_item_of_the_ms_keg(
    client_for: Callable[[str], Client], activity: StatisticalActivity
) -> None:
    fill(client_for("alice"), activity)
    html = client_for("bps").get(f"{BASE}{activity.pk}/").content.decode()
    assert "Stratified Random Sampling" in html and "RSE 6,8%" in html and "dr. Anisa Rahma" in html
    assert f"{BASE}{activity.pk}/blok/" not in html  # no edit links for a reader


def test_variable_and_indicator_rows_are_reviewed_too(
    client_for: Callable[[str], Client], activity: StatisticalActivity
) -> None:
    alice, wali = client_for("alice"), client_for("wali")
    fill(alice, activity)
    alice.post(f"{BASE}{activity.pk}/ajukan/")
    variable = activity.variables.get()
    page = wali.get(f"{BASE}{activity.pk}/reviu/").content.decode()
    assert "MS-Var 1. Tinggi Badan Balita" in page and "MS-Ind 1. Prevalensi Stunting" in page
    data = review_post() | {
        f"decision_var:{variable.pk}": "needs_revision",
        f"comment_var:{variable.pk}": "Satuan harus sentimeter dengan satu desimal.",
    }
    assert wali.post(f"{BASE}{activity.pk}/reviu/", data).status_code == 302
    activity.refresh_from_db()
    assert activity.status == MetadataStatus.NEEDS_REVISION
    assert "MS-Var 1. Tinggi Badan Balita: Satuan harus sentimeter dengan satu desimal." in alice.get(
        f"{BASE}{activity.pk}/"
    ).content.decode().replace("\n", " ")


def test_a_single_opd_producer_gets_it_preselected(
    client_for: Callable[[str], Client], cycle: Cycle, orgs: dict[str, Organization]
) -> None:
    html = client_for("alice").get(BASE + "baru/").content.decode()
    assert f'<option value="{orgs["dinkes"].pk}" selected>Dinas Kesehatan</option>' in html


def test_linking_daftar_data_items_is_saved_and_recorded(
    client_for: Callable[[str], Client],
    activity: StatisticalActivity,
    people: dict[str, User],
    orgs: dict[str, Organization],
    make_item: Callable[..., DaftarDataItem],
) -> None:
    item = make_item(people["alice"], orgs["dinkes"])
    response = client_for("alice").post(
        f"{BASE}{activity.pk}/blok/header/", block_post("header") | {"daftar_items": [item.pk]}
    )
    assert response.status_code == 302
    assert list(activity.daftar_items.all()) == [item]
    event = activity.events.filter(kind=ActivityEvent.Kind.EDITED).get()
    assert event.changes == {"daftar_items": [[], [item.pk]]}
    # saving again without a change records nothing
    client_for("alice").post(f"{BASE}{activity.pk}/blok/header/", block_post("header") | {"daftar_items": [item.pk]})
    assert activity.events.filter(kind=ActivityEvent.Kind.EDITED).count() == 1


def test_the_detail_page_reads_variables_with_their_standards_in_one_query(
    client_for: Callable[[str], Client], activity: StatisticalActivity, people: dict[str, User]
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from satudata.metadata.models import Variable
    from satudata.reference.models import DataStandard

    def queries_for_detail_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            page = alice.get(f"{BASE}{activity.pk}/")
        assert page.status_code == 200
        return len(captured)

    alice = client_for("alice")
    for number in (1, 2, 3):
        standard = DataStandard.objects.create(
            code=f"SD-{number}", name=f"Konsep {number}", concept="k", definition="d", measure="Jumlah", unit="unit",
            proposed_by=people["alice"],
        )  # fmt: skip
        Variable.objects.create(activity=activity, number=number, name=f"Variabel {number}", standard=standard)
        if number == 1:
            one = queries_for_detail_page()
    three = queries_for_detail_page()
    assert three == one
    assert "(SD-3)" in alice.get(f"{BASE}{activity.pk}/").content.decode()


def test_the_detail_page_lists_the_same_problems_as_submission(
    client_for: Callable[[str], Client], activity: StatisticalActivity
) -> None:
    from satudata.metadata.actions import submission_problems
    from satudata.metadata.models import Variable

    Variable.objects.create(activity=activity, number=1, name="Tinggi Badan")
    response = client_for("alice").get(f"{BASE}{activity.pk}/")
    assert response.context["problems"] == submission_problems(activity)
    assert any(p.startswith("MS-Var Tinggi Badan:") for p in response.context["problems"])


def test_the_history_names_the_reviewers_role(
    client_for: Callable[[str], Client], activity: StatisticalActivity, people: dict[str, User]
) -> None:
    ActivityEvent.objects.create(
        activity=activity, kind=ActivityEvent.Kind.REVIEWED, actor=people["bps"], reviewer_role="pembina",
        from_status=MetadataStatus.SUBMITTED, to_status=MetadataStatus.SUBMITTED,
    )  # fmt: skip
    html = client_for("alice").get(f"{BASE}{activity.pk}/").content.decode()
    assert "(Pembina Data (BPS))" in html and "(pembina)" not in html


def test_the_review_covers_every_ms_keg_item_in_block_order(activity: StatisticalActivity) -> None:
    from satudata.metadata.forms import JSON_BLOCK_FIELDS

    fields = ActivityReviewForm(activity=activity).review_fields
    expected = [f for block in BLOCK_FIELDS.values() for f in block]
    expected += [f for block in JSON_BLOCK_FIELDS.values() for f in block]
    assert fields == expected
    assert expected[-5:] == ["jadwal", "wilayah_kegiatan", "tahapan_pengolahan", "produk", "rencana_rilis"]
