"""Writes that touch more than one row: each is one typed function, run in one transaction, that
takes the acting user and leaves its history row behind."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satudata.accounts.models import User
from satudata.planning import permissions
from satudata.planning.models import (
    FINISHED_ACTION_STATUSES,
    ActionItem,
    ActionItemEvent,
    ActionItemStatus,
    ActionPlan,
    ActionPlanStatus,
    BeritaAcara,
    BeritaAcaraSubject,
    Cycle,
    CycleStep,
    DaftarDataItem,
    ForumMeeting,
    ItemEvent,
    ItemStatus,
    ReviewDecision,
    StepEvidence,
    StepStatus,
)
from satudata.planning.progress import PLANNING_STEPS, refresh_cycle
from satudata.planning.steps import STEPS


@transaction.atomic
def do_start_cycle(*, year: int, start_date: dt.date, acting_user: User, carry_daftar_data: bool = False) -> Cycle:
    """Create the year's cycle and lay out its 22 steps one after another from the start date. The
    Renaksi agreed for this year (drawn up in the previous cycle) is followed in it; on request the
    previous cycle's agreed Daftar Data comes along as drafts to review again (step 22 → step 1)."""
    if Cycle.objects.filter(year=year).exists():
        raise ValidationError(_("Siklus %(year)s sudah ada.") % {"year": year})
    cycle = Cycle.objects.create(year=year, start_date=start_date, started_by=acting_user)
    begin = start_date
    for step in STEPS:
        due = begin + dt.timedelta(days=step.duration_days)
        CycleStep.objects.create(
            cycle=cycle, number=step.number, start_date=begin, due_date=due,
            status=StepStatus.NOT_STARTED,
        )  # fmt: skip
        begin = due
    if carry_daftar_data:
        _carry_daftar_data(cycle, acting_user=acting_user)
    refresh_cycle(cycle, actor=acting_user)
    return cycle


def _carry_daftar_data(cycle: Cycle, *, acting_user: User) -> None:
    previous = Cycle.objects.filter(year__lt=cycle.year).order_by("-year").first()
    if previous is None:
        return
    for old in previous.items.filter(status=ItemStatus.ACCEPTED).order_by("id_ddd"):
        item = DaftarDataItem(cycle=cycle)
        for field in DaftarDataItem.REVIEWED_FIELDS:
            name = "organization_id" if field == "organization" else field
            setattr(item, name, getattr(old, name))
        _save_new_item(
            item, acting_user=acting_user, note=_("Dibawa dari Daftar Data siklus %(year)s") % {"year": previous.year}
        )


@transaction.atomic
def do_close_cycle(*, cycle: Cycle, acting_user: User) -> None:
    """Step 22: the cycle is finished and archived; its steps keep their history."""
    if not permissions.can_close_cycle(acting_user):
        raise PermissionDenied
    if Cycle.objects.filter(pk=cycle.pk, closed_at__isnull=True).update(closed_at=timezone.now()) != 1:
        raise ValidationError(_("Siklus %(year)s sudah ditutup.") % {"year": cycle.year})
    cycle.refresh_from_db()
    refresh_cycle(cycle, actor=acting_user, steps=(22,))


@transaction.atomic
def do_add_step_evidence(*, cycle_step: CycleStep, file: UploadedFile, note: str, acting_user: User) -> StepEvidence:
    if not permissions.can_upload_step_evidence(acting_user, cycle_step):
        raise PermissionDenied
    cycle_step.cycle.check_open()
    evidence = StepEvidence(
        cycle_step=cycle_step, note=note, uploaded_by=acting_user,
        completes_step=permissions.can_complete_step_with_evidence(acting_user, cycle_step),
        original_name=(file.name or "bukti")[:255],
    )  # fmt: skip
    evidence.file.save(file.name or "bukti", file, save=False)
    evidence.save()
    refresh_cycle(cycle_step.cycle, actor=acting_user, steps=(cycle_step.number,))
    return evidence


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {f: [before[f], after[f]] for f in after if before.get(f) != after[f]}


@transaction.atomic
def do_create_item(*, item: DaftarDataItem, acting_user: User, note: str = "") -> DaftarDataItem:
    """Save a new item (built by a form or an import) as a draft of its cycle."""
    if not permissions.can_propose_item(acting_user, item.organization_id):
        raise PermissionDenied
    item.cycle.check_open()
    _save_new_item(item, acting_user=acting_user, note=note)
    refresh_cycle(item.cycle, actor=acting_user, steps=PLANNING_STEPS)
    return item


