"""Step 17: the public guide to the download formats and the staff guide to laying out tables."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from satudata.datasets.models import Dataset
from tests.publications.conftest import assert_accessible
from tests.publications.test_public import public_dataset  # noqa: F401  (shared fixture)


def test_the_format_guide_is_public_and_explains_formats_urls_and_citation(db: None) -> None:
    response = Client().get("/panduan-data/")
    assert response.status_code == 200
    html = response.content.decode()
    assert_accessible(html)
    for text in ("CSV", "UTF-8", "<code>?bom=1</code>", "XLSX", "lembar metadata", "JSON", "HTML", "Parquet",
                 "kode_kecamatan", 'href="/wilayah/"', 'href="/standar-data/"',
                 "/dataset/&lt;slug&gt;.&lt;fmt&gt;", "/dataset/&lt;slug&gt;/v&lt;N&gt;.&lt;fmt&gt;",
                 "&lt;OPD&gt;. (&lt;tahun&gt;). &lt;judul&gt; (rilis &lt;N&gt;). Portal Satu Data Kabupaten Pasuruan."):  # fmt: skip
        assert text in html, text


def test_the_citation_example_uses_a_published_dataset(public_dataset: Dataset) -> None:  # noqa: F811
    html = Client().get("/panduan-data/").content.decode()
    release = public_dataset.releases.exclude(file_key="").order_by("-number").first()
    assert release is not None
    year = timezone.localtime(release.created).year
    expected = (
        f"Dinas Kesehatan. ({year}). {public_dataset.title} (rilis {release.number}). "
        f"Portal Satu Data Kabupaten Pasuruan. {settings.SITE_URL}/dataset/{public_dataset.slug}/"
    )
    assert expected in html
    assert f"/dataset/{public_dataset.slug}/v{release.number}.csv" in html


@pytest.mark.parametrize(
    ("who", "status"),
    [("alice", 200), ("bob", 200), ("wali", 200), ("bps", 200), ("forum", 200), ("admin", 200), ("nobody", 403)],
)
def test_every_staff_member_reads_the_layout_guide(client_for: Callable[[str], Client], who: str, status: int) -> None:
    response = client_for(who).get("/kelola/panduan-tata-letak/")
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert_accessible(html)
        for text in ("Satu tabel per lembar", "Satu baris judul kolom", "Satu baris untuk satu pengamatan",
                     "Kode, bukan hanya nama", "Angka polos", "Kolom periode", "Tanpa sel gabungan",
                     "Baris jumlah dipisahkan", "(1) (2) (3)"):  # fmt: skip
            assert text in html, text


def test_anonymous_visitors_log_in_for_the_layout_guide(db: None) -> None:
    response = Client().get("/kelola/panduan-tata-letak/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
