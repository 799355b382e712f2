"""Quality scores per dataset and per OPD, from facts, with their evidence (SOP step 20)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from satudata.accounts.models import User
from satudata.datasets import actions
from satudata.datasets.models import Dataset, FlagKind, ReconciliationFlag
from satudata.datasets.pipeline import import_rows
from satudata.evaluation import quality
from satudata.schedule.actions import do_add_schedule
from tests.conftest import ROLES
from tests.datasets.conftest import population_rows
from tests.portal.test_downloads import publish

Clients = Callable[[str], Client]


@pytest.fixture
def published(
    make_dataset: Callable[..., Dataset], kecamatan: list[tuple[str, str]], people: dict[str, User]
) -> Dataset:
    """Dinkes' population by kecamatan, 2023 and 2024 published today."""
    dataset = make_dataset()
    for year in (2023, 2024):
        version = import_rows(dataset=dataset, rows=population_rows(kecamatan, year), period=str(year),
                              acting_user=people["alice"]).version  # fmt: skip
        publish(version, people)
    return dataset


def scored(dataset: Dataset) -> quality.DatasetQuality:
    result = quality.dataset_quality(next(d for d in quality.scored_datasets() if d.pk == dataset.pk))
    assert result is not None
    return result


def test_the_seven_dimensions_from_facts(published: Dataset) -> None:
    result = scored(published)
    scores = {d.key: d.score for d in result.dimensions}
    # Every cell filled, no period due by a schedule: complete.
    assert scores["kelengkapan"] == 100.0
    assert scores["validitas"] == 100.0
    # No release schedule: timeliness cannot be monitored.
    assert scores["ketepatan_waktu"] == 0.0
    assert "Tidak ada jadwal rilis" in result.dimension("ketepatan_waktu").evidence[0]
    # No MS-Keg, no MS-Var/MS-Ind, no column bound to a Standar Data.
    assert scores["metadata"] == 0.0
    # Terbuka, the five public formats made at publication: 100.
    assert scores["aksesibilitas"] == 100.0
    assert scores["keterbandingan"] == 100.0
    assert scores["konsistensi"] == 100.0
    assert result.score == round((100 + 100 + 0 + 0 + 100 + 100 + 100) / 7, 1)


def test_a_late_release_lowers_timeliness(published: Dataset, people: dict[str, User]) -> None:
    today = timezone.localdate()
    # 2023 was promised for a date long past: published today, it is late. 2024 on time.
    do_add_schedule(
        dataset=published, period="2023", planned_date=today - dt.timedelta(days=30), acting_user=people["wali"]
    )
    do_add_schedule(
        dataset=published, period="2024", planned_date=today + dt.timedelta(days=1), acting_user=people["wali"]
    )
    timeliness = scored(published).dimension("ketepatan_waktu")
    assert timeliness.score == 50.0
    assert "1 dari 2 rilis yang jatuh tempo tepat waktu." in timeliness.evidence
    assert any("Periode 2023 terlambat 30 hari" in e for e in timeliness.evidence)


def test_a_period_due_but_not_released_lowers_completeness_and_timeliness(
    published: Dataset, people: dict[str, User]
) -> None:
    today = timezone.localdate()
    do_add_schedule(dataset=published, period="2024", planned_date=today, acting_user=people["wali"])
    do_add_schedule(
        dataset=published, period="2022", planned_date=today - dt.timedelta(days=10), acting_user=people["wali"]
    )
    result = scored(published)
    assert result.dimension("kelengkapan").score == 50.0  # 1 of the 2 due periods is in the release
    assert "Periode belum ada: 2022." in result.dimension("kelengkapan").evidence
    assert result.dimension("ketepatan_waktu").score == 50.0


def test_restricted_data_is_less_accessible(published: Dataset) -> None:
    Dataset.objects.filter(pk=published.pk).update(access_class="terbatas")
    published.refresh_from_db()
    assert scored(published).dimension("aksesibilitas").score == 75.0


def test_an_open_reconciliation_flag_lowers_consistency(published: Dataset) -> None:
    version = published.versions.get(period="2024")
    ReconciliationFlag.objects.create(version=version, review_round=version.review_round, kind=FlagKind.TOTALS,
                                      column="jumlah_penduduk", message="Jumlah kecamatan berbeda dari total kabupaten",
                                      detail={"ok": False})  # fmt: skip
    consistency = scored(published).dimension("konsistensi")
    assert consistency.score == 50.0
    assert "Jumlah kecamatan berbeda" in consistency.links[0][0]


def test_ranking_of_opds(
    published: Dataset, make_dataset: Callable[..., Dataset], kecamatan: list[tuple[str, str]], people: dict[str, User]
) -> None:
    other = make_dataset("Penduduk Dispendik", org="dispendik", access_class="tertutup")
    version = import_rows(
        dataset=other, rows=population_rows(kecamatan, 2024), period="2024", acting_user=people["wali"]
    ).version
    version = actions.do_submit_version(version=version, acting_user=people["wali"])
    version = actions.do_verify_version(version=version, acting_user=people["wali"])
    actions.do_publish_version(version=version, acting_user=people["wali"])
    results = quality.assess(quality.scored_datasets())
    ranking = quality.by_organization(results)
    assert [o.organization.slug for o in ranking] == ["dinkes", "dispendik"]  # Tertutup scores lower
    assert quality.weakest(results)[0].dataset == other


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_which_scores(client_for: Clients, published: Dataset, role: str) -> None:
    response = client_for(role).get("/kelola/kualitas/")
    detail = client_for(role).get(f"/kelola/kualitas/{published.slug}/")
    if role == "anonymous":
        assert response.status_code == 302 and detail.status_code == 302
    elif role == "nobody":
        assert response.status_code == 403 and detail.status_code == 403
    elif role == "bob":  # a producer of another OPD: the page, but not Dinkes' dataset
        assert response.status_code == 200 and published.title not in response.content.decode()
        assert detail.status_code == 403
    else:
        assert response.status_code == 200 and published.title in response.content.decode()
        assert detail.status_code == 200
        assert "Ketepatan waktu" in detail.content.decode()


def test_csv_and_unpublished(client_for: Clients, published: Dataset, draft: object) -> None:
    client = client_for("wali")
    response = client.get("/kelola/kualitas/", {"format": "csv"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("dataset,produsen_data,skor,kelengkapan")
    assert published.title in lines[1]
    unpublished = Dataset.objects.exclude(pk=published.pk).get()
    assert client.get(f"/kelola/kualitas/{unpublished.slug}/").status_code == 404
    assert client.get("/kelola/kualitas/tidak-ada/").status_code == 404


def test_the_csv_neutralises_formulas_in_titles(client_for: Clients, published: Dataset) -> None:
    Dataset.objects.filter(pk=published.pk).update(title='=HYPERLINK("http://contoh.invalid","klik")')
    lines = client_for("wali").get("/kelola/kualitas/", {"format": "csv"}).content.decode("utf-8-sig").splitlines()
    assert lines[1].startswith("\"'=HYPERLINK(")
