"""CKAN's dicts, built at the edge from satudata's objects: the shapes of
``model_dictize.package_dictize``, ``resource_dictize`` and ``group_dictize`` in CKAN 2.11, key for
key, so that clients written for CKAN find every key they read.

Timestamps are naive ISO 8601 in UTC without "Z", as CKAN writes them."""

from __future__ import annotations

import datetime as dt
from typing import NotRequired, TypedDict

from django.conf import settings
from django.urls import reverse

from satudata import store
from satudata.accounts.models import Organization
from satudata.api.ckan.catalog import (
    FORMAT_NAMES,
    LICENCES,
    LicenceInfo,
    Package,
    Topic,
    licence_of,
    resource_id,
    tag_id,
    tags_of,
    topic_of,
)


class ExtraDict(TypedDict):
    key: str
    value: str


class TagDict(TypedDict):
    id: str
    name: str
    display_name: str
    state: str
    vocabulary_id: None


class GroupRef(TypedDict):
    id: str
    name: str
    title: str
    display_name: str
    description: str
    image_display_url: str


class OrganizationRef(TypedDict):
    id: str
    name: str
    title: str
    type: str
    description: str
    image_url: str
    created: str | None
    is_organization: bool
    approval_status: str
    state: str


class ResourceDict(TypedDict):
    id: str
    package_id: str
    url: str
    name: str
    description: str
    format: str
    mimetype: str
    mimetype_inner: None
    size: int | None
    hash: str
    resource_type: str
    url_type: None
    created: str | None
    last_modified: str | None
    metadata_modified: str | None
    cache_url: None
    cache_last_updated: None
    state: str
    position: int
    datastore_active: bool


class PackageDict(TypedDict):
    id: str
    name: str
    title: str
    type: str
    state: str
    private: bool
    author: str
    author_email: str | None
    maintainer: None
    maintainer_email: None
    license_id: str
    license_title: str
    license_url: NotRequired[str]
    isopen: bool
    notes: str
    url: str
    version: str | None
    owner_org: str
    creator_user_id: None
    metadata_created: str
    metadata_modified: str
    num_resources: int
    num_tags: int
    organization: OrganizationRef
    groups: list[GroupRef]
    tags: list[TagDict]
    extras: list[ExtraDict]
    resources: list[ResourceDict]
    relationships_as_subject: list[object]
    relationships_as_object: list[object]


class GroupDict(TypedDict):
    """``organization_show`` / ``group_show`` (and the items of ``all_fields`` lists)."""

    id: str
    name: str
    title: str
    display_name: str
    type: str
    description: str
    image_url: str
    image_display_url: str
    created: str | None
    is_organization: bool
    approval_status: str
    state: str
    package_count: int
    extras: list[ExtraDict]
    groups: list[object]
    users: list[object]
    num_followers: int
    packages: NotRequired[list[PackageDict]]


class LicenceDict(TypedDict):
    id: str
    title: str
    url: str
    status: str
    maintainer: str
    family: str
    od_conformance: str
    osd_conformance: str
    domain_content: bool
    domain_data: bool
    domain_software: bool
    is_generic: bool
    is_okd_compliant: bool
    is_osi_compliant: bool


