import uuid
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language as django_set_language

from satudata import __version__
from satudata.access import permissions as access_rules
from satudata.core.http import AuthenticatedHttpRequest
from satudata.core.middleware import page_generation
from satudata.core.region import logo_path
from satudata.evaluation import permissions as evaluation_rules
from satudata.planning.models import Cycle
from satudata.planning.steps import steps_for_user
from satudata.portal import home as portal_home
from satudata.portal.models import SearchEntry
from satudata.portal.views import facet_labels
from satudata.publications import permissions as publication_rules
from satudata.publications import queries as publications
from satudata.reference.figures import region_figures
from satudata.schedule import permissions as schedule_rules
from satudata.schedule import queries as schedule


def _home_lists() -> dict[str, Any]:
    entries = SearchEntry.objects.select_related("dataset", "organization")
    org_counts = entries.values("organization__slug", "organization__name").annotate(n=Count("pk")).order_by("-n")
    topic_counts = entries.exclude(topic="").values("topic").annotate(n=Count("pk")).order_by("-n")
    return {
        "indicators": portal_home.latest_indicators(),
        "newest": list(entries.order_by("-modified")[:5]),
        "popular": list(entries.filter(downloads__gt=0).order_by("-downloads", "sort_title")[:5]),
        "upcoming": schedule.upcoming(5),
        "organizations": list(org_counts[:10]),
        "topic_counts": list(topic_counts[:12]),
        "dataset_count": entries.count(),
        "news": list(publications.latest_news(3)),
        "publications": list(publications.latest_publications(4)),
    }


def home(request: HttpRequest) -> HttpResponse:
    figures = cache.get_or_set(
        f"region-figures:{settings.REGION_CODE}", lambda: region_figures(settings.REGION_CODE), 3600
    )
    # Recomputed when anything public changes (the generation) or the day turns (upcoming releases).
    lists: dict[str, Any] = (
        cache.get_or_set(f"home:{page_generation()}:{timezone.localdate()}", _home_lists, 3600) or {}
    )
    topic_labels = facet_labels()["topik"]
    context = {
        "figures": figures,
        **lists,
        "topics": [(t["topic"], topic_labels.get(t["topic"], t["topic"]), t["n"]) for t in lists["topic_counts"]],
    }
    return render(request, "core/home.html", context)


def region_logo(request: HttpRequest) -> FileResponse:
    path = logo_path()
    response = FileResponse(
        path.open("rb"), content_type="image/jpeg" if path.suffix.lower() in {".jpg", ".jpeg"} else "image/png"
    )
    response["Cache-Control"] = "public, max-age=86400"
    return response


def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: is the database reachable and the data directory writable?"""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure is reported, not raised
        checks["database"] = f"error: {exc.__class__.__name__}"
    probe = settings.DATA_DIR / f".healthz-{uuid.uuid4().hex}"
    try:
        probe.write_text("ok")
        probe.unlink()
        checks["data_dir"] = "ok"
    except OSError as exc:
        checks["data_dir"] = f"error: {exc.strerror}"
    ok = all(value == "ok" for value in checks.values())
    body = {
        "status": "ok" if ok else "error",
        "version": __version__,
        "database": connection.vendor,
        "checks": checks,
    }
    return JsonResponse(body, status=200 if ok else 503)


def staff_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    cycle = Cycle.objects.order_by("-year").first()
    steps = steps_for_user(request.user, cycle) if cycle else []
    memberships = request.user.memberships.select_related("organization")
    user = request.user
    portal_links = [
        (url, label)
        for allowed, url, label in (
            (schedule_rules.can_view_timeliness_report(user), reverse("schedule:list"), _("Jadwal rilis")),
            (schedule_rules.can_view_timeliness_report(user), reverse("schedule:report"), _("Ketepatan waktu rilis")),
            (access_rules.can_view_request_list(user), reverse("access:manage-list"), _("Permintaan data terbatas")),
            (publication_rules.can_create_publications(user), reverse("publications:manage"), _("Publikasi")),
            (
                publication_rules.can_create_publications(user),
                reverse("publications:compile"),
                _("Susun publikasi dari dataset"),
            ),
            (evaluation_rules.can_view_quality(user), reverse("quality:overview"), _("Kualitas data")),
            (evaluation_rules.can_view_epss(user), reverse("evaluation:list"), _("Penilaian EPSS")),
            (publication_rules.can_manage_news(user), reverse("publications:news-manage"), _("Berita")),
            (True, reverse("publications:layout-guide"), _("Panduan tata letak tabel")),
        )
        if allowed
    ]
    return render(
        request,
        "core/staff_home.html",
        {"cycle": cycle, "steps": steps, "memberships": memberships, "portal_links": portal_links},
    )


# The language switcher is on every page, cached public pages included, so its form carries no
# CSRF token (a token would make every page per-visitor). What a forged request could do is
# change a visitor's language: nothing to protect.
set_language = csrf_exempt(django_set_language)
