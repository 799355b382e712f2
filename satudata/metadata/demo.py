"""Demo statistical activities of Kabupaten Pasuruan: a complete probability survey, a
non-probability survey and administrative compilations, in different review states. Their
metadata describe real kinds of activity; no figures are invented here."""

from __future__ import annotations

from typing import Any

from satudata.accounts.models import Organization, User
from satudata.metadata.actions import do_create_activity, do_review_activity, do_save_metadata_row, do_submit_activity
from satudata.metadata.forms import ActivityReviewForm
from satudata.metadata.models import Indicator, StatisticalActivity, Variable
from satudata.planning.models import Cycle

SCHEDULE = {
    "perencanaan_kegiatan": [1, 1, 1, 31], "desain": [2, 2, 2, 27], "pengumpulan_data": [3, 2, 4, 30],
    "pengolahan_data": [5, 4, 5, 29], "analisis": [6, 1, 6, 26], "diseminasi_hasil": [7, 1, 7, 31], "evaluasi": [8, 3, 8, 14],
}  # fmt: skip


def _schedule(year: int) -> dict[str, list[str]]:
    return {k: [f"{year}-{m1:02d}-{d1:02d}", f"{year}-{m2:02d}-{d2:02d}"] for k, (m1, d1, m2, d2) in SCHEDULE.items()}


def _common(org: Organization, year: int, head: str) -> dict[str, Any]:
    return {
        "year": year, "jenis_statistik": "statistik_sektoral", "instansi": f"{org.name} Kabupaten Pasuruan",
        "instansi_alamat": "Kompleks Perkantoran Raci, Bangil, Kabupaten Pasuruan", "instansi_telepon": "(0343) 429000",
        "instansi_email": f"{org.slug}@pasuruankab.go.id", "eselon_1": "Sekretariat Daerah Kabupaten Pasuruan",
        "eselon_2": org.name, "pj_nama": head, "pj_jabatan": "Kepala Bidang", "pj_alamat": "Kompleks Perkantoran Raci, Bangil",
        "pj_telepon": "(0343) 429001", "pj_email": f"data.{org.slug}@pasuruankab.go.id", "jadwal": _schedule(year),
        "dilakukan": "berulang", "frekuensi": "tahunan", "tipe_pengumpulan": "cross_sectional",
        "cakupan_wilayah": "sebagian_wilayah_indonesia", "wilayah_kegiatan": ["35.14"],
        "uji_coba": "tidak", "pemeriksaan_kualitas": ["supervisi"], "penyesuaian_nonrespon": "tidak",
        "tahapan_pengolahan": {"penyuntingan": True, "penyandian": True, "data_entry": True, "penyahihan": True},
        "metode_analisis": "deskriptif", "unit_analisis": ["individu"], "tingkat_penyajian": ["kabupaten_kota", "kecamatan"],
        "produk": {"tercetak": False, "digital": True, "data_mikro": False}, "rencana_rilis": {"digital": f"{year}-07-31"},
    }  # fmt: skip


ADMIN = {"cara_pengumpulan": "kompilasi_produk_administrasi", "rekomendasi": "ya", "metode_pengumpulan": ["pengumpulan_data_sekunder"],
         "sarana_pengumpulan": ["lainnya"], "sarana_pengumpulan_lainnya": "Aplikasi sistem informasi OPD", "unit_pengumpulan": ["lainnya"], "unit_pengumpulan_lainnya": "Fasilitas/unit layanan"}  # fmt: skip

