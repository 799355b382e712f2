import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessClass(models.TextChoices):
    """Klasifikasi data sesuai risiko (Daftar Data attribute 11; later the dataset's access class)."""

    TERBUKA = "terbuka", _("Terbuka")
    TERBATAS = "terbatas", _("Terbatas")
    TERTUTUP = "tertutup", _("Tertutup")


class Wilayah(models.Model):
    """A Kemendagri administrative area: `35` province, `35.14` regency, `35.14.01` kecamatan,
    `35.14.01.2001` desa (2xxx) or kelurahan (1xxx). The dotted code is the key."""

    class Level(models.TextChoices):
        PROVINSI = "provinsi", _("Provinsi")
        KABUPATEN_KOTA = "kabupaten_kota", _("Kabupaten/Kota")
        KECAMATAN = "kecamatan", _("Kecamatan")
        DESA_KELURAHAN = "desa_kelurahan", _("Desa/Kelurahan")

    kode = models.CharField(_("kode"), max_length=13, primary_key=True)
    nama = models.CharField(_("nama"), max_length=100)
    level = models.CharField(_("tingkat"), max_length=20, choices=Level.choices)
    # db_constraint off: the loader writes the whole country in batches, and a parent is always
    # present in the same file; the code prefix is the real hierarchy.
    parent = models.ForeignKey(
        "self",
        models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="children",
        db_constraint=False,
    )

    class Meta:
        ordering = ["kode"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        # The children lookup (/wilayah/<kode>.json) filters on parent and orders by kode.
        indexes = [models.Index(fields=["parent", "kode"], name="wilayah_parent_kode")]

    def __str__(self) -> str:
        return f"{self.kode} {self.nama}"

    @property
    def kind_label(self) -> str:
        """Desa or kelurahan, from the first digit of the village part (2 desa, 1 kelurahan)."""
        if self.level == self.Level.DESA_KELURAHAN:
            return "Kelurahan" if self.kode.rsplit(".", 1)[1].startswith("1") else "Desa"
        return str(self.get_level_display())

    def ancestors(self) -> list["Wilayah"]:
        parts = self.kode.split(".")
        codes = [".".join(parts[:i]) for i in range(1, len(parts))]
        found = {w.kode: w for w in Wilayah.objects.filter(kode__in=codes)}
        return [found[code] for code in codes if code in found]

    @staticmethod
    def parent_code(kode: str) -> str | None:
        return kode.rsplit(".", 1)[0] if "." in kode else None

    @staticmethod
    def level_of(kode: str) -> "Wilayah.Level":
        depth = kode.count(".")
        return [
            Wilayah.Level.PROVINSI,
            Wilayah.Level.KABUPATEN_KOTA,
            Wilayah.Level.KECAMATAN,
            Wilayah.Level.DESA_KELURAHAN,
        ][depth]


class CodeList(models.Model):
    """A generic list of codes (sektor, jadwal pemutakhiran, jenis kelamin …) for dataset schemas."""

    slug = models.SlugField(_("slug"), max_length=60)
    name = models.CharField(_("nama"), max_length=200)
    version = models.CharField(_("versi"), max_length=30, default="1")
    description = models.TextField(_("keterangan"), blank=True)
    source = models.CharField(_("sumber"), max_length=300, blank=True)

    class Meta:
        ordering = ["name", "version"]
        verbose_name = _("daftar kode")
        verbose_name_plural = _("daftar kode")
        constraints = [models.UniqueConstraint(fields=["slug", "version"], name="codelist_slug_version")]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class CodeListItem(models.Model):
    code_list = models.ForeignKey(CodeList, models.CASCADE, related_name="items")
    code = models.CharField(_("kode"), max_length=50)
    label = models.CharField(_("label"), max_length=300)
    description = models.TextField(_("keterangan"), blank=True)
    order = models.PositiveIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["code_list", "order", "code"]
        verbose_name = _("butir kode")
        verbose_name_plural = _("butir kode")
        constraints = [models.UniqueConstraint(fields=["code_list", "code"], name="codelistitem_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class StandardStatus(models.TextChoices):
    PROPOSED = "proposed", _("Diusulkan")
    NEEDS_REVISION = "needs_revision", _("Perlu perbaikan")
    ACCEPTED = "accepted", _("Disepakati")


# Words that measure rather than name a concept: INDAH's naming rule says a concept's name must not
# start with one ("Jumlah Penduduk" is a measure of the concept "Penduduk"). Source: INDAH panduan
# (domain-reference §1.1, [SEC], medium confidence); the list is ours.
MEASURE_WORDS = (
    "jumlah",
    "persentase",
    "proporsi",
    "rasio",
    "indeks",
    "rata-rata",
    "rerata",
    "total",
    "tingkat",
    "angka",
)


class DataStandard(models.Model):
    """A Standar Data (Perpres 39/2019 Pasal 4): konsep, definisi, klasifikasi, ukuran, satuan, with
    its reference and, when BPS has one, the INDAH Standar Data Statistik (SDS) code. Variables,
    indicators and dataset columns point to it. Proposed by producers, agreed by the walidata or
    the pembina."""

    code = models.CharField(_("kode"), max_length=30, unique=True)
    name = models.CharField(
        _("nama konsep"),
        max_length=200,
        unique=True,
        help_text=_("Nama konsep, mis. 'Penduduk' atau 'Balita Stunting'."),
    )
    concept = models.TextField(_("konsep"), help_text=_("Gagasan di balik data dan alasan data itu dihasilkan."))
    definition = models.TextField(
        _("definisi"), help_text=_("Penjelasan yang membatasi dan membedakan data ini dari yang lain.")
    )
    classification = models.TextField(
        _("klasifikasi"),
        blank=True,
        help_text=_("Pengelompokan yang dipakai, mis. 'Jenis kelamin: laki-laki, perempuan'."),
    )
    code_list = models.ForeignKey(
        CodeList, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("daftar kode klasifikasi")
    )
    measure = models.CharField(_("ukuran"), max_length=100, help_text=_("Mis. Jumlah, Persentase, Rasio, Indeks."))
    unit = models.CharField(_("satuan"), max_length=100, help_text=_("Mis. orang, persen, hektare."))
    reference = models.CharField(
        _("referensi"),
        max_length=500,
        blank=True,
        help_text=_("Sumber baku: peraturan, publikasi BPS, standar internasional."),
    )
    sds_code = models.CharField(_("kode SDS INDAH"), max_length=50, blank=True)
    organization = models.ForeignKey(
        "accounts.Organization", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("pengusul")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=StandardStatus.choices, default=StandardStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    REVIEWED_FIELDS = ("name", "concept", "definition", "classification", "measure", "unit", "reference", "sds_code")

    class Meta:
        ordering = ["name"]
        verbose_name = _("Standar Data")
        verbose_name_plural = _("Standar Data")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("standards:detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status != StandardStatus.ACCEPTED

    def clean(self) -> None:
        name = " ".join(self.name.split())
        self.name = name
        errors: list[object] = []
        if "." in name:
            errors.append(_("Nama konsep tidak boleh memuat tanda titik (aturan penamaan INDAH)."))
        first = name.split(" ", 1)[0].casefold() if name else ""
        if first in MEASURE_WORDS:
            errors.append(
                _(
                    "Nama konsep tidak boleh diawali ukuran ('%(word)s'); tulis konsepnya saja, ukurannya di kolom Ukuran."
                )
                % {"word": name.split(" ", 1)[0]}
            )
        if name and re.search(r"\b[a-z]", name.split(" ", 1)[0]):
            errors.append(_("Nama konsep diawali huruf kapital (aturan penamaan INDAH)."))
        if errors:
            raise ValidationError({"name": errors})
        if DataStandard.objects.exclude(pk=self.pk).filter(name__iexact=name).exists():
            raise ValidationError({"name": _("Standar Data bernama '%(name)s' sudah ada.") % {"name": name}})

    @staticmethod
    def next_code() -> str:
        numbers = [
            int(c[3:])
            for c in DataStandard.objects.filter(code__startswith="SD-").values_list("code", flat=True)
            if c[3:].isdigit()
        ]
        return f"SD-{max(numbers, default=0) + 1:04d}"


class DataStandardEvent(models.Model):
    """Append-only history of a Standar Data: proposal, edits, reviews."""

    class Kind(models.TextChoices):
        PROPOSED = "proposed", _("diusulkan")
        EDITED = "edited", _("diubah")
        REVIEWED = "reviewed", _("direviu")

    standard = models.ForeignKey(DataStandard, models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=20, choices=StandardStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=StandardStatus.choices)
    note = models.TextField(_("catatan"), blank=True)
    changes = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("riwayat Standar Data")
        verbose_name_plural = _("riwayat Standar Data")

    def __str__(self) -> str:
        return f"{self.standard.code} {self.kind}"
