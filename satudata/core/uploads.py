"""Checks shared by every upload form: size, extension and the file's real kind (magic bytes),
with messages that tell the user what to do."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

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
        raise ValidationError(
            _("Berkas '%(name)s' bukan jenis yang diterima (%(allowed)s).") % {"name": name, "allowed": allowed}
        )
    if file.size is not None and file.size > limit:
        raise ValidationError(
            _("Berkas '%(name)s' berukuran %(size)s; batasnya %(limit)s.")
            % {"name": name, "size": filesizeformat(file.size), "limit": filesizeformat(limit)}
        )
    if file.size == 0:
        raise ValidationError(_("Berkas '%(name)s' kosong.") % {"name": name})
    head = file.read(8)
    file.seek(0)
    if not any(head.startswith(sig) for sig in SIGNATURES.get(suffix, [b""])):
        raise ValidationError(
            _("Isi berkas '%(name)s' bukan %(kind)s yang sah; periksa berkasnya.")
            % {"name": name, "kind": suffix.upper()}
        )
    return file
