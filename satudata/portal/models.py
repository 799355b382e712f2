"""What the public side keeps: the download files made once per release, and download counts
(no personal data: per dataset, release, format and day)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReleaseFile(models.Model):
    """One format of one release, written once into the store's downloads area."""

    release = models.ForeignKey("datasets.Release", models.CASCADE, related_name="files")
    fmt = models.CharField(_("format"), max_length=10)
    relpath = models.CharField(max_length=300)
    size_bytes = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("berkas unduhan")
        verbose_name_plural = _("berkas unduhan")
        constraints = [models.UniqueConstraint(fields=["release", "fmt"], name="releasefile_unique")]

    def __str__(self) -> str:
        return self.relpath


class DownloadCount(models.Model):
    dataset = models.ForeignKey("datasets.Dataset", models.CASCADE, related_name="download_counts")
    release_number = models.PositiveIntegerField()
    fmt = models.CharField(max_length=10)
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("jumlah unduhan")
        verbose_name_plural = _("jumlah unduhan")
        constraints = [
            models.UniqueConstraint(fields=["dataset", "release_number", "fmt", "day"], name="downloadcount_unique")
        ]

    def __str__(self) -> str:
        return f"{self.dataset_id} v{self.release_number} {self.fmt} {self.day}: {self.count}"


class SearchEntry(models.Model):
    """A catalogued dataset as the search sees it: normalised text (lower case, accents and
    punctuation removed, so that "Pendudúk" finds "penduduk" on every database) and the facet
    values copied from the dataset, so that the catalogue filters, counts and sorts on one table.

    Only metadata is indexed (title, description, keywords, column names and labels, OPD), never
    data values, so search cannot reveal the rows of a Terbatas or Tertutup dataset. The full-text
    index beside it is database-specific (see ``satudata.portal.search``)."""

    dataset = models.OneToOneField("datasets.Dataset", models.CASCADE, primary_key=True, related_name="search_entry")
    title = models.TextField()
    body = models.TextField()
    sort_title = models.CharField(max_length=300, db_index=True)
    organization = models.ForeignKey("accounts.Organization", models.CASCADE, related_name="+")
    topic = models.CharField(max_length=60, blank=True)
    tingkat_penyajian = models.CharField(max_length=20, blank=True)
    access_class = models.CharField(max_length=20)
    # Space-separated download formats the public can get (" csv xlsx … "): empty for restricted data.
    formats = models.CharField(max_length=100, blank=True)
    modified = models.DateTimeField(db_index=True)
    downloads = models.PositiveIntegerField(default=0, db_index=True)

    class Meta:
        verbose_name = _("entri pencarian")
        verbose_name_plural = _("entri pencarian")

    def __str__(self) -> str:
        return self.sort_title


class SearchYear(models.Model):
    """A year a catalogued dataset covers (for the year facet)."""

    entry = models.ForeignKey(SearchEntry, models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "year"], name="searchyear_unique")]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.year}"
