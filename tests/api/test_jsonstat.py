"""``/dataset/<slug>.jsonstat``: one measure of the current release as a JSON-stat 2.0 dataset,
read back with the real ``pyjstat``."""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from pyjstat import pyjstat

from satudata.accounts.models import Organization, User
from satudata.api import jsonstat
from satudata.datasets.actions import do_create_dataset
from satudata.datasets.models import Dataset, DatasetVersion
from satudata.datasets.pipeline import import_rows
from satudata.datasets.schema import TableSchema
from tests.api.test_datapackage import added_dimension_dataset, changed_schema_dataset
from tests.datasets.conftest import SCHEMA, population_rows
from tests.portal.test_downloads import publish

# Shared with the Data Package tests: 2024 was checked against a second schema, adding a measure
# (jumlah_kk) or a dimension (kelompok_umur).
changed_schema_dataset = changed_schema_dataset
added_dimension_dataset = added_dimension_dataset


def get_jsonstat(slug: str, query: str = "", *, status: int = 200) -> dict[str, Any]:
    response = Client().get(f"/dataset/{slug}.jsonstat{query}")
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    data: dict[str, Any] = json.loads(response.content)
    return data


def frame(data: dict[str, Any], naming: str = "label") -> Any:
    return pyjstat.Dataset.read(json.dumps(data)).write("dataframe", naming=naming)


def with_roles(**roles: str) -> TableSchema:
    """SCHEMA with other roles for some columns, and no primary key (which would forbid the
    repeated rows some tests need)."""
    return TableSchema(fields=tuple(dataclasses.replace(f, role=roles.get(f.name, f.role)) for f in SCHEMA.fields))


@pytest.fixture
def make_published(
    people: dict[str, User], orgs: dict[str, Organization], kecamatan: list[tuple[str, str]]
) -> Callable[..., Dataset]:
    """A Terbuka dataset of Dinas Kesehatan with ``rows_by_period`` published period by period."""

    def make(title: str, schema: TableSchema, rows_by_period: dict[str, list[dict[str, Any]]]) -> Dataset:
        dataset = do_create_dataset(organization_id=orgs["dinkes"].pk, title=title, schema=schema,
                                    acting_user=people["alice"])  # fmt: skip
        for period, rows in rows_by_period.items():
            publish(import_rows(dataset=dataset, rows=rows, period=period, acting_user=people["alice"]).version, people)
        return Dataset.objects.get(pk=dataset.pk)

    return make


def test_pyjstat_reads_the_release(open_dataset: Dataset, kecamatan: list[tuple[str, str]]) -> None:
    response = Client().get(f"/dataset/{open_dataset.slug}.jsonstat")
    assert response.status_code == 200 and response["Cache-Control"] == "public, max-age=300"
    assert response["Access-Control-Allow-Origin"] == "*" and response["ETag"]
    data = json.loads(response.content)
    assert (data["class"], data["version"]) == ("dataset", "2.0")
    assert data["label"] == open_dataset.title and data["source"] == "Dinas Kesehatan"
    assert data["updated"].endswith("Z")
    assert data["id"] == ["kode_kecamatan", "jenis_kelamin", "tahun", "ukuran"]
    assert data["size"] == [len(kecamatan), 2, 2, 1]
    assert math.prod(data["size"]) == len(data["value"])  # every cell filled: the dense array
    assert data["role"] == {"time": ["tahun"], "geo": ["kode_kecamatan"], "metric": ["ukuran"]}
    assert data["dimension"]["jenis_kelamin"]["category"]["index"] == ["Laki-laki", "Perempuan"]  # enum order
    assert data["dimension"]["ukuran"]["category"]["unit"] == {"jumlah_penduduk": {"label": "jiwa", "decimals": 0}}
    assert data["extension"]["measure"] == "jumlah_penduduk" and data["extension"]["release"] == 2
    assert data["link"]["alternate"][0]["href"] == f"http://testserver/dataset/{open_dataset.slug}/v2.csv"

    source = population_rows(kecamatan, 2023, base=3023) + population_rows(kecamatan, 2024, base=3024)
    by_id = frame(data, naming="id")
    assert len(by_id) == len(source) and by_id["value"].sum() == sum(r["jumlah_penduduk"] for r in source)
    cells = {(r.kode_kecamatan, r.jenis_kelamin, r.tahun): r.value for r in by_id.itertuples()}
    for row in (source[0], source[3], source[-1]):
        assert cells[(row["kode_kecamatan"], row["jenis_kelamin"], str(row["tahun"]))] == row["jumlah_penduduk"]

    by_label = frame(data)
    assert list(by_label.columns) == ["Kecamatan", "Jenis Kelamin", "Tahun", "Ukuran", "value"]
    assert set(by_label["Kecamatan"]) == {nama for _kode, nama in kecamatan}
    assert set(by_label["Ukuran"]) == {"Jumlah Penduduk"}


