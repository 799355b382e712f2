"""organization_list/show (the OPDs) and group_list/show (the topics)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from satudata.accounts.models import Organization
from satudata.datasets.models import Dataset, DatasetVersion
from tests.api.ckan.conftest import Call, error, result

GROUP_KEYS = {
    "id", "name", "title", "display_name", "type", "description", "image_url", "image_display_url", "created",
    "is_organization", "approval_status", "state", "package_count", "extras", "groups", "users", "num_followers",
}  # fmt: skip


def test_organization_list_names_every_active_organization_by_title(call: Call, orgs: dict[str, Organization]) -> None:
    Organization.objects.create(slug="lama", name="Zzz Kantor Lama", short_name="Lama", is_active=False)
    assert result(call("organization_list")) == ["bappelitbangda", "bps", "dinkes", "diskominfo", "dispendik"]
    assert result(call("organization_list", sort="name desc", limit=2)) == ["dispendik", "diskominfo"]
    assert result(call("organization_list", sort="name asc", offset=3)) == ["diskominfo", "dispendik"]
    assert result(call("organization_list", q="DINAS KES")) == ["dinkes"]
    assert result(call("organization_list", q="pendidikan")) == ["dispendik"]
    assert result(call("organization_list", organizations=["bps", "dinkes"])) == ["bps", "dinkes"]
    assert result(call("organization_list", method="GET", organizations="bps,dinkes")) == ["bps", "dinkes"]
    err = error(call("organization_list", sort="budget desc"), 409, "Validation Error")
    assert list(err) == ["__type", "sort"]


def test_organization_list_with_all_fields_pages_by_25(call: Call, orgs: dict[str, Organization]) -> None:
    for i in range(30):
        Organization.objects.create(slug=f"kecamatan-{i:02d}", name=f"Kecamatan {i:02d}", short_name=f"K{i}")
    first = result(call("organization_list", all_fields=True, sort="name asc", limit=100))
    assert len(first) == 25 and set(first[0]) == GROUP_KEYS
    rest = result(call("organization_list", all_fields=True, sort="name asc", limit=25, offset=25))
    assert len(rest) == 10 and not {o["name"] for o in first} & {o["name"] for o in rest}
    assert len(result(call("organization_list", sort="name asc", limit=100))) == 35


def test_package_count_counts_what_the_caller_may_see(
    call: Call, open_dataset: Dataset, restricted_dataset: Dataset, unpublished_dataset: DatasetVersion,
    token_for: Callable[..., str],
) -> None:  # fmt: skip
    def count(**kwargs: object) -> int:
        listed = result(call("organization_list", all_fields=True, organizations=["dinkes"], **kwargs))
        return int(listed[0]["package_count"])

    assert count() == 1
    assert count(token=token_for("alice")) == 3
    assert count(sort="package_count desc") == 1


def test_organization_show(call: Call, open_dataset: Dataset, restricted_dataset: Dataset,
                           token_for: Callable[..., str]) -> None:  # fmt: skip
    org = open_dataset.organization
    Organization.objects.filter(pk=org.pk).update(email="dinkes@example.go.id", address="Jl. Raya 1")
    shown = result(call("organization_show", id="dinkes"))
    assert set(shown) == GROUP_KEYS
    assert (shown["id"], shown["title"], shown["type"], shown["is_organization"]) == (
        str(org.uuid),
        "Dinas Kesehatan",
        "organization",
        True,
    )
    assert shown["package_count"] == 1 and "packages" not in shown
    extras = {e["key"]: e["value"] for e in shown["extras"]}
    assert extras == {
        "alamat": "Jl. Raya 1",
        "jenis": "dinas",
        "nama_singkat": "Dinkes",
        "surel": "dinkes@example.go.id",
    }
    by_id = result(call("organization_show", id=str(org.uuid), include_datasets=True))
    assert [p["name"] for p in by_id["packages"]] == [open_dataset.slug]
    with_token = result(call("organization_show", id="dinkes", include_datasets=True, token=token_for("alice")))
    assert {p["name"]: p["private"] for p in with_token["packages"]} == {
        open_dataset.slug: False,
        restricted_dataset.slug: True,
    }


def test_organization_show_not_found(call: Call, orgs: dict[str, Organization]) -> None:
    Organization.objects.filter(slug="bps").update(is_active=False)
    for id in ("tidak-ada", "bps", "kesehatan", str(uuid.uuid4())):  # a group's name is not an organization
        assert error(call("organization_show", id=id), 404, "Not Found Error")["message"].startswith("Not found: ")
    assert error(call("organization_show"), 409, "Validation Error")["id"] == ["Wajib diisi (Missing value)."]


def test_group_list_offers_every_topic(call: Call, school_dataset: Dataset) -> None:
    names = result(call("group_list", sort="name asc"))
    assert len(names) == 22 and names[0] == "demografi_dan_kependudukan"
    assert result(call("group_list", q="pendidikan")) == ["pendidikan_dan_pelatihan"]
    counted = result(call("group_list", all_fields=True, sort="package_count desc", limit=1))
    assert counted[0]["name"] == "pendidikan_dan_pelatihan" and counted[0]["package_count"] == 1
    assert counted[0]["type"] == "group" and counted[0]["is_organization"] is False
    assert result(call("group_list", groups=["kesehatan", "transportasi"], sort="title desc")) == [
        "transportasi",
        "kesehatan",
    ]


def test_group_show(call: Call, school_dataset: Dataset) -> None:
    group_id = str(uuid.uuid5(uuid.UUID("ca3fc1e9-b582-4a18-9a56-ea7f61444ff9"), "pendidikan_dan_pelatihan"))
    shown = result(call("group_show", id="pendidikan_dan_pelatihan", include_datasets=True))
    assert set(shown) == GROUP_KEYS | {"packages"}
    assert (shown["id"], shown["title"], shown["package_count"]) == (group_id, "Pendidikan dan Pelatihan", 1)
    assert [p["name"] for p in shown["packages"]] == [school_dataset.slug]
    assert result(call("group_show", id=group_id))["name"] == "pendidikan_dan_pelatihan"
    assert result(call("group_show", id="transportasi"))["package_count"] == 0
    for id in ("dispendik", "tidak-ada"):  # an organization's name is not a group
        error(call("group_show", id=id), 404, "Not Found Error")
