"""Steps 10 (collection) and 11 (processing, verification and reconciliation) follow from the
versions the portal holds, like steps 1 and 4 follow from the Daftar Data (see
`satudata.planning.progress`). The datasets app registers these checks when it is loaded.

The cycle's datasets are those made from its agreed Daftar Data items. A dataset counts as
collected when a version created since the cycle started has been submitted, and as processed when
such a version has been verified (or checked and published) by the walidata.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from satudata.datasets.models import Dataset, DatasetVersion, VersionStatus
from satudata.planning.models import Cycle, ItemStatus
from satudata.planning.progress import Outputs

SUBMITTED_ON = (
    VersionStatus.SUBMITTED, VersionStatus.RETURNED, VersionStatus.RESUBMITTED, VersionStatus.VERIFIED,
    VersionStatus.CHECKED, VersionStatus.PUBLISHED,
)  # fmt: skip
VERIFIED_ON = (VersionStatus.VERIFIED, VersionStatus.CHECKED, VersionStatus.PUBLISHED)


def cycle_dataset_ids(cycle: Cycle) -> list[int]:
    return list(
        Dataset.objects.filter(daftar_item__cycle=cycle, daftar_item__status=ItemStatus.ACCEPTED).values_list(
            "pk", flat=True
        )
    )


def _cycle_versions(cycle: Cycle, ids: list[int]) -> tuple[int, set[int], set[int]]:
    start = timezone.make_aware(dt.datetime.combine(cycle.start_date, dt.time.min))
    versions = DatasetVersion.objects.filter(dataset_id__in=ids, created__gte=start)
    submitted = set(versions.filter(status__in=SUBMITTED_ON).values_list("dataset_id", flat=True))
    verified = set(versions.filter(status__in=VERIFIED_ON).values_list("dataset_id", flat=True))
    return versions.count(), submitted, verified


def step10(cycle: Cycle) -> Outputs:
    ids = cycle_dataset_ids(cycle)
    count, submitted, _verified = _cycle_versions(cycle, ids)
    out = Outputs(started=count > 0)
    out.links.append((_("Dataset terkumpul: %(n)s/%(total)s") % {"n": len(submitted), "total": len(ids)},
                      reverse("datasets:list")))  # fmt: skip
    if ids and len(submitted) == len(ids):
        out.done, out.reason = True, f"Data semua {len(ids)} dataset Daftar Data sudah diajukan"
    elif count:
        out.reason = f"{len(submitted)} dari {len(ids)} dataset sudah mengajukan data"
    return out


def step11(cycle: Cycle) -> Outputs:
    ids = cycle_dataset_ids(cycle)
    _count, submitted, verified = _cycle_versions(cycle, ids)
    out = Outputs(started=bool(submitted))
    out.links.append((_("Dataset terverifikasi: %(n)s/%(total)s") % {"n": len(verified), "total": len(ids)},
                      reverse("datasets:list")))  # fmt: skip
    if ids and len(verified) == len(ids):
        out.done, out.reason = True, f"Data semua {len(ids)} dataset Daftar Data sudah diverifikasi walidata"
    elif submitted:
        out.reason = f"{len(verified)} dari {len(ids)} dataset sudah diverifikasi"
    return out


def refresh_for(dataset: Dataset, *, actor: object) -> None:
    """After a version changes: bring steps 10 and 11 of the dataset's cycle up to date."""
    from satudata.accounts.models import User
    from satudata.planning.progress import refresh_cycle

    item = dataset.daftar_item
    if item is None or item.cycle.closed_at is not None:
        return
    refresh_cycle(item.cycle, actor=actor if isinstance(actor, User) else None, steps=(10, 11))
