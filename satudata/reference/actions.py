from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from satudata.accounts.models import User
from satudata.reference import permissions
from satudata.reference.models import DataStandard, DataStandardEvent, StandardStatus


def _snapshot(standard: DataStandard) -> dict[str, Any]:
    return {field: getattr(standard, field) for field in DataStandard.REVIEWED_FIELDS}


def _check_organization(user: User, standard: DataStandard) -> None:
    # The form offers a producer only its own OPDs; re-checked here so that a caller skipping the
    # form (a script, a future API) cannot file a standard under another OPD.
    if permissions.can_propose_standard_for_any_organization(user):
        return
    if standard.organization_id is None or standard.organization_id not in user.producer_org_ids():
        raise PermissionDenied


@transaction.atomic
def do_propose_standard(*, standard: DataStandard, acting_user: User) -> DataStandard:
    if not permissions.can_propose_standard(acting_user):
        raise PermissionDenied
    _check_organization(acting_user, standard)
    standard.code = standard.code or DataStandard.next_code()
    standard.status = StandardStatus.PROPOSED
    standard.proposed_by = acting_user
    standard.save()
    DataStandardEvent.objects.create(
        standard=standard, kind=DataStandardEvent.Kind.PROPOSED, actor=acting_user, to_status=standard.status,
        changes={f: [None, v] for f, v in _snapshot(standard).items()},
    )  # fmt: skip
    return standard


@transaction.atomic
def do_update_standard(*, standard: DataStandard, before: dict[str, Any], acting_user: User) -> DataStandard:
    """Save an edit; a proposal returned for revision goes back to the reviewers."""
    current = DataStandard.objects.select_for_update().get(pk=standard.pk)
    if not permissions.can_edit_standard(acting_user, current):
        raise PermissionDenied
    _check_organization(acting_user, standard)
    after = _snapshot(standard)
    changes = {f: [before.get(f), after[f]] for f in after if before.get(f) != after[f]}
    if not changes:
        # Fields outside REVIEWED_FIELDS (the code list, the proposing OPD) are saved without a new
        # review; keep the status as stored now, not as it was when the form was opened.
        standard.status = current.status
        standard.save()
        return standard
    standard.status = StandardStatus.PROPOSED
    standard.save()
    DataStandardEvent.objects.create(
        standard=standard, kind=DataStandardEvent.Kind.EDITED, actor=acting_user,
        from_status=current.status, to_status=standard.status, changes=changes,
    )  # fmt: skip
    return standard


@transaction.atomic
def do_review_standard(*, standard: DataStandard, accept: bool, note: str, acting_user: User) -> DataStandard:
    if not permissions.can_review_standards(acting_user):
        raise PermissionDenied
    if not accept and not note.strip():
        raise ValidationError(_("Tulis apa yang perlu diperbaiki."))
    old = standard.status
    if old != StandardStatus.PROPOSED:
        raise ValidationError(_("Hanya Standar Data berstatus Diusulkan yang dapat direviu."))
    new = StandardStatus.ACCEPTED if accept else StandardStatus.NEEDS_REVISION
    if DataStandard.objects.filter(pk=standard.pk, status=old).update(status=new) != 1:
        raise ValidationError(_("Standar Data ini baru saja direviu orang lain; muat ulang halaman."))
    standard.status = new
    DataStandardEvent.objects.create(
        standard=standard,
        kind=DataStandardEvent.Kind.REVIEWED,
        actor=acting_user,
        from_status=old,
        to_status=new,
        note=note,
    )
    return standard
