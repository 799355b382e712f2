"""Publications and news of Dinas Kesehatan (alice's OPD) and Dinas Pendidikan (bob's), written with
the actions as the walidata and the producers would; small real PDF and PNG files; and a check of
the accessibility basics of a page."""

from __future__ import annotations

import io
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from satudata.accounts.models import Organization, User
from satudata.publications import actions
from satudata.publications.models import NewsPost, Publication, PublicationKind
from tests.datasets.conftest import draft, kecamatan, make_dataset  # noqa: F401  (shared fixtures)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def png_bytes(size: tuple[int, int] = (40, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 83, 45)).save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_upload(name: str = "laporan.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    """Each test its own MEDIA_ROOT, so "nothing was saved" can be checked on disk."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def make_publication(people: dict[str, User], orgs: dict[str, Organization]) -> Callable[..., Publication]:
    def make(
        title: str = "Profil Kesehatan Kabupaten Pasuruan 2025",
        *,
        org: str = "dinkes",
        year: int = 2025,
        kind: str = PublicationKind.REPORT,
        publish: bool = False,
        cover: bool = False,
        **fields: Any,
    ) -> Publication:
        by = people["alice"] if org == "dinkes" else people["bob"] if org == "dispendik" else people["wali"]
        publication = Publication(
            title=title, organization=orgs[org], year=year, kind=kind, file=pdf_upload(), **fields
        )
        if cover:
            publication.cover = SimpleUploadedFile("sampul.png", png_bytes(), content_type="image/png")
        publication = actions.do_create_publication(publication=publication, acting_user=by)
        if publish:
            publication = actions.do_publish_publication(publication=publication, acting_user=people["wali"])
        return publication

    return make


@pytest.fixture
def make_news(people: dict[str, User]) -> Callable[..., NewsPost]:
    def make(
        title: str = "Portal Satu Data diluncurkan",
        *,
        body: str = "<p>Portal Satu Data Kabupaten Pasuruan kini dapat diakses publik.</p>",
        summary: str = "Peluncuran portal.",
        publish: bool = False,
    ) -> NewsPost:
        post = actions.do_create_news(
            post=NewsPost(title=title, body=body, summary=summary), acting_user=people["wali"]
        )
        if publish:
            post = actions.do_publish_news(post=post, acting_user=people["wali"])
        return post

    return make


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.label_for: set[str] = set()
        self.controls: list[dict[str, str | None]] = []
        self.images: list[dict[str, str | None]] = []
        self._template_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "template":
            self._template_depth += 1
        if self._template_depth:
            return
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        elif tag == "label" and a.get("for"):
            self.label_for.add(a["for"] or "")
        elif tag in {"input", "select", "textarea"} and a.get("type") not in {"hidden", "submit", "button"}:
            self.controls.append(a)
        elif tag == "img":
            self.images.append(a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "template":
            self._template_depth -= 1


def assert_accessible(html: str) -> None:
    """One h1, headings never skipping a level downwards, a label (or aria-label) for every form
    control and alt text on every image."""
    page = _Page()
    page.feed(html)
    assert page.headings.count(1) == 1, page.headings
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1, f"heading h{after} follows h{before}"
    for control in page.controls:
        labelled = control.get("aria-label") or control.get("aria-labelledby") or control.get("id") in page.label_for
        assert labelled, f"unlabelled form control: {control}"
    for image in page.images:
        assert image.get("alt") is not None, f"image without alt: {image}"
