from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from satudata.core.http import AuthenticatedHttpRequest


def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One's own notifications, newest first; everyone sees only their own."""
    notes = request.user.notifications.all()[:200]
    return render(request, "accounts/notifications.html", {"notifications": notes})


@require_POST
def notifications_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("notifications")
