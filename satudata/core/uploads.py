"""Checks shared by every upload form: size, extension and the file's real kind (magic bytes),
with messages that tell the user what to do."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

SIGNATURES = {
    "pdf": [b"%PDF-"],
    "png": [b"\x89PNG\r\n\x1a\n"],
    "jpg": [b"\xff\xd8\xff"],
    "jpeg": [b"\xff\xd8\xff"],
    # docx, xlsx and zip are all zip containers
    "docx": [b"PK\x03\x04"],
    "xlsx": [b"PK\x03\x04"],
    "zip": [b"PK\x03\x04"],
}


def check_upload(file: UploadedFile, *, kinds: tuple[str, ...], max_size: int | None = None) -> UploadedFile:
    limit = max_size or settings.SATUDATA_MAX_DOCUMENT_UPLOAD
    name = file.name or ""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = ", ".join(f".{k}" for k in kinds)
    if suffix not in kinds:
        raise ValidationError(f"Berkas '{name}' bukan jenis yang diterima ({allowed}).")
    if file.size is not None and file.size > limit:
        raise ValidationError(
            f"Berkas '{name}' berukuran {filesizeformat(file.size)}; batasnya {filesizeformat(limit)}."
        )
    if file.size == 0:
        raise ValidationError(f"Berkas '{name}' kosong.")
    head = file.read(8)
    file.seek(0)
    if not any(head.startswith(sig) for sig in SIGNATURES.get(suffix, [b""])):
        raise ValidationError(f"Isi berkas '{name}' bukan {suffix.upper()} yang sah; periksa berkasnya.")
    return file
