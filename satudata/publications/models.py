"""Publications (reports, infographics, "Dalam Angka") and news of the public portal (SOP steps 13
and 16). Each keeps its status changes as append-only event rows; the news body is stored as
sanitised HTML (see `satudata.publications.html`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from satudata.publications.html import clean_html


class PublicationKind(models.TextChoices):
    REPORT = "publikasi", _("Publikasi / laporan statistik")
    INFOGRAPHIC = "infografis", _("Infografis")
    IN_FIGURES = "dalam_angka", _("Dalam Angka")
    OTHER = "lainnya", _("Lainnya")


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    PUBLISHED = "published", _("Terbit")
    WITHDRAWN = "withdrawn", _("Ditarik")


class NewsStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    PUBLISHED = "published", _("Terbit")


class EventKind(models.TextChoices):
    CREATED = "created", _("dibuat")
    EDITED = "edited", _("diubah")
    TRANSITION = "transition", _("status berubah")


def publication_file_path(instance: Publication, filename: str) -> str:
    # The slug, not the uploader's file name, names the file: no spaces or odd characters on disk.
    return f"publikasi/{instance.year}/{instance.slug}.pdf"


def publication_cover_path(instance: Publication, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return f"publikasi/{instance.year}/{instance.slug}-sampul.{suffix}"


class PublicationQuerySet(models.QuerySet["Publication"]):
    def published(self) -> PublicationQuerySet:
        return self.filter(status=PublicationStatus.PUBLISHED)


class Publication(models.Model):
    """A document an OPD (or the walidata for it) puts on the portal as a PDF, e.g. "Kabupaten
    Pasuruan Dalam Angka 2026". Public only while published."""

    title = models.CharField(_("judul"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=PublicationKind.choices, default=PublicationKind.REPORT)
    organization = models.ForeignKey(
        "accounts.Organization", models.PROTECT, related_name="publications", verbose_name=_("Produsen Data")
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    description = models.TextField(_("deskripsi"), blank=True)
    file = models.FileField(_("berkas PDF"), upload_to=publication_file_path, max_length=300)
    cover = models.FileField(_("sampul"), upload_to=publication_cover_path, max_length=300, blank=True)
    datasets = models.ManyToManyField(
        "datasets.Dataset", blank=True, related_name="publications", verbose_name=_("dataset terkait")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT
    )
    published_at = models.DateTimeField(_("tanggal terbit"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-published_at", "title"]
        verbose_name = _("publikasi")
        verbose_name_plural = _("publikasi")
        indexes = [
            # The public catalogue and the home page: published ones, newest first.
            models.Index(fields=["status", "-published_at"], name="publication_public_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("publications:detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED

    @property
    def cover_content_type(self) -> str:
        return "image/png" if self.cover.name.lower().endswith(".png") else "image/jpeg"


class PublicationEvent(models.Model):
    """Append-only history of a publication: created, edited, every status change."""

    publication = models.ForeignKey(Publication, models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=20, choices=PublicationStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=PublicationStatus.choices)
    note = models.TextField(_("catatan"), blank=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("riwayat publikasi")
        verbose_name_plural = _("riwayat publikasi")

    def __str__(self) -> str:
        return f"{self.publication}: {self.from_status or '—'} → {self.to_status}"


class NewsQuerySet(models.QuerySet["NewsPost"]):
    def published(self) -> NewsQuerySet:
        return self.filter(status=NewsStatus.PUBLISHED)


class NewsPost(models.Model):
    """A news item of the portal, written by the walidata. ``body`` is HTML, sanitised whenever
    the post is saved, so it can be shown as it is."""

    title = models.CharField(_("judul"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.CharField(
        _("ringkasan"), max_length=400, blank=True, help_text=_("Satu atau dua kalimat untuk daftar berita dan RSS.")
    )
    body = models.TextField(_("isi"))
    status = models.CharField(_("status"), max_length=20, choices=NewsStatus.choices, default=NewsStatus.DRAFT)
    published_at = models.DateTimeField(_("tanggal terbit"), null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("penulis"))
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)

    objects = NewsQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created"]
        verbose_name = _("berita")
        verbose_name_plural = _("berita")
        indexes = [
            # The news list, the feeds and the home page: published ones, newest first.
            models.Index(fields=["status", "-published_at"], name="news_public_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.body = clean_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("publications:news-detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == NewsStatus.PUBLISHED

    @property
    def safe_body(self) -> SafeString:
        # Cleaned on save already; cleaning again costs microseconds and covers rows written by
        # other means (a QuerySet.update, a fixture, the database shell).
        return mark_safe(clean_html(self.body))


class NewsEvent(models.Model):
    """Append-only history of a news post."""

    post = models.ForeignKey(NewsPost, models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=20, choices=NewsStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=NewsStatus.choices)
    note = models.TextField(_("catatan"), blank=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("riwayat berita")
        verbose_name_plural = _("riwayat berita")

    def __str__(self) -> str:
        return f"{self.post}: {self.from_status or '—'} → {self.to_status}"


class CompileAction(models.TextChoices):
    """What the compiler is asked for (the buttons of its form)."""

    PDF = "pdf", _("Pratinjau PDF")
    DOCX = "docx", _("Unduh DOCX")
    DRAFT = "simpan", _("Simpan ke katalog sebagai draf")
    PUBLISH = "terbitkan", _("Terbitkan ke katalog publikasi")

    @property
    def makes_publication(self) -> bool:
        return self in (CompileAction.DRAFT, CompileAction.PUBLISH)


class CompileStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    RUNNING = "running", _("Disusun")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


def compiled_file_path(instance: CompileJob, filename: str) -> str:
    return f"susun/{instance.pk}/{filename}"


class CompileJob(models.Model):
    """A publication being compiled by the worker (SOP step 13): a "Dalam Angka" of a hundred
    tables takes minutes to lay out, longer than a web request may last. The page polls the job;
    when it is done the PDF or DOCX waits for its maker (``file``, kept a day) or the publication
    is in the catalogue (``publication``, with its own event rows)."""

    action = models.CharField(max_length=10, choices=CompileAction.choices)
    status = models.CharField(max_length=10, choices=CompileStatus.choices, default=CompileStatus.QUEUED)
    stage = models.CharField(max_length=200, blank=True)
    # The form's choices: {"title", "subtitle", "year", "organization_id", "foreword", "number"}.
    choice = models.JSONField(default=dict)
    dataset_ids = models.JSONField(default=list)
    file = models.FileField(upload_to=compiled_file_path, max_length=300, blank=True)
    publication = models.ForeignKey(Publication, models.SET_NULL, null=True, blank=True, related_name="+")
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("penyusunan publikasi")
        verbose_name_plural = _("penyusunan publikasi")

    def __str__(self) -> str:
        return f"{self.choice.get('title', '')} ({self.action}, {self.status})"

    def get_absolute_url(self) -> str:
        return reverse("publications:compile-job", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (CompileStatus.DONE, CompileStatus.FAILED)
