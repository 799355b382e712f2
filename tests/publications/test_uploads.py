"""Bad files are refused in the form with an Indonesian message naming the file under the field,
and nothing is saved: no publication row, no file on disk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from satudata.accounts.models import Organization
from satudata.publications import forms
from satudata.publications.models import Publication
from tests.publications.conftest import PDF, pdf_upload, png_bytes, stored_files


def post_new(client: Client, org: Organization, **files: SimpleUploadedFile) -> Any:
    data: dict[str, Any] = {"title": "Profil Kesehatan 2026", "kind": "publikasi", "organization": org.pk,
                            "year": 2026, "description": ""}  # fmt: skip
    data.update(files)
    return client.post("/kelola/publikasi/baru/", data)


@pytest.mark.parametrize(
    ("field", "upload", "message"),
    [
        ("file", SimpleUploadedFile("laporan.docx", b"PK\x03\x04word"),
         "Berkas 'laporan.docx' bukan jenis yang diterima (.pdf)."),
        ("file", SimpleUploadedFile("laporan.pdf", b"Ini hanya teks yang diberi nama .pdf\n"),
         "Isi berkas 'laporan.pdf' bukan PDF yang sah; periksa berkasnya."),
        ("file", SimpleUploadedFile("kosong.pdf", b""), "Berkas yang dikirimkan kosong."),
        ("cover", SimpleUploadedFile("sampul.png", b"\x89PNG\r\n\x1a\n" + b"\x00rusak" * 20),
         "Berkas 'sampul.png' bukan gambar PNG atau JPEG yang utuh; simpan ulang gambarnya lalu unggah lagi."),
        ("cover", SimpleUploadedFile("sampul.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 40),
         "Berkas 'sampul.jpg' bukan gambar PNG atau JPEG yang utuh; simpan ulang gambarnya lalu unggah lagi."),
        ("cover", SimpleUploadedFile("sampul.png", b"teks biasa, bukan gambar"),
         "Isi berkas 'sampul.png' bukan PNG yang sah; periksa berkasnya."),
        ("cover", SimpleUploadedFile("sampul.gif", b"GIF89a"), "Berkas 'sampul.gif' bukan jenis yang diterima"),
    ],
)  # fmt: skip
def test_bad_files_are_refused_with_the_reason_and_nothing_is_saved(
    orgs: dict[str, Organization],
    client_for: Callable[[str], Client],
    media: Path,
    field: str,
    upload: SimpleUploadedFile,
    message: str,
) -> None:
    files = {"file": pdf_upload(), field: upload}
    response = post_new(client_for("alice"), orgs["dinkes"], **files)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert errors[field][0].startswith(message)
    html = response.content.decode()
    label = "Berkas PDF" if field == "file" else "Sampul"
    # The message appears in the form, under the field's own label.
    start = html.index('enctype="multipart/form-data"')
    shown = html.index(message.replace("'", "&#x27;"), start)
    assert html.index(f">{label}", start) < shown < html.index("</form>", start)
    assert not Publication.objects.exists()
    assert stored_files(media) == []


def test_a_file_above_the_limit_is_refused_with_the_limit_shown(
    orgs: dict[str, Organization], client_for: Callable[[str], Client], media: Path, monkeypatch: Any
) -> None:
    monkeypatch.setattr(forms, "MAX_PDF_BYTES", 1024)
    response = post_new(client_for("alice"), orgs["dinkes"], file=pdf_upload(content=PDF + b"0" * 2048))
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["Berkas 'laporan.pdf' berukuran 2,1\xa0KB; batasnya 1,0\xa0KB."]
    assert not Publication.objects.exists() and stored_files(media) == []


def test_a_missing_pdf_is_refused(orgs: dict[str, Organization], client_for: Callable[[str], Client]) -> None:
    response = post_new(client_for("wali"), orgs["dinkes"])
    assert response.context["form"].errors["file"] == ["Bidang ini tidak boleh kosong."]
    assert not Publication.objects.exists()


def test_good_files_are_stored_under_the_year_with_the_slug_as_name(
    orgs: dict[str, Organization], client_for: Callable[[str], Client], media: Path
) -> None:
    cover = SimpleUploadedFile("Foto Sampul (final).PNG", png_bytes(), content_type="image/png")
    response = post_new(client_for("alice"), orgs["dinkes"], file=pdf_upload("LAPORAN final v2.pdf"), cover=cover)
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert publication.file.name == "publikasi/2026/profil-kesehatan-2026.pdf"
    assert publication.cover.name == "publikasi/2026/profil-kesehatan-2026-sampul.png"
    assert sorted(p.relative_to(media).as_posix() for p in stored_files(media)) == [
        "publikasi/2026/profil-kesehatan-2026-sampul.png",
        "publikasi/2026/profil-kesehatan-2026.pdf",
    ]


def test_the_cover_can_be_removed(
    make_publication: Callable[..., Publication],
    orgs: dict[str, Organization],
    client_for: Callable[[str], Client],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    publication = make_publication(cover=True, year=2026, title="Profil Kesehatan 2026")
    cover_path = Path(publication.cover.path)
    data = {"title": publication.title, "kind": "publikasi", "organization": orgs["dinkes"].pk, "year": 2026,
            "description": "", "remove_cover": "on"}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("alice").post(f"/kelola/publikasi/{publication.slug}/", data)
    assert response.status_code == 302
    publication.refresh_from_db()
    assert not publication.cover and not cover_path.exists() and publication.file


def test_a_multi_picture_jpeg_from_a_phone_is_a_good_cover(
    orgs: dict[str, Organization], client_for: Callable[[str], Client], media: Path
) -> None:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    first, second = Image.new("RGB", (40, 60), (20, 83, 45)), Image.new("RGB", (40, 60), (200, 200, 200))
    first.save(buffer, format="MPO", save_all=True, append_images=[second])
    assert Image.open(io.BytesIO(buffer.getvalue())).format == "MPO"
    cover = SimpleUploadedFile("sampul.jpg", buffer.getvalue(), content_type="image/jpeg")
    response = post_new(client_for("alice"), orgs["dinkes"], file=pdf_upload(), cover=cover)
    assert response.status_code == 302
    assert Publication.objects.get().cover.name.endswith("-sampul.jpg")
