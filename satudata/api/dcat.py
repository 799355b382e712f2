"""DCAT-AP 3 descriptions of the catalogue and its datasets, as rdflib graphs.

The mapping follows ckanext-dcat's ``euro_dcat_ap_3`` profile, which is what CKAN portals such as
data.go.id harvest; docs/api/dcat.en.md has the table. Every node carries the rdf:type that the
DCAT-AP 3.0.1 range shapes ask for (a contact point is a ``vcard:Kind`` as well as a
``vcard:Organization``, a media type a ``dct:MediaType``...), so the graph conforms without the
vocabularies those shapes would otherwise import: validators without network access, and the
EU validator's "no background knowledge" setting, accept it as it is.

A catalogued dataset is one with a published release (``portal.views.catalogued_datasets``): its
metadata is public whatever its access class, but only Terbuka data gets download URLs.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import F, Max, Min, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Greatest
from django.db.models.lookups import GreaterThanOrEqual
from django.urls import reverse
from django.utils import timezone
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, GEO, RDF, SKOS, XSD

from satudata.accounts.models import Organization
from satudata.datasets.models import Dataset, Licence, Release
from satudata.metadata.codes import SEKTOR_KEGIATAN
from satudata.planning.models import JadwalPemutakhiran
from satudata.portal import charts
from satudata.portal.models import ReleaseFile
from satudata.portal.views import catalogued_datasets
from satudata.reference.models import AccessClass
from satudata.schedule.periods import PERIOD_RE, period_end

# As ckanext-dcat (``ckanext.dcat.datasets_per_page``).
DATASETS_PER_PAGE = 100

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
# DCAT 3 terms that rdflib's closed DCAT namespace does not list yet.
DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")

PREFIXES: dict[str, Namespace] = {
    "dcat": Namespace(str(DCAT)), "dct": Namespace(str(DCTERMS)), "foaf": Namespace(str(FOAF)),
    "skos": Namespace(str(SKOS)), "vcard": VCARD, "spdx": SPDX, "hydra": HYDRA, "dcatap": DCATAP,
    "xsd": Namespace(str(XSD)), "gsp": Namespace(str(GEO)),
}  # fmt: skip

# EU Vocabularies (Publications Office) authority tables that DCAT-AP names.
EU = "http://publications.europa.eu/resource/authority/"
DATA_THEME = URIRef(EU + "data-theme")
LANGUAGE_ID = URIRef(EU + "language/IND")
STABLE = URIRef(EU + "planned-availability/STABLE")
IANA = "https://www.iana.org/assignments/media-types/"

ACCESS_RIGHTS: dict[str, str] = {
    AccessClass.TERBUKA: "PUBLIC",
    AccessClass.TERBATAS: "RESTRICTED",
    AccessClass.TERTUTUP: "NON_PUBLIC",
}
FREQUENCIES: dict[str, str] = {
    JadwalPemutakhiran.HARIAN: "DAILY",
    JadwalPemutakhiran.MINGGUAN: "WEEKLY",
    JadwalPemutakhiran.BULANAN: "MONTHLY",
    JadwalPemutakhiran.TRIWULANAN: "QUARTERLY",
    JadwalPemutakhiran.SEMESTERAN: "ANNUAL_2",  # "semiannual" in the EU table
    JadwalPemutakhiran.TAHUNAN: "ANNUAL",
    JadwalPemutakhiran.INSIDENTAL: "IRREG",
}
# Licence → (EU licence authority code, ADMS licence type). "Lainnya" has no URI to give.
LICENCES: dict[str, tuple[str, str]] = {
    Licence.CC_BY_4: ("CC_BY_4_0", "Attribution"),
    Licence.CC0: ("CC0", "PublicDomain"),
    Licence.ODC_BY: ("ODC_BY", "Attribution"),
}
# The portal's topics (BPS's Sektor Kegiatan, modelled on the OECD statistics themes) → the EU
# data themes; docs/api/dcat.en.md lists the pairs.
THEMES: dict[str, str] = {
    "pertanian_dan_perikanan": "AGRI", "demografi_dan_kependudukan": "SOCI", "pembangunan": "ECON",
    "proyeksi_ekonomi": "ECON", "pendidikan_dan_pelatihan": "EDUC", "lingkungan": "ENVI", "keuangan": "ECON",
    "globalisasi": "INTR", "kesehatan": "HEAL", "industri_dan_jasa": "ECON",
    "teknologi_informasi_dan_komunikasi": "TECH", "perdagangan_internasional_dan_neraca_perdagangan": "ECON",
    "ketenagakerjaan": "SOCI", "neraca_nasional": "ECON", "indikator_ekonomi_bulanan": "ECON",
    "produktivitas": "ECON", "harga_dan_paritas_daya_beli": "ECON",
    "sektor_publik_perpajakan_dan_regulasi_pasar": "GOVE", "perwilayahan_dan_perkotaan": "REGI",
    "ilmu_pengetahuan_dan_hak_paten": "TECH", "perlindungan_sosial_dan_kesejahteraan": "SOCI",
    "transportasi": "TRAN",
}  # fmt: skip
THEME_LABELS: dict[str, str] = {
    "AGRI": "Agriculture, fisheries, forestry and food", "ECON": "Economy and finance",
    "EDUC": "Education, culture and sport", "ENVI": "Environment", "GOVE": "Government and public sector",
    "HEAL": "Health", "INTR": "International issues", "REGI": "Regions and cities", "SOCI": "Population and society",
    "TECH": "Science and technology", "TRAN": "Transport",
}  # fmt: skip


@dataclass(frozen=True)
class FileFormat:
    label: str
    eu_code: str  # in the EU file-type table
    media_type: str  # IANA


# The download formats of a release, in the order of the dataset page (the CSV with a byte-order
# mark is the same data as the CSV and is left out).
FILE_FORMATS: dict[str, FileFormat] = {
    "csv": FileFormat("CSV", "CSV", "text/csv"),
    "xlsx": FileFormat("XLSX", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "json": FileFormat("JSON", "JSON", "application/json"),
    "html": FileFormat("HTML", "HTML", "text/html"),
    "parquet": FileFormat("Parquet", "PARQUET", "application/vnd.apache.parquet"),
}


# --- what is catalogued --------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """A catalogued dataset with everything its description shows, loaded for a page at once."""

    dataset: Dataset
    release: Release  # the current one
    files: dict[str, ReleaseFile]  # by format; a file not made yet is missing
    issued: dt.datetime  # first publication
    modified: dt.datetime  # the later of the last metadata change and the current release


# (dataset pk, current release pk, first publication, modified)
_Row = tuple[int, int, dt.datetime, dt.datetime]
_ROW_FIELDS = ("pk", "current_release_id", "first_released", "modified")


def catalogue() -> QuerySet[Dataset]:
    """Every catalogued dataset with its dates, in the order of the pages: by creation, so that a
    dataset keeps its place when it changes and a harvester walking the pages misses none."""
    releases = Release.objects.filter(dataset=OuterRef("pk"))
    newest = releases.order_by("-number")
    return (
        catalogued_datasets()
        .annotate(
            current_release_id=Subquery(newest.values("pk")[:1]),
            released=Subquery(newest.values("created")[:1]),
            first_released=Subquery(releases.order_by("number").values("created")[:1]),
        )
        .annotate(modified=Greatest("updated", "released"))
        .order_by("pk")
    )


@dataclass(frozen=True)
class CataloguePage:
    number: int
    total: int  # datasets matching the request, on every page
    entries: list[Entry]
    issued: dt.datetime | None  # of the whole catalogue
    modified: dt.datetime | None

    @property
    def last(self) -> int:
        return max(1, math.ceil(self.total / DATASETS_PER_PAGE))


def catalogue_page(number: int, *, modified_since: dt.datetime | None = None) -> CataloguePage:
    """One page of the catalogue: a fixed number of queries whatever the page holds."""
    datasets = catalogue()
    # Named apart from the annotations: an aggregate named like one replaces it in the query.
    overall = datasets.aggregate(catalogue_issued=Min("first_released"), catalogue_modified=Max("modified"))
    if modified_since is not None:
        datasets = datasets.filter(GreaterThanOrEqual(F("modified"), Value(modified_since)))
    total = datasets.count()
    start = (number - 1) * DATASETS_PER_PAGE
    # Beyond the last page the page is empty (as in ckanext-dcat); no query for it.
    rows: list[_Row] = (
        list(datasets.values_list(*_ROW_FIELDS)[start : start + DATASETS_PER_PAGE]) if start < total else []
    )
    return CataloguePage(number, total, load_entries(rows), overall["catalogue_issued"], overall["catalogue_modified"])


def catalogued_entry(slug: str) -> Entry | None:
    rows: list[_Row] = list(catalogue().filter(slug=slug).values_list(*_ROW_FIELDS))
    return load_entries(rows)[0] if rows else None


def load_entries(rows: list[_Row]) -> list[Entry]:
    datasets = Dataset.objects.select_related("organization").in_bulk([row[0] for row in rows])
    releases = Release.objects.in_bulk([row[1] for row in rows])
    files: dict[int, dict[str, ReleaseFile]] = defaultdict(dict)
    for made in ReleaseFile.objects.filter(release_id__in=releases):
        files[made.release_id][made.fmt] = made
    return [
        Entry(datasets[pk], releases[release_id], files[release_id], issued, modified)
        for pk, release_id, issued, modified in rows
    ]


# --- the graphs ----------------------------------------------------------------------------------


class Site:
    """The portal's URLs as the request reached it, so that a test server and the production host
    both describe themselves."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")

    def uri(self, path: str) -> URIRef:
        return URIRef(self.base + path)

    def named(self, name: str, *args: object) -> URIRef:
        return self.uri(reverse(name, args=args))

    def dataset(self, dataset: Dataset) -> URIRef:
        # The slug is set at creation and never edited, and the URI leads to the dataset page
        # (Django appends the slash); the uuid is the dct:identifier.
        return self.uri(f"/dataset/{dataset.slug}")

    @property
    def catalog(self) -> URIRef:
        return self.uri("/catalog")


