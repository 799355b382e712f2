"""The release schedule (SOP step 7: Jadwal Rilis / Advance Release Calendar) and the timeliness of
releases against it (SOP step 15, EPSS indicator 20302 Pemantauan Ketepatan Waktu Diseminasi).

A schedule entry promises that one period of a dataset will be published on a planned date. Its
actual release date is not stored: it is read from the dataset's versions of that period (the
first publication), so it can never disagree with what the portal really published."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Exists, Min, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from satudata.datasets.models import DatasetVersion, VersionStatus

# A version that reached the public at some time: still published, or published and later
# withdrawn. Withdrawal never clears `published_at`, and a version is published at most once.
RELEASED_STATUSES = (VersionStatus.PUBLISHED, VersionStatus.WITHDRAWN)


class ReleaseStatus(models.TextChoices):
    ON_TIME = "on_time", _("Tepat waktu")
    LATE = "late", _("Terlambat")
    NOT_YET = "not_yet", _("Belum")


def release_status(planned: dt.date, released: dt.date | None, today: dt.date) -> ReleaseStatus:
    """On time: released on or before the planned date. Late: released after it, or not released
    and the planned date has passed. Not yet: not released and still due (the planned day itself
    is still on time)."""
    if released is not None:
        return ReleaseStatus.ON_TIME if released <= planned else ReleaseStatus.LATE
    return ReleaseStatus.LATE if today > planned else ReleaseStatus.NOT_YET


def delay_days(planned: dt.date, released: dt.date | None, today: dt.date) -> int:
    """Days after the planned date: until the release, or until today while still unreleased
    (so that not publishing never looks better than publishing late). 0 when not late."""
    end = released if released is not None else today
    return max(0, (end - planned).days)


class ReleaseScheduleQuerySet(models.QuerySet["ReleaseSchedule"]):
    def with_release(self) -> ReleaseScheduleQuerySet:
        """Annotate ``first_published_at``: the earliest publication of a version of the entry's
        period, in one subquery (lists need no query per row). A correction published later
        does not move it."""
        first = (
            DatasetVersion.objects.filter(
                dataset_id=OuterRef("dataset_id"),
                period=OuterRef("period"),
                status__in=RELEASED_STATUSES,
                published_at__isnull=False,
            )
            .order_by()
            .values("dataset_id")
            .annotate(first=Min("published_at"))
            .values("first")
        )
        return self.annotate(first_published_at=Subquery(first, output_field=models.DateTimeField()))

    def unreleased(self) -> ReleaseScheduleQuerySet:
        """Entries whose period has not been published."""
        released = DatasetVersion.objects.filter(
            dataset_id=OuterRef("dataset_id"),
            period=OuterRef("period"),
            status__in=RELEASED_STATUSES,
            published_at__isnull=False,
        )
        return self.filter(~Exists(released))

    def for_organizations(self, organization_ids: set[int] | None) -> ReleaseScheduleQuerySet:
        """``None`` means every OPD."""
        if organization_ids is None:
            return self
        return self.filter(dataset__organization_id__in=organization_ids)


class ReleaseSchedule(models.Model):
    """One period of a dataset, promised for a planned date (an entry of the release calendar)."""

    dataset = models.ForeignKey(
        "datasets.Dataset", models.CASCADE, related_name="release_schedule", verbose_name=_("dataset")
    )
    period = models.CharField(_("periode"), max_length=20, help_text=_("Mis. 2025, 2025-S1, 2025-03."))
    planned_date = models.DateField(_("tanggal rilis rencana"))
    note = models.TextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)

    objects = ReleaseScheduleQuerySet.as_manager()

    class Meta:
        ordering = ["planned_date", "pk"]
        verbose_name = _("jadwal rilis")
        verbose_name_plural = _("jadwal rilis")
        constraints = [models.UniqueConstraint(fields=["dataset", "period"], name="releaseschedule_unique")]
        # The calendar and the report select by planned date (a month, a year, what is upcoming).
        indexes = [models.Index(fields=["planned_date"], name="schedule_planned_date")]

    def __str__(self) -> str:
        return f"{self.dataset} · {self.period} · {self.planned_date:%Y-%m-%d}"

    @property
    def released_on(self) -> dt.date | None:
        """The local date of the first publication of the period (annotated by `with_release`,
        or read now)."""
        if hasattr(self, "first_published_at"):
            first = self.first_published_at
        else:
            first = DatasetVersion.objects.filter(
                dataset_id=self.dataset_id, period=self.period, status__in=RELEASED_STATUSES
            ).aggregate(first=Min("published_at"))["first"]
        return timezone.localdate(first) if first is not None else None

    def status(self, today: dt.date | None = None) -> ReleaseStatus:
        return release_status(self.planned_date, self.released_on, today or timezone.localdate())

    def delay(self, today: dt.date | None = None) -> int:
        return delay_days(self.planned_date, self.released_on, today or timezone.localdate())


class ScheduleEvent(models.Model):
    """Append-only history of the schedule: an entry created, rescheduled (from, to, why) or
    removed. Kept when its entry is removed, so it names the dataset and period itself."""

    class Kind(models.TextChoices):
        CREATED = "created", _("dijadwalkan")
        RESCHEDULED = "rescheduled", _("dijadwal ulang")
        REMOVED = "removed", _("dihapus")

    schedule = models.ForeignKey(ReleaseSchedule, models.SET_NULL, null=True, blank=True, related_name="events")
    dataset = models.ForeignKey("datasets.Dataset", models.CASCADE, related_name="+")
    period = models.CharField(_("periode"), max_length=20)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_date = models.DateField(_("tanggal semula"), null=True, blank=True)
    to_date = models.DateField(_("tanggal baru"), null=True, blank=True)
    reason = models.TextField(_("alasan"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("riwayat jadwal rilis")
        verbose_name_plural = _("riwayat jadwal rilis")

    def __str__(self) -> str:
        return f"{self.dataset} {self.period}: {self.kind} {self.from_date or '—'} → {self.to_date or '—'}"
