"""status_show, help_show, license_list and tag_list."""

from __future__ import annotations

from django.test import override_settings

from satudata.api.ckan.actions import ACTIONS
from satudata.datasets.models import Dataset, DatasetVersion
from tests.api.ckan.conftest import Call, error, result


@override_settings(REGION_NAME="Kabupaten Contoh", REGION_GOVERNMENT="Pemerintah Kabupaten Contoh")
def test_status_show_names_the_site_and_the_ckan_version_it_follows(call: Call, db: None) -> None:
    status = result(call("status_show"))
    assert status == {
        "site_title": "Portal Satu Data Kabupaten Contoh",
        "site_description": "Data statistik sektoral Pemerintah Kabupaten Contoh.",
        "site_url": "http://testserver",
        "error_emails_to": None,
        "locale_default": "id",
        "extensions": ["datastore", "dcat", "satudata"],
        "ckan_version": "2.11.5",
    }


def test_help_show_gives_each_actions_documentation(call: Call, db: None) -> None:
    for name, action in ACTIONS.items():
        text = result(call("help_show", name=name))
        assert text == action.__doc__ and len(text) > 30, name


def test_help_show_needs_a_known_name(call: Call, db: None) -> None:
    assert error(call("help_show"), 409, "Validation Error") == {"__type": "Validation Error",
                                                                  "name": ["Wajib diisi (Missing value)."]}  # fmt: skip
    assert error(call("help_show", name="package_create"), 404, "Not Found Error")["message"].startswith("Not found: ")


def test_license_list_uses_ckans_licence_ids(call: Call, db: None) -> None:
    licences = {item["id"]: item for item in result(call("license_list"))}
    assert list(licences) == ["cc-by", "cc-zero", "odc-by", "notspecified"]
    assert licences["cc-by"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert licences["cc-by"]["is_okd_compliant"] is True and licences["notspecified"]["is_okd_compliant"] is False
    assert set(licences["cc-zero"]) == {
        "id", "title", "url", "status", "maintainer", "family", "od_conformance", "osd_conformance",
        "domain_content", "domain_data", "domain_software", "is_generic", "is_okd_compliant", "is_osi_compliant",
    }  # fmt: skip


def test_tag_list_holds_the_public_datasets_tags_made_valid_for_ckan(
    call: Call, open_dataset: Dataset, school_dataset: Dataset, restricted_dataset: Dataset,
    unpublished_dataset: DatasetVersion,
) -> None:  # fmt: skip
    Dataset.objects.filter(pk=restricted_dataset.pk).update(keywords="rahasia")
    assert result(call("tag_list")) == ["SD", "kabupaten-kota", "kependudukan", "penduduk", "sekolah"]
    assert result(call("tag_list", query="PENDUDUK")) == ["kependudukan", "penduduk"]
    assert result(call("tag_list", q="sekolah", all_fields=True)) == [
        {"id": result(call("tag_list", q="sekolah", all_fields=True))[0]["id"], "name": "sekolah",
         "display_name": "sekolah", "state": "active", "vocabulary_id": None}
    ]  # fmt: skip
    error(call("tag_list", vocabulary_id="negara"), 404, "Not Found Error")