def _save_new_item(item: DaftarDataItem, *, acting_user: User, note: str) -> None:
    """Save an item as a draft with its creation event (every field from nothing to its value)."""
    item.status = ItemStatus.DRAFT
    item.created_by = acting_user
    item.save()
    ItemEvent.objects.create(
        item=item, kind=ItemEvent.Kind.CREATED, actor=acting_user, to_status=item.status,
        note=note, changes={f: [None, v] for f, v in item.snapshot().items()},
    )  # fmt: skip


@transaction.atomic
def do_update_item(
    *, item: DaftarDataItem, before: dict[str, Any], acting_user: User, note: str = ""
) -> DaftarDataItem:
    """Save the changes made to an item (`before` is its snapshot before the form touched it)."""
    current = DaftarDataItem.objects.select_for_update().get(pk=item.pk)
    if not permissions.can_edit_item(acting_user, current):
        raise PermissionDenied
    current.cycle.check_open()
    changes = _changes(before, item.snapshot())
    if changes:
        item.status = current.status
        item.save()
        ItemEvent.objects.create(
            item=item, kind=ItemEvent.Kind.EDITED, actor=acting_user,
            from_status=current.status, to_status=current.status, note=note, changes=changes,
        )  # fmt: skip
    return item


@transaction.atomic
def do_submit_item(*, item: DaftarDataItem, acting_user: User, note: str = "") -> DaftarDataItem:
    if not permissions.can_edit_item(acting_user, item):
        raise PermissionDenied
    item.cycle.check_open()
    old = item.status
    # Conditional update: a double click submits once.
    if DaftarDataItem.objects.filter(pk=item.pk, status=old).update(status=ItemStatus.SUBMITTED) != 1:
        raise ValidationError(_("Butir ini baru saja diubah orang lain; muat ulang halaman."))
    item.status = ItemStatus.SUBMITTED
    ItemEvent.objects.create(
        item=item, kind=ItemEvent.Kind.SUBMITTED, actor=acting_user,
        from_status=old, to_status=item.status, note=note,
    )  # fmt: skip
    refresh_cycle(item.cycle, actor=acting_user, steps=PLANNING_STEPS)
    return item


