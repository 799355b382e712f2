"""MS-Keg skip rules and contradictions (domain-reference §2.1–2.2), on unsaved activities."""

from typing import Any

import pytest

from satudata.metadata.models import StatisticalActivity
from satudata.metadata.rules import blocks, check, contradictions

SCHEDULE = {
    "perencanaan_kegiatan": ["2026-01-05", "2026-01-30"], "desain": ["2026-02-02", "2026-02-27"],
    "pengumpulan_data": ["2026-03-02", "2026-04-30"], "pengolahan_data": ["2026-05-04", "2026-05-29"],
    "analisis": ["2026-06-01", "2026-06-26"], "diseminasi_hasil": ["2026-07-01", "2026-07-31"],
    "evaluasi": ["2026-08-03", "2026-08-14"],
}  # fmt: skip


def stratified_survey(**overrides: Any) -> StatisticalActivity:
    """A complete MS-Keg: Survei Status Gizi Balita of Dinas Kesehatan, stratified by kecamatan."""
    fields: dict[str, Any] = {
        "title": "Survei Status Gizi Balita Kabupaten Pasuruan", "year": 2026, "cara_pengumpulan": "survei",
        "sektor": "kesehatan", "jenis_statistik": "statistik_sektoral", "rekomendasi": "ya",
        "identitas_rekomendasi": "R-3514.2026.001",
        "instansi": "Dinas Kesehatan Kabupaten Pasuruan", "instansi_alamat": "Jl. Raya Raci, Bangil",
        "instansi_telepon": "0343 123456", "instansi_email": "dinkes@pasuruankab.go.id",
        "eselon_1": "Sekretariat Daerah", "eselon_2": "Dinas Kesehatan", "pj_nama": "dr. Anisa Rahma",
        "pj_jabatan": "Kepala Bidang Kesehatan Masyarakat", "pj_alamat": "Jl. Raya Raci, Bangil",
        "pj_telepon": "0343 123457", "pj_email": "kesmas@pasuruankab.go.id",
        "latar_belakang": "Prevalensi stunting perlu dipantau per kecamatan.", "tujuan": "Mengukur prevalensi stunting.",
        "jadwal": SCHEDULE, "dilakukan": "berulang", "frekuensi": "tahunan", "tipe_pengumpulan": "cross_sectional",
        "cakupan_wilayah": "sebagian_wilayah_indonesia", "wilayah_kegiatan": ["35.14"],
        "metode_pengumpulan": ["wawancara", "pengamatan"], "sarana_pengumpulan": ["capi"], "unit_pengumpulan": ["rumah_tangga"],
        "jenis_rancangan_sampel": "multi_stage_phase", "metode_pemilihan_sampel": "sampel_probabilitas",
        "metode_sampel": "stratified_random_sampling", "kerangka_sampel": "list_frame", "fraksi_sampel": 0.02,
        "sampling_error": "RSE 6,8%", "unit_sampel": "Rumah tangga", "unit_observasi": "Balita",
        "uji_coba": "ya", "pemeriksaan_kualitas": ["supervisi"], "penyesuaian_nonrespon": "tidak",
        "petugas": "mitra", "pendidikan_petugas": "sma_smk", "jumlah_supervisor": 24, "jumlah_enumerator": 96,
        "pelatihan_petugas": "ya",
        "tahapan_pengolahan": {"penyuntingan": True, "penyandian": True, "data_entry": True, "penyahihan": True},
        "metode_analisis": "deskriptif", "unit_analisis": ["individu"], "tingkat_penyajian": ["kabupaten_kota", "kecamatan"],
        "produk": {"tercetak": False, "digital": True, "data_mikro": False}, "rencana_rilis": {"digital": "2026-07-15"},
    }  # fmt: skip
    fields.update(overrides)
    return StatisticalActivity(**fields)


def messages(activity: StatisticalActivity) -> list[str]:
    return [str(p) for p in check(activity)]


def test_the_codes_used_here_exist() -> None:
    from satudata.metadata import codes

    assert "kesehatan" in codes.SEKTOR_KEGIATAN
    assert "cross_sectional" in codes.TIPE_PENGUMPULAN_DATA and "sma_smk" in codes.PENDIDIKAN_PETUGAS
    assert {"wawancara", "pengamatan"} <= set(codes.METODE_PENGUMPULAN_DATA.values)
    assert "supervisi" in codes.METODE_PEMERIKSAAN_KUALITAS


def test_a_complete_stratified_survey_has_no_problem() -> None:
    activity = stratified_survey()
    assert check(activity, variable_count=3) == []
    assert all(state.complete and state.percent == 100 for state in blocks(activity, variable_count=3))


def test_an_empty_activity_lists_what_is_missing_per_block() -> None:
    states = {s.key: s for s in blocks(StatisticalActivity(), variable_count=0)}
    assert states["I"].filled == 0 and states["I"].required == 4
    assert any(str(p) == "1.1 Instansi Penyelenggara wajib diisi." for p in states["I"].problems)
    assert any("3.4 Variabel yang dikumpulkan: isi minimal satu variabel" in str(p) for p in states["III"].problems)
    assert all(not p.contradiction for s in states.values() for p in s.problems)


