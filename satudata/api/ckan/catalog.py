"""What the CKAN API serves, in satudata's terms: which datasets a caller sees, a dataset with its
current release and files (a `Package`), topics as groups, licences and tags in CKAN's spelling.

Visibility (decided for the whole API, see docs/api/ckan.*.md): a dataset is public
(``"private": false``) when the portal publishes its data — Terbuka with a current release
(`public_datasets`). Everything else a caller's token opens (`readable_datasets`: Terbatas and
Tertutup datasets, unpublished ones) is ``"private": true`` and shown to that caller only."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from django.core.cache import cache as shared_cache
from django.db.models import DateTimeField, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from satudata.api import permissions
from satudata.api.auth import Caller
from satudata.api.ckan.errors import NotAuthorized, NotFound
from satudata.core.middleware import page_generation
from satudata.datasets.models import Dataset, Licence, Release
from satudata.metadata.codes import SEKTOR_KEGIATAN
from satudata.portal.models import ReleaseFile
from satudata.portal.views import public_datasets

# Fixed forever: group, tag and resource ids are derived from them, and harvesters remember ids.
TOPIC_NAMESPACE = uuid.UUID("ca3fc1e9-b582-4a18-9a56-ea7f61444ff9")
TAG_NAMESPACE = uuid.UUID("338fe540-e225-44b7-9786-88edbc8dc548")

# Every format of a current release is one resource, in this order (``position``).
RESOURCE_FORMATS: tuple[str, ...] = ("csv", "xlsx", "json", "html", "parquet")
FORMAT_NAMES = {"csv": "CSV", "xlsx": "XLSX", "json": "JSON", "html": "HTML", "parquet": "Parquet"}


# ---------------------------------------------------------------------------------------------
# Topics (CKAN groups), licences, tags


@dataclass(frozen=True)
class Topic:
    code: str
    label: str

    @property
    def id(self) -> str:
        return str(uuid.uuid5(TOPIC_NAMESPACE, self.code))


@cache
def _topics() -> dict[str, Topic]:
    return {code: Topic(code, label) for code, label in SEKTOR_KEGIATAN.choices}


def all_topics() -> list[Topic]:
    return list(_topics().values())


def topic_of(code: str) -> Topic | None:
    """The topic of a dataset's ``topic``; None for an empty or unknown code (no group)."""
    return _topics().get(code)


def find_topic(id_or_name: str) -> Topic | None:
    return _topics().get(id_or_name) or next((t for t in _topics().values() if t.id == id_or_name), None)


@dataclass(frozen=True)
class LicenceInfo:
    """A licence as CKAN names it: the ids of CKAN's default licence register, so that a CKAN
    harvesting this portal shows the licence it knows."""

    id: str
    value: str  # ours (`Licence`)
    url: str
    is_open: bool

    @property
    def title(self) -> str:
        return str(Licence(self.value).label)


LICENCES: dict[str, LicenceInfo] = {
    info.value: info
    for info in (
        LicenceInfo("cc-by", Licence.CC_BY_4, "https://creativecommons.org/licenses/by/4.0/", True),
        LicenceInfo("cc-zero", Licence.CC0, "https://creativecommons.org/publicdomain/zero/1.0/", True),
        LicenceInfo("odc-by", Licence.ODC_BY, "https://opendatacommons.org/licenses/by/1-0/", True),
        # "Lainnya (lihat deskripsi)": CKAN has no neutral "other" licence; claiming one of its
        # "other-*" ones would state terms the description may not give.
        LicenceInfo("notspecified", Licence.OTHER, "", False),
    )
}


def licence_of(dataset: Dataset) -> LicenceInfo:
    return LICENCES.get(dataset.licence) or LICENCES[Licence.OTHER]


def licence_values(license_id: str) -> list[str]:
    """Our licence values for a CKAN ``license_id`` (our own values are accepted too)."""
    return [info.value for info in LICENCES.values() if license_id in (info.id, info.value)]


_NOT_IN_TAG = re.compile(r"[^\w \-.]")


def tag_name(keyword: str) -> str | None:
    """A keyword as a valid CKAN tag (letters, digits, space, ``-_.``; 2 to 100 characters), so
    that a CKAN harvesting this portal accepts it: "kabupaten/kota" becomes "kabupaten-kota"."""
    name = " ".join(_NOT_IN_TAG.sub("-", keyword).split())[:100].strip()
    return name if len(name) >= 2 else None


def tags_of(dataset: Dataset) -> list[str]:
    names: list[str] = []
    for keyword in dataset.keyword_list:
        name = tag_name(keyword)
        if name is not None and name not in names:
            names.append(name)
    return names


def tag_id(name: str) -> str:
    return str(uuid.uuid5(TAG_NAMESPACE, name))


def resource_id(dataset: Dataset, fmt: str) -> str:
    """Stable across releases: a harvester keeps one resource per format."""
    return str(uuid.uuid5(dataset.uuid, fmt))


# ---------------------------------------------------------------------------------------------
# Which datasets


