"""Every permission function, for every role, including those that must be refused."""

import inspect
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from satudata.accounts import permissions as account_rules
from satudata.accounts.models import Organization, User
from satudata.datasets import permissions as dataset_rules
from satudata.datasets.models import Dataset, DatasetVersion, SchemaVersion, VersionStatus
from satudata.evaluation import permissions as evaluation_rules
from satudata.evaluation.actions import do_start_assessment
from satudata.evaluation.models import Assessment, AssessmentStatus
from satudata.metadata import permissions as metadata_rules
from satudata.metadata.models import MetadataStatus, StatisticalActivity
from satudata.planning import permissions as planning_rules
from satudata.planning.actions import do_review_item
from satudata.planning.models import ActionItem, ActionPlan, Cycle, DaftarDataItem, ItemStatus, ReviewDecision
from satudata.reference import permissions as reference_rules
from satudata.reference.models import DataStandard, StandardStatus

ROLES = ["alice", "bob", "wali", "bps", "forum", "admin", "nobody", "anonymous"]


def allowed(*names: str) -> dict[str, bool]:
    return {role: role in names for role in ROLES}


@pytest.fixture
def subjects(
    cycle: Cycle, people: dict[str, User], orgs: dict[str, Organization], make_item: Callable[..., DaftarDataItem]
) -> dict[str, Any]:
    draft = make_item(people["alice"], orgs["dinkes"])
    submitted = make_item(people["alice"], orgs["dinkes"], submit=True)
    accepted = make_item(people["alice"], orgs["dinkes"], submit=True)
    reviews = {f: {"decision": ReviewDecision.ACCEPTED, "comment": ""} for f in DaftarDataItem.REVIEWED_FIELDS}
    do_review_item(item=accepted, field_reviews=reviews, acting_user=people["forum"])
    assert accepted.status == ItemStatus.ACCEPTED
    dataset = Dataset.objects.create(
        organization=orgs["dinkes"], title="Jumlah Puskesmas", slug="jumlah-puskesmas", created_by=people["alice"]
    )
    priority = Dataset.objects.create(
        organization=orgs["dinkes"], title="Stunting", slug="stunting", is_priority=True, created_by=people["alice"]
    )
    schema = SchemaVersion.objects.create(
        dataset=dataset, number=1, descriptor={"fields": [{"name": "x"}]}, created_by=people["alice"]
    )
    priority_schema = SchemaVersion.objects.create(
        dataset=priority, number=1, descriptor={"fields": [{"name": "x"}]}, created_by=people["alice"]
    )

    closed = Dataset.objects.create(
        organization=orgs["dinkes"], title="Kasus HIV", slug="kasus-hiv", access_class="tertutup",
        created_by=people["alice"],
    )  # fmt: skip
    closed_schema = SchemaVersion.objects.create(
        dataset=closed, number=1, descriptor={"fields": [{"name": "x"}]}, created_by=people["alice"]
    )

    def version(status: VersionStatus, on: Dataset = dataset) -> DatasetVersion:
        return DatasetVersion.objects.create(
            dataset=on, number=on.versions.count() + 1, period="2024", status=status, created_by=people["alice"],
            schema={priority.pk: priority_schema, closed.pk: closed_schema}.get(on.pk, schema),
        )  # fmt: skip

    return {
        "dataset": dataset,
        "v_draft": version(VersionStatus.DRAFT),
        "v_returned": version(VersionStatus.RETURNED),
        "v_submitted": version(VersionStatus.SUBMITTED),
        "v_verified": version(VersionStatus.VERIFIED),
        "v_verified_priority": version(VersionStatus.VERIFIED, priority),
        "v_published": version(VersionStatus.PUBLISHED),
        "dataset_tertutup": closed,
        "v_published_tertutup": version(VersionStatus.PUBLISHED, closed),
        "draft": draft,
        "submitted": submitted,
        "accepted": accepted,
        "dinkes": orgs["dinkes"].pk,
        "alice_account": people["alice"],
        "dinkes_activity": StatisticalActivity.objects.create(
            cycle=cycle, organization=orgs["dinkes"], title="Survei Gizi", year=2026, created_by=people["alice"]
        ),
        "agreed_activity": StatisticalActivity.objects.create(
            cycle=cycle,
            organization=orgs["dinkes"],
            title="Kompilasi Puskesmas",
            year=2026,
            created_by=people["alice"],
            status=MetadataStatus.ACCEPTED,
        ),
        "dinkes_standard": DataStandard.objects.create(
            code="SD-0001",
            name="Balita Stunting",
            concept="k",
            definition="d",
            measure="Persentase",
            unit="persen",
            organization=orgs["dinkes"],
            proposed_by=people["alice"],
        ),
        "agreed_standard": DataStandard.objects.create(
            code="SD-0002",
            name="Penduduk",
            concept="k",
            definition="d",
            measure="Jumlah",
            unit="jiwa",
            status=StandardStatus.ACCEPTED,
            proposed_by=people["wali"],
        ),
        "admin_account": people["admin"],
        "wali_account": people["wali"],
        "step2": cycle.steps.get(number=2),  # producer's step, evidence-based
        "step5": cycle.steps.get(number=5),  # BPS's step
        "step1": cycle.steps.get(number=1),  # system-held outputs: no evidence
        "action_item": ActionItem.objects.create(
            plan=ActionPlan.objects.create(year=2027, drafted_in=cycle, created_by=people["forum"]),
            title="Susun jadwal rilis",
            reason="20302 lemah",
            indicator_code="20302",
            organization=orgs["dinkes"],
            due_date=cycle.start_date.replace(year=2027),
            created_by=people["forum"],
        ),
        "assessment": do_start_assessment(year=2026, acting_user=people["wali"]),
        "locked_assessment": Assessment.objects.create(
            year=2025, status=AssessmentStatus.LOCKED, created_by=people["wali"]
        ),
    }


