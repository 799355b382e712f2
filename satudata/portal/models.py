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
