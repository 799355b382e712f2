"""The DCAT-AP 3 catalogue: /catalog.<fmt> in Hydra pages of 100, /dataset/<slug>.<fmt> for one
dataset, in Turtle, JSON-LD and RDF/XML; read back with rdflib and checked against the DCAT-AP
3.0.1 SHACL shapes (copies in tests/api/shapes/, see their README)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pyshacl
import pytest
from django.db import connection
from django.template import Context
from django.template.loader import get_template
from django.template.loader_tags import BlockNode, ExtendsNode
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, SKOS

from satudata.accounts.models import Organization, User
from satudata.api import dcat, usage
from satudata.datasets.models import Dataset, DatasetVersion, Release
from satudata.portal.models import ReleaseFile
from satudata.reference.models import AccessClass

SHAPES = Path(__file__).parent / "shapes"
MANDATORY = SHAPES / "dcat-ap-3.0.1-html-shacl-shapes.ttl"
RANGE = SHAPES / "dcat-ap-3.0.1-html-shacl-range.ttl"
RECOMMENDED = SHAPES / "dcat-ap-3.0.1-html-shacl-shapes_recommended.ttl"
# Plain namespaces: pytest's collection probes module attributes, which rdflib's closed DCAT and XSD
# namespaces answer with a warning.
DCAT = Namespace("http://www.w3.org/ns/dcat#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SH = Namespace("http://www.w3.org/ns/shacl#")
EU = "http://publications.europa.eu/resource/authority/"
BASE = "http://testserver"
# pyshacl drives rdflib through APIs that rdflib 7 deprecates; thousands of warnings, none ours.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib.*")

RDFLIB_FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "rdf": "xml"}
MEDIA_TYPES = {"ttl": "text/turtle", "jsonld": "application/ld+json", "rdf": "application/rdf+xml"}


def fetch(url: str, fmt: str = "ttl") -> Graph:
    response = Client().get(url)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].split(";")[0] == MEDIA_TYPES[fmt]
    return Graph().parse(data=response.content, format=RDFLIB_FORMATS[fmt])


def dataset_uri(dataset: Dataset) -> URIRef:
    return URIRef(f"{BASE}/dataset/{dataset.slug}")


def distributions(graph: Graph, dataset: Dataset) -> dict[str, URIRef]:
    """The dataset's distributions by the last part of their URI (csv, xlsx… or permintaan)."""
    return {str(d).rsplit("/", 1)[1]: d for d in graph.objects(dataset_uri(dataset), DCAT.distribution)}  # type: ignore[misc]


def datasets_in(graph: Graph) -> set[URIRef]:
    return set(graph.objects(URIRef(f"{BASE}/catalog"), DCAT.dataset))  # type: ignore[arg-type]


def validate(graph: Graph, shapes: Path) -> tuple[bool, Graph, str]:
    # As the EU validator's "no background knowledge" variants: the shapes alone, no inference.
    conforms, report, text = pyshacl.validate(graph, shacl_graph=str(shapes), inference="none")
    return bool(conforms), report, str(text)


# --- cheap datasets for paging and filters: rows written directly, no files --------------------


@pytest.fixture
def make_cheap(people: dict[str, User], orgs: dict[str, Organization]) -> Callable[..., list[Dataset]]:
    def make(count: int, *, prefix: str = "murah") -> list[Dataset]:
        made = Dataset.objects.bulk_create(
            Dataset(organization=orgs["dinkes"], title=f"Data {prefix} {i:03d}", slug=f"{prefix}-{i:03d}",
                    description="Data uji.", created_by=people["alice"])
            for i in range(count)
        )  # fmt: skip
        Release.objects.bulk_create(
            Release(dataset=d, number=1, file_key="k" * 64, periods=["2024"], created_by=people["alice"]) for d in made
        )
        return made

    return make


def set_dates(dataset: Dataset, *, updated: str, released: str) -> None:
    Dataset.objects.filter(pk=dataset.pk).update(updated=dt.datetime.fromisoformat(updated))
    Release.objects.filter(dataset=dataset).update(created=dt.datetime.fromisoformat(released))


# --- what the documents say ----------------------------------------------------------------------


