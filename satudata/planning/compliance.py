"""SOP compliance of a cycle: each step against its due date, and each OPD's share of the steps
producers act in (the OPD × step matrix), with the one-page summary for the head of the agency.

The OPDs are those with an agreed Daftar Data item or a statistical activity in the cycle. An OPD's
share of a producer step is done at the earliest of:

- what the portal holds for that OPD (`progress.OPD_FACTS`, the same facts as the steps' own
  checks): step 2 at its first statistical activity (the activity's first history row), step 3 when
  the last of its activities was submitted, steps 10, 11 and 12 when the last of its datasets was
  submitted, verified, or verified with its narrative (the versions' transition rows);
- an evidence file for the step uploaded by one of the OPD's producers;
- an evidence file that completes the step (the walidata's), for every OPD.

Against the step's due date (`CycleStep.due_date`) the cell is then on time (done on or before
it), late (done after it), missing (not done, the due date has passed) or not due (not done yet,
still within time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from satudata.accounts.models import Membership, Organization, Role
from satudata.planning.models import Cycle, CycleStep, StepStatus, local_today
from satudata.planning.progress import OPD_FACTS, CycleFacts, Outputs, refresh_cycle_outputs
from satudata.planning.steps import STEPS

# The steps producers act in: the columns of the matrix.
PRODUCER_STEPS = tuple(step.number for step in STEPS if Role.PRODUCER in step.actors)
# The actors in a word each, where a line must stay short (the one-page summary).
SHORT_ACTORS = {Role.PRODUCER: _("Produsen"), Role.WALIDATA: _("Walidata"), Role.PEMBINA: _("BPS"),
                Role.FORUM: _("Forum")}  # fmt: skip


class CellState(models.TextChoices):
    ON_TIME = "on_time", _("Tepat waktu")
    LATE = "late", _("Terlambat")
    MISSING = "missing", _("Belum ada")
    NOT_DUE = "not_due", _("Belum jatuh tempo")


@dataclass(frozen=True)
class Cell:
    number: int
    state: CellState
    done_on: dt.date | None = None
    # Late: days after the due date it was done; missing: days since the due date.
    days: int = 0


@dataclass
class OpdRow:
    organization: Organization
    cells: list[Cell]

    def count(self, state: CellState) -> int:
        return sum(1 for cell in self.cells if cell.state == state)

    @property
    def late(self) -> int:
        return self.count(CellState.LATE)

    @property
    def missing(self) -> int:
        return self.count(CellState.MISSING)

    @property
    def behind(self) -> int:
        return self.late + self.missing


@dataclass
class StepRow:
    cycle_step: CycleStep
    outputs: Outputs
    days_late: int
    # Producer steps: the shown OPDs' cells by state; empty for the other steps.
    counts: dict[str, int] = field(default_factory=dict)
    missing_opds: list[Organization] = field(default_factory=list)

    @property
    def actors_short(self) -> str:
        return ", ".join(str(SHORT_ACTORS[actor]) for actor in self.cycle_step.step.actors)

    @property
    def is_producer_step(self) -> bool:
        return self.cycle_step.number in PRODUCER_STEPS

    @property
    def done_on(self) -> dt.date | None:
        done_at = self.cycle_step.done_at
        return timezone.localdate(done_at) if done_at and self.cycle_step.status == StepStatus.DONE else None


@dataclass
class Compliance:
    cycle: Cycle
    today: dt.date
    steps: list[StepRow]
    columns: list[CycleStep]
    rows: list[OpdRow]


def cell_for(cycle_step: CycleStep, done_at: dt.datetime | None, today: dt.date) -> Cell:
    due = cycle_step.due_date
    if done_at is not None:
        done_on = timezone.localdate(done_at)
        state = CellState.ON_TIME if done_on <= due else CellState.LATE
        return Cell(cycle_step.number, state, done_on, max(0, (done_on - due).days))
    if today > due:
        return Cell(cycle_step.number, CellState.MISSING, days=(today - due).days)
    return Cell(cycle_step.number, CellState.NOT_DUE)


def compliance_of(
    cycle: Cycle,
    *,
    organization_ids: Collection[int] | None = None,
    step_numbers: Collection[int] | None = None,
    today: dt.date | None = None,
) -> Compliance:
    """The cycle's compliance as of `today`: the steps (`step_numbers`, None for all) and the OPD ×
    producer-step matrix for `organization_ids` (None for every OPD). Brings the stored statuses
    up to date on the way, as the dashboard does."""
    today = today or local_today()
    facts = CycleFacts(cycle)
    _events, outputs = refresh_cycle_outputs(cycle, today=today, facts=facts)
    cycle_steps = list(cycle.steps.prefetch_related("evidence").order_by("number"))
    columns = [cs for cs in cycle_steps if cs.number in PRODUCER_STEPS]
    org_ids = facts.accepted_org_ids | {a.organization_id for a in facts.activities}
    if organization_ids is not None:
        org_ids &= set(organization_ids)
    organizations = list(Organization.objects.filter(pk__in=org_ids).order_by("name"))
    done = _done_at(facts, columns, [o.pk for o in organizations])
    rows = [
        OpdRow(org, [cell_for(cs, done.get((org.pk, cs.number)), today) for cs in columns]) for org in organizations
    ]
    steps = []
    for cs in cycle_steps:
        if step_numbers is not None and cs.number not in step_numbers:
            continue
        row = StepRow(cs, outputs[cs.number], cs.days_late(today))
        if cs.number in PRODUCER_STEPS:
            index = PRODUCER_STEPS.index(cs.number)
            row.counts = {state: sum(1 for r in rows if r.cells[index].state == state) for state in CellState.values}
            row.missing_opds = [r.organization for r in rows if r.cells[index].state == CellState.MISSING]
        steps.append(row)
    return Compliance(cycle=cycle, today=today, steps=steps, columns=columns, rows=rows)


def _done_at(facts: CycleFacts, columns: list[CycleStep], org_ids: list[int]) -> dict[tuple[int, int], dt.datetime]:
    """When each OPD's share of each producer step (``columns``, evidence prefetched) was done:
    (OPD, step) → the earliest date."""
    done: dict[tuple[int, int], dt.datetime] = {}

    def record(org: int, number: int, when: dt.datetime | None) -> None:
        if when is not None and ((org, number) not in done or when < done[(org, number)]):
            done[(org, number)] = when

    for cs in columns:
        if cs.number in OPD_FACTS:
            for org, when in OPD_FACTS[cs.number](facts).items():
                record(org, cs.number, when)
    evidence = [(cs.number, e.uploaded_by_id, e.completes_step, e.created) for cs in columns for e in cs.evidence.all()]
    producers: dict[int, set[int]] = {}
    uploaders = {user_id for _number, user_id, _completes, _created in evidence}
    memberships = Membership.objects.filter(user_id__in=uploaders, role=Role.PRODUCER, organization__isnull=False)
    for user_id, org_id in memberships.values_list("user_id", "organization_id"):
        producers.setdefault(user_id, set()).add(org_id)
    for number, user_id, completes, created in evidence:
        for org in org_ids if completes else producers.get(user_id, set()):
            record(org, number, created)
    return done


# ---------------------------------------------------------------------------------------------
# The one-page summary for the head of the agency (Kepala Dinas)


@dataclass
class Action:
    """Something to act on: a late step (with the OPDs still missing it) or one falling due soon."""

    step: StepRow
    late: bool
    days: int  # late: days past the due date; upcoming: days left


@dataclass
class Summary:
    compliance: Compliance
    due: int  # steps whose due date has passed, or done
    on_time: int
    late_steps: list[StepRow]
    opds_behind: int  # OPDs with a late or missing share
    worst_opds: list[OpdRow]
    actions: list[Action]

    @property
    def percent_on_time(self) -> int | None:
        return round(100 * self.on_time / self.due) if self.due else None


WORST_OPDS = 8
ACTIONS = 5
UPCOMING_DAYS = 14


def summary_of(compliance: Compliance) -> Summary:
    today = compliance.today
    due_steps = [s for s in compliance.steps if s.cycle_step.status == StepStatus.DONE or today > s.cycle_step.due_date]
    on_time = [s for s in due_steps if s.done_on is not None and s.done_on <= s.cycle_step.due_date]
    late_steps = sorted((s for s in due_steps if s.days_late > 0), key=lambda s: (-s.days_late, s.cycle_step.number))
    worst = sorted((r for r in compliance.rows if r.behind), key=lambda r: (-r.behind, -r.missing, r.organization.name))
    actions = [Action(s, True, s.days_late) for s in late_steps if s.cycle_step.status == StepStatus.LATE]
    upcoming = [
        s for s in compliance.steps
        if s.cycle_step.status != StepStatus.DONE and 0 <= (s.cycle_step.due_date - today).days <= UPCOMING_DAYS
    ]  # fmt: skip
    actions += [Action(s, False, (s.cycle_step.due_date - today).days) for s in upcoming]
    return Summary(
        compliance=compliance,
        due=len(due_steps),
        on_time=len(on_time),
        late_steps=late_steps,
        opds_behind=len(worst),
        worst_opds=worst[:WORST_OPDS],
        actions=actions[:ACTIONS],
    )
