"""Whole public pages from the shared cache for visitors without a session; fresh after a change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from satudata.accounts.models import User
from satudata.datasets.models import Dataset, DatasetVersion
from satudata.portal.models import DownloadCount
from tests.portal.test_downloads import publish


@pytest.fixture(autouse=True)
def page_cache(settings: Any) -> None:
    settings.SATUDATA_PAGE_CACHE_SECONDS = 60
    cache.clear()


def test_anonymous_pages_come_from_the_cache_until_something_public_changes(
    draft: DatasetVersion, people: dict[str, User]
) -> None:
    publish(draft, people)
    client = Client()
    first = client.get("/dataset/")
    assert first["X-Page-Cache"] == "miss" and draft.dataset.title in first.content.decode()
    again = client.get("/dataset/")
    assert again["X-Page-Cache"] == "hit" and again.content == first.content
    assert client.get("/dataset/?q=pendud")["X-Page-Cache"] == "miss"  # another URL, another page

    dataset = Dataset.objects.get(pk=draft.dataset_id)
    dataset.title = "Jumlah Penduduk Hasil Registrasi"
    dataset.save()
    fresh = client.get("/dataset/")
    assert fresh["X-Page-Cache"] == "miss" and "Jumlah Penduduk Hasil Registrasi" in fresh.content.decode()


def test_each_language_has_its_own_copy(draft: DatasetVersion, people: dict[str, User]) -> None:
    publish(draft, people)
    indonesian = Client().get("/dataset/")
    english = Client()
    english.cookies["django_language"] = "en"
    page = english.get("/dataset/")
    assert page["X-Page-Cache"] == "miss" and 'lang="en"' in page.content.decode()
    assert 'lang="id"' in indonesian.content.decode()


def test_staff_downloads_posts_and_errors_are_never_cached(
    draft: DatasetVersion, people: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    publish(draft, people)
    staff = client_for("alice")
    assert "X-Page-Cache" not in staff.get("/dataset/")  # has a session
    anonymous = Client()
    anonymous.get(f"/dataset/{draft.dataset.slug}.csv")
    download = anonymous.get(f"/dataset/{draft.dataset.slug}.csv")
    assert download["X-Page-Cache"] == "miss" and download.streaming  # files are never kept (nor counts lost)
    assert DownloadCount.objects.get().count == 2
    anonymous.get("/dataset/tidak-ada/")
    assert anonymous.get("/dataset/tidak-ada/")["X-Page-Cache"] == "miss"  # a 404 is not kept
    anonymous.get(f"/dataset/{draft.dataset.slug}/tabel.csv")
    assert anonymous.get(f"/dataset/{draft.dataset.slug}/tabel.csv")["X-Page-Cache"] == "miss"  # streamed
    assert anonymous.post("/dataset/").status_code in (200, 405)


def test_switching_language_needs_no_token_so_pages_stay_shareable(draft: DatasetVersion) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/dataset/"})
    assert response.status_code == 302 and client.cookies["django_language"].value == "en"
    assert "csrfmiddlewaretoken" not in Client().get("/dataset/").content.decode()


def test_a_repeated_download_needs_no_query_to_find_its_file(
    draft: DatasetVersion, people: dict[str, User], django_assert_num_queries: Any
) -> None:
    publish(draft, people)
    client = Client()
    url = f"/dataset/{draft.dataset.slug}.csv"
    etag = client.get(url)["ETag"]
    with django_assert_num_queries(0):
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    # Made Terbatas: the next request looks again and refuses.
    dataset = Dataset.objects.get(pk=draft.dataset_id)
    dataset.access_class = "terbatas"
    dataset.save()
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 404


def test_each_host_has_its_own_copy(draft: DatasetVersion, people: dict[str, User]) -> None:
    publish(draft, people)
    Client().get(f"/dataset/{draft.dataset.slug}/", HTTP_HOST="satudata.example")
    other = Client().get(f"/dataset/{draft.dataset.slug}/", HTTP_HOST="localhost")
    assert other["X-Page-Cache"] == "miss" and "http://localhost/dataset/" in other.content.decode()
