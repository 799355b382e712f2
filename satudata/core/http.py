import csv
from collections.abc import Iterable, Sequence
from typing import Any

from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse

from satudata.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """What staff views receive: StaffAreaMiddleware has made sure the user is logged in."""

    user: User


def form_errors_text(form: BaseForm) -> str:
    """A form's errors as one line naming each field, for a flash message after a redirect
    ("Kolom ukuran: Pilih pilihan yang sah…; Nilai: …")."""
    return "; ".join(
        f"{form.fields[name].label if name in form.fields else ''}: {' '.join(str(e) for e in errors)}".lstrip(": ")
        for name, errors in form.errors.items()
    )


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    """A small report as a CSV download: UTF-8 with a BOM (so Excel reads it), every text cell
    neutralised against formulas as the store's exports are (`store.csv_safe`)."""
    from satudata.store import csv_safe

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows([csv_safe(cell) for cell in row] for row in rows)
    return response
