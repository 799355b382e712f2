from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from satudata.accounts.models import Organization
from satudata.core.http import AuthenticatedHttpRequest
from satudata.core.uploads import check_upload
from satudata.metadata import permissions
from satudata.metadata.exchange import export_metadata, import_metadata
from satudata.metadata.views.activities import get_activity
from satudata.planning.views.common import get_cycle

CONTENT_TYPES = {
    "indah-json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SUFFIX = {"indah-json": "indah.json", "xlsx": "xlsx"}


def activity_export(request: AuthenticatedHttpRequest, year: int, pk: int, fmt: str) -> HttpResponse:
    activity = get_activity(request.user, year, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404
    response = HttpResponse(
        export_metadata(activity, fmt=fmt, acting_user=request.user), content_type=CONTENT_TYPES[fmt]
    )
    response["Content-Disposition"] = f'attachment; filename="metadata-{slugify(activity.title)[:60]}.{SUFFIX[fmt]}"'
    return response


class ImportForm(forms.Form):
    organization = forms.ModelChoiceField(label=gettext_lazy("Produsen Data"), queryset=Organization.objects.none())
    file = forms.FileField(
        label=gettext_lazy("Berkas JSON INDAH v2"),
        help_text=gettext_lazy("Hasil ekspor 'INDAH JSON' dari portal ini; paling besar 5 MB."),
    )

    def clean_file(self) -> bytes:
        return bytes(check_upload(self.cleaned_data["file"], kinds=("json",), max_size=5 * 1024 * 1024).read())


def activity_import(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    cycle = get_cycle(year)
    if not permissions.can_create_activities(request.user):
        raise PermissionDenied
    orgs = Organization.objects.filter(is_active=True).exclude(kind=Organization.Kind.VERTIKAL)
    if not permissions.can_record_for_any_organization(request.user):
        orgs = orgs.filter(pk__in=request.user.producer_org_ids())
    if not orgs.exists():
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    org_field = form.fields["organization"]
    assert isinstance(org_field, forms.ModelChoiceField)
    org_field.queryset = orgs
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            activity = import_metadata(
                form.cleaned_data["file"],
                cycle=cycle,
                organization=form.cleaned_data["organization"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Metadata diimpor sebagai kegiatan baru berstatus Draf."))
            return redirect(activity)
    status = 400 if form.errors or errors else 200
    return render(
        request, "metadata/activity_import.html", {"cycle": cycle, "form": form, "errors": errors}, status=status
    )


def activity_form_pdf(request: AuthenticatedHttpRequest, year: int, pk: int) -> HttpResponse:
    from satudata.documents.metadata_forms import render_metadata_pdf

    activity = get_activity(request.user, year, pk)
    response = HttpResponse(render_metadata_pdf(activity), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="formulir-metadata-{slugify(activity.title)[:60]}.pdf"'
    return response
