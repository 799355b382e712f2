import csv
import io
import os
import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from satudata import store
from satudata.core.http import AuthenticatedHttpRequest, form_errors_text
from satudata.datasets import actions, permissions
from satudata.datasets.forms import CommentForm, NarrativeForm, NoteForm
from satudata.datasets.models import DatasetVersion, Release, VersionStatus
from satudata.datasets.views.datasets import get_dataset

PAGE_ROWS = 50


def get_version(request: AuthenticatedHttpRequest, slug: str, number: int) -> DatasetVersion:
    dataset = get_dataset(request.user, slug)
    version = get_object_or_404(
        DatasetVersion.objects.select_related("dataset", "schema", "created_by"), dataset=dataset, number=number
    )
    if not permissions.can_view_version(request.user, version):
        raise Http404
    return version


def _label(value: object) -> object:
    return None if value is None else str(value)


def _page(version: DatasetVersion, page_number: int) -> dict[str, object]:
    if not version.has_data:
        return {"rows": [], "columns": [], "pages": None}
    total = store.count(version.file_key)
    paginator = Paginator(range(total), PAGE_ROWS)
    page = paginator.get_page(page_number)
    offset = (page.number - 1) * PAGE_ROWS
    data = store.read(version.file_key, offset=offset, limit=PAGE_ROWS)
    comments: dict[tuple[int, str], list[str]] = {}
    for c in version.comments.filter(row__isnull=False).order_by("created"):
        comments.setdefault((c.row or 0, c.column), []).append(c.text)
    # Years are labels, not quantities: 2024, never "2.024" (as on the public page).
    years = {f.name for f in version.schema.table_schema.fields if f.type == "year"}
    rows = []
    for i, row in enumerate(data.rows, start=offset + 1):
        cells = [(col, _label(row[col]) if col in years else row[col], comments.get((i, col))) for col in data.columns]
        rows.append({"number": i, "cells": cells, "comment": comments.get((i, ""))})
    return {"rows": rows, "columns": data.columns, "pages": page}


def version_detail(request: AuthenticatedHttpRequest, slug: str, number: int) -> HttpResponse:
    version = get_version(request, slug, number)
    user = request.user
    schema = version.schema.table_schema
    page_number = int(request.GET.get("hal", "1")) if request.GET.get("hal", "1").isdigit() else 1
    context = {
        "dataset": version.dataset,
        "version": version,
        "schema": schema,
        "report": version.validation,
        "data": _page(version, page_number),
        "events": version.events.select_related("actor"),
        "comments": version.comments.select_related("author").order_by("-review_round", "created"),
        "flags": version.flags.filter(review_round=version.review_round),
        "releases": Release.objects.filter(versions=version).order_by("number"),
        "can_edit": permissions.can_edit_version(user, version),
        "can_submit": permissions.can_submit_version(user, version) and version.is_valid,
        "can_comment": permissions.can_comment_version(user, version),
        "can_review": permissions.can_review_version(user) and version.status in DatasetVersion.IN_REVIEW_STATUSES,
        "can_check": permissions.can_check_version(user) and version.dataset.is_priority
        and version.status == VersionStatus.VERIFIED,
        "can_publish": permissions.can_review_version(user)
        and (version.status == VersionStatus.CHECKED
             or (version.status == VersionStatus.VERIFIED and not version.dataset.is_priority)),
        "can_withdraw": permissions.can_review_version(user) and version.status == VersionStatus.PUBLISHED,
        "comment_form": CommentForm(columns=[(f.name, f.label) for f in schema.fields]),
        "note_form": NoteForm(),
        "narrative_form": NarrativeForm(initial={"narrative": version.narrative}),
        "analysis_url": reverse("analysis:dataset", args=[version.dataset.slug])
        if version.dataset.releases.exclude(file_key="").exists()
        else "",
        "formats": ["csv", "xlsx", "json", "parquet"],
    }  # fmt: skip
    return render(request, "datasets/version_detail.html", context)


