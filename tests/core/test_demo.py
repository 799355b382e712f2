import datetime as dt

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
def test_demo_command_refuses_when_debug_is_off() -> None:
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG mati"):
        call_command("load_demo")
