"""SOP compliance of a cycle (per step and per OPD) and its one-page summary for the head of the
agency, as a printable page and as PDF."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from satudata.core.http import AuthenticatedHttpRequest
from satudata.documents.dates import tanggal_panjang
from satudata.planning import permissions
from satudata.planning.compliance import CellState, compliance_of, summary_of
from satudata.planning.steps import steps_for_user
from satudata.planning.views.common import get_cycle


def compliance(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    cycle = get_cycle(year)
    # The walidata, the forum and the pembina see every OPD; a producer its own OPD's row.
    whole = permissions.can_view_whole_cycle(request.user)
    report = compliance_of(
        cycle,
        organization_ids=None if whole else request.user.producer_org_ids(),
        step_numbers=None if whole else [cs.number for cs in steps_for_user(request.user, cycle)],
    )
    context = {"cycle": cycle, "report": report, "whole": whole, "states": CellState}
    return render(request, "planning/compliance.html", context)


def compliance_summary(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    return render(request, "planning/compliance_summary.html", _summary_context(request, year, pdf=False))


def compliance_summary_pdf(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    from weasyprint import HTML

    html = render_to_string("planning/compliance_summary.html", _summary_context(request, year, pdf=True), request)
    response = HttpResponse(
        HTML(string=html, base_url=str(settings.PACKAGE_DIR)).write_pdf(), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="ringkasan-kepatuhan-sop-{year}.pdf"'
    return response


def _summary_context(request: AuthenticatedHttpRequest, year: int, *, pdf: bool) -> dict[str, Any]:
    """The summary covers every OPD, so it is for those who see the whole cycle."""
    cycle = get_cycle(year)
    if not permissions.can_view_whole_cycle(request.user):
        raise PermissionDenied
    now = timezone.localtime()
    return {
        "cycle": cycle,
        "summary": summary_of(compliance_of(cycle, today=now.date())),
        "printed": f"{tanggal_panjang(now.date())} {now:%H:%M}",
        "government": settings.REGION_GOVERNMENT,
        "pdf": pdf,
    }
