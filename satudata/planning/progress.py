"""How a step's status follows from what the system holds.

A step is done when its outputs exist (a signed Berita Acara, all items agreed …), or, for steps
whose outputs this version does not hold yet, when an evidence file with a note was uploaded. It is
late when its due date has passed without that, in progress once its window opened or work on its
outputs began, and not started before.

The rules, step by step. The cycle's *OPDs* are those with an agreed (accepted) Daftar Data item;
its *datasets* are those made from an agreed item (as in `satudata.datasets.progress`); versions
count when created on or after the cycle's start date, publications when made on or after it.

- 1  Forum: done when a signed Berita Acara of the cycle is uploaded; started by a meeting or an item.
- 2  Rencana kegiatan statistik: done when every OPD has at least one statistical activity in the
     cycle; started once any activity exists.
- 3  Identifikasi kebutuhan data: done when step 2's rule holds and every activity of the cycle has
     its metadata submitted or agreed (status Diajukan or Disepakati); started by a first submission.
- 4  Penilaian akurasi: every item agreed, minutes kept, the whole list in a signed Berita Acara.
- 5  Rekomendasi BPS: done when step 2's rule holds and every activity that needs a recommendation
     has one. An activity needs one when it is a survey, when its MS-Keg says it gets one, or when
     one was asked of BPS (a compilation of administrative records may ask); it has one when the
     portal records the recommendation as Direkomendasikan, or MS-Keg holds its number (imported
     from INDAH). Started once a request is with BPS.
- 7  Jadwal rilis: done when every dataset has an entry in the release schedule planned in the
     cycle's year; started by the first such entry.
- 10 Pengumpulan and 11 Pengolahan: registered by the datasets app (`satudata.datasets.progress`):
     every dataset has a version submitted, respectively verified by the walidata.
- 12 Analisis: done when every dataset has a verified (or checked, published) version and each such
     version carries the producer's narrative; started once any version has a narrative. Not
     "published": analysis comes before publication (step 15) in the SOP.
- 15 Penyebarluasan: done when every dataset has a version published since the cycle started;
     started by the first publication.
- 21 Renaksi: done when the Renaksi drawn up in the cycle is agreed and its Berita Acara signed;
     started when the plan is started.
- 22 Proses selesai: done when the cycle is closed.
- The other steps (6, 8, 9, 13, 14, 16–20): an evidence file. The walidata's (or a non-producer
  actor's) completes the step; a producer's covers its own OPD and shows the step under way.

A step's rule needs at least one OPD, activity or dataset to be done: an empty cycle is not a
finished one. For steps 2, 3, 5, 7, 12 and 15 an evidence file still counts as for the others
(`Step.system_output` is False for them): the walidata may complete a step whose outputs are kept
outside the portal, with a file and a note that stay on record.

Adding a check: `OUTPUT_CHECKS` maps a step number to a function of the cycle returning `Outputs`;
an app registers its own in its `AppConfig.ready` (as the datasets app does for 10 and 11). A check
that reads the facts several steps share takes them from `facts_of(cycle)`, so that one refresh
reads each kind of fact once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from satudata.accounts.models import User
from satudata.datasets.models import Dataset, DatasetVersion, VersionEvent, VersionStatus
from satudata.metadata.models import (
    ActivityEvent,
    MetadataStatus,
    RecommendationEvent,
    RecommendationStatus,
    StatisticalActivity,
)
from satudata.planning.models import (
    ActionPlan,
    BeritaAcara,
    BeritaAcaraSubject,
    Cycle,
    CycleStep,
    ItemEvent,
    ItemStatus,
    StepEvent,
    StepStatus,
    local_today,
)
from satudata.schedule.models import ReleaseSchedule


@dataclass
class Outputs:
    done: bool = False
    started: bool = False
    reason: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)
    # When the outputs were complete, where the held records tell (the latest of their event rows);
    # None: the moment the system notices.
    done_at: dt.datetime | None = None


# ---------------------------------------------------------------------------------------------
# Facts several steps share


@dataclass(frozen=True)
class ActivityFact:
    """A statistical activity of the cycle, as steps 2, 3 and 5 read it."""

    pk: int
    organization_id: int
    status: str
    begun_at: dt.datetime  # its first history row (creation), else the row's own creation time
    submitted_at: dt.datetime | None  # its latest submission: the one that stands
    needs_recommendation: bool
    recommended: bool
    recommendation_asked: bool  # a request is (or was) with BPS
    recommended_at: dt.datetime | None

    @property
    def metadata_filled(self) -> bool:
        return self.status in (MetadataStatus.SUBMITTED, MetadataStatus.ACCEPTED)


@dataclass(frozen=True)
class DatasetFact:
    """A dataset of the cycle, as steps 7, 10, 11, 12 and 15 read it: when each output was there
    (None: not yet)."""

    pk: int
    organization_id: int
    submitted_at: dt.datetime | None
    verified_at: dt.datetime | None
    analysed_at: dt.datetime | None
    has_narrative: bool
    published_at: dt.datetime | None
    scheduled_at: dt.datetime | None


class CycleFacts:
    """What the checks of several steps (and the compliance matrix) read about one cycle, each kind
    in one query, read when first asked for."""

    def __init__(self, cycle: Cycle) -> None:
        self.cycle = cycle
        self.start = timezone.make_aware(dt.datetime.combine(cycle.start_date, dt.time.min))

    @cached_property
    def accepted_org_ids(self) -> set[int]:
        """The cycle's OPDs: those with an agreed Daftar Data item."""
        items = self.cycle.items.filter(status=ItemStatus.ACCEPTED)
        return set(items.order_by().values_list("organization_id", flat=True).distinct())

    @cached_property
    def activities(self) -> list[ActivityFact]:
        events = ActivityEvent.objects.filter(activity=OuterRef("pk")).order_by()
        recommended = RecommendationEvent.objects.filter(
            recommendation__activity=OuterRef("pk"), to_status=RecommendationStatus.RECOMMENDED
        ).order_by()
        rows = (
            StatisticalActivity.objects.filter(cycle=self.cycle)
            .order_by()
            .values(
                "pk",
                "organization_id",
                "status",
                "created",
                "updated",
                "cara_pengumpulan",
                "rekomendasi",
                "identitas_rekomendasi",
                "recommendation__status",
            )
            .annotate(
                first_event=_first(events, "created"),
                last_submitted=_last(events.filter(kind=ActivityEvent.Kind.SUBMITTED), "created"),
                recommended_at=_last(recommended, "created"),
            )
        )
        facts = []
        for row in rows:
            asked = row["recommendation__status"] not in (None, RecommendationStatus.DRAFT)
            declared = row["rekomendasi"] == "ya"
            submitted_at = row["last_submitted"]
            if submitted_at is None and row["status"] in (MetadataStatus.SUBMITTED, MetadataStatus.ACCEPTED):
                submitted_at = row["updated"]  # imported or older rows without their history
            facts.append(
                ActivityFact(
                    pk=row["pk"],
                    organization_id=row["organization_id"],
                    status=row["status"],
                    begun_at=row["first_event"] or row["created"],
                    submitted_at=submitted_at,
                    needs_recommendation=row["cara_pengumpulan"] == "survei" or declared or asked,
                    recommended=row["recommendation__status"] == RecommendationStatus.RECOMMENDED
                    or (declared and bool(row["identitas_rekomendasi"])),
                    recommendation_asked=asked,
                    recommended_at=row["recommended_at"],
                )
            )
        return facts

    @cached_property
    def datasets(self) -> list[DatasetFact]:
        from satudata.datasets.progress import SUBMITTED_ON, VERIFIED_ON

        if not self.accepted_org_ids:
            return []
        versions = DatasetVersion.objects.filter(dataset=OuterRef("pk"), created__gte=self.start).order_by()
        transitions = VersionEvent.objects.filter(
            version__dataset=OuterRef("pk"), version__created__gte=self.start, kind=VersionEvent.Kind.TRANSITION
        ).order_by()
        rows = (
            Dataset.objects.filter(daftar_item__cycle=self.cycle, daftar_item__status=ItemStatus.ACCEPTED)
            .order_by()
            .values("pk", "organization_id")
            .annotate(
                # A version's status is the fact; its event row gives the date (the version's own
                # creation time for rows without their history, e.g. demo data).
                submitted=Coalesce(
                    _first(transitions.filter(to_status=VersionStatus.SUBMITTED), "created"),
                    _first(versions.filter(status__in=SUBMITTED_ON), "created"),
                ),
                is_submitted=Exists(versions.filter(status__in=SUBMITTED_ON)),
                verified=Coalesce(
                    _first(transitions.filter(to_status=VersionStatus.VERIFIED), "created"),
                    _first(versions.filter(status__in=VERIFIED_ON), "created"),
                ),
                is_verified=Exists(versions.filter(status__in=VERIFIED_ON)),
                without_narrative=Exists(versions.filter(status__in=VERIFIED_ON, narrative="")),
                has_narrative=Exists(versions.exclude(narrative="")),
                published=_first(
                    DatasetVersion.objects.filter(
                        dataset=OuterRef("pk"),
                        status__in=(VersionStatus.PUBLISHED, VersionStatus.WITHDRAWN),
                        published_at__gte=self.start,
                    ).order_by(),
                    "published_at",
                ),
                scheduled=_first(
                    ReleaseSchedule.objects.filter(
                        dataset=OuterRef("pk"), planned_date__year=self.cycle.year
                    ).order_by(),
                    "created",
                ),
            )
        )
        facts = []
        for row in rows:
            verified_at = row["verified"] if row["is_verified"] else None
            facts.append(
                DatasetFact(
                    pk=row["pk"],
                    organization_id=row["organization_id"],
                    submitted_at=row["submitted"] if row["is_submitted"] else None,
                    verified_at=verified_at,
                    # The narrative is written with the data and frozen at submission, so a verified
                    # version's narrative was there when it was verified.
                    analysed_at=None if row["without_narrative"] else verified_at,
                    has_narrative=row["has_narrative"],
                    published_at=row["published"],
                    scheduled_at=row["scheduled"],
                )
            )
        return facts

    # --- per OPD: when its share of a producer step was done (None: not yet; absent: nothing yet)

    def activity_plans(self) -> dict[int, dt.datetime | None]:
        """Step 2: an OPD is done at its first activity's creation."""
        firsts: dict[int, dt.datetime | None] = {}
        for a in self.activities:
            current = firsts.get(a.organization_id)
            firsts[a.organization_id] = a.begun_at if current is None else min(current, a.begun_at)
        return firsts

    def metadata_filled(self) -> dict[int, dt.datetime | None]:
        """Step 3: an OPD is done when the last of its activities was submitted."""
        return latest_of((a.organization_id, a.submitted_at if a.metadata_filled else None) for a in self.activities)

    def datasets_by(self, attribute: str) -> dict[int, dt.datetime | None]:
        """Steps 10, 11, 12: an OPD is done when the last of its datasets was."""
        return latest_of((d.organization_id, getattr(d, attribute)) for d in self.datasets)


