"""Export and import of an activity's metadata, logged: every attempt, from a page or a command,
leaves a MetadataExchange row (the INDAH client of the future plugs in here)."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from satudata.accounts.models import Organization, User
from satudata.metadata import indah, workbook
from satudata.metadata.models import MetadataExchange, StatisticalActivity
from satudata.planning.models import Cycle

FORMATS = ("indah-json", "xlsx")


def export_metadata(activity: StatisticalActivity, *, fmt: str, acting_user: User | None) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(fmt)
    content = (
        json.dumps(indah.export_activity(activity), ensure_ascii=False, indent=2).encode()
        if fmt == "indah-json"
        else workbook.export_workbook(activity)
    )
    MetadataExchange.objects.create(
        activity=activity, direction=MetadataExchange.Direction.EXPORT, format=fmt, actor=acting_user
    )
    return content


def import_metadata(data: bytes, *, cycle: Cycle, organization: Organization, acting_user: User) -> StatisticalActivity:
    """Create a draft activity from an INDAH v2 JSON file; every problem is reported, nothing half-done."""
    try:
        document: Any = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        message = _("Berkas bukan JSON yang sah: %(error)s") % {"error": exc}
        MetadataExchange.objects.create(
            direction=MetadataExchange.Direction.IMPORT,
            format="indah-json",
            actor=acting_user,
            ok=False,
            message=message,
        )
        raise ValidationError(message) from exc
    try:
        activity = indah.import_activity(document, cycle=cycle, organization=organization, acting_user=acting_user)
    except ValidationError as exc:
        MetadataExchange.objects.create(
            direction=MetadataExchange.Direction.IMPORT,
            format="indah-json",
            actor=acting_user,
            ok=False,
            message="\n".join(exc.messages)[:5000],
        )
        raise
    MetadataExchange.objects.create(
        activity=activity, direction=MetadataExchange.Direction.IMPORT, format="indah-json", actor=acting_user
    )
    return activity
