"""News: the body is sanitised HTML, drafts stay off the public pages and the feeds, and the RSS
and Atom feeds are well-formed XML with the published posts."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest
from django.test import Client

from satudata.accounts.models import User
from satudata.publications import actions
from satudata.publications.html import clean_html
from satudata.publications.models import NewsPost
from tests.publications.conftest import assert_accessible

MakeNews = Callable[..., NewsPost]
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Halo<script>alert(1)</script></p>", "<p>Halo</p>"),
        ('<p><img src="x" onerror="alert(1)">Foto</p>', "<p>Foto</p>"),
        ('<p onclick="alert(1)" style="color:red" class="x">Teks</p>', "<p>Teks</p>"),
        ('<a href="javascript:alert(1)">klik</a>', '<a rel="noopener">klik</a>'),
        ('<a href="JaVaScRiPt:alert(1)">klik</a>', '<a rel="noopener">klik</a>'),
        ('<a href="data:text/html,hi">data</a>', '<a rel="noopener">data</a>'),
        ('<a href="https://bps.go.id" target="_blank">BPS</a>', '<a href="https://bps.go.id" rel="noopener">BPS</a>'),
        ('<a href="mailto:satudata@pasuruankab.go.id">surel</a>',
         '<a href="mailto:satudata@pasuruankab.go.id" rel="noopener">surel</a>'),
        ("<style>p{color:red}</style><p>x</p>", "<p>x</p>"),
        ('<iframe src="https://evil.example"></iframe><p>x</p>', "<p>x</p>"),
        ("<p><b>tebal</b> <span>biasa</span></p>", "<p>tebal biasa</p>"),
        ("<h1>Judul</h1><h4>Kecil</h4>", "JudulKecil"),
        ("<!-- catatan --><p>x</p>", "<p>x</p>"),
    ],
)  # fmt: skip
def test_sanitising_removes_what_is_not_allowed(dirty: str, clean: str) -> None:
    assert clean_html(dirty) == clean


def test_sanitising_keeps_the_allowed_markup() -> None:
    html = (
        "<h2>Bagian</h2><h3>Sub</h3><p>Teks <strong>tebal</strong> dan <em>miring</em><br>baris</p>"
        "<ul><li>satu</li></ul><ol><li>dua</li></ol><blockquote>kutipan</blockquote>"
        '<table><caption>Tabel</caption><thead><tr><th scope="col" colspan="2">A</th></tr></thead>'
        '<tbody><tr><td rowspan="2">1</td><td>2</td></tr></tbody></table>'
    )
    assert clean_html(html) == html


def test_the_body_is_sanitised_on_save_whatever_wrote_it(people: dict[str, User]) -> None:
    post = NewsPost.objects.create(
        title="Langsung", slug="langsung", author=people["wali"],
        body='<p onmouseover="x()">Isi</p><script>steal()</script><a href="javascript:x()">a</a>',
    )  # fmt: skip
    post.refresh_from_db()
    assert post.body == '<p>Isi</p><a rel="noopener">a</a>'
    # And if a row bypasses save() (an UPDATE), the page still shows it clean.
    NewsPost.objects.filter(pk=post.pk).update(body="<p>ok</p><script>x()</script>", status="published")
    html = Client().get("/berita/langsung/").content.decode()
    assert "<p>ok</p>" in html and "x()" not in html


def test_the_form_stores_sanitised_html(client_for: Callable[[str], Client]) -> None:
    response = client_for("wali").post(
        "/kelola/berita/baru/",
        {"title": "Rilis data kesehatan", "summary": "Data baru.",
         "body": '<h2>Rilis</h2><p>Data <strong>baru</strong> <a href="https://satudata.example/dataset/x/">di sini</a>'
                 '<img src=x onerror=alert(1)></p><script>alert(1)</script>'},
    )  # fmt: skip
    assert response.status_code == 302
    post = NewsPost.objects.get()
    assert post.body == (
        '<h2>Rilis</h2><p>Data <strong>baru</strong> <a href="https://satudata.example/dataset/x/" rel="noopener">'
        "di sini</a></p>"
    )
    assert post.author.username == "wali" and post.slug == "rilis-data-kesehatan"


def test_a_body_with_nothing_left_after_cleaning_is_refused(client_for: Callable[[str], Client]) -> None:
    response = client_for("wali").post(
        "/kelola/berita/baru/", {"title": "Kosong", "summary": "", "body": "<script>alert(1)</script>"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["body"] == ["Isi berita kosong setelah dibersihkan; tulis isinya."]
    assert not NewsPost.objects.exists()


def test_drafts_are_404_for_the_public_and_previewed_by_the_walidata(
    make_news: MakeNews, client_for: Callable[[str], Client]
) -> None:
    post = make_news("Rencana rapat")
    for who in ("anonymous", "alice", "bps", "forum", "nobody"):
        assert client_for(who).get(f"/berita/{post.slug}/").status_code == 404, who
    response = client_for("wali").get(f"/berita/{post.slug}/")
    assert response.status_code == 200 and "Pratinjau" in response.content.decode()
    assert "Rencana rapat" not in Client().get("/berita/").content.decode()


def test_news_pages_show_published_posts_and_point_to_the_feeds(make_news: MakeNews) -> None:
    post = make_news("Portal diluncurkan", publish=True)
    make_news("Draf rahasia")
    for path in ("/berita/", f"/berita/{post.slug}/"):
        html = Client().get(path).content.decode()
        assert_accessible(html)
        # Autodiscovery in the head (base.html) and visible links to both feeds on the page.
        assert '<link rel="alternate" type="application/atom+xml"' in html
        assert '<a rel="alternate" type="application/rss+xml" href="/berita/rss/">RSS</a>' in html
        assert '<a rel="alternate" type="application/atom+xml" href="/berita/atom/">Atom</a>' in html
        assert "Portal diluncurkan" in html and "Draf rahasia" not in html
    html = Client().get(f"/berita/{post.slug}/").content.decode()
    assert "<p>Portal Satu Data Kabupaten Pasuruan kini dapat diakses publik.</p>" in html


@pytest.fixture
def feed_posts(make_news: MakeNews, people: dict[str, User]) -> list[NewsPost]:
    first = make_news("Peluncuran portal", publish=True, summary="Portal dibuka <b>hari ini</b>.")
    second = make_news("Pelatihan walidata", publish=True, summary="")
    make_news("Draf belum terbit")
    withdrawn = make_news("Berita ditarik", publish=True)
    actions.do_withdraw_news(post=withdrawn, reason="Salah tanggal", acting_user=people["wali"])
    return [first, second]


def test_the_rss_feed_lists_published_posts(feed_posts: list[NewsPost]) -> None:
    response = Client().get("/berita/rss/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel is not None
    assert channel.findtext("title") == "Berita Satu Data Kabupaten Pasuruan"
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Pelatihan walidata", "Peluncuran portal"]
    assert items[1].findtext("link") == f"http://testserver/berita/{feed_posts[0].slug}/"
    # The plain-text summary is escaped: a feed reader shows the tags as text, never as markup.
    assert items[1].findtext("description") == "Portal dibuka &lt;b&gt;hari ini&lt;/b&gt;."
    assert items[0].findtext("pubDate")


def test_the_atom_feed_lists_published_posts(feed_posts: list[NewsPost]) -> None:
    response = Client().get("/berita/atom/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Pelatihan walidata", "Peluncuran portal"]
    link = entries[0].find(f"{ATOM}link")
    assert link is not None and link.get("href") == f"http://testserver/berita/{feed_posts[1].slug}/"
    assert entries[0].findtext(f"{ATOM}author/{ATOM}name") == "Wali"
    assert entries[0].findtext(f"{ATOM}published")


def test_slugs_never_shadow_the_feed_urls(make_news: MakeNews) -> None:
    assert make_news("RSS").slug == "rss-2"
    assert make_news("Atom").slug == "atom-2"
    assert make_news("RSS").slug == "rss-3"
