"""Step 17: the public guide to the download formats, and the staff guide to laying out tables."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from satudata.core.http import AuthenticatedHttpRequest
from satudata.portal.views import public_datasets


def format_guide(request: HttpRequest) -> HttpResponse:
    """The example citation uses a real published dataset when there is one."""
    cite = None
    example = public_datasets().order_by("title").first()
    release = example.releases.exclude(file_key="").order_by("-number").first() if example else None
    if example and release:
        cite = {
            "org": example.organization.name,
            "year": timezone.localtime(release.created).year,
            "title": example.title,
            "number": release.number,
            "url": settings.SITE_URL + reverse("portal:dataset", args=[example.slug]),
            "file_url": settings.SITE_URL
            + reverse("portal:download-release", args=[example.slug, release.number, "csv"]),
        }
    context = {"cite": cite, "site_url": settings.SITE_URL, "year": timezone.localdate().year}
    return render(request, "publications/format_guide.html", context)


def layout_guide(request: AuthenticatedHttpRequest) -> HttpResponse:
    # Any staff user: StaffAreaMiddleware has checked the login and the role.
    return render(request, "publications/layout_guide.html")
