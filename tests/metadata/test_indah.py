"""INDAH v2 JSON: export, import, and the round trip between them (domain-reference §2, §3.2)."""

import copy
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from satudata.accounts.models import Organization, User
from satudata.metadata import indah
from satudata.metadata.models import ActivityEvent, Indicator, MetadataStatus, StatisticalActivity, Variable
from satudata.planning.models import Cycle
from satudata.reference.models import DataStandard
from tests.metadata.test_rules import stratified_survey

# Whatever the import may set differently from the original.
NOT_COMPARED = {"id", "status", "created", "updated", "cycle", "organization", "created_by", "activity"}


def save_survey(
    cycle: Cycle, orgs: dict[str, Organization], people: dict[str, User], **overrides: Any
) -> StatisticalActivity:
    # Multi-choice items are stored sorted (as the block forms store them).
    overrides.setdefault("metode_pengumpulan", ["pengamatan", "wawancara"])
    activity = stratified_survey(**overrides)
    activity.cycle, activity.organization, activity.created_by = cycle, orgs["dinkes"], people["alice"]
    activity.save()
    return activity


@pytest.fixture
def standard(people: dict[str, User]) -> DataStandard:
    return DataStandard.objects.create(
        code="SD-0001", name="Tinggi Badan Balita", concept="Ukuran panjang tubuh balita.",
        definition="Tinggi badan balita diukur dalam posisi berdiri.", measure="Rata-rata", unit="cm",
        sds_code="SDS-3514-0001", proposed_by=people["alice"],
    )  # fmt: skip


@pytest.fixture
def survey(
    cycle: Cycle, orgs: dict[str, Organization], people: dict[str, User], standard: DataStandard
) -> StatisticalActivity:
    """The complete stratified survey with 2 variables (one with a value domain) and 2 indicators
    (one composite, one not)."""
    activity = save_survey(cycle, orgs, people)
    Variable.objects.create(
        activity=activity, number=1, name="Jenis Kelamin Balita", alias="jk", konsep="Jenis kelamin\nBalita",
        definisi="Jenis kelamin balita menurut pengamatan.", referensi_pemilihan="Balita; Rumah tangga sampel",
        referensi_waktu="Saat pencacahan", ukuran="Kategori", satuan="-", tipe_data="karakter",
        value_domain=[{"kode": "1", "nilai": "Laki-laki"}, {"kode": "2", "nilai": "Perempuan"}],
        aturan_validasi="HARUS TERISI\nKode 1 atau 2", kalimat_pertanyaan="Apa jenis kelamin balita?",
        dapat_diakses_umum="ya",
    )  # fmt: skip
    Variable.objects.create(
        activity=activity, number=2, name="Tinggi Badan Balita", alias="tb", konsep="Tinggi badan",
        definisi="Tinggi badan dalam sentimeter.", referensi_pemilihan="Balita usia 0–59 bulan",
        referensi_waktu="Saat pengukuran", ukuran="Panjang", satuan="cm", tipe_data="numerik",
        aturan_validasi="Antara 40 dan 130", kalimat_pertanyaan="Berapa tinggi badan balita?",
        dapat_diakses_umum="tidak", standard=standard,
    )  # fmt: skip
    Indicator.objects.create(
        activity=activity, number=1, name="Prevalensi Stunting Balita", konsep="Stunting", definisi="Persentase balita pendek.",
        interpretasi="Makin tinggi makin buruk.", metode_perhitungan="Balita pendek dibagi balita diukur, dikali 100.",
        rumus=r"\frac{B_{pendek}}{B} \times 100", ukuran="Persentase", satuan="persen",
        klasifikasi_penyajian="Kecamatan, Jenis Kelamin", komposit="tidak", level_estimasi="Kabupaten/Kota",
        dapat_diakses_umum="ya",
        variabel_pembangun=[
            {"kegiatan": "Survei Status Gizi Balita", "kode": "V02", "nama": "Tinggi Badan Balita"},
            {"kegiatan": "Survei Status Gizi Balita", "kode": "V01", "nama": "Jenis Kelamin Balita"},
        ],
    )  # fmt: skip
    Indicator.objects.create(
        activity=activity, number=2, name="Indeks Gizi Balita", konsep="Gizi balita\nKomposit",
        definisi="Gabungan prevalensi stunting dan wasting.", interpretasi="Makin tinggi makin baik.",
        metode_perhitungan="Rata-rata geometrik.", ukuran="Indeks", satuan="-",
        klasifikasi_penyajian="Kecamatan;Desa", komposit="ya", level_estimasi="Kabupaten/Kota", dapat_diakses_umum="tidak",
        indikator_pembangun=[
            {"nama": "Prevalensi Stunting Balita", "publikasi": "Profil Kesehatan 2025; Kabupaten Pasuruan Dalam Angka"},
            {"nama": "Prevalensi Wasting Balita", "publikasi": "Profil Kesehatan 2025"},
        ],
    )  # fmt: skip
    return activity


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (StatisticalActivity, Variable, Indicator, ActivityEvent))


