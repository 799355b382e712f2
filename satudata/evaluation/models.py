"""The EPSS self-assessment (SOP step 19): one assessment per year, holding its own copy of the
structure (domains, aspects, indicators with weights and level criteria) so that a year's change of
weights never rewrites an earlier year's IPS. Each indicator carries the level the Tim Penilai
Internal chose, its explanation and evidence; every change of level or explanation, and every change
of the assessment's state or structure, is an append-only event row."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from satudata.evaluation import epss
from satudata.evaluation.epss import Level, Predicate


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Penilaian mandiri berjalan")
    LOCKED = "locked", _("Dikunci")


class Assessment(models.Model):
    year = models.PositiveIntegerField(_("tahun"), unique=True)
    framework = models.CharField(_("dasar penilaian"), max_length=200, default=epss.FRAMEWORK)
    status = models.CharField(
        _("status"), max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    # The demo's worksheet: its levels are invented, and every page and file showing them says so.
    is_sample = models.BooleanField(_("data contoh"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("penilaian mandiri EPSS")
        verbose_name_plural = _("penilaian mandiri EPSS")

    def __str__(self) -> str:
        return f"EPSS {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:epss", args=[self.year])

    @property
    def is_locked(self) -> bool:
        return self.status == AssessmentStatus.LOCKED

    def indicators(self) -> models.QuerySet[Indicator]:
        return Indicator.objects.filter(aspect__domain__assessment=self).select_related("aspect__domain")

    def weights(self) -> dict[str, Decimal]:
        """Effective weight of each indicator as stored for this year."""
        return {
            ind.code: ind.aspect.domain.weight * ind.aspect.weight * ind.weight / epss.HUNDRED**3
            for ind in self.indicators()
        }

    def levels(self) -> dict[str, int]:
        return {code: level for code, level in self.indicators().values_list("code", "level") if level is not None}


class AssessmentEvent(models.Model):
    """Append-only: the assessment's start, locking and reopening, and changes of its weights."""

    class Kind(models.TextChoices):
        CREATED = "created", _("dimulai")
        LOCKED = "locked", _("dikunci")
        REOPENED = "reopened", _("dibuka kembali")
        WEIGHTS = "weights", _("bobot diubah")

    assessment = models.ForeignKey(Assessment, models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    note = models.TextField(_("catatan"), blank=True)
    # weights: {"code": [old, new]} as strings (Decimal)
    changes = models.JSONField(default=dict, blank=True)
    # The IPS when the event happened (when every indicator had a level), for the history.
    ips = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("riwayat penilaian EPSS")
        verbose_name_plural = _("riwayat penilaian EPSS")

    def __str__(self) -> str:
        return f"{self.assessment} {self.kind}"


class Domain(models.Model):
    assessment = models.ForeignKey(Assessment, models.CASCADE, related_name="domains")
    code = models.CharField(_("kode"), max_length=1)
    name = models.CharField(_("nama"), max_length=200)
    weight = models.DecimalField(_("bobot (%)"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["assessment", "code"]
        verbose_name = _("domain EPSS")
        verbose_name_plural = _("domain EPSS")
        constraints = [models.UniqueConstraint(fields=["assessment", "code"], name="epss_domain_unique")]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Aspect(models.Model):
    domain = models.ForeignKey(Domain, models.CASCADE, related_name="aspects")
    code = models.CharField(_("kode"), max_length=3)
    name = models.CharField(_("nama"), max_length=200)
    weight = models.DecimalField(_("bobot dalam domain (%)"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["domain", "code"]
        verbose_name = _("aspek EPSS")
        verbose_name_plural = _("aspek EPSS")
        constraints = [models.UniqueConstraint(fields=["domain", "code"], name="epss_aspect_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Indicator(models.Model):
    """An indicator of one year's assessment, with the Tim Penilai Internal's answer."""

    aspect = models.ForeignKey(Aspect, models.CASCADE, related_name="indicators")
    code = models.CharField(_("kode"), max_length=5)
    name = models.CharField(_("nama"), max_length=300)
    description = models.TextField(_("uraian"), blank=True)
    weight = models.DecimalField(_("bobot dalam aspek (%)"), max_digits=5, decimal_places=2)
    # The five level criteria in order (level 1 first).
    criteria = models.JSONField(_("kriteria tingkat"), default=list)
    level = models.PositiveSmallIntegerField(_("tingkat kematangan"), choices=Level.choices, null=True, blank=True)
    explanation = models.TextField(_("penjelasan"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True, blank=True)
    updated = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["aspect", "code"]
        verbose_name = _("indikator EPSS")
        verbose_name_plural = _("indikator EPSS")
        constraints = [
            models.UniqueConstraint(fields=["aspect", "code"], name="epss_indicator_unique"),
            models.CheckConstraint(
                condition=models.Q(level__isnull=True) | models.Q(level__gte=1, level__lte=5),
                name="epss_indicator_level_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:indicator", args=[self.aspect.domain.assessment.year, self.code])

    @property
    def effective_weight(self) -> Decimal:
        return self.aspect.domain.weight * self.aspect.weight * self.weight / epss.HUNDRED**3

    @property
    def effective_percent(self) -> Decimal:
        return self.effective_weight * epss.HUNDRED

    def criterion(self, level: int) -> str:
        return str(self.criteria[level - 1]) if 1 <= level <= len(self.criteria) else ""

    def criteria_rows(self) -> list[tuple[int, str, str]]:
        return [(level.value, str(level.label), self.criterion(level.value)) for level in Level]


class ScoreEvent(models.Model):
    """Append-only: each saved answer of an indicator (level and explanation)."""

    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    from_level = models.PositiveSmallIntegerField(choices=Level.choices, null=True, blank=True)
    to_level = models.PositiveSmallIntegerField(choices=Level.choices, null=True, blank=True)
    explanation = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("riwayat indikator EPSS")
        verbose_name_plural = _("riwayat indikator EPSS")

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.from_level or '—'} → {self.to_level or '—'}"


def evidence_path(instance: Evidence, filename: str) -> str:
    assessment = instance.indicator.aspect.domain.assessment
    return f"epss/{assessment.year}/{instance.indicator.code}/{filename}"


class Evidence(models.Model):
    """Bukti dukung of an indicator: an uploaded file, a link (inside the portal or outside), or
    one of the system's proposals the team accepted (its key and a snapshot of what it said then).
    Removing evidence keeps the row (removed_at/by), so the worksheet's history stays whole."""

    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="evidence")
    title = models.CharField(_("judul"), max_length=300)
    url = models.CharField(_("tautan"), max_length=500, blank=True)
    file = models.FileField(_("berkas"), upload_to=evidence_path, max_length=300, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    note = models.TextField(_("keterangan"), blank=True)
    proposal_key = models.CharField(max_length=100, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("bukti dukung EPSS")
        verbose_name_plural = _("bukti dukung EPSS")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.file:
            indicator = self.indicator
            return reverse(
                "evaluation:evidence-file", args=[indicator.aspect.domain.assessment.year, indicator.code, self.pk]
            )
        return self.url


__all__ = [
    "Aspect",
    "Assessment",
    "AssessmentEvent",
    "AssessmentStatus",
    "Domain",
    "Evidence",
    "Indicator",
    "Level",
    "Predicate",
    "ScoreEvent",
]
