from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from satudata.core.http import AuthenticatedHttpRequest
from satudata.metadata import permissions
from satudata.metadata.actions import do_add_instrument
from satudata.metadata.forms import InstrumentForm
from satudata.metadata.views.activities import get_activity
from satudata.planning.views.common import file_response


def instrument_list(request: AuthenticatedHttpRequest, year: int, pk: int) -> HttpResponse:
    activity = get_activity(request.user, year, pk)
    can_add = permissions.can_add_instrument(request.user, activity)
    form = InstrumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        if form.is_valid():
            do_add_instrument(activity=activity, acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("Instrumen tersimpan."))
            return redirect("metadata:instruments", year=year, pk=pk)
    instruments = activity.instruments.select_related("uploaded_by")
    context = {
        "cycle": activity.cycle,
        "activity": activity,
        "instruments": instruments,
        "form": form,
        "can_add": can_add,
    }
    return render(request, "metadata/instruments.html", context, status=400 if form.errors else 200)


def instrument_file(request: AuthenticatedHttpRequest, year: int, pk: int, instrument_pk: int) -> FileResponse:
    activity = get_activity(request.user, year, pk)
    instrument = get_object_or_404(activity.instruments, pk=instrument_pk)
    return file_response(instrument.file, instrument.original_name)
