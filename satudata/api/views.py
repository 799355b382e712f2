"""Staff pages for API tokens: one's own tokens, a new token (shown once), revoking one; and the
API and harvest log."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from satudata.api import permissions, usage
from satudata.api.actions import do_create_token, do_revoke_token
from satudata.api.forms import TokenForm
from satudata.api.models import ApiToken, Scope
from satudata.core.http import AuthenticatedHttpRequest


def _allowed(request: AuthenticatedHttpRequest) -> None:
    if not permissions.can_have_api_tokens(request.user):
        raise PermissionDenied


@never_cache
def token_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _allowed(request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        token, raw = do_create_token(
            name=data["name"], scope=Scope(data["scope"]), organizations=data["organizations"],
            expires_at=form.expires_at(), acting_user=request.user,
        )  # fmt: skip
        # Shown in this answer only (never stored, never in a redirect or the session).
        return render(request, "api/token_created.html", {"token": token, "raw": raw})
    tokens = ApiToken.objects.filter(user=request.user).prefetch_related("organizations")
    context = {"form": form, "tokens": tokens}
    return render(request, "api/tokens.html", context, status=400 if form.errors else 200)


@require_POST
def token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _allowed(request)
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    do_revoke_token(token=token, acting_user=request.user)
    messages.success(request, _("Token “%(name)s” dicabut; sistem yang memakainya tidak dapat lagi mengakses API.")
                     % {"name": token.name})  # fmt: skip
    return redirect("api:tokens")


def usage_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_view_api_usage(request.user):
        raise PermissionDenied
    this_year = timezone.localdate().year
    asked = request.GET.get("tahun", "")
    year = int(asked) if asked.isdigit() and 2000 <= int(asked) <= this_year else this_year
    if asked and str(year) != asked:
        messages.warning(request, _("Tahun “%(asked)s” tidak dikenal; yang ditampilkan tahun %(year)s.")
                         % {"asked": asked[:20], "year": year})  # fmt: skip
    usage.flush()  # this process's calls not yet written
    context = {
        "usage": usage.year_usage(year),
        "years": range(this_year, this_year - 5, -1),
        "months": MONTHS_3.values(),
    }
    return render(request, "api/usage.html", context)
