from django.core.exceptions import PermissionDenied
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from satudata.accounts.models import User
from satudata.planning import permissions
from satudata.planning.models import Cycle, DaftarDataItem


def get_cycle(year: int) -> Cycle:
    return get_object_or_404(Cycle, year=year)


def get_item_for_user(user: User, year: int, pk: int) -> DaftarDataItem:
    """404 for an item the user may not know exists (another OPD's draft)."""
    item = get_object_or_404(DaftarDataItem.objects.select_related("organization", "cycle"), cycle__year=year, pk=pk)
    if not permissions.can_view_item(user, item):
        raise Http404
    return item


def get_rw_item_for_user(user: User, year: int, pk: int) -> DaftarDataItem:
    """403 for an item the user may see but not change."""
    item = get_item_for_user(user, year, pk)
    if not permissions.can_edit_item(user, item):
        raise PermissionDenied(_("Butir ini tidak dapat Anda ubah pada statusnya sekarang."))
    return item


def file_response(field: FieldFile, download_name: str) -> FileResponse:
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=download_name)