def new_graph() -> Graph:
    graph = Graph(bind_namespaces="core")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def catalogue_graph(site: Site, page: CataloguePage, page_url: Callable[[int], str]) -> Graph:
    graph = new_graph()
    catalog = site.catalog
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal(f"Satu Data {settings.REGION_NAME}", lang="id")))
    description = (
        f"Katalog data sektoral Perangkat Daerah {settings.REGION_GOVERNMENT} yang telah diverifikasi "
        "Walidata dan diterbitkan di Portal Satu Data."
    )
    graph.add((catalog, DCTERMS.description, Literal(description, lang="id")))
    graph.add((catalog, DCTERMS.publisher, _add_government(graph, site)))
    graph.add((catalog, FOAF.homepage, _typed(graph, site.uri("/"), FOAF.Document)))
    graph.add((catalog, DCTERMS.language, _typed(graph, LANGUAGE_ID, DCTERMS.LinguisticSystem)))
    graph.add((catalog, DCTERMS.spatial, _add_region(graph, site)))
    graph.add((catalog, DCAT.themeTaxonomy, _add_scheme(graph, DATA_THEME, Literal("Data theme", lang="en"))))
    topics = _add_scheme(graph, site.named("portal:topics"), Literal("Topik data (Sektor Kegiatan)", lang="id"))
    graph.add((catalog, DCAT.themeTaxonomy, topics))
    if page.issued is not None:
        graph.add((catalog, DCTERMS.issued, _datetime(page.issued)))
    if page.modified is not None:
        graph.add((catalog, DCTERMS.modified, _datetime(page.modified)))
    for entry in page.entries:
        graph.add((catalog, DCAT.dataset, add_dataset(graph, site, entry)))
    _add_paging(graph, page, page_url)
    return graph