def latest_of(pairs: Iterable[tuple[int, dt.datetime | None]]) -> dict[int, dt.datetime | None]:
    """Per key, the latest date, or None when any of its dates is None (something is not done)."""
    result: dict[int, dt.datetime | None] = {}
    missing: set[int] = set()
    for key, when in pairs:
        if when is None:
            missing.add(key)
            result[key] = None
        elif key not in missing:
            current = result.get(key)
            result[key] = when if current is None else max(current, when)
    return result


# The per-OPD facts of the producer steps whose outputs the system holds; the compliance matrix
# reads the others from evidence.
OPD_FACTS: dict[int, Callable[[CycleFacts], dict[int, dt.datetime | None]]] = {
    2: CycleFacts.activity_plans,
    3: CycleFacts.metadata_filled,
    10: lambda facts: facts.datasets_by("submitted_at"),
    11: lambda facts: facts.datasets_by("verified_at"),
    12: lambda facts: facts.datasets_by("analysed_at"),
}

_FACTS_ATTRIBUTE = "_shared_step_facts"


def facts_of(cycle: Cycle) -> CycleFacts:
    """The facts the running refresh of this cycle shares (see `refresh_cycle_outputs`), else new ones."""
    shared = getattr(cycle, _FACTS_ATTRIBUTE, None)
    return shared if isinstance(shared, CycleFacts) else CycleFacts(cycle)