# (rule, arguments taken from `subjects`, who passes)
MATRIX: list[tuple[Callable[..., bool], tuple[str, ...], dict[str, bool]]] = [
    (account_rules.is_site_admin, (), allowed("admin")),
    (account_rules.can_use_staff_area, (), allowed("alice", "bob", "wali", "bps", "forum", "admin")),
    (account_rules.can_manage_organizations, (), allowed("wali", "admin")),
    (account_rules.can_view_organizations, (), allowed("alice", "bob", "wali", "bps", "forum", "admin")),
    (account_rules.can_manage_account, ("alice_account",), allowed("wali", "admin")),
    (account_rules.can_manage_account, ("admin_account",), allowed()),  # the admin's own: not here
    (account_rules.can_manage_account, ("wali_account",), allowed("admin")),  # the walidata's own: not here
    (planning_rules.can_close_cycle, (), allowed("wali", "forum", "admin")),
    (planning_rules.can_manage_cycles, (), allowed("wali", "admin")),
    (reference_rules.can_propose_standard, (), allowed("alice", "bob", "wali", "admin")),
    (metadata_rules.can_view_all_activities, (), allowed("wali", "bps", "forum", "admin")),
    (metadata_rules.can_view_activity, ("dinkes_activity",), allowed("alice", "wali", "bps", "forum", "admin")),
    (metadata_rules.can_view_activity, ("agreed_activity",), allowed("alice", "bob", "wali", "bps", "forum", "admin")),
    (metadata_rules.can_record_for_any_organization, (), allowed("wali", "admin")),
    (metadata_rules.can_create_activity, ("dinkes",), allowed("alice", "wali", "admin")),
    (metadata_rules.can_create_activities, (), allowed("alice", "bob", "wali", "admin")),
    (metadata_rules.can_edit_activity, ("dinkes_activity",), allowed("alice", "wali", "admin")),
    (metadata_rules.can_edit_activity, ("agreed_activity",), allowed()),
    (metadata_rules.can_review_activity, (), allowed("wali", "bps", "admin")),
    (metadata_rules.can_record_recommendation, ("dinkes_activity",), allowed("alice", "wali", "bps", "admin")),
    (metadata_rules.can_add_instrument, ("agreed_activity",), allowed("alice", "wali", "admin")),
    (metadata_rules.can_assess_accuracy, ("agreed_activity",), allowed("alice", "wali", "bps", "admin")),
    (reference_rules.can_propose_standard_for_any_organization, (), allowed("wali", "admin")),
    (reference_rules.can_edit_standard, ("dinkes_standard",), allowed("alice", "wali", "admin")),
    (reference_rules.can_edit_standard, ("agreed_standard",), allowed()),
    (reference_rules.can_review_standards, (), allowed("wali", "bps", "admin")),
    (reference_rules.can_view_standard_proposals, (), allowed("alice", "bob", "wali", "bps", "forum", "admin")),
    (planning_rules.can_view_whole_cycle, (), allowed("wali", "bps", "forum", "admin")),
    (planning_rules.can_upload_step_evidence, ("step2",), allowed("alice", "bob", "wali", "admin")),
    (planning_rules.can_upload_step_evidence, ("step5",), allowed("bps", "wali", "admin")),
    (planning_rules.can_upload_step_evidence, ("step1",), allowed()),
    (planning_rules.can_complete_step_with_evidence, ("step2",), allowed("wali", "admin")),
    (planning_rules.can_complete_step_with_evidence, ("step5",), allowed("bps", "wali", "admin")),
    (planning_rules.can_view_meetings, (), allowed("alice", "bob", "wali", "bps", "forum", "admin")),
    (planning_rules.can_manage_meetings, (), allowed("wali", "forum", "admin")),
    (planning_rules.can_view_item, ("draft",), allowed("alice", "wali", "bps", "forum", "admin")),
    (planning_rules.can_view_item, ("submitted",), allowed("alice", "wali", "bps", "forum", "admin")),
    (planning_rules.can_view_item, ("accepted",), allowed("alice", "bob", "wali", "bps", "forum", "admin")),
    (planning_rules.can_propose_for_any_organization, (), allowed("wali", "forum", "admin")),
    (planning_rules.can_propose_item, ("dinkes",), allowed("alice", "wali", "forum", "admin")),
    (planning_rules.can_propose_items, (), allowed("alice", "bob", "wali", "forum", "admin")),
    (planning_rules.can_edit_item, ("draft",), allowed("alice", "wali", "forum", "admin")),
    (planning_rules.can_edit_item, ("submitted",), allowed()),
    (planning_rules.can_edit_item, ("accepted",), allowed()),
    (planning_rules.can_review_items, (), allowed("wali", "forum", "admin")),
    (planning_rules.can_import_daftar_data, (), allowed("alice", "bob", "wali", "forum", "admin")),
    (planning_rules.can_view_renaksi, (), allowed("alice", "bob", "wali", "bps", "forum", "admin")),
    (planning_rules.can_manage_renaksi, (), allowed("wali", "forum", "admin")),
    (planning_rules.can_record_action_progress, ("action_item",), allowed("alice", "wali", "forum", "admin")),
    (evaluation_rules.can_view_epss, (), allowed("alice", "bob", "wali", "bps", "forum", "admin")),
    (evaluation_rules.can_run_epss, (), allowed("wali", "forum", "admin")),
    (evaluation_rules.can_assess, ("assessment",), allowed("wali", "forum", "admin")),
    (evaluation_rules.can_assess, ("locked_assessment",), allowed()),
    (evaluation_rules.can_view_all_quality, (), allowed("wali", "bps", "forum", "admin")),
    (evaluation_rules.can_view_quality, (), allowed("alice", "bob", "wali", "bps", "forum", "admin")),
    (dataset_rules.can_view_all_datasets, (), allowed("wali", "bps", "forum", "admin")),
    (dataset_rules.can_view_dataset, ("dataset",), allowed("alice", "bob", "wali", "bps", "forum", "admin")),
    (dataset_rules.can_browse_datasets, (), allowed("alice", "bob", "wali", "bps", "forum", "admin")),
    (dataset_rules.can_manage_any_dataset, (), allowed("wali", "admin")),
    (dataset_rules.can_create_datasets, (), allowed("alice", "bob", "wali", "admin")),
    (dataset_rules.can_create_dataset, ("dinkes",), allowed("alice", "wali", "admin")),
    (dataset_rules.can_edit_dataset, ("dataset",), allowed("alice", "wali", "admin")),
    (dataset_rules.can_lock_schema, (), allowed("wali", "admin")),
    (dataset_rules.can_view_version, ("v_draft",), allowed("alice", "wali", "admin")),
    (dataset_rules.can_view_version, ("v_submitted",), allowed("alice", "wali", "bps", "forum", "admin")),
    (dataset_rules.can_view_version, ("v_published",), allowed("alice", "bob", "wali", "bps", "forum", "admin")),
    (dataset_rules.can_view_version, ("v_published_tertutup",), allowed("alice", "wali", "bps", "admin")),
    (dataset_rules.can_view_data, ("dataset",), allowed("alice", "bob", "wali", "bps", "forum", "admin")),
    (dataset_rules.can_view_data, ("dataset_tertutup",), allowed("alice", "wali", "bps", "admin")),
    (dataset_rules.can_add_version, ("dataset",), allowed("alice", "wali", "admin")),
    (dataset_rules.can_edit_version, ("v_draft",), allowed("alice", "wali", "admin")),
    (dataset_rules.can_edit_version, ("v_returned",), allowed("alice", "wali", "admin")),
    (dataset_rules.can_edit_version, ("v_submitted",), allowed()),
    (dataset_rules.can_edit_version, ("v_published",), allowed()),
    (dataset_rules.can_submit_version, ("v_draft",), allowed("alice", "wali", "admin")),
    (dataset_rules.can_submit_version, ("v_verified",), allowed()),
    (dataset_rules.can_review_version, (), allowed("wali", "admin")),
    (dataset_rules.can_check_version, (), allowed("bps", "admin")),
    (dataset_rules.can_comment_version, ("v_submitted",), allowed("wali", "admin")),
    (dataset_rules.can_comment_version, ("v_verified_priority",), allowed("bps", "admin")),
    (dataset_rules.can_comment_version, ("v_verified",), allowed()),
    (dataset_rules.can_comment_version, ("v_draft",), allowed()),
    (dataset_rules.can_enter_reference_figure, (), allowed("wali", "bps", "admin")),
]


