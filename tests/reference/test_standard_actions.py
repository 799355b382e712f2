"""The Standar Data actions: edits outside the reviewed fields, and the proposing OPD re-checked."""

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from satudata.accounts.models import Organization, User
from satudata.reference.actions import do_propose_standard, do_update_standard
from satudata.reference.models import CodeList, DataStandard, DataStandardEvent, StandardStatus

from .test_standards import BASE, standard_data


def make_standard(by: User, org: Organization | None, **overrides: str) -> DataStandard:
    data = standard_data(org, **overrides)
    data["organization"] = org
    return do_propose_standard(standard=DataStandard(**data), acting_user=by)


def test_changing_only_the_code_list_and_the_opd_is_saved_without_a_new_review(
    client_for: Callable[[str], Client], people: dict[str, User], orgs: dict[str, Organization]
) -> None:
    standard = make_standard(people["wali"], orgs["dinkes"])
    DataStandard.objects.filter(pk=standard.pk).update(status=StandardStatus.NEEDS_REVISION)
    code_list = CodeList.objects.create(slug="jenis-kelamin", name="Jenis Kelamin")
    edit = standard_data(orgs["dispendik"], code_list=code_list.pk)
    assert client_for("wali").post(f"{BASE}{standard.pk}/ubah/", edit).status_code == 302
    standard.refresh_from_db()
    assert (standard.code_list, standard.organization) == (code_list, orgs["dispendik"])
    # neither is a reviewed field: the status stays and no edit is recorded
    assert standard.status == StandardStatus.NEEDS_REVISION
    assert not standard.events.filter(kind=DataStandardEvent.Kind.EDITED).exists()


def test_a_quiet_save_keeps_a_review_made_since_the_form_was_opened(
    people: dict[str, User], orgs: dict[str, Organization]
) -> None:
    standard = make_standard(people["alice"], orgs["dinkes"])
    opened = DataStandard.objects.get(pk=standard.pk)  # status Diusulkan
    before = {f: getattr(opened, f) for f in DataStandard.REVIEWED_FIELDS}
    DataStandard.objects.filter(pk=standard.pk).update(status=StandardStatus.NEEDS_REVISION)
    opened.code_list = CodeList.objects.create(slug="umur", name="Kelompok Umur")
    do_update_standard(standard=opened, before=before, acting_user=people["alice"])
    standard.refresh_from_db()
    assert standard.code_list == opened.code_list and standard.status == StandardStatus.NEEDS_REVISION


@pytest.mark.parametrize("org", ["dinkes", None])
def test_a_producer_cannot_propose_for_another_opd_or_none(
    people: dict[str, User], orgs: dict[str, Organization], org: str | None
) -> None:
    with pytest.raises(PermissionDenied):
        make_standard(people["bob"], orgs[org] if org else None)
    assert not DataStandard.objects.exists()


def test_a_producer_cannot_move_its_standard_to_another_opd(
    people: dict[str, User], orgs: dict[str, Organization]
) -> None:
    standard = make_standard(people["alice"], orgs["dinkes"])
    before = {f: getattr(standard, f) for f in DataStandard.REVIEWED_FIELDS}
    for org in (orgs["dispendik"], None):
        standard.organization = org
        standard.sds_code = "SDS-2023-0412"
        with pytest.raises(PermissionDenied):
            do_update_standard(standard=standard, before=before, acting_user=people["alice"])
    standard.refresh_from_db()
    assert (standard.organization, standard.sds_code) == (orgs["dinkes"], "")


def test_the_walidata_and_the_own_producer_still_may(people: dict[str, User], orgs: dict[str, Organization]) -> None:
    assert make_standard(people["alice"], orgs["dinkes"]).organization == orgs["dinkes"]
    regency_wide = make_standard(people["wali"], None, name="Penduduk", measure="Jumlah", unit="jiwa")
    before = {f: getattr(regency_wide, f) for f in DataStandard.REVIEWED_FIELDS}
    regency_wide.name = "Penduduk Tetap"
    regency_wide.organization = orgs["dispendik"]
    do_update_standard(standard=regency_wide, before=before, acting_user=people["wali"])
    regency_wide.refresh_from_db()
    assert regency_wide.organization == orgs["dispendik"]
