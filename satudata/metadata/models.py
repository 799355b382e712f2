"""Statistical activities (Kegiatan Statistik) and their BPS metadata: MS-Keg with its header and
blocks I–VIII (Peraturan BPS 5/2020; domain-reference §2). Field names follow the form's items;
`codes.py` holds the code lists with their legacy codes and INDAH enums. The skip rules and
contradictions live in `rules.py`, so forms, submission and imports apply the same ones."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from satudata.accounts.models import Role
from satudata.metadata import codes


def _choice(code_list: codes.CodeList, label: Any, **kwargs: Any) -> models.CharField[Any, Any]:
    return models.CharField(
        label, max_length=max(code_list.max_length, 20), choices=code_list.choices, blank=True, **kwargs
    )


def _flags(label: Any) -> models.JSONField[Any, Any]:
    # A set of option values of a FlagList, stored as a sorted list; the legacy bit-sum is derived
    # only for printing the BPS form.
    return models.JSONField(label, default=list, blank=True)


class MetadataStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    NEEDS_REVISION = "needs_revision", _("Perlu perbaikan")
    ACCEPTED = "accepted", _("Disepakati")


class StatisticalActivity(models.Model):
    # --- header ("halaman awal")
    cycle = models.ForeignKey("planning.Cycle", models.PROTECT, related_name="activities", verbose_name=_("siklus"))
    organization = models.ForeignKey(
        "accounts.Organization", models.PROTECT, related_name="activities", verbose_name=_("Produsen Data")
    )
    title = models.CharField(_("Judul Kegiatan"), max_length=300)
    year = models.PositiveIntegerField(_("Tahun"))
    kode_kegiatan = models.CharField(
        _("Kode Kegiatan"), max_length=50, blank=True, help_text=_("Diisi BPS (INDAH); kosongkan bila belum ada.")
    )
    cara_pengumpulan = _choice(codes.CARA_PENGUMPULAN_DATA, _("Cara Pengumpulan Data"))
    sektor = _choice(codes.SEKTOR_KEGIATAN, _("Sektor Kegiatan"))
    jenis_statistik = _choice(
        codes.JENIS_KEGIATAN_STATISTIK, _("Jenis Kegiatan Statistik"), default="statistik_sektoral"
    )
    rekomendasi = _choice(codes.REKOMENDASI_BPS, _("Mendapat rekomendasi kegiatan statistik dari BPS?"))
    identitas_rekomendasi = models.CharField(_("Identitas Rekomendasi"), max_length=200, blank=True)
    daftar_items = models.ManyToManyField(
        "planning.DaftarDataItem",
        blank=True,
        related_name="activities",
        verbose_name=_("butir Daftar Data yang dilayani"),
    )

    # --- Blok I. Penyelenggara
    instansi = models.CharField(_("1.1 Instansi Penyelenggara"), max_length=300, blank=True)
    instansi_alamat = models.CharField(_("1.2 Alamat"), max_length=300, blank=True)
    instansi_telepon = models.CharField(_("1.2 Telepon"), max_length=50, blank=True)
    instansi_faksimile = models.CharField(_("1.2 Faksimile"), max_length=50, blank=True)
    instansi_email = models.EmailField(_("1.2 Surel"), blank=True)

    # --- Blok II. Penanggung Jawab
    eselon_1 = models.CharField(_("2.1 Unit Eselon 1"), max_length=200, blank=True)
    eselon_2 = models.CharField(_("2.1 Unit Eselon 2"), max_length=200, blank=True)
    pj_nama = models.CharField(_("2.2 Nama Penanggung Jawab Teknis"), max_length=200, blank=True)
    pj_jabatan = models.CharField(_("2.2 Jabatan"), max_length=200, blank=True)
    pj_alamat = models.CharField(_("2.2 Alamat"), max_length=300, blank=True)
    pj_telepon = models.CharField(_("2.2 Telepon"), max_length=50, blank=True)
    pj_faksimile = models.CharField(_("2.2 Faksimile"), max_length=50, blank=True)
    pj_email = models.EmailField(_("2.2 Surel"), blank=True)

    # --- Blok III. Perencanaan dan Persiapan (3.3: {stage: [start, end]} as ISO dates; 3.4 = variables)
    latar_belakang = models.TextField(_("3.1 Latar Belakang Kegiatan"), blank=True)
    tujuan = models.TextField(_("3.2 Tujuan Kegiatan"), blank=True)
    jadwal = models.JSONField(_("3.3 Rencana Jadwal Kegiatan"), default=dict, blank=True)

    # --- Blok IV. Desain Kegiatan
    dilakukan = _choice(codes.KEGIATAN_DILAKUKAN, _("4.1 Kegiatan ini dilakukan"))
    frekuensi = _choice(codes.FREKUENSI_PENYELENGGARAAN, _("4.2 Frekuensi Penyelenggaraan"))
    tipe_pengumpulan = _choice(codes.TIPE_PENGUMPULAN_DATA, _("4.3 Tipe Pengumpulan Data"))
    cakupan_wilayah = _choice(codes.CAKUPAN_WILAYAH, _("4.4 Cakupan Wilayah Pengumpulan Data"))
    wilayah_kegiatan = models.JSONField(_("4.5 Wilayah Kegiatan (kode kabupaten/kota)"), default=list, blank=True)
    metode_pengumpulan = _flags(_("4.6 Metode Pengumpulan Data"))
    metode_pengumpulan_lainnya = models.CharField(_("4.6 Lainnya, sebutkan"), max_length=200, blank=True)
    sarana_pengumpulan = _flags(_("4.7 Sarana Pengumpulan Data"))
    sarana_pengumpulan_lainnya = models.CharField(_("4.7 Lainnya, sebutkan"), max_length=200, blank=True)
    unit_pengumpulan = _flags(_("4.8 Unit Pengumpulan Data"))
    unit_pengumpulan_lainnya = models.CharField(_("4.8 Lainnya, sebutkan"), max_length=200, blank=True)

    # --- Blok V. Desain Sampel (survei only)
    jenis_rancangan_sampel = _choice(codes.JENIS_RANCANGAN_SAMPEL, _("5.1 Jenis Rancangan Sampel"))
    metode_pemilihan_sampel = _choice(codes.METODE_PEMILIHAN_SAMPEL, _("5.2 Metode Pemilihan Sampel Tahap Terakhir"))
    metode_sampel = _choice(codes.METODE_SAMPEL, _("5.3 Metode yang Digunakan"))
    kerangka_sampel = _choice(codes.KERANGKA_SAMPEL, _("5.4 Kerangka Sampel Tahap Terakhir"))
    fraksi_sampel = models.FloatField(
        _("5.5 Fraksi Sampel Keseluruhan"), null=True, blank=True, help_text=_("n/N, antara 0 dan 1.")
    )
    sampling_error = models.CharField(
        _("5.6 Nilai Perkiraan Sampling Error Variabel Utama"), max_length=300, blank=True
    )
    unit_sampel = models.CharField(_("5.7 Unit Sampel"), max_length=200, blank=True)
    unit_observasi = models.CharField(_("5.8 Unit Observasi"), max_length=200, blank=True)

    # --- Blok VI. Pengumpulan Data
    uji_coba = _choice(codes.UJI_COBA, _("6.1 Apakah melakukan uji coba (pilot survey)?"))
    pemeriksaan_kualitas = _flags(_("6.2 Metode Pemeriksaan Kualitas Pengumpulan Data"))
    pemeriksaan_kualitas_lainnya = models.CharField(_("6.2 Lainnya, sebutkan"), max_length=200, blank=True)
    penyesuaian_nonrespon = _choice(codes.PENYESUAIAN_NONRESPON, _("6.3 Apakah melakukan penyesuaian nonrespon?"))
    petugas = _choice(codes.PETUGAS_PENGUMPULAN_DATA, _("6.4 Petugas Pengumpulan Data"))
    pendidikan_petugas = _choice(codes.PENDIDIKAN_PETUGAS, _("6.5 Persyaratan Pendidikan Terendah Petugas"))
    jumlah_supervisor = models.PositiveIntegerField(_("6.6 Jumlah supervisor/penyelia/pengawas"), null=True, blank=True)
    jumlah_enumerator = models.PositiveIntegerField(_("6.6 Jumlah pengumpul data/enumerator"), null=True, blank=True)
    pelatihan_petugas = _choice(codes.PELATIHAN_PETUGAS, _("6.7 Apakah melakukan pelatihan petugas?"))

    # --- Blok VII. Pengolahan dan Analisis (7.1: {item: bool})
    tahapan_pengolahan = models.JSONField(_("7.1 Tahapan Pengolahan Data"), default=dict, blank=True)
    metode_analisis = _choice(codes.METODE_ANALISIS, _("7.2 Metode Analisis"))
    unit_analisis = _flags(_("7.3 Unit Analisis"))
    unit_analisis_lainnya = models.CharField(_("7.3 Lainnya, sebutkan"), max_length=200, blank=True)
    tingkat_penyajian = _flags(_("7.4 Tingkat Penyajian Hasil Analisis"))
    tingkat_penyajian_lainnya = models.CharField(_("7.4 Lainnya, sebutkan"), max_length=200, blank=True)

    # --- Blok VIII. Diseminasi Hasil (8.1: {product: bool}; 8.2: {product: ISO date})
    produk = models.JSONField(_("8.1 Produk yang tersedia untuk umum"), default=dict, blank=True)
    rencana_rilis = models.JSONField(_("8.2 Rencana Rilis Produk"), default=dict, blank=True)

    status = models.CharField(_("status"), max_length=20, choices=MetadataStatus.choices, default=MetadataStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    EDITABLE_STATUSES = (MetadataStatus.DRAFT, MetadataStatus.NEEDS_REVISION)

    class Meta:
        ordering = ["cycle", "organization", "title"]
        verbose_name = _("kegiatan statistik")
        verbose_name_plural = _("kegiatan statistik")
        # The list page shows a cycle's activities by OPD and status.
        indexes = [models.Index(fields=["cycle", "organization", "status"], name="activity_org_status")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("metadata:activity", args=[self.cycle.year, self.pk])

    @property
    def is_editable(self) -> bool:
        return bool(self.status in self.EDITABLE_STATUSES)

    @property
    def is_survey(self) -> bool:
        return bool(self.cara_pengumpulan == "survei")

    @property
    def is_priority(self) -> bool:
        """Serves a Data Prioritas item: the pembina's acceptance is needed too (Perpres 39/2019)."""
        return bool(self.daftar_items.filter(is_priority=True).exists())