@pytest.mark.parametrize(("rule", "args", "expected"), MATRIX, ids=lambda v: getattr(v, "__name__", None) or str(v))
def test_rule_for_every_role(
    rule: Callable[..., bool],
    args: tuple[str, ...],
    expected: dict[str, bool],
    people: dict[str, User],
    subjects: dict[str, Any],
) -> None:
    for role in ROLES:
        user = AnonymousUser() if role == "anonymous" else User.objects.get(pk=people[role].pk)
        got = rule(user, *(subjects[a] for a in args))
        assert got is expected[role], f"{rule.__name__}{args} for {role}: {got}"


def test_an_inactive_account_loses_its_role(people: dict[str, User]) -> None:
    people["wali"].is_active = False
    people["wali"].save()
    wali = User.objects.get(pk=people["wali"].pk)
    assert not planning_rules.can_manage_cycles(wali)
    assert not account_rules.can_use_staff_area(wali)


# Rules that answer "whose" (a set of OPDs, None for all) rather than yes or no: tested below.
NOT_YES_NO = {"quality_organization_ids"}


def test_every_permission_function_is_in_the_matrix() -> None:
    tested = {rule.__name__ for rule, _, _ in MATRIX} | NOT_YES_NO
    modules = (account_rules, planning_rules, reference_rules, metadata_rules, dataset_rules, evaluation_rules)
    for module in modules:
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if func.__module__ == module.__name__ and not name.startswith("_"):
                assert name in tested, f"{module.__name__}.{name} has no row in MATRIX"


def test_whose_quality_scores(people: dict[str, User], orgs: dict[str, Organization]) -> None:
    expected: dict[str, set[int] | None] = {
        "alice": {orgs["dinkes"].pk}, "bob": {orgs["dispendik"].pk}, "wali": None, "bps": None, "forum": None,
        "admin": None, "nobody": set(), "anonymous": set(),
    }  # fmt: skip
    for role in ROLES:
        user = AnonymousUser() if role == "anonymous" else User.objects.get(pk=people[role].pk)
        assert evaluation_rules.quality_organization_ids(user) == expected[role], role
