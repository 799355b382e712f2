"""The catalogue's search and facets, the OPD and topic pages, the sitemap (issue 5). The same
tests run on SQLite (FTS5) and PostgreSQL (tsvector + pg_trgm) in CI."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from satudata.accounts.models import User
from satudata.datasets.models import Dataset
from satudata.datasets.pipeline import import_rows
from satudata.portal import search
from satudata.portal.models import SearchEntry, SearchYear
from tests.datasets.conftest import population_rows
from tests.portal.test_downloads import publish


@pytest.fixture
def catalogue(
    make_dataset: Callable[..., Dataset], kecamatan: list[tuple[str, str]], people: dict[str, User]
) -> dict[str, Dataset]:
    """Three published datasets of two OPDs, one Terbatas, and one unpublished draft."""

    def published(title: str, *, org: str = "dinkes", years: tuple[int, ...] = (2024,), **fields: Any) -> Dataset:
        dataset = make_dataset(title, org=org, **fields)
        for year in years:
            by = people["alice"] if org == "dinkes" else people["wali"]
            version = import_rows(dataset=dataset, rows=population_rows(kecamatan, year), period=str(year),
                                  acting_user=by).version  # fmt: skip
            if org != "dinkes":
                from satudata.datasets import actions

                version = actions.do_submit_version(version=version, acting_user=people["wali"])
                version = actions.do_verify_version(version=version, acting_user=people["wali"])
                actions.do_publish_version(version=version, acting_user=people["wali"])
            else:
                publish(version, people)
        dataset.refresh_from_db()
        return dataset

    found = {
        "penduduk": published("Jumlah Penduduk menurut Kecamatan", years=(2023, 2024), topic="demografi_dan_kependudukan",
                              tingkat_penyajian="kecamatan", description="Penduduk hasil registrasi."),
        "sekolah": published("Jumlah Sekolah Dasar", org="dispendik", topic="pendidikan_dan_pelatihan",
                             tingkat_penyajian="kecamatan", keywords="SD, pendidikan dasar"),
        "disabilitas": published("Penyandang Disabilitas (Pendataan Khusus)", access_class="terbatas",
                                 tingkat_penyajian="desa_kelurahan"),
    }  # fmt: skip
    found["draft"] = make_dataset("Penduduk Miskin Belum Terbit")
    return found


def titles(response: Any) -> list[str]:
    return [e.dataset.title for e in response.context["page"]]


def test_partial_words_case_and_accents_find_the_dataset(catalogue: dict[str, Dataset]) -> None:
    client = Client()
    for q in ("pendud", "PENDUDUK", "Pendudúk", "penduduk kecamatan", "dinas kesehatan pendud"):
        assert "Jumlah Penduduk menurut Kecamatan" in titles(client.get("/dataset/", {"q": q})), q
    # Keywords and column names are searched too.
    assert titles(client.get("/dataset/", {"q": "pendidikan dasar"})) == ["Jumlah Sekolah Dasar"]
    assert "Jumlah Sekolah Dasar" in titles(client.get("/dataset/", {"q": "jenis kelamin"}))
    # A word from the middle of a word is found when no word starts with it.
    response = client.get("/dataset/", {"q": "abilitas"})
    assert titles(response) == ["Penyandang Disabilitas (Pendataan Khusus)"] and response.context["fallback"]
    assert not client.get("/dataset/", {"q": "disab"}).context["fallback"]
    assert titles(client.get("/dataset/", {"q": "tidakada"})) == []


def test_unpublished_datasets_are_not_catalogued(catalogue: dict[str, Dataset]) -> None:
    assert "Penduduk Miskin Belum Terbit" not in titles(Client().get("/dataset/", {"q": "penduduk"}))
    assert not SearchEntry.objects.filter(dataset=catalogue["draft"]).exists()


def test_title_matches_rank_first(catalogue: dict[str, Dataset]) -> None:
    # Every dataset here has a "jumlah_penduduk" column; only one has "Penduduk" in its title.
    found = titles(Client().get("/dataset/", {"q": "penduduk"}))
    assert found[0] == "Jumlah Penduduk menurut Kecamatan"


def test_facets_count_and_filters_are_in_the_url(catalogue: dict[str, Dataset]) -> None:
    client = Client()
    response = client.get("/dataset/")
    facets = {f["param"]: {o["label"]: o["count"] for o in f["options"]} for f in response.context["facets"]}
    assert facets["opd"] == {"Dinas Kesehatan": 2, "Dinas Pendidikan": 1}
    assert facets["tahun"] == {"2024": 3, "2023": 1}
    assert facets["akses"] == {"Terbuka": 2, "Terbatas": 1}
    assert facets["tingkat"] == {"Kecamatan": 2, "Desa/Kelurahan": 1}
    assert facets["format"]["CSV"] == 2  # restricted data has no public downloads
    assert facets["topik"]["Pendidikan dan Pelatihan"] == 1

    response = client.get("/dataset/", {"opd": "dinkes", "tingkat": "kecamatan"})
    assert titles(response) == ["Jumlah Penduduk menurut Kecamatan"]
    # Each facet counts under the *other* filters: the OPD facet still offers Dispendik.
    facets = {f["param"]: {o["label"]: o["count"] for o in f["options"]} for f in response.context["facets"]}
    assert facets["opd"] == {"Dinas Kesehatan": 1, "Dinas Pendidikan": 1}
    html = response.content.decode()
    assert "tingkat=kecamatan" in html and "opd=dinkes" in html  # links keep the filters
    assert titles(client.get("/dataset/", {"tahun": "2023"})) == ["Jumlah Penduduk menurut Kecamatan"]
    assert titles(client.get("/dataset/", {"akses": "terbatas"})) == ["Penyandang Disabilitas (Pendataan Khusus)"]
    assert len(titles(client.get("/dataset/", {"format": "parquet"}))) == 2


def test_bad_parameters_are_ignored_not_errors(catalogue: dict[str, Dataset]) -> None:
    client = Client()
    for params in ({"tahun": "dua ribu"}, {"urut": "'; drop table"}, {"hal": "x"}, {"q": "\"*)(OR"},
                   {"q": "a" * 500}, {"opd": "tidak-ada"}, {"format": "exe"}):  # fmt: skip
        assert client.get("/dataset/", params).status_code == 200, params


def test_sorting(catalogue: dict[str, Dataset]) -> None:
    client = Client()
    assert titles(client.get("/dataset/", {"urut": "nama"})) == sorted(
        ["Jumlah Penduduk menurut Kecamatan", "Jumlah Sekolah Dasar", "Penyandang Disabilitas (Pendataan Khusus)"]
    )
    assert titles(client.get("/dataset/"))[0] == "Penyandang Disabilitas (Pendataan Khusus)"  # newest release
    client.get(f"/dataset/{catalogue['sekolah'].slug}.csv")
    client.get(f"/dataset/{catalogue['sekolah'].slug}.json")
    assert SearchEntry.objects.get(dataset=catalogue["sekolah"]).downloads == 2
    assert titles(client.get("/dataset/", {"urut": "unduhan"}))[0] == "Jumlah Sekolah Dasar"


def test_index_follows_the_dataset(catalogue: dict[str, Dataset]) -> None:
    dataset = catalogue["sekolah"]
    dataset.title = "Jumlah Madrasah Ibtidaiyah"
    dataset.save()
    assert titles(Client().get("/dataset/", {"q": "madrasah"})) == ["Jumlah Madrasah Ibtidaiyah"]
    assert titles(Client().get("/dataset/", {"q": "sekolah"})) == []
    search.remove_dataset(dataset.pk)
    assert titles(Client().get("/dataset/", {"q": "madrasah"})) == []
    assert search.reindex_all() == 3
    assert titles(Client().get("/dataset/", {"q": "madrasah"})) == ["Jumlah Madrasah Ibtidaiyah"]
    assert SearchYear.objects.filter(entry__dataset=catalogue["penduduk"]).count() == 2


def test_normalise() -> None:
    assert search.normalise("  Pendudúk—Jawa_Timur 2024! ") == "penduduk jawa timur 2024"
    assert search.terms_of("a b c d e f g h i j") == list("abcdefgh")


def test_organization_and_topic_pages(catalogue: dict[str, Dataset]) -> None:
    client = Client()
    listing = client.get("/organization/")
    assert ("Dinas Kesehatan", 2) in [(o.name, n) for o, n in listing.context["organizations"]]
    page = client.get("/organization/dispendik/")
    assert titles(page) == ["Jumlah Sekolah Dasar"] and "<h1" in page.content.decode()
    assert client.get("/organization/tidak-ada/").status_code == 404
    topics = client.get("/topik/")
    assert ("pendidikan_dan_pelatihan", "Pendidikan dan Pelatihan", 1) in topics.context["topics"]
    assert titles(client.get("/topik/pendidikan_dan_pelatihan/")) == ["Jumlah Sekolah Dasar"]
    assert client.get("/topik/bukan-topik/").status_code == 404


def test_sitemap_lists_pages_not_data(catalogue: dict[str, Dataset]) -> None:
    body = Client().get("/sitemap.xml").content.decode()
    assert f"/dataset/{catalogue['penduduk'].slug}/</loc>" in body
    assert f"/dataset/{catalogue['disabilitas'].slug}/</loc>" in body  # its metadata page is public
    assert f"{catalogue['disabilitas'].slug}.csv" not in body and "/draft" not in body
    assert catalogue["draft"].slug not in body
    assert "Sitemap: http://testserver/sitemap.xml" in Client().get("/robots.txt").content.decode()


def test_htmx_request_gets_the_same_page(catalogue: dict[str, Dataset]) -> None:
    response = Client().get("/dataset/", {"q": "pendud"}, HTTP_HX_REQUEST="true")
    assert 'id="catalog-area"' in response.content.decode()


def test_odd_years_are_ignored_not_errors(catalogue: dict[str, Dataset]) -> None:
    for tahun in ("²", "¹²³⁴", "9" * 100, "0"):
        response = Client().get("/dataset/", {"tahun": tahun})
        assert response.status_code == 200 and len(titles(response)) == 3, tahun