ACTIVITIES: list[tuple[str, str, str, dict[str, Any], str]] = [
    ("dinkes", "Survei Status Gizi Balita Kabupaten Pasuruan", "kesehatan", {
        "cara_pengumpulan": "survei", "rekomendasi": "ya", "identitas_rekomendasi": "Contoh: R-3514.2026.001 (data contoh)",
        "latar_belakang": "Prevalensi balita stunting perlu dipantau per kecamatan untuk intervensi gizi spesifik.",
        "tujuan": "Mengukur prevalensi stunting, wasting dan underweight balita per kecamatan.",
        "metode_pengumpulan": ["wawancara", "pengamatan"], "sarana_pengumpulan": ["capi"], "unit_pengumpulan": ["rumah_tangga"],
        "jenis_rancangan_sampel": "multi_stage_phase", "metode_pemilihan_sampel": "sampel_probabilitas",
        "metode_sampel": "stratified_random_sampling", "kerangka_sampel": "list_frame", "fraksi_sampel": 0.02,
        "sampling_error": "Prevalensi stunting: RSE 6,8% (data contoh)", "unit_sampel": "Rumah tangga", "unit_observasi": "Balita 0–59 bulan",
        "petugas": "mitra", "pendidikan_petugas": "sma_smk", "jumlah_supervisor": 24, "jumlah_enumerator": 96, "pelatihan_petugas": "ya",
    }, "accepted"),
    ("diskominfo", "Survei Kepuasan Pengguna Portal Satu Data", "teknologi_informasi_dan_komunikasi", {
        "cara_pengumpulan": "survei", "rekomendasi": "tidak",
        "latar_belakang": "Layanan data perlu dinilai penggunanya.", "tujuan": "Mengukur kepuasan pengguna portal.",
        "metode_pengumpulan": ["mengisi_kuesioner_sendiri"], "sarana_pengumpulan": ["cawi"], "unit_pengumpulan": ["individu"],
        "jenis_rancangan_sampel": "single_stage_phase", "metode_pemilihan_sampel": "sampel_nonprobabilitas",
        "metode_sampel": "accidental_sampling", "unit_sampel": "Pengunjung portal", "unit_observasi": "Pengunjung portal",
    }, "submitted"),
    ("dispendik", "Kompilasi Data Pokok Pendidikan", "pendidikan_dan_pelatihan", {
        **ADMIN, "identitas_rekomendasi": "Contoh: R-3514.2026.014 (data contoh)",
        "latar_belakang": "Data sekolah, siswa dan guru dihimpun dari Dapodik.", "tujuan": "Menyediakan data pokok pendidikan per kecamatan.",
    }, "needs_revision"),
    ("dispendukcapil", "Kompilasi Data Kependudukan Semesteran", "demografi_dan_kependudukan", {
        **ADMIN, "identitas_rekomendasi": "Contoh: R-3514.2026.009 (data contoh)", "frekuensi": "semesteran",
        "latar_belakang": "Data kependudukan bersumber dari SIAK.", "tujuan": "Menyediakan jumlah penduduk per kecamatan dan jenis kelamin.",
    }, "accepted"),
    ("distan", "Kompilasi Data Produksi Tanaman Pangan", "pertanian_dan_perikanan", {
        **ADMIN, "identitas_rekomendasi": "Contoh: R-3514.2026.021 (data contoh)",
        "latar_belakang": "Luas panen dan produksi dilaporkan penyuluh per kecamatan.", "tujuan": "",
    }, "draft"),
    ("dinsos", "Kompilasi Data Penerima Bantuan Sosial", "perlindungan_sosial_dan_kesejahteraan", {
        **ADMIN, "rekomendasi": "", "latar_belakang": "", "tujuan": "",
    }, "draft"),
]  # fmt: skip


