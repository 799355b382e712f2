"""Datasets of Dinas Kesehatan (alice's OPD) keyed by the real Pasuruan kecamatan codes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from satudata.accounts.models import Organization, User
from satudata.datasets.actions import do_create_dataset
from satudata.datasets.models import Dataset, DatasetVersion
from satudata.datasets.pipeline import import_rows
from satudata.datasets.schema import CodeRef, Field, TableSchema
from satudata.reference.models import Wilayah

SCHEMA = TableSchema(
    fields=(
        Field(name="kode_kecamatan", title="Kode Kecamatan", role="dimension", required=True,
              code_ref=CodeRef(wilayah_level="kecamatan", parent="35.14")),
        Field(name="nama_kecamatan", title="Nama Kecamatan", required=True, name_of="kode_kecamatan"),
        Field(name="jenis_kelamin", title="Jenis Kelamin", role="dimension", required=True,
              enum=("Laki-laki", "Perempuan")),
        Field(name="jumlah_penduduk", title="Jumlah Penduduk", type="integer", role="measure", unit="jiwa",
              required=True, minimum=0),
        Field(name="tahun", title="Tahun", type="year", role="period", required=True),
    ),
    primary_key=("kode_kecamatan", "jenis_kelamin", "tahun"),
)  # fmt: skip


@pytest.fixture
def kecamatan(pasuruan_wilayah: None) -> list[tuple[str, str]]:
    return list(Wilayah.objects.filter(level="kecamatan", kode__startswith="35.14.").values_list("kode", "nama"))


@pytest.fixture
def make_dataset(people: dict[str, User], orgs: dict[str, Organization]) -> Callable[..., Dataset]:
    def make(title: str = "Jumlah Penduduk menurut Kecamatan", *, org: str = "dinkes", **fields: Any) -> Dataset:
        by = people["alice"] if org == "dinkes" else people["wali"]
        return do_create_dataset(organization_id=orgs[org].pk, title=title, schema=SCHEMA, acting_user=by, **fields)

    return make


def population_rows(kecamatan: list[tuple[str, str]], year: int, *, base: int = 1000) -> list[dict[str, Any]]:
    rows = []
    for i, (kode, nama) in enumerate(kecamatan):
        for j, sex in enumerate(("Laki-laki", "Perempuan")):
            rows.append({"kode_kecamatan": kode, "nama_kecamatan": nama, "jenis_kelamin": sex,
                         "jumlah_penduduk": base + 10 * i + j, "tahun": year})  # fmt: skip
    return rows


@pytest.fixture
def draft(
    make_dataset: Callable[..., Dataset], kecamatan: list[tuple[str, str]], people: dict[str, User]
) -> DatasetVersion:
    dataset = make_dataset()
    return import_rows(dataset=dataset, rows=population_rows(kecamatan, 2024), period="2024",
                       acting_user=people["alice"]).version  # fmt: skip
