"""The real `ckanapi` client (PyPI, 4.11) against a live server: what scripts and harvesters
written for CKAN do, end to end over HTTP."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import ckanapi
import pytest

from satudata.datasets.models import Dataset, DatasetVersion, Release

pytestmark = pytest.mark.django_db(transaction=True)
CKANAPI = Path(sys.executable).parent / "ckanapi"


@pytest.fixture
def site(live_server: Any, open_dataset: Dataset, school_dataset: Dataset, restricted_dataset: Dataset,
         unpublished_dataset: DatasetVersion) -> dict[str, Any]:  # fmt: skip
    return {"url": live_server.url, "open": open_dataset, "school": school_dataset,
            "restricted": restricted_dataset, "unpublished": unpublished_dataset.dataset}  # fmt: skip


@pytest.fixture
def remote(site: dict[str, Any]) -> Iterator[Callable[..., ckanapi.RemoteCKAN]]:
    """``remote(get_only=…, apikey=…)`` → a client of the live server. Each is closed at the end:
    an open keep-alive connection would keep its server thread, and that thread's database
    connection, alive past the test."""
    made: list[ckanapi.RemoteCKAN] = []

    def make(**kwargs: Any) -> ckanapi.RemoteCKAN:
        made.append(ckanapi.RemoteCKAN(site["url"], **kwargs))
        return made[-1]

    yield make
    for client in made:
        client.close()


def both(remote: Callable[..., ckanapi.RemoteCKAN], **kwargs: Any) -> list[ckanapi.RemoteCKAN]:
    """POST with a JSON body (ckanapi's default) and GET with query parameters."""
    return [remote(**kwargs), remote(get_only=True, **kwargs)]


def test_every_read_action_through_post_and_get(site: dict[str, Any], remote: Callable[..., Any]) -> None:
    open_dataset, school = site["open"], site["school"]
    for ckan in both(remote):
        action = ckan.action
        assert action.status_show()["ckan_version"] == "2.11.5"
        assert action.package_list() == sorted([open_dataset.slug, school.slug])
        found = action.package_search(q="", rows=1000, start=0, fq="organization:dinkes")
        assert [p["name"] for p in found["results"]] == [open_dataset.slug]
        package = action.package_show(id=open_dataset.slug)
        assert package["id"] == str(open_dataset.uuid) and len(package["resources"]) == 5
        assert action.package_show(id=str(school.uuid))["name"] == school.slug
        assert len(action.current_package_list_with_resources(limit=10)) == 2
        organizations = action.organization_list(all_fields=True, limit=25, offset=0)
        assert {o["name"]: o["package_count"] for o in organizations}["dispendik"] == 1
        assert action.organization_show(id="dinkes", include_datasets=False)["title"] == "Dinas Kesehatan"
        assert "pendidikan_dan_pelatihan" in action.group_list()
        assert action.group_show(id="pendidikan_dan_pelatihan")["package_count"] == 1
        resource = package["resources"][0]
        assert action.resource_show(id=resource["id"]) == resource
        rows = action.datastore_search(resource_id=resource["id"], filters=json.dumps({"tahun": 2024}),
                                       sort="_id", limit=100)  # fmt: skip
        assert rows["total"] == 48 and rows["records"][0]["_id"] == 49
        assert action.help_show(name="package_show").startswith("One dataset.")
        assert "sekolah" in action.tag_list()
        assert action.license_list()[0]["id"] == "cc-by"


def test_datastore_filters_as_a_dict_over_post(site: dict[str, Any], remote: Callable[..., Any]) -> None:
    ckan = remote()
    rows = ckan.action.datastore_search(resource_id=str(uuid.uuid5(site["open"].uuid, "csv")),
                                        filters={"tahun": {"gte": 2024}, "jenis_kelamin": "Perempuan"}, limit=5)  # fmt: skip
    assert rows["total"] == 24 and [r["_id"] for r in rows["records"]] == [50, 52, 54, 56, 58]


def test_the_clients_exceptions(
    site: dict[str, Any], remote: Callable[..., Any], token_for: Callable[..., str]
) -> None:
    restricted = site["restricted"]
    for ckan in both(remote):
        with pytest.raises(ckanapi.NotFound):
            ckan.action.package_show(id="tidak-ada")
        with pytest.raises(ckanapi.NotAuthorized):
            ckan.action.package_show(id=restricted.slug)
        with pytest.raises(ckanapi.ValidationError) as raised:
            ckan.action.datastore_search(resource_id=str(uuid.uuid5(site["open"].uuid, "csv")),
                                         filters=json.dumps({"kota": "Bangil"}))  # fmt: skip
        assert "filters" in raised.value.error_dict
        with pytest.raises(ckanapi.SearchQueryError):
            ckan.action.package_search(fq="kota:pasuruan")
        with pytest.raises(ckanapi.CKANAPIError):
            ckan.action.package_create(name="baru")
    token = token_for("alice")
    for ckan in both(remote, apikey=token):
        assert ckan.action.package_show(id=restricted.slug)["private"] is True
        rows = ckan.action.datastore_search(resource_id=str(uuid.uuid5(restricted.uuid, "csv")), limit=1)
        assert rows["total"] == 48
    with pytest.raises(ckanapi.NotAuthorized):
        remote(apikey="sd_dicabut").action.status_show()


def test_ckanapi_dump_datasets_all(site: dict[str, Any], tmp_path: Path) -> None:
    output = tmp_path / "datasets.jsonl"
    # The dump's worker processes are started as "ckanapi" from PATH.
    env = {**os.environ, "PATH": f"{CKANAPI.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run([str(CKANAPI), "dump", "datasets", "--all", "-r", site["url"], "-O", str(output)],
                          env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    dumped = [json.loads(line) for line in output.read_text().splitlines() if line.strip()]
    assert sorted(p["name"] for p in dumped) == sorted([site["open"].slug, site["school"].slug])
    assert not any(p["private"] for p in dumped)
    assert all(len(p["resources"]) == 5 for p in dumped)


def test_incremental_harvest_gets_exactly_the_datasets_modified_since(
    site: dict[str, Any], remote: Callable[..., Any]
) -> None:
    """As ckanext-harvest's CKAN harvester: fq on metadata_modified, sorted by id, paged with
    start until a page comes back empty."""
    long_ago = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    recently = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    for dataset, moment in ((site["open"], long_ago), (site["school"], recently), (site["restricted"], recently)):
        Dataset.objects.filter(pk=dataset.pk).update(updated=moment)
        Release.objects.filter(dataset=dataset).update(created=moment)
    since = (dt.datetime(2026, 5, 1) - dt.timedelta(hours=1)).isoformat()
    ckan = remote(get_only=True)
    for rows in (1, 100):
        harvested: list[str] = []
        start = 0
        while True:
            page = ckan.action.package_search(fq=f"metadata_modified:[{since}Z TO *]", sort="id asc",
                                              rows=rows, start=start)  # fmt: skip
            if not page["results"]:
                break
            harvested += [p["id"] for p in page["results"]]
            start += rows
        assert harvested == [str(site["school"].uuid)]
    everything = ckan.action.package_search(fq="metadata_modified:[2024-01-01T00:00:00Z TO *]", sort="id asc")
    assert [p["id"] for p in everything["results"]] == sorted(str(site[k].uuid) for k in ("open", "school"))
