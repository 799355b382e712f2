"""The public catalogue, dataset page and downloads (issue 5, first part)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from python_calamine import CalamineWorkbook

from satudata.accounts.models import User
from satudata.datasets import actions
from satudata.datasets.models import Dataset, DatasetVersion
from satudata.datasets.pipeline import import_rows
from satudata.portal.models import DownloadCount, ReleaseFile
from tests.datasets.conftest import population_rows


def publish(version: DatasetVersion, people: dict[str, User]) -> DatasetVersion:
    version = actions.do_submit_version(version=version, acting_user=people["alice"])
    version = actions.do_verify_version(version=version, acting_user=people["wali"])
    return actions.do_publish_version(version=version, acting_user=people["wali"])


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def published(draft: DatasetVersion, people: dict[str, User]) -> Dataset:
    publish(draft, people)
    return draft.dataset


def test_files_are_made_once_at_publication_and_served_with_caching_headers(published: Dataset) -> None:
    release = published.latest_release()
    assert release is not None
    assert sorted(ReleaseFile.objects.filter(release=release).values_list("fmt", flat=True)) == [
        "csv", "csv-bom", "html", "json", "parquet", "xlsx"
    ]  # fmt: skip
    anonymous = Client()
    response = anonymous.get(f"/dataset/{published.slug}.csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    content = body(response)
    assert int(response["Content-Length"]) == len(content)
    assert response["Cache-Control"] == "public, max-age=300" and response["ETag"].startswith('"')
    rows = list(csv.reader(io.StringIO(content.decode())))
    assert rows[0] == ["kode_kecamatan", "nama_kecamatan", "jenis_kelamin", "jumlah_penduduk", "tahun"]
    assert len(rows) == 49 and rows[1] == ["35.14.01", "Purwodadi", "Laki-laki", "1000", "2024"]
    again = anonymous.get(f"/dataset/{published.slug}.csv", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert body(anonymous.get(f"/dataset/{published.slug}.csv?bom=1")).startswith(b"\xef\xbb\xbf")
    assert DownloadCount.objects.get(dataset=published, fmt="csv").count == 1  # the 304 is not a download


def test_every_format_holds_the_same_rows(published: Dataset) -> None:
    client = Client()
    data = json.loads(body(client.get(f"/dataset/{published.slug}.json")))
    assert len(data) == 48 and data[0]["jumlah_penduduk"] == 1000
    book = CalamineWorkbook.from_filelike(io.BytesIO(body(client.get(f"/dataset/{published.slug}.xlsx"))))
    sheet = book.get_sheet_by_name("data").to_python()
    assert len(sheet) == 49 and sheet[1][3] == 1000
    assert ["Judul", published.title] in book.get_sheet_by_name("metadata").to_python()
    html = body(client.get(f"/dataset/{published.slug}.html")).decode()
    assert html.count("<tr>") == 49 and published.title in html
    parquet = client.get(f"/dataset/{published.slug}.parquet")
    assert parquet.status_code == 200 and body(parquet)[:4] == b"PAR1"


def test_a_release_url_never_changes(
    published: Dataset, people: dict[str, User], kecamatan: list[tuple[str, str]]
) -> None:
    v2 = import_rows(dataset=published, rows=population_rows(kecamatan, 2024, base=5000), period="2024",
                     acting_user=people["alice"], change_note="Koreksi").version  # fmt: skip
    publish(v2, people)
    client = Client()
    old = list(csv.reader(io.StringIO(body(client.get(f"/dataset/{published.slug}/v1.csv")).decode())))
    new = list(csv.reader(io.StringIO(body(client.get(f"/dataset/{published.slug}.csv")).decode())))
    assert old[1][3] == "1000" and new[1][3] == "5000"
    assert client.get(f"/dataset/{published.slug}/v1.csv")["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get(f"/dataset/{published.slug}/v9.csv").status_code == 404
    assert client.get(f"/dataset/{published.slug}.exe").status_code == 404


@pytest.mark.parametrize("access", ["terbatas", "tertutup"])
def test_restricted_data_is_not_public_by_any_url(
    published: Dataset, access: str, client_for: Callable[[str], Client]
) -> None:
    published.access_class = access
    published.save()
    for who in ("anonymous", "bob", "alice"):
        client = client_for(who)
        for url in (f"/dataset/{published.slug}.csv", f"/dataset/{published.slug}/v1.json",
                    f"/dataset/{published.slug}.csv?bom=1", f"/dataset/{published.slug}/tabel.csv"):  # fmt: skip
            assert client.get(url).status_code == 404, (who, url)
        # The page shows the metadata, never a row: 1231 is the largest population in the data.
        page = client.get(f"/dataset/{published.slug}/")
        assert page.status_code == 200 and "rows" not in page.context
        assert published.title in page.content.decode() and "1.231" not in page.content.decode()
        found = client.get("/dataset/?q=Penduduk")
        assert published.title in found.content.decode() and "1.231" not in found.content.decode()


def test_unpublished_data_is_not_public(draft: DatasetVersion) -> None:
    client = Client()
    assert client.get(f"/dataset/{draft.dataset.slug}/").status_code == 404
    assert client.get(f"/dataset/{draft.dataset.slug}.csv").status_code == 404
    assert draft.dataset.title not in client.get("/dataset/").content.decode()


def test_catalog_search_and_dataset_page(published: Dataset) -> None:
    client = Client()
    page = client.get("/dataset/?q=pendud").content.decode()
    assert published.title in page
    assert published.title not in client.get("/dataset/?q=sekolah").content.decode()
    assert published.title in client.get("/dataset/?opd=dinkes").content.decode()
    assert published.title not in client.get("/dataset/?opd=dispendik").content.decode()
    page = client.get(f"/dataset/{published.slug}/?urut=jumlah_penduduk&arah=turun")
    html = page.content.decode()
    assert page.context["rows"][0][3] == 1231 and "48 baris" in html
    ld = json.loads(page.context["json_ld"])
    assert ld["@type"] == "Dataset" and ld["name"] == published.title and len(ld["distribution"]) == 4
    assert client.get(f"/dataset/{published.slug}/?urut=tidak_ada&hal=999").status_code == 200  # bad input ignored
