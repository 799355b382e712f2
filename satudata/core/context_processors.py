from typing import Any

from django.conf import settings
from django.http import HttpRequest


def region(request: HttpRequest) -> dict[str, Any]:
    return {
        "REGION_NAME": settings.REGION_NAME,
        "REGION_CODE": settings.REGION_CODE,
        "REGION_GOVERNMENT": settings.REGION_GOVERNMENT,
    }


def notifications(request: HttpRequest) -> dict[str, Any]:
    """The unread count for the navigation bar; lazy, so pages without the bar pay nothing."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def unread() -> int:
        return int(user.notifications.filter(read_at__isnull=True).count())

    return {"unread_notifications": unread}
