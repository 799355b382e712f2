from django.db import models
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