def _first(rows: QuerySet[Any], column: str) -> Subquery:
    return Subquery(rows.values(column).order_by(column)[:1])


def _last(rows: QuerySet[Any], column: str) -> Subquery:
    return Subquery(rows.values(column).order_by(f"-{column}")[:1])


def _latest(dates: Iterable[dt.datetime | None]) -> dt.datetime | None:
    """The latest date, or None when one is unknown."""
    values = list(dates)
    if not values or any(d is None for d in values):
        return None
    return max(d for d in values if d is not None)


# ---------------------------------------------------------------------------------------------
# The checks


def _signed_berita_acara(
    cycle: Cycle, subject: BeritaAcaraSubject = BeritaAcaraSubject.DAFTAR_DATA
) -> BeritaAcara | None:
    """The latest Berita Acara of ``subject`` in the cycle with its signed scan filed."""
    return (
        BeritaAcara.objects.filter(meeting__cycle=cycle, subject=subject)
        .exclude(signed_scan="")
        .order_by("-signed_uploaded_at")
        .first()
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


def _step21(cycle: Cycle) -> Outputs:
    """Renaksi: done when the plan drawn up in this cycle is agreed and its Berita Acara signed."""
    plan = ActionPlan.objects.filter(drafted_in=cycle).first()
    out = Outputs(started=plan is not None)
    out.links.append((_("Renaksi"), reverse("planning:renaksi", args=[cycle.year])))
    out.links.append((_("Laporan konsistensi"), reverse("consistency:report", args=[cycle.year])))
    signed = _signed_berita_acara(cycle, BeritaAcaraSubject.RENAKSI)
    if plan is not None and plan.is_agreed and signed is not None:
        out.done, out.done_at = True, signed.signed_uploaded_at
        out.reason = f"Renaksi {plan.year} disepakati; Berita Acara {signed.number} ditandatangani"
        out.links.append((f"Berita Acara {signed.number}", signed.get_absolute_url()))
    return out


def _step22(cycle: Cycle) -> Outputs:
    closed = cycle.closed_at is not None
    return Outputs(done=closed, reason="Siklus ditutup" if closed else "")


def _plans(facts: CycleFacts) -> tuple[set[int], dict[int, dt.datetime | None]]:
    """Step 2's rule: the OPDs without an activity plan, and the OPDs' plans."""
    plans = facts.activity_plans()
    return facts.accepted_org_ids - plans.keys(), plans


def _step2(cycle: Cycle) -> Outputs:
    facts = facts_of(cycle)
    required = facts.accepted_org_ids
    missing, plans = _plans(facts)
    out = Outputs(started=bool(facts.activities))
    out.links.append(
        (
            _("Kegiatan statistik: %(n)s") % {"n": len(facts.activities)},
            reverse("metadata:activities", args=[cycle.year]),
        )
    )
    if required and not missing:
        out.done = True
        out.reason = f"Semua {len(required)} OPD Daftar Data menyusun rencana kegiatan statistik"
        out.done_at = _latest(plans[org] for org in required)
    elif facts.activities:
        out.reason = f"{len(required) - len(missing)} dari {len(required)} OPD Daftar Data menyusun rencana kegiatan"
    return out


def _step3(cycle: Cycle) -> Outputs:
    facts = facts_of(cycle)
    activities = facts.activities
    filled = [a for a in activities if a.metadata_filled]
    missing = _plans(facts)[0]
    out = Outputs(started=any(a.submitted_at or a.status != MetadataStatus.DRAFT for a in activities))
    url = reverse("metadata:activities", args=[cycle.year])
    out.links.append((_("Metadata diajukan/disepakati: %(n)s/%(total)s") % {"n": len(filled), "total": len(activities)},
                      url))  # fmt: skip
    if activities and facts.accepted_org_ids and not missing and len(filled) == len(activities):
        out.done = True
        out.reason = f"Metadata semua {len(activities)} kegiatan statistik sudah diajukan atau disepakati"
        out.done_at = _latest(a.submitted_at for a in activities)
    elif out.started:
        out.reason = f"Metadata {len(filled)} dari {len(activities)} kegiatan sudah diajukan atau disepakati"
    return out


def _step5(cycle: Cycle) -> Outputs:
    facts = facts_of(cycle)
    needing = [a for a in facts.activities if a.needs_recommendation]
    recommended = [a for a in needing if a.recommended]
    missing, plans = _plans(facts)
    out = Outputs(started=any(a.recommendation_asked for a in facts.activities))
    url = reverse("metadata:activities", args=[cycle.year])
    out.links.append((_("Kegiatan direkomendasikan: %(n)s/%(total)s") % {"n": len(recommended),
                      "total": len(needing)}, url))  # fmt: skip
    if facts.activities and facts.accepted_org_ids and not missing and len(recommended) == len(needing):
        out.done = True
        if needing:
            out.reason = f"Semua {len(needing)} kegiatan yang memerlukan rekomendasi BPS sudah direkomendasikan"
            out.done_at = _latest(a.recommended_at for a in needing)
        else:
            out.reason = "Tidak ada kegiatan yang memerlukan rekomendasi BPS"
            out.done_at = _latest(plans.values())
    elif needing:
        out.reason = f"{len(recommended)} dari {len(needing)} kegiatan yang memerlukan rekomendasi BPS direkomendasikan"
    return out


def _dataset_step(
    cycle: Cycle, attribute: str, *, started: Callable[[DatasetFact], bool], label: str, done: str, progress: str
) -> Outputs:
    """A step done when every dataset of the cycle has the dated output `attribute`."""
    datasets = facts_of(cycle).datasets
    with_output = [d for d in datasets if getattr(d, attribute) is not None]
    out = Outputs(started=any(started(d) for d in datasets))
    out.links.append((label % {"n": len(with_output), "total": len(datasets)}, reverse("datasets:list")))
    if datasets and len(with_output) == len(datasets):
        out.done, out.reason = True, done % {"total": len(datasets)}
        out.done_at = _latest(getattr(d, attribute) for d in datasets)
    elif out.started:
        out.reason = progress % {"n": len(with_output), "total": len(datasets)}
    return out


def _step7(cycle: Cycle) -> Outputs:
    out = _dataset_step(
        cycle, "scheduled_at", started=lambda d: d.scheduled_at is not None,
        label=_("Dataset terjadwal rilis: %(n)s/%(total)s"),
        done="Semua %(total)s dataset Daftar Data memiliki jadwal rilis tahun ini",
        progress="%(n)s dari %(total)s dataset memiliki jadwal rilis tahun ini",
    )  # fmt: skip
    out.links.append((_("Jadwal rilis %(year)s") % {"year": cycle.year},
                      f"{reverse('schedule:list')}?tahun={cycle.year}"))  # fmt: skip
    return out


def _step12(cycle: Cycle) -> Outputs:
    return _dataset_step(
        cycle, "analysed_at", started=lambda d: d.has_narrative,
        label=_("Dataset dengan narasi analisis: %(n)s/%(total)s"),
        done="Data terverifikasi semua %(total)s dataset Daftar Data disertai narasi analisis",
        progress="%(n)s dari %(total)s dataset memiliki data terverifikasi dengan narasi analisis",
    )  # fmt: skip


def _step15(cycle: Cycle) -> Outputs:
    out = _dataset_step(
        cycle, "published_at", started=lambda d: d.published_at is not None,
        label=_("Dataset terbit: %(n)s/%(total)s"),
        done="Semua %(total)s dataset Daftar Data sudah terbit",
        progress="%(n)s dari %(total)s dataset sudah terbit",
    )  # fmt: skip
    out.links.append((_("Ketepatan waktu rilis %(year)s") % {"year": cycle.year},
                      f"{reverse('schedule:report')}?tahun={cycle.year}"))  # fmt: skip
    return out


OUTPUT_CHECKS: dict[int, Callable[[Cycle], Outputs]] = {
    1: _step1, 2: _step2, 3: _step3, 4: _step4, 5: _step5, 7: _step7, 12: _step12, 15: _step15, 21: _step21,
    22: _step22,
}  # fmt: skip


def evidence_outputs(cycle_step: CycleStep) -> Outputs:
    """What the uploaded evidence says: the walidata's (or a non-producer actor's) completes the
    step, a producer's shows it under way."""
    # Newest first (the model's ordering); .all() uses the evidence refresh_cycle_outputs prefetched.
    evidence = list(cycle_step.evidence.all())
    final = next((e for e in evidence if e.completes_step), None)
    if final is not None:
        return Outputs(done=True, started=True, reason=f"Bukti diunggah: {final.original_name}", done_at=final.created)
    if evidence:
        return Outputs(started=True, reason="Bukti Produsen Data masuk; menunggu konfirmasi Walidata")
    return Outputs()


def outputs_of(cycle_step: CycleStep) -> Outputs:
    check = OUTPUT_CHECKS.get(cycle_step.number)
    if check is None:
        return evidence_outputs(cycle_step)
    out = check(cycle_step.cycle)
    if cycle_step.step.system_output or out.done:
        return out
    # A step that still takes evidence: the walidata's file completes it as for the other steps.
    evidence = evidence_outputs(cycle_step)
    if evidence.done:
        return Outputs(done=True, started=True, reason=evidence.reason, links=out.links, done_at=evidence.done_at)
    out.started = out.started or evidence.started
    out.reason = out.reason or evidence.reason
    return out


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
    cycle: Cycle,
    *,
    actor: User | None = None,
    today: dt.date | None = None,
    steps: tuple[int, ...] | None = None,
    facts: CycleFacts | None = None,
) -> tuple[list[StepEvent], dict[int, Outputs]]:
    """`refresh_cycle`, also giving each refreshed step's outputs by number, for a page that shows
    them without reading them all again. The checks share one `CycleFacts` (given, or read anew)."""
    today = today or local_today()
    events: list[StepEvent] = []
    outputs: dict[int, Outputs] = {}
    cycle_steps = cycle.steps.prefetch_related("evidence").order_by("number")
    if steps is not None:
        cycle_steps = cycle_steps.filter(number__in=steps)
    outer = getattr(cycle, _FACTS_ATTRIBUTE, None)
    setattr(cycle, _FACTS_ATTRIBUTE, facts or outer or CycleFacts(cycle))
    try:
        for cycle_step in cycle_steps:
            cycle_step.cycle = cycle  # one instance, so that the checks share its facts
            outputs[cycle_step.number] = outputs_of(cycle_step)
            status, reason = derive_status(cycle_step, outputs[cycle_step.number], today)
            if status != cycle_step.status:
                done_at = outputs[cycle_step.number].done_at
                event = _set_status(cycle_step, status, reason=reason, actor=actor, done_at=done_at)
                if event:
                    events.append(event)
    finally:
        setattr(cycle, _FACTS_ATTRIBUTE, outer)
    return events, outputs


@transaction.atomic
def _set_status(
    cycle_step: CycleStep, status: StepStatus, *, reason: str, actor: User | None, done_at: dt.datetime | None = None
) -> StepEvent | None:
    old = cycle_step.status
    # A done step keeps when its outputs were complete, where the records tell, not when noticed.
    finished = (done_at or timezone.now()) if status == StepStatus.DONE else None
    # Conditional update: two requests noticing the same change write only one event.
    changed = CycleStep.objects.filter(pk=cycle_step.pk, status=old).update(status=status, done_at=finished)
    if changed != 1:
        cycle_step.refresh_from_db()
        return None
    cycle_step.status, cycle_step.done_at = status, finished
    return StepEvent.objects.create(
        cycle_step=cycle_step, actor=actor, from_status=old, to_status=status, reason=reason[:500]
    )