def values(row: models.Model) -> dict[str, Any]:
    return {f.name: getattr(row, f.name) for f in row._meta.concrete_fields if f.name not in NOT_COMPARED}


def rows(activity: StatisticalActivity) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return [values(v) for v in activity.variables.all()], [values(i) for i in activity.indicators.all()]


def import_as_alice(
    document: Any, cycle: Cycle, orgs: dict[str, Organization], people: dict[str, User]
) -> StatisticalActivity:
    return indah.import_activity(document, cycle=cycle, organization=orgs["dinkes"], acting_user=people["alice"])


def errors_of(document: Any, cycle: Cycle, orgs: dict[str, Organization], people: dict[str, User]) -> list[str]:
    before = counts()
    with pytest.raises(ValidationError) as caught:
        import_as_alice(document, cycle, orgs, people)
    assert counts() == before, "nothing may be written when the document is refused"
    return caught.value.messages


# --- export ------------------------------------------------------------------------------------


@pytest.mark.usefixtures("pasuruan_wilayah")
def test_export_writes_indah_names(survey: StatisticalActivity) -> None:
    document = indah.export_activity(survey)
    assert json.loads(json.dumps(document)) == document
    assert document["format"] == "indah-v2" and len(document["variabel"]) == 2 and len(document["indikator"]) == 2
    envelope = document["kegiatan"]
    assert envelope["version"] == "v2" and envelope["status"] == "DRAFT" and envelope["submission_period"] == 2026
    assert envelope["submitter"]["username"] == "alice"
    assert envelope["produsen_data"] == {
        "id": None,
        "name": "Dinas Kesehatan",
        "province_code": "35",
        "city_code": "3514",
    }
    data = envelope["data"]
    assert list(data)[:7] == ["judul_kegiatan", "tahun", "kode_kegiatan", "cara_pengumpulan_data", "sektor_kegiatan",
                              "jenis_statistik", "rekomendasi_dari_bps"]  # fmt: skip
    assert [k for k in data if k.startswith("blok_")] == [
        f"blok_{n}" for n in ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii")
    ]
    assert data["cara_pengumpulan_data"] == "SURVEI" and data["sektor_kegiatan"] == "KESEHATAN"
    assert data["tahun"] == 2026 and data["identitas_rekomendasi"] == "R-3514.2026.001"
    assert data["blok_i"]["alamat_instansi_penyelenggara"]["email"] == "dinkes@pasuruankab.go.id"
    assert data["blok_i"]["alamat_instansi_penyelenggara"]["faksimile"] is None
    assert data["blok_ii"]["penanggung_jawab_teknis"]["nama"] == "dr. Anisa Rahma"
    assert data["blok_iii"]["rencana_jadwal_kegiatan"]["desain"] == [{"awal": "2026-02-02", "akhir": "2026-02-27"}]
    assert [v["nama"] for v in data["blok_iii"]["variabel_yang_dikumpulkan"]] == [
        "Jenis Kelamin Balita",
        "Tinggi Badan Balita",
    ]
    blok_iv = data["blok_iv"]
    assert blok_iv["frekuensi_penyelanggara"] == "TAHUNAN" and blok_iv["kegiatan_ini_dilakukan"] == "BERULANG"
    assert blok_iv["metode_pengumpulan_data"]["wawancara"] is True
    assert blok_iv["metode_pengumpulan_data"] == {
        "wawancara": True, "mengisi_kuesioner_sendiri": False, "pengamatan": True, "pengumpulan_data_sekunder": False,
        "lainnya": False, "metode_pengumpulan_lainnya": None,
    }  # fmt: skip
    assert blok_iv["sebagian_cakupan_wilayah_pengumpulan_data"] == [
        {"kode_provinsi": "35", "nama_provinsi": "Jawa Timur", "kode_kabupaten_kota": "3514",
         "nama_kabupaten_kota": "Kabupaten Pasuruan"}
    ]  # fmt: skip
    assert data["blok_v"]["metode_yang_digunakan"] == "STRATIFIED_RANDOM_SAMPLING"
    assert data["blok_v"]["fraksi_sampel_keseluruhan"] == 0.02
    assert data["blok_vi"]["apakah_melakukan_uji_coba"] is True
    assert data["blok_vi"]["apakah_melakukan_penyesuaian_nonrespon"] is False
    assert data["blok_vi"]["metode_pemeriksaan_kualitas_pengumpulan_data"]["taskforce"] is False
    assert data["blok_vi"]["jumlah_petugas_enumerator"] == 96
    assert data["blok_vii"]["tahapan_pengolahan_data"] == {
        "editing": True,
        "coding": True,
        "data_entry": True,
        "validasi": True,
    }
    assert data["blok_vii"]["unit_analsis"]["individu"] is True
    # INDAH has no Kecamatan in 7.4: it goes as Lainnya, named in the lainnya text (codes.TINGKAT_PENYAJIAN).
    assert data["blok_vii"]["tingkat_penyajian_hasil_analisis"] == {
        "nasional": False, "provinsi": False, "kabupaten_atau_kota": True, "lainnya": True,
        "tingkat_penyajian_hasil_analisis_lainnya": "Kecamatan",
    }  # fmt: skip
    assert data["blok_viii"] == {
        "ketersediaan_produk_tercetak": False, "ketersediaan_produk_digital": True, "ketersediaan_produk_mikrodata": False,
        "rencana_jadwal_rilis_produk_tercetak": [], "rencana_jadwal_rilis_produk_digital": ["2026-07-15"],
        "rencana_jadwal_rilis_produk_mikrodata": [],
    }  # fmt: skip