def test_the_catalogue_in_each_format_reads_back_with_its_datasets(
    open_dataset: Dataset, restricted_dataset: Dataset
) -> None:
    graphs = {fmt: fetch(f"/catalog.{fmt}", fmt) for fmt in RDFLIB_FORMATS}
    assert Client().get("/catalog.ttl")["Cache-Control"] == "public, max-age=300"
    # The three serialisations say the same, apart from the page's own URL.
    assert len(graphs["ttl"]) == len(graphs["jsonld"]) == len(graphs["rdf"])
    graph = graphs["rdf"]
    catalog = URIRef(f"{BASE}/catalog")
    assert (catalog, RDF.type, DCAT.Catalog) in graph
    assert graph.value(catalog, DCTERMS.title) == Literal("Satu Data Kabupaten Pasuruan", lang="id")
    government = graph.value(catalog, DCTERMS.publisher)
    assert graph.value(government, FOAF.name) == Literal("Pemerintah Kabupaten Pasuruan", lang="id")
    assert graph.value(catalog, FOAF.homepage) == URIRef(f"{BASE}/")
    assert graph.value(catalog, DCTERMS.language) == URIRef(EU + "language/IND")
    assert datasets_in(graph) == {dataset_uri(open_dataset), dataset_uri(restricted_dataset)}
    ref = dataset_uri(open_dataset)
    assert graph.value(ref, DCTERMS.title) == Literal(open_dataset.title, lang="id")
    assert graph.value(ref, DCTERMS.description) == Literal("Data contoh.", lang="id")
    assert graph.value(ref, DCTERMS.identifier) == Literal(str(open_dataset.uuid))
    assert set(graph.objects(ref, DCAT.keyword)) == {Literal("penduduk", lang="id"), Literal("kependudukan", lang="id")}
    assert graph.value(ref, DCAT.landingPage) == URIRef(f"{BASE}/dataset/{open_dataset.slug}/")
    publisher = graph.value(ref, DCTERMS.publisher)
    assert publisher == URIRef(f"{BASE}/organization/dinkes/")
    assert (publisher, RDF.type, FOAF.Agent) in graph
    assert graph.value(publisher, FOAF.name) == Literal("Dinas Kesehatan", lang="id")
    assert graph.value(ref, DCTERMS.accrualPeriodicity) == URIRef(EU + "frequency/ANNUAL")
    issued, modified = graph.value(ref, DCTERMS.issued), graph.value(ref, DCTERMS.modified)
    assert isinstance(issued, Literal) and issued.datatype == XSD.dateTime
    assert isinstance(modified, Literal) and modified.toPython() >= issued.toPython()


def test_open_data_has_a_distribution_per_format_with_the_files_size_and_checksum(open_dataset: Dataset) -> None:
    graph = fetch("/catalog.ttl")
    release = open_dataset.latest_release()
    assert release is not None and release.number == 2
    found = distributions(graph, open_dataset)
    assert sorted(found) == ["csv", "html", "json", "parquet", "xlsx"]
    for fmt, ref in found.items():
        made = ReleaseFile.objects.get(release=release, fmt=fmt)
        # The access URL always gives the newest release; the download URL is the file described.
        assert graph.value(ref, DCAT.accessURL) == URIRef(f"{BASE}/dataset/{open_dataset.slug}.{fmt}")
        assert graph.value(ref, DCAT.downloadURL) == URIRef(f"{BASE}/dataset/{open_dataset.slug}/v2.{fmt}")
        size = graph.value(ref, DCAT.byteSize)
        assert size == Literal(made.size_bytes, datatype=XSD.nonNegativeInteger) and made.size_bytes > 0
        checksum = graph.value(ref, SPDX.checksum)
        assert (checksum, RDF.type, SPDX.Checksum) in graph
        assert graph.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        assert graph.value(checksum, SPDX.checksumValue) == Literal(made.sha256, datatype=XSD.hexBinary)
        assert graph.value(ref, DCTERMS.license) == URIRef(EU + "licence/CC_BY_4_0")
    csv = found["csv"]
    assert graph.value(csv, DCAT.mediaType) == URIRef("https://www.iana.org/assignments/media-types/text/csv")
    assert graph.value(csv, DCTERMS["format"]) == URIRef(EU + "file-type/CSV")
    assert graph.value(found["parquet"], DCTERMS["format"]) == URIRef(EU + "file-type/PARQUET")
    # The URLs named in the catalogue answer with the very file it describes.
    download = Client().get(f"/dataset/{open_dataset.slug}/v2.csv")
    assert (
        download.status_code == 200
        and download["ETag"] == f'"{ReleaseFile.objects.get(release=release, fmt="csv").sha256}"'
    )


