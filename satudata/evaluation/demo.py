"""The demo's EPSS self-assessment (SOP step 19) for the year of the demo cycle: every one of the 38
indicators has a level and an explanation, and a few of the portal's own proposals are attached as
evidence, so the worksheet shows an IPS and its predicate.

The levels are sample data, not the result of any Tim Penilai Internal: where the portal suggests a
level from what it holds (see :mod:`satudata.evaluation.proposals`) the demo takes it, so the
worksheet agrees with the demo's data; elsewhere it takes the invented level of ``LEVELS``. Every
explanation says it is sample text. Safe to run again: a year that already has an assessment is
left as it is."""

from __future__ import annotations

from django.utils import translation

from satudata.accounts.models import User
from satudata.evaluation import proposals
from satudata.evaluation.actions import do_add_evidence, do_score_indicator, do_start_assessment
from satudata.evaluation.epss import Level
from satudata.evaluation.models import Assessment

SAMPLE = "Data contoh (penjelasan contoh pada instalasi demo, bukan hasil penilaian Tim Penilai Internal): "

# Invented levels (sample data): mostly "Terkelola", a few stronger where a portal like this one
# does the work (interoperability, formats, dissemination), weak on staff competence and big data.
LEVELS: dict[str, int] = {
    "10101": 2, "10201": 2, "10301": 3, "10401": 3,
    "20101": 2, "20102": 2, "20201": 2, "20301": 2, "20302": 2, "20401": 3, "20402": 2, "20403": 3,
    "20501": 2, "20502": 2,
    "30101": 2, "30102": 2, "30103": 2, "30201": 2, "30301": 2, "30302": 2, "30401": 3,
    "40101": 2, "40102": 2, "40103": 2, "40104": 2, "40201": 1, "40202": 1, "40301": 2, "40302": 2,
    "40303": 2, "40304": 2,
    "50101": 2, "50102": 2, "50103": 1, "50201": 2, "50301": 1, "50302": 3, "50303": 1,
}  # fmt: skip

# Indicators whose first proposal the demo attaches as evidence.
ATTACHED = ("10401", "20302", "20401", "20403", "40302")


def load_demo_epss(*, walidata: User, year: int) -> Assessment:
    """The year's assessment, scored and with some evidence; an existing one is returned as it is."""
    existing = Assessment.objects.filter(year=year).first()
    if existing is not None:
        return existing
    # The stored texts (level names, the portal's reasons) in the source language, whatever the caller's.
    with translation.override("id"):
        return _load(walidata=walidata, year=year)


def _load(*, walidata: User, year: int) -> Assessment:
    assessment = do_start_assessment(year=year, acting_user=walidata)
    Assessment.objects.filter(pk=assessment.pk).update(is_sample=True)
    assessment.is_sample = True
    context = proposals.context_for(assessment)
    for indicator in assessment.indicators().order_by("code"):
        proposed = proposals.proposals_for(indicator.code, context)
        suggestion = proposed.suggestion
        level = suggestion.level if suggestion is not None else LEVELS.get(indicator.code, Level.TERKELOLA)
        explanation = f"{SAMPLE}tingkat {level} ({Level(level).label}): {indicator.criterion(level)}"
        if suggestion is not None:
            explanation += f" Menurut data portal: {suggestion.reason}"
        do_score_indicator(indicator=indicator, level=level, explanation=explanation, acting_user=walidata)
        if indicator.code in ATTACHED and proposed.items:
            proposal = proposed.items[0]
            do_add_evidence(
                indicator=indicator, title=proposal.title, url=proposal.url, note=proposal.summary,
                proposal_key=proposal.key, acting_user=walidata,
            )  # fmt: skip
    return assessment