def test_export_of_rows(survey: StatisticalActivity, standard: DataStandard) -> None:
    document = indah.export_activity(survey)
    sex, height = document["variabel"]
    assert sex["konsep"] == ["Jenis kelamin", "Balita"] and sex["referensi_pemilihan"] == [
        "Balita",
        "Rumah tangga sampel",
    ]
    assert sex["value_domain"] == [{"kode": "1", "nilai": "Laki-laki"}, {"kode": "2", "nilai": "Perempuan"}]
    assert (
        sex["tipe_data"] == "CHARACTER" and sex["apakah_variabel_bisa_diakses_umum"] is True and sex["id_sds"] is None
    )
    assert sex["aturan_validasi"] == ["HARUS TERISI", "Kode 1 atau 2"]
    assert height["id_sds"] == "SDS-3514-0001" and height["kode_standar_data"] == "SD-0001"
    assert height["apakah_variabel_bisa_diakses_umum"] is False and height["value_domain"] == []
    stunting, index = document["indikator"]
    assert stunting["apakah_indikator_komposit"] is False and stunting["indikator_pembangun"] == []
    assert stunting["variabel_pembangun"][0] == {
        "nama": "Tinggi Badan Balita", "kegiatan_penghasil": ["Survei Status Gizi Balita"], "kode": "V02"
    }  # fmt: skip
    assert stunting["variabel_disaggregasi"] == [
        {"nama": "Kecamatan", "sumber": "input-manual"},
        {"nama": "Jenis Kelamin", "sumber": "input-manual"},
    ]
    assert stunting["rumus"].startswith(r"\frac") and stunting["apakah_indikator_bisa_diakses_umum"] is True
    assert index["apakah_indikator_komposit"] is True and index["variabel_pembangun"] == []
    assert index["indikator_pembangun"][0] == {
        "nama": "Prevalensi Stunting Balita", "sumber_publikasi": ["Profil Kesehatan 2025", "Kabupaten Pasuruan Dalam Angka"]
    }  # fmt: skip
    # A text that does not split cleanly goes as one item, so that it comes back unchanged.
    assert index["variabel_disaggregasi"] == [{"nama": "Kecamatan;Desa", "sumber": "input-manual"}]