@pytest.mark.parametrize(
    ("overrides", "item", "text"),
    [
        # the three contradictions the issue names
        ({"metode_pemilihan_sampel": "sampel_nonprobabilitas", "metode_sampel": "purposive_sampling"}, "5.6",
         "5.6 Nilai Perkiraan Sampling Error Variabel Utama: harus kosong karena sampel nonprobabilitas"),
        ({"cara_pengumpulan": "kompilasi_produk_administrasi"}, "5.1",
         "5.1 Jenis Rancangan Sampel: harus kosong karena Blok V hanya diisi untuk Survei."),
        ({"jadwal": {**SCHEDULE, "desain": ["2026-02-27", "2026-02-02"]}}, "3.3",
         "3.3 Desain: tanggal selesai (02-02-2026) sebelum tanggal mulai (27-02-2026)."),
        # and the other skip rules
        ({"metode_sampel": "quota_sampling"}, "5.3", "Quota Sampling bukan metode Sampel Probabilitas (5.2)."),
        ({"dilakukan": "hanya_sekali"}, "4.2", "4.2 Frekuensi Penyelenggaraan: harus kosong karena kegiatan tidak berulang."),
        ({"cakupan_wilayah": "seluruh_wilayah_indonesia"}, "4.5", "harus kosong karena cakupan bukan sebagian wilayah Indonesia"),
        ({"sarana_pengumpulan": ["cawi"]}, "6.4", "harus kosong karena 6.4–6.7 hanya untuk PAPI, CAPI atau CATI (4.7)"),
        ({"metode_pengumpulan_lainnya": "FGD"}, "4.6", "4.6 Lainnya, sebutkan: harus kosong karena Lainnya tidak dipilih."),
        ({"rekomendasi": "tidak"}, "", "Identitas Rekomendasi: harus kosong karena kegiatan tidak mendapat rekomendasi."),
        ({"jumlah_supervisor": 100}, "6.6", "lebih banyak dari jumlah pengumpul data (96)."),
        ({"fraksi_sampel": 1.5}, "5.5", "harus lebih dari 0 dan paling besar 1 (n/N)."),
        ({"rencana_rilis": {"digital": "2026-07-15", "tercetak": "2026-08-01"}}, "8.2",
         "8.2 Rencana rilis Tercetak (hardcopy) harus kosong karena produk tidak tersedia."),
        ({"metode_pengumpulan": ["telepati"]}, "4.6", "pilihan tidak dikenal: telepati."),
    ],
)  # fmt: skip
def test_contradictions_are_named_by_item(overrides: dict[str, Any], item: str, text: str) -> None:
    found = contradictions(stratified_survey(**overrides))
    assert any(p.item == item and text in str(p) for p in found), [str(p) for p in found]


@pytest.mark.parametrize(
    ("overrides", "text"),
    [
        ({"frekuensi": ""}, "4.2 Frekuensi Penyelenggaraan wajib diisi karena kegiatan berulang."),
        ({"wilayah_kegiatan": []}, "wajib diisi karena cakupan sebagian wilayah Indonesia"),
        (
            {"sampling_error": ""},
            "5.6 Nilai Perkiraan Sampling Error Variabel Utama wajib diisi untuk sampel probabilitas.",
        ),
        ({"metode_pengumpulan": ["wawancara", "lainnya"]}, "4.6 Lainnya, sebutkan wajib diisi karena Lainnya dipilih."),
        ({"identitas_rekomendasi": ""}, "Identitas Rekomendasi wajib diisi karena kegiatan mendapat rekomendasi."),
        (
            {"petugas": ""},
            "6.4 Petugas Pengumpulan Data wajib diisi karena sarana pengumpulan memakai PAPI, CAPI atau CATI.",
        ),
        (
            {"produk": {"tercetak": True, "digital": True, "data_mikro": False}},
            "8.2 Rencana rilis Tercetak (hardcopy) wajib diisi",
        ),
        ({"tahapan_pengolahan": {"penyuntingan": True}}, "7.1 Penyandian (Coding): pilih Ya atau Tidak."),
    ],
)
def test_required_by_skip_rules(overrides: dict[str, Any], text: str) -> None:
    found = [str(p) for p in check(stratified_survey(**overrides)) if not p.contradiction]
    assert any(text in m for m in found), found


def test_an_administrative_compilation_needs_no_block_v_or_interviewers() -> None:
    administrative = stratified_survey(
        cara_pengumpulan="kompilasi_produk_administrasi", metode_pengumpulan=["pengumpulan_data_sekunder"], sarana_pengumpulan=["lainnya"],
        sarana_pengumpulan_lainnya="Aplikasi SIMPUS", **dict.fromkeys(
            ["jenis_rancangan_sampel", "metode_pemilihan_sampel", "metode_sampel", "kerangka_sampel", "sampling_error",
             "unit_sampel", "unit_observasi", "petugas", "pendidikan_petugas", "pelatihan_petugas"], ""),
        fraksi_sampel=None, jumlah_supervisor=None, jumlah_enumerator=None,
    )  # fmt: skip
    assert messages(administrative) == []
    states = {s.key: s for s in blocks(administrative)}
    assert states["V"].required == 0 and states["V"].complete


def test_a_non_probability_survey_needs_no_frame_fraction_or_error() -> None:
    quota = stratified_survey(
        metode_pemilihan_sampel="sampel_nonprobabilitas", metode_sampel="quota_sampling",
        kerangka_sampel="", fraksi_sampel=None, sampling_error="",
    )  # fmt: skip
    assert messages(quota) == []
