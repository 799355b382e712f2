"""The demo's draft Renaksi (SOP step 21): drawn up in the demo cycle for the next year, from what
the demo's evaluation found weak: the two EPSS indicators at the lowest level whose rise adds most to
the IPS, and the dataset with the lowest quality score. The plan stays a draft, for the Forum to
complete and agree in its meeting. Its reasons say they are sample data. Safe to run again: a year
that already has a Renaksi is left as it is."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from satudata.accounts.models import Organization, User
from satudata.planning.actions import do_add_action_item, do_start_action_plan
from satudata.planning.models import ActionItem, ActionPlan, Cycle

SAMPLE = "(Data contoh) "
# Who answers for a weak indicator, by EPSS domain: the walidata's office for the principles, data
# quality and the statistical business process; the Forum secretariat for institutions and the
# national statistical system.
DOMAIN_OWNER = {"1": "diskominfo", "2": "diskominfo", "3": "diskominfo", "4": "bappelitbangda", "5": "bappelitbangda"}


def _decimal(value: object, places: int) -> str:
    return f"{value:.{places}f}".replace(".", ",")


def load_demo_renaksi(*, cycle: Cycle, forum: User, orgs: dict[str, Organization]) -> ActionPlan | None:
    """The draft Renaksi for ``cycle.year + 1``; None when one exists or the cycle is closed."""
    if cycle.is_closed or ActionPlan.objects.filter(year=cycle.year + 1).exists():
        return None
    with translation.override("id"):
        plan = do_start_action_plan(cycle=cycle, acting_user=forum)
        year = plan.year
        dues = iter([dt.date(year, 6, 30), dt.date(year, 9, 30), dt.date(year, 12, 31)])
        for item in [*_weak_indicators(plan, orgs), *_weak_dataset(plan)]:
            item.due_date = next(dues)
            do_add_action_item(item=item, acting_user=forum)
    return plan


def _weak_indicators(plan: ActionPlan, orgs: dict[str, Organization]) -> list[ActionItem]:
    from satudata.evaluation import epss
    from satudata.evaluation.models import Assessment

    assessment = Assessment.objects.filter(year=plan.drafted_in.year).first()
    if assessment is None:
        return []
    indicators = {i.code: i for i in assessment.indicators()}
    gains = sorted(epss.gains(assessment.weights(), assessment.levels()), key=lambda g: (g.current, -g.per_level))
    items = []
    for gain in gains[:2]:
        indicator = indicators[gain.code]
        items.append(
            ActionItem(
                plan=plan,
                title=f"Naikkan tingkat kematangan EPSS {gain.code} {indicator.name}"[:300],
                reason=(
                    f"{SAMPLE}Penilaian mandiri EPSS {assessment.year} memberi indikator ini tingkat {gain.current} "
                    f"({epss.Level(gain.current).label}); naik satu tingkat menambah IPS "
                    f"{_decimal(gain.per_level, 3)}. Sasaran tingkat {gain.current + 1}: "
                    f"{indicator.criterion(gain.current + 1)}"
                ),
                indicator_code=gain.code,
                organization=orgs[DOMAIN_OWNER[indicator.aspect.domain.code]],
            )
        )
    return items


def _weak_dataset(plan: ActionPlan) -> list[ActionItem]:
    from satudata.evaluation import quality

    for result in quality.weakest(quality.assess(quality.scored_datasets()), limit=1):
        scored = [d for d in result.dimensions if d.score is not None]
        if not scored:
            continue
        weak = min(scored, key=lambda d: d.score or 0)
        detail = f": {weak.evidence[0]}" if weak.evidence else ""
        return [
            ActionItem(
                plan=plan,
                title=f"Perbaiki {weak.label.lower()}: {result.dataset.title}"[:300],
                reason=(
                    f"{SAMPLE}Dataset dengan skor kualitas terendah ({_decimal(result.score, 1)} dari 100); "
                    f"dimensi terlemahnya {weak.label.lower()}."
                ),
                dataset=result.dataset,
                problem=f"{weak.label} {_decimal(weak.score, 1)}{detail}"[:300],
                organization=result.dataset.organization,
            )
        ]
    return []
