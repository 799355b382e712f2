"""Steps 10 and 11 of the cycle follow from the versions of the cycle's datasets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client

from satudata.accounts.models import Organization, User
from satudata.datasets import actions
from satudata.datasets.models import Dataset
from satudata.datasets.pipeline import import_rows
from satudata.planning import permissions as planning_rules
from satudata.planning.actions import do_review_item
from satudata.planning.models import Cycle, DaftarDataItem, ReviewDecision, StepStatus
from satudata.planning.progress import outputs_of, refresh_cycle
from tests.datasets.conftest import SCHEMA, population_rows


def agreed_dataset(make_item: Callable[..., DaftarDataItem], orgs: dict[str, Organization],
                   people: dict[str, User], title: str) -> Dataset:  # fmt: skip
    item = make_item(people["alice"], orgs["dinkes"], submit=True, nama_data=title, is_priority=False)
    reviews = {f: {"decision": ReviewDecision.ACCEPTED, "comment": ""} for f in DaftarDataItem.REVIEWED_FIELDS}
    do_review_item(item=item, field_reviews=reviews, acting_user=people["forum"])
    return actions.do_create_dataset(organization_id=orgs["dinkes"].pk, title=title, schema=SCHEMA,
                                     acting_user=people["alice"], daftar_item=item)  # fmt: skip


def test_steps_10_and_11_follow_the_versions(
    cycle: Cycle, make_item: Callable[..., DaftarDataItem], orgs: dict[str, Organization], people: dict[str, User],
    kecamatan: Any, client_for: Callable[[str], Client],
) -> None:  # fmt: skip
    first = agreed_dataset(make_item, orgs, people, "Penduduk")
    second = agreed_dataset(make_item, orgs, people, "Penduduk Lansia")
    step10, step11 = cycle.steps.get(number=10), cycle.steps.get(number=11)
    # The fixture's cycle started in January: both windows have passed with nothing done.
    assert (step10.status, step11.status) == (StepStatus.LATE, StepStatus.LATE)

    v1 = import_rows(dataset=first, rows=population_rows(kecamatan, 2025), period="2025",
                     acting_user=people["alice"]).version  # fmt: skip
    actions.do_submit_version(version=v1, acting_user=people["alice"])
    step10.refresh_from_db()
    assert step10.status == StepStatus.LATE  # one of two datasets
    assert outputs_of(step10).reason == "1 dari 2 dataset sudah mengajukan data"
    v2 = import_rows(dataset=second, rows=population_rows(kecamatan, 2025), period="2025",
                     acting_user=people["alice"]).version  # fmt: skip
    actions.do_submit_version(version=v2, acting_user=people["alice"])
    step10.refresh_from_db()
    step11.refresh_from_db()
    assert step10.status == StepStatus.DONE and "2 dataset" in step10.events.last().reason  # type: ignore[union-attr]
    assert step11.status == StepStatus.LATE

    actions.do_verify_version(version=v1, acting_user=people["wali"])
    actions.do_verify_version(version=v2, acting_user=people["wali"])
    step11.refresh_from_db()
    assert step11.status == StepStatus.DONE and step11.events.last().actor == people["wali"]  # type: ignore[union-attr]
    page = client_for("wali").get(f"/kelola/siklus/{cycle.year}/").content.decode()
    assert "Dataset terverifikasi: 2/2" in page
    # The portal holds these outputs: nobody uploads evidence for them, and a refresh changes nothing.
    assert not planning_rules.can_upload_step_evidence(people["wali"], step10)
    assert not planning_rules.can_upload_step_evidence(people["alice"], step11)
    assert [e for e in refresh_cycle(cycle) if e.cycle_step.number in (10, 11)] == []
