from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from satudata.accounts.models import Organization
from satudata.core.fields import HttpsURLField
from satudata.planning.steps import Step, get_step
from satudata.reference.models import AccessClass


def local_today() -> dt.date:
    return timezone.localdate()


class Cycle(models.Model):
    """One yearly run of the SOP (siklus)."""

    year = models.PositiveIntegerField(_("tahun"), unique=True)
    start_date = models.DateField(_("tanggal mulai"))
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("siklus")
        verbose_name_plural = _("siklus")

    def __str__(self) -> str:
        return f"Siklus {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("planning:cycle", args=[self.year])

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def check_open(self) -> None:
        """Every write to a cycle's records asks first: a closed cycle is an archive."""
        if self.is_closed:
            raise ValidationError(
                _("Siklus %(year)s sudah ditutup; arsipnya hanya dapat dibaca.") % {"year": self.year}
            )

    @property
    def end_date(self) -> dt.date:
        last = self.steps.order_by("-number").first()
        return last.due_date if last else self.start_date


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Belum mulai")
    IN_PROGRESS = "in_progress", _("Berjalan")
    DONE = "done", _("Selesai")
    LATE = "late", _("Terlambat")


class CycleStep(models.Model):
    """A step of a cycle: its window and its status. The status is derived (see `progress.py`) and
    stored so that every change leaves a `StepEvent` behind."""

    cycle = models.ForeignKey(Cycle, models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField(_("nomor langkah"))
    start_date = models.DateField(_("mulai"))
    due_date = models.DateField(_("tenggat"))
    status = models.CharField(_("status"), max_length=20, choices=StepStatus.choices, default=StepStatus.NOT_STARTED)
    done_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    class Meta:
        ordering = ["cycle", "number"]
        verbose_name = _("langkah siklus")
        verbose_name_plural = _("langkah siklus")
        constraints = [models.UniqueConstraint(fields=["cycle", "number"], name="cyclestep_unique")]

    def __str__(self) -> str:
        return f"{self.cycle} · langkah {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("planning:step", args=[self.cycle.year, self.number])

    @property
    def step(self) -> Step:
        return get_step(self.number)

    def days_late(self, today: dt.date | None = None) -> int:
        """Days past the due date: for a done step, at completion; otherwise as of today."""
        end = timezone.localtime(self.done_at).date() if self.done_at else today or local_today()
        return max(0, (end - self.due_date).days)


class StepEvent(models.Model):
    """Append-only: every status change of a step (who, from, to, why, when). `actor` is empty when
    the system itself noticed the change (a due date passed)."""

    cycle_step = models.ForeignKey(CycleStep, models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True, blank=True)
    from_status = models.CharField(max_length=20, choices=StepStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=StepStatus.choices)
    reason = models.CharField(_("alasan"), max_length=500)
    created = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("riwayat langkah")
        verbose_name_plural = _("riwayat langkah")

    def __str__(self) -> str:
        return f"{self.cycle_step}: {self.from_status or '—'} → {self.to_status}"


def evidence_path(instance: StepEvidence, filename: str) -> str:
    return f"siklus/{instance.cycle_step.cycle.year}/langkah-{instance.cycle_step.number}/{filename}"


class StepEvidence(models.Model):
    """An uploaded file with a note, for steps whose outputs the system does not hold itself."""

    cycle_step = models.ForeignKey(CycleStep, models.CASCADE, related_name="evidence")
    file = models.FileField(_("berkas"), upload_to=evidence_path, max_length=300)
    original_name = models.CharField(max_length=255)
    note = models.TextField(_("catatan"))
    # False for a producer's evidence, which covers its own OPD only (see permissions).
    completes_step = models.BooleanField(_("menyelesaikan langkah"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("bukti langkah")
        verbose_name_plural = _("bukti langkah")

    def __str__(self) -> str:
        return self.original_name


class ForumMeeting(models.Model):
    """A meeting of the Forum Satu Data (steps 1, 4 and 21)."""

    cycle = models.ForeignKey(Cycle, models.CASCADE, related_name="meetings")
    title = models.CharField(_("judul"), max_length=300)
    agenda = models.TextField(_("agenda"))
    starts_at = models.DateTimeField(_("waktu"))
    place = models.CharField(_("tempat"), max_length=300)
    invited_organizations = models.ManyToManyField(
        Organization, blank=True, related_name="+", verbose_name=_("organisasi diundang")
    )
    invited_people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("orang diundang")
    )
    minutes = models.TextField(_("notulen"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("rapat Forum Satu Data")
        verbose_name_plural = _("rapat Forum Satu Data")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("planning:meeting", args=[self.cycle.year, self.pk])


class Attendance(models.Model):
    """A line of the attendance list (daftar hadir); invitees are listed whether present or not."""

    meeting = models.ForeignKey(ForumMeeting, models.CASCADE, related_name="attendance")
    name = models.CharField(_("nama"), max_length=200)
    organization = models.ForeignKey(
        Organization, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("organisasi")
    )
    position = models.CharField(_("jabatan"), max_length=200, blank=True)
    present = models.BooleanField(_("hadir"), default=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")

    def __str__(self) -> str:
        return self.name


class PlanningDocument(models.TextChoices):
    RPJPD = "rpjpd", "RPJPD"
    RPJMD = "rpjmd", "RPJMD"
    RKPD = "rkpd", "RKPD"
    RENSTRA = "renstra", _("Renstra Perangkat Daerah")
    RENJA = "renja", _("Renja Perangkat Daerah")
    LKPJ = "lkpj", "LKPJ"
    LPPD = "lppd", "LPPD"
    LKJIP = "lkjip", "LKjIP"
    SPM = "spm", _("Standar Pelayanan Minimal (SPM)")
    DDP = "ddp", _("Daftar Data Prioritas pemerintah")
    SIPD = "sipd", _("Modul E-Walidata SIPD")
    LAINNYA = "lainnya", _("Lainnya")


class JenisData(models.TextChoices):
    STATISTIK = "statistik", _("Statistik")
    GEOSPASIAL = "geospasial", _("Geospasial")
    KEUANGAN = "keuangan", _("Keuangan")


class IndikatorVariabel(models.TextChoices):
    INDIKATOR = "indikator", _("Indikator")
    VARIABEL = "variabel", _("Variabel")


class JadwalPemutakhiran(models.TextChoices):
    HARIAN = "harian", _("Harian")
    MINGGUAN = "mingguan", _("Mingguan")
    BULANAN = "bulanan", _("Bulanan")
    TRIWULANAN = "triwulanan", _("Triwulanan")
    SEMESTERAN = "semesteran", _("Semesteran")
    TAHUNAN = "tahunan", _("Tahunan")
    INSIDENTAL = "insidental", _("Insidental")


class ItemStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    NEEDS_REVISION = "needs_revision", _("Perlu perbaikan")
    ACCEPTED = "accepted", _("Disepakati")


class DaftarDataItem(models.Model):
    """An item of the Daftar Data with the 19 attributes of the regional format (domain-reference
    §1.4), numbered (1)–(19) as the Forum uses them, plus the priority flag and planning document."""

    cycle = models.ForeignKey(Cycle, models.CASCADE, related_name="items")
    id_ddd = models.CharField(_("ID DDD"), max_length=50)
    id_ddp = models.CharField(_("ID DDP"), max_length=50, blank=True)
    sumber_referensi = models.CharField(_("Sumber Referensi"), max_length=300)
    kode_indikator = models.CharField(_("Kode Indikator"), max_length=50, blank=True)
    nama_indikator = models.CharField(_("Nama Indikator"), max_length=300, blank=True)
    nama_data = models.CharField(_("Nama Data"), max_length=300)
    jenis_data = models.CharField(
        _("Jenis Data"), max_length=20, choices=JenisData.choices, default=JenisData.STATISTIK
    )
    indikator_variabel = models.CharField(_("Indikator/Variabel"), max_length=20, choices=IndikatorVariabel.choices)
    kode_standar_data = models.CharField(_("Kode Standar Data"), max_length=50, default="N/A")
    organization = models.ForeignKey(
        Organization, models.PROTECT, related_name="daftar_data", verbose_name=_("Produsen Data")
    )
    klasifikasi = models.CharField(
        _("Klasifikasi Data sesuai Risiko"),
        max_length=20,
        choices=AccessClass.choices,
        default=AccessClass.TERBUKA,
    )
    definisi = models.TextField(_("Definisi"))
    satuan = models.CharField(_("Satuan"), max_length=100)
    klasifikasi_penyajian = models.CharField(_("Klasifikasi Penyajian"), max_length=300)
    jadwal_pemutakhiran = models.CharField(_("Jadwal Pemutakhiran"), max_length=20, choices=JadwalPemutakhiran.choices)
    kategori_rad = models.CharField(_("Kategori RAD"), max_length=200, blank=True)
    kode_metadata = models.CharField(_("Kode Metadata"), max_length=100, blank=True)
    link_portal_daerah = HttpsURLField(_("Link Portal Daerah"), max_length=500, blank=True)
    link_portal_sdi = HttpsURLField(_("Link Portal SDI"), max_length=500, blank=True)
    is_priority = models.BooleanField(_("Data Prioritas"), default=False)
    planning_document = models.CharField(_("Dokumen Perencanaan"), max_length=20, choices=PlanningDocument.choices)
    status = models.CharField(_("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    # The 19 attributes in the order and with the numbers of the regional format, then the two
    # local additions this portal keeps (so that an export round-trips without loss).
    ATTRIBUTES: tuple[str, ...] = (
        "id_ddd", "id_ddp", "sumber_referensi", "kode_indikator", "nama_indikator", "nama_data",
        "jenis_data", "indikator_variabel", "kode_standar_data", "organization", "klasifikasi",
        "definisi", "satuan", "klasifikasi_penyajian", "jadwal_pemutakhiran", "kategori_rad",
        "kode_metadata", "link_portal_daerah", "link_portal_sdi",
    )  # fmt: skip
    LOCAL_ATTRIBUTES: tuple[str, ...] = ("is_priority", "planning_document")
    REVIEWED_FIELDS = ATTRIBUTES + LOCAL_ATTRIBUTES
    EDITABLE_STATUSES = (ItemStatus.DRAFT, ItemStatus.NEEDS_REVISION)

    class Meta:
        ordering = ["cycle", "id_ddd"]
        verbose_name = _("butir Daftar Data")
        verbose_name_plural = _("Daftar Data")
        constraints = [models.UniqueConstraint(fields=["cycle", "id_ddd"], name="daftardata_id_ddd_unique")]
        # The list page filters a cycle's items by organization and status.
        indexes = [models.Index(fields=["cycle", "organization", "status"], name="ddi_org_status")]

    def __str__(self) -> str:
        return f"{self.id_ddd} {self.nama_data}"

    def get_absolute_url(self) -> str:
        return reverse("planning:item", args=[self.cycle.year, self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    def display_value(self, field: str) -> str:
        """The value as people read it (labels, not codes), as in the workbook."""
        if field == "organization":
            return self.organization.name
        if field == "is_priority":
            return "Ya" if self.is_priority else "Tidak"
        model_field = self._meta.get_field(field)
        if getattr(model_field, "choices", None):
            return str(getattr(self, f"get_{field}_display")())
        return str(getattr(self, field))

    def snapshot(self) -> dict[str, Any]:
        return {
            field: (self.organization_id if field == "organization" else getattr(self, field))
            for field in self.REVIEWED_FIELDS
        }

    @classmethod
    def field_label(cls, field: str) -> str:
        model_field = cls._meta.get_field(field)
        assert isinstance(model_field, models.Field)
        return str(model_field.verbose_name)

    @classmethod
    def field_number(cls, field: str) -> int:
        return cls.REVIEWED_FIELDS.index(field) + 1

    def open_review_comments(self) -> list[tuple[str, str]]:
        return [
            (self.field_label(field), review.get("comment", ""))
            for field, review in self.open_review().items()
            if review.get("decision") == ReviewDecision.NEEDS_REVISION
        ]

    def open_review(self) -> dict[str, dict[str, str]]:
        """Field comments of the latest review, while the item waits for the producer's fix."""
        if self.status != ItemStatus.NEEDS_REVISION:
            return {}
        event = self.events.filter(kind=ItemEvent.Kind.REVIEWED).order_by("-created", "-id").first()
        return event.field_reviews if event else {}


def next_id_ddd(cycle: Cycle) -> str:
    prefix = f"DDD-{cycle.year}-"
    used = cycle.items.filter(id_ddd__startswith=prefix).values_list("id_ddd", flat=True)
    numbers = [int(code[len(prefix) :]) for code in used if code[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


class ReviewDecision(models.TextChoices):
    ACCEPTED = "accepted", _("Diterima")
    NEEDS_REVISION = "needs_revision", _("Perlu perbaikan")


class ItemEvent(models.Model):
    """Append-only history of a Daftar Data item: creation, edits (with the changed values),
    submissions, field-by-field reviews and imports."""

    class Kind(models.TextChoices):
        CREATED = "created", _("dibuat")
        EDITED = "edited", _("diubah")
        SUBMITTED = "submitted", _("diajukan")
        REVIEWED = "reviewed", _("direviu")
        IMPORTED = "imported", _("diimpor")

    item = models.ForeignKey(DaftarDataItem, models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=20, choices=ItemStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ItemStatus.choices)
    note = models.TextField(_("catatan"), blank=True)
    # edits: {"field": [old, new]}; reviews: {"field": {"decision": ..., "comment": ...}}
    changes = models.JSONField(default=dict, blank=True)
    field_reviews = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("riwayat butir Daftar Data")
        verbose_name_plural = _("riwayat butir Daftar Data")

    def __str__(self) -> str:
        return f"{self.item.id_ddd} {self.kind}"

    def changed_labels(self) -> list[str]:
        return [DaftarDataItem.field_label(field) for field in self.changes if field in DaftarDataItem.REVIEWED_FIELDS]

    def needs_revision_fields(self) -> list[tuple[str, str]]:
        return [
            (DaftarDataItem.field_label(field), review.get("comment", ""))
            for field, review in self.field_reviews.items()
            if review.get("decision") == ReviewDecision.NEEDS_REVISION
        ]


class BeritaAcaraSubject(models.TextChoices):
    DAFTAR_DATA = "daftar_data", _("Kesepakatan Daftar Data")
    RENAKSI = "renaksi", _("Kesepakatan Renaksi")


def berita_acara_path(instance: BeritaAcara, filename: str) -> str:
    return f"siklus/{instance.meeting.cycle.year}/berita-acara/{instance.pk or 'baru'}/{filename}"


class BeritaAcara(models.Model):
    """The signed record of a Forum agreement: on the Daftar Data (steps 1 and 4) or on the Renaksi
    (step 21). The agreed rows are copied in when the document is generated, so the record never
    changes afterwards."""

    meeting = models.ForeignKey(ForumMeeting, models.PROTECT, related_name="berita_acara")
    subject = models.CharField(
        _("pokok"), max_length=20, choices=BeritaAcaraSubject.choices, default=BeritaAcaraSubject.DAFTAR_DATA
    )
    number = models.CharField(_("nomor"), max_length=100)
    date = models.DateField(_("tanggal"))
    title = models.CharField(_("judul"), max_length=300, default="Berita Acara Kesepakatan Daftar Data")
    # [{"role": "...", "title": "...", "name": "...", "nip": "..."}] in signing order
    signatories = models.JSONField(_("penanda tangan"), default=list)
    items = models.JSONField(default=list)
    docx = models.FileField(upload_to=berita_acara_path, max_length=300, blank=True)
    pdf = models.FileField(upload_to=berita_acara_path, max_length=300, blank=True)
    signed_scan = models.FileField(
        _("pindaian bertanda tangan"), upload_to=berita_acara_path, max_length=300, blank=True
    )
    signed_uploaded_at = models.DateTimeField(null=True, blank=True)
    signed_uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True, blank=True
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("Berita Acara")
        verbose_name_plural = _("Berita Acara")

    def __str__(self) -> str:
        return f"{self.title} {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("planning:berita-acara", args=[self.meeting.cycle.year, self.pk])

    @property
    def is_signed(self) -> bool:
        return bool(self.signed_scan)


class ActionPlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    AGREED = "agreed", _("Disepakati")


class ActionPlan(models.Model):
    """The Renaksi (rencana aksi, SOP step 21; EPSS 50301): drawn up and agreed by the Forum in one
    cycle, for the next year, and carried out in that year's cycle. Its items are fixed once agreed;
    their progress is followed until the year it is for is closed."""

    year = models.PositiveIntegerField(_("tahun pelaksanaan"), unique=True)
    drafted_in = models.ForeignKey(
        Cycle, models.PROTECT, related_name="action_plans", verbose_name=_("disusun pada siklus")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ActionPlanStatus.choices, default=ActionPlanStatus.DRAFT
    )
    meeting = models.ForeignKey(
        ForumMeeting, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("disepakati dalam rapat")
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("Renaksi")
        verbose_name_plural = _("Renaksi")

    def __str__(self) -> str:
        return f"Renaksi {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("planning:renaksi", args=[self.drafted_in.year])

    @property
    def is_agreed(self) -> bool:
        return self.status == ActionPlanStatus.AGREED

    def implementation_cycle(self) -> Cycle | None:
        return Cycle.objects.filter(year=self.year).first()

    NOT_EDITABLE = _("Renaksi yang sudah disepakati atau siklusnya ditutup tidak dapat diubah.")

    @property
    def is_editable(self) -> bool:
        """Items may be added or changed while the plan is a draft of an open cycle."""
        return not self.is_agreed and not self.drafted_in.is_closed

    def check_editable(self) -> None:
        if not self.is_editable:
            raise ValidationError(self.NOT_EDITABLE)

    @cached_property
    def is_followed(self) -> bool:
        """Progress may be recorded once agreed, until the year it is for has been closed."""
        implementation = self.implementation_cycle()
        return self.is_agreed and (implementation is None or not implementation.is_closed)


class ActionItemStatus(models.TextChoices):
    OPEN = "open", _("Belum dimulai")
    IN_PROGRESS = "in_progress", _("Berjalan")
    DONE = "done", _("Selesai")
    DROPPED = "dropped", _("Dibatalkan")


# An item done or dropped is not carried into the next Renaksi.
FINISHED_ACTION_STATUSES = (ActionItemStatus.DONE, ActionItemStatus.DROPPED)


class ActionItem(models.Model):
    """One action of a Renaksi: what, why (a weak EPSS indicator or a quality problem of a dataset),
    which OPD answers for it, by when, and how far it is."""

    plan = models.ForeignKey(ActionPlan, models.CASCADE, related_name="items")
    title = models.CharField(_("kegiatan"), max_length=300)
    reason = models.TextField(_("alasan"))
    indicator_code = models.CharField(_("indikator EPSS"), max_length=5, blank=True)
    dataset = models.ForeignKey(
        "datasets.Dataset",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dataset bermasalah"),
    )
    problem = models.CharField(_("masalah kualitas"), max_length=300, blank=True)
    organization = models.ForeignKey(Organization, models.PROTECT, related_name="+", verbose_name=_("penanggung jawab"))
    due_date = models.DateField(_("tenggat"))
    status = models.CharField(
        _("status"), max_length=20, choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN
    )
    carried_from = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("lanjutan dari")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    FIELDS: tuple[str, ...] = ("title", "reason", "indicator_code", "dataset", "problem", "organization", "due_date")

    class Meta:
        ordering = ["plan", "due_date", "id"]
        verbose_name = _("butir Renaksi")
        verbose_name_plural = _("butir Renaksi")

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_ACTION_STATUSES

    def snapshot(self) -> dict[str, Any]:
        return {
            name: str(getattr(self, f"{name}_id") or "")
            if name in ("dataset", "organization")
            else str(getattr(self, name))
            for name in self.FIELDS
        }


class ActionItemEvent(models.Model):
    """Append-only: an item's creation, edits (old and new values) and progress (status with a note)."""

    class Kind(models.TextChoices):
        CREATED = "created", _("dibuat")
        EDITED = "edited", _("diubah")
        PROGRESS = "progress", _("kemajuan")

    item = models.ForeignKey(ActionItem, models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=20, choices=ActionItemStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ActionItemStatus.choices)
    note = models.TextField(_("catatan"), blank=True)
    changes = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("riwayat butir Renaksi")
        verbose_name_plural = _("riwayat butir Renaksi")

    def __str__(self) -> str:
        return f"{self.item}: {self.kind}"
