"""The public side: the publications catalogue, a publication's page, its PDF and cover, the news
and their feeds. Only published items are public; drafts and withdrawn items answer 404, except
to the staff who may preview them."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from satudata.accounts.models import Organization
from satudata.portal.views import public_datasets
from satudata.publications import permissions
from satudata.publications.models import NewsPost, Publication, PublicationKind

PUBLICATIONS_PER_PAGE = 12
NEWS_PER_PAGE = 10


def get_public_publication(request: HttpRequest, slug: str) -> Publication:
    publication = get_object_or_404(Publication.objects.select_related("organization"), slug=slug)
    if not publication.is_published and not permissions.can_preview_publication(request.user, publication):
        raise Http404
    return publication


def publication_list(request: HttpRequest) -> HttpResponse:
    publications = Publication.objects.published().select_related("organization").order_by("-published_at", "title")
    opd = request.GET.get("opd", "")
    if opd:
        publications = publications.filter(organization__slug=opd)
    year = request.GET.get("tahun", "")
    if year.isascii() and year.isdigit() and len(year) <= 4:
        publications = publications.filter(year=int(year))
    kind = request.GET.get("jenis", "")
    if kind in PublicationKind.values:
        publications = publications.filter(kind=kind)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        publications = publications.filter(Q(title__icontains=q) | Q(description__icontains=q))
    published = Publication.objects.published()
    context = {
        "page": Paginator(publications, PUBLICATIONS_PER_PAGE).get_page(request.GET.get("hal")),
        "opd": opd,
        "year": year,
        "kind": kind,
        "q": q,
        "organizations": Organization.objects.filter(publications__in=published).distinct().order_by("name"),
        "years": published.order_by("-year").values_list("year", flat=True).distinct(),
        "kinds": PublicationKind.choices,
    }
    return render(request, "publications/publication_list.html", context)


def publication_detail(request: HttpRequest, slug: str) -> HttpResponse:
    publication = get_public_publication(request, slug)
    try:
        size: int | None = publication.file.size if publication.file else None
    except OSError:  # the file went missing on disk; the page still shows, the download answers 404
        size = None
    context = {
        "publication": publication,
        "size": size,
        "datasets": public_datasets().filter(publications=publication).order_by("title"),
    }
    return render(request, "publications/publication_detail.html", context)


def publication_pdf(request: HttpRequest, slug: str) -> FileResponse:
    publication = get_public_publication(request, slug)
    return _file(publication.file, content_type="application/pdf", filename=f"{publication.slug}.pdf", attach=True)


def publication_cover(request: HttpRequest, slug: str) -> FileResponse:
    publication = get_public_publication(request, slug)
    name = f"{publication.slug}-sampul.{publication.cover.name.rsplit('.', 1)[-1]}"
    return _file(publication.cover, content_type=publication.cover_content_type, filename=name, attach=False)


def _file(field: FieldFile, *, content_type: str, filename: str, attach: bool) -> FileResponse:
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=attach, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def news_list(request: HttpRequest) -> HttpResponse:
    posts = NewsPost.objects.published().select_related("author").order_by("-published_at")
    page = Paginator(posts, NEWS_PER_PAGE).get_page(request.GET.get("hal"))
    return render(request, "publications/news_list.html", {"page": page})


def news_detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = get_object_or_404(NewsPost.objects.select_related("author"), slug=slug)
    if not post.is_published and not permissions.can_preview_news(request.user, post):
        raise Http404
    return render(request, "publications/news_detail.html", {"post": post})
