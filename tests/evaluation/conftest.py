from __future__ import annotations

import pytest

from satudata.accounts.models import User
from satudata.evaluation.actions import do_score_indicator, do_start_assessment
from satudata.evaluation.models import Assessment
from tests.datasets.conftest import draft, kecamatan, make_dataset  # noqa: F401  (shared fixtures)


@pytest.fixture
def assessment(people: dict[str, User]) -> Assessment:
    return do_start_assessment(year=2026, acting_user=people["wali"])


def score_all(assessment: Assessment, by: User, default: int, **overrides: int) -> None:
    """Give every indicator a level (and the explanation a level needs)."""
    for indicator in assessment.indicators():
        level = overrides.get(f"i{indicator.code}", default)
        do_score_indicator(indicator=indicator, level=level, explanation=f"Penjelasan {indicator.code}", acting_user=by)
