"""Datasets, their column schemas, their versions and the review of those versions (SOP steps 6, 8,
10 and 11). The table data itself lives in the store (Parquet files, decision D3); a version keeps
only the content key of its file."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from satudata.datasets.schema import TableSchema
from satudata.metadata import codes
from satudata.planning.models import JadwalPemutakhiran
from satudata.reference.models import AccessClass

if TYPE_CHECKING:
    from satudata.datasets.validation import Report


class TingkatPenyajian(models.TextChoices):
    """The smallest area the data is presented for (DataSae's tingkat_penyajian_dataset)."""

    KABUPATEN = "kabupaten", _("Kabupaten")
    KECAMATAN = "kecamatan", _("Kecamatan")
    DESA = "desa_kelurahan", _("Desa/Kelurahan")
    LAINNYA = "lainnya", _("Lainnya")


class Licence(models.TextChoices):
    CC_BY_4 = "CC-BY-4.0", _("Creative Commons Atribusi 4.0 (CC BY 4.0)")
    CC0 = "CC0-1.0", _("Creative Commons Zero (CC0 1.0)")
    ODC_BY = "ODC-BY-1.0", _("Open Data Commons Attribution (ODC-By 1.0)")
    OTHER = "other", _("Lainnya (lihat deskripsi)")


class Dataset(models.Model):
    """A series of tables about one subject, published by one OPD (a row of the Daftar Data made
    concrete). Its rows cover many periods; each period arrives as a `DatasetVersion`."""

    organization = models.ForeignKey(
        "accounts.Organization", models.PROTECT, related_name="datasets", verbose_name=_("Produsen Data")
    )
    daftar_item = models.ForeignKey(
        "planning.DaftarDataItem",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="datasets",
        verbose_name=_("butir Daftar Data"),
    )
    activity = models.ForeignKey(
        "metadata.StatisticalActivity",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="datasets",
        verbose_name=_("kegiatan statistik"),
    )
    variables = models.ManyToManyField(
        "metadata.Variable", blank=True, related_name="datasets", verbose_name=_("variabel (MS-Var)")
    )
    indicators = models.ManyToManyField(
        "metadata.Indicator", blank=True, related_name="datasets", verbose_name=_("indikator (MS-Ind)")
    )
    title = models.CharField(_("judul"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    # The dataset's identity for other portals (CKAN ``id``, DCAT ``dct:identifier``): random, so
    # that two regencies' datasets never share one when data.go.id harvests both.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    description = models.TextField(_("deskripsi"), blank=True)
    topic = models.CharField(_("topik/sektor"), max_length=60, choices=codes.SEKTOR_KEGIATAN.choices, blank=True)
    access_class = models.CharField(
        _("klasifikasi akses"), max_length=20, choices=AccessClass.choices, default=AccessClass.TERBUKA
    )
    frequency = models.CharField(
        _("frekuensi"), max_length=20, choices=JadwalPemutakhiran.choices, default=JadwalPemutakhiran.TAHUNAN
    )
    unit = models.CharField(_("satuan"), max_length=100, blank=True)
    tingkat_penyajian = models.CharField(
        _("tingkat penyajian"), max_length=20, choices=TingkatPenyajian.choices, default=TingkatPenyajian.KABUPATEN
    )
    licence = models.CharField(_("lisensi"), max_length=20, choices=Licence.choices, default=Licence.CC_BY_4)
    keywords = models.CharField(_("kata kunci"), max_length=500, blank=True, help_text=_("Pisahkan dengan koma."))
    is_priority = models.BooleanField(_("Data Prioritas"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    EDITABLE_FIELDS: tuple[str, ...] = (
        "title", "description", "topic", "access_class", "frequency", "unit", "tingkat_penyajian",
        "licence", "keywords",
    )  # fmt: skip

    class Meta:
        ordering = ["title"]
        verbose_name = _("dataset")
        verbose_name_plural = _("dataset")
        indexes = [models.Index(fields=["organization", "title"], name="dataset_org_title")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("datasets:dataset", args=[self.slug])

    @property
    def keyword_list(self) -> list[str]:
        return [k.strip() for k in self.keywords.split(",") if k.strip()]

    @property
    def current_schema(self) -> SchemaVersion | None:
        return self.schemas.order_by("-number").first()

    def latest_release(self) -> Release | None:
        return self.releases.order_by("-number").first()


class SchemaVersion(models.Model):
    """The column schema of a dataset (a Table Schema descriptor). A locked schema never changes:
    editing it makes the next number, and versions keep the schema they were checked against."""

    dataset = models.ForeignKey(Dataset, models.CASCADE, related_name="schemas")
    number = models.PositiveIntegerField(_("nomor"))
    descriptor = models.JSONField(_("Table Schema"))
    note = models.CharField(_("catatan perubahan"), max_length=500, blank=True)
    locked_at = models.DateTimeField(_("dikunci"), null=True, blank=True)
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["dataset", "number"]
        verbose_name = _("skema dataset")
        verbose_name_plural = _("skema dataset")
        constraints = [models.UniqueConstraint(fields=["dataset", "number"], name="schemaversion_unique")]

    def __str__(self) -> str:
        return f"{self.dataset} · skema {self.number}"

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def table_schema(self) -> TableSchema:
        return TableSchema.from_descriptor(self.descriptor)


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    RETURNED = "returned", _("Dikembalikan untuk perbaikan")
    RESUBMITTED = "resubmitted", _("Diajukan ulang")
    VERIFIED = "verified", _("Diverifikasi walidata")
    CHECKED = "checked", _("Diperiksa pembina")
    PUBLISHED = "published", _("Terbit")
    WITHDRAWN = "withdrawn", _("Ditarik")


class SourceKind(models.TextChoices):
    UPLOAD = "upload", _("Unggahan berkas")
    GRID = "grid", _("Isian tabel")
    COMMAND = "command", _("Perintah impor")
    DEMO = "demo", _("Data contoh")


class DatasetVersion(models.Model):
    """One period's rows of a dataset, as submitted for review. Its data is a store file; while a
    draft or returned, new data replaces the key (the old key stays in the history); from
    submission on the key is fixed, and once published nothing changes except withdrawal."""

    dataset = models.ForeignKey(Dataset, models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("nomor versi"))
    period = models.CharField(_("periode"), max_length=20, help_text=_("Mis. 2024, 2024-S1, 2024-03."))
    schema = models.ForeignKey(SchemaVersion, models.PROTECT, related_name="versions")
    status = models.CharField(_("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    file_key = models.CharField(max_length=64, blank=True)
    row_count = models.PositiveIntegerField(_("jumlah baris"), default=0)
    size_bytes = models.PositiveBigIntegerField(default=0)
    source_kind = models.CharField(max_length=20, choices=SourceKind.choices, default=SourceKind.UPLOAD)
    source_name = models.CharField(_("berkas sumber"), max_length=255, blank=True)
    report = models.JSONField(_("laporan validasi"), default=dict, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0)
    validated_at = models.DateTimeField(null=True, blank=True)
    change_note = models.TextField(_("catatan perubahan"), blank=True)
    # The producer's interpretation of this period's data (SOP step 12), written with the data and
    # reviewed with it; the public page shows the narrative of the latest published period.
    narrative = models.TextField(_("narasi"), blank=True)
    replaces = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("mengoreksi versi")
    )
    # Incremented at every (re)submission, so that review comments belong to one round.
    review_round = models.PositiveIntegerField(default=0)
    published_at = models.DateTimeField(_("terbit"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)

    EDITABLE_STATUSES = (VersionStatus.DRAFT, VersionStatus.RETURNED)
    IN_REVIEW_STATUSES = (VersionStatus.SUBMITTED, VersionStatus.RESUBMITTED)
    # Verified by the walidata, not yet published (Data Prioritas waits for the pembina here).
    AWAITING_PUBLICATION = (VersionStatus.VERIFIED, VersionStatus.CHECKED)
    # Not yet verified: a period has at most one such version.
    OPEN_STATUSES = EDITABLE_STATUSES + IN_REVIEW_STATUSES

    class Meta:
        ordering = ["dataset", "-number"]
        verbose_name = _("versi dataset")
        verbose_name_plural = _("versi dataset")
        constraints = [models.UniqueConstraint(fields=["dataset", "number"], name="datasetversion_unique")]
        indexes = [models.Index(fields=["dataset", "period", "status"], name="version_period_status")]

    def __str__(self) -> str:
        return f"{self.dataset} · v{self.number} ({self.period})"

    def get_absolute_url(self) -> str:
        return reverse("datasets:version", args=[self.dataset.slug, self.number])

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    @property
    def awaits_pembina(self) -> bool:
        """Data Prioritas verified by the walidata and not yet checked by the pembina (BPS)."""
        return self.status == VersionStatus.VERIFIED and self.dataset.is_priority

    @property
    def is_publishable(self) -> bool:
        """Verified, and for Data Prioritas also checked by the pembina."""
        return self.status == VersionStatus.CHECKED or (
            self.status == VersionStatus.VERIFIED and not self.dataset.is_priority
        )

    # The entry grid is for small tables: larger versions are corrected by uploading again.
    GRID_MAX_ROWS = 2000

    @property
    def fits_grid(self) -> bool:
        return self.row_count <= self.GRID_MAX_ROWS

    @property
    def has_data(self) -> bool:
        return bool(self.file_key)

    @property
    def is_valid(self) -> bool:
        return self.has_data and self.validated_at is not None and self.error_count == 0

    @property
    def validation(self) -> Report | None:
        from satudata.datasets.validation import Report

        return Report.from_json(self.report) if self.report else None

    def open_comments(self) -> models.QuerySet[ReviewComment]:
        """The comments of the latest review round: what the producer has to answer now."""
        return self.comments.filter(review_round=self.review_round).select_related("author")


class VersionEvent(models.Model):
    """Append-only history of a version: created, data replaced, every status change (who, from,
    to, why, when)."""

    class Kind(models.TextChoices):
        CREATED = "created", _("dibuat")
        DATA = "data", _("data diganti")
        TRANSITION = "transition", _("status berubah")
        NARRATIVE = "narrative", _("narasi diubah")

    version = models.ForeignKey(DatasetVersion, models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=20, choices=VersionStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=VersionStatus.choices)
    note = models.TextField(_("catatan"), blank=True)
    # DATA: {"file_key": [old, new], "rows": [old, new], "errors": n}; NARRATIVE: {"narrative": [old, new]}
    changes = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("riwayat versi")
        verbose_name_plural = _("riwayat versi")

    def __str__(self) -> str:
        return f"{self.version}: {self.from_status or '—'} → {self.to_status}"


class ReviewComment(models.Model):
    """A reviewer's note on a whole version (no column, no row), a column, or one cell. Append-only."""

    version = models.ForeignKey(DatasetVersion, models.CASCADE, related_name="comments")
    review_round = models.PositiveIntegerField(default=0)
    column = models.CharField(_("kolom"), max_length=63, blank=True)
    row = models.PositiveIntegerField(
        _("baris"), null=True, blank=True, help_text=_("Urutan baris dalam versi, mulai 1.")
    )
    text = models.TextField(_("catatan"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("catatan reviu")
        verbose_name_plural = _("catatan reviu")

    def __str__(self) -> str:
        return f"{self.version}: {self.target}"

    # The column value of a note on the narrative rather than on the data.
    NARRATIVE = "_narasi"

    @property
    def target(self) -> str:
        if self.column == self.NARRATIVE:
            return "narasi"
        if self.row and self.column:
            return f"baris {self.row}, kolom {self.column}"
        if self.column:
            return f"kolom {self.column}"
        if self.row:
            return f"baris {self.row}"
        return "seluruh versi"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu giliran")
    RUNNING = "running", _("Sedang diproses")
    NEEDS_MAPPING = "needs_mapping", _("Menunggu pemetaan kolom")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


class ImportJob(models.Model):
    """An uploaded file on its way to a version: read, mapped, validated and stored by a background
    task. The version row is created only once its file is completely in the store, so a worker
    killed half way leaves a failed or stale job, never a half-written version."""

    dataset = models.ForeignKey(Dataset, models.CASCADE, related_name="imports")
    version = models.ForeignKey(
        DatasetVersion, models.SET_NULL, null=True, blank=True, related_name="imports",
        help_text=_("Versi draf yang datanya diganti; kosong untuk versi baru."),
    )  # fmt: skip
    period = models.CharField(_("periode"), max_length=20)
    status = models.CharField(max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=200, blank=True)
    incoming = models.CharField(max_length=100, help_text="Name of the uploaded file in the store's incoming area.")
    original_name = models.CharField(max_length=255)
    size_bytes = models.PositiveBigIntegerField(default=0)
    # {"sheet": str, "header_row": int, "mapping": {field: source header}, "change_note": str, "submit": bool}
    options = models.JSONField(default=dict, blank=True)
    # What the reader found: {"headers": [...], "preview": [[...]], "sheets": [...], "header_row": n, ...}
    found = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    result = models.ForeignKey(DatasetVersion, models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("impor data")
        verbose_name_plural = _("impor data")

    def __str__(self) -> str:
        return f"{self.dataset} · {self.original_name} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("datasets:import", args=[self.dataset.slug, self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)


class FlagKind(models.TextChoices):
    PREVIOUS_PERIOD = "previous_period", _("Perubahan dari periode sebelumnya")
    TOTALS = "totals", _("Jumlah kecamatan dan total kabupaten")
    REFERENCE = "reference", _("Selisih dengan angka rujukan BPS")


class ReconciliationFlag(models.Model):
    """A fact the walidata should look at before verifying, computed at submission."""

    version = models.ForeignKey(DatasetVersion, models.CASCADE, related_name="flags")
    review_round = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=FlagKind.choices)
    column = models.CharField(max_length=63, blank=True)
    message = models.TextField()
    # previous_period: {"threshold": pct, "rows": [{"key": ..., "old": x, "new": y, "pct": p}], "count": n}
    # totals / reference: {"stated": x, "computed": y, "difference": d, "pct": p, "filters": {...}}
    detail = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "column", "id"]
        verbose_name = _("catatan rekonsiliasi")
        verbose_name_plural = _("catatan rekonsiliasi")

    def __str__(self) -> str:
        return f"{self.version}: {self.kind} {self.column}"


class ReferenceFigure(models.Model):
    """A figure published by BPS (or another official source) for the same measure and period,
    entered by the walidata or the pembina so that submissions can be compared with it."""

    dataset = models.ForeignKey(Dataset, models.CASCADE, related_name="reference_figures")
    period = models.CharField(_("periode"), max_length=20)
    column = models.CharField(_("kolom ukuran"), max_length=63)
    value = models.FloatField(_("nilai"))
    source = models.CharField(
        _("sumber"), max_length=300, help_text=_("Mis. Kabupaten Pasuruan Dalam Angka 2025, tabel 3.1.2.")
    )
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["dataset", "period", "column", "-created"]
        verbose_name = _("angka rujukan")
        verbose_name_plural = _("angka rujukan")

    def __str__(self) -> str:
        return f"{self.dataset} {self.period} {self.column} = {self.value}"


class Release(models.Model):
    """What the public gets: for each period the latest published version, combined into one
    immutable file. Every publication or withdrawal makes the next number; old ones stay."""

    dataset = models.ForeignKey(Dataset, models.CASCADE, related_name="releases")
    number = models.PositiveIntegerField(_("nomor rilis"))
    file_key = models.CharField(max_length=64, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    size_bytes = models.PositiveBigIntegerField(default=0)
    versions = models.ManyToManyField(DatasetVersion, related_name="releases")
    periods = models.JSONField(default=list)
    note = models.TextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["dataset", "-number"]
        verbose_name = _("rilis")
        verbose_name_plural = _("rilis")
        constraints = [models.UniqueConstraint(fields=["dataset", "number"], name="release_unique")]

    def __str__(self) -> str:
        return f"{self.dataset} · rilis {self.number}"


def referenced_keys() -> set[str]:
    """Every store key the database still points at (for the orphan sweep). Keys in version
    history are kept too: a replaced draft file stays readable from the history."""
    keys: set[str] = set(DatasetVersion.objects.exclude(file_key="").values_list("file_key", flat=True))
    keys |= set(Release.objects.exclude(file_key="").values_list("file_key", flat=True))
    for changes in VersionEvent.objects.filter(kind=VersionEvent.Kind.DATA).values_list("changes", flat=True):
        old_new: Any = (changes or {}).get("file_key") or []
        keys.update(k for k in old_new if k)
    return keys
