"""Schedule entries of Dinas Kesehatan (alice's OPD) and Dinas Pendidikan (bob's) datasets, and
versions made published on a chosen day (the workflow itself is tested in tests/datasets)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from satudata.accounts.models import User
from satudata.datasets.models import Dataset, DatasetVersion, VersionStatus
from satudata.schedule.models import ReleaseSchedule, ScheduleEvent
from tests.datasets import conftest as datasets_conftest
from tests.datasets import test_demo as datasets_demo

# Shared fixtures: datasets of Dinas Kesehatan, a draft, the kecamatan, the wilayah of the demo.
make_dataset = datasets_conftest.make_dataset
draft = datasets_conftest.draft
kecamatan = datasets_conftest.kecamatan
jatim_wilayah = datasets_demo.jatim_wilayah

TODAY = dt.date(2026, 6, 15)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    """A moment of a local (Asia/Jakarta) day."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def released(
    dataset: Dataset,
    period: str,
    day: dt.date | None,
    *,
    status: VersionStatus = VersionStatus.PUBLISHED,
    hour: int = 10,
) -> DatasetVersion:
    """A version of ``period`` published on ``day`` (made directly: the timeliness rules only read
    status and published_at). ``day`` None: never published."""
    number = dataset.versions.count() + 1
    schema = dataset.current_schema
    assert schema is not None
    return DatasetVersion.objects.create(
        dataset=dataset, number=number, period=period, schema=schema, status=status,
        published_at=at(day, hour) if day else None, created_by=dataset.created_by,
    )  # fmt: skip


def schedule(dataset: Dataset, period: str, planned: dt.date, by: User | None = None) -> ReleaseSchedule:
    entry = ReleaseSchedule.objects.create(
        dataset=dataset, period=period, planned_date=planned, created_by=by or dataset.created_by
    )
    ScheduleEvent.objects.create(
        schedule=entry, dataset=dataset, period=period, kind=ScheduleEvent.Kind.CREATED, to_date=planned,
        actor=entry.created_by,
    )  # fmt: skip
    return entry


@pytest.fixture
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """Pages compute statuses for today: make today `TODAY` (converting a moment to its local date
    still works)."""
    real = timezone.localdate

    def localdate(value: dt.datetime | None = None, tz: dt.tzinfo | None = None) -> dt.date:
        return TODAY if value is None else real(value, tz)

    monkeypatch.setattr(timezone, "localdate", localdate)
    return TODAY


@pytest.fixture
def dinkes_dataset(make_dataset: Callable[..., Dataset]) -> Dataset:
    return make_dataset("Jumlah Puskesmas menurut Kecamatan")


@pytest.fixture
def dispendik_dataset(make_dataset: Callable[..., Dataset]) -> Dataset:
    return make_dataset("Jumlah Sekolah menurut Kecamatan", org="dispendik")


@pytest.fixture
def entry(dinkes_dataset: Dataset) -> ReleaseSchedule:
    return schedule(dinkes_dataset, "2026", dt.date(2027, 3, 31))