def dataset_graph(site: Site, entry: Entry) -> Graph:
    graph = new_graph()
    add_dataset(graph, site, entry)
    return graph


def _add_paging(graph: Graph, page: CataloguePage, page_url: Callable[[int], str]) -> None:
    """Hydra paging as ckanext-dcat writes it: the current page's URL is a hydra:PagedCollection.
    Its harvester reads hydra:next and, in older versions, the deprecated hydra:nextPage, so both
    spellings are written (the deprecated ones as literals, like ckanext-dcat)."""
    node = URIRef(page_url(page.number))
    graph.add((node, RDF.type, HYDRA.PagedCollection))
    graph.add((node, HYDRA.totalItems, Literal(page.total)))
    graph.add((node, HYDRA.itemsPerPage, Literal(DATASETS_PER_PAGE)))
    links = {"first": 1, "last": page.last}
    if page.number > 1:
        links["previous"] = min(page.number - 1, page.last)
    if page.number < page.last:
        links["next"] = page.number + 1
    for name, number in links.items():
        graph.add((node, HYDRA[name], URIRef(page_url(number))))
        graph.add((node, HYDRA[name + "Page"], Literal(page_url(number))))


def add_dataset(graph: Graph, site: Site, entry: Entry) -> URIRef:
    dataset, release = entry.dataset, entry.release
    ref = site.dataset(dataset)
    add = graph.add
    add((ref, RDF.type, DCAT.Dataset))
    add((ref, DCTERMS.title, Literal(dataset.title, lang="id")))
    # DCAT-AP requires a description; like the page's schema.org, the title stands in for none.
    add((ref, DCTERMS.description, Literal(dataset.description or dataset.title, lang="id")))
    add((ref, DCTERMS.identifier, Literal(str(dataset.uuid))))
    for keyword in dataset.keyword_list:
        add((ref, DCAT.keyword, Literal(keyword, lang="id")))
    for theme in _add_themes(graph, site, dataset.topic):
        add((ref, DCAT.theme, theme))
    add((ref, DCTERMS.issued, _datetime(entry.issued)))
    add((ref, DCTERMS.modified, _datetime(entry.modified)))
    add((ref, DCAT_VERSION, Literal(str(release.number))))
    add((ref, DCTERMS.language, _typed(graph, LANGUAGE_ID, DCTERMS.LinguisticSystem)))
    frequency = URIRef(EU + "frequency/" + FREQUENCIES.get(dataset.frequency, "UNKNOWN"))
    add((ref, DCTERMS.accrualPeriodicity, _typed(graph, frequency, DCTERMS.Frequency)))
    rights = URIRef(EU + "access-right/" + ACCESS_RIGHTS.get(dataset.access_class, "NON_PUBLIC"))
    add((ref, DCTERMS.accessRights, _typed(graph, rights, DCTERMS.RightsStatement)))
    add((ref, DCTERMS.publisher, _add_opd(graph, site, dataset.organization)))
    add((ref, DCAT.contactPoint, _add_contact(graph, site, dataset.organization)))
    add((ref, DCTERMS.spatial, _add_region(graph, site)))
    covered = temporal_coverage(release.periods)
    if covered is not None:
        period = BNode()
        add((period, RDF.type, DCTERMS.PeriodOfTime))
        add((period, DCAT.startDate, Literal(covered[0], datatype=XSD.date)))
        add((period, DCAT.endDate, Literal(covered[1], datatype=XSD.date)))
        add((ref, DCTERMS.temporal, period))
    add((ref, DCAT.landingPage, _typed(graph, site.named("portal:dataset", dataset.slug), FOAF.Document)))
    if dataset.access_class == AccessClass.TERBUKA:
        for fmt in FILE_FORMATS:
            add((ref, DCAT.distribution, _add_download(graph, site, entry, fmt)))
    else:
        add((ref, DCAT.distribution, _add_request(graph, site, entry)))
    return ref