def load_activities(
    cycle: Cycle, orgs: dict[str, Organization], *, producers: dict[str, User], walidata: User, pembina: User
) -> int:
    if StatisticalActivity.objects.filter(cycle=cycle).exists():
        return 0
    for slug, title, sektor, fields, state in ACTIVITIES:
        org, producer = orgs[slug], producers[slug]
        activity = StatisticalActivity(cycle=cycle, organization=org, title=title, sektor=sektor, created_by=producer,
                                       **(_common(org, cycle.year, producer.display_name()) | fields))  # fmt: skip
        do_create_activity(activity=activity, acting_user=producer)
        activity.daftar_items.set(cycle.items.filter(organization=org)[:2])
        variable = Variable(name=f"Variabel utama {title.split()[0].lower()}", alias="nilai", konsep="Konsep baku", definisi="Definisi baku",
                            referensi_pemilihan="Unit dalam cakupan kegiatan", referensi_waktu="Tahun berjalan", ukuran="Jumlah",
                            satuan="unit", tipe_data="numerik", aturan_validasi="Bilangan bulat ≥ 0",
                            kalimat_pertanyaan="Berapa jumlahnya?", dapat_diakses_umum="ya")  # fmt: skip
        do_save_metadata_row(activity=activity, row=variable, acting_user=producer, created=True)
        indicator = Indicator(name=f"Indikator {title}", konsep="Konsep baku", definisi="Definisi baku", interpretasi="Makin tinggi makin baik",
                              metode_perhitungan="Jumlah per kecamatan", ukuran="Jumlah", satuan="unit", klasifikasi_penyajian="Kecamatan",
                              komposit="tidak", variabel_pembangun=[{"kegiatan": title, "kode": "V01", "nama": variable.name}],
                              level_estimasi="Kabupaten", dapat_diakses_umum="ya")  # fmt: skip
        do_save_metadata_row(activity=activity, row=indicator, acting_user=producer, created=True)
        if state == "draft":
            continue
        do_submit_activity(activity=activity, acting_user=producer)
        if state == "submitted":
            continue
        reviews = {
            f: {"decision": "accepted", "comment": ""} for f in ActivityReviewForm(activity=activity).review_fields
        }
        if state == "needs_revision":
            reviews["tujuan"] = {"decision": "needs_revision", "comment": "Sebutkan indikator RPJMD yang dilayani."}
        do_review_activity(activity=activity, field_reviews=reviews, acting_user=walidata)
        if state == "accepted" and activity.status == "submitted":
            do_review_activity(activity=activity, field_reviews=reviews, acting_user=pembina)  # Data Prioritas
    _load_recommendations(cycle, producers=producers, pembina=pembina)
    _load_assessment(cycle, pembina=pembina)
    return len(ACTIVITIES)


# Data contoh: invented per-kecamatan summaries of a stunting survey, to show the calculator.
SAMPLE_STRATA = (
    "Bangil | 2100 | 60 | 0.22\nPandaan | 2600 | 70 | 0.18\nPurwosari | 1500 | 50 | 0.25\nTosari | 400 | 30 | 0.31"
)


def _load_assessment(cycle: Cycle, *, pembina: User) -> None:
    from satudata.metadata import accuracy
    from satudata.metadata.actions import do_record_accuracy
    from satudata.metadata.models import AccuracyAssessment

    survey = StatisticalActivity.objects.get(cycle=cycle, title="Survei Status Gizi Balita Kabupaten Pasuruan")
    data = {"strata_lines": SAMPLE_STRATA, "population_size": None}
    assessment = AccuracyAssessment(activity=survey, created_by=pembina)
    accuracy.fill_sampling_assessment(
        assessment, variable_name="Prevalensi stunting (data contoh)", design="stratified_proportion", data=data,
        upload=None,
    )  # fmt: skip
    do_record_accuracy(assessment=assessment, acting_user=pembina)


def _load_recommendations(cycle: Cycle, *, producers: dict[str, User], pembina: User) -> None:
    import datetime as dt

    from satudata.metadata.actions import do_record_recommendation

    by_title = {a.title: a for a in StatisticalActivity.objects.filter(cycle=cycle).select_related("organization")}
    survey = by_title["Survei Status Gizi Balita Kabupaten Pasuruan"]
    producer = producers[survey.organization.slug]
    do_record_recommendation(
        activity=survey,
        status="submitted",
        submitted_on=dt.date(cycle.year, 1, 20),
        note="FS3 diunggah ke Romantik.",
        acting_user=producer,
    )
    do_record_recommendation(
        activity=survey,
        status="recommended",
        number=survey.identitas_rekomendasi,
        issued_on=dt.date(cycle.year, 2, 16),
        acting_user=pembina,
    )
    compilation = by_title["Kompilasi Data Pokok Pendidikan"]
    do_record_recommendation(
        activity=compilation,
        status="submitted",
        submitted_on=dt.date(cycle.year, 2, 3),
        note="FP-KPA diunggah ke Romantik.",
        acting_user=producers[compilation.organization.slug],
    )
    production = by_title["Kompilasi Data Produksi Tanaman Pangan"]
    producer = producers[production.organization.slug]
    do_record_recommendation(
        activity=production, status="submitted", submitted_on=dt.date(cycle.year, 2, 5), acting_user=producer
    )
    do_record_recommendation(
        activity=production,
        status="returned",
        note="Lengkapi tujuan kegiatan dan jadwal pengolahan.",
        acting_user=pembina,
    )
