"""package_list and current_package_list_with_resources: the public datasets only, as CKAN."""

from __future__ import annotations

from collections.abc import Callable

from satudata.datasets.models import Dataset, DatasetVersion
from tests.api.ckan.conftest import Call, error, result


def test_package_list_names_the_public_datasets_sorted(
    call: Call, open_dataset: Dataset, school_dataset: Dataset, restricted_dataset: Dataset,
    unpublished_dataset: DatasetVersion, token_for: Callable[..., str],
) -> None:  # fmt: skip
    everything = sorted([open_dataset.slug, school_dataset.slug])
    assert result(call("package_list")) == everything
    # Private datasets never: not even with a token that may read them (as CKAN).
    assert result(call("package_list", token=token_for("wali"), include_private=True)) == everything
    assert result(call("package_list", limit=1)) == everything[:1]
    assert result(call("package_list", limit=1, offset=1)) == everything[1:]
    assert result(call("package_list", method="GET", offset=2)) == []
    assert error(call("package_list", limit=-1), 409, "Validation Error")["limit"][0].startswith("Harus bilangan bulat")


def test_current_package_list_with_resources_newest_first(
    call: Call, open_dataset: Dataset, school_dataset: Dataset, restricted_dataset: Dataset,
    token_for: Callable[..., str],
) -> None:  # fmt: skip
    packages = result(call("current_package_list_with_resources", token=token_for("wali")))
    assert [p["name"] for p in packages] == [school_dataset.slug, open_dataset.slug]
    assert all(len(p["resources"]) == 5 and p["private"] is False for p in packages)
    assert [p["name"] for p in result(call("current_package_list_with_resources", limit=1, offset=1))] == [
        open_dataset.slug
    ]
    assert [p["name"] for p in result(call("current_package_list_with_resources", limit=1, page=2))] == [
        open_dataset.slug
    ]
    error(call("current_package_list_with_resources", page=0), 409, "Validation Error")
