"""Writes to the release schedule. Each is one typed function that checks the actor's right, runs in
one transaction and leaves its `ScheduleEvent` row behind."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satudata.accounts.models import User
from satudata.datasets.models import Dataset
from satudata.schedule import permissions
from satudata.schedule.models import ReleaseSchedule, ScheduleEvent
from satudata.schedule.periods import PERIOD_RE, frequency_periods, period_end


def clean_period(period: str) -> str:
    period = period.strip()
    if not PERIOD_RE.fullmatch(period) or period_end(period) is None:
        raise ValidationError(
            _("Periode: harus berbentuk tahun (2025) atau tahun dengan bagian (2025-S1, 2025-Q2, 2025-03)."),
            code="period",
        )
    return period


def _check_not_released(schedule: ReleaseSchedule, acting_user: User) -> None:
    if schedule.released_on is not None and not permissions.can_change_released_entry(acting_user):
        raise ValidationError(
            _(
                "Periode %(period)s sudah terbit; jadwalnya menjadi catatan ketepatan waktu dan hanya dapat dikoreksi walidata."
            )
            % {"period": schedule.period}
        )


@transaction.atomic
def do_add_schedule(
    *, dataset: Dataset, period: str, planned_date: dt.date, acting_user: User, note: str = ""
) -> ReleaseSchedule:
    """Step 7: promise the release of one period of a dataset on a planned date."""
    if not permissions.can_schedule_dataset(acting_user, dataset):
        raise PermissionDenied
    period = clean_period(period)
    if ReleaseSchedule.objects.filter(dataset=dataset, period=period).exists():
        raise ValidationError(
            _("Periode: %(period)s sudah ada di jadwal rilis dataset ini; ubah jadwalnya bila perlu.")
            % {"period": period},
            code="duplicate",
        )
    try:
        with transaction.atomic():
            schedule = ReleaseSchedule.objects.create(
                dataset=dataset, period=period, planned_date=planned_date, note=note.strip(), created_by=acting_user
            )
    except IntegrityError as exc:  # the same entry added at the same moment by someone else
        raise ValidationError(
            _("Periode: %(period)s sudah ada di jadwal rilis dataset ini.") % {"period": period}, code="duplicate"
        ) from exc
    ScheduleEvent.objects.create(
        schedule=schedule, dataset=dataset, period=period, kind=ScheduleEvent.Kind.CREATED, to_date=planned_date,
        reason=schedule.note, actor=acting_user,
    )  # fmt: skip
    return schedule


@transaction.atomic
def do_reschedule(
    *, schedule: ReleaseSchedule, planned_date: dt.date, reason: str, acting_user: User
) -> ReleaseSchedule:
    """Move an entry to another date. The reason is required and kept with the old and new date."""
    if not permissions.can_schedule_dataset(acting_user, schedule.dataset):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Alasan: wajib diisi saat jadwal rilis diubah."), code="reason")
    before = schedule.planned_date
    if planned_date == before:
        raise ValidationError(_("Tanggal rilis rencana: sama dengan tanggal semula."), code="same")
    _check_not_released(schedule, acting_user)
    # Conditional on the date the user saw: two people rescheduling at once cannot both win.
    updated = ReleaseSchedule.objects.filter(pk=schedule.pk, planned_date=before).update(
        planned_date=planned_date, updated=timezone.now()
    )
    if updated != 1:
        raise ValidationError(_("Jadwal ini baru saja diubah orang lain; muat ulang halaman."))
    schedule.refresh_from_db()
    ScheduleEvent.objects.create(
        schedule=schedule, dataset=schedule.dataset, period=schedule.period, kind=ScheduleEvent.Kind.RESCHEDULED,
        from_date=before, to_date=planned_date, reason=reason, actor=acting_user,
    )  # fmt: skip
    return schedule


@transaction.atomic
def do_remove_schedule(*, schedule: ReleaseSchedule, acting_user: User, reason: str = "") -> None:
    """Take an entry off the calendar; its history stays (naming the dataset and period)."""
    if not permissions.can_schedule_dataset(acting_user, schedule.dataset):
        raise PermissionDenied
    _check_not_released(schedule, acting_user)
    ScheduleEvent.objects.create(
        schedule=schedule, dataset=schedule.dataset, period=schedule.period, kind=ScheduleEvent.Kind.REMOVED,
        from_date=schedule.planned_date, reason=reason.strip(), actor=acting_user,
    )  # fmt: skip
    schedule.delete()


@transaction.atomic
def do_generate_schedule(
    *, dataset: Dataset, year: int, first_planned_date: dt.date, acting_user: User
) -> list[ReleaseSchedule]:
    """Schedule every period of a year that the dataset's frequency gives (a yearly dataset: one
    entry; a monthly one: twelve). The first period is planned on ``first_planned_date``; the
    others at the same distance from the end of their period. Periods already scheduled are kept."""
    if not permissions.can_schedule_dataset(acting_user, dataset):
        raise PermissionDenied
    periods = frequency_periods(dataset.frequency, year)
    if not periods:
        raise ValidationError(
            _("Frekuensi %(frequency)s tidak memiliki periode tetap; tambahkan jadwal satu per satu.")
            % {"frequency": dataset.get_frequency_display()}
        )
    first_end = period_end(periods[0])
    assert first_end is not None
    lag = first_planned_date - first_end
    existing = set(dataset.release_schedule.filter(period__in=periods).values_list("period", flat=True))
    note = _("Dibuat dari frekuensi %(frequency)s.") % {"frequency": dataset.get_frequency_display()}
    created = []
    for period in periods:
        if period in existing:
            continue
        end = period_end(period)
        assert end is not None
        entry = do_add_schedule(
            dataset=dataset, period=period, planned_date=end + lag, note=note, acting_user=acting_user
        )
        created.append(entry)
    return created
