"""The consistency report of a cycle (SOP step 21): the agreed Daftar Data against what was
published, late releases, extra datasets, Data Prioritas and schema changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from satudata.accounts.models import Organization, User
from satudata.datasets import actions
from satudata.datasets.models import Dataset
from satudata.datasets.pipeline import import_rows
from satudata.datasets.schema import Field, TableSchema
from satudata.evaluation import consistency
from satudata.planning.actions import do_review_item
from satudata.planning.models import Cycle, DaftarDataItem
from satudata.schedule.actions import do_add_schedule
from tests.conftest import ROLES
from tests.datasets.conftest import SCHEMA, population_rows
from tests.portal.test_downloads import publish

Clients = Callable[[str], Client]


@pytest.fixture
def cycle_now(people: dict[str, User]) -> Cycle:
    """The cycle of the current year (publication dates are today)."""
    from satudata.planning.actions import do_start_cycle

    year = timezone.localdate().year
    return do_start_cycle(year=year, start_date=dt.date(year, 1, 5), acting_user=people["wali"])


def agreed_item(
    cycle: Cycle, people: dict[str, User], org: Organization, id_ddd: str, **extra: object
) -> DaftarDataItem:
    from satudata.planning.actions import do_create_item, do_submit_item
    from tests.conftest import item_fields

    item = do_create_item(
        item=DaftarDataItem(cycle=cycle, **item_fields(org, id_ddd=id_ddd, **extra)), acting_user=people["wali"]
    )
    do_submit_item(item=item, acting_user=people["wali"])
    return do_review_item(item=item, field_reviews={}, acting_user=people["forum"])


@pytest.fixture
def situation(
    cycle_now: Cycle, people: dict[str, User], orgs: dict[str, Organization], make_dataset: Callable[..., Dataset],
    kecamatan: list[tuple[str, str]],
) -> dict[str, object]:  # fmt: skip
    """Four agreed items: one delivered on time, one delivered late, one with a dataset never
    published, one without a dataset; and one dataset published outside the Daftar Data."""
    today = timezone.localdate()
    on_time = agreed_item(cycle_now, people, orgs["dinkes"], "DDD-1", nama_data="Penduduk")
    late = agreed_item(cycle_now, people, orgs["dinkes"], "DDD-2", nama_data="Penduduk lambat", is_priority=False)
    unpublished = agreed_item(cycle_now, people, orgs["dinkes"], "DDD-3", nama_data="Belum terbit", is_priority=False)
    agreed_item(cycle_now, people, orgs["dispendik"], "DDD-4", nama_data="Tanpa dataset", is_priority=False)

    def dataset_for(item: DaftarDataItem | None, title: str) -> Dataset:
        dataset = make_dataset(title)
        Dataset.objects.filter(pk=dataset.pk).update(daftar_item=item)
        dataset.refresh_from_db()
        return dataset

    good = dataset_for(on_time, "Penduduk tepat waktu")
    do_add_schedule(dataset=good, period="2024", planned_date=today + dt.timedelta(days=5), acting_user=people["wali"])
    publish(
        import_rows(
            dataset=good, rows=population_rows(kecamatan, 2024), period="2024", acting_user=people["alice"]
        ).version,
        people,
    )
    slow = dataset_for(late, "Penduduk terlambat")
    do_add_schedule(dataset=slow, period="2024", planned_date=today - dt.timedelta(days=20), acting_user=people["wali"])
    publish(
        import_rows(
            dataset=slow, rows=population_rows(kecamatan, 2024), period="2024", acting_user=people["alice"]
        ).version,
        people,
    )
    dataset_for(unpublished, "Tidak terbit")
    extra = dataset_for(None, "Di luar daftar")
    publish(
        import_rows(
            dataset=extra, rows=population_rows(kecamatan, 2024), period="2024", acting_user=people["alice"]
        ).version,
        people,
    )
    return {"good": good, "slow": slow, "extra": extra}


def test_agreed_against_published(cycle_now: Cycle, situation: dict[str, object]) -> None:
    result = consistency.report(cycle_now)
    states = {row.item.id_ddd: row.state for row in result.items}
    assert states == {"DDD-1": "delivered", "DDD-2": "late", "DDD-3": "missing", "DDD-4": "missing"}
    (late,) = [row for row in result.items if row.state == "late"]
    assert late.late[0].delay == 20
    assert [d.title for d in result.extra] == ["Di luar daftar"]
    assert [row.item.id_ddd for row in result.priority] == ["DDD-1"]
    assert not result.priority[0].checked_by_bps
    assert result.timeliness.total.late == 1 and result.timeliness.total.on_time == 1


def test_the_page_and_who_sees_it(client_for: Clients, cycle_now: Cycle, situation: dict[str, object]) -> None:
    year = cycle_now.year
    for role in ROLES:
        response = client_for(role).get(f"/kelola/siklus/{year}/konsistensi/")
        if role == "anonymous":
            assert response.status_code == 302
        elif role == "nobody":
            assert response.status_code == 403
        else:
            assert response.status_code == 200, role
            page = response.content.decode()
            if role == "bob":  # Dispendik's producer sees Dispendik's item only
                assert "DDD-4" in page and "DDD-1" not in page and "Di luar daftar" not in page
            elif role == "alice":  # Dinkes' producer: Dinkes' three items and its extra dataset
                assert "DDD-4" not in page and 'id="n-missing">1<' in page and "Di luar daftar" in page
            else:
                assert 'id="n-late">1<' in page and 'id="n-missing">2<' in page and "Di luar daftar" in page
    csv = client_for("wali").get(f"/kelola/siklus/{year}/konsistensi/", {"format": "csv"}).content.decode("utf-8-sig")
    assert "DDD-2,Penduduk lambat,Dinas Kesehatan,tidak,Terbit terlambat" in csv
    assert client_for("wali").get("/kelola/siklus/1999/konsistensi/").status_code == 404


def test_schema_change_between_periods(
    cycle_now: Cycle, people: dict[str, User], make_dataset: Callable[..., Dataset], kecamatan: list[tuple[str, str]]
) -> None:
    dataset = make_dataset()
    publish(
        import_rows(
            dataset=dataset, rows=population_rows(kecamatan, 2023), period="2023", acting_user=people["alice"]
        ).version,
        people,
    )
    wider = TableSchema(
        fields=(*SCHEMA.fields, Field(name="jumlah_kk", title="Jumlah KK", type="integer", role="measure", unit="KK")),
        primary_key=SCHEMA.primary_key,
    )
    actions.do_save_schema(
        dataset=dataset, descriptor=wider.to_descriptor(), acting_user=people["alice"], note="Tambah jumlah KK"
    )
    rows = [dict(r, jumlah_kk=10) for r in population_rows(kecamatan, 2024)]
    publish(import_rows(dataset=dataset, rows=rows, period="2024", acting_user=people["alice"]).version, people)
    (change,) = consistency.schema_changes(published_years=cycle_now.year)
    assert (change.from_period, change.to_period, change.added, change.removed) == ("2023", "2024", ["jumlah_kk"], [])


def test_a_late_release_lowers_timeliness_and_shows_in_the_report(
    cycle_now: Cycle, situation: dict[str, object]
) -> None:
    """The issue's check: the same late release, seen by the quality score and by the report."""
    from satudata.evaluation import quality

    slow, good = situation["slow"], situation["good"]
    assert isinstance(slow, Dataset) and isinstance(good, Dataset)
    results = {r.dataset.pk: r for r in quality.assess(quality.scored_datasets())}
    assert results[slow.pk].dimension("ketepatan_waktu").score == 0.0
    assert results[good.pk].dimension("ketepatan_waktu").score == 100.0
    assert results[slow.pk].score is not None and results[good.pk].score is not None
    assert results[slow.pk].score < results[good.pk].score
    row = next(r for r in consistency.report(cycle_now).items if slow in r.datasets)
    assert row.state == "late" and row.late[0].delay == 20
