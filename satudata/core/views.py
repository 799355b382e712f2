import uuid

from django.conf import settings
from django.db import connection
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from satudata import __version__
from satudata.accounts.models import Organization
from satudata.core.http import AuthenticatedHttpRequest
from satudata.core.region import logo_path
from satudata.planning.models import Cycle
from satudata.planning.steps import steps_for_user


def home(request: HttpRequest) -> HttpResponse:
    organizations = Organization.objects.filter(is_active=True).exclude(kind=Organization.Kind.VERTIKAL)
    return render(request, "core/home.html", {"organizations": organizations})


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
    return render(
        request,
        "core/staff_home.html",
        {"cycle": cycle, "steps": steps, "memberships": memberships},
    )