def test_export_without_wilayah_leaves_the_names_empty(survey: StatisticalActivity) -> None:
    regions = indah.export_activity(survey)["kegiatan"]["data"]["blok_iv"]["sebagian_cakupan_wilayah_pengumpulan_data"]
    assert regions == [
        {"kode_provinsi": "35", "nama_provinsi": "", "kode_kabupaten_kota": "3514", "nama_kabupaten_kota": ""}
    ]


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ("draft", "DRAFT"),
        ("submitted", "SUBMITTED"),
        ("needs_revision", "CORRECTION_REQUIRED"),
        ("accepted", "APPROVED"),
    ],
)
def test_status_is_mapped_to_indah(survey: StatisticalActivity, ours: str, theirs: str) -> None:
    StatisticalActivity.objects.filter(pk=survey.pk).update(status=ours)
    survey.refresh_from_db()
    assert indah.export_activity(survey)["kegiatan"]["status"] == theirs


# --- round trip --------------------------------------------------------------------------------


@pytest.mark.usefixtures("pasuruan_wilayah")
def test_round_trip_keeps_every_field(
    survey: StatisticalActivity, cycle: Cycle, orgs: dict[str, Organization], people: dict[str, User]
) -> None:
    StatisticalActivity.objects.filter(pk=survey.pk).update(status=MetadataStatus.ACCEPTED)
    survey.refresh_from_db()
    document = json.loads(json.dumps(indah.export_activity(survey)))
    copy_ = import_as_alice(document, cycle, orgs, people)
    copy_.refresh_from_db()
    assert copy_.pk != survey.pk and copy_.status == MetadataStatus.DRAFT
    assert values(copy_) == values(survey)
    assert rows(copy_) == rows(survey)
    assert copy_.variables.get(number=2).standard is not None
    assert copy_.events.filter(kind=ActivityEvent.Kind.CREATED).count() == 1
    assert indah.export_activity(copy_)["kegiatan"]["data"] == document["kegiatan"]["data"]


@pytest.mark.parametrize(
    "overrides",
    [
        # an administrative compilation: no Blok V, no interviewers; "lainnya" with its text
        {"cara_pengumpulan": "kompilasi_produk_administrasi", "metode_pengumpulan": ["pengumpulan_data_sekunder"],
         "sarana_pengumpulan": ["lainnya"], "sarana_pengumpulan_lainnya": "Aplikasi SIMPUS",
         "jenis_rancangan_sampel": "", "metode_pemilihan_sampel": "", "metode_sampel": "", "kerangka_sampel": "",
         "sampling_error": "", "unit_sampel": "", "unit_observasi": "", "petugas": "", "pendidikan_petugas": "",
         "pelatihan_petugas": "", "fraksi_sampel": None, "jumlah_supervisor": None, "jumlah_enumerator": None,
         "rekomendasi": "tidak", "identitas_rekomendasi": "", "cakupan_wilayah": "seluruh_wilayah_indonesia",
         "wilayah_kegiatan": [], "dilakukan": "hanya_sekali", "frekuensi": ""},
        # Kecamatan and Lainnya in 7.4 at once
        {"tingkat_penyajian": ["kecamatan", "lainnya"], "tingkat_penyajian_lainnya": "Desa/Kelurahan"},
        # a draft: items left unanswered stay unanswered, not "Tidak"
        {"tahapan_pengolahan": {"penyuntingan": True}, "produk": {}, "rencana_rilis": {}, "rekomendasi": "",
         "identitas_rekomendasi": "", "uji_coba": "", "jadwal": {"desain": ["2026-02-02", None]}, "sektor": "",
         "metode_pengumpulan": [], "year": 2025, "kode_kegiatan": "3514.001", "instansi_faksimile": "0343 9"},
    ],
)  # fmt: skip
def test_round_trip_of_other_activities(
    overrides: dict[str, Any], cycle: Cycle, orgs: dict[str, Organization], people: dict[str, User]
) -> None:
    original = save_survey(cycle, orgs, people, **overrides)
    copy_ = import_as_alice(indah.export_activity(original), cycle, orgs, people)
    copy_.refresh_from_db()
    assert values(copy_) == values(original)


