"""Demo publications and news: two news posts and a sample publication (a PDF made here, labelled
as sample data), so that the public pages and feeds have something to show. Safe to run twice."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils.html import escape
from weasyprint import HTML

from satudata.accounts.models import Organization, User
from satudata.datasets.models import Dataset
from satudata.portal.views import public_datasets
from satudata.publications import actions
from satudata.publications.models import NewsPost, Publication, PublicationKind

NEWS = [
    (
        "Forum Satu Data menyepakati Daftar Data {year}",
        "Perangkat Daerah, Walidata dan BPS menyepakati data yang akan dihasilkan tahun ini.",
        "<p>Forum Satu Data Kabupaten Pasuruan menggelar rapat pembahasan Rencana Daftar Data dan Data "
        "Prioritas {year}. Butir yang definisinya belum lengkap dikembalikan kepada produsen untuk "
        "diperbaiki sebelum Berita Acara ditandatangani.</p><h2>Langkah berikutnya</h2><ul><li>Perangkat "
        "Daerah mengisi metadata kegiatan statistik (MS-Keg, MS-Var, MS-Ind).</li><li>Walidata menetapkan "
        "jadwal rilis setiap dataset.</li></ul><p>Berita contoh pada instalasi demo.</p>",
    ),
    (
        "Kalender rilis data sektoral kini dapat diikuti",
        "Jadwal terbit setiap dataset tampil di portal dan dapat dilanggan lewat iCalendar.",
        "<p>Masyarakat dapat melihat kapan data sektoral terbit di halaman <strong>Kalender rilis</strong> "
        "dan melanggan jadwalnya di aplikasi kalender. Keterlambatan rilis ditampilkan apa adanya.</p>"
        "<p>Berita contoh pada instalasi demo.</p>",
    ),
]


def _pdf(title: str, datasets: list[Dataset]) -> bytes:
    rows = "".join(f"<tr><td>{escape(d.title)}</td><td>{escape(d.organization.name)}</td></tr>" for d in datasets)
    html = (
        f"<html><body style='font-family: sans-serif'><h1>{escape(title)}</h1>"
        "<p><strong>Publikasi contoh pada instalasi demo; bukan publikasi resmi.</strong></p>"
        "<h2>Dataset yang dirujuk</h2><table border='1' cellpadding='4' style='border-collapse: collapse'>"
        f"<tr><th>Dataset</th><th>Produsen Data</th></tr>{rows}</table></body></html>"
    )
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def load_demo_publications(*, walidata: User, year: int) -> None:
    for title, summary, body in NEWS:
        title = title.format(year=year)
        if NewsPost.objects.filter(title=title).exists():
            continue
        post = actions.do_create_news(
            post=NewsPost(title=title, summary=summary, body=body.format(year=year), author=walidata),
            acting_user=walidata,
        )
        actions.do_publish_news(post=post, acting_user=walidata)

    title = f"Statistik Sektoral Kabupaten Pasuruan {year - 1} (publikasi contoh)"
    if Publication.objects.filter(title=title).exists():
        return
    organization = Organization.objects.get(slug="diskominfo")
    datasets = list(public_datasets().order_by("title")[:6])
    publication = Publication(
        title=title, kind=PublicationKind.REPORT, organization=organization, year=year - 1, created_by=walidata,
        description="Ringkasan data sektoral yang terbit di portal. Publikasi contoh pada instalasi demo.",
    )  # fmt: skip
    # Saved with the publication, once its slug (which names the file) is known.
    publication.file = ContentFile(_pdf(title, datasets), name="statistik-sektoral.pdf")
    publication = actions.do_create_publication(publication=publication, datasets=datasets, acting_user=walidata)
    actions.do_publish_publication(publication=publication, acting_user=walidata)
