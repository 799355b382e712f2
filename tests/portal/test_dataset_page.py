"""The public dataset page: table filtered, sorted and paged by the store, the filtered CSV, the
metadata sections; the home page's figures (issue 5)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from django.test import Client

from satudata.accounts.models import User
from satudata.datasets.models import Dataset, DatasetVersion
from satudata.portal.home import latest_indicators
from satudata.portal.views import parse_number
from tests.portal.test_downloads import body, publish


@pytest.fixture
def published(draft: DatasetVersion, people: dict[str, User]) -> Dataset:
    publish(draft, people)
    return draft.dataset


def test_table_filters_sort_and_page_through_the_store(published: Dataset) -> None:
    client = Client()
    url = f"/dataset/{published.slug}/"
    page = client.get(url)
    assert len(page.context["rows"]) == 25 and page.context["page"].paginator.count == 48
    # Text: part of the text, any case. population_rows: kecamatan i has 1000 + 10 i (+1 for women).
    page = client.get(url, {"k.nama_kecamatan": "PURWOD", "k.jenis_kelamin": "perem"})
    assert page.context["rows"] == [["35.14.01", "Purwodadi", "Perempuan", 1001, "2024"]]
    # Numbers: a comparison, written the Indonesian way or not.
    page = client.get(url, {"k.jumlah_penduduk": ">=1.221", "urut": "jumlah_penduduk", "arah": "turun"})
    assert [r[3] for r in page.context["rows"]] == [1231, 1230, 1221]
    assert "k.jumlah_penduduk=%3E%3D1.221" in page.context["sort_query"]
    page = client.get(url, {"k.jumlah_penduduk": "1001"})
    assert [r[3] for r in page.context["rows"]] == [1001]
    # Paging keeps the filter and the sort.
    page = client.get(url, {"k.jenis_kelamin": "laki", "urut": "jumlah_penduduk", "hal": "2"})
    assert page.context["page"].number == 1  # 24 rows: one page
    assert page.context["page"].paginator.count == 24


def test_a_bad_number_filter_says_which_column_and_is_left_out(published: Dataset) -> None:
    page = Client().get(f"/dataset/{published.slug}/", {"k.jumlah_penduduk": "banyak", "k.tahun": ">20x"})
    html = page.content.decode()
    assert "Saringan kolom “Jumlah Penduduk”: “banyak” bukan angka" in html
    assert "Saringan kolom “Tahun”" in html
    assert page.context["page"].paginator.count == 48  # the bad filters are ignored, not fatal


def test_filtered_table_downloads_as_csv(published: Dataset) -> None:
    response = Client().get(f"/dataset/{published.slug}/tabel.csv", {"k.jenis_kelamin": "Perempuan"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body(response).decode())))
    assert rows[0] == ["kode_kecamatan", "nama_kecamatan", "jenis_kelamin", "jumlah_penduduk", "tahun"]
    assert len(rows) == 25 and {r[2] for r in rows[1:]} == {"Perempuan"}


def test_metadata_sections(published: Dataset) -> None:
    html = Client().get(f"/dataset/{published.slug}/").content.decode()
    assert 'id="columns"' in html and "<code>jumlah_penduduk</code>" in html
    assert "Kode wilayah Kemendagri (kecamatan)" in html
    assert 'id="releases"' in html and 'id="quality"' in html


@pytest.mark.parametrize(
    ("text", "number"),
    [("1.234,5", 1234.5), ("1234.5", 1234.5), ("1.234", 1234), ("12.345.678", 12345678), ("-3", -3), ("x", None)],
)
def test_parse_number(text: str, number: float | None) -> None:
    assert parse_number(text) == number


def test_home_page_figures_from_the_reference_data(published: Dataset, client_for: Callable[[str], Client]) -> None:
    response = Client().get("/")
    figures = response.context["figures"]
    # Kabupaten Pasuruan in the shipped reference files: Kemendagri 2025 and BIG 2024.
    assert (figures.population, figures.male, figures.female) == (1665922, 831105, 834817)
    assert figures.area_km2 == pytest.approx(1493.161)
    assert round(figures.density) == 1116
    html = response.content.decode()
    assert "1.665.922" in html and "1.493,16" in html
    assert published.title in html  # newest datasets


def test_a_dataset_whose_every_period_is_withdrawn_leaves_the_public_side(
    published: Dataset, people: dict[str, User]
) -> None:
    from satudata.datasets import actions

    client = Client()
    assert client.get(f"/dataset/{published.slug}/v1.csv").status_code == 200
    Dataset.objects.filter(pk=published.pk).update(is_priority=True)
    assert [i.dataset.pk for i in latest_indicators()] == [published.pk]  # a priority count
    version = published.versions.get()
    actions.do_withdraw_version(version=version, reason="Angka salah hitung", acting_user=people["wali"])
    for url in (f"/dataset/{published.slug}/", f"/dataset/{published.slug}.csv", f"/dataset/{published.slug}/v1.csv",
                f"/dataset/{published.slug}/grafik.json", f"/dataset/{published.slug}/tabel.csv"):  # fmt: skip
        assert client.get(url).status_code == 404, url
    assert published.title not in client.get("/dataset/").content.decode()
    assert published.slug not in client.get("/sitemap.xml").content.decode()
    assert latest_indicators() == []  # no figure from the withdrawn data on the home page


def test_json_ld_of_restricted_data_announces_no_download(published: Dataset) -> None:
    import json

    published.access_class = "terbatas"
    published.save()
    ld = json.loads(Client().get(f"/dataset/{published.slug}/").context["json_ld"])
    assert ld["distribution"] == [] and ld["conditionsOfAccess"] == "Terbatas"


def test_a_number_too_large_for_any_column_is_a_filter_message_not_an_error(published: Dataset) -> None:
    huge = "9" * 400
    for value in (huge, f">{huge}", "inf", "1e400"):
        page = Client().get(f"/dataset/{published.slug}/", {"k.jumlah_penduduk": value})
        assert page.status_code == 200 and "bukan angka" in page.content.decode(), value
    response = Client().get(f"/dataset/{published.slug}/tabel.csv", {"k.tahun": huge})
    assert len(body(response).decode().splitlines()) == 49  # the filter is left out
