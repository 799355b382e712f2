"""The worksheet of a year's assessment as one tree (domains → aspects → indicators) with the index
of every group, read in three queries; the pages and the exports show it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q

from satudata.evaluation import epss
from satudata.evaluation.models import Aspect, Assessment, Domain, Evidence, Indicator


@dataclass
class AspectRow:
    aspect: Aspect
    indicators: list[Indicator]

    @property
    def index(self) -> Decimal | None:
        """Σ indicator weight × level, when every indicator has a level."""
        if any(i.level is None for i in self.indicators):
            return None
        return sum((i.weight * (i.level or 0) for i in self.indicators), Decimal(0)) / epss.HUNDRED


@dataclass
class DomainRow:
    domain: Domain
    aspects: list[AspectRow]

    @property
    def index(self) -> Decimal | None:
        indices = [a.index for a in self.aspects]
        if any(i is None for i in indices):
            return None
        return sum((a.aspect.weight * (a.index or 0) for a in self.aspects), Decimal(0)) / epss.HUNDRED


@dataclass
class Worksheet:
    assessment: Assessment
    domains: list[DomainRow]
    weights: dict[str, Decimal] = field(default_factory=dict)
    levels: dict[str, int] = field(default_factory=dict)

    @property
    def indicators(self) -> list[Indicator]:
        return [i for d in self.domains for a in d.aspects for i in a.indicators]

    @property
    def answered(self) -> int:
        return sum(1 for i in self.indicators if i.level is not None)

    @property
    def total(self) -> int:
        return len(self.indicators)

    @property
    def ips(self) -> Decimal | None:
        try:
            return epss.round_ips(epss.compute_ips(self.weights, self.levels))
        except epss.MissingLevels:
            return None

    @property
    def predicate(self) -> epss.Predicate | None:
        ips = self.ips
        return epss.predicate(ips) if ips is not None else None


def build(assessment: Assessment, *, with_evidence: bool = False) -> Worksheet:
    active = Q(evidence__removed_at__isnull=True) & Q(evidence__isnull=False)
    indicators = Indicator.objects.annotate(evidence_count=Count("evidence", filter=active)).order_by("code")
    if with_evidence:
        indicators = indicators.prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.filter(removed_at__isnull=True), to_attr="active_evidence")
        )
    domains = assessment.domains.prefetch_related(
        Prefetch("aspects", queryset=Aspect.objects.order_by("code")),
        Prefetch("aspects__indicators", queryset=indicators),
    ).order_by("code")
    rows = [
        DomainRow(domain, [AspectRow(aspect, list(aspect.indicators.all())) for aspect in domain.aspects.all()])
        for domain in domains
    ]
    sheet = Worksheet(assessment, rows)
    for d in rows:
        for a in d.aspects:
            for i in a.indicators:
                # Parents are known here; setting them spares a query per indicator.
                a.aspect.domain = d.domain
                i.aspect = a.aspect
                sheet.weights[i.code] = d.domain.weight * a.aspect.weight * i.weight / epss.HUNDRED**3
                if i.level is not None:
                    sheet.levels[i.code] = i.level
    return sheet
