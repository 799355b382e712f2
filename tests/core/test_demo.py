import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from satudata.accounts.models import Membership, Organization, Role, User
from satudata.core.demo import PASSWORD, PRODUCER_ORGS, load_demo
from satudata.planning.models import Cycle, ItemStatus, StepStatus


@pytest.mark.django_db
def test_demo_builds_the_pasuruan_cycle_and_is_idempotent() -> None:
    today = dt.date(2026, 11, 23)
    first = load_demo(today)
    second = load_demo(today)
    assert first == second
    assert Organization.objects.exclude(kind=Organization.Kind.VERTIKAL).count() >= 8
    for username in ["admin", "walidata", "pembina", "forum", *[f"produsen-{s}" for s in PRODUCER_ORGS]]:
        assert User.objects.get(username=username).check_password(PASSWORD), username
    assert User.objects.get(username="admin").is_superuser
    assert Membership.objects.get(user__username="produsen-dinkes").role == Role.PRODUCER
    cycle = Cycle.objects.get(year=2026)
    assert cycle.steps.count() == 22
    assert cycle.items.count() >= 20
    statuses = set(cycle.items.values_list("status", flat=True))
    assert statuses == {ItemStatus.DRAFT, ItemStatus.SUBMITTED, ItemStatus.NEEDS_REVISION, ItemStatus.ACCEPTED}
    assert cycle.items.filter(is_priority=True).exists()
    assert cycle.meetings.count() == 1
    from satudata.reference.models import DataStandard

    assert set(DataStandard.objects.values_list("status", flat=True)) == {"accepted", "proposed", "needs_revision"}
    from satudata.metadata.models import StatisticalActivity

    activities = StatisticalActivity.objects.filter(cycle=cycle)
    assert activities.count() >= 6
    assert set(activities.values_list("status", flat=True)) == {"draft", "submitted", "needs_revision", "accepted"}
    assert activities.filter(metode_pemilihan_sampel="sampel_probabilitas", status="accepted").exists()
    assert activities.filter(metode_pemilihan_sampel="sampel_nonprobabilitas").exists()
    from satudata.metadata.models import Recommendation

    assert set(Recommendation.objects.values_list("status", flat=True)) == {"recommended", "submitted", "returned"}
    from satudata.metadata.models import AccuracyAssessment

    assessment = AccuracyAssessment.objects.get()
    assert "data contoh" in assessment.variable_name and 0 < assessment.result["rse_percent"] < 25
    # Started three weeks before "today": step 1 is late, step 2 under way.
    assert cycle.steps.get(number=1).status == StepStatus.LATE
    assert cycle.steps.get(number=2).status == StepStatus.IN_PROGRESS


@pytest.mark.django_db
def test_demo_epss_assessment_and_draft_renaksi() -> None:
    """The year's EPSS self-assessment is complete (38 levels, sample explanations, some of the
    portal's proposals attached), so the worksheet has an IPS and a predicate; the draft Renaksi for
    the next year takes its items from the weakest indicators. Loading again changes nothing."""
    from satudata.evaluation import epss, worksheet
    from satudata.evaluation.models import Assessment, Evidence, ScoreEvent
    from satudata.planning.models import ActionItem, ActionPlan, ActionPlanStatus

    load_demo(dt.date(2026, 11, 23))
    assessment = Assessment.objects.get()
    assert assessment.year == 2026 and not assessment.is_locked and assessment.is_sample
    sheet = worksheet.build(assessment)
    assert sheet.total == sheet.answered == len(assessment.levels()) == 38
    assert sheet.ips is not None and Decimal(1) <= sheet.ips <= Decimal(5)
    assert sheet.predicate == epss.predicate(sheet.ips)
    for indicator in assessment.indicators():
        assert indicator.explanation.startswith("Data contoh"), indicator.code
        assert indicator.updated_by is not None and indicator.updated_by.username == "walidata"
    evidence = Evidence.objects.filter(removed_at__isnull=True)
    assert evidence.count() >= 3 and not evidence.filter(proposal_key="").exists()
    assert all(e.url.startswith("/") for e in evidence)

    plan = ActionPlan.objects.get()
    assert plan.year == 2027 and plan.drafted_in.year == 2026 and plan.status == ActionPlanStatus.DRAFT
    items = list(plan.items.order_by("due_date"))
    assert len(items) == 2  # without the kode wilayah there are no datasets, so no quality item
    weakest = min(assessment.levels().values())
    for item in items:
        assert item.reason.startswith("(Data contoh) ") and item.due_date.year == 2027
        assert assessment.levels()[item.indicator_code] == weakest

    counts = [m.objects.count() for m in (Assessment, ScoreEvent, Evidence, ActionPlan, ActionItem)]
    load_demo(dt.date(2026, 11, 23))
    assert [m.objects.count() for m in (Assessment, ScoreEvent, Evidence, ActionPlan, ActionItem)] == counts


@pytest.mark.django_db
def test_demo_command_refuses_when_debug_is_off() -> None:
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG mati"):
        call_command("load_demo")
