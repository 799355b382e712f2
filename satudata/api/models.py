"""API tokens and the audit trail of API writes (issue 6).

A token is a random secret shown once when it is made; only its SHA-256 hash is stored (as for the
personal links of data requests), so a copy of the database cannot be turned into working tokens.
The first characters are kept in clear (``prefix``) so that people can tell their tokens apart and
an operator can find one named in a log."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Tokens look like ``sd_<43 url-safe characters>`` (256 random bits): recognisable in a leaked
# file or a secret scanner, and long enough that hashing without a salt is safe.
TOKEN_PREFIX = "sd_"
PREFIX_LENGTH = 10


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def new_raw_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class Scope(models.TextChoices):
    READ = "read", _("Baca")
    WRITE = "write", _("Baca dan tulis")


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class ApiToken(models.Model):
    """A staff member's key for the APIs. It acts as its owner, narrowed by its scope (read, or
    read and write) and, when organizations are chosen, to the datasets of those OPDs."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nama token"), max_length=100, help_text=_("Mis. “Sinkronisasi SIMPUS”."))
    prefix = models.CharField(max_length=PREFIX_LENGTH)
    key_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(_("cakupan"), max_length=10, choices=Scope.choices, default=Scope.READ)
    organizations = models.ManyToManyField(
        "accounts.Organization",
        blank=True,
        related_name="+",
        verbose_name=_("organisasi"),
        help_text=_("Kosong: semua organisasi yang boleh Anda akses."),
    )
    expires_at = models.DateTimeField(_("berlaku sampai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return not self.is_revoked and not self.is_expired and self.user.is_active

    @property
    def can_write(self) -> bool:
        return self.scope == Scope.WRITE

    @property
    def organization_ids(self) -> frozenset[int]:
        """The OPDs the token is limited to; empty means no limit beyond the owner's roles."""
        cached: frozenset[int] | None = getattr(self, "_organization_ids", None)
        if cached is None:
            cached = frozenset(self.organizations.values_list("pk", flat=True))
            self._organization_ids = cached
        return cached

    def covers(self, organization_id: int) -> bool:
        ids = self.organization_ids
        return not ids or organization_id in ids


class ApiTokenEvent(models.Model):
    """Append-only: a token made or revoked, by whom."""

    class Action(models.TextChoices):
        CREATED = "created", _("dibuat")
        REVOKED = "revoked", _("dicabut")

    token = models.ForeignKey(ApiToken, models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("riwayat token API")
        verbose_name_plural = _("riwayat token API")

    def __str__(self) -> str:
        return f"{self.token} {self.action}"


class ApiWrite(models.Model):
    """Append-only audit row of one API call that changes something: which token, whose, what was
    asked, the answer's status and the object it touched. Written for refused and failed calls too,
    so an operator can see what a system tried."""

    token = models.ForeignKey(ApiToken, models.SET_NULL, null=True, blank=True, related_name="writes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    action = models.CharField(_("tindakan"), max_length=100)
    status_code = models.PositiveSmallIntegerField()
    object_type = models.CharField(max_length=50, blank=True)
    object_id = models.CharField(max_length=50, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("catatan penulisan API")
        verbose_name_plural = _("catatan penulisan API")

    def __str__(self) -> str:
        return f"{self.user} {self.method} {self.path} → {self.status_code}"


class Channel(models.TextChoices):
    """The machine interfaces whose use is counted (see ``satudata.api.usage``)."""

    REST = "rest", _("REST API")
    CKAN = "ckan", _("CKAN Action API")
    DCAT = "dcat", _("Katalog DCAT")
    DATAPACKAGE = "datapackage", _("Data Package")
    JSONSTAT = "jsonstat", _("JSON-stat")


class ApiUsage(models.Model):
    """How often the machine interfaces were called on one day: per channel, per client program
    (the product name of its User-Agent, e.g. ``ckanapi``) and whether a token was sent.

    A counter, not one row per call: the evidence the EPSS needs (indicator 10301, 50302: is the
    portal's data actually harvested and used by other systems?) is in the totals, and counting
    keeps no IP address and does not grow by a row per call. Calls are buffered in each process
    and added here at most every ``SATUDATA_API_USAGE_FLUSH_SECONDS``."""

    day = models.DateField(_("tanggal"))
    channel = models.CharField(_("kanal"), max_length=12, choices=Channel.choices)
    agent = models.CharField(_("program klien"), max_length=60)
    with_token = models.BooleanField(_("dengan token"), default=False)
    requests = models.PositiveIntegerField(_("permintaan"), default=0)
    errors = models.PositiveIntegerField(_("ditolak atau gagal"), default=0)

    class Meta:
        ordering = ["-day", "channel", "agent"]
        constraints = [
            models.UniqueConstraint(fields=["day", "channel", "agent", "with_token"], name="api_usage_one_row_per_key")
        ]
        verbose_name = _("penggunaan API")
        verbose_name_plural = _("penggunaan API")

    def __str__(self) -> str:
        return f"{self.day} {self.channel} {self.agent}: {self.requests}"
