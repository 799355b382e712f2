"""Writes for OPD systems with a write token: a draft version from an uploaded file (the web's
upload path: an import job read, mapped, validated and stored by the worker) or from posted rows
(the grid's path), and submitting a valid draft for verification. Same validation, same workflow,
same history as the web, with the token's owner as the actor; each call leaves an `ApiWrite`."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.urls import reverse
from ninja import File, Form, FormEx, P, PathEx, Schema, UploadedFile
from ninja.responses import Status

from satudata import store
from satudata.accounts.models import User
from satudata.api import permissions
from satudata.api.actions import record_write
from satudata.api.auth import Caller
from satudata.api.rest.datasets import MAX_ID, VersionDetail, _caller, _version_out, get_dataset, router
from satudata.api.rest.errors import ApiError, not_found, responses
from satudata.datasets import actions, tasks
from satudata.datasets.forms import PeriodField
from satudata.datasets.models import Dataset, DatasetVersion, ImportJob
from satudata.datasets.pipeline import import_rows
from satudata.datasets.tabular import SourceError

# The datasets router: a path answers GET and POST only when both are on one router.
TAGS = ["writes"]

UPLOAD_SUFFIXES = ("csv", "xlsx", "xls", "ods")
MAX_POSTED_ROWS = 50_000


class RowsIn(Schema):
    period: str
    rows: list[dict[str, Any]]
    change_note: str = ""
    submit: bool = False


class ImportOut(Schema):
    id: int
    status: str
    progress: int
    stage: str
    error: str
    found: dict[str, Any]
    version: VersionDetail | None
    url: str


def _writer(caller: Caller) -> User:
    if caller.token is None or not isinstance(caller.user, User):
        raise ApiError(401, "token_required", "Penulisan memerlukan token API.", "Writing needs an API token.",
                       field="Authorization")  # fmt: skip
    if not caller.token.can_write:
        raise ApiError(403, "read_only_token", "Token ini hanya untuk membaca; buat token dengan cakupan tulis.",
                       "This token is read-only; make a token with the write scope.")  # fmt: skip
    return caller.user


def _require(allowed: bool) -> None:
    if not allowed:
        raise ApiError(403, "forbidden", "Pemilik token tidak berhak menambah atau mengajukan data dataset ini.",
                       "The token's owner may not add or submit data of this dataset.")  # fmt: skip


def _audited(request: HttpRequest, action: str, work: Callable[[], tuple[int, Any, dict[str, Any]]]) -> Any:
    """Run a write and leave its audit row, whether it succeeds or is refused."""
    caller = _caller(request)
    try:
        status, result, audit = work()
    except ApiError as exc:
        record_write(caller=caller, method=request.method or "", path=request.path, action=action,
                     status_code=exc.status, detail={"error": exc.body["code"]})  # fmt: skip
        raise
    record_write(caller=caller, method=request.method or "", path=request.path, action=action, status_code=status,
                 **audit)  # fmt: skip
    return status, result


def _validation_error(exc: ValidationError, field: str) -> ApiError:
    text = " ".join(str(m) for m in exc.messages)
    return ApiError(422, "invalid_input", text, text, field=field)


def _clean_period(period: str) -> str:
    """The web form's rule for periods (2024, 2024-S1, 2024-Q2, 2024-TW3, 2024-03)."""
    try:
        return PeriodField().clean(period)
    except ValidationError as exc:
        raise _validation_error(exc, "period") from None


def _job_out(request: HttpRequest, job: ImportJob) -> dict[str, Any]:
    version = job.result
    return {
        "id": job.pk, "status": job.status, "progress": job.progress, "stage": job.stage, "error": job.error,
        "found": job.found or {},
        "version": {**_version_out(version), "report": version.report or None} if version is not None else None,
        "url": request.build_absolute_uri(reverse("api-v1:dataset-import", args=[job.dataset.slug, job.pk])),
    }  # fmt: skip


def _parse_mapping(text: str) -> dict[str, str] | None:
    if not text.strip():
        return None
    try:
        mapping = json.loads(text)
    except ValueError:
        mapping = None
    if not isinstance(mapping, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()):
        raise ApiError(400, "invalid_parameter", "mapping harus objek JSON {\"kolom_skema\": \"judul kolom berkas\"}.",
                       "mapping must be a JSON object {\"schema_column\": \"file header\"}.", field="mapping")  # fmt: skip
    return mapping


