"""Writes about datasets and versions. Each is one typed function that checks the actor's right,
runs in one transaction and leaves its append-only row behind. Status changes are conditional
updates (``UPDATE ... WHERE status IN (expected)``), so two people pressing at once cannot both win."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from satudata import store
from satudata.accounts.models import Role, User
from satudata.accounts.notify import notify, users_with_role
from satudata.datasets import permissions
from satudata.datasets.models import (
    Dataset,
    DatasetVersion,
    ReferenceFigure,
    Release,
    ReviewComment,
    SchemaVersion,
    SourceKind,
    TingkatPenyajian,
    VersionEvent,
    VersionStatus,
)
from satudata.datasets.schema import SchemaError, TableSchema, normalise_name, tidy_template
from satudata.datasets.validation import Report, pattern_error
from satudata.planning.models import DaftarDataItem

# ---------------------------------------------------------------------------------------------
# Datasets and schemas


def unique_slug(title: str) -> str:
    base = slugify(title)[:100] or "dataset"
    slug, n = base, 2
    while Dataset.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _tingkat_from_text(text: str) -> TingkatPenyajian:
    lowered = text.lower()
    if "desa" in lowered or "kelurahan" in lowered:
        return TingkatPenyajian.DESA
    if "kecamatan" in lowered:
        return TingkatPenyajian.KECAMATAN
    return TingkatPenyajian.KABUPATEN


@transaction.atomic
def do_create_dataset_from_item(*, item: DaftarDataItem, acting_user: User) -> Dataset:
    """Step 6: a Daftar Data item becomes a dataset carrying its attributes, with the tidy
    convention of its presentation level (within the portal's region) as the starting schema."""
    if not permissions.can_create_dataset(acting_user, item.organization_id):
        raise PermissionDenied
    region_code = settings.REGION_CODE
    tingkat = _tingkat_from_text(item.klasifikasi_penyajian)
    level = {TingkatPenyajian.KECAMATAN: "kecamatan", TingkatPenyajian.DESA: "desa_kelurahan"}.get(
        tingkat, "kabupaten_kota"
    )
    parent = region_code if level != "kabupaten_kota" else region_code.split(".")[0]
    measure = normalise_name(item.nama_data)[:40] or "jumlah"
    schema = tidy_template(level=level, parent=parent, measure=measure, unit=item.satuan)
    activity = item.activities.order_by("pk").first()
    dataset = Dataset.objects.create(
        organization_id=item.organization_id,
        daftar_item=item,
        activity=activity,
        title=item.nama_data,
        slug=unique_slug(item.nama_data),
        description=item.definisi,
        access_class=item.klasifikasi,
        frequency=item.jadwal_pemutakhiran,
        unit=item.satuan,
        tingkat_penyajian=tingkat,
        keywords=", ".join(k for k in (item.nama_indikator, item.kategori_rad) if k),
        is_priority=item.is_priority,
        created_by=acting_user,
    )
    SchemaVersion.objects.create(
        dataset=dataset, number=1, descriptor=schema.to_descriptor(), created_by=acting_user,
        note=_("Dibuat dari butir Daftar Data %(id)s") % {"id": item.id_ddd},
    )  # fmt: skip
    return dataset


@transaction.atomic
def do_create_dataset(
    *, organization_id: int, title: str, schema: TableSchema, acting_user: User, **fields: Any
) -> Dataset:
    if not permissions.can_create_dataset(acting_user, organization_id):
        raise PermissionDenied
    unknown = set(fields) - set(Dataset.EDITABLE_FIELDS) - {"is_priority", "daftar_item", "activity", "slug"}
    if unknown:
        raise TypeError(f"unknown dataset fields: {sorted(unknown)}")
    fields.setdefault("slug", unique_slug(title))
    dataset = Dataset.objects.create(organization_id=organization_id, title=title, created_by=acting_user, **fields)
    SchemaVersion.objects.create(dataset=dataset, number=1, descriptor=schema.to_descriptor(), created_by=acting_user)
    return dataset


@transaction.atomic
def do_update_dataset(*, dataset: Dataset, changes: dict[str, Any], acting_user: User) -> Dataset:
    if not permissions.can_edit_dataset(acting_user, dataset):
        raise PermissionDenied
    links = {name: changes.pop(name) for name in ("variables", "indicators") if name in changes}
    for name, value in changes.items():
        if name not in (*Dataset.EDITABLE_FIELDS, "activity"):
            raise TypeError(f"field {name} is not editable")
        if name == "activity" and value is not None and value.organization_id != dataset.organization_id:
            raise ValidationError(_("Kegiatan statistik harus milik OPD dataset ini."))
        setattr(dataset, name, value)
    dataset.save()
    for name, rows in links.items():
        if any(row.activity.organization_id != dataset.organization_id for row in rows):
            raise ValidationError(_("Variabel dan indikator harus milik OPD dataset ini."))
        getattr(dataset, name).set(rows)
    return dataset


@transaction.atomic
def do_save_schema(*, dataset: Dataset, descriptor: dict[str, Any], note: str, acting_user: User) -> SchemaVersion:
    """Change the columns. The current schema is edited in place while nothing was checked
    against it and it is not locked; otherwise the change becomes the next schema number."""
    if not permissions.can_edit_dataset(acting_user, dataset):
        raise PermissionDenied
    try:
        table_schema = TableSchema.from_descriptor(descriptor)
    except SchemaError as exc:
        raise ValidationError(str(exc)) from exc
    # Patterns are checked by DuckDB (RE2) at validation: refuse one it cannot run now, rather than
    # fail every upload later.
    for field in table_schema.fields:
        reason = pattern_error(field.pattern) if field.pattern else None
        if reason:
            raise ValidationError(
                _("Kolom %(name)s: pola %(pattern)s tidak dapat dipakai (%(reason)s).")
                % {"name": field.name, "pattern": field.pattern, "reason": reason}
            )
    current = SchemaVersion.objects.select_for_update().filter(dataset=dataset).order_by("-number").first()
    if current is not None and current.descriptor == descriptor:
        return current
    if current is not None and not current.is_locked and not current.versions.exists():
        current.descriptor = descriptor
        current.note = note or current.note
        current.save(update_fields=["descriptor", "note"])
        return current
    number = (current.number if current else 0) + 1
    return SchemaVersion.objects.create(
        dataset=dataset, number=number, descriptor=descriptor, note=note, created_by=acting_user
    )


@transaction.atomic
def do_lock_schema(*, schema: SchemaVersion, acting_user: User) -> SchemaVersion:
    if not permissions.can_lock_schema(acting_user):
        raise PermissionDenied
    SchemaVersion.objects.filter(pk=schema.pk, locked_at__isnull=True).update(
        locked_at=timezone.now(), locked_by=acting_user
    )
    schema.refresh_from_db()
    return schema


# ---------------------------------------------------------------------------------------------
# Versions: data


def open_version_for(dataset: Dataset, period: str) -> DatasetVersion | None:
    """The version of ``period`` that is not yet verified, if any (there is at most one)."""
    return (
        dataset.versions.filter(period=period)
        .exclude(
            status__in=[VersionStatus.PUBLISHED, VersionStatus.WITHDRAWN, VersionStatus.VERIFIED, VersionStatus.CHECKED]
        )
        .order_by("-number")
        .first()
    )


def check_period_open(dataset: Dataset, period: str, *, change_note: str) -> DatasetVersion | None:
    """Whether data for ``period`` may be added now; returns the draft it would replace.

    Raises ValidationError when a version of the period is in review or waits for publication,
    or when a published period is corrected without a change note."""
    period = period.strip()
    if not period:
        raise ValidationError(_("Periode wajib diisi."))
    open_version = open_version_for(dataset, period)
    if open_version is not None and not open_version.is_editable:
        raise ValidationError(
            _("Versi %(n)s periode %(period)s sedang direviu; tunggu hasilnya sebelum mengirim data baru.")
            % {"n": open_version.number, "period": period}
        )
    pending = dataset.versions.filter(period=period, status__in=[VersionStatus.VERIFIED, VersionStatus.CHECKED])
    if pending.exists():
        raise ValidationError(
            _("Periode %(period)s sudah diverifikasi dan menunggu terbit; koreksi setelah terbit.") % {"period": period}
        )
    if open_version is None and _published(dataset, period) and not change_note.strip():
        raise ValidationError(
            _("Periode %(period)s sudah terbit: koreksi membuat versi baru dan memerlukan catatan perubahan.")
            % {"period": period}
        )
    return open_version


def _published(dataset: Dataset, period: str) -> DatasetVersion | None:
    return dataset.versions.filter(period=period, status=VersionStatus.PUBLISHED).order_by("-number").first()


@transaction.atomic
def do_store_version(
    *,
    dataset: Dataset,
    period: str,
    schema: SchemaVersion,
    stored: store.StoredFile,
    report: Report,
    source_kind: SourceKind,
    source_name: str,
    change_note: str,
    acting_user: User,
) -> DatasetVersion:
    """Attach a file already in the store to the period's open draft, or to a new version.

    Called last in an import, once the file is completely written: until this commits there is
    no version, so an interrupted import never leaves a half-made one."""
    if not permissions.can_add_version(acting_user, dataset):
        raise PermissionDenied
    Dataset.objects.select_for_update().filter(pk=dataset.pk).first()  # serialise version numbers
    period = period.strip()
    draft = check_period_open(dataset, period, change_note=change_note)
    fields: dict[str, Any] = {
        "file_key": stored.key,
        "row_count": stored.rows,
        "size_bytes": stored.size_bytes,
        "report": report.to_json(),
        "error_count": report.errors,
        "warning_count": report.warnings,
        "validated_at": timezone.now(),
        "source_kind": source_kind,
        "source_name": source_name[:255],
        "schema": schema,
    }
    if draft is not None:
        before = {"file_key": draft.file_key, "rows": draft.row_count}
        updated = DatasetVersion.objects.filter(pk=draft.pk, status__in=DatasetVersion.EDITABLE_STATUSES).update(
            **fields, change_note=change_note or draft.change_note, updated=timezone.now()
        )
        if updated != 1:
            raise ValidationError(_("Versi ini baru saja diajukan atau diubah orang lain; muat ulang halaman."))
        draft.refresh_from_db()
        VersionEvent.objects.create(
            version=draft, kind=VersionEvent.Kind.DATA, actor=acting_user, from_status=draft.status,
            to_status=draft.status, note=source_name[:200],
            changes={"file_key": [before["file_key"], stored.key], "rows": [before["rows"], stored.rows],
                     "errors": report.errors},
        )  # fmt: skip
        return draft
    number = (dataset.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DatasetVersion.objects.create(
        dataset=dataset, number=number, period=period, status=VersionStatus.DRAFT,
        change_note=change_note, replaces=_published(dataset, period), created_by=acting_user, **fields,
    )  # fmt: skip
    VersionEvent.objects.create(
        version=version, kind=VersionEvent.Kind.CREATED, actor=acting_user, to_status=VersionStatus.DRAFT,
        note=source_name[:200], changes={"file_key": ["", stored.key], "rows": [0, stored.rows], "errors": report.errors},
    )  # fmt: skip
    from satudata.datasets.progress import refresh_for

    refresh_for(dataset, actor=acting_user)
    return version


# ---------------------------------------------------------------------------------------------
# Versions: the review workflow


def _transition(
    version: DatasetVersion,
    *,
    to: VersionStatus,
    expected: Sequence[VersionStatus],
    actor: User,
    note: str = "",
    **extra: Any,
) -> DatasetVersion:
    before = version.status
    updated = DatasetVersion.objects.filter(pk=version.pk, status__in=list(expected)).update(
        status=to, updated=timezone.now(), **extra
    )
    if updated != 1:
        version.refresh_from_db()
        raise ValidationError(
            _("Versi ini sudah berstatus %(status)s; muat ulang halaman.") % {"status": version.get_status_display()}
        )
    version.refresh_from_db()
    VersionEvent.objects.create(
        version=version, kind=VersionEvent.Kind.TRANSITION, actor=actor, from_status=before, to_status=to, note=note
    )
    from satudata.datasets.progress import refresh_for

    refresh_for(version.dataset, actor=actor)
    return version


def _producers(version: DatasetVersion) -> list[User]:
    return [*users_with_role(Role.PRODUCER, organization_id=version.dataset.organization_id), version.created_by]


def _label(version: DatasetVersion) -> str:
    return f"{version.dataset.title} ({version.period}, v{version.number})"


@transaction.atomic
def do_submit_version(*, version: DatasetVersion, acting_user: User, note: str = "") -> DatasetVersion:
    """Draft → submitted, or returned → resubmitted. Only a validated version without errors.
    Reconciliation runs now, so the walidata sees its flags beside the data."""
    if not permissions.can_submit_version(acting_user, version):
        raise PermissionDenied
    if not version.has_data:
        raise ValidationError(_("Versi ini belum berisi data."))
    if not version.is_valid:
        raise ValidationError(
            _("Versi ini masih memiliki %(n)s kesalahan validasi; perbaiki dulu sebelum diajukan.")
            % {"n": version.error_count}
        )
    target = VersionStatus.RESUBMITTED if version.status == VersionStatus.RETURNED else VersionStatus.SUBMITTED
    version = _transition(
        version, to=target, expected=DatasetVersion.EDITABLE_STATUSES, actor=acting_user, note=note,
        review_round=version.review_round + 1,
    )  # fmt: skip
    from satudata.datasets.reconcile import reconcile

    reconcile(version)
    notify(
        users_with_role(Role.WALIDATA),
        text=_("%(label)s diajukan untuk diverifikasi.") % {"label": _label(version)},
        url=version.get_absolute_url(),
        exclude=acting_user,
    )
    return version


@transaction.atomic
def do_comment_version(
    *, version: DatasetVersion, text: str, acting_user: User, column: str = "", row: int | None = None
) -> ReviewComment:
    if not permissions.can_comment_version(acting_user, version):
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError(_("Catatan tidak boleh kosong."))
    if column and column != ReviewComment.NARRATIVE and column not in version.schema.table_schema.names:
        raise ValidationError(_("Kolom %(column)s tidak ada di skema versi ini.") % {"column": column})
    if row is not None and not 1 <= row <= version.row_count:
        raise ValidationError(
            _("Baris %(row)s tidak ada; versi ini memiliki %(n)s baris.") % {"row": row, "n": version.row_count}
        )
    return ReviewComment.objects.create(
        version=version, review_round=version.review_round, column=column, row=row, text=text, author=acting_user
    )


@transaction.atomic
def do_set_narrative(*, version: DatasetVersion, narrative: str, acting_user: User) -> DatasetVersion:
    """The producer's interpretation of the period (SOP step 12). It travels with the data: written
    while the version is a draft or returned, read by the reviewers, frozen once submitted."""
    current = DatasetVersion.objects.select_for_update().get(pk=version.pk)
    if not permissions.can_edit_version(acting_user, current):
        raise PermissionDenied
    narrative = narrative.strip()
    if narrative == current.narrative:
        return current
    VersionEvent.objects.create(
        version=current, kind=VersionEvent.Kind.NARRATIVE, actor=acting_user, from_status=current.status,
        to_status=current.status, changes={"narrative": [current.narrative, narrative]},
    )  # fmt: skip
    current.narrative = narrative
    current.save(update_fields=["narrative", "updated"])
    return current


@transaction.atomic
def do_return_version(*, version: DatasetVersion, note: str, acting_user: User) -> DatasetVersion:
    """Back to the producer with the round's comments (the walidata in review; the pembina when
    checking Data Prioritas)."""
    if version.status == VersionStatus.VERIFIED:
        allowed = version.dataset.is_priority and permissions.can_check_version(acting_user)
        expected: tuple[VersionStatus, ...] = (VersionStatus.VERIFIED,)
    else:
        allowed = permissions.can_review_version(acting_user)
        expected = DatasetVersion.IN_REVIEW_STATUSES
    if not allowed:
        raise PermissionDenied
    if not note.strip() and not version.open_comments().exists():
        raise ValidationError(_("Tulis alasan pengembalian atau catatan pada kolom/sel yang perlu diperbaiki."))
    version = _transition(version, to=VersionStatus.RETURNED, expected=expected, actor=acting_user, note=note)
    notify(
        _producers(version),
        text=_("%(label)s dikembalikan untuk diperbaiki.") % {"label": _label(version)},
        url=version.get_absolute_url(),
        exclude=acting_user,
    )
    return version


@transaction.atomic
def do_verify_version(*, version: DatasetVersion, acting_user: User, note: str = "") -> DatasetVersion:
    if not permissions.can_review_version(acting_user):
        raise PermissionDenied
    version = _transition(
        version, to=VersionStatus.VERIFIED, expected=DatasetVersion.IN_REVIEW_STATUSES, actor=acting_user, note=note
    )
    if version.dataset.is_priority:
        notify(
            users_with_role(Role.PEMBINA),
            text=_("Data Prioritas %(label)s menunggu pemeriksaan pembina.") % {"label": _label(version)},
            url=version.get_absolute_url(),
            exclude=acting_user,
        )
    notify(
        _producers(version),
        text=_("%(label)s telah diverifikasi walidata.") % {"label": _label(version)},
        url=version.get_absolute_url(),
        exclude=acting_user,
    )
    return version


@transaction.atomic
def do_check_version(*, version: DatasetVersion, acting_user: User, note: str = "") -> DatasetVersion:
    """The pembina (BPS) checks a verified version of Data Prioritas."""
    if not permissions.can_check_version(acting_user) or not version.dataset.is_priority:
        raise PermissionDenied
    version = _transition(
        version, to=VersionStatus.CHECKED, expected=(VersionStatus.VERIFIED,), actor=acting_user, note=note
    )
    notify(
        users_with_role(Role.WALIDATA),
        text=_("%(label)s telah diperiksa pembina dan siap diterbitkan.") % {"label": _label(version)},
        url=version.get_absolute_url(),
        exclude=acting_user,
    )
    return version


@transaction.atomic
def do_publish_version(*, version: DatasetVersion, acting_user: User, note: str = "") -> DatasetVersion:
    """Publish: the version joins the dataset's public release (a new release number) and its
    schema is locked, since published data must keep the schema it was checked against."""
    if not permissions.can_review_version(acting_user):
        raise PermissionDenied
    expected = (
        (VersionStatus.CHECKED,) if version.dataset.is_priority else (VersionStatus.VERIFIED, VersionStatus.CHECKED)
    )
    if version.dataset.is_priority and version.status == VersionStatus.VERIFIED:
        raise ValidationError(_("Data Prioritas harus diperiksa pembina (BPS) sebelum terbit."))
    version = _transition(
        version, to=VersionStatus.PUBLISHED, expected=expected, actor=acting_user, note=note,
        published_at=timezone.now(),
    )  # fmt: skip
    SchemaVersion.objects.filter(pk=version.schema_id, locked_at__isnull=True).update(
        locked_at=timezone.now(), locked_by=acting_user
    )
    make_release(version.dataset, acting_user=acting_user, note=version.change_note or note)
    notify(
        _producers(version),
        text=_("%(label)s telah terbit.") % {"label": _label(version)},
        url=version.get_absolute_url(),
        exclude=acting_user,
    )
    return version


@transaction.atomic
def do_withdraw_version(*, version: DatasetVersion, reason: str, acting_user: User) -> DatasetVersion:
    if not permissions.can_review_version(acting_user):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Alasan penarikan wajib diisi."))
    version = _transition(
        version, to=VersionStatus.WITHDRAWN, expected=(VersionStatus.PUBLISHED,), actor=acting_user, note=reason
    )
    make_release(version.dataset, acting_user=acting_user, note=_("Ditarik: %(reason)s") % {"reason": reason})
    notify(
        _producers(version),
        text=_("%(label)s ditarik: %(reason)s") % {"label": _label(version), "reason": reason},
        url=version.get_absolute_url(),
        exclude=acting_user,
    )
    return version


def current_versions(dataset: Dataset) -> list[DatasetVersion]:
    """For each period, its latest published version, in period order."""
    latest: dict[str, DatasetVersion] = {}
    for version in dataset.versions.filter(status=VersionStatus.PUBLISHED).order_by("number"):
        latest[version.period] = version
    return [latest[p] for p in sorted(latest)]


def make_release(dataset: Dataset, *, acting_user: User, note: str = "") -> Release:
    """The next release: the current versions combined into one file (none left: an empty release)."""
    versions = current_versions(dataset)
    number = (dataset.releases.aggregate(n=Max("number"))["n"] or 0) + 1
    release = Release(dataset=dataset, number=number, note=note, created_by=acting_user,
                      periods=[v.period for v in versions])  # fmt: skip
    if versions:
        stored = store.combine([v.file_key for v in versions])
        release.file_key, release.row_count, release.size_bytes = stored.key, stored.rows, stored.size_bytes
    release.save()
    release.versions.set(versions)
    return release


@transaction.atomic
def do_add_reference_figure(
    *, dataset: Dataset, period: str, column: str, value: float, source: str, acting_user: User
) -> ReferenceFigure:
    if not permissions.can_enter_reference_figure(acting_user):
        raise PermissionDenied
    schema = dataset.current_schema
    measure_names = [f.name for f in schema.table_schema.measures] if schema else []
    if column not in measure_names:
        raise ValidationError(_("Kolom %(column)s bukan kolom ukuran dataset ini.") % {"column": column})
    return ReferenceFigure.objects.create(
        dataset=dataset, period=period.strip(), column=column, value=value, source=source, entered_by=acting_user
    )