def test_round_trip_of_an_activity_without_rows(
    cycle: Cycle, orgs: dict[str, Organization], people: dict[str, User]
) -> None:
    bare = StatisticalActivity.objects.create(
        cycle=cycle,
        organization=orgs["dinkes"],
        created_by=people["alice"],
        title="Kompilasi Data Puskesmas",
        year=2026,
    )
    document = indah.export_activity(bare)
    assert (
        document["variabel"] == []
        and document["kegiatan"]["data"]["blok_iv"]["metode_pengumpulan_data"]["wawancara"] is False
    )
    copy_ = import_as_alice(document, cycle, orgs, people)
    copy_.refresh_from_db()
    assert values(copy_) == values(bare) and rows(copy_) == ([], [])


# --- parse_document, without a database ---------------------------------------------------------


def minimal(**data: Any) -> dict[str, Any]:
    return {
        "format": "indah-v2",
        "kegiatan": {"version": "v2", "data": {"judul_kegiatan": "Kompilasi Data", "tahun": "2026", **data}},
    }


def test_parse_document_is_pure_and_fills_only_what_is_given() -> None:
    fields, variables, indicators = indah.parse_document(
        minimal(
            blok_iv={"kegiatan_ini_dilakukan": "SEKALI", "frekuensi_penyelanggara": None}, identitas_rekomendasi="R-1"
        )
    )
    assert fields == {"title": "Kompilasi Data", "year": 2026, "dilakukan": "hanya_sekali", "frekuensi": "",
                      "identitas_rekomendasi": "R-1", "rekomendasi": "ya"}  # fmt: skip
    assert variables == [] and indicators == []


@pytest.mark.parametrize(
    ("blok_iv", "field", "value"),
    [
        ({"kegiatan_ini_dilakukan": "BERULANG", "frekuensi_penyelanggara": "DUA_TAHUNAN"}, "frekuensi", "lebih_dari_dua_tahunan"),
        ({"kegiatan_ini_dilakukan": "SEKALI"}, "dilakukan", "hanya_sekali"),
        ({"kegiatan_ini_dilakukan": "berulang", "frekuensi_penyelanggara": "Empat Bulanan"}, "frekuensi", "empat_bulanan"),
        ({"tipe_pengumpulan_data": "Longitudinal/Panel"}, "tipe_pengumpulan", "longitudinal_panel"),
    ],
)  # fmt: skip
def test_aliases_and_labels_are_accepted(blok_iv: dict[str, Any], field: str, value: str) -> None:
    fields = indah.parse_document(minimal(blok_iv=blok_iv))[0]
    assert fields[field] == value


def test_older_spellings_of_other_lists_are_accepted() -> None:
    fields = indah.parse_document(
        minimal(
            cara_pengumpulan_data="CARA_LAIN_SESUAI_DENGAN_PERKEMBANGAN_TI",
            blok_iv={"sarana_pengumpulan_data": {"capi": True}},
            blok_vi={"persyaratan_pendidikan_terendah_petugas_pengumpulan_data": "DIPLOMA_I_ATAU_II_ATAU_III"},
        )
    )[0]
    assert fields["cara_pengumpulan"] == "cara_lain" and fields["pendidikan_petugas"] == "diploma_i_ii_iii"


