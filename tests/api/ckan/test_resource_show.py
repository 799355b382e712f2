"""resource_show: one format of a dataset's current release."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from satudata.datasets.models import Dataset, DatasetVersion
from tests.api.ckan.conftest import Call, error, result


def test_resource_show_is_the_packages_resource(call: Call, open_dataset: Dataset) -> None:
    package = result(call("package_show", id=open_dataset.slug))
    for resource in package["resources"]:
        assert result(call("resource_show", id=resource["id"])) == resource
    assert result(call("resource_show", method="GET", id=package["resources"][0]["id"]))["format"] == "CSV"


def test_unknown_and_missing_ids(call: Call, open_dataset: Dataset, unpublished_dataset: DatasetVersion,
                                 token_for: Callable[..., str]) -> None:  # fmt: skip
    assert error(call("resource_show"), 409, "Validation Error")["id"] == ["Wajib diisi (Missing value)."]
    error(call("resource_show", id=str(uuid.uuid4())), 404, "Not Found Error")
    error(call("resource_show", id=str(uuid.uuid5(open_dataset.uuid, "zip"))), 404, "Not Found Error")
    # An unpublished dataset has no resources, even for a token that may read it.
    would_be = str(uuid.uuid5(unpublished_dataset.dataset.uuid, "csv"))
    error(call("resource_show", id=would_be, token=token_for("alice")), 404, "Not Found Error")


def test_a_restricted_datasets_resource_needs_a_token(
    call: Call, restricted_dataset: Dataset, token_for: Callable[..., str]
) -> None:
    id = str(uuid.uuid5(restricted_dataset.uuid, "xlsx"))
    error(call("resource_show", id=id), 403, "Authorization Error")
    error(call("resource_show", id=id, token=token_for("nobody")), 403, "Authorization Error")
    assert result(call("resource_show", id=id, token=token_for("bob")))["format"] == "XLSX"
