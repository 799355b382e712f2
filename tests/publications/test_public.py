"""The public catalogue of publications, a publication's page, its PDF and cover: what the public
sees (published only) and what staff may preview."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from satudata.accounts.models import User
from satudata.datasets import actions as dataset_actions
from satudata.datasets.models import Dataset, DatasetVersion
from satudata.publications import actions
from satudata.publications.models import Publication
from satudata.publications.queries import latest_news, latest_publications
from tests.publications.conftest import PDF, assert_accessible

MakePublication = Callable[..., Publication]


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else bytes(response.content)


def titles(response: Any) -> list[str]:
    return re.findall(r'<h2 class="h6 card-title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


@pytest.fixture
def catalogue(make_publication: MakePublication) -> list[Publication]:
    return [
        make_publication("Profil Kesehatan 2025", year=2025, publish=True, cover=True),
        make_publication("Infografis Imunisasi 2026", year=2026, kind="infografis", publish=True),
        make_publication("Pendidikan dalam Angka 2026", org="dispendik", year=2026, kind="dalam_angka", publish=True),
        make_publication("Draf Laporan Gizi 2026", year=2026),
    ]


def test_the_catalogue_lists_published_publications_with_covers(catalogue: list[Publication]) -> None:
    response = Client().get("/publikasi/")
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Infografis Imunisasi 2026", "Pendidikan dalam Angka 2026",
                                        "Profil Kesehatan 2025"]  # fmt: skip
    html = response.content.decode()
    assert_accessible(html)
    assert f'src="/publikasi/{catalogue[0].slug}/sampul/"' in html
    assert 'alt="Sampul Profil Kesehatan 2025"' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("opd=dinkes", ["Infografis Imunisasi 2026", "Profil Kesehatan 2025"]),
        ("tahun=2026", ["Infografis Imunisasi 2026", "Pendidikan dalam Angka 2026"]),
        ("jenis=dalam_angka", ["Pendidikan dalam Angka 2026"]),
        ("opd=dinkes&tahun=2026&jenis=infografis", ["Infografis Imunisasi 2026"]),
        ("q=imunisasi", ["Infografis Imunisasi 2026"]),
        ("opd=dispendik&tahun=2025", []),
        ("jenis=bukan-jenis&tahun=abc", ["Infografis Imunisasi 2026", "Pendidikan dalam Angka 2026",
                                         "Profil Kesehatan 2025"]),
        ("tahun=%C2%B9", ["Infografis Imunisasi 2026", "Pendidikan dalam Angka 2026", "Profil Kesehatan 2025"]),
    ],
)  # fmt: skip
def test_the_catalogue_filters_by_opd_year_and_kind(
    catalogue: list[Publication], query: str, expected: list[str]
) -> None:
    response = Client().get(f"/publikasi/?{query}")
    assert sorted(titles(response)) == expected
    html = response.content.decode()
    # The chosen filters stay selected in the form, so the URL and the page agree.
    if "opd=dinkes" in query:
        assert '<option value="dinkes" selected>' in html
    if "tahun=2026" in query:
        assert '<option value="2026" selected>' in html
    if "jenis=infografis" in query:
        assert '<option value="infografis" selected>' in html


def test_pagination_keeps_the_filters(make_publication: MakePublication) -> None:
    for n in range(14):
        make_publication(f"Buletin Kesehatan {n:02d}", year=2026, publish=True)
    make_publication("Buletin Pendidikan", org="dispendik", year=2026, publish=True)
    response = Client().get("/publikasi/?opd=dinkes&tahun=2026")
    assert len(titles(response)) == 12
    assert "?opd=dinkes&amp;tahun=2026&amp;hal=2" in response.content.decode()
    second = Client().get("/publikasi/?opd=dinkes&tahun=2026&hal=2")
    assert len(titles(second)) == 2 and "Buletin Pendidikan" not in second.content.decode()


def test_drafts_and_withdrawn_publications_are_404_for_the_public(
    make_publication: MakePublication, people: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    draft = make_publication("Draf Laporan Gizi", cover=True)
    withdrawn = make_publication("Laporan yang Ditarik", publish=True)
    actions.do_withdraw_publication(publication=withdrawn, reason="Angka keliru", acting_user=people["wali"])
    for who in ("anonymous", "bob", "bps", "forum", "nobody"):
        client = client_for(who)
        for publication in (draft, withdrawn):
            for path in (f"/publikasi/{publication.slug}/", f"/publikasi/{publication.slug}.pdf"):
                assert client.get(path).status_code == 404, (who, path)
        assert client.get(f"/publikasi/{draft.slug}/sampul/").status_code == 404
    catalogue = Client().get("/publikasi/").content.decode()
    assert "Draf Laporan Gizi" not in catalogue and "Laporan yang Ditarik" not in catalogue
    # The OPD's producers and the walidata preview the draft.
    for who in ("alice", "wali"):
        response = client_for(who).get(f"/publikasi/{draft.slug}/")
        assert response.status_code == 200 and "Pratinjau" in response.content.decode()


def test_the_pdf_is_served_as_an_attachment(make_publication: MakePublication) -> None:
    publication = make_publication(publish=True)
    response = Client().get(f"/publikasi/{publication.slug}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{publication.slug}.pdf"'
    assert body(response) == PDF


def test_the_cover_is_served_inline_as_an_image(make_publication: MakePublication) -> None:
    publication = make_publication(publish=True, cover=True)
    response = Client().get(f"/publikasi/{publication.slug}/sampul/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert body(response).startswith(b"\x89PNG")
    assert response["X-Content-Type-Options"] == "nosniff"
    without = Client().get(f"/publikasi/{publication.slug}/")
    assert without.status_code == 200
    no_cover = Publication.objects.filter(pk=publication.pk).update(cover="")
    assert no_cover == 1 and Client().get(f"/publikasi/{publication.slug}/sampul/").status_code == 404


@pytest.fixture
def public_dataset(draft: DatasetVersion, people: dict[str, User]) -> Dataset:
    version = dataset_actions.do_submit_version(version=draft, acting_user=people["alice"])
    version = dataset_actions.do_verify_version(version=version, acting_user=people["wali"])
    dataset_actions.do_publish_version(version=version, acting_user=people["wali"])
    return draft.dataset


def test_the_page_lists_only_public_related_datasets(
    public_dataset: Dataset, make_dataset: Callable[..., Dataset], make_publication: MakePublication
) -> None:
    unpublished = make_dataset("Jumlah Puskesmas menurut Kecamatan")
    closed = make_dataset("Data Pasien HIV menurut Kecamatan", access_class="tertutup")
    publication = make_publication("Profil Kesehatan 2025", publish=True, description="Ringkasan tahunan.")
    publication.datasets.set([public_dataset, unpublished, closed])
    response = Client().get(f"/publikasi/{publication.slug}/")
    html = response.content.decode()
    assert_accessible(html)
    assert f'<a href="/dataset/{public_dataset.slug}/">{public_dataset.title}</a>' in html
    assert unpublished.title not in html and closed.title not in html
    assert "Ringkasan tahunan." in html and "Dinas Kesehatan" in html
    assert f'href="/publikasi/{publication.slug}.pdf"' in html
    Publication.objects.filter(pk=publication.pk).update(published_at=dt.datetime(2026, 8, 17, 3, 0, tzinfo=dt.UTC))
    assert "17 Agustus 2026" in Client().get(f"/publikasi/{publication.slug}/").content.decode()


def test_latest_helpers_return_published_items_newest_first(
    make_publication: MakePublication, make_news: Callable[..., Any]
) -> None:
    older = make_publication("Profil 2024", year=2024, publish=True)
    make_publication("Draf 2026", year=2026)
    newer = make_publication("Profil 2025", year=2025, publish=True)
    assert list(latest_publications()) == [newer, older]
    assert list(latest_publications(limit=1)) == [newer]
    first = make_news("Berita pertama", publish=True)
    make_news("Berita draf")
    second = make_news("Berita kedua", publish=True)
    assert list(latest_news()) == [second, first]
    assert list(latest_news(limit=1)) == [second]
