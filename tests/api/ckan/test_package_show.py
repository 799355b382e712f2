"""package_show: the package dict key for key, and who may see which dataset."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

import pytest
from django.conf import settings

from satudata.accounts.models import Organization
from satudata.datasets.models import Dataset, DatasetVersion
from satudata.portal.models import ReleaseFile
from tests.api.ckan.conftest import Call, error, result

PACKAGE_KEYS = {
    "id", "name", "title", "type", "state", "private", "author", "author_email", "maintainer", "maintainer_email",
    "license_id", "license_title", "license_url", "isopen", "notes", "url", "version", "owner_org", "creator_user_id",
    "metadata_created", "metadata_modified", "num_resources", "num_tags", "organization", "groups", "tags", "extras",
    "resources", "relationships_as_subject", "relationships_as_object",
}  # fmt: skip
RESOURCE_KEYS = {
    "id", "package_id", "url", "name", "description", "format", "mimetype", "mimetype_inner", "size", "hash",
    "resource_type", "url_type", "created", "last_modified", "metadata_modified", "cache_url", "cache_last_updated",
    "state", "position", "datastore_active",
}  # fmt: skip


def test_a_public_dataset_as_a_ckan_package(call: Call, open_dataset: Dataset) -> None:
    package = result(call("package_show", id=open_dataset.slug))
    org = open_dataset.organization
    release = open_dataset.latest_release()
    assert release is not None
    assert set(package) == PACKAGE_KEYS
    assert package["id"] == str(open_dataset.uuid) and package["name"] == open_dataset.slug
    assert package["title"] == open_dataset.title and package["notes"] == "Data contoh."
    assert (package["type"], package["state"], package["private"]) == ("dataset", "active", False)
    assert package["url"] == f"http://testserver/dataset/{open_dataset.slug}/"
    assert package["owner_org"] == str(org.uuid) and package["author"] == "Dinas Kesehatan"
    assert package["organization"] == {
        "id": str(org.uuid), "name": "dinkes", "title": "Dinas Kesehatan", "type": "organization", "description": "",
        "image_url": "", "created": None, "is_organization": True, "approval_status": "approved", "state": "active",
    }  # fmt: skip
    assert (package["license_id"], package["isopen"]) == ("cc-by", True)
    assert package["license_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert [t["name"] for t in package["tags"]] == ["penduduk", "kependudukan"] and package["num_tags"] == 2
    assert package["tags"][0] == {"id": str(uuid.uuid5(uuid.UUID("338fe540-e225-44b7-9786-88edbc8dc548"), "penduduk")),
                                  "name": "penduduk", "display_name": "penduduk", "state": "active",
                                  "vocabulary_id": None}  # fmt: skip
    assert package["groups"] == []  # "kependudukan" is not a topic code
    assert package["version"] == str(release.number) == "2"
    extras = {e["key"]: e["value"] for e in package["extras"]}
    assert extras == {"frekuensi": "tahunan", "klasifikasi_akses": "terbuka", "tingkat_penyajian": "kabupaten",
                      "data_prioritas": "false", "kode_wilayah": settings.REGION_CODE,
                      "nama_wilayah": settings.REGION_NAME, "periode": "2023, 2024", "rilis": "2"}  # fmt: skip
    assert [e["key"] for e in package["extras"]] == sorted(extras)


def test_timestamps_are_naive_utc_iso_and_modified_follows_the_newest_release(
    call: Call, open_dataset: Dataset
) -> None:
    package = result(call("package_show", id=open_dataset.slug))
    release = open_dataset.latest_release()
    assert release is not None
    created = open_dataset.created.astimezone(dt.UTC).replace(tzinfo=None)
    assert package["metadata_created"] == created.isoformat() and not package["metadata_created"].endswith("Z")
    newest = max(open_dataset.updated, release.created).astimezone(dt.UTC).replace(tzinfo=None)
    assert package["metadata_modified"] == newest.isoformat()


def test_one_resource_per_format_of_the_current_release(call: Call, open_dataset: Dataset) -> None:
    package = result(call("package_show", id=open_dataset.slug))
    release = open_dataset.latest_release()
    assert release is not None
    resources = package["resources"]
    assert [r["format"] for r in resources] == ["CSV", "XLSX", "JSON", "HTML", "Parquet"]
    assert package["num_resources"] == 5
    csv = resources[0]
    assert set(csv) == RESOURCE_KEYS
    made = ReleaseFile.objects.get(release=release, fmt="csv")
    assert csv["id"] == str(uuid.uuid5(open_dataset.uuid, "csv"))
    assert csv["package_id"] == package["id"]
    assert csv["url"] == f"http://testserver/dataset/{open_dataset.slug}.csv"
    assert (csv["mimetype"], csv["size"], csv["hash"]) == ("text/csv", made.size_bytes, made.sha256)
    assert (csv["datastore_active"], csv["url_type"], csv["state"], csv["position"]) == (True, None, "active", 0)
    assert [r["position"] for r in resources] == [0, 1, 2, 3, 4]
    assert resources[4]["mimetype"] == "application/vnd.apache.parquet"


def test_resource_ids_stay_the_same_across_releases(
    call: Call, open_dataset: Dataset, kecamatan: list[tuple[str, str]], people: dict[str, object]
) -> None:
    from satudata.datasets.pipeline import import_rows
    from tests.datasets.conftest import population_rows
    from tests.portal.test_downloads import publish

    before = [r["id"] for r in result(call("package_show", id=open_dataset.slug))["resources"]]
    version = import_rows(dataset=open_dataset, rows=population_rows(kecamatan, 2025), period="2025",
                          acting_user=people["alice"]).version  # type: ignore[arg-type]  # fmt: skip
    publish(version, people)  # type: ignore[arg-type]
    after = result(call("package_show", id=open_dataset.slug))
    assert after["version"] == "3" and [r["id"] for r in after["resources"]] == before


def test_a_topic_is_the_packages_group(call: Call, school_dataset: Dataset) -> None:
    package = result(call("package_show", id=str(school_dataset.uuid)))
    assert package["groups"] == [{
        "id": str(uuid.uuid5(uuid.UUID("ca3fc1e9-b582-4a18-9a56-ea7f61444ff9"), "pendidikan_dan_pelatihan")),
        "name": "pendidikan_dan_pelatihan", "title": "Pendidikan dan Pelatihan",
        "display_name": "Pendidikan dan Pelatihan", "description": "", "image_display_url": "",
    }]  # fmt: skip
    # CKAN refuses "/" in tags: a harvesting CKAN must accept every tag.
    assert [t["name"] for t in package["tags"]] == ["sekolah", "kabupaten-kota", "SD"]
    assert (package["license_id"], package["license_url"]) == (
        "cc-zero",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    )


def test_unknown_parameters_are_ignored(call: Call, open_dataset: Dataset) -> None:
    # ckanapi dump sends these.
    package = result(call("package_show", id=open_dataset.slug, include_datasets=False, include_password_hash=True,
                          include_users=False, use_default_schema=True))  # fmt: skip
    assert package["name"] == open_dataset.slug
    assert result(call("package_show", name_or_id=open_dataset.slug))["name"] == open_dataset.slug


def test_a_missing_id_is_a_validation_error_and_an_unknown_one_not_found(call: Call, open_dataset: Dataset) -> None:
    assert error(call("package_show"), 409, "Validation Error")["id"] == ["Wajib diisi (Missing value)."]
    err = error(call("package_show", id="tidak-ada"), 404, "Not Found Error")
    assert err["message"] == "Not found: dataset “tidak-ada” tidak ditemukan."
    error(call("package_show", id=str(uuid.uuid4())), 404, "Not Found Error")


# Who may see a dataset that is not public: a token of someone who may browse the staff area's
# datasets (every producer, the walidata, the pembina, the forum, an administrator).
METADATA_READERS = {
    "alice": True,
    "bob": True,
    "wali": True,
    "bps": True,
    "forum": True,
    "admin": True,
    "nobody": False,
}


@pytest.mark.parametrize("person", sorted(METADATA_READERS))
def test_a_restricted_dataset_is_private_and_needs_a_token_that_may_read_it(
    call: Call, restricted_dataset: Dataset, token_for: Callable[..., str], person: str
) -> None:
    response = call("package_show", id=restricted_dataset.slug, token=token_for(person))
    if METADATA_READERS[person]:
        package = result(response)
        assert package["private"] is True and package["num_resources"] == 5
    else:
        assert error(response, 403, "Authorization Error")["message"].startswith("Access denied: ")


@pytest.mark.parametrize("person", sorted(METADATA_READERS))
def test_an_unpublished_dataset_is_private_without_resources(
    call: Call, unpublished_dataset: DatasetVersion, token_for: Callable[..., str], person: str
) -> None:
    response = call("package_show", id=unpublished_dataset.dataset.slug, token=token_for(person))
    if METADATA_READERS[person]:
        package = result(response)
        assert (package["private"], package["resources"], package["num_resources"]) == (True, [], 0)
        assert package["version"] is None
        assert "periode" not in {e["key"] for e in package["extras"]}
    else:
        error(response, 403, "Authorization Error")


def test_anonymous_callers_are_refused_private_datasets(
    call: Call, restricted_dataset: Dataset, unpublished_dataset: DatasetVersion
) -> None:
    for slug in (restricted_dataset.slug, unpublished_dataset.dataset.slug):
        assert error(call("package_show", id=slug), 403, "Authorization Error")["message"] == (
            f"Access denied: dataset “{slug}” tidak terbuka untuk umum; kirim token API yang berhak membacanya."
        )


def test_a_token_limited_to_other_organizations_does_not_open_the_dataset(
    call: Call, restricted_dataset: Dataset, orgs: dict[str, Organization], token_for: Callable[..., str]
) -> None:
    elsewhere = token_for("wali", orgs=[orgs["dispendik"]])
    error(call("package_show", id=restricted_dataset.slug, token=elsewhere), 403, "Authorization Error")
    here = token_for("wali", orgs=[orgs["dinkes"]])
    assert result(call("package_show", id=restricted_dataset.slug, token=here))["private"] is True


def test_get_works_as_post(call: Call, open_dataset: Dataset) -> None:
    assert result(call("package_show", method="GET", versioned=True, id=open_dataset.slug))["name"] == open_dataset.slug