def ckan_time(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat()


def _extras(pairs: dict[str, str]) -> list[ExtraDict]:
    return [{"key": key, "value": value} for key, value in sorted(pairs.items()) if value]


def tag_dict(name: str) -> TagDict:
    return {"id": tag_id(name), "name": name, "display_name": name, "state": "active", "vocabulary_id": None}


def organization_ref(org: Organization) -> OrganizationRef:
    return {
        "id": str(org.uuid), "name": org.slug, "title": org.name, "type": "organization", "description": "",
        "image_url": "", "created": None, "is_organization": True, "approval_status": "approved", "state": "active",
    }  # fmt: skip


def group_ref(topic: Topic) -> GroupRef:
    return {"id": topic.id, "name": topic.code, "title": topic.label, "display_name": topic.label,
            "description": "", "image_display_url": ""}  # fmt: skip


def resource_dict(package: Package, fmt: str, *, site: str) -> ResourceDict:
    dataset, release = package.dataset, package.release
    assert release is not None  # only current releases have resources
    made = package.files.get(fmt)
    periods = ", ".join(str(p) for p in release.periods)
    return {
        "id": resource_id(dataset, fmt),
        "package_id": str(dataset.uuid),
        "url": site + reverse("portal:download", args=[dataset.slug, fmt]),
        "name": f"{dataset.title} ({FORMAT_NAMES[fmt]})",
        "description": f"Rilis {release.number}, periode {periods}. Setiap format memuat baris yang sama.",
        "format": FORMAT_NAMES[fmt],
        "mimetype": store.MEDIA_TYPES[fmt].split(";")[0],
        "mimetype_inner": None,
        "size": made.size_bytes if made else None,
        "hash": made.sha256 if made else "",
        "resource_type": "file",
        "url_type": None,
        "created": ckan_time(package.first_released),
        "last_modified": ckan_time(release.created),
        "metadata_modified": ckan_time(release.created),
        "cache_url": None,
        "cache_last_updated": None,
        "state": "active",
        "position": package.formats.index(fmt),
        "datastore_active": True,
    }


def _package_extras(package: Package) -> list[ExtraDict]:
    dataset, release = package.dataset, package.release
    facts = {
        "frekuensi": dataset.frequency,
        "klasifikasi_akses": dataset.access_class,
        "tingkat_penyajian": dataset.tingkat_penyajian,
        "satuan": dataset.unit,
        "data_prioritas": "true" if dataset.is_priority else "false",
        "kode_wilayah": settings.REGION_CODE,
        "nama_wilayah": settings.REGION_NAME,
    }
    if release is not None:
        facts["periode"] = ", ".join(str(p) for p in release.periods)
        facts["rilis"] = str(release.number)
    return _extras(facts)


def package_dict(package: Package, *, site: str) -> PackageDict:
    dataset, org = package.dataset, package.dataset.organization
    topic = topic_of(dataset.topic)
    tags = tags_of(dataset)
    licence = licence_of(dataset)
    out: PackageDict = {
        "id": str(dataset.uuid),
        "name": dataset.slug,
        "title": dataset.title,
        "type": "dataset",
        "state": "active",
        "private": package.is_private,
        "author": org.name,
        "author_email": org.email or None,
        "maintainer": None,
        "maintainer_email": None,
        "license_id": licence.id,
        "license_title": licence.title,
        "isopen": licence.is_open,
        "notes": dataset.description,
        "url": site + reverse("portal:dataset", args=[dataset.slug]),
        "version": str(package.release.number) if package.release else None,
        "owner_org": str(org.uuid),
        "creator_user_id": None,
        "metadata_created": ckan_time(dataset.created) or "",
        "metadata_modified": ckan_time(package.metadata_modified) or "",
        "num_resources": len(package.formats),
        "num_tags": len(tags),
        "organization": organization_ref(org),
        "groups": [group_ref(topic)] if topic else [],
        "tags": [tag_dict(name) for name in tags],
        "extras": _package_extras(package),
        "resources": [resource_dict(package, fmt, site=site) for fmt in package.formats],
        "relationships_as_subject": [],
        "relationships_as_object": [],
    }
    if licence.url:  # as CKAN: the key only when the licence has an address
        out["license_url"] = licence.url
    return out


def organization_dict(org: Organization, *, package_count: int) -> GroupDict:
    facts = {"nama_singkat": org.short_name, "jenis": org.kind, "surel": org.email, "telepon": org.phone,
             "alamat": org.address, "situs_web": org.website}  # fmt: skip
    return {
        "id": str(org.uuid), "name": org.slug, "title": org.name, "display_name": org.name,
        "type": "organization", "description": "", "image_url": "", "image_display_url": "", "created": None,
        "is_organization": True, "approval_status": "approved", "state": "active", "package_count": package_count,
        "extras": _extras(facts), "groups": [], "users": [], "num_followers": 0,
    }  # fmt: skip


def group_dict(topic: Topic, *, package_count: int) -> GroupDict:
    return {
        "id": topic.id, "name": topic.code, "title": topic.label, "display_name": topic.label, "type": "group",
        "description": "", "image_url": "", "image_display_url": "", "created": None, "is_organization": False,
        "approval_status": "approved", "state": "active", "package_count": package_count, "extras": [],
        "groups": [], "users": [], "num_followers": 0,
    }  # fmt: skip


def licence_dict(info: LicenceInfo) -> LicenceDict:
    return {
        "id": info.id, "title": info.title, "url": info.url, "status": "active", "maintainer": "", "family": "",
        "od_conformance": "approved" if info.is_open else "not reviewed", "osd_conformance": "not reviewed",
        "domain_content": True, "domain_data": True, "domain_software": False, "is_generic": not info.url,
        "is_okd_compliant": info.is_open, "is_osi_compliant": False,
    }  # fmt: skip


def licence_list() -> list[LicenceDict]:
    return [licence_dict(info) for info in LICENCES.values()]