def _add_download(graph: Graph, site: Site, entry: Entry, fmt: str) -> URIRef:
    """A format of the current release. The access URL always gives the newest release; the
    download URL is this release's own file, which never changes, so that the size and checksum
    stay true for whoever downloads it later."""
    dataset, release, file_format = entry.dataset, entry.release, FILE_FORMATS[fmt]
    ref = site.uri(f"/dataset/{dataset.slug}/distribution/{fmt}")
    add = graph.add
    add((ref, RDF.type, DCAT.Distribution))
    add((ref, DCTERMS.title, Literal(f"{dataset.title} ({file_format.label})", lang="id")))
    periods = "–".join(dict.fromkeys([release.periods[0], release.periods[-1]])) if release.periods else "—"
    description = f"Rilis {release.number} (periode {periods}) dalam format {file_format.label}."
    add((ref, DCTERMS.description, Literal(description, lang="id")))
    # The portal's download URLs (portal:download and portal:download-release), written out:
    # reverse() for each of 1,000 links would cost more than the rest of the page.
    add((ref, DCAT.accessURL, site.uri(f"/dataset/{dataset.slug}.{fmt}")))
    add((ref, DCAT.downloadURL, site.uri(f"/dataset/{dataset.slug}/v{release.number}.{fmt}")))
    media_type = URIRef(IANA + file_format.media_type)
    add((ref, DCAT.mediaType, _typed(graph, media_type, DCTERMS.MediaType)))
    file_type = URIRef(EU + "file-type/" + file_format.eu_code)
    add((ref, DCTERMS["format"], _typed(graph, file_type, DCTERMS.MediaTypeOrExtent)))
    licence = _add_licence(graph, dataset.licence)
    if licence is not None:
        add((ref, DCTERMS.license, licence))
    add((ref, DCATAP.availability, _add_concept(graph, STABLE, Literal("stable", lang="en"))))
    add((ref, DCTERMS.issued, _datetime(entry.issued)))
    add((ref, DCTERMS.modified, _datetime(release.created)))
    made = entry.files.get(fmt)
    if made is not None:
        add((ref, DCAT.byteSize, Literal(made.size_bytes, datatype=XSD.nonNegativeInteger)))
        checksum = BNode()
        add((checksum, RDF.type, SPDX.Checksum))
        add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        add((checksum, SPDX.checksumValue, Literal(made.sha256, datatype=XSD.hexBinary)))
        add((ref, SPDX.checksum, checksum))
    return ref


