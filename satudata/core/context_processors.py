from typing import Any

from django.conf import settings
from django.http import HttpRequest


def region(request: HttpRequest) -> dict[str, Any]:
    return {
        "REGION_NAME": settings.REGION_NAME,
        "REGION_CODE": settings.REGION_CODE,
        "REGION_GOVERNMENT": settings.REGION_GOVERNMENT,
    }
