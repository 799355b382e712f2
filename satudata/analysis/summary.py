"""What a page shows of a release's descriptive analysis (`analysis/_summary.html`): the figures of
:mod:`satudata.analysis.descriptive` arranged for the tables, and the narratives the producers
wrote for the release's periods (SOP step 12)."""

from __future__ import annotations

from typing import Any

from satudata.analysis import descriptive
from satudata.datasets.models import Dataset, DatasetVersion, Release
from satudata.portal.charts import is_sample

# The public page lists the first ten areas; the staff page all of them.
PUBLIC_RANKING = 10


def release_narratives(release: Release) -> list[DatasetVersion]:
    """The release's versions that carry a narrative, latest period first."""
    versions = release.versions.exclude(narrative="").only("period", "narrative", "number", "published_at")
    return sorted(versions, key=lambda v: v.period, reverse=True)


def summary_context(
    release: Release, dataset: Dataset, *, measure: str | None = None, ranking: int | None = None
) -> dict[str, Any]:
    """The template's context; raises ChartParamError for an unknown measure."""
    analysis = descriptive.analyse(release, dataset, measure=measure)
    if analysis is None:
        return {"analysis": None}
    growth = {g.period: g for g in analysis.growth}
    ranking_rows = analysis.ranking[:ranking] if ranking else analysis.ranking
    return {
        "analysis": analysis,
        "period_rows": [(p, growth.get(p.period)) for p in analysis.periods],
        "ranking_rows": ranking_rows,
        "ranking_cut": len(ranking_rows) < len(analysis.ranking),
        "narratives": release_narratives(release),
        "sample": is_sample(release, dataset),
    }