def _add_request(graph: Graph, site: Site, entry: Entry) -> URIRef:
    """Terbatas and Tertutup data have no public file: DCAT-AP still wants a distribution with an
    access URL, and the dataset page is where the data can be asked for (Terbatas) or where it
    says that it is not public (Tertutup)."""
    dataset = entry.dataset
    ref = site.uri(f"/dataset/{dataset.slug}/distribution/permintaan")
    add = graph.add
    add((ref, RDF.type, DCAT.Distribution))
    add((ref, DCTERMS.title, Literal(f"{dataset.title} (permintaan data)", lang="id")))
    if dataset.access_class == AccessClass.TERBATAS:
        text = "Data Terbatas: tidak dapat diunduh bebas; dapat diminta melalui halaman dataset."
    else:
        text = "Data Tertutup: tidak tersedia untuk publik; hanya metadatanya yang ditampilkan."
    add((ref, DCTERMS.description, Literal(text, lang="id")))
    add((ref, DCAT.accessURL, site.named("portal:dataset", dataset.slug)))
    add((ref, DCATAP.availability, _add_concept(graph, STABLE, Literal("stable", lang="en"))))
    add((ref, DCTERMS.modified, _datetime(entry.release.created)))
    return ref


def _add_government(graph: Graph, site: Site) -> URIRef:
    """The regional government, publisher of the catalogue."""
    ref = site.uri("/catalog#publisher")
    graph.add((ref, RDF.type, FOAF.Agent))
    graph.add((ref, RDF.type, FOAF.Organization))
    graph.add((ref, FOAF.name, Literal(settings.REGION_GOVERNMENT, lang="id")))
    # A province ("35") is a regional authority; a regency or city ("35.14") a local one.
    kind = "RegionalAuthority" if settings.REGION_CODE.count(".") == 0 else "LocalAuthority"
    graph.add((ref, DCTERMS.type, _add_publisher_type(graph, kind)))
    return ref


def _add_opd(graph: Graph, site: Site, organization: Organization) -> URIRef:
    # The organization's public page, as ckanext-dcat's publisher URI fallback.
    ref = site.named("portal:organization", organization.slug)
    if _described(graph, ref, FOAF.Agent):
        return ref
    graph.add((ref, RDF.type, FOAF.Agent))
    graph.add((ref, RDF.type, FOAF.Organization))
    graph.add((ref, FOAF.name, Literal(organization.name, lang="id")))
    vertical = organization.kind == Organization.Kind.VERTIKAL  # e.g. BPS, an office of a national body
    graph.add((ref, DCTERMS.type, _add_publisher_type(graph, "NationalAuthority" if vertical else "LocalAuthority")))
    if organization.website:
        graph.add((ref, FOAF.homepage, URIRef(organization.website)))
    return ref


