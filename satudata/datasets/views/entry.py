import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from satudata import store
from satudata.core.http import AuthenticatedHttpRequest
from satudata.datasets import actions, entry, permissions, pipeline, tasks
from satudata.datasets.forms import MappingForm, PeriodField, UploadForm, max_upload_bytes
from satudata.datasets.models import Dataset, DatasetVersion, ImportJob, ImportStatus
from satudata.datasets.tabular import SourceError
from satudata.datasets.views.datasets import get_dataset


def _require_add(request: AuthenticatedHttpRequest, dataset: Dataset) -> None:
    if not permissions.can_add_version(request.user, dataset):
        raise PermissionDenied(_("Hanya produsen data OPD ini dan walidata yang dapat mengisi data dataset ini."))


# Room for the form's other fields and the multipart framing around the file.
_FORM_OVERHEAD = 256 * 1024


@csrf_exempt
def upload(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A body far above the limit is refused before it is read: nothing is parsed or written to
    disk, so CSRF is only checked (by `_upload`) for bodies that will be read."""
    dataset = get_dataset(request.user, slug)
    _require_add(request, dataset)
    length = request.META.get("CONTENT_LENGTH") or "0"
    if request.method == "POST" and length.isdigit() and int(length) > max_upload_bytes() + _FORM_OVERHEAD:
        refused = _(
            "Berkas berukuran %(size)s MB; batasnya %(mb)s MB. Bagi berkas per periode atau hubungi walidata untuk impor melalui perintah."
        ) % {"size": f"{int(length) / 1024 / 1024:.0f}", "mb": max_upload_bytes() // 1024 // 1024}
        form = UploadForm(initial={"period": request.GET.get("periode", "")})
        context = {"dataset": dataset, "form": form, "max_mb": max_upload_bytes() // 1024 // 1024, "refused": refused}
        response = render(request, "datasets/upload.html", context, status=413)
        return response
    return _upload(request, dataset)


@csrf_protect
def _upload(request: AuthenticatedHttpRequest, dataset: Dataset) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None, initial={"period": request.GET.get("periode", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.check_period_open(dataset, data["period"], change_note=data["change_note"])
        except ValidationError as exc:
            form.add_error("period", exc)
        else:
            file = data["file"]
            suffix = file.name.rsplit(".", 1)[-1]
            name, size = store.save_incoming(file.chunks(), suffix=suffix)
            job = ImportJob.objects.create(
                dataset=dataset, period=data["period"], incoming=name, original_name=file.name[:255], size_bytes=size,
                options={"sheet": data["sheet"], "header_row": data["header_row"], "change_note": data["change_note"]},
                created_by=request.user,
            )  # fmt: skip
            tasks.run_import.enqueue(job.pk)
            return redirect(job)
    context = {"dataset": dataset, "form": form, "max_mb": max_upload_bytes() // 1024 // 1024}
    return render(request, "datasets/upload.html", context)


def get_job(request: AuthenticatedHttpRequest, slug: str, pk: int) -> ImportJob:
    job = get_object_or_404(ImportJob.objects.select_related("dataset", "result"), dataset__slug=slug, pk=pk)
    # An import is its uploader's (and the walidata's) business.
    if job.created_by_id != request.user.pk and not permissions.can_manage_any_dataset(request.user):
        raise Http404
    return job


def import_status(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    job = get_job(request, slug, pk)
    htmx = request.headers.get("HX-Request") == "true"
    if job.status == ImportStatus.DONE and job.result and not htmx:
        return redirect(job.result)
    schema = job.dataset.current_schema
    form = None
    if job.status == ImportStatus.NEEDS_MAPPING and schema is not None:
        form = MappingForm(
            schema=schema.table_schema, headers=job.found.get("headers", []),
            initial_mapping=job.found.get("mapping", {}),
        )  # fmt: skip
    context = {"job": job, "dataset": job.dataset, "form": form, "stale": tasks.is_stale(job)}
    template = "datasets/_import_progress.html" if htmx else "datasets/import.html"
    response = render(request, template, context)
    # The progress fragment hands over to a full page when there is something to read or do.
    if htmx and job.status == ImportStatus.DONE and job.result:
        response["HX-Redirect"] = job.result.get_absolute_url()
    elif htmx and job.status == ImportStatus.NEEDS_MAPPING:
        response["HX-Redirect"] = job.get_absolute_url()
    return response


@require_POST
def import_mapping(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    job = get_job(request, slug, pk)
    schema = job.dataset.current_schema
    if job.status != ImportStatus.NEEDS_MAPPING or schema is None:
        messages.error(request, _("Impor ini tidak menunggu pemetaan kolom."))
        return redirect(job)
    form = MappingForm(
        request.POST, schema=schema.table_schema, headers=job.found.get("headers", []), initial_mapping={}
    )
    if not form.is_valid():
        context = {"job": job, "dataset": job.dataset, "form": form, "stale": False}
        return render(request, "datasets/import.html", context, status=400)
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.NEEDS_MAPPING).update(
        status=ImportStatus.QUEUED, options={**job.options, "mapping": form.mapping(),
                                             "sheet": job.found.get("sheet", ""),
                                             "header_row": job.found.get("header_row")},
    )  # fmt: skip
    if updated:
        tasks.run_import.enqueue(job.pk, inspect_first=False)
    return redirect(job)


@require_POST
def import_reread(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Read the waiting upload again with another sheet or header row (from the mapping page)."""
    job = get_job(request, slug, pk)
    sheet = request.POST.get("sheet", "")
    header = request.POST.get("header_row", "")
    if job.status != ImportStatus.NEEDS_MAPPING:
        messages.error(request, _("Impor ini tidak menunggu pemetaan kolom."))
        return redirect(job)
    if sheet and sheet not in job.found.get("sheets", []):
        messages.error(request, _("Lembar %(sheet)s tidak ada di berkas.") % {"sheet": sheet})
        return redirect(job)
    if header and (not header.isdigit() or not 1 <= int(header) <= 1000):
        messages.error(request, _("Baris judul kolom harus angka 1–1000."))
        return redirect(job)
    options = {**job.options, "sheet": sheet, "header_row": int(header) if header else None}
    if ImportJob.objects.filter(pk=job.pk, status=ImportStatus.NEEDS_MAPPING).update(
        status=ImportStatus.QUEUED, options=options
    ):
        tasks.run_import.enqueue(job.pk)
    return redirect(job)


def template_xlsx(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    dataset = get_dataset(request.user, slug)
    schema = dataset.current_schema
    if schema is None:
        raise Http404
    try:
        period = PeriodField().clean(request.GET.get("periode", ""))
    except ValidationError:
        period = ""
    body = entry.xlsx_template(schema.table_schema, title=dataset.title, period=period)
    response = HttpResponse(body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = (
        f'attachment; filename="templat-{slugify(dataset.slug)[:60]}-{period or "periode"}.xlsx"'
    )
    return response


def _comments_for_grid(version: DatasetVersion | None) -> list[dict[str, object]]:
    if version is None:
        return []
    rounds = version.review_round
    return [
        {"row": c.row, "column": c.column, "text": c.text, "author": c.author.display_name()}
        for c in version.comments.filter(review_round=rounds).select_related("author")
    ]


def grid(request: AuthenticatedHttpRequest, slug: str, number: int | None = None) -> HttpResponse:
    """Type a small table in the browser: a new period prefilled from the code list, or a draft's rows."""
    dataset = get_dataset(request.user, slug)
    _require_add(request, dataset)
    version = None
    if number is not None:
        version = get_object_or_404(DatasetVersion, dataset=dataset, number=number)
        if not permissions.can_edit_version(request.user, version):
            raise PermissionDenied(_("Versi ini tidak dapat diubah pada statusnya sekarang."))
        if not version.fits_grid:
            # The grid holds at most MAX_PREFILL_ROWS rows; saving it would cut the draft short.
            messages.error(
                request,
                _(
                    "Versi ini berisi %(n)s baris, terlalu banyak untuk tabel isian (paling banyak %(max)s); unggah ulang berkasnya."
                )
                % {"n": version.row_count, "max": entry.MAX_PREFILL_ROWS},
            )
            return redirect(version)
        period = version.period
    else:
        try:
            period = PeriodField().clean(request.GET.get("periode") or request.POST.get("period", ""))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(dataset)
        version = actions.open_version_for(dataset, period)
        if version is not None and version.is_editable:
            return redirect("datasets:version-grid", dataset.slug, version.number)
    schema = version.schema if version else dataset.current_schema
    if schema is None:
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            rows = json.loads(request.POST.get("rows") or "[]")
            if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
                raise ValueError
        except ValueError:
            error = _("Isian tabel tidak terbaca; muat ulang halaman dan coba lagi.")
        else:
            try:
                outcome = pipeline.import_rows(dataset=dataset, rows=rows, period=period, acting_user=request.user,
                                               change_note=request.POST.get("change_note", ""))  # fmt: skip
            except (ValidationError, SourceError) as exc:
                error = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            else:
                report = outcome.report
                if report.is_valid:
                    messages.success(request, _("Data disimpan dan lolos validasi."))
                else:
                    messages.warning(
                        request, _("Data disimpan, tetapi masih ada %(n)s kesalahan.") % {"n": report.errors}
                    )
                return redirect(outcome.version)
    codes = pipeline.resolve_codes(schema.table_schema)
    if version is not None and version.has_data:
        rows = entry.version_rows(version)
    else:
        rows = entry.prefill_rows(schema.table_schema, period, codes=codes)
    config = entry.grid_config(
        schema.table_schema, rows, comments=_comments_for_grid(version), read_only=False, codes=codes
    )
    context = {"dataset": dataset, "version": version, "period": period, "config": config, "error": error}
    return render(request, "datasets/grid.html", context)
