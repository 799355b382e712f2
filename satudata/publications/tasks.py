"""Compiling a publication in the worker (SOP step 13): laying out a "Dalam Angka" of a hundred
tables takes minutes, longer than a web request may last behind a proxy. The job row carries the
stage the page polls; the compiled PDF or DOCX waits a day for its maker, then the next compilation
removes it."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from satudata.accounts.models import Organization
from satudata.core.jobs import save_fields
from satudata.datasets.models import Dataset
from satudata.documents.publication import PublicationDoc, render_docx, render_pdf
from satudata.publications import actions, compiler
from satudata.publications.models import CompileAction, CompileJob, CompileStatus

log = logging.getLogger(__name__)

STALE_AFTER = dt.timedelta(minutes=30)
KEEP_FILES = dt.timedelta(days=1)


def chosen_datasets(job: CompileJob) -> list[Dataset]:
    """The chosen datasets that can still be compiled, in the form's order (by topic, then title).
    A dataset withdrawn or closed since the form was sent fails the job, naming it: a publication
    silently missing a table is worse than one compiled again."""
    ids = [int(i) for i in job.dataset_ids]
    found = list(compiler.compilable_datasets().filter(pk__in=ids))
    gone = set(ids) - {d.pk for d in found}
    if gone:
        titles = ", ".join(Dataset.objects.filter(pk__in=gone).values_list("title", flat=True).order_by("title"))
        raise ValidationError(
            _("Dataset ini tidak lagi terbit sebagai data terbuka: %(titles)s. Pilih ulang datasetnya.")
            % {"titles": titles or _("(sudah dihapus)")}
        )
    return found


def choice_of(job: CompileJob) -> compiler.Choice:
    data = job.choice
    return compiler.Choice(
        title=data["title"], subtitle=data.get("subtitle", ""), year=int(data["year"]),
        organization=Organization.objects.get(pk=data["organization_id"]), foreword=data.get("foreword", ""),
        number=data.get("number", ""),
    )  # fmt: skip


def remove_old_files(now: dt.datetime | None = None) -> int:
    """Delete compiled files older than a day (the job rows stay, without their file)."""
    cutoff = (now or timezone.now()) - KEEP_FILES
    removed = 0
    for job in CompileJob.objects.filter(created__lt=cutoff).exclude(file=""):
        job.file.delete(save=False)
        CompileJob.objects.filter(pk=job.pk).update(file="")
        removed += 1
    return removed


@task()
def run_compile(job_id: int, language: str = "id") -> None:
    job = CompileJob.objects.select_related("created_by").get(pk=job_id)
    if job.is_finished:
        return
    remove_old_files()
    action = CompileAction(job.action)
    # The worker has no request: the document speaks the language of the page that asked for it.
    with override(language):
        try:
            save_fields(job, status=CompileStatus.RUNNING, stage=_("Menyiapkan tabel dan grafik"))
            choice = choice_of(job)
            datasets = chosen_datasets(job)
            if action.makes_publication:
                save_fields(job, stage=_("Menyusun PDF dan memasukkannya ke katalog"))
                publication = actions.do_compile_publication(
                    choice=choice, datasets=datasets, publish=action == CompileAction.PUBLISH,
                    acting_user=job.created_by,
                )  # fmt: skip
                save_fields(job, status=CompileStatus.DONE, stage=_("Selesai"), publication=publication)
                return
            document = compiler.build(choice, datasets)
            save_fields(job, stage=_("Menata halaman %(format)s") % {"format": action.value.upper()})
            body = _render(document, action)
            name = f"{slugify(choice.title) or 'publikasi'}.{action.value}"
            job.file.save(name, ContentFile(body), save=False)
            save_fields(job, status=CompileStatus.DONE, stage=_("Selesai"), file=job.file)
        except (ValidationError, PermissionDenied) as exc:
            message = " ".join(exc.messages) if isinstance(exc, ValidationError) else _("Akses ditolak.")
            save_fields(job, status=CompileStatus.FAILED, stage=_("Gagal"), error=message)
        except Exception:
            log.exception("compile job %s failed", job_id)
            save_fields(job, status=CompileStatus.FAILED, stage=_("Gagal"),
                 error=_("Terjadi kesalahan tak terduga saat menyusun publikasi; coba lagi atau hubungi admin."))  # fmt: skip
            raise


def _render(document: PublicationDoc, action: CompileAction) -> bytes:
    return render_pdf(document) if action == CompileAction.PDF else render_docx(document)


def is_stale(job: CompileJob) -> bool:
    return job.status in (CompileStatus.QUEUED, CompileStatus.RUNNING) and timezone.now() - job.updated > STALE_AFTER
