from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from satudata.core.http import AuthenticatedHttpRequest
from satudata.planning import permissions
from satudata.planning.actions import do_create_berita_acara, do_file_signed_berita_acara
from satudata.planning.forms import (
    BeritaAcaraForm,
    MeetingForm,
    SignedScanForm,
    attendance_formset,
    default_signatory_initial,
)
from satudata.planning.models import BeritaAcara, BeritaAcaraSubject, ForumMeeting, ItemStatus, local_today
from satudata.planning.progress import PLANNING_STEPS, refresh_cycle
from satudata.planning.views.common import file_response, get_cycle


def _meeting(request: AuthenticatedHttpRequest, year: int, pk: int, *, write: bool = False) -> ForumMeeting:
    if not permissions.can_view_meetings(request.user):
        raise Http404
    meeting = get_object_or_404(ForumMeeting.objects.select_related("cycle"), cycle__year=year, pk=pk)
    if write and not permissions.can_manage_meetings(request.user):
        raise PermissionDenied
    return meeting


def meeting_list(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    cycle = get_cycle(year)
    meetings = cycle.meetings.prefetch_related("berita_acara")
    return render(
        request,
        "planning/meeting_list.html",
        {"cycle": cycle, "meetings": meetings, "can_manage": permissions.can_manage_meetings(request.user)},
    )


def meeting_new(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    cycle = get_cycle(year)
    if not permissions.can_manage_meetings(request.user):
        raise PermissionDenied
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = form.save(commit=False)
        meeting.cycle, meeting.created_by = cycle, request.user
        meeting.save()
        form.save_m2m()
        refresh_cycle(cycle, actor=request.user, steps=PLANNING_STEPS)
        messages.success(request, _("Rapat tersimpan. Isi daftar hadir setelah rapat berlangsung."))
        return redirect(meeting)
    return render(
        request, "planning/meeting_form.html", {"cycle": cycle, "form": form}, status=400 if form.errors else 200
    )


def meeting_detail(request: AuthenticatedHttpRequest, year: int, pk: int) -> HttpResponse:
    meeting = _meeting(request, year, pk)
    context = {
        "cycle": meeting.cycle, "meeting": meeting, "can_manage": permissions.can_manage_meetings(request.user),
        "attendance": meeting.attendance.select_related("organization"),
        "berita_acara": meeting.berita_acara.all(),
        "accepted_count": meeting.cycle.items.filter(status=ItemStatus.ACCEPTED).count(),
    }  # fmt: skip
    return render(request, "planning/meeting_detail.html", context)


def meeting_edit(request: AuthenticatedHttpRequest, year: int, pk: int) -> HttpResponse:
    meeting = _meeting(request, year, pk, write=True)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        form.save()
        refresh_cycle(meeting.cycle, actor=request.user, steps=PLANNING_STEPS)
        messages.success(request, _("Rapat diperbarui."))
        return redirect(meeting)
    return render(
        request,
        "planning/meeting_form.html",
        {"cycle": meeting.cycle, "form": form, "meeting": meeting},
        status=400 if form.errors else 200,
    )


def meeting_attendance(request: AuthenticatedHttpRequest, year: int, pk: int) -> HttpResponse:
    meeting = _meeting(request, year, pk, write=True)
    formset = attendance_formset(meeting, request.POST or None)
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(request, _("Daftar hadir tersimpan."))
        return redirect(meeting)
    return render(
        request,
        "planning/meeting_attendance.html",
        {"cycle": meeting.cycle, "meeting": meeting, "formset": formset},
        status=400 if formset.errors and request.method == "POST" else 200,
    )


def berita_acara_new(request: AuthenticatedHttpRequest, year: int, pk: int) -> HttpResponse:
    meeting = _meeting(request, year, pk, write=True)
    initial = {"date": local_today(), "number": f"000.7/   /BA-FSD/{meeting.cycle.year}", **default_signatory_initial()}
    form = BeritaAcaraForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            ba = do_create_berita_acara(
                meeting=meeting, number=form.cleaned_data["number"], date=form.cleaned_data["date"],
                signatories=form.signatories(), acting_user=request.user,
            )  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Berita Acara dibuat dalam DOCX dan PDF. Cetak, tandatangani, lalu unggah pindaiannya.")
            )
            return redirect(ba)
    agreed = meeting.cycle.items.filter(status=ItemStatus.ACCEPTED).count()
    return render(
        request,
        "planning/berita_acara_form.html",
        {"cycle": meeting.cycle, "meeting": meeting, "form": form, "agreed": agreed},
        status=400 if form.errors else 200,
    )


def _berita_acara(request: AuthenticatedHttpRequest, year: int, pk: int) -> BeritaAcara:
    if not permissions.can_view_meetings(request.user):
        raise Http404
    return get_object_or_404(BeritaAcara.objects.select_related("meeting__cycle"), meeting__cycle__year=year, pk=pk)


def berita_acara_detail(request: AuthenticatedHttpRequest, year: int, pk: int) -> HttpResponse:
    ba = _berita_acara(request, year, pk)
    can_manage = permissions.can_manage_meetings(request.user)
    form = SignedScanForm()
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        form = SignedScanForm(request.POST, request.FILES)
        if form.is_valid():
            do_file_signed_berita_acara(berita_acara=ba, scan=form.cleaned_data["scan"], acting_user=request.user)
            if ba.subject == BeritaAcaraSubject.RENAKSI:
                messages.success(request, _("Pindaian bertanda tangan tersimpan; menjadi bukti langkah 21."))
            else:
                messages.success(request, _("Pindaian bertanda tangan tersimpan; menjadi bukti langkah 1 dan 4."))
            return redirect(ba)
    context = {"cycle": ba.meeting.cycle, "ba": ba, "form": form, "can_manage": can_manage}
    return render(request, "planning/berita_acara_detail.html", context, status=400 if form.errors else 200)


def berita_acara_file(request: AuthenticatedHttpRequest, year: int, pk: int, kind: str) -> FileResponse:
    ba = _berita_acara(request, year, pk)
    field = {"docx": ba.docx, "pdf": ba.pdf, "ttd": ba.signed_scan}.get(kind)
    if field is None:
        raise Http404
    suffix = field.name.rsplit(".", 1)[-1] if field else kind
    return file_response(
        field, f"berita-acara-{ba.meeting.cycle.year}-{ba.pk}{'-ttd' if kind == 'ttd' else ''}.{suffix}"
    )