def test_a_missing_combination_is_null(
    make_published: Callable[..., Dataset], kecamatan: list[tuple[str, str]]
) -> None:
    rows_2024 = population_rows(kecamatan, 2024)
    gone = rows_2024.pop(5)  # one kecamatan's women in 2024
    dataset = make_published("Penduduk dengan satu sel kosong", SCHEMA,
                             {"2023": population_rows(kecamatan, 2023), "2024": rows_2024})  # fmt: skip
    data = get_jsonstat(dataset.slug)
    assert isinstance(data["value"], list) and len(data["value"]) == math.prod(data["size"])
    assert data["value"].count(None) == 1
    by_id = frame(data, naming="id")
    missing = by_id[by_id["value"].isna()]
    assert [tuple(r) for r in missing[["kode_kecamatan", "jenis_kelamin", "tahun"]].values] == [
        (gone["kode_kecamatan"], gone["jenis_kelamin"], "2024")
    ]


def test_few_filled_cells_use_the_sparse_form(
    make_published: Callable[..., Dataset], kecamatan: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Six kecamatan, each with one row in one of three years: 6 of 6 × 2 × 3 = 36 cells."""
    rows: dict[str, list[dict[str, Any]]] = {"2022": [], "2023": [], "2024": []}
    for i, (kode, nama) in enumerate(kecamatan[:6]):
        year = 2022 + i % 3
        rows[str(year)].append({"kode_kecamatan": kode, "nama_kecamatan": nama, "jenis_kelamin": "Perempuan",
                                "jumlah_penduduk": 100 + i, "tahun": year})  # fmt: skip
    # Both categories of jenis_kelamin appear: one Laki-laki row in 2022.
    rows["2022"][0]["jenis_kelamin"] = "Laki-laki"
    dataset = make_published("Penduduk yang jarang terisi", SCHEMA, rows)
    data = get_jsonstat(dataset.slug)
    assert data["size"] == [6, 2, 3, 1] and isinstance(data["value"], dict) and len(data["value"]) == 6
    by_id = frame(data, naming="id")
    assert len(by_id) == 36 and by_id["value"].notna().sum() == 6 and by_id["value"].sum() == sum(range(100, 106))
    # Few rows, many cells: the limit counts cells.
    monkeypatch.setattr(jsonstat, "MAX_CELLS", 35)
    assert get_jsonstat(dataset.slug, status=422)["cells"] == 36


def test_several_measures_take_ukuran(changed_schema_dataset: Dataset) -> None:
    first = get_jsonstat(changed_schema_dataset.slug)
    assert first["extension"]["measures"] == ["jumlah_penduduk", "jumlah_kk"]
    assert first["extension"]["measure"] == "jumlah_penduduk" and "?ukuran=" in " ".join(first["note"])
    households = get_jsonstat(changed_schema_dataset.slug, "?ukuran=jumlah_kk")
    assert households["dimension"]["ukuran"]["category"]["label"] == {"jumlah_kk": "Jumlah Kepala Keluarga"}
    by_id = frame(households, naming="id")
    # 2023 was published before the column existed: its cells are null.
    assert by_id[by_id["tahun"] == "2023"]["value"].isna().all()
    assert by_id[by_id["tahun"] == "2024"]["value"].notna().all()

    error = get_jsonstat(changed_schema_dataset.slug, "?ukuran=tahun", status=400)
    assert error["error"] == "bad_parameter" and error["allowed"] == ["jumlah_penduduk", "jumlah_kk"]
    assert "jumlah_penduduk, jumlah_kk" in error["detail"] and "Allowed" in error["detail_en"]


def test_a_dimension_added_later_is_empty_in_older_periods(
    added_dimension_dataset: Dataset, kecamatan: list[tuple[str, str]]
) -> None:
    data = get_jsonstat(added_dimension_dataset.slug)
    assert data["id"] == ["kode_kecamatan", "jenis_kelamin", "tahun", "kelompok_umur", "ukuran"]
    age = data["dimension"]["kelompok_umur"]["category"]
    assert age["index"] == ["Anak", "Dewasa", "_kosong"] and age["label"]["_kosong"] == "Tidak diisi"
    by_label = frame(data)
    filled = by_label[by_label["value"].notna()]
    assert set(filled[filled["Tahun"] == "2023"]["Kelompok Umur"]) == {"Tidak diisi"}
    assert set(filled[filled["Tahun"] == "2024"]["Kelompok Umur"]) == {"Anak", "Dewasa"}
    assert len(filled) == len(kecamatan) * 2 * (1 + 2)


def test_repeated_combinations_are_refused(
    make_published: Callable[..., Dataset], kecamatan: list[tuple[str, str]]
) -> None:
    """jenis_kelamin declared an attribute: two rows per kecamatan and year, not one value per cell."""
    schema = with_roles(jenis_kelamin="attribute")
    dataset = make_published("Penduduk tanpa dimensi jenis kelamin", schema,
                             {"2024": population_rows(kecamatan, 2024)})  # fmt: skip
    error = get_jsonstat(dataset.slug, status=422)
    assert error["error"] == "repeated_cells" and error["dimensions"] == ["kode_kecamatan", "tahun"]
    assert "lebih dari satu baris" in error["detail"] and "more than one row" in error["detail_en"]
    assert f"kode_kecamatan={kecamatan[0][0]}" in error["detail"]


def test_a_table_without_dimensions_or_measures_is_refused(
    make_published: Callable[..., Dataset], kecamatan: list[tuple[str, str]]
) -> None:
    rows = {"2024": population_rows(kecamatan, 2024)}
    flat = make_published("Tanpa dimensi", with_roles(kode_kecamatan="attribute", jenis_kelamin="attribute",
                                                      tahun="attribute"), rows)  # fmt: skip
    error = get_jsonstat(flat.slug, status=422)
    assert error["error"] == "no_dimension" and "dimensi" in error["detail"] and "dimension" in error["detail_en"]
    no_measure = make_published("Tanpa ukuran", with_roles(jumlah_penduduk="attribute"), rows)
    error = get_jsonstat(no_measure.slug, status=422)
    assert error["error"] == "no_measure" and "ukuran" in error["detail"] and "measure" in error["detail_en"]


def test_a_cube_too_large_is_refused(
    open_dataset: Dataset, kecamatan: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    cells = len(kecamatan) * 2 * 2
    monkeypatch.setattr(jsonstat, "MAX_CELLS", cells - 1)
    error = get_jsonstat(open_dataset.slug, status=422)
    assert error["error"] == "too_large" and error["cells"] == cells and error["limit"] == cells - 1
    assert "CSV" in error["detail"] and "CSV" in error["detail_en"]
    monkeypatch.setattr(jsonstat, "MAX_CELLS", cells)
    assert math.prod(get_jsonstat(open_dataset.slug)["size"]) == cells


def test_data_that_is_not_public_has_no_jsonstat(
    restricted_dataset: Dataset, unpublished_dataset: DatasetVersion
) -> None:
    for slug in (restricted_dataset.slug, unpublished_dataset.dataset.slug, "tidak-ada"):
        assert get_jsonstat(slug, status=404)["error"] == "not_found"
