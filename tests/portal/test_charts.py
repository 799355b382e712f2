"""The chart builder and the kecamatan map of the public dataset page (issue 5)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory, override_settings

from satudata.accounts.models import Organization, User
from satudata.datasets import actions
from satudata.datasets.models import Dataset, DatasetVersion
from satudata.datasets.pipeline import import_rows
from satudata.datasets.schema import DUCKDB_TYPES, Field, TableSchema
from satudata.portal import chart_views, charts
from tests.datasets.conftest import SCHEMA, population_rows
from tests.portal.test_downloads import publish

COLUMNS = {f.name: f.duckdb_type for f in SCHEMA.fields}
FREE_SCHEMA = TableSchema(
    fields=(
        Field(name="kategori", title="Kategori", role="dimension", required=True),
        Field(name="jumlah", title="Jumlah", type="integer", role="measure", unit="unit", required=True),
        Field(name="tahun", title="Tahun", type="year", role="period", required=True),
    ),
    primary_key=("kategori", "tahun"),
)


def propose(
    fields: tuple[Field, ...] = SCHEMA.fields,
    *,
    periods: tuple[int, ...] = (2024,),
    sizes: dict[str, int] | None = None,
    map_available: bool = True,
) -> charts.Proposal | None:
    columns = {f.name: DUCKDB_TYPES[f.type] for f in fields}
    shape = charts.shape_of(columns, fields)
    return charts.propose(shape, periods=periods, sizes=sizes or shape.known_sizes, map_available=map_available)


def get_json(client: Client, url: str) -> tuple[int, dict[str, Any]]:
    response = client.get(url)
    return response.status_code, json.loads(response.content)


@pytest.fixture
def published(draft: DatasetVersion, people: dict[str, User]) -> Dataset:
    publish(draft, people)
    return draft.dataset


@pytest.fixture
def two_years(published: Dataset, people: dict[str, User], kecamatan: list[tuple[str, str]]) -> Dataset:
    version = import_rows(dataset=published, rows=population_rows(kecamatan, 2023, base=900), period="2023",
                          acting_user=people["alice"]).version  # fmt: skip
    publish(version, people)
    return published


@pytest.fixture
def free_text(orgs: dict[str, Organization], people: dict[str, User]) -> Callable[[list[dict[str, Any]]], Dataset]:
    """A published dataset of one free-text category (``kategori``), a measure and a year."""

    def make(rows: list[dict[str, Any]]) -> Dataset:
        dataset = actions.do_create_dataset(organization_id=orgs["dinkes"].pk, title="Kunjungan menurut Kategori",
                                            schema=FREE_SCHEMA, acting_user=people["alice"])  # fmt: skip
        version = import_rows(dataset=dataset, rows=[{**r, "tahun": 2024} for r in rows], period="2024",
                              acting_user=people["alice"]).version  # fmt: skip
        publish(version, people)
        return dataset

    return make


# ---------------------------------------------------------------------------------------------
# The proposal follows the shape of the data


def test_several_years_propose_a_line_over_time() -> None:
    proposal = propose(periods=(2022, 2023, 2024))
    assert proposal is not None
    assert (proposal.kind, proposal.measure, proposal.by) == ("garis", "jumlah_penduduk", "tahun")
    assert proposal.kinds() == ["garis", "batang", "pai", "peta"]
    assert [c.name for c in proposal.dimensions("batang")] == ["kode_kecamatan", "jenis_kelamin", "tahun"]


def test_one_year_keyed_by_kecamatan_proposes_bars_and_offers_the_map() -> None:
    proposal = propose(periods=(2024,))
    assert proposal is not None
    assert (proposal.kind, proposal.by, proposal.latest_period) == ("batang", "kode_kecamatan", 2024)
    assert proposal.kinds() == ["batang", "pai", "peta"]  # no line for a single year
    assert proposal.shape.area_names == "nama_kecamatan"
    assert [c.name for c in proposal.dimensions("pai")] == ["jenis_kelamin"]  # the enum has two values
    no_map = propose(periods=(2024,), map_available=False)
    assert no_map is not None and "peta" not in no_map.kinds()


def test_a_small_category_proposes_shares_and_a_large_one_bars() -> None:
    assert (p := propose(FREE_SCHEMA.fields, sizes={"kategori": 3})) is not None
    assert (p.kind, p.by) == ("pai", "kategori")
    assert (p := propose(FREE_SCHEMA.fields, sizes={"kategori": 40})) is not None
    assert (p.kind, p.by, p.kinds()) == ("batang", "kategori", ["batang"])


def test_roles_are_guessed_from_names_and_types_without_a_schema() -> None:
    columns = {"kode_kecamatan": "VARCHAR", "nama_kecamatan": "VARCHAR", "kategori": "VARCHAR",
               "satuan": "VARCHAR", "nilai": "DECIMAL(10,2)", "tahun": "INTEGER"}  # fmt: skip
    shape = charts.shape_of(columns, ())
    assert [m.name for m in shape.measures] == ["nilai"]
    assert shape.period is not None and shape.period.name == "tahun"
    assert shape.area is not None and shape.area.name == "kode_kecamatan" and shape.area_names == "nama_kecamatan"
    assert [c.name for c in shape.categories] == ["kategori"]


def test_shares_and_rates_are_averaged_not_summed() -> None:
    fields = (*FREE_SCHEMA.fields[:1], Field(name="persentase", type="number", role="measure", unit="%"))
    shape = charts.shape_of({"kategori": "VARCHAR", "persentase": "DOUBLE"}, fields)
    assert shape.measures[0].func == "mean"


def test_nothing_to_measure_is_no_chart() -> None:
    assert propose((FREE_SCHEMA.fields[0],)) is None


@pytest.mark.parametrize(
    ("params", "bad"),
    [
        ({"jenis": "radar"}, "jenis"),
        ({"jenis": "garis"}, "jenis"),  # one year only
        ({"ukuran": "nama_kecamatan"}, "ukuran"),
        ({"menurut": "tidak_ada"}, "menurut"),
        ({"jenis": "pai", "menurut": "kode_kecamatan"}, "menurut"),  # 24 kecamatan are too many slices
        ({"periode": "1999"}, "periode"),
    ],
)
def test_choose_names_the_bad_parameter(params: dict[str, str], bad: str) -> None:
    proposal = propose(periods=(2024,))
    assert proposal is not None
    with pytest.raises(charts.ChartParamError) as info:
        charts.choose(proposal, params)
    assert info.value.parameter == bad and bad in str(info.value)


# ---------------------------------------------------------------------------------------------
# The numbers, through the public URLs


def test_bars_by_kecamatan_equal_a_hand_computation(published: Dataset, kecamatan: list[tuple[str, str]]) -> None:
    response = Client().get(f"/dataset/{published.slug}/grafik.json")
    assert response.status_code == 200 and response["Cache-Control"] == "public, max-age=300"
    data = json.loads(response.content)
    assert (data["kind"], data["by"]["name"], data["period"]) == ("batang", "kode_kecamatan", "2024")
    assert data["measure"] == {"name": "jumlah_penduduk", "label": "Jumlah Penduduk", "unit": "jiwa", "func": "sum"}
    # Kecamatan i has 1000 + 10i men and 1001 + 10i women.
    expected = {kode: (nama, 2001 + 20 * i) for i, (kode, nama) in enumerate(kecamatan)}
    assert {r["key"]: (r["label"], r["value"]) for r in data["rows"]} == expected
    assert data["rows"][0] == {"key": "35.14.24", "label": "Tosari", "value": 2461}  # largest first
    assert {o["value"] for o in data["options"]["jenis"]} == {"batang", "pai", "peta"}
    assert data["options"]["periode"] == [{"value": "2024", "label": "2024"}]
    assert data["sample"] is False and data["truncated"] is False
    assert "Tosari" in data["summary"] and "2.461" in data["summary"]


def test_several_years_give_a_time_series_and_shares_within_a_year(two_years: Dataset) -> None:
    client = Client()
    status, data = get_json(client, f"/dataset/{two_years.slug}/grafik.json")
    assert status == 200 and data["kind"] == "garis" and data["period"] is None and data["over_time"]
    # A year's total: sum over the 24 kecamatan of (2 base + 1 + 20 i) = 48 base + 24 + 20 * 276.
    assert [(r["key"], r["value"]) for r in data["rows"]] == [("2023", 48744), ("2024", 53544)]
    status, data = get_json(
        client, f"/dataset/{two_years.slug}/grafik.json?jenis=pai&menurut=jenis_kelamin&periode=2023"
    )
    assert status == 200 and data["period"] == "2023"
    assert {r["key"]: r["value"] for r in data["rows"]} == {"Laki-laki": 24360, "Perempuan": 24384}
    status, data = get_json(client, f"/dataset/{two_years.slug}/grafik.json?jenis=peta")
    assert status == 200 and data["period"] == "2024" and len(data["rows"]) == 24
    assert data["rows"][0]["key"] == "35.14.01"  # the map keeps the code order


@pytest.mark.parametrize(
    ("query", "bad"),
    [("jenis=radar", "jenis"), ("ukuran=tahun", "ukuran"), ("menurut=x", "menurut"), ("periode=2030", "periode")],
)
def test_unknown_parameters_are_a_400_naming_the_parameter(published: Dataset, query: str, bad: str) -> None:
    for suffix in ("json", "csv"):
        response = Client().get(f"/dataset/{published.slug}/grafik.{suffix}?{query}")
        assert response.status_code == 400
        body = json.loads(response.content)
        assert body["parameter"] == bad and f"“{bad}”" in body["detail"]


@pytest.mark.parametrize("access", ["terbatas", "tertutup"])
def test_restricted_data_never_leaks_through_charts(
    published: Dataset, access: str, client_for: Callable[[str], Client], rf: RequestFactory
) -> None:
    Dataset.objects.filter(pk=published.pk).update(access_class=access)
    for who in ("anonymous", "bob", "alice"):
        client = client_for(who)
        for url in (f"/dataset/{published.slug}/grafik.json", f"/dataset/{published.slug}/grafik.csv",
                    f"/dataset/{published.slug}/grafik.json?jenis=peta"):  # fmt: skip
            assert client.get(url).status_code == 404, (who, url)
    published.refresh_from_db()
    release = published.latest_release()
    assert release is not None
    context = chart_views.chart_context(rf.get("/"), published, release)
    assert context["chart"] is None and context["chart_proposal"] is None
    assert "grafik.json" not in render_to_string("portal/_chart.html", {"dataset": published, **context})


def test_unpublished_data_has_no_chart(draft: DatasetVersion) -> None:
    assert Client().get(f"/dataset/{draft.dataset.slug}/grafik.json").status_code == 404
    assert Client().get(f"/dataset/{draft.dataset.slug}/grafik.csv").status_code == 404


def test_the_chart_csv_holds_the_rows_and_no_formulas(free_text: Callable[[list[dict[str, Any]]], Dataset]) -> None:
    dataset = free_text([{"kategori": "=HYPERLINK(\"http://x\")", "jumlah": 7}, {"kategori": "@SUM(A1)", "jumlah": 5},
                         {"kategori": "+1", "jumlah": 3}, {"kategori": "Biasa", "jumlah": 2}])  # fmt: skip
    status, data = get_json(Client(), f"/dataset/{dataset.slug}/grafik.json")
    assert status == 200 and data["kind"] == "pai"  # four values: shares
    response = Client().get(f"/dataset/{dataset.slug}/grafik.csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=300" and "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows == [
        ["kode", "label", "nilai"],
        ['\'=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")', "7"],
        ["'@SUM(A1)", "'@SUM(A1)", "5"],
        ["'+1", "'+1", "3"],
        ["Biasa", "Biasa", "2"],
    ]


def test_bars_keep_the_largest_thirty_and_sum_the_rest(free_text: Callable[[list[dict[str, Any]]], Dataset]) -> None:
    dataset = free_text([{"kategori": f"K{n:02}", "jumlah": n} for n in range(1, 36)])
    status, data = get_json(Client(), f"/dataset/{dataset.slug}/grafik.json")
    assert status == 200 and (data["kind"], data["truncated"]) == ("batang", True)
    assert [r["value"] for r in data["rows"]] == [*range(35, 5, -1), 1 + 2 + 3 + 4 + 5]
    assert data["rows"][-1] == {"key": charts.OTHER_KEY, "label": "Lainnya", "value": 15}
    assert Client().get(f"/dataset/{dataset.slug}/grafik.json?jenis=pai").status_code == 400  # 35 slices: no


def test_kecamatan_without_a_name_column_are_named_from_the_kode_wilayah(
    orgs: dict[str, Organization], people: dict[str, User], kecamatan: list[tuple[str, str]]
) -> None:
    schema = TableSchema(fields=(SCHEMA.fields[0], SCHEMA.fields[3], SCHEMA.fields[4]),
                         primary_key=("kode_kecamatan", "tahun"))  # fmt: skip
    dataset = actions.do_create_dataset(organization_id=orgs["dinkes"].pk, title="Puskesmas menurut Kecamatan",
                                        schema=schema, acting_user=people["alice"])  # fmt: skip
    rows = [{"kode_kecamatan": kode, "jumlah_penduduk": 1, "tahun": 2024} for kode, _ in kecamatan[:3]]
    publish(import_rows(dataset=dataset, rows=rows, period="2024", acting_user=people["alice"]).version, people)
    status, data = get_json(Client(), f"/dataset/{dataset.slug}/grafik.json?jenis=peta")
    assert status == 200
    assert [(r["key"], r["label"]) for r in data["rows"]] == kecamatan[:3]


# ---------------------------------------------------------------------------------------------
# The map


def test_the_boundaries_are_served_with_a_day_of_caching(db: None) -> None:
    response = Client().get("/peta/kecamatan.geojson")
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    assert response["Cache-Control"] == "public, max-age=86400"
    features = json.loads(response.content)["features"]
    assert len(features) == 24 and features[0]["properties"]["kode"] == "35.14.01"


def test_a_region_without_boundaries_gets_no_map(published: Dataset) -> None:
    with override_settings(REGION_CODE="35.07"):
        assert Client().get("/peta/kecamatan.geojson").status_code == 404
        status, data = get_json(Client(), f"/dataset/{published.slug}/grafik.json")
        assert status == 200 and "peta" not in {o["value"] for o in data["options"]["jenis"]}
        assert Client().get(f"/dataset/{published.slug}/grafik.json?jenis=peta").status_code == 400


# ---------------------------------------------------------------------------------------------
# The include


def test_the_include_works_without_javascript(published: Dataset, rf: RequestFactory) -> None:
    release = published.latest_release()
    assert release is not None
    request = rf.get("/", {"jenis": "pai", "menurut": "jenis_kelamin", "periode": "2024"})
    context = chart_views.chart_context(request, published, release)
    html = render_to_string("portal/_chart.html", {"dataset": published, **context}, request=request)
    assert 'role="img"' in html and 'name="jenis"' in html and "vendor/echarts/echarts.min.js" in html
    assert '<option value="pai" selected>' in html and "Laki-laki" in html
    assert "grafik.csv?jenis=pai&amp;ukuran=jumlah_penduduk&amp;menurut=jenis_kelamin&amp;periode=2024" in html
    # Unknown values fall back to the proposal instead of breaking the page.
    context = chart_views.chart_context(rf.get("/", {"jenis": "radar"}), published, release)
    assert context["chart"] is not None and context["chart"].kind == "batang"