def test_restricted_data_has_one_distribution_pointing_to_its_page_and_no_download(
    restricted_dataset: Dataset,
) -> None:
    graph = fetch("/catalog.ttl")
    found = distributions(graph, restricted_dataset)
    assert list(found) == ["permintaan"]
    ref = found["permintaan"]
    assert graph.value(ref, DCAT.accessURL) == URIRef(f"{BASE}/dataset/{restricted_dataset.slug}/")
    assert graph.value(ref, DCAT.downloadURL) is None
    assert not list(graph.triples((None, DCAT.downloadURL, None)))


def test_access_rights_follow_the_access_class(restricted_dataset: Dataset) -> None:
    rights = {AccessClass.TERBUKA: "PUBLIC", AccessClass.TERBATAS: "RESTRICTED", AccessClass.TERTUTUP: "NON_PUBLIC"}
    for access_class, right in rights.items():
        Dataset.objects.filter(pk=restricted_dataset.pk).update(access_class=access_class)
        graph = fetch(f"/dataset/{restricted_dataset.slug}.ttl")
        stated = graph.value(dataset_uri(restricted_dataset), DCTERMS.accessRights)
        assert stated == URIRef(EU + "access-right/" + right)
        assert (stated, RDF.type, DCTERMS.RightsStatement) in graph
        has_downloads = bool(list(graph.triples((None, DCAT.downloadURL, None))))
        assert has_downloads == (access_class == AccessClass.TERBUKA), access_class


def test_temporal_coverage_spans_the_release_periods_and_spatial_is_the_region(open_dataset: Dataset) -> None:
    graph = fetch(f"/dataset/{open_dataset.slug}.ttl")
    ref = dataset_uri(open_dataset)
    period = graph.value(ref, DCTERMS.temporal)
    assert (period, RDF.type, DCTERMS.PeriodOfTime) in graph
    assert graph.value(period, DCAT.startDate) == Literal(dt.date(2023, 1, 1), datatype=XSD.date)
    assert graph.value(period, DCAT.endDate) == Literal(dt.date(2024, 12, 31), datatype=XSD.date)
    place = graph.value(ref, DCTERMS.spatial)
    assert place == URIRef(f"{BASE}/wilayah/35.14/")
    assert (place, RDF.type, DCTERMS.Location) in graph
    assert graph.value(place, SKOS.notation) == Literal("35.14")
    assert Client().get("/wilayah/35.14/").status_code == 200  # the Location URI is a real page
    assert str(graph.value(place, DCAT.centroid)).startswith("POINT(112.")


@pytest.mark.parametrize(
    ("periods", "start", "end"),
    [
        (["2023", "2024"], "2023-01-01", "2024-12-31"),
        (["2024-S1"], "2024-01-01", "2024-06-30"),
        (["2024-S2", "2025-Q1"], "2024-07-01", "2025-03-31"),
        (["2024-TW4"], "2024-10-01", "2024-12-31"),
        (["2024-02", "2024-03"], "2024-02-01", "2024-03-31"),
    ],
)
def test_periods_become_first_and_last_days(periods: list[str], start: str, end: str) -> None:
    assert dcat.temporal_coverage(periods) == (dt.date.fromisoformat(start), dt.date.fromisoformat(end))


def test_publisher_contact_point_carries_the_opds_email(open_dataset: Dataset, orgs: dict[str, Organization]) -> None:
    graph = fetch(f"/dataset/{open_dataset.slug}.ttl")
    contact = graph.value(dataset_uri(open_dataset), DCAT.contactPoint)
    assert (contact, RDF.type, VCARD.Organization) in graph
    assert graph.value(contact, VCARD.fn) == Literal("Dinas Kesehatan", lang="id")
    assert graph.value(contact, VCARD.hasEmail) is None  # the OPD has no e-mail yet
    Organization.objects.filter(pk=orgs["dinkes"].pk).update(email="dinkes@pasuruankab.go.id")
    graph = fetch(f"/dataset/{open_dataset.slug}.ttl")
    contact = graph.value(dataset_uri(open_dataset), DCAT.contactPoint)
    assert graph.value(contact, VCARD.hasEmail) == URIRef("mailto:dinkes@pasuruankab.go.id")


