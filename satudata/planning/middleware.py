"""A closed cycle is an archive (SOP step 22): no page under /kelola/siklus/<year>/ of a closed
cycle accepts a change. The actions check it too (`Cycle.check_open`); refusing every unsafe request
here, once, means a new form of the cycle cannot forget to."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from satudata.planning.models import Cycle

CYCLE_PATH = re.compile(r"^/kelola/siklus/(\d{4})/")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class ClosedCycleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in SAFE_METHODS:
            match = CYCLE_PATH.match(request.path)
            if match and Cycle.objects.filter(year=int(match[1]), closed_at__isnull=False).exists():
                raise PermissionDenied(
                    _("Siklus %(year)s sudah ditutup; arsipnya hanya dapat dibaca.") % {"year": match[1]}
                )
        return self.get_response(request)
