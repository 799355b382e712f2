"""Every rule of satudata/api/permissions.py for every persona's token (read and write), a token
limited to another OPD, and no token — against a Terbuka published dataset, a Terbatas one and an
unpublished one (all of Dinas Kesehatan, alice's OPD)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from satudata.accounts.models import Organization, User
from satudata.api import permissions as rules
from satudata.api.actions import do_create_token
from satudata.api.auth import ANONYMOUS, Caller
from satudata.api.models import Scope
from satudata.datasets.models import Dataset, DatasetVersion, ImportJob
from satudata.portal.views import public_datasets

PERSONAS = ["alice", "bob", "wali", "bps", "forum", "admin", "nobody"]


def caller(
    people: dict[str, User], name: str, scope: Scope = Scope.READ, orgs: list[Organization] | None = None
) -> Caller:
    if name == "anonymous":
        return ANONYMOUS
    token, _raw = do_create_token(name="t", scope=scope, organizations=orgs or [], acting_user=people[name])
    return Caller(user=people[name], token=token)


@pytest.fixture
def three(open_dataset: Dataset, restricted_dataset: Dataset, unpublished_dataset: DatasetVersion) -> dict[str, object]:
    return {"open": open_dataset, "restricted": restricted_dataset, "draft": unpublished_dataset}


def allowed(*names: str) -> dict[str, bool]:
    return {name: name in names for name in [*PERSONAS, "anonymous"]}


def test_can_have_api_tokens(people: dict[str, User]) -> None:
    from django.contrib.auth.models import AnonymousUser

    expected = allowed("alice", "bob", "wali", "bps", "forum", "admin")
    for name in PERSONAS:
        assert rules.can_have_api_tokens(people[name]) is expected[name], name
    assert rules.can_have_api_tokens(AnonymousUser()) is False


def test_reading_metadata_beyond_the_public_side(people: dict[str, User], three: dict[str, object]) -> None:
    expected = allowed("alice", "bob", "wali", "bps", "forum", "admin")
    draft = three["draft"]
    assert isinstance(draft, DatasetVersion)
    for name in [*PERSONAS, "anonymous"]:
        who = caller(people, name)
        assert rules.can_read_dataset(who, draft.dataset) is expected[name], name
        readable = set(rules.readable_datasets(who, public_datasets()).values_list("slug", flat=True))
        assert (draft.dataset.slug in readable) is expected[name], name


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("open", allowed(*PERSONAS, "anonymous")),
        ("restricted", allowed("alice", "wali", "bps", "admin")),
    ],
)
def test_reading_rows(
    people: dict[str, User], three: dict[str, object], target: str, expected: dict[str, bool]
) -> None:
    dataset = three[target]
    assert isinstance(dataset, Dataset)
    is_public = public_datasets().filter(pk=dataset.pk).exists()
    for name in [*PERSONAS, "anonymous"]:
        assert rules.can_read_rows(caller(people, name), dataset, is_public=is_public) is expected[name], name


def test_reading_a_draft_version(people: dict[str, User], three: dict[str, object]) -> None:
    draft = three["draft"]
    assert isinstance(draft, DatasetVersion)
    expected = allowed("alice", "wali", "admin")
    for name in [*PERSONAS, "anonymous"]:
        assert rules.can_read_version(caller(people, name), draft) is expected[name], name


def test_writing_needs_a_write_token_of_the_opd_or_the_walidata(
    people: dict[str, User], three: dict[str, object]
) -> None:
    draft = three["draft"]
    assert isinstance(draft, DatasetVersion)
    expected = allowed("alice", "wali", "admin")
    for name in [*PERSONAS, "anonymous"]:
        assert rules.can_write_versions(caller(people, name, Scope.WRITE), draft.dataset) is expected[name], name
        assert rules.can_submit_version_via_api(caller(people, name, Scope.WRITE), draft) is expected[name], name
        # A read token never writes.
        if name != "anonymous":
            assert rules.can_write_versions(caller(people, name, Scope.READ), draft.dataset) is False, name
            assert rules.can_submit_version_via_api(caller(people, name, Scope.READ), draft) is False, name


def test_a_token_limited_to_another_opd_opens_nothing_of_this_one(
    people: dict[str, User], orgs: dict[str, Organization], three: dict[str, object]
) -> None:
    draft, restricted = three["draft"], three["restricted"]
    assert isinstance(draft, DatasetVersion) and isinstance(restricted, Dataset)
    limited = caller(people, "wali", Scope.WRITE, [orgs["dispendik"]])
    assert not rules.can_read_dataset(limited, draft.dataset)
    assert not rules.can_read_rows(limited, restricted, is_public=False)
    assert not rules.can_read_version(limited, draft)
    assert not rules.can_write_versions(limited, draft.dataset)
    assert not rules.can_submit_version_via_api(limited, draft)
    own = caller(people, "wali", Scope.WRITE, [orgs["dinkes"]])
    assert rules.can_write_versions(own, draft.dataset) and rules.can_read_rows(own, restricted, is_public=False)


def test_following_an_import(people: dict[str, User], three: dict[str, object], token_for: Callable[..., str]) -> None:
    draft = three["draft"]
    assert isinstance(draft, DatasetVersion)
    job = ImportJob.objects.create(dataset=draft.dataset, period="2025", incoming="x.csv", original_name="x.csv",
                                   created_by=people["alice"])  # fmt: skip
    expected = allowed("alice", "wali", "admin")
    for name in [*PERSONAS, "anonymous"]:
        assert rules.can_follow_import(caller(people, name), job) is expected[name], name