def test_indah_records_of_the_python_client_are_read() -> None:
    """Row envelopes, numbers as text, [null] lists and a kecamatan key as the clients send them."""
    document = minimal(
        cara_pengumpulan_data="SURVEI",
        blok_v={"fraksi_sampel_keseluruhan": "0,05"},
        blok_vii={"tingkat_penyajian_hasil_analisis": {"kecamatan": True, "lainnya": None}},
    )
    document["variabel"] = [
        {"version": "v2", "status": "DRAFT", "data": {"nama": "Umur", "konsep": [None], "id_sds": 12}}
    ]
    fields, variables, _ = indah.parse_document(document)
    assert fields["fraksi_sampel"] == 0.05 and fields["tingkat_penyajian"] == ["kecamatan"]
    assert variables[0]["name"] == "Umur" and variables[0]["konsep"] == "" and variables[0]["sds_code"] == "12"
    assert variables[0]["number"] == 1


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"format": "sdmx"}, "format: 'sdmx' tidak dikenal; harus 'indah-v2'."),
        ([], "dokumen: harus objek JSON, bukan daftar."),
        (minimal(blok_iv={"frekuensi_penyelanggara": "MINGGUAN_X"}),
         "kegiatan.data.blok_iv.frekuensi_penyelanggara: 'MINGGUAN_X' tidak dikenal; pilihan: HARIAN, MINGGUAN,"),
        (minimal(blok_iv="BERULANG"), "kegiatan.data.blok_iv: harus objek, bukan teks."),
        (minimal(blok_iv={"metode_pengumpulan_data": {"wawancara": "ya"}}),
         "kegiatan.data.blok_iv.metode_pengumpulan_data.wawancara: harus true atau false, bukan 'ya'."),
        (minimal(blok_iii={"rencana_jadwal_kegiatan": {"desain": [{"awal": "02/02/2026"}]}}),
         "kegiatan.data.blok_iii.rencana_jadwal_kegiatan.desain[0].awal: '02/02/2026' bukan tanggal"),
        (minimal(tahun=None), "kegiatan.data.tahun: wajib diisi."),
        (minimal(judul_kegiatan=""), "kegiatan.data.judul_kegiatan: wajib diisi."),
        (minimal(blok_vi={"jumlah_petugas_supervisor": -3}), "kegiatan.data.blok_vi.jumlah_petugas_supervisor: harus bilangan bulat"),
        (minimal(blok_i={"alamat_instansi_penyelenggara": {"email": "bukan surel"}}),
         "kegiatan.data.blok_i.alamat_instansi_penyelenggara.email: 'bukan surel' bukan alamat surel yang sah."),
        (minimal(judul_kegiatan="x" * 301), "kegiatan.data.judul_kegiatan: paling banyak 300 karakter (ada 301)."),
        (minimal(blok_iv={"metode_pengumpulan_data": {"lainnya": True, "metode_pengumpulan_lainnya": "x" * 201}}),
         "kegiatan.data.blok_iv.metode_pengumpulan_data.metode_pengumpulan_lainnya: paling banyak 200 karakter"),
        ({**minimal(), "variabel": [None]}, "variabel[0]: harus objek, bukan null."),
        ({**minimal(), "variabel": [{"nama": "Jenis Kelamin", "value_domain": [{"kode": 1, "nilai": "L"}, "P"]}]},
         "variabel[0].value_domain[1]: harus objek, bukan teks."),
        (minimal(blok_iv={"sebagian_cakupan_wilayah_pengumpulan_data": [{"kode_kabupaten_kota": "Pasuruan"}]}),
         "kegiatan.data.blok_iv.sebagian_cakupan_wilayah_pengumpulan_data[0].kode_kabupaten_kota: 'Pasuruan' bukan kode"),
        # contradictions are refused as the block forms refuse them
        (minimal(blok_iv={"kegiatan_ini_dilakukan": "HANYA_SEKALI", "frekuensi_penyelanggara": "TAHUNAN"}),
         "kegiatan.data.blok_iv.frekuensi_penyelanggara: 4.2 Frekuensi Penyelenggaraan: harus kosong karena kegiatan tidak berulang."),
        ({**minimal(), "variabel": [{"nama": "Umur"}, {"alias": "x"}, {"nama": "  "}]}, "variabel[1].nama: wajib diisi."),
        ({**minimal(), "variabel": [{"nama": "Umur", "konsep": "Umur"}]}, "variabel[0].konsep: harus daftar, bukan teks."),
        ({**minimal(), "variabel": {"nama": "Umur"}}, "variabel: harus daftar, bukan objek."),
        ({**minimal(), "variabel": [{"nama": "Umur", "tipe_data": "STRING"}]},
         "variabel[0].tipe_data: 'STRING' tidak dikenal; pilihan: CHARACTER, NUMERIC, DATE."),
        ({**minimal(), "indikator": [{"nama": "IPM", "apakah_indikator_komposit": True,
                                      "variabel_pembangun": [{"nama": "Umur", "kegiatan_penghasil": ["Susenas"]}]}]},
         "indikator[0].variabel_pembangun: (13)–(15) Variabel Pembangun harus kosong karena indikator komposit."),
        ({**minimal(), "indikator": [{"nama": "IPM", "indikator_pembangun": [{"nama": "AHH", "sumber_publikasi": "BPS"}]}]},
         "indikator[0].indikator_pembangun[0].sumber_publikasi: harus daftar, bukan teks."),
    ],
)  # fmt: skip
def test_parse_errors_name_the_path(document: Any, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        indah.parse_document(document)
    assert any(m.startswith(message) for m in caught.value.messages), caught.value.messages


def test_every_problem_is_reported_at_once() -> None:
    document = {**minimal(sektor_kegiatan="OLAHRAGA", blok_iv={"tipe_pengumpulan_data": 3}), "variabel": [{}]}
    with pytest.raises(ValidationError) as caught:
        indah.parse_document(document)
    assert [m.split(":")[0] for m in caught.value.messages] == [
        "kegiatan.data.sektor_kegiatan", "kegiatan.data.blok_iv.tipe_pengumpulan_data", "variabel[0].nama"
    ]  # fmt: skip


# --- import_activity ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="indah-v1"), "format: 'indah-v1' tidak dikenal; harus 'indah-v2'."),
        (lambda d: d["kegiatan"]["data"]["blok_iv"].update(frekuensi_penyelanggara="MINGGUAN_X"),
         "kegiatan.data.blok_iv.frekuensi_penyelanggara: 'MINGGUAN_X' tidak dikenal; pilihan: HARIAN,"),
        (lambda d: d["variabel"][1].update(nama=None), "variabel[1].nama: wajib diisi."),
        (lambda d: d["variabel"][0].update(aturan_validasi="HARUS TERISI"), "variabel[0].aturan_validasi: harus daftar, bukan teks."),
        (lambda d: d["indikator"][0].update(kode_standar_data="SD-9999"), "indikator[0].kode_standar_data: Standar Data 'SD-9999' tidak ada"),
        (lambda d: d["variabel"][0].update(id_sds="SDS-X"), "variabel[0].id_sds: tidak ada Standar Data dengan kode SDS 'SDS-X'"),
    ],
)  # fmt: skip
def test_a_bad_document_writes_nothing(
    survey: StatisticalActivity,
    cycle: Cycle,
    orgs: dict[str, Organization],
    people: dict[str, User],
    change: Any,
    message: str,
) -> None:
    document = copy.deepcopy(indah.export_activity(survey))
    change(document)
    found = errors_of(document, cycle, orgs, people)
    assert any(m.startswith(message) for m in found), found


