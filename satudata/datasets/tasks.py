"""Background work for data entry (decision D6): reading, mapping, validating and storing an upload.

The job row carries the progress the page polls. An upload stays in the store's incoming area
until its job is finished (done or failed), then it is deleted; a job whose worker died stays
"running" and the page says so after `STALE_AFTER` (the sweep deletes the upload a day later).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_tasks import task

from satudata import store
from satudata.core.jobs import save_fields
from satudata.datasets import pipeline
from satudata.datasets.models import ImportJob, ImportStatus
from satudata.datasets.tabular import SourceError

log = logging.getLogger(__name__)

STALE_AFTER = dt.timedelta(minutes=15)


def _finish(job: ImportJob, **fields: object) -> None:
    save_fields(job, **fields)
    store.discard_incoming(job.incoming)


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(str(m) for m in exc.messages)
    return str(exc)


@task()
def run_import(job_id: int, *, inspect_first: bool = True) -> None:
    """Read the upload once: when its columns match the schema go straight on, otherwise wait for
    the producer's column mapping (``inspect_first=False`` runs the import with the job's mapping)."""
    job = ImportJob.objects.select_related("dataset", "created_by").get(pk=job_id)
    if job.is_finished:
        return
    path = store.incoming_path(job.incoming)
    options = job.options or {}
    save_fields(job, status=ImportStatus.RUNNING, progress=1, stage="Membaca berkas")

    def progress(percent: int, stage: str) -> None:
        save_fields(job, progress=percent, stage=stage)

    try:
        outcome = pipeline.import_file(
            dataset=job.dataset, path=path, original_name=job.original_name, period=job.period,
            acting_user=job.created_by, sheet=options.get("sheet") or None,
            header_row=options.get("header_row") or None,
            mapping=None if inspect_first else options.get("mapping"), ask_mapping=inspect_first,
            change_note=options.get("change_note", ""), progress=progress,
        )  # fmt: skip
        _finish(job, status=ImportStatus.DONE, progress=100, stage="Selesai", result=outcome.version,
                version=outcome.version)  # fmt: skip
    except pipeline.NeedsMapping as wait:
        save_fields(
            job, status=ImportStatus.NEEDS_MAPPING, progress=25, stage="Menunggu pemetaan kolom", found=wait.found
        )
    except (SourceError, ValidationError, PermissionDenied, store.StoreError) as exc:
        _finish(job, status=ImportStatus.FAILED, stage="Gagal", error=_message(exc) or "Akses ditolak.")
    except Exception:
        log.exception("import %s failed", job_id)
        _finish(job, status=ImportStatus.FAILED, stage="Gagal",
                error="Terjadi kesalahan tak terduga saat memproses berkas; coba lagi atau hubungi walidata.")  # fmt: skip
        raise


def is_stale(job: ImportJob) -> bool:
    return job.status in (ImportStatus.QUEUED, ImportStatus.RUNNING) and timezone.now() - job.updated > STALE_AFTER