@transaction.atomic
def do_review_item(
    *,
    item: DaftarDataItem,
    field_reviews: dict[str, dict[str, str]],
    acting_user: User,
    note: str = "",
) -> DaftarDataItem:
    """Record a field-by-field review. Any field needing revision returns the item to its
    producer; otherwise the item is agreed."""
    if not permissions.can_review_items(acting_user):
        raise PermissionDenied
    item.cycle.check_open()
    if item.status != ItemStatus.SUBMITTED:
        raise ValidationError(_("Hanya butir berstatus Diajukan yang dapat direviu."))
    unknown = set(field_reviews) - set(DaftarDataItem.REVIEWED_FIELDS)
    if unknown:
        raise ValidationError(_("Kolom tidak dikenal: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    for field, review in field_reviews.items():
        if review["decision"] == ReviewDecision.NEEDS_REVISION and not review.get("comment", "").strip():
            label = DaftarDataItem.field_label(field)
            raise ValidationError(
                _("Kolom %(label)s: tulis komentar yang menjelaskan perbaikannya.") % {"label": label}
            )
    returned = any(r["decision"] == ReviewDecision.NEEDS_REVISION for r in field_reviews.values())
    new = ItemStatus.NEEDS_REVISION if returned else ItemStatus.ACCEPTED
    if DaftarDataItem.objects.filter(pk=item.pk, status=ItemStatus.SUBMITTED).update(status=new) != 1:
        raise ValidationError(_("Butir ini baru saja direviu orang lain; muat ulang halaman."))
    item.status = new
    ItemEvent.objects.create(
        item=item, kind=ItemEvent.Kind.REVIEWED, actor=acting_user,
        from_status=ItemStatus.SUBMITTED, to_status=new, note=note, field_reviews=field_reviews,
    )  # fmt: skip
    refresh_cycle(item.cycle, actor=acting_user, steps=PLANNING_STEPS)
    return item


@transaction.atomic
def do_create_berita_acara(
    *,
    meeting: ForumMeeting,
    number: str,
    date: dt.date,
    signatories: list[dict[str, str]],
    acting_user: User,
) -> BeritaAcara:
    """Freeze the agreed Daftar Data of the meeting's cycle into a new Berita Acara and render it
    as DOCX and PDF."""
    from satudata.documents.berita_acara import item_rows

    if not permissions.can_manage_meetings(acting_user):
        raise PermissionDenied
    meeting.cycle.check_open()
    agreed = meeting.cycle.items.filter(status=ItemStatus.ACCEPTED).select_related("organization")
    if not agreed.exists():
        raise ValidationError(_("Belum ada butir Daftar Data yang disepakati; Berita Acara memerlukan minimal satu."))
    ba = BeritaAcara.objects.create(
        meeting=meeting, number=number, date=date, signatories=signatories,
        items=item_rows(agreed), created_by=acting_user,
    )  # fmt: skip
    _render_berita_acara(ba)
    return ba


def _render_berita_acara(ba: BeritaAcara) -> None:
    """Render a new Berita Acara as DOCX (to sign) and PDF (for the record) and keep both."""
    from satudata.documents.berita_acara import render_docx, render_pdf

    ba.docx.save(f"berita-acara-{ba.pk}.docx", render_docx(ba), save=False)
    ba.pdf.save(f"berita-acara-{ba.pk}.pdf", render_pdf(ba), save=False)
    ba.save(update_fields=["docx", "pdf"])


@transaction.atomic
def do_file_signed_berita_acara(*, berita_acara: BeritaAcara, scan: UploadedFile, acting_user: User) -> BeritaAcara:
    """File the signed scan: it becomes the evidence of steps 1 and 4."""
    if not permissions.can_manage_meetings(acting_user):
        raise PermissionDenied
    berita_acara.meeting.cycle.check_open()
    suffix = (scan.name or "scan.pdf").rsplit(".", 1)[-1].lower()
    berita_acara.signed_scan.save(f"berita-acara-{berita_acara.pk}-ttd.{suffix}", scan, save=False)
    berita_acara.signed_uploaded_at = timezone.now()
    berita_acara.signed_uploaded_by = acting_user
    berita_acara.save(update_fields=["signed_scan", "signed_uploaded_at", "signed_uploaded_by"])
    steps = (21,) if berita_acara.subject == BeritaAcaraSubject.RENAKSI else PLANNING_STEPS
    refresh_cycle(berita_acara.meeting.cycle, actor=acting_user, steps=steps)
    return berita_acara


# ---------------------------------------------------------------------------------------------
# Renaksi (SOP step 21) and the next cycle (step 22)


@transaction.atomic
def do_start_action_plan(*, cycle: Cycle, acting_user: User, carry_unfinished: bool = False) -> ActionPlan:
    """Draw up, in this cycle, the Renaksi for the next year. On request the items of this year's
    Renaksi that are neither done nor dropped come along (each remembers where it came from)."""
    if not permissions.can_manage_renaksi(acting_user):
        raise PermissionDenied
    cycle.check_open()
    if ActionPlan.objects.filter(year=cycle.year + 1).exists():
        raise ValidationError(_("Renaksi %(year)s sudah ada.") % {"year": cycle.year + 1})
    plan = ActionPlan.objects.create(year=cycle.year + 1, drafted_in=cycle, created_by=acting_user)
    refresh_cycle(cycle, actor=acting_user, steps=(21,))
    current = ActionPlan.objects.filter(year=cycle.year, status=ActionPlanStatus.AGREED).first()
    if carry_unfinished and current is not None:
        note = _("Lanjutan dari Renaksi %(year)s") % {"year": current.year}
        for old in current.items.exclude(status__in=FINISHED_ACTION_STATUSES):
            item = ActionItem(
                plan=plan, title=old.title, reason=old.reason, indicator_code=old.indicator_code,
                dataset_id=old.dataset_id, problem=old.problem, organization_id=old.organization_id,
                due_date=_in_year(old.due_date, plan.year), carried_from=old,
            )  # fmt: skip
            _create_action_item(item, acting_user=acting_user, note=note)
    return plan


def _in_year(day: dt.date, year: int) -> dt.date:
    """The same day in a later year (28 February for 29 February); later dates stay."""
    if day.year >= year:
        return day
    return day.replace(year=year, day=min(day.day, 28) if day.month == 2 else day.day)


def _create_action_item(item: ActionItem, *, acting_user: User, note: str = "") -> ActionItem:
    item.status = ActionItemStatus.OPEN
    item.created_by = acting_user
    item.save()
    ActionItemEvent.objects.create(
        item=item, kind=ActionItemEvent.Kind.CREATED, actor=acting_user, to_status=item.status,
        note=note, changes={name: ["", value] for name, value in item.snapshot().items()},
    )  # fmt: skip
    return item


@transaction.atomic
def do_add_action_item(*, item: ActionItem, acting_user: User) -> ActionItem:
    if not permissions.can_manage_renaksi(acting_user):
        raise PermissionDenied
    item.plan.check_editable()
    return _create_action_item(item, acting_user=acting_user)


@transaction.atomic
def do_update_action_item(*, item: ActionItem, before: dict[str, str], acting_user: User) -> ActionItem:
    """Save a draft item's changes (`before`: its snapshot before the form touched it)."""
    if not permissions.can_manage_renaksi(acting_user):
        raise PermissionDenied
    item.plan.check_editable()
    changes = _changes(before, item.snapshot())
    if changes:
        item.save()
        ActionItemEvent.objects.create(
            item=item, kind=ActionItemEvent.Kind.EDITED, actor=acting_user,
            from_status=item.status, to_status=item.status, changes=changes,
        )  # fmt: skip
    return item


@transaction.atomic
def do_record_progress(*, item: ActionItem, status: ActionItemStatus, note: str, acting_user: User) -> ActionItem:
    """The owner OPD, the walidata or the forum record how far an agreed item is."""
    if not permissions.can_record_action_progress(acting_user, item):
        raise PermissionDenied
    if not item.plan.is_followed:
        raise ValidationError(
            _("Kemajuan dicatat setelah Renaksi disepakati, sampai siklus tahun pelaksanaannya ditutup.")
        )
    if not note.strip():
        raise ValidationError(_("Tulis catatan kemajuannya."))
    old = item.status
    if ActionItem.objects.filter(pk=item.pk, status=old).update(status=status) != 1:
        raise ValidationError(_("Butir ini baru saja diubah orang lain; muat ulang halaman."))
    item.status = status
    ActionItemEvent.objects.create(
        item=item, kind=ActionItemEvent.Kind.PROGRESS, actor=acting_user, from_status=old, to_status=status, note=note
    )
    return item


@transaction.atomic
def do_agree_action_plan(
    *,
    plan: ActionPlan,
    meeting: ForumMeeting,
    number: str,
    date: dt.date,
    signatories: list[dict[str, str]],
    acting_user: User,
) -> BeritaAcara:
    """The Forum agrees the Renaksi in a meeting of the cycle it was drawn up in: the items are
    fixed and a Berita Acara holding them is generated (DOCX to sign, PDF for the record)."""
    from satudata.documents.berita_acara import action_item_rows

    if not permissions.can_manage_renaksi(acting_user):
        raise PermissionDenied
    plan.drafted_in.check_open()
    if meeting.cycle_id != plan.drafted_in_id:
        raise ValidationError(_("Rapat harus rapat Forum pada siklus %(year)s.") % {"year": plan.drafted_in.year})
    items = plan.items.select_related("organization", "dataset").order_by("due_date", "id")
    if not items.exists():
        raise ValidationError(_("Renaksi belum memiliki butir; tambahkan minimal satu sebelum disepakati."))
    if (
        ActionPlan.objects.filter(pk=plan.pk, status=ActionPlanStatus.DRAFT).update(
            status=ActionPlanStatus.AGREED, meeting=meeting, agreed_at=timezone.now(), agreed_by=acting_user
        )
        != 1
    ):
        raise ValidationError(_("Renaksi ini sudah disepakati."))
    ba = BeritaAcara.objects.create(
        meeting=meeting, subject=BeritaAcaraSubject.RENAKSI, number=number, date=date,
        title="Berita Acara Kesepakatan Rencana Aksi Satu Data", signatories=signatories,
        items=action_item_rows(items), created_by=acting_user,
    )  # fmt: skip
    _render_berita_acara(ba)
    refresh_cycle(plan.drafted_in, actor=acting_user, steps=(21,))
    return ba
