"""The consistency report of a cycle (SOP step 21)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from satudata.core.http import AuthenticatedHttpRequest, csv_response
from satudata.evaluation import consistency, permissions
from satudata.planning.views.common import get_cycle


def report(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    if not permissions.can_view_quality(request.user):
        raise PermissionDenied
    cycle = get_cycle(year)
    result = consistency.report(cycle, organization_ids=permissions.quality_organization_ids(request.user))
    if request.GET.get("format") == "csv":
        return _csv(result)
    return render(request, "evaluation/consistency.html", {"cycle": cycle, "report": result})


def _csv(result: consistency.ConsistencyReport) -> HttpResponse:
    header = ["id_ddd", "nama_data", "produsen_data", "prioritas", "status", "dataset", "periode_terbit", "terlambat"]
    rows = [
        [
            row.item.id_ddd, row.item.nama_data, row.item.organization.name, "ya" if row.item.is_priority else "tidak",
            row.state_label, "; ".join(d.title for d in row.datasets), "; ".join(v.period for v in row.published),
            "; ".join(f"{r.period} ({r.delay} hari)" for r in row.late),
        ]
        for row in result.items
    ]  # fmt: skip
    rows += [["", d.title, d.organization.name, "", "Di luar Daftar Data", d.title, "", ""] for d in result.extra]
    return csv_response(f"konsistensi-{result.cycle.year}.csv", header, rows)
