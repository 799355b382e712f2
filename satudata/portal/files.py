"""Download files of a release: made once (by the worker after publication, or at the first request
for an older release), then served as files with their size and SHA-256 as the ETag.

Formats: the four the SOP names (CSV, XLSX, JSON, HTML), Parquet, and CSV with a byte-order mark
for Excel (``csv-bom``). CSV cells starting with = + - @ are neutralised by the store; the XLSX and
HTML files carry the dataset's metadata."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from satudata import store
from satudata.datasets.models import Release
from satudata.portal.models import ReleaseFile

# Name in the URL → store format (the CSV for Excel is the CSV with a byte-order mark).
FORMATS: dict[str, str] = {"csv": "csv", "csv-bom": "csv", "xlsx": "xlsx", "json": "json", "html": "html",
                           "parquet": "parquet"}  # fmt: skip


def metadata_of(release: Release) -> list[tuple[str, str]]:
    dataset = release.dataset
    return [
        ("Judul", dataset.title),
        ("Produsen Data", dataset.organization.name),
        ("Deskripsi", dataset.description),
        ("Satuan", dataset.unit),
        ("Periode", ", ".join(release.periods)),
        ("Rilis", f"{release.number} ({timezone.localtime(release.created):%Y-%m-%d})"),
        ("Frekuensi", str(dataset.get_frequency_display())),
        ("Lisensi", str(dataset.get_licence_display())),
        ("Kata kunci", dataset.keywords),
        ("Catatan rilis", release.note),
    ]


def file_name(release: Release, fmt: str) -> str:
    base = release.dataset.slug
    suffix = "csv" if fmt == "csv-bom" else fmt
    name = f"{base}-excel" if fmt == "csv-bom" else base
    return f"{base}/rilis-{release.number}/{name}.{suffix}"


def ensure_file(release: Release, fmt: str) -> ReleaseFile:
    """The release's file in ``fmt``, made now if it does not exist yet."""
    existing = ReleaseFile.objects.filter(release=release, fmt=fmt).first()
    if existing is not None and store.export_path(existing.relpath).is_file():
        return existing
    store_fmt = FORMATS[fmt]
    relpath = file_name(release, fmt)
    _path, size, sha = store.publish_export(
        release.file_key, store_fmt, relpath, csv_bom=fmt == "csv-bom", title=release.dataset.title,
        metadata=metadata_of(release),
    )  # fmt: skip
    try:
        with transaction.atomic():
            made, _created = ReleaseFile.objects.update_or_create(
                release=release, fmt=fmt, defaults={"relpath": relpath, "size_bytes": size, "sha256": sha}
            )
    except IntegrityError:  # made by a concurrent request: same content, same path
        made = ReleaseFile.objects.get(release=release, fmt=fmt)
    return made


def build_all(release: Release) -> list[ReleaseFile]:
    if not release.file_key:
        return []
    return [ensure_file(release, fmt) for fmt in FORMATS]
