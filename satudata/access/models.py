"""Requests for Terbatas data (SOP step 14): who asked for which dataset and why, what the walidata
decided, and every download made through the personal link an approval gives.

The personal link carries a random token; only its SHA-256 hash is stored, so a copy of the
database (a backup, a support dump) cannot be turned into working links."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Letters and digits that cannot be mistaken for one another when read over the telephone.
_REFERENCE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"


def new_reference() -> str:
    """An opaque code the requester quotes when asking about a request, e.g. ``PD-7K4M-Q9TX``.
    Random rather than a running number, so it tells nothing about how many requests exist."""
    chars = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"PD-{chars[:4]}-{chars[4:]}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class RequestStatus(models.TextChoices):
    SUBMITTED = "diajukan", _("Diajukan")
    APPROVED = "disetujui", _("Disetujui")
    REFUSED = "ditolak", _("Ditolak")
    REVOKED = "dicabut", _("Dicabut")


class DataRequestQuerySet(models.QuerySet["DataRequest"]):
    def expired(self, today: dt.date) -> DataRequestQuerySet:
        """Approved, but the last day of access has passed (expiry is a date, not a stored status)."""
        return self.filter(status=RequestStatus.APPROVED, expires_at__lt=today)

    def active(self, today: dt.date) -> DataRequestQuerySet:
        return self.filter(status=RequestStatus.APPROVED, expires_at__gte=today)


class DataRequest(models.Model):
    """A member of the public asks for a Terbatas dataset. The walidata approves it until a date,
    refuses it with a reason, or later revokes an approval; each step leaves a `DataRequestEvent`."""

    dataset = models.ForeignKey(
        "datasets.Dataset", models.PROTECT, related_name="data_requests", verbose_name=_("dataset")
    )
    reference = models.CharField(_("nomor permintaan"), max_length=20, unique=True, default=new_reference)
    name = models.CharField(_("nama pemohon"), max_length=200)
    email = models.EmailField(_("alamat e-mail"), max_length=254)
    phone = models.CharField(_("nomor telepon"), max_length=30, blank=True)
    institution = models.CharField(_("instansi/lembaga"), max_length=200)
    purpose = models.TextField(_("tujuan penggunaan data"))
    periods = models.CharField(_("periode data yang diminta"), max_length=100)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    expires_at = models.DateField(
        _("berlaku sampai"), null=True, blank=True, help_text=_("Hari terakhir tautan unduhan dapat dipakai.")
    )
    decision_reason = models.TextField(_("alasan keputusan"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diputuskan oleh"),
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    # SHA-256 of the personal token; empty until approved. The token itself is never stored.
    token_hash = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(_("diajukan"), default=timezone.now)

    objects = DataRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("permintaan data")
        verbose_name_plural = _("permintaan data")
        constraints = [
            # The personal link finds its request by this hash.
            models.UniqueConstraint(fields=["token_hash"], condition=~Q(token_hash=""), name="datarequest_token"),
        ]
        indexes = [
            # The walidata's list, filtered by status, newest first.
            models.Index(fields=["status", "-created"], name="datarequest_status"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} · {self.dataset}"

    def get_absolute_url(self) -> str:
        return reverse("access:manage-detail", args=[self.pk])

    def is_expired(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == RequestStatus.APPROVED and self.expires_at is not None and today > self.expires_at

    def is_usable(self, today: dt.date | None = None) -> bool:
        """Whether the personal link gives data today: approved, not revoked, not past its date."""
        return (
            self.status == RequestStatus.APPROVED
            and bool(self.token_hash)
            and self.expires_at is not None
            and not self.is_expired(today)
        )

    @property
    def state_label(self) -> str:
        """The status as people read it: an approval past its date reads "Kedaluwarsa"."""
        if self.is_expired():
            return str(_("Kedaluwarsa"))
        return str(self.get_status_display())


class DataRequestEvent(models.Model):
    """Append-only history of a request: submitted (by the public, no actor), approved, refused,
    revoked (by the walidata)."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("diajukan")
        APPROVED = "approved", _("disetujui")
        REFUSED = "refused", _("ditolak")
        REVOKED = "revoked", _("dicabut")

    request = models.ForeignKey(DataRequest, models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    note = models.TextField(_("catatan"), blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("riwayat permintaan data")
        verbose_name_plural = _("riwayat permintaan data")

    def __str__(self) -> str:
        return f"{self.request.reference}: {self.kind}"


class AccessLog(models.Model):
    """One download through a personal link: which request, when, which release and format, how
    many bytes. Deliberately no IP address or browser string: the request already names the
    person who is accountable for the data, an IP address would be extra personal data (UU 27/2022
    on personal data protection asks for the minimum needed), and it would not tell the walidata
    anything the request does not."""

    request = models.ForeignKey(DataRequest, models.PROTECT, related_name="downloads")
    fmt = models.CharField(_("format"), max_length=10)
    release_number = models.PositiveIntegerField(_("nomor rilis"))
    size_bytes = models.PositiveBigIntegerField(_("ukuran (bita)"), default=0)
    created = models.DateTimeField(_("waktu"), default=timezone.now)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("log akses data")
        verbose_name_plural = _("log akses data")

    def __str__(self) -> str:
        return f"{self.request.reference} · rilis {self.release_number} · {self.fmt}"