def test_a_topic_gives_the_eu_data_theme_and_the_portals_own(open_dataset: Dataset) -> None:
    Dataset.objects.filter(pk=open_dataset.pk).update(topic="demografi_dan_kependudukan")
    graph = fetch(f"/dataset/{open_dataset.slug}.ttl")
    themes = set(graph.objects(dataset_uri(open_dataset), DCAT.theme))
    own = URIRef(f"{BASE}/topik/demografi_dan_kependudukan/")
    assert themes == {URIRef(EU + "data-theme/SOCI"), own}
    assert graph.value(own, SKOS.prefLabel) == Literal("Demografi dan Kependudukan", lang="id")


def test_one_dataset_alone_in_each_format(open_dataset: Dataset) -> None:
    for fmt in RDFLIB_FORMATS:
        graph = fetch(f"/dataset/{open_dataset.slug}.{fmt}", fmt)
        assert set(graph.subjects(RDF.type, DCAT.Dataset)) == {dataset_uri(open_dataset)}
        assert not list(graph.subjects(RDF.type, DCAT.Catalog))
        assert len(distributions(graph, open_dataset)) == 5


def test_unpublished_and_unknown_datasets_are_not_catalogued(
    open_dataset: Dataset, unpublished_dataset: DatasetVersion
) -> None:
    graph = fetch("/catalog.ttl")
    assert dataset_uri(unpublished_dataset.dataset) not in datasets_in(graph)
    assert not list(graph.triples((None, DCTERMS.title, Literal(unpublished_dataset.dataset.title, lang="id"))))
    client = Client()
    assert client.get(f"/dataset/{unpublished_dataset.dataset.slug}.ttl").status_code == 404
    assert client.get("/dataset/tidak-ada.jsonld").status_code == 404


def test_data_downloads_keep_their_urls_beside_the_rdf_ones(open_dataset: Dataset) -> None:
    response = Client().get(f"/dataset/{open_dataset.slug}.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert Client().post(f"/dataset/{open_dataset.slug}.ttl").status_code == 405


# --- paging and filters --------------------------------------------------------------------------


def test_pages_of_one_hundred_with_hydra_links(make_cheap: Callable[..., list[Dataset]]) -> None:
    make_cheap(150)
    first = fetch("/catalog.ttl")
    assert len(datasets_in(first)) == dcat.DATASETS_PER_PAGE == 100
    page1 = URIRef(f"{BASE}/catalog.ttl?page=1")
    assert (page1, RDF.type, HYDRA.PagedCollection) in first
    assert first.value(page1, HYDRA.totalItems).toPython() == 150  # type: ignore[union-attr]
    assert first.value(page1, HYDRA.itemsPerPage).toPython() == 100  # type: ignore[union-attr]
    assert first.value(page1, HYDRA.first) == page1
    assert first.value(page1, HYDRA.next) == URIRef(f"{BASE}/catalog.ttl?page=2")
    assert first.value(page1, HYDRA.last) == URIRef(f"{BASE}/catalog.ttl?page=2")
    assert first.value(page1, HYDRA.nextPage) == Literal(f"{BASE}/catalog.ttl?page=2")  # older harvesters
    assert first.value(page1, HYDRA.previous) is None

    second = fetch("/catalog.ttl?page=2")
    page2 = URIRef(f"{BASE}/catalog.ttl?page=2")
    assert len(datasets_in(second)) == 50
    assert datasets_in(first).isdisjoint(datasets_in(second))
    assert second.value(page2, HYDRA.previous) == page1
    assert second.value(page2, HYDRA.next) is None

    # Beyond the last page, as ckanext-dcat: an empty page that points back.
    beyond = fetch("/catalog.ttl?page=9")
    assert datasets_in(beyond) == set()
    assert beyond.value(URIRef(f"{BASE}/catalog.ttl?page=9"), HYDRA.previous) == page2


# Usage counting is buffered in production (written once a minute), not part of a page's cost.
@override_settings(SATUDATA_API_USAGE_FLUSH_SECONDS=3600)
def test_a_page_costs_the_same_queries_whatever_it_holds(make_cheap: Callable[..., list[Dataset]]) -> None:
    make_cheap(150)
    counts = []
    usage.flush()
    try:
        for page in (1, 2):
            with CaptureQueriesContext(connection) as queries:
                assert Client().get(f"/catalog.rdf?page={page}").status_code == 200
            counts.append(len(queries))
    finally:
        usage.flush()
    assert counts[0] == counts[1] <= 8, counts  # 100 datasets and 50 datasets alike


def test_an_empty_catalogue_is_still_a_catalogue(db: None) -> None:
    graph = fetch("/catalog.jsonld", "jsonld")
    assert datasets_in(graph) == set()
    node = URIRef(f"{BASE}/catalog.jsonld?page=1")
    assert graph.value(node, HYDRA.totalItems).toPython() == 0  # type: ignore[union-attr]
    assert validate(graph, MANDATORY)[0]


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "２"])
def test_a_bad_page_is_a_400_in_indonesian(page: str) -> None:
    response = Client().get("/catalog.ttl", {"page": page})
    assert response.status_code == 400
    assert "Parameter page harus bilangan bulat mulai 1" in response.content.decode()


