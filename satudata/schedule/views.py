"""The release schedule: staff pages under /kelola/jadwal-rilis/ (StaffAreaMiddleware makes sure
of a login and a role), the public calendar at /releases/ and its iCalendar feed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from satudata.accounts.models import Organization
from satudata.core.http import AuthenticatedHttpRequest
from satudata.datasets.models import Dataset
from satudata.schedule import actions, permissions, queries
from satudata.schedule.forms import GenerateForm, RescheduleForm, ScheduleForm
from satudata.schedule.ical import calendar_feed
from satudata.schedule.models import ReleaseSchedule

MONTH_RE = re.compile(r"([1-9][0-9]{3})-(0[1-9]|1[0-2])")


def _year(value: str | None) -> int | None:
    return int(value) if value and re.fullmatch(r"[1-9][0-9]{3}", value) else None


def _get_rw_schedule(request: AuthenticatedHttpRequest, pk: int) -> ReleaseSchedule:
    """The entry, for someone who may change it: 404 for those who may not see it, 403 for those
    who see it read only."""
    schedule = get_object_or_404(ReleaseSchedule.objects.select_related("dataset__organization"), pk=pk)
    visible = permissions.visible_organization_ids(request.user)
    if visible is not None and schedule.dataset.organization_id not in visible:
        raise Http404
    if not permissions.can_schedule_dataset(request.user, schedule.dataset):
        raise PermissionDenied(_("Jadwal rilis dataset ini diatur oleh OPD-nya dan walidata."))
    return schedule


# ---------------------------------------------------------------------------------------------
# Staff pages


def schedule_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    visible = permissions.visible_organization_ids(request.user)
    if visible is not None and not visible:
        raise PermissionDenied
    entries = queries.base_queryset().for_organizations(visible)
    opd = request.GET.get("opd", "")
    if opd:
        entries = entries.filter(dataset__organization__slug=opd)
    year = _year(request.GET.get("tahun"))
    if year:
        entries = entries.filter(planned_date__year=year)
    organizations = Organization.objects.filter(datasets__release_schedule__isnull=False).distinct()
    if visible is not None:
        organizations = organizations.filter(pk__in=visible)
    writable = permissions.schedulable_organization_ids(request.user)
    context = {
        "rows": queries.to_rows(entries.order_by("planned_date", "dataset__title", "period")),
        "organizations": organizations.order_by("name"),
        "years": queries.schedule_years(),
        "opd": opd,
        "year": year,
        "can_add": permissions.can_schedule_some_dataset(request.user),
        "writable": writable,
    }
    return render(request, "schedule/schedule_list.html", context)


def schedule_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_schedule_some_dataset(request.user):
        raise PermissionDenied
    writable = permissions.schedulable_organization_ids(request.user)
    initial = {}
    if request.GET.get("dataset"):
        initial["dataset"] = Dataset.objects.filter(slug=request.GET["dataset"]).first()
    form = ScheduleForm(request.POST or None, organization_ids=writable, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            schedule = actions.do_add_schedule(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("%(title)s periode %(period)s dijadwalkan rilis %(date)s.")
                % {
                    "title": schedule.dataset.title,
                    "period": schedule.period,
                    "date": f"{schedule.planned_date:%Y-%m-%d}",
                },
            )
            return redirect("schedule:list")
    return _form_page(request, form, title=_("Tambah jadwal rilis"))


def schedule_generate(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_schedule_some_dataset(request.user):
        raise PermissionDenied
    form = GenerateForm(request.POST or None, organization_ids=permissions.schedulable_organization_ids(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            created = actions.do_generate_schedule(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(n)s jadwal rilis dibuat.") % {"n": len(created)})
            return redirect("schedule:list")
    return _form_page(request, form, title=_("Buat jadwal dari frekuensi"))


def _form_page(request: AuthenticatedHttpRequest, form: ScheduleForm | GenerateForm, *, title: str) -> HttpResponse:
    return render(request, "schedule/schedule_form.html", {"form": form, "title": title})


def schedule_reschedule(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    schedule = _get_rw_schedule(request, pk)
    form = RescheduleForm(request.POST or None, initial={"planned_date": schedule.planned_date})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_reschedule(schedule=schedule, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Jadwal rilis diubah; alasannya tercatat di riwayat."))
            return redirect("schedule:list")
    context = {
        "form": form,
        "schedule": schedule,
        "events": schedule.events.select_related("actor"),
    }
    return render(request, "schedule/reschedule.html", context)


@require_POST
def schedule_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    schedule = _get_rw_schedule(request, pk)
    try:
        actions.do_remove_schedule(schedule=schedule, acting_user=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Jadwal %(title)s periode %(period)s dihapus.")
            % {"title": schedule.dataset.title, "period": schedule.period},
        )
    return redirect("schedule:list")


def timeliness(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_view_timeliness_report(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    year = _year(request.GET.get("tahun")) or today.year
    report = queries.timeliness_report(
        year=year, organization_ids=permissions.visible_organization_ids(request.user), today=today
    )
    if request.GET.get("format") == "csv":
        return _report_csv(report)
    years = sorted({*queries.schedule_years(), year}, reverse=True)
    return render(request, "schedule/timeliness.html", {"report": report, "years": years, "today": today})


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _report_csv(report: queries.TimelinessReport) -> HttpResponse:
    """Machine-readable: ISO dates, dot decimals, English column names; one row per OPD, the total,
    then each late release."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["section", "organization", "scheduled", "due", "on_time", "late", "not_yet",
                     "percent_on_time", "average_delay_days"])  # fmt: skip
    for t in [*report.organizations, report.total]:
        section = "organization" if t.organization else "total"
        writer.writerow([section, t.organization.name if t.organization else "", t.scheduled, t.due, t.on_time,
                         t.late, t.not_yet, _number(t.percent_on_time), _number(t.average_delay)])  # fmt: skip
    writer.writerow([])
    writer.writerow(["section", "organization", "dataset", "period", "planned_date", "released_date", "delay_days"])
    for row in report.late:
        writer.writerow(["late", row.dataset.organization.name, row.dataset.title, row.period,
                         row.planned.isoformat(), row.released.isoformat() if row.released else "", row.delay])  # fmt: skip
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ketepatan-waktu-rilis-{report.year}.csv"'
    return response