def _add_contact(graph: Graph, site: Site, organization: Organization) -> URIRef:
    ref = URIRef(site.named("portal:organization", organization.slug) + "#kontak")
    if _described(graph, ref, VCARD.Organization):
        return ref
    graph.add((ref, RDF.type, VCARD.Organization))
    graph.add((ref, RDF.type, VCARD.Kind))
    graph.add((ref, VCARD.fn, Literal(organization.name, lang="id")))
    if organization.email:
        graph.add((ref, VCARD.hasEmail, URIRef("mailto:" + organization.email)))
    if organization.website:
        graph.add((ref, VCARD.hasURL, URIRef(organization.website)))
    return ref


def _add_publisher_type(graph: Graph, name: str) -> URIRef:
    ref = URIRef("http://purl.org/adms/publishertype/" + name)
    label = {"LocalAuthority": "Local Authority", "RegionalAuthority": "Regional Authority"}.get(
        name, "National authority"
    )
    return _add_concept(graph, ref, Literal(label, lang="en"), URIRef("http://purl.org/adms/publishertype/1.0"))


def _add_licence(graph: Graph, licence: str) -> URIRef | None:
    if licence not in LICENCES:
        return None
    code, kind = LICENCES[licence]
    ref = URIRef(EU + "licence/" + code)
    if _described(graph, ref, DCTERMS.LicenseDocument):
        return ref
    graph.add((ref, RDF.type, DCTERMS.LicenseDocument))
    kind_ref = _add_concept(
        graph, URIRef("http://purl.org/adms/licencetype/" + kind), Literal(kind, lang="en"),
        URIRef("http://purl.org/adms/licencetype/1.0"),
    )  # fmt: skip
    graph.add((ref, DCTERMS.type, kind_ref))
    return ref


def _add_region(graph: Graph, site: Site) -> URIRef:
    """The portal's region, at its page under /wilayah/, with its Kemendagri code."""
    ref = site.named("reference:wilayah", settings.REGION_CODE)
    if _described(graph, ref, DCTERMS.Location):
        return ref
    graph.add((ref, RDF.type, DCTERMS.Location))
    graph.add((ref, SKOS.prefLabel, Literal(settings.REGION_NAME, lang="id")))
    graph.add((ref, SKOS.notation, Literal(settings.REGION_CODE)))
    path = charts.boundaries_path()
    geometry = region_geometry(path) if path is not None else None
    if geometry is not None:
        bbox, centroid = geometry
        graph.add((ref, DCAT.bbox, Literal(bbox, datatype=GEO.wktLiteral)))
        graph.add((ref, DCAT.centroid, Literal(centroid, datatype=GEO.wktLiteral)))
    return ref


def _add_themes(graph: Graph, site: Site, topic: str) -> list[URIRef]:
    """The EU data theme of the topic, and the portal's own topic (its page under /topik/)."""
    label = dict(SEKTOR_KEGIATAN.choices).get(topic)
    if label is None:
        return []
    code = THEMES[topic]
    eu = _add_concept(graph, URIRef(f"{DATA_THEME}/{code}"), Literal(THEME_LABELS[code], lang="en"), DATA_THEME)
    own = _add_concept(
        graph, site.named("portal:topic", topic), Literal(str(label), lang="id"), site.named("portal:topics")
    )
    return [eu, own]


def _add_scheme(graph: Graph, ref: URIRef, title: Literal) -> URIRef:
    graph.add((ref, RDF.type, SKOS.ConceptScheme))
    graph.add((ref, DCTERMS.title, title))
    return ref


def _add_concept(graph: Graph, ref: URIRef, label: Literal, scheme: URIRef | None = None) -> URIRef:
    if _described(graph, ref, SKOS.Concept):
        return ref
    graph.add((ref, RDF.type, SKOS.Concept))
    graph.add((ref, SKOS.prefLabel, label))
    if scheme is not None:
        graph.add((ref, SKOS.inScheme, scheme))
    return ref