def test_modified_since_keeps_what_changed_since(make_cheap: Callable[..., list[Dataset]]) -> None:
    old, edited, republished = make_cheap(3)
    set_dates(old, updated="2024-01-01T00:00:00+00:00", released="2024-01-01T00:00:00+00:00")
    set_dates(edited, updated="2024-06-01T00:00:00+00:00", released="2024-01-01T00:00:00+00:00")
    set_dates(republished, updated="2024-01-01T00:00:00+00:00", released="2024-09-01T00:00:00+00:00")
    everything = {dataset_uri(d) for d in (old, edited, republished)}
    assert datasets_in(fetch("/catalog.ttl")) == everything
    # A date alone is midnight in WIB (17:00 UTC the day before): the metadata edit counts.
    assert datasets_in(fetch("/catalog.ttl?modified_since=2024-06-01")) == {
        dataset_uri(edited), dataset_uri(republished)
    }  # fmt: skip
    later = {dataset_uri(republished)}
    assert datasets_in(fetch("/catalog.ttl?modified_since=2024-06-01T00:30:00Z")) == later
    # An offset sent without percent-encoding arrives with a space for its "+".
    assert datasets_in(fetch("/catalog.ttl?modified_since=2024-06-01T08:00:00+07:00")) == later
    graph = fetch("/catalog.ttl?modified_since=2024-06-01T00:30:00Z")
    node = next(iter(graph.subjects(RDF.type, HYDRA.PagedCollection)))
    assert graph.value(node, HYDRA.totalItems).toPython() == 1  # type: ignore[union-attr]
    assert "modified_since=2024-06-01T00%3A30%3A00Z" in str(graph.value(node, HYDRA.first))


@pytest.mark.parametrize("value", ["kemarin", "2024-13-01", "2024-02-30T10:00", "01/06/2024"])
def test_a_bad_modified_since_is_a_400_in_indonesian(value: str) -> None:
    response = Client().get("/catalog.jsonld", {"modified_since": value})
    assert response.status_code == 400
    assert "Parameter modified_since harus tanggal ISO 8601" in response.content.decode()


# --- conformance ---------------------------------------------------------------------------------


@pytest.mark.parametrize("shapes", [MANDATORY, RANGE], ids=["mandatory", "range"])
def test_the_catalogue_and_a_dataset_conform_to_dcat_ap_3(
    open_dataset: Dataset, restricted_dataset: Dataset, shapes: Path
) -> None:
    Dataset.objects.filter(pk=open_dataset.pk).update(topic="kesehatan")
    for url in ("/catalog.ttl", f"/dataset/{open_dataset.slug}.ttl", f"/dataset/{restricted_dataset.slug}.rdf"):
        graph = fetch(url, url.rsplit(".", 1)[1])
        conforms, _report, text = validate(graph, shapes)
        assert conforms, f"{url} against {shapes.name}:\n{text}"


