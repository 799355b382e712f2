"""The producer's narrative per version (written with the data, reviewed with it, shown once
published) and the analysis on the public dataset page and the staff analysis page (SOP step 12)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from satudata.accounts.models import User
from satudata.datasets import actions
from satudata.datasets.models import Dataset, DatasetVersion, ReviewComment, VersionEvent
from satudata.datasets.pipeline import import_rows
from tests.conftest import ROLES
from tests.datasets.conftest import population_rows
from tests.portal.test_downloads import publish

Clients = Callable[[str], Client]
NARRATIVE = "Penduduk 2024 tersebar merata; Purwodadi terkecil."


def narrate(client: Client, version: DatasetVersion, text: str) -> int:
    url = f"/kelola/dataset/{version.dataset.slug}/v{version.number}/narasi/"
    return client.post(url, {"narrative": text}).status_code


@pytest.mark.parametrize("role", ROLES)
def test_who_writes_the_narrative(client_for: Clients, draft: DatasetVersion, role: str) -> None:
    status = narrate(client_for(role), draft, NARRATIVE)
    draft.refresh_from_db()
    if role in ("alice", "wali", "admin"):  # the OPD's producer and the walidata (can_edit_version)
        assert status == 302 and draft.narrative == NARRATIVE
        event = draft.events.get(kind=VersionEvent.Kind.NARRATIVE)
        assert event.changes == {"narrative": ["", NARRATIVE]}
    else:
        assert status in (302, 403, 404) and draft.narrative == ""
        if role != "anonymous":
            assert status in (403, 404)


def test_the_narrative_is_frozen_once_submitted_and_reviewed_with_the_data(
    client_for: Clients, draft: DatasetVersion, people: dict[str, User]
) -> None:
    alice, wali = client_for("alice"), client_for("wali")
    assert narrate(alice, draft, NARRATIVE) == 302
    assert narrate(alice, draft, "x" * 5001) == 302  # too long: refused with a message, nothing lost
    draft.refresh_from_db()
    assert draft.narrative == NARRATIVE
    version = actions.do_submit_version(version=draft, acting_user=people["alice"])
    assert narrate(alice, version, "Ubah setelah diajukan") == 403
    page = wali.get(f"/kelola/dataset/{version.dataset.slug}/v{version.number}/").content.decode()
    assert NARRATIVE in page
    # The reviewer comments on the narrative itself.
    url = f"/kelola/dataset/{version.dataset.slug}/v{version.number}/catatan/"
    assert (
        wali.post(url, {"text": "Sebutkan kecamatan terbesar.", "column": ReviewComment.NARRATIVE}).status_code == 302
    )
    comment = ReviewComment.objects.get()
    assert comment.target == "narasi"
    version = actions.do_return_version(version=version, acting_user=people["wali"], note="Lengkapi narasi")
    assert narrate(alice, version, NARRATIVE + " Tosari terbesar.") == 302


@pytest.fixture
def two_years(
    make_dataset: Callable[..., Dataset], kecamatan: list[tuple[str, str]], people: dict[str, User]
) -> Dataset:
    dataset = make_dataset()
    for year, base in ((2023, 900), (2024, 1000)):
        version = import_rows(dataset=dataset, rows=population_rows(kecamatan, year, base=base), period=str(year),
                              acting_user=people["alice"]).version  # fmt: skip
        actions.do_set_narrative(version=version, narrative=f"Narasi {year}.", acting_user=people["alice"])
        publish(version, people)
    return dataset


def test_the_public_page_shows_the_analysis_and_the_latest_narrative(
    two_years: Dataset, kecamatan: list[tuple[str, str]]
) -> None:
    page = Client().get(f"/dataset/{two_years.slug}/").content.decode()
    assert 'id="analisis"' in page
    assert "Narasi 2024." in page and "Narasi 2023." not in page
    # Independently: the sums of the rows the test wrote.
    total_2023 = sum(r["jumlah_penduduk"] for r in population_rows(kecamatan, 2023, base=900))
    total_2024 = sum(r["jumlah_penduduk"] for r in population_rows(kecamatan, 2024, base=1000))
    assert f"{total_2024:,}".replace(",", ".") in page
    growth = (total_2024 - total_2023) / total_2023 * 100
    assert f"{growth:.2f}".replace(".", ",") in page
    # The first ten of the 24 kecamatan on the public page.
    assert "10 teratas dari 24 wilayah." in page


def test_no_analysis_of_restricted_data_on_the_public_page(two_years: Dataset) -> None:
    Dataset.objects.filter(pk=two_years.pk).update(access_class="terbatas")
    page = Client().get(f"/dataset/{two_years.slug}/").content.decode()
    assert 'id="analisis"' not in page and "Narasi 2024." not in page


@pytest.mark.parametrize("role", ROLES)
def test_who_opens_the_staff_analysis_page(client_for: Clients, two_years: Dataset, role: str) -> None:
    response = client_for(role).get(f"/kelola/dataset/{two_years.slug}/analisis/")
    if role == "anonymous":
        assert response.status_code == 302
    elif role == "nobody":
        assert response.status_code == 403
    else:  # Terbuka data: every staff role (can_view_data)
        assert response.status_code == 200
        page = response.content.decode()
        assert 'id="chart-periods"' in page and 'id="analysis-data"' in page
        assert "10 teratas" not in page  # all 24 kecamatan on the staff page


@pytest.mark.parametrize(
    ("role", "status"), [("alice", 200), ("wali", 200), ("bps", 200), ("bob", 403), ("forum", 403)]
)
def test_restricted_analysis_page(client_for: Clients, two_years: Dataset, role: str, status: int) -> None:
    Dataset.objects.filter(pk=two_years.pk).update(access_class="terbatas")
    assert client_for(role).get(f"/kelola/dataset/{two_years.slug}/analisis/").status_code == status


def test_analysis_page_bad_input_and_no_release(client_for: Clients, two_years: Dataset, draft: DatasetVersion) -> None:
    client = client_for("wali")
    response = client.get(f"/kelola/dataset/{two_years.slug}/analisis/", {"ukuran": "tidak_ada"})
    assert response.status_code == 400
    assert "Nilai parameter “ukuran” tidak dikenal: tidak_ada" in response.content.decode()
    assert client.get(f"/kelola/dataset/{draft.dataset.slug}/analisis/").status_code == 404
