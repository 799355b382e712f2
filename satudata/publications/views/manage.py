"""Staff pages under /kelola/publikasi/ and /kelola/berita/. StaffAreaMiddleware sends anonymous
visitors to the login page; here, users without the right get 403."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from satudata.core.http import AuthenticatedHttpRequest, form_errors_text
from satudata.publications import actions, permissions, tasks
from satudata.publications.forms import CompileForm, NewsForm, PublicationForm, ReasonForm
from satudata.publications.models import (
    CompileAction,
    CompileJob,
    CompileStatus,
    NewsPost,
    Publication,
    PublicationStatus,
)

COMPILED_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

# ---------------------------------------------------------------------------------------------
# Publications


def get_publication(request: AuthenticatedHttpRequest, slug: str, *, write: bool = False) -> Publication:
    publication = get_object_or_404(Publication.objects.select_related("organization"), slug=slug)
    if not permissions.can_preview_publication(request.user, publication):
        raise PermissionDenied(_("Publikasi ini milik OPD lain."))
    if write and not permissions.can_edit_publication(request.user, publication):
        raise PermissionDenied(_("Publikasi yang sudah terbit atau ditarik hanya dapat diubah walidata."))
    return publication


def publication_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_create_publications(request.user):
        raise PermissionDenied
    publications = Publication.objects.select_related("organization").order_by("-updated")
    if not permissions.can_manage_publications(request.user):
        publications = publications.filter(organization_id__in=request.user.producer_org_ids())
    status = request.GET.get("status", "")
    if status in PublicationStatus.values:
        publications = publications.filter(status=status)
    context = {"publications": publications[:500], "status": status, "statuses": PublicationStatus.choices}
    return render(request, "publications/manage_publications.html", context)


def publication_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_create_publications(request.user):
        raise PermissionDenied
    form = PublicationForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        publication = actions.do_create_publication(
            publication=form.save(commit=False), datasets=form.cleaned_data["datasets"], acting_user=request.user
        )
        messages.success(request, _("Publikasi disimpan sebagai draf."))
        return redirect("publications:edit", publication.slug)
    return render(request, "publications/publication_form.html", {"form": form, "publication": None})


def publication_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    publication = get_publication(request, slug, write=True)
    form = PublicationForm(
        request.POST or None, request.FILES or None, instance=Publication.objects.get(pk=publication.pk),
        user=request.user,
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        actions.do_update_publication(publication=publication, changes=form.changes(), acting_user=request.user)
        messages.success(request, _("Publikasi disimpan."))
        return redirect("publications:edit", publication.slug)
    context = {
        "form": form,
        "publication": publication,
        "events": publication.events.select_related("actor"),
        "can_publish": permissions.can_publish_publication(request.user),
        "reason_form": ReasonForm(),
    }
    return render(request, "publications/publication_form.html", context)


@require_POST
def publication_publish(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    publication = get_publication(request, slug)
    if not permissions.can_publish_publication(request.user):
        raise PermissionDenied(_("Hanya walidata yang menerbitkan publikasi."))
    try:
        actions.do_publish_publication(publication=publication, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Publikasi diterbitkan."))
    return redirect("publications:edit", publication.slug)


@require_POST
def publication_withdraw(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    publication = get_publication(request, slug)
    if not permissions.can_publish_publication(request.user):
        raise PermissionDenied(_("Hanya walidata yang menarik publikasi."))
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("publications:edit", publication.slug)
    try:
        actions.do_withdraw_publication(
            publication=publication, reason=form.cleaned_data["reason"], acting_user=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Publikasi ditarik dari portal."))
    return redirect("publications:edit", publication.slug)


# ---------------------------------------------------------------------------------------------
# News


def _require_news_right(request: AuthenticatedHttpRequest) -> None:
    if not permissions.can_manage_news(request.user):
        raise PermissionDenied(_("Berita ditulis dan diterbitkan oleh walidata."))


def news_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_news_right(request)
    posts = NewsPost.objects.select_related("author").order_by("-updated")[:500]
    return render(request, "publications/manage_news.html", {"posts": posts})


def news_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_news_right(request)
    form = NewsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        post = actions.do_create_news(post=form.save(commit=False), acting_user=request.user)
        messages.success(request, _("Berita disimpan sebagai draf."))
        return redirect("publications:news-edit", post.slug)
    return render(request, "publications/news_form.html", {"form": form, "post": None})


def news_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    _require_news_right(request)
    post = get_object_or_404(NewsPost, slug=slug)
    form = NewsForm(request.POST or None, instance=NewsPost.objects.get(pk=post.pk))
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        actions.do_update_news(post=post, changes=changes, acting_user=request.user)
        messages.success(request, _("Berita disimpan."))
        return redirect("publications:news-edit", post.slug)
    context = {"form": form, "post": post, "events": post.events.select_related("actor"), "reason_form": ReasonForm()}
    return render(request, "publications/news_form.html", context)


@require_POST
def news_publish(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    _require_news_right(request)
    post = get_object_or_404(NewsPost, slug=slug)
    try:
        actions.do_publish_news(post=post, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Berita diterbitkan."))
    return redirect("publications:news-edit", post.slug)


@require_POST
def news_withdraw(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    _require_news_right(request)
    post = get_object_or_404(NewsPost, slug=slug)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("publications:news-edit", post.slug)
    try:
        actions.do_withdraw_news(post=post, reason=form.cleaned_data["reason"], acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Berita ditarik kembali menjadi draf."))
    return redirect("publications:news-edit", post.slug)


# ---------------------------------------------------------------------------------------------
# The publication compiler (SOP step 13)


def publication_compile(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Choose published datasets; preview the PDF, download the DOCX, or put the publication in the
    catalogue (a draft, or published at once by the walidata). The worker compiles; the browser
    follows the job."""
    if not permissions.can_create_publications(request.user):
        raise PermissionDenied
    form = CompileForm(request.POST or None, user=request.user)
    can_publish = permissions.can_publish_publication(request.user)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "")
        if action not in CompileAction.values:
            form.add_error(None, _("Pilih salah satu tombol: pratinjau PDF, unduh DOCX, simpan, atau terbitkan."))
        elif action == CompileAction.PUBLISH and not can_publish:
            raise PermissionDenied
        else:
            data = form.cleaned_data
            job = CompileJob.objects.create(
                action=action, created_by=request.user, dataset_ids=[d.pk for d in data["datasets"]],
                choice={"title": data["title"], "subtitle": data["subtitle"], "year": data["year"],
                        "organization_id": data["organization"].pk, "foreword": data["foreword"],
                        "number": data["number"]},
            )  # fmt: skip
            tasks.run_compile.enqueue(job.pk, get_language() or "id")
            return redirect(job)
    status = 400 if form.errors else 200
    recent = CompileJob.objects.filter(created_by=request.user)[:5]
    context = {"form": form, "can_publish": can_publish, "recent": recent}
    return render(request, "publications/compile.html", context, status=status)


def _own_job(request: AuthenticatedHttpRequest, pk: int) -> CompileJob:
    job = get_object_or_404(CompileJob.objects.select_related("publication"), pk=pk)
    if not permissions.can_follow_compile(request.user, job):
        raise Http404
    return job


def compile_job(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = _own_job(request, pk)
    htmx = request.headers.get("HX-Request") == "true"
    if job.status == CompileStatus.DONE and job.publication is not None:
        if htmx:  # the fragment hands over to the full page, which says so and opens the publication
            response = HttpResponse(status=204)
            response["HX-Redirect"] = job.get_absolute_url()
            return response
        state = _("diterbitkan") if job.publication.is_published else _("disimpan sebagai draf")
        messages.success(request, _("Publikasi disusun dan %(state)s.") % {"state": state})
        return redirect("publications:edit", job.publication.slug)
    context = {"job": job, "stale": tasks.is_stale(job)}
    return render(request, "publications/_compile_progress.html" if htmx else "publications/compile_job.html", context)


def compile_job_file(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    job = _own_job(request, pk)
    if job.status != CompileStatus.DONE or not job.file:
        raise Http404
    name = job.file.name.rsplit("/", 1)[-1]
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=name, content_type=COMPILED_TYPES[job.action])
