"""How a step's status follows from what the system holds.

A step is done when its outputs exist (a signed Berita Acara, all items agreed …), or, for steps
whose outputs this version does not hold yet, when an evidence file with a note was uploaded. It is
late when its due date has passed without that, in progress once its window opened or work on its
outputs began, and not started before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from satudata.accounts.models import User
from satudata.planning.models import (
    BeritaAcara,
    Cycle,
    CycleStep,
    ItemEvent,
    ItemStatus,
    StepEvent,
    StepStatus,
    local_today,
)


@dataclass
class Outputs:
    done: bool = False
    started: bool = False
    reason: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)


def _signed_berita_acara(cycle: Cycle) -> BeritaAcara | None:
    return (
        BeritaAcara.objects.filter(meeting__cycle=cycle).exclude(signed_scan="").order_by("-signed_uploaded_at").first()
    )


def _step1(cycle: Cycle) -> Outputs:
    out = Outputs(started=cycle.meetings.exists() or cycle.items.exists())
    out.links.append((_("Rapat Forum"), reverse("planning:meetings", args=[cycle.year])))
    out.links.append((_("Daftar Data"), reverse("planning:items", args=[cycle.year])))
    signed = _signed_berita_acara(cycle)
    if signed:
        out.done, out.reason = True, f"Berita Acara {signed.number} bertanda tangan diunggah"
        out.links.append((f"Berita Acara {signed.number}", signed.get_absolute_url()))
    return out


def _step4(cycle: Cycle) -> Outputs:
    items = cycle.items.all()
    total = items.count()
    accepted = items.filter(status=ItemStatus.ACCEPTED).count()
    reviewed = ItemEvent.objects.filter(item__cycle=cycle, kind=ItemEvent.Kind.REVIEWED).exists()
    with_minutes = cycle.meetings.exclude(minutes="").exists()
    signed = _signed_berita_acara(cycle)
    out = Outputs(started=reviewed or signed is not None)
    out.links.append(
        (
            f"Daftar Data disepakati: {accepted}/{total}",
            reverse("planning:items", args=[cycle.year]) + "?status=accepted",
        )
    )
    # The signed Berita Acara must hold the whole agreed list, not an earlier part of it.
    covered = signed is not None and {row["id_ddd"] for row in signed.items} >= set(
        items.values_list("id_ddd", flat=True)
    )
    if signed and total and accepted == total and with_minutes and covered:
        out.done = True
        out.reason = f"Semua {total} butir disepakati, notulen ada, Berita Acara {signed.number} ditandatangani"
    return out


def _step22(cycle: Cycle) -> Outputs:
    closed = cycle.closed_at is not None
    return Outputs(done=closed, reason="Siklus ditutup" if closed else "")


OUTPUT_CHECKS: dict[int, Callable[[Cycle], Outputs]] = {1: _step1, 4: _step4, 22: _step22}


def outputs_of(cycle_step: CycleStep) -> Outputs:
    check = OUTPUT_CHECKS.get(cycle_step.number)
    if check is not None:
        return check(cycle_step.cycle)
    # Newest first (the model's ordering); .all() uses the evidence refresh_cycle_outputs prefetched.
    evidence = list(cycle_step.evidence.all())
    final = next((e for e in evidence if e.completes_step), None)
    if final is not None:
        return Outputs(done=True, started=True, reason=f"Bukti diunggah: {final.original_name}")
    if evidence:
        return Outputs(started=True, reason="Bukti Produsen Data masuk; menunggu konfirmasi Walidata")
    return Outputs()


def derive_status(cycle_step: CycleStep, outputs: Outputs, today: dt.date) -> tuple[StepStatus, str]:
    if outputs.done:
        return StepStatus.DONE, outputs.reason
    if today > cycle_step.due_date:
        return StepStatus.LATE, f"Tenggat {cycle_step.due_date:%d-%m-%Y} terlewati"
    if outputs.started or today >= cycle_step.start_date:
        default = "Keluaran mulai dikerjakan" if outputs.started else "Jangka waktu langkah dimulai"
        return StepStatus.IN_PROGRESS, outputs.reason or default
    return StepStatus.NOT_STARTED, "Belum dimulai"


# The steps whose outputs are the Forum's meetings, the Daftar Data and the Berita Acara: what the
# planning actions change.
PLANNING_STEPS = (1, 4)


def refresh_cycle(
    cycle: Cycle, *, actor: User | None = None, today: dt.date | None = None, steps: tuple[int, ...] | None = None
) -> list[StepEvent]:
    """Bring the stored statuses in line with the system; write one event per change.

    An action passes the `steps` its outputs feed: the others only change with the calendar, and
    that change belongs to the dashboard or the nightly command (actor: the system), not to whoever
    happened to save something."""
    return refresh_cycle_outputs(cycle, actor=actor, today=today, steps=steps)[0]


def refresh_cycle_outputs(
    cycle: Cycle, *, actor: User | None = None, today: dt.date | None = None, steps: tuple[int, ...] | None = None
) -> tuple[list[StepEvent], dict[int, Outputs]]:
    """`refresh_cycle`, also giving each refreshed step's outputs by number, for a page that shows
    them without reading them all again."""
    today = today or local_today()
    events: list[StepEvent] = []
    outputs: dict[int, Outputs] = {}
    cycle_steps = cycle.steps.select_related("cycle").prefetch_related("evidence").order_by("number")
    if steps is not None:
        cycle_steps = cycle_steps.filter(number__in=steps)
    for cycle_step in cycle_steps:
        outputs[cycle_step.number] = outputs_of(cycle_step)
        status, reason = derive_status(cycle_step, outputs[cycle_step.number], today)
        if status != cycle_step.status:
            event = _set_status(cycle_step, status, reason=reason, actor=actor)
            if event:
                events.append(event)
    return events, outputs


@transaction.atomic
def _set_status(cycle_step: CycleStep, status: StepStatus, *, reason: str, actor: User | None) -> StepEvent | None:
    old = cycle_step.status
    done_at = timezone.now() if status == StepStatus.DONE else None
    # Conditional update: two requests noticing the same change write only one event.
    changed = CycleStep.objects.filter(pk=cycle_step.pk, status=old).update(status=status, done_at=done_at)
    if changed != 1:
        cycle_step.refresh_from_db()
        return None
    cycle_step.status, cycle_step.done_at = status, done_at
    return StepEvent.objects.create(
        cycle_step=cycle_step, actor=actor, from_status=old, to_status=status, reason=reason[:500]
    )
