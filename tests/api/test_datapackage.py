"""``/dataset/<slug>/datapackage.json``: the current release as a Frictionless Data Package, checked
with the real ``frictionless`` (its CLI and its Python API) against a live server."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import frictionless
import pytest
import requests
from django.test import Client

from satudata import store
from satudata.accounts.models import User
from satudata.core.demo import load_demo
from satudata.datasets import actions
from satudata.datasets.models import Dataset, DatasetVersion
from satudata.datasets.pipeline import import_rows
from satudata.datasets.schema import Field
from satudata.portal.models import ReleaseFile
from satudata.portal.views import public_datasets
from tests.datasets.conftest import SCHEMA, population_rows
from tests.datasets.test_demo import TODAY as DEMO_DAY
from tests.datasets.test_demo import jatim_wilayah
from tests.portal.test_downloads import body, publish

# The demo's kode wilayah (Jawa Timur and Kabupaten Pasuruan), shared with the demo's own tests.
jatim_wilayah = jatim_wilayah
FRICTIONLESS = Path(sys.executable).parent / "frictionless"
# A column the second schema adds: a measure, required from 2024 on.
HOUSEHOLDS = Field(name="jumlah_kk", title="Jumlah Kepala Keluarga", type="integer", role="measure", unit="KK",
                   required=True, minimum=0)  # fmt: skip
AGE_GROUP = Field(name="kelompok_umur", title="Kelompok Umur", role="dimension", required=True,
                  enum=("Anak", "Dewasa"))  # fmt: skip


def get_package(client: Client, slug: str) -> dict[str, Any]:
    response = client.get(f"/dataset/{slug}/datapackage.json")
    assert response.status_code == 200, response.content
    data: dict[str, Any] = json.loads(response.content)
    return data


@pytest.fixture
def changed_schema_dataset(
    make_dataset: Callable[..., Dataset], kecamatan: list[tuple[str, str]], people: dict[str, User]
) -> Dataset:
    """2023 checked against SCHEMA, 2024 against a second schema that adds ``jumlah_kk`` before
    ``tahun`` (so the combined file has it last, after ``tahun``)."""
    dataset = make_dataset("Penduduk dan Kepala Keluarga menurut Kecamatan")
    publish(import_rows(dataset=dataset, rows=population_rows(kecamatan, 2023), period="2023",
                        acting_user=people["alice"]).version, people)  # fmt: skip
    descriptor = SCHEMA.to_descriptor()
    descriptor["fields"].insert(4, HOUSEHOLDS.to_descriptor())
    actions.do_save_schema(dataset=dataset, descriptor=descriptor, note="Tambah jumlah KK", acting_user=people["alice"])
    rows = [{**row, "jumlah_kk": row["jumlah_penduduk"] // 4} for row in population_rows(kecamatan, 2024)]
    publish(import_rows(dataset=dataset, rows=rows, period="2024", acting_user=people["alice"]).version, people)
    return Dataset.objects.get(pk=dataset.pk)


@pytest.fixture
def added_dimension_dataset(
    make_dataset: Callable[..., Dataset], kecamatan: list[tuple[str, str]], people: dict[str, User]
) -> Dataset:
    """2023 by kecamatan and sex; from 2024 also by age group (a second schema, a longer key)."""
    dataset = make_dataset("Penduduk menurut Kecamatan, Jenis Kelamin dan Kelompok Umur")
    publish(import_rows(dataset=dataset, rows=population_rows(kecamatan, 2023), period="2023",
                        acting_user=people["alice"]).version, people)  # fmt: skip
    descriptor = SCHEMA.to_descriptor()
    descriptor["fields"].insert(3, AGE_GROUP.to_descriptor())
    descriptor["primaryKey"] = ["kode_kecamatan", "jenis_kelamin", "kelompok_umur", "tahun"]
    actions.do_save_schema(dataset=dataset, descriptor=descriptor, note="Menurut umur", acting_user=people["alice"])
    rows = [{**row, "kelompok_umur": group, "jumlah_penduduk": row["jumlah_penduduk"] + k}
            for row in population_rows(kecamatan, 2024) for k, group in enumerate(AGE_GROUP.enum)]  # fmt: skip
    publish(import_rows(dataset=dataset, rows=rows, period="2024", acting_user=people["alice"]).version, people)
    return Dataset.objects.get(pk=dataset.pk)


def csv_file(dataset: Dataset) -> ReleaseFile:
    release = dataset.latest_release()
    assert release is not None
    return ReleaseFile.objects.get(release=release, fmt="csv")


def test_the_package_describes_the_current_release(open_dataset: Dataset) -> None:
    client = Client()
    response = client.get(f"/dataset/{open_dataset.slug}/datapackage.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "public, max-age=300" and response["Access-Control-Allow-Origin"] == "*"
    package = json.loads(response.content)
    slug = open_dataset.slug
    assert package["name"] == slug and package["title"] == open_dataset.title
    assert package["id"] == f"urn:uuid:{open_dataset.uuid}"
    assert package["description"] == "Data contoh."
    assert package["keywords"] == ["penduduk", "kependudukan"]
    assert package["version"] == "2"  # 2023 made release 1, 2024 release 2
    assert package["created"].endswith("Z") and package["satudata:periods"] == ["2023", "2024"]
    assert package["homepage"] == f"http://testserver/dataset/{slug}/"
    assert package["licenses"] == [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                                    "title": "Creative Commons Atribusi 4.0 (CC BY 4.0)"}]  # fmt: skip
    publisher = {"title": "Dinas Kesehatan", "role": "publisher", "path": "http://testserver/organization/dinkes/"}
    assert package["contributors"] == [publisher]
    assert package["sources"] == [{"title": "Dinas Kesehatan", "path": "http://testserver/organization/dinkes/"}]

    [resource] = package["resources"]
    made = csv_file(open_dataset)
    # The fixed file of release 2, never the moving /dataset/<slug>.csv.
    assert resource["path"] == f"http://testserver/dataset/{slug}/v2.csv"
    assert resource["bytes"] == made.size_bytes and resource["hash"] == f"sha256:{made.sha256}"
    assert (resource["format"], resource["mediatype"], resource["encoding"]) == ("csv", "text/csv", "utf-8")
    served = body(client.get(f"/dataset/{slug}/v2.csv"))
    assert len(served) == resource["bytes"]
    header = next(csv.reader(io.StringIO(served.decode())))
    schema = resource["schema"]
    assert [f["name"] for f in schema["fields"]] == header == list(store.schema(made.release.file_key))
    assert [f["type"] for f in schema["fields"]] == ["string", "string", "string", "integer", "year"]
    assert schema["primaryKey"] == ["kode_kecamatan", "jenis_kelamin", "tahun"]
    measure = schema["fields"][3]
    assert measure["unit"] == "jiwa" and measure["satudata:role"] == "measure"
    assert measure["constraints"] == {"required": True, "minimum": 0}
    assert schema["fields"][1]["satudata:nameOf"] == "kode_kecamatan"


def test_an_unchanged_package_answers_304_and_only_reads_are_allowed(open_dataset: Dataset) -> None:
    client = Client(enforce_csrf_checks=True)
    url = f"/dataset/{open_dataset.slug}/datapackage.json"
    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"]
    assert client.head(url).status_code == 200
    assert (
        client.post(url).status_code == 405 and client.post(f"/dataset/{open_dataset.slug}.jsonstat").status_code == 405
    )


def test_data_that_is_not_public_has_no_package(
    restricted_dataset: Dataset, unpublished_dataset: DatasetVersion, open_dataset: Dataset
) -> None:
    client = Client()
    for slug in (restricted_dataset.slug, unpublished_dataset.dataset.slug, "tidak-ada"):
        response = client.get(f"/dataset/{slug}/datapackage.json")
        assert response.status_code == 404
        assert json.loads(response.content)["error"] == "not_found"
    # The portal's own URLs of the same shape are untouched.
    assert client.get(f"/dataset/{open_dataset.slug}.csv").status_code == 200


def test_a_changed_schema_gives_the_file_columns_in_order(changed_schema_dataset: Dataset) -> None:
    package = get_package(Client(), changed_schema_dataset.slug)
    fields = package["resources"][0]["schema"]["fields"]
    assert [f["name"] for f in fields] == [
        "kode_kecamatan", "nama_kecamatan", "jenis_kelamin", "jumlah_penduduk", "tahun", "jumlah_kk"
    ]  # fmt: skip
    # Empty in 2023: described, but not required of every row.
    assert fields[5]["type"] == "integer" and fields[5]["constraints"] == {"minimum": 0}
    assert fields[0]["constraints"] == {"required": True}
    # One version per period, each unique on the period column: the key holds across the release.
    assert package["resources"][0]["schema"]["primaryKey"] == ["kode_kecamatan", "jenis_kelamin", "tahun"]


def test_a_key_that_changed_between_periods_is_left_out(added_dimension_dataset: Dataset) -> None:
    schema = get_package(Client(), added_dimension_dataset.slug)["resources"][0]["schema"]
    assert "primaryKey" not in schema
    assert schema["fields"][-1]["name"] == "kelompok_umur"
    assert schema["fields"][-1]["constraints"] == {"enum": ["Anak", "Dewasa"]}


@contextmanager
def own_http_session() -> Iterator[None]:
    """frictionless keeps one HTTP session for the whole process. Its keep-alive connections would
    keep live-server threads (each holding the store's DuckDB connection) waiting until the
    interpreter exits, and tearing DuckDB down in a thread during that exit can abort the process
    (seen as "terminate called … exception not rethrown", exit status 134, after passing tests).
    A session of our own, closed at the end, lets those threads finish at once."""
    with requests.Session() as session, frictionless.system.use_context(http_session=session):
        yield


def frictionless_cli(source: str) -> tuple[int, dict[str, Any]]:
    done = subprocess.run([str(FRICTIONLESS), "validate", "--json", source], capture_output=True, text=True,
                          timeout=120, check=False)  # fmt: skip
    return done.returncode, json.loads(done.stdout)


def error_types(report: dict[str, Any]) -> set[str]:
    return {e["type"] for task in report["tasks"] for e in task["errors"]} | {e["type"] for e in report["errors"]}


@pytest.mark.django_db(transaction=True)
def test_frictionless_validates_the_package_and_its_data(
    live_server: Any,
    open_dataset: Dataset,
    changed_schema_dataset: Dataset,
    added_dimension_dataset: Dataset,
    tmp_path: Path,
) -> None:
    for dataset, rows in ((open_dataset, 96), (changed_schema_dataset, 96), (added_dimension_dataset, 48 + 96)):
        url = f"{live_server.url}/dataset/{dataset.slug}/datapackage.json"
        code, report = frictionless_cli(url)
        assert code == 0 and report["valid"], report
        [task] = report["tasks"]
        assert task["stats"]["rows"] == rows and task["stats"]["sha256"] == csv_file(dataset).sha256
        with own_http_session():
            assert frictionless.validate(url).valid

    # A negative control: the same data under a schema that calls a text column an integer.
    package = get_package(Client(), open_dataset.slug)
    package["resources"][0]["path"] = package["resources"][0]["path"].replace("http://testserver", live_server.url)
    package["resources"][0]["schema"]["fields"][1]["type"] = "integer"  # nama_kecamatan
    broken = tmp_path / "datapackage.json"
    broken.write_text(json.dumps(package))
    code, report = frictionless_cli(str(broken))
    assert code != 0 and not report["valid"]
    assert error_types(report) == {"type-error"}
    with own_http_session():
        api_report = frictionless.validate(str(broken))
    assert not api_report.valid and {row[0] for row in api_report.flatten(["type"])} == {"type-error"}


@pytest.mark.django_db(transaction=True)
def test_frictionless_validates_every_published_demo_package(live_server: Any, jatim_wilayah: None) -> None:
    """The demo datasets (several periods each, a corrected period, a withdrawn one, integer and
    decimal measures, kecamatan and kabupaten/kota codes), loaded as tests/datasets/test_demo.py
    loads them: every public dataset's package and data are valid. The Python API validates them
    all (a CLI process per dataset would double the time); the CLI's verdict on one of them, and on
    the fixtures above, shows the two agree."""
    load_demo(DEMO_DAY)
    slugs = list(public_datasets().order_by("slug").values_list("slug", flat=True))
    assert len(slugs) >= 15
    started = time.monotonic()
    with own_http_session():
        for slug in slugs:
            report = frictionless.validate(f"{live_server.url}/dataset/{slug}/datapackage.json")
            assert report.valid, (slug, report.flatten(["type", "note"]))
    print(f"frictionless validated {len(slugs)} demo packages in {time.monotonic() - started:.1f} s")
    code, report = frictionless_cli(f"{live_server.url}/dataset/{slugs[0]}/datapackage.json")
    assert code == 0 and report["valid"]
