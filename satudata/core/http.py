from django.forms import BaseForm
from django.http import HttpRequest

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