def _typed(graph: Graph, ref: URIRef, rdf_type: URIRef) -> URIRef:
    if not _described(graph, ref, rdf_type):
        graph.add((ref, RDF.type, rdf_type))
    return ref


def _described(graph: Graph, ref: URIRef, rdf_type: URIRef) -> bool:
    """Whether a node shared by many datasets (OPD, licence, concept...) is in the graph already:
    a lookup costs a fraction of adding its triples again."""
    return (ref, RDF.type, rdf_type) in graph


def _datetime(value: dt.datetime) -> Literal:
    return Literal(timezone.localtime(value).replace(microsecond=0), datatype=XSD.dateTime)


# --- periods and places --------------------------------------------------------------------------


def period_start(period: str) -> dt.date | None:
    """The first day a period ("2024", "2024-S2", "2024-Q3", "2024-TW3", "2024-03") covers."""
    if not PERIOD_RE.fullmatch(period):
        return None
    year, _, part = period.partition("-")
    y = int(year)
    if not part:
        return dt.date(y, 1, 1)
    if part.startswith("S"):
        return dt.date(y, 6 * int(part[1]) - 5, 1)
    if part.startswith(("Q", "TW")):
        return dt.date(y, 3 * int(part[-1]) - 2, 1)
    month = int(part)
    return dt.date(y, month, 1) if 1 <= month <= 12 else None


def temporal_coverage(periods: Iterable[str]) -> tuple[dt.date, dt.date] | None:
    """From the first day of the earliest period to the last day of the latest."""
    starts = [d for d in map(period_start, periods) if d is not None]
    ends = [d for d in map(period_end, periods) if d is not None]
    return (min(starts), max(ends)) if starts and ends else None


@functools.cache
def region_geometry(path: Path) -> tuple[str, str] | None:
    """Bounding box and centroid (WKT, longitude latitude in WGS 84) of the region, from the
    kecamatan boundaries shipped for the map; the centroid is the area-weighted one of the outer
    rings (a plane approximation, close enough at the size of a regency)."""
    features: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8")).get("features", [])
    rings = [polygon[0] for f in features if f.get("geometry") for polygon in _polygons(f["geometry"])]
    points = [point for ring in rings for point in ring]
    if not points:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    west, east, south, north = min(xs), max(xs), min(ys), max(ys)
    corners = [(west, south), (east, south), (east, north), (west, north), (west, south)]
    bbox = "POLYGON((" + ", ".join(f"{x:.5f} {y:.5f}" for x, y in corners) + "))"
    area = cx = cy = 0.0
    for ring in rings:
        ring_area, ring_x, ring_y = _ring_moments(ring)
        # Rings may be drawn either way round: each counts with a positive area.
        sign = -1 if ring_area < 0 else 1
        area, cx, cy = area + sign * ring_area, cx + sign * ring_x, cy + sign * ring_y
    if area == 0:
        return None
    return bbox, f"POINT({cx / (3 * area):.5f} {cy / (3 * area):.5f})"


def _ring_moments(ring: list[list[float]]) -> tuple[float, float, float]:
    """Twice the signed area of a closed ring, and its first moments times six (shoelace)."""
    area = mx = my = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        mx += (x0 + x1) * cross
        my += (y0 + y1) * cross
    return area, mx, my


def _polygons(geometry: dict[str, Any]) -> list[Any]:
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"]]
    if geometry.get("type") == "MultiPolygon":
        return list(geometry["coordinates"])
    return []


# --- serialisation -------------------------------------------------------------------------------

# Extension in the URL → (rdflib format, media type).
FORMATS: dict[str, tuple[str, str]] = {
    "ttl": ("turtle", "text/turtle; charset=utf-8"),
    "jsonld": ("json-ld", "application/ld+json"),
    "rdf": ("pretty-xml", "application/rdf+xml; charset=utf-8"),
}


def serialize(graph: Graph, fmt: str) -> bytes:
    rdflib_format, _media_type = FORMATS[fmt]
    if rdflib_format == "json-ld":
        context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
        return graph.serialize(format="json-ld", context=context, auto_compact=True, encoding="utf-8")
    return graph.serialize(format=rdflib_format, encoding="utf-8")