@router.post(
    "/datasets/{slug}/uploads",
    response=responses({202: ImportOut}, 403, 413, 422),
    url_name="dataset-upload",
    tags=TAGS,
)
def upload_version(
    request: HttpRequest,
    slug: str,
    file: File[UploadedFile],
    period: Form[str],
    change_note: Form[str] = "",
    sheet: Form[str] = "",
    header_row: FormEx[int | None, P(ge=1, le=1000)] = None,
    mapping: Form[str] = "",
) -> Status[dict[str, Any]]:
    """Upload a CSV or XLSX file as the draft of ``period``: it goes through the web's import (read,
    map columns, validate, store) in the background. Poll the returned ``url`` until ``status`` is
    ``done`` (the draft version and its validation report are then in ``version``), ``failed``, or
    ``needs_mapping`` (columns did not match the schema: ``found`` shows them; upload again with
    ``mapping`` = a JSON object from schema column to file header)."""

    def work() -> tuple[int, Any, dict[str, Any]]:
        user = _writer(_caller(request))
        dataset = get_dataset(_caller(request), slug)
        _require(permissions.can_write_versions(_caller(request), dataset))
        limit = settings.SATUDATA_MAX_DATA_UPLOAD_MB * 1024 * 1024
        if file.size is not None and file.size > limit:
            raise ApiError(413, "too_large", f"Berkas melebihi batas {settings.SATUDATA_MAX_DATA_UPLOAD_MB} MB.",
                           f"The file is larger than {settings.SATUDATA_MAX_DATA_UPLOAD_MB} MB.", field="file")  # fmt: skip
        suffix = (file.name or "").rsplit(".", 1)[-1].lower()
        if suffix not in UPLOAD_SUFFIXES:
            raise ApiError(422, "unsupported_file", f"Jenis berkas .{suffix} tidak didukung; kirim CSV atau XLSX.",
                           f"Files of type .{suffix} are not supported; send CSV or XLSX.", field="file")  # fmt: skip
        chosen = _parse_mapping(mapping)
        clean_period = _clean_period(period)
        try:
            actions.check_period_open(dataset, clean_period, change_note=change_note)
        except ValidationError as exc:
            raise _validation_error(exc, "period") from None
        name, size = store.save_incoming(file.chunks(), suffix=suffix)
        options: dict[str, Any] = {"sheet": sheet, "header_row": header_row, "change_note": change_note}
        if chosen is not None:
            options["mapping"] = chosen
        job = ImportJob.objects.create(
            dataset=dataset, period=clean_period, incoming=name, original_name=(file.name or "upload")[:255],
            size_bytes=size, options=options, created_by=user,
        )  # fmt: skip
        tasks.run_import.enqueue(job.pk, inspect_first=chosen is None)
        return 202, job, {"object_type": "import", "object_id": job.pk, "detail": {"dataset": dataset.slug,
                                                                                   "period": period}}  # fmt: skip

    _status, job = _audited(request, "upload_version", work)
    job.refresh_from_db()
    return Status(202, _job_out(request, job))


@router.get(
    "/datasets/{slug}/uploads/{job_id}", response=responses({200: ImportOut}, 403), url_name="dataset-import", tags=TAGS
)
def import_status(request: HttpRequest, slug: str, job_id: PathEx[int, P(ge=1, le=MAX_ID)]) -> dict[str, Any]:
    """The state of an upload: queued, running, needs_mapping, done (with the version) or failed."""
    caller = _caller(request)
    if caller.token is None:
        raise ApiError(401, "token_required", "Status unggahan memerlukan token API.", "An upload's status needs an "
                       "API token.", field="Authorization")  # fmt: skip
    job = ImportJob.objects.select_related("dataset", "result").filter(dataset__slug=slug, pk=job_id).first()
    # An import is its uploader's (and the walidata's) business, as on the web.
    if job is None or not permissions.can_follow_import(caller, job):
        raise not_found("Impor", "Import", field="job_id")
    return _job_out(request, job)