# ---------------------------------------------------------------------------------------------
# Public


def _organization(request: HttpRequest) -> Organization | None:
    slug = request.GET.get("opd", "")
    return get_object_or_404(Organization, slug=slug) if slug else None


def release_calendar(request: HttpRequest) -> HttpResponse:
    organization = _organization(request)
    bulan = request.GET.get("bulan", "")
    match = MONTH_RE.fullmatch(bulan)
    month = (int(match[1]), int(match[2])) if match else None
    coming, past = queries.calendar(organization=organization, month=month)
    context = {
        "coming": coming,
        "past": past,
        "organizations": Organization.objects.filter(datasets__release_schedule__isnull=False)
        .distinct()
        .order_by("name"),
        "opd": organization.slug if organization else "",
        "bulan": bulan if match else "",
        "month_start": dt.date(month[0], month[1], 1) if month else None,
        "bad_month": bool(bulan) and not match,
    }
    return render(request, "schedule/calendar.html", context)


def release_ics(request: HttpRequest) -> HttpResponse:
    organization = _organization(request)
    entries = queries.base_queryset().order_by("planned_date", "pk")
    name = _("Jadwal Rilis Satu Data %(region)s") % {"region": settings.REGION_NAME}
    if organization is not None:
        entries = entries.filter(dataset__organization=organization)
        name = f"{name} · {organization.short_name}"
    body = calendar_feed(queries.to_rows(entries), name=name, site_url=settings.SITE_URL)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="jadwal-rilis.ics"'
    return response