TRANSITIONS = {
    "ajukan": lambda v, u, note: actions.do_submit_version(version=v, acting_user=u, note=note),
    "kembalikan": lambda v, u, note: actions.do_return_version(version=v, acting_user=u, note=note),
    "verifikasi": lambda v, u, note: actions.do_verify_version(version=v, acting_user=u, note=note),
    "periksa": lambda v, u, note: actions.do_check_version(version=v, acting_user=u, note=note),
    "terbitkan": lambda v, u, note: actions.do_publish_version(version=v, acting_user=u, note=note),
    "tarik": lambda v, u, note: actions.do_withdraw_version(version=v, acting_user=u, reason=note),
}


@require_POST
def version_transition(request: AuthenticatedHttpRequest, slug: str, number: int, action: str) -> HttpResponse:
    version = get_version(request, slug, number)
    if action not in TRANSITIONS:
        raise Http404
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        version = TRANSITIONS[action](version, request.user, note)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Status versi sekarang: %(status)s.") % {"status": version.get_status_display()})
    return redirect(version)


@require_POST
def version_comment(request: AuthenticatedHttpRequest, slug: str, number: int) -> HttpResponse:
    version = get_version(request, slug, number)
    if not permissions.can_comment_version(request.user, version):
        raise PermissionDenied
    schema = version.schema.table_schema
    form = CommentForm(request.POST, columns=[(f.name, f.label) for f in schema.fields])
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(version)
    try:
        actions.do_comment_version(version=version, acting_user=request.user, text=form.cleaned_data["text"],
                                   column=form.cleaned_data["column"], row=form.cleaned_data["row"])  # fmt: skip
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Catatan disimpan; produsen melihatnya saat versi dikembalikan."))
    return redirect(version)


@require_POST
def version_narrative(request: AuthenticatedHttpRequest, slug: str, number: int) -> HttpResponse:
    version = get_version(request, slug, number)
    if not permissions.can_edit_version(request.user, version):
        raise PermissionDenied
    form = NarrativeForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(version)
    actions.do_set_narrative(version=version, narrative=form.cleaned_data["narrative"], acting_user=request.user)
    messages.success(request, _("Narasi tersimpan."))
    return redirect(version)


def _file_response(
    request: AuthenticatedHttpRequest, key: str, fmt: str, filename: str, *, back: str
) -> HttpResponse | FileResponse:
    """Staff downloads (drafts included) are exported at request; public downloads are files made
    once per release (`satudata.portal.files`)."""
    if fmt not in store.MEDIA_TYPES:
        raise Http404
    fd, name = tempfile.mkstemp(suffix=f".{fmt}")
    os.close(fd)
    tmp = Path(name)
    try:
        store.export(key, fmt, tmp, csv_bom=fmt == "csv")
        handle = tmp.open("rb")
    except store.StoreError as exc:  # e.g. more rows than one Excel sheet holds
        messages.error(request, str(exc))
        return redirect(back)
    finally:
        tmp.unlink()  # an open handle keeps the data readable until the response is sent
    return FileResponse(handle, content_type=store.MEDIA_TYPES[fmt], as_attachment=True, filename=filename)


def version_download(
    request: AuthenticatedHttpRequest, slug: str, number: int, fmt: str
) -> HttpResponse | FileResponse:
    version = get_version(request, slug, number)
    if not version.has_data:
        raise Http404
    name = f"{version.dataset.slug}-{version.period}-v{version.number}.{fmt}"
    return _file_response(request, version.file_key, fmt, name, back=version.get_absolute_url())


def release_download(
    request: AuthenticatedHttpRequest, slug: str, number: int, fmt: str
) -> HttpResponse | FileResponse:
    dataset = get_dataset(request.user, slug)
    release = get_object_or_404(Release, dataset=dataset, number=number)
    if not release.file_key or not permissions.can_view_data(request.user, dataset):
        raise Http404
    name = f"{dataset.slug}-rilis-{release.number}.{fmt}"
    return _file_response(request, release.file_key, fmt, name, back=dataset.get_absolute_url())


def version_report(request: AuthenticatedHttpRequest, slug: str, number: int) -> HttpResponse:
    """The validation report as CSV (opens in Excel: BOM and semicolons are not needed for UTF-8 with BOM)."""
    version = get_version(request, slug, number)
    report = version.validation
    if report is None:
        raise Http404
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    for row in report.csv_rows():
        writer.writerow(row)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"laporan-validasi-{version.dataset.slug}-{version.period}-v{version.number}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