def _store_rows(request: HttpRequest, dataset: Dataset, user: User, payload: RowsIn) -> DatasetVersion:
    if len(payload.rows) > MAX_POSTED_ROWS:
        raise ApiError(413, "too_many_rows", f"Paling banyak {MAX_POSTED_ROWS} baris per permintaan; unggah berkas "
                       "untuk tabel yang lebih besar.", f"At most {MAX_POSTED_ROWS} rows per request; upload a file "
                       "for larger tables.", field="rows")  # fmt: skip
    period = _clean_period(payload.period)
    schema = dataset.current_schema
    names = set(schema.table_schema.names) if schema is not None else set()
    for index, row in enumerate(payload.rows):
        unknown = sorted(set(row) - names)
        if unknown:
            raise ApiError(
                422, "unknown_column",
                f"Baris {index + 1}: kolom {', '.join(unknown)} tidak ada dalam skema. Kolom skema: "
                f"{', '.join(sorted(names))}.",
                f"Row {index + 1}: column(s) {', '.join(unknown)} are not in the schema. Schema columns: "
                f"{', '.join(sorted(names))}.", field=f"rows[{index}].{unknown[0]}",
            )  # fmt: skip
    try:
        return import_rows(dataset=dataset, rows=payload.rows, period=period, acting_user=user,
                           change_note=payload.change_note).version  # fmt: skip
    except ValidationError as exc:
        raise _validation_error(exc, "period") from None
    except SourceError as exc:
        raise ApiError(422, "invalid_input", str(exc), str(exc), field="rows") from None
    except PermissionDenied:
        _require(False)
        raise


@router.post("/datasets/{slug}/versions", response=responses({201: VersionDetail}, 403, 409, 413, 422),
             url_name="dataset-versions-create", tags=TAGS)  # fmt: skip
def create_version(request: HttpRequest, slug: str, payload: RowsIn) -> Status[dict[str, Any]]:
    """Post the rows of a period (objects keyed by column name) as its draft version — the web
    grid's path. The answer holds the validation report; with ``submit`` a valid draft is submitted
    for verification at once (an invalid one stays a draft and the answer says why)."""

    def work() -> tuple[int, Any, dict[str, Any]]:
        caller = _caller(request)
        user = _writer(caller)
        dataset = get_dataset(caller, slug)
        _require(permissions.can_write_versions(caller, dataset))
        version = _store_rows(request, dataset, user, payload)
        if payload.submit and version.is_valid:
            version = actions.do_submit_version(version=version, acting_user=user, note=payload.change_note)
        audit = {"object_type": "version", "object_id": version.pk,
                 "detail": {"dataset": dataset.slug, "number": version.number, "period": version.period,
                            "rows": version.row_count, "errors": version.error_count, "status": version.status}}  # fmt: skip
        return 201, version, audit

    _status, version = _audited(request, "create_version", work)
    return Status(201, {**_version_out(version), "report": version.report or None})


@router.post("/datasets/{slug}/versions/{number}/submit", response=responses({200: VersionDetail}, 403, 409),
             url_name="dataset-version-submit", tags=TAGS)  # fmt: skip
def submit_version(request: HttpRequest, slug: str, number: PathEx[int, P(ge=1, le=MAX_ID)]) -> dict[str, Any]:
    """Submit a valid draft (or a version returned for revision) for the walidata's verification."""

    def work() -> tuple[int, Any, dict[str, Any]]:
        caller = _caller(request)
        user = _writer(caller)
        dataset = get_dataset(caller, slug)
        version = dataset.versions.select_related("dataset").filter(number=number).first()
        if version is None or not permissions.can_read_version(caller, version):
            raise not_found("Versi", "Version", field="number")
        _require(permissions.can_submit_version_via_api(caller, version))
        if not version.is_valid:
            raise ApiError(409, "invalid_version", f"Versi ini masih memiliki {version.error_count} kesalahan "
                           "validasi; perbaiki datanya sebelum diajukan.", f"This version still has "
                           f"{version.error_count} validation errors; correct the data before submitting.",
                           field="number", detail={"report": version.report})  # fmt: skip
        try:
            version = actions.do_submit_version(version=version, acting_user=user)
        except (ValidationError, PermissionDenied) as exc:
            message = " ".join(exc.messages) if isinstance(exc, ValidationError) else "Tidak dapat diajukan."
            raise ApiError(409, "not_submittable", message, message, field="number") from None
        return 200, version, {"object_type": "version", "object_id": version.pk,
                              "detail": {"dataset": dataset.slug, "number": version.number,
                                         "status": version.status}}  # fmt: skip

    _status, version = _audited(request, "submit_version", work)
    return {**_version_out(version), "report": version.report or None}
