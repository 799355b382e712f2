"""The personal link /akses/<token>/: the page, the downloads and their log, the last day of
access, and what happens when the dataset changes under it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone, translation
from django.utils.formats import date_format

from satudata.access.models import AccessLog, DataRequest
from satudata.accounts.models import User
from satudata.datasets import actions as dataset_actions
from satudata.datasets.models import Dataset, VersionStatus
from satudata.datasets.pipeline import import_rows
from satudata.reference.models import AccessClass
from tests.access.helpers import TERBATAS_VALUE, body, leaked
from tests.datasets.conftest import population_rows


def test_the_page_lists_the_dataset_the_date_and_the_downloads(
    client: Client,
    terbatas: Dataset,
    make_request: Callable[..., DataRequest],
    approve: Callable[..., tuple[DataRequest, str]],
) -> None:
    data_request, link = approve(make_request(terbatas), days=10)
    response = client.get(link)
    html = response.content.decode()
    assert response.status_code == 200 and html.count("<h1") == 1
    assert terbatas.title in html and data_request.reference in html
    with translation.override("id"):
        assert date_format(timezone.localdate() + dt.timedelta(days=10), "j F Y") in html
    for fmt in ("csv", "xlsx", "json", "html", "parquet"):
        assert f'href="{link}{fmt}"' in html
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow" and response["Referrer-Policy"] == "no-referrer"
    assert not leaked(response.content, TERBATAS_VALUE)  # the page itself shows no rows
    assert not AccessLog.objects.exists()  # looking is not downloading


def test_the_last_day_is_included(
    client: Client,
    terbatas: Dataset,
    make_request: Callable[..., DataRequest],
    approve: Callable[..., tuple[DataRequest, str]],
) -> None:
    data_request, link = approve(make_request(terbatas))
    DataRequest.objects.filter(pk=data_request.pk).update(expires_at=timezone.localdate())
    assert client.get(f"{link}csv").status_code == 200
    DataRequest.objects.filter(pk=data_request.pk).update(expires_at=timezone.localdate() - dt.timedelta(days=1))
    gone = client.get(link)
    assert gone.status_code == 410 and "berakhir" in gone.content.decode()
    assert gone["X-Robots-Tag"].startswith("noindex")
    assert client.get(f"{link}csv").status_code == 410
    assert AccessLog.objects.count() == 1


def test_an_unknown_format_is_404_and_not_logged(
    client: Client,
    terbatas: Dataset,
    make_request: Callable[..., DataRequest],
    approve: Callable[..., tuple[DataRequest, str]],
) -> None:
    _request, link = approve(make_request(terbatas))
    for fmt in ("csv-bom", "exe", "CSV", "csv.zip"):
        assert client.get(f"{link}{fmt}").status_code == 404, fmt
    assert not AccessLog.objects.exists()


def test_the_link_follows_the_newest_release_and_stops_when_everything_is_withdrawn(
    client: Client,
    terbatas: Dataset,
    make_request: Callable[..., DataRequest],
    approve: Callable[..., tuple[DataRequest, str]],
    kecamatan: list[tuple[str, str]],
    people: dict[str, User],
) -> None:
    _request, link = approve(make_request(terbatas))
    version = import_rows(dataset=terbatas, rows=population_rows(kecamatan, 2025, base=5000), period="2025",
                          acting_user=people["alice"]).version  # fmt: skip
    version = dataset_actions.do_submit_version(version=version, acting_user=people["alice"])
    version = dataset_actions.do_verify_version(version=version, acting_user=people["wali"])
    version = dataset_actions.do_check_version(version=version, acting_user=people["bps"])  # Data Prioritas
    dataset_actions.do_publish_version(version=version, acting_user=people["wali"])
    assert client.get(f"{link}csv").status_code == 200
    assert AccessLog.objects.get().release_number == 2
    assert "Rilis 2" in client.get(link).content.decode()

    for published in terbatas.versions.filter(status=VersionStatus.PUBLISHED):
        dataset_actions.do_withdraw_version(version=published, reason="Salah hitung.", acting_user=people["wali"])
    page = client.get(link)
    assert page.status_code == 200 and 'id="no-data"' in page.content.decode()
    response = client.get(f"{link}csv")
    assert response.status_code == 404 and not leaked(body(response), TERBATAS_VALUE)
    assert AccessLog.objects.count() == 1


def test_the_walidata_and_the_producer_see_the_download_log(
    client: Client,
    client_for: Callable[[str], Client],
    terbatas: Dataset,
    make_request: Callable[..., DataRequest],
    approve: Callable[..., tuple[DataRequest, str]],
) -> None:
    data_request, link = approve(make_request(terbatas))
    client.get(f"{link}xlsx")
    for who in ("wali", "alice"):
        html = client_for(who).get(f"/kelola/permintaan-data/{data_request.pk}/").content.decode()
        table = html[html.index('id="downloads"') :]
        assert "XLSX" in table and "Belum ada unduhan" not in table


def test_the_request_box_explains_terbatas_and_tertutup(
    terbatas: Dataset, tertutup: Dataset, make_dataset: Callable[..., Dataset]
) -> None:
    box = render_to_string("access/_request_box.html", {"dataset": terbatas})
    assert f'href="/permintaan-data/{terbatas.slug}/"' in box and "Terbatas" in box
    closed = render_to_string("access/_request_box.html", {"dataset": tertutup})
    assert "tidak tersedia untuk publik" in closed and "/permintaan-data/" not in closed
    terbuka = make_dataset("Jumlah Puskesmas", access_class=AccessClass.TERBUKA)
    assert render_to_string("access/_request_box.html", {"dataset": terbuka}).strip() == ""