def with_facts(datasets: QuerySet[Dataset]) -> QuerySet[Dataset]:
    """``datasets`` with what filtering and sorting need: ``ckan_modified`` (CKAN's
    ``metadata_modified``: the later of the dataset's last change and its newest release) and
    ``ckan_current_file`` (the newest release's file; empty when it has none)."""
    newest = Release.objects.filter(dataset=OuterRef("pk")).order_by("-number")
    return (
        Dataset.objects.filter(pk__in=datasets.values("pk"))
        .select_related("organization")
        .annotate(
            ckan_released=Subquery(newest.values("created")[:1]),
            ckan_current_file=Subquery(newest.values("file_key")[:1]),
        )
        .annotate(
            ckan_modified=Greatest(
                F("updated"), Coalesce(F("ckan_released"), F("updated")), output_field=DateTimeField()
            )
        )
    )


def visible_datasets(caller: Caller, *, include_private: bool) -> QuerySet[Dataset]:
    base = public_datasets()
    return with_facts(permissions.readable_datasets(caller, base) if include_private else base)


# ---------------------------------------------------------------------------------------------
# Packages


@dataclass(frozen=True)
class Package:
    """A dataset as the API shows it."""

    dataset: Dataset
    is_private: bool
    release: Release | None  # the current release: the newest, when it has data
    first_released: dt.datetime | None
    metadata_modified: dt.datetime
    files: dict[str, ReleaseFile] = field(default_factory=dict)

    @property
    def formats(self) -> tuple[str, ...]:
        return RESOURCE_FORMATS if self.release is not None else ()


def load_packages(datasets: Sequence[Dataset]) -> list[Package]:
    """Packages for ``datasets`` (with their organizations loaded), in a fixed number of queries."""
    ids = [d.pk for d in datasets]
    public = set(public_datasets().filter(pk__in=ids).values_list("pk", flat=True))
    releases: dict[int, list[Release]] = {}
    for made_release in Release.objects.filter(dataset_id__in=ids).order_by("dataset_id", "-number"):
        releases.setdefault(made_release.dataset_id, []).append(made_release)
    current = {pk: rels[0] for pk, rels in releases.items() if rels[0].file_key}
    files: dict[int, dict[str, ReleaseFile]] = {}
    for made in ReleaseFile.objects.filter(release__in=list(current.values())):
        files.setdefault(made.release_id, {})[made.fmt] = made
    packages = []
    for dataset in datasets:
        rels = releases.get(dataset.pk, [])
        release = current.get(dataset.pk)
        packages.append(
            Package(
                dataset=dataset,
                is_private=dataset.pk not in public,
                release=release,
                first_released=min((r.created for r in rels), default=None),
                metadata_modified=max([dataset.updated, *(r.created for r in rels[:1])]),
                files=files.get(release.pk, {}) if release else {},
            )
        )
    return packages


def _check_readable(caller: Caller, dataset: Dataset, *, is_public: bool) -> None:
    if not is_public and not permissions.can_read_dataset(caller, dataset):
        raise NotAuthorized(
            f"dataset “{dataset.slug}” tidak terbuka untuk umum; kirim token API yang berhak membacanya."
        )


def find_package(caller: Caller, id_or_name: str) -> Package:
    """The dataset with this CKAN ``id`` (uuid) or ``name`` (slug). NotFound when there is none,
    NotAuthorized when it exists but the caller may not see it."""
    datasets = Dataset.objects.select_related("organization")
    dataset = datasets.filter(slug=id_or_name).first()
    if dataset is None and is_uuid(id_or_name):
        dataset = datasets.filter(uuid=id_or_name).first()
    if dataset is None:
        raise NotFound(f"dataset “{id_or_name}” tidak ditemukan.")
    package = load_packages([dataset])[0]
    _check_readable(caller, dataset, is_public=not package.is_private)
    return package


def find_resource(caller: Caller, id: str) -> tuple[Package, str]:
    """The package and format of a resource id. NotFound also for a format of a dataset that
    has no current release (its resources are gone)."""
    located = _resource_index(fresh=False).get(id) or _resource_index(fresh=True).get(id)
    dataset = Dataset.objects.select_related("organization").filter(pk=located[0]).first() if located else None
    if dataset is None or located is None:
        raise NotFound(f"resource “{id}” tidak ditemukan.")
    package = load_packages([dataset])[0]
    _check_readable(caller, dataset, is_public=not package.is_private)
    if located[1] not in package.formats:
        raise NotFound(f"resource “{id}” tidak ditemukan: dataset ini belum punya rilis.")
    return package, located[1]


def _resource_index(*, fresh: bool) -> dict[str, tuple[int, str]]:
    """Resource id → (dataset pk, format) for every dataset. Resource ids are hashes, so they are
    looked up in this index, kept in the shared cache under the public pages' generation (which
    any change of a dataset renews); an id not found there is looked up once more afresh."""
    key = f"ckan:resource-index:{page_generation()}"
    index: dict[str, tuple[int, str]] | None = None if fresh else shared_cache.get(key)
    if index is None:
        index = {
            str(uuid.uuid5(dataset_uuid, fmt)): (pk, fmt)
            for pk, dataset_uuid in Dataset.objects.values_list("pk", "uuid")
            for fmt in RESOURCE_FORMATS
        }
        shared_cache.set(key, index, 3600)
    return index


def is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
