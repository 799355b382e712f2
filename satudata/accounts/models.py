import uuid
from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from satudata.core.fields import HttpsURLField


class Role(models.TextChoices):
    """The four roles of the SOP. Site administrators are `User.is_superuser`, not a role."""

    PRODUCER = "producer", _("Produsen Data")
    WALIDATA = "walidata", _("Walidata")
    PEMBINA = "pembina", _("Pembina Data (BPS)")
    FORUM = "forum", _("Sekretariat Forum Satu Data")


class Organization(models.Model):
    class Kind(models.TextChoices):
        DINAS = "dinas", _("Dinas")
        BADAN = "badan", _("Badan")
        SEKRETARIAT = "sekretariat", _("Sekretariat / Bagian")
        INSPEKTORAT = "inspektorat", _("Inspektorat")
        KECAMATAN = "kecamatan", _("Kecamatan")
        RSUD = "rsud", _("Rumah Sakit Umum Daerah")
        SATUAN = "satuan", _("Satuan / Kantor")
        VERTIKAL = "vertikal", _("Instansi vertikal (mis. BPS)")
        LAINNYA = "lainnya", _("Lainnya")

    name = models.CharField(_("nama"), max_length=200, unique=True)
    short_name = models.CharField(_("nama singkat"), max_length=50)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    # The organization's identity for other portals (CKAN ``id``), as for datasets.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices, default=Kind.DINAS)
    head_name = models.CharField(_("nama kepala"), max_length=200, blank=True)
    head_nip = models.CharField(_("NIP kepala"), max_length=30, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    phone = models.CharField(_("telepon"), max_length=50, blank=True)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    website = HttpsURLField(_("situs web"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisasi")
        verbose_name_plural = _("organisasi")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person. What they may do follows from their memberships (see `permissions.py`)."""

    full_name = models.CharField(_("nama lengkap"), max_length=200, blank=True)
    nip = models.CharField(_("NIP"), max_length=30, blank=True)
    position = models.CharField(_("jabatan"), max_length=200, blank=True)
    phone = models.CharField(_("telepon"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.full_name or self.username

    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    # Memberships are read once per request: `request.user` is a new object each request.
    @cached_property
    def role_map(self) -> dict[str, set[int | None]]:
        roles: dict[str, set[int | None]] = {}
        if not self.is_authenticated or not self.is_active:
            return roles
        for role, org_id in self.memberships.values_list("role", "organization_id"):
            roles.setdefault(role, set()).add(org_id)
        return roles

    def has_role(self, *roles: Role) -> bool:
        return any(role in self.role_map for role in roles)

    def producer_org_ids(self) -> set[int]:
        return {org_id for org_id in self.role_map.get(Role.PRODUCER, set()) if org_id}

    def is_producer_of(self, organization_id: int) -> bool:
        return organization_id in self.producer_org_ids()


class Membership(models.Model):
    user = models.ForeignKey(User, models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization,
        models.CASCADE,
        related_name="memberships",
        null=True,
        blank=True,
        verbose_name=_("organisasi"),
        help_text=_("Wajib untuk Produsen Data; opsional untuk peran lain."),
    )
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="membership_unique"),
            # A producer acts for an organization; without one the role would mean nothing.
            models.CheckConstraint(
                condition=~models.Q(role="producer") | models.Q(organization__isnull=False),
                name="membership_producer_has_organization",
            ),
        ]

    def __str__(self) -> str:
        org = f" — {self.organization.short_name}" if self.organization else ""
        return f"{self.user} · {self.get_role_display()}{org}"


class MembershipEvent(models.Model):
    """Append-only: who gave or took away which role, set a password or (de)activated an account."""

    class Action(models.TextChoices):
        ADDED = "added", _("ditambahkan")
        REMOVED = "removed", _("dicabut")
        PASSWORD_SET = "password_set", _("kata sandi disetel ulang")
        DEACTIVATED = "deactivated", _("akun dinonaktifkan")
        ACTIVATED = "activated", _("akun diaktifkan")

    user = models.ForeignKey(User, models.CASCADE, related_name="+")
    organization = models.ForeignKey(Organization, models.CASCADE, null=True, blank=True, related_name="+")
    role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(User, models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("riwayat keanggotaan")
        verbose_name_plural = _("riwayat keanggotaan")

    def __str__(self) -> str:
        return f"{self.user} {self.action} {self.role}"


class Notification(models.Model):
    """A message for one person about something waiting for them (a version to verify, data
    returned with comments). Shown in the staff area; also sent by e-mail when they have an address."""

    recipient = models.ForeignKey(User, models.CASCADE, related_name="notifications")
    text = models.CharField(_("pesan"), max_length=500)
    url = models.CharField(_("tautan"), max_length=500, blank=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("pemberitahuan")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.text}"