@pytest.mark.usefixtures("pasuruan_wilayah")
def test_unknown_regency_codes_are_refused_when_wilayah_is_loaded(
    survey: StatisticalActivity, cycle: Cycle, orgs: dict[str, Organization], people: dict[str, User]
) -> None:
    document = indah.export_activity(survey)
    document["kegiatan"]["data"]["blok_iv"]["sebagian_cakupan_wilayah_pengumpulan_data"][0]["kode_kabupaten_kota"] = (
        "3599"
    )
    assert errors_of(document, cycle, orgs, people) == [
        "kegiatan.data.blok_iv.sebagian_cakupan_wilayah_pengumpulan_data[0]: kode kabupaten/kota 35.99 tidak dikenal."
    ]


def test_only_who_may_record_for_the_opd_may_import(
    survey: StatisticalActivity, cycle: Cycle, orgs: dict[str, Organization], people: dict[str, User]
) -> None:
    document = indah.export_activity(survey)
    before = counts()
    with pytest.raises(PermissionDenied):
        indah.import_activity(document, cycle=cycle, organization=orgs["dinkes"], acting_user=people["bob"])
    assert counts() == before
    # the walidata records for any OPD
    copy_ = indah.import_activity(document, cycle=cycle, organization=orgs["dispendik"], acting_user=people["wali"])
    assert (
        copy_.organization == orgs["dispendik"] and copy_.created_by == people["wali"] and copy_.variables.count() == 2
    )