class ActivityEvent(models.Model):
    """Append-only history of an activity's metadata: creation, edits per block, submissions,
    field-by-field reviews (with the reviewer's role)."""

    class Kind(models.TextChoices):
        CREATED = "created", _("dibuat")
        EDITED = "edited", _("diubah")
        SUBMITTED = "submitted", _("diajukan")
        REVIEWED = "reviewed", _("direviu")

    activity = models.ForeignKey(StatisticalActivity, models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    reviewer_role = models.CharField(max_length=20, blank=True)
    from_status = models.CharField(max_length=20, choices=MetadataStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=MetadataStatus.choices)
    note = models.TextField(_("catatan"), blank=True)
    changes = models.JSONField(default=dict, blank=True)
    field_reviews = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("riwayat kegiatan statistik")
        verbose_name_plural = _("riwayat kegiatan statistik")

    def __str__(self) -> str:
        return f"{self.activity_id} {self.kind}"

    @property
    def reviewer_role_label(self) -> str:
        """The reviewer's role as people read it. The column keeps the bare code without `choices`
        (adding them would only cost a migration); an unknown code is shown as it is."""
        if not self.reviewer_role:
            return ""
        try:
            return str(Role(self.reviewer_role).label)
        except ValueError:
            return self.reviewer_role


class Variable(models.Model):
    """MS-Var: one per variable collected (MS-Keg 3.4), domain-reference §2.3."""

    activity = models.ForeignKey(StatisticalActivity, models.CASCADE, related_name="variables")
    number = models.PositiveIntegerField(_("(1) No"), default=1)
    name = models.CharField(_("(2) Nama Variabel"), max_length=200)
    alias = models.CharField(
        _("(3) Alias"), max_length=100, blank=True, help_text=_("Nama singkat, mis. nama kolom: jumlah_balita.")
    )
    konsep = models.TextField(_("(4) Konsep"), blank=True)
    definisi = models.TextField(_("(5) Definisi"), blank=True)
    referensi_pemilihan = models.CharField(_("(6) Referensi Pemilihan"), max_length=300, blank=True)
    referensi_waktu = models.CharField(_("(7) Referensi Waktu"), max_length=200, blank=True)
    ukuran = models.CharField(_("Ukuran"), max_length=100, blank=True)
    satuan = models.CharField(_("Satuan"), max_length=100, blank=True)
    tipe_data = models.CharField(
        _("(8) Tipe Data"), max_length=20, choices=codes.TIPE_DATA_VARIABEL.choices, blank=True
    )
    # (9) Klasifikasi Isian: [{"kode": "1", "nilai": "Laki-laki"}, …] as INDAH's value_domain
    value_domain = models.JSONField(_("(9) Klasifikasi Isian"), default=list, blank=True)
    aturan_validasi = models.TextField(_("(10) Aturan Validasi"), blank=True)
    kalimat_pertanyaan = models.TextField(_("(11) Kalimat Pertanyaan"), blank=True)
    dapat_diakses_umum = models.CharField(
        _("(12) Apakah variabel dapat diakses umum?"),
        max_length=20,
        choices=codes.VARIABEL_DAPAT_DIAKSES_UMUM.choices,
        blank=True,
    )
    standard = models.ForeignKey(
        "reference.DataStandard",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="variables",
        verbose_name=_("Standar Data"),
    )

    class Meta:
        ordering = ["activity", "number", "id"]
        verbose_name = _("variabel (MS-Var)")
        verbose_name_plural = _("variabel (MS-Var)")

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    """MS-Ind: one per indicator the activity produces, domain-reference §2.4."""

    activity = models.ForeignKey(StatisticalActivity, models.CASCADE, related_name="indicators")
    number = models.PositiveIntegerField(_("(1) No"), default=1)
    name = models.CharField(_("(2) Nama Indikator"), max_length=200)
    konsep = models.TextField(_("(3) Konsep"), blank=True)
    definisi = models.TextField(_("(4) Definisi"), blank=True)
    interpretasi = models.TextField(_("(5) Interpretasi"), blank=True)
    metode_perhitungan = models.TextField(_("(6) Metode Penghitungan"), blank=True)
    rumus = models.CharField(_("(6) Rumus"), max_length=500, blank=True)
    ukuran = models.CharField(_("(7) Ukuran"), max_length=100, blank=True)
    satuan = models.CharField(_("(8) Satuan"), max_length=100, blank=True)
    klasifikasi_penyajian = models.CharField(_("(9) Klasifikasi Penyajian"), max_length=300, blank=True)
    komposit = models.CharField(
        _("(10) Apakah Indikator Komposit?"), max_length=20, choices=codes.INDIKATOR_KOMPOSIT.choices, blank=True
    )
    # (11)–(12) when composite: [{"nama": …, "publikasi": …}]; (13)–(15) otherwise: [{"kegiatan": …, "kode": …, "nama": …}]
    indikator_pembangun = models.JSONField(_("(11)–(12) Indikator Pembangun"), default=list, blank=True)
    variabel_pembangun = models.JSONField(_("(13)–(15) Variabel Pembangun"), default=list, blank=True)
    level_estimasi = models.CharField(_("(16) Level Estimasi"), max_length=200, blank=True)
    dapat_diakses_umum = models.CharField(
        _("(17) Apakah indikator dapat diakses umum?"),
        max_length=20,
        choices=codes.INDIKATOR_DAPAT_DIAKSES_UMUM.choices,
        blank=True,
    )
    standard = models.ForeignKey(
        "reference.DataStandard",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("Standar Data"),
    )

    class Meta:
        ordering = ["activity", "number", "id"]
        verbose_name = _("indikator (MS-Ind)")
        verbose_name_plural = _("indikator (MS-Ind)")

    def __str__(self) -> str:
        return self.name


class RecommendationStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan ke BPS")
    RETURNED = "returned", _("Dikembalikan untuk perbaikan")
    RECOMMENDED = "recommended", _("Direkomendasikan")


def recommendation_letter_path(instance: Recommendation, filename: str) -> str:
    return f"rekomendasi/{instance.activity.cycle.year}/{instance.activity_id}/{filename}"


class Recommendation(models.Model):
    """Rekomendasi Kegiatan Statistik (Romantik, domain-reference §3.1) for a survey or an
    administrative compilation. There is no Romantik API: the producer records what BPS decided."""

    activity = models.OneToOneField(StatisticalActivity, models.CASCADE, related_name="recommendation")
    status = models.CharField(
        _("status"), max_length=20, choices=RecommendationStatus.choices, default=RecommendationStatus.DRAFT
    )
    submitted_on = models.DateField(_("tanggal diajukan ke BPS"), null=True, blank=True)
    number = models.CharField(_("nomor rekomendasi"), max_length=100, blank=True)
    issued_on = models.DateField(_("tanggal rekomendasi"), null=True, blank=True)
    letter = models.FileField(
        _("surat rekomendasi (PDF)"), upload_to=recommendation_letter_path, max_length=300, blank=True
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rekomendasi statistik")
        verbose_name_plural = _("rekomendasi statistik")

    def __str__(self) -> str:
        return f"{self.activity} — {self.get_status_display()}"


class RecommendationEvent(models.Model):
    """Append-only: status changes and consultation notes of a recommendation."""

    recommendation = models.ForeignKey(Recommendation, models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=20, choices=RecommendationStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=RecommendationStatus.choices)
    note = models.TextField(_("catatan konsultasi"), blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("riwayat rekomendasi")
        verbose_name_plural = _("riwayat rekomendasi")

    def __str__(self) -> str:
        return f"{self.recommendation_id}: {self.to_status}"


class MetadataExchange(models.Model):
    """Append-only log of every export and import of metadata (INDAH JSON, XLSX), from a page or a
    command: what went out or came in, by whom, and whether it worked."""

    class Direction(models.TextChoices):
        EXPORT = "export", _("ekspor")
        IMPORT = "import", _("impor")

    activity = models.ForeignKey(StatisticalActivity, models.SET_NULL, null=True, blank=True, related_name="exchanges")
    direction = models.CharField(max_length=10, choices=Direction.choices)
    format = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    ok = models.BooleanField(default=True)
    message = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("pertukaran metadata")
        verbose_name_plural = _("pertukaran metadata")

    def __str__(self) -> str:
        return f"{self.direction} {self.format} {self.created:%Y-%m-%d}"


class AccuracyAssessment(models.Model):
    """Penilaian Akurasi Data (SOP step 4, EPSS 20201): a sampling-error computation for a
    probability survey, or notes on source validation, editing and supervision for other data.
    Append-only: each assessment is a new row; the one applied to MS-Keg 5.6 says so."""

    class Kind(models.TextChoices):
        SAMPLING = "sampling", _("Sampling error")
        ADMINISTRATIVE = "administrative", _("Data administratif")

    activity = models.ForeignKey(StatisticalActivity, models.CASCADE, related_name="assessments")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    variable_name = models.CharField(_("variabel utama"), max_length=200, blank=True)
    design = models.CharField(_("rancangan"), max_length=40, blank=True)
    inputs = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    text = models.CharField(_("nilai untuk MS-Keg 5.6"), max_length=300, blank=True)
    applied = models.BooleanField(_("dipakai di MS-Keg 5.6"), default=False)
    source_validation = models.TextField(_("validasi sumber data"), blank=True)
    editing = models.TextField(_("pemeriksaan dan editing"), blank=True)
    supervision = models.TextField(_("supervisi akurasi"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("penilaian akurasi")
        verbose_name_plural = _("penilaian akurasi")

    def __str__(self) -> str:
        return f"{self.activity_id} {self.kind} {self.created:%Y-%m-%d}"


def instrument_path(instance: Instrument, filename: str) -> str:
    return f"instrumen/{instance.activity.cycle.year}/{instance.activity_id}/{filename}"


class Instrument(models.Model):
    """A questionnaire or form of an activity (SOP step 8). Each upload is a new version; the
    recommendation number in force is stamped on it, as BPS requires on instruments."""

    activity = models.ForeignKey(StatisticalActivity, models.CASCADE, related_name="instruments")
    title = models.CharField(_("nama instrumen"), max_length=200)
    version = models.CharField(_("versi"), max_length=30)
    dated = models.DateField(_("tanggal"))
    recommendation_number = models.CharField(_("nomor rekomendasi"), max_length=100, blank=True)
    file = models.FileField(_("berkas"), upload_to=instrument_path, max_length=300)
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-dated", "-created", "-id"]
        verbose_name = _("instrumen")
        verbose_name_plural = _("instrumen")

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"
