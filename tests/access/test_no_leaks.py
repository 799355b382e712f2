"""Terbatas and Tertutup data never reaches the public: not through the catalogue search, the
dataset page, the downloads, the chart data, the sitemap or the files on disk. Metadata (the
title) may show; rows may not. Then the one way in: a personal link, for one dataset, while it
is valid, each download logged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from satudata.access.models import AccessLog, DataRequest
from satudata.accounts.models import User
from satudata.datasets.models import Dataset
from satudata.portal.models import ReleaseFile
from tests.access.helpers import TERBATAS_VALUE, TERTUTUP_VALUE, body, leaked

FORMATS = ["csv", "xlsx", "json", "html", "parquet"]
OUTSIDERS = ["anonymous", "bob"]  # bob: a producer of another OPD (Dinas Pendidikan)


@pytest.fixture
def restricted(terbatas: Dataset, tertutup: Dataset) -> list[tuple[Dataset, int]]:
    return [(terbatas, TERBATAS_VALUE), (tertutup, TERTUTUP_VALUE)]


def test_the_fixture_data_really_holds_the_distinctive_values(terbatas: Dataset, tertutup: Dataset) -> None:
    """Otherwise every "not leaked" below would pass vacuously."""
    from satudata import store

    for dataset, value in [(terbatas, TERBATAS_VALUE), (tertutup, TERTUTUP_VALUE)]:
        release = dataset.latest_release()
        assert release is not None and release.file_key
        rows = store.read(release.file_key, limit=1).rows
        assert rows[0]["jumlah_penduduk"] == value


@pytest.mark.parametrize("who", OUTSIDERS)
def test_catalogue_search_shows_no_rows(
    who: str, client_for: Callable[[str], Client], restricted: list[tuple[Dataset, int]]
) -> None:
    client = client_for(who)
    for dataset, value in restricted:
        for q in (dataset.title, dataset.title.split()[0]):
            response = client.get("/dataset/", {"q": q})
            assert response.status_code == 200
            assert not leaked(response.content, value), (dataset.slug, q)
            assert f"/dataset/{dataset.slug}." not in response.content.decode()  # no download link
        # Searching for a cell value must not find the dataset (its rows are not in the index).
        # The page repeats the query itself, so look for the dataset, not for the number.
        response = client.get("/dataset/", {"q": str(value)})
        assert response.status_code == 200
        assert f"/dataset/{dataset.slug}/" not in response.content.decode()
        assert dataset.title not in response.content.decode()


@pytest.mark.parametrize("who", OUTSIDERS)
def test_dataset_page_shows_at_most_metadata(
    who: str, client_for: Callable[[str], Client], restricted: list[tuple[Dataset, int]]
) -> None:
    client = client_for(who)
    for dataset, value in restricted:
        response = client.get(f"/dataset/{dataset.slug}/")
        assert response.status_code in (200, 404)
        html = response.content.decode()
        assert not leaked(response.content, value)
        assert 'id="data"' not in html  # the table of rows a Terbuka dataset shows
        for fmt in FORMATS:
            assert f'/dataset/{dataset.slug}.{fmt}"' not in html  # (the DCAT .jsonld link is metadata)
        assert "/akses/" not in html


@pytest.mark.parametrize("who", OUTSIDERS)
def test_every_download_url_answers_404(
    who: str, client_for: Callable[[str], Client], restricted: list[tuple[Dataset, int]]
) -> None:
    client = client_for(who)
    for dataset, value in restricted:
        urls = [f"/dataset/{dataset.slug}.{fmt}" for fmt in [*FORMATS, "csv-bom"]]
        urls += [f"/dataset/{dataset.slug}/v1.{fmt}" for fmt in FORMATS]
        urls += [f"/dataset/{dataset.slug}.csv?bom=1", f"/dataset/{dataset.slug}/v1.csv?bom=1"]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 404, url
            assert not leaked(body(response), value), url


@pytest.mark.parametrize("who", OUTSIDERS)
def test_chart_and_table_data_answer_404(
    who: str, client_for: Callable[[str], Client], restricted: list[tuple[Dataset, int]]
) -> None:
    client = client_for(who)
    for dataset, value in restricted:
        for url in (f"/dataset/{dataset.slug}/grafik.json", f"/dataset/{dataset.slug}/grafik.csv",
                    f"/dataset/{dataset.slug}/tabel.csv"):  # fmt: skip
            response = client.get(url)
            assert response.status_code == 404, url
            assert not leaked(body(response), value), url


def _total(dataset: Dataset) -> int:
    from satudata import store

    release = dataset.latest_release()
    assert release is not None
    return sum(row["jumlah_penduduk"] for row in store.read(release.file_key, limit=10_000).rows)


@pytest.mark.parametrize("who", OUTSIDERS)
def test_listing_pages_show_no_values_or_totals(
    who: str, client_for: Callable[[str], Client], restricted: list[tuple[Dataset, int]]
) -> None:
    """The home page (latest indicators of Data Prioritas, newest datasets), the OPD's page and the
    topic page list datasets; neither a cell nor the kabupaten total of a restricted one shows."""
    client = client_for(who)
    for url in ("/", "/organization/dinkes/", "/topik/kesehatan/", "/organization/", "/topik/"):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        for dataset, value in restricted:
            assert not leaked(body(response), value), url
            assert not leaked(body(response), _total(dataset)), url
            assert f"/dataset/{dataset.slug}." not in body(response).decode(), url


def test_sitemap_lists_no_download_of_them(client: Client, restricted: list[tuple[Dataset, int]]) -> None:
    response = client.get("/sitemap.xml")
    assert response.status_code in (200, 404)
    text = body(response).decode()
    for dataset, value in restricted:
        assert not leaked(body(response), value)
        assert f"/dataset/{dataset.slug}." not in text
        assert f"/dataset/{dataset.slug}/v" not in text
    assert "/akses/" not in text


def test_export_files_are_not_reachable_as_static_or_media(
    client: Client, restricted: list[tuple[Dataset, int]]
) -> None:
    for dataset, value in restricted:
        files = ReleaseFile.objects.filter(release__dataset=dataset)
        assert files.count() >= 5  # made at publication, like any release's
        for made in files:
            for prefix in ("/static/", "/static/exports/", "/media/", "/media/exports/"):
                response = client.get(prefix + made.relpath)
                assert response.status_code == 404, prefix + made.relpath
                assert not leaked(body(response), value)


@pytest.mark.parametrize("who", OUTSIDERS)
def test_the_request_form_shows_metadata_only(
    who: str, client_for: Callable[[str], Client], terbatas: Dataset, tertutup: Dataset
) -> None:
    client = client_for(who)
    response = client.get(f"/permintaan-data/{terbatas.slug}/")
    assert response.status_code == 200 and terbatas.title in response.content.decode()
    assert not leaked(response.content, TERBATAS_VALUE)
    assert client.get(f"/permintaan-data/{tertutup.slug}/").status_code == 404


# ---------------------------------------------------------------------------------------------
# The personal link


def test_an_approved_token_downloads_every_format_and_logs_each_once(
    client: Client,
    terbatas: Dataset,
    make_request: Callable[..., DataRequest],
    approve: Callable[..., tuple[DataRequest, str]],
) -> None:
    data_request, link = approve(make_request(terbatas))
    for n, fmt in enumerate(FORMATS, start=1):
        response = client.get(f"{link}{fmt}")
        assert response.status_code == 200, fmt
        assert response["Cache-Control"] == "private, no-store"
        assert response["X-Robots-Tag"].startswith("noindex")
        assert "attachment" in response["Content-Disposition"]
        content = body(response)
        if fmt in ("csv", "json", "html"):
            assert leaked(content, TERBATAS_VALUE)
        assert AccessLog.objects.filter(request=data_request).count() == n
        log = AccessLog.objects.filter(request=data_request).order_by("-id").first()
        assert log is not None and log.fmt == fmt and log.release_number == 1 and log.size_bytes == len(content)


def test_an_expired_token_gives_no_data(
    client: Client,
    terbatas: Dataset,
    make_request: Callable[..., DataRequest],
    approve: Callable[..., tuple[DataRequest, str]],
) -> None:
    data_request, link = approve(make_request(terbatas))
    DataRequest.objects.filter(pk=data_request.pk).update(expires_at=dt.date.today() - dt.timedelta(days=1))
    for url in (link, f"{link}csv", f"{link}json"):
        response = client.get(url)
        assert response.status_code in (404, 410), url
        assert not leaked(body(response), TERBATAS_VALUE)
    assert not AccessLog.objects.exists()


def test_a_revoked_token_gives_no_data(
    client: Client,
    terbatas: Dataset,
    make_request: Callable[..., DataRequest],
    approve: Callable[..., tuple[DataRequest, str]],
    people: dict[str, User],
) -> None:
    from satudata.access.actions import do_revoke_request

    data_request, link = approve(make_request(terbatas))
    assert client.get(f"{link}csv").status_code == 200
    do_revoke_request(data_request=data_request, reason="Data dipakai di luar tujuan.", acting_user=people["wali"])
    for url in (link, f"{link}csv", f"{link}parquet"):
        response = client.get(url)
        assert response.status_code in (404, 410), url
        assert not leaked(body(response), TERBATAS_VALUE)
    assert AccessLog.objects.count() == 1  # the download before the revocation


def test_a_token_for_one_dataset_does_not_open_another(
    client: Client,
    terbatas: Dataset,
    publish_dataset: Callable[..., Dataset],
    make_request: Callable[..., DataRequest],
    approve: Callable[..., tuple[DataRequest, str]],
) -> None:
    from satudata.reference.models import AccessClass

    other = publish_dataset("Balita Gizi Buruk menurut Kecamatan", AccessClass.TERBATAS, 765432)
    _request, link = approve(make_request(terbatas))
    token = link.strip("/").split("/")[1]
    content = body(client.get(f"{link}csv"))
    assert leaked(content, TERBATAS_VALUE) and not leaked(content, 765432)
    page = client.get(link).content.decode()
    assert terbatas.title in page and other.title not in page
    # Nothing in the URL chooses the dataset: the token alone decides.
    for url in (f"/akses/{token}/{other.slug}.csv", f"/akses/{token}/{other.slug}/csv", f"/dataset/{other.slug}.csv"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert not leaked(body(response), 765432)


def test_a_guessed_token_gets_404(
    client: Client,
    terbatas: Dataset,
    make_request: Callable[..., DataRequest],
    approve: Callable[..., tuple[DataRequest, str]],
) -> None:
    _request, link = approve(make_request(terbatas))
    token = link.strip("/").split("/")[1]
    guesses = ["A" * 43, token[:-1] + ("A" if token[-1] != "A" else "B"), "x", token.upper(), "../" + token]
    for guess in guesses:
        for url in (f"/akses/{guess}/", f"/akses/{guess}/csv"):
            response = client.get(url)
            assert response.status_code == 404, url
            assert not leaked(body(response), TERBATAS_VALUE)
    assert not AccessLog.objects.exists()


def test_a_submitted_or_refused_request_never_gets_a_token(
    terbatas: Dataset, make_request: Callable[..., DataRequest], people: dict[str, User]
) -> None:
    from satudata.access.actions import do_refuse_request

    submitted = make_request(terbatas)
    refused = make_request(terbatas)
    do_refuse_request(data_request=refused, reason="Tujuan tidak jelas.", acting_user=people["wali"])
    for data_request in (submitted, refused):
        data_request.refresh_from_db()
        assert data_request.token_hash == ""  # no token was ever made
    assert DataRequest.objects.exclude(token_hash="").count() == 0


def test_a_tertutup_dataset_gives_no_data_even_with_an_approved_link(
    client: Client,
    terbatas: Dataset,
    make_request: Callable[..., DataRequest],
    approve: Callable[..., tuple[DataRequest, str]],
) -> None:
    """A Terbatas dataset reclassified as Tertutup after the approval: the link stops."""
    from satudata.reference.models import AccessClass

    _request, link = approve(make_request(terbatas))
    Dataset.objects.filter(pk=terbatas.pk).update(access_class=AccessClass.TERTUTUP)
    for url in (link, f"{link}csv"):
        response = client.get(url)
        assert response.status_code == 404
        assert not leaked(body(response), TERBATAS_VALUE)