def test_the_recommended_properties_that_are_missing_are_reported(
    open_dataset: Dataset, restricted_dataset: Dataset
) -> None:
    """Reports, does not require: docs/api/dcat.en.md lists the findings and why."""
    graph = fetch("/catalog.ttl")
    _conforms, report, text = validate(graph, RECOMMENDED)
    assert "Validation Report" in text
    findings = sorted(
        {
            (str(graph.value(report.value(r, SH.focusNode), RDF.type)).rsplit("#", 1)[-1], str(report.value(r, SH.resultPath)))
            for r in report.subjects(RDF.type, SH.ValidationResult)
        }
    )  # fmt: skip
    print("Missing recommended properties (class, property):", *findings, sep="\n  ")
    assert all(report.value(r, SH.resultSeverity) == SH.Warning for r in report.subjects(RDF.type, SH.ValidationResult))


def test_the_shapes_do_catch_a_missing_mandatory_property(open_dataset: Dataset) -> None:
    """Negative control: the same check fails once a mandatory property or a type is taken away."""
    graph = fetch(f"/dataset/{open_dataset.slug}.ttl")
    assert validate(graph, MANDATORY)[0] and validate(graph, RANGE)[0]

    without_description = Graph() + graph
    without_description.remove((dataset_uri(open_dataset), DCTERMS.description, None))
    conforms, _report, text = validate(without_description, MANDATORY)
    assert not conforms and "description" in text

    without_access_url = Graph() + graph
    without_access_url.remove((distributions(graph, open_dataset)["csv"], DCAT.accessURL, None))
    conforms, _report, text = validate(without_access_url, MANDATORY)
    assert not conforms and "accessURL" in text

    untyped_licence = Graph() + graph
    untyped_licence.remove((URIRef(EU + "licence/CC_BY_4_0"), RDF.type, DCTERMS.LicenseDocument))
    conforms, _report, text = validate(untyped_licence, RANGE)
    assert not conforms and "LicenseDocument" in text


# --- links from the pages ------------------------------------------------------------------------


def _head_block(template_name: str, context: dict[str, object]) -> str:
    """The page's own ``head`` block, rendered on its own."""
    extends = get_template(template_name).template.nodelist[0]  # type: ignore[attr-defined]
    assert isinstance(extends, ExtendsNode)
    block = extends.blocks["head"]
    assert isinstance(block, BlockNode)
    return str(block.nodelist.render(Context(context)))


def test_pages_declare_their_dcat_alternates(open_dataset: Dataset, restricted_dataset: Dataset) -> None:
    catalogue = _head_block("portal/catalog.html", {})
    assert '<link rel="alternate" type="text/turtle" title="DCAT-AP (Turtle)" href="/catalog.ttl">' in catalogue
    assert 'type="application/ld+json" title="DCAT-AP (JSON-LD)" href="/catalog.jsonld"' in catalogue
    assert 'type="application/rdf+xml" title="DCAT-AP (RDF/XML)" href="/catalog.rdf"' in catalogue

    slug = open_dataset.slug
    page = _head_block("portal/dataset.html", {"dataset": open_dataset, "is_open": True})
    for fmt, media_type in (("ttl", "text/turtle"), ("jsonld", "application/ld+json"), ("rdf", "application/rdf+xml")):
        assert f'type="{media_type}"' in page and f'href="/dataset/{slug}.{fmt}"' in page
    assert f'title="Data Package" href="/dataset/{slug}/datapackage.json"' in page
    assert f'title="JSON-stat" href="/dataset/{slug}.jsonstat"' in page

    # Restricted data: its metadata has alternates, its data (Data Package, JSON-stat) none.
    page = _head_block("portal/dataset.html", {"dataset": restricted_dataset, "is_open": False})
    assert f'href="/dataset/{restricted_dataset.slug}.ttl"' in page
    assert "datapackage.json" not in page and "jsonstat" not in page


def test_the_alternates_reach_the_rendered_pages(open_dataset: Dataset) -> None:
    page = Client().get(f"/dataset/{open_dataset.slug}/").content.decode()
    head = page.split("</head>", 1)[0]
    assert f'href="/dataset/{open_dataset.slug}.ttl"' in head
    assert 'href="/catalog.ttl"' in Client().get("/dataset/").content.decode().split("</head>", 1)[0]
