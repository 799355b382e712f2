"""datastore_search: the rows of a resource, as CKAN's DataStore serves them (2.11's ``_links``
and totals, 2.12's filter operators and ``next_page``)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from satudata.datasets.models import Dataset, DatasetVersion
from tests.api.ckan.conftest import Call, error, result

# The population dataset: 24 kecamatan × 2 sexes for 2023 (_id 1–48), then the same for 2024 (49–96).
ROWS = 96


def rid(dataset: Dataset, fmt: str = "csv") -> str:
    return str(uuid.uuid5(dataset.uuid, fmt))


def search(call: Call, dataset: Dataset, **params: Any) -> Any:
    return result(call("datastore_search", resource_id=rid(dataset), **params))


def ids(answer: Any) -> list[int]:
    return [r["_id"] for r in answer["records"]]


def test_defaults_fields_and_echo(call: Call, open_dataset: Dataset) -> None:
    answer = search(call, open_dataset)
    assert answer["resource_id"] == rid(open_dataset)
    assert (answer["limit"], answer["records_format"], answer["include_total"]) == (100, "objects", True)
    assert answer["total_estimation_threshold"] is None
    assert (answer["total"], answer["total_was_estimated"]) == (ROWS, False)
    assert answer["fields"] == [
        {"id": "_id", "type": "int"},
        {"id": "kode_kecamatan", "type": "text", "info": {"label": "Kode Kecamatan", "notes": ""}},
        {"id": "nama_kecamatan", "type": "text", "info": {"label": "Nama Kecamatan", "notes": ""}},
        {"id": "jenis_kelamin", "type": "text", "info": {"label": "Jenis Kelamin", "notes": ""}},
        {"id": "jumlah_penduduk", "type": "int8", "info": {"label": "Jumlah Penduduk", "notes": "Satuan: jiwa."}},
        {"id": "tahun", "type": "int4", "info": {"label": "Tahun", "notes": ""}},
    ]
    assert answer["records"][0] == {"_id": 1, "kode_kecamatan": "35.14.01", "nama_kecamatan": "Purwodadi",
                                    "jenis_kelamin": "Laki-laki", "jumlah_penduduk": 3023, "tahun": 2023}  # fmt: skip
    assert ids(answer) == list(range(1, ROWS + 1))
    assert answer["_links"] == {
        "start": "/api/action/datastore_search",
        "next": "/api/action/datastore_search?offset=100",
    }
    assert "next_page" not in answer and "filters" not in answer


def test_every_format_of_the_release_serves_the_same_rows(call: Call, open_dataset: Dataset) -> None:
    answers = [search(call, open_dataset, limit=5) for _ in ("csv",)]
    for fmt in ("xlsx", "json", "html", "parquet"):
        other = result(call("datastore_search", resource_id=rid(open_dataset, fmt), limit=5))
        assert other["records"] == answers[0]["records"]


def test_id_is_accepted_for_resource_id_and_get_takes_json_text(call: Call, open_dataset: Dataset) -> None:
    assert result(call("datastore_search", id=rid(open_dataset), limit=1))["resource_id"] == rid(open_dataset)
    response = Client().get("/api/3/action/datastore_search", {"resource_id": rid(open_dataset), "limit": 2,
                                                               "filters": json.dumps({"tahun": 2024})})  # fmt: skip
    answer = result(response)
    assert ids(answer) == [49, 50] and answer["filters"] == {"tahun": 2024} and answer["total"] == 48
    # _links are the request's own URL with the offset moved, relative, as CKAN 2.11 builds them.
    assert answer["_links"]["next"].startswith("/api/3/action/datastore_search?")
    assert "offset=2" in answer["_links"]["next"] and "filters=" in answer["_links"]["next"]


FILTERS = [  # (filters, the _ids they keep)
    ({"jenis_kelamin": "Perempuan", "tahun": 2023}, list(range(2, 49, 2))),
    ({"nama_kecamatan": ["Purwodadi", "Tutur"], "tahun": "2024"}, [49, 50, 51, 52]),
    ({"jumlah_penduduk": {"gte": 3024, "lt": 3034}, "tahun": {"eq": 2023}}, [2, 3]),
    ({"tahun": {"in": [2024]}, "_id": {"lte": 50}}, [49, 50]),
    ({"$or": [{"_id": 1}, {"_id": {"gt": 95}}]}, [1, 96]),
    ({"$and": [{"tahun": 2023}, {"$or": [{"kode_kecamatan": "35.14.02"}, {"kode_kecamatan": "35.14.03"}]}]},
     [3, 4, 5, 6]),
    ({"kode_kecamatan": 35}, []),  # a number compared with text, as text
    ({"$or": []}, []),
]  # fmt: skip


def test_filters_in_every_form(call: Call, open_dataset: Dataset) -> None:
    for filters, expected in FILTERS:
        answer = search(call, open_dataset, filters=filters)
        assert ids(answer) == expected and answer["total"] == len(expected), filters
        assert answer["filters"] == filters


def test_q_as_text_searches_whole_rows_and_as_an_object_per_column(call: Call, open_dataset: Dataset) -> None:
    assert ids(search(call, open_dataset, q="purwodadi PEREMPUAN")) == [2, 50]
    assert ids(search(call, open_dataset, q="2023 35.14.02")) == [3, 4]
    assert ids(search(call, open_dataset, q={"nama_kecamatan": "purwodadi", "jenis_kelamin": "laki"})) == [1, 49]
    answer = search(call, open_dataset, method="GET", q=json.dumps({"nama_kecamatan": "tutur"}))
    assert ids(answer) == [3, 4, 51, 52] and answer["q"] == {"nama_kecamatan": "tutur"}
    assert ids(search(call, open_dataset, full_text="tutur perempuan")) == [4, 52]


def test_fields_choose_and_order_the_columns(call: Call, open_dataset: Dataset) -> None:
    answer = search(call, open_dataset, fields=["tahun", "nama_kecamatan"], limit=1)
    assert [f["id"] for f in answer["fields"]] == ["tahun", "nama_kecamatan"]
    assert answer["records"] == [{"tahun": 2023, "nama_kecamatan": "Purwodadi"}]
    assert search(call, open_dataset, fields="_id, jumlah_penduduk", limit=1)["records"] == [
        {"_id": 1, "jumlah_penduduk": 3023}
    ]


def test_sort(call: Call, open_dataset: Dataset) -> None:
    assert ids(search(call, open_dataset, sort="tahun desc, _id", limit=2)) == [49, 50]
    assert ids(search(call, open_dataset, sort="_id desc", limit=3)) == [96, 95, 94]
    assert ids(search(call, open_dataset, sort=["jumlah_penduduk desc"], limit=1)) == [96]
    # Bangil comes first; 2024 before 2023; then the row order breaks the tie between sexes.
    bangil_2024 = ids(search(call, open_dataset, filters={"nama_kecamatan": "Bangil", "tahun": 2024}))
    assert ids(search(call, open_dataset, sort='"nama_kecamatan" asc, tahun DESC', limit=2)) == bangil_2024


def test_limit_offset_and_links(call: Call, open_dataset: Dataset) -> None:
    page = search(call, open_dataset, limit=10, offset=20)
    assert ids(page) == list(range(21, 31)) and page["offset"] == 20
    assert page["_links"] == {"start": "/api/action/datastore_search",
                              "next": "/api/action/datastore_search?offset=30",
                              "prev": "/api/action/datastore_search?offset=10"}  # fmt: skip
    assert "prev" not in search(call, open_dataset, limit=10, offset=10)["_links"]  # as CKAN: only when > 0
    assert search(call, open_dataset, limit=0)["records"] == []
    assert search(call, open_dataset, limit=50_000)["limit"] == 32000  # lowered, not refused
    assert search(call, open_dataset, offset=500)["records"] == []


def test_include_total_false_leaves_out_the_total(call: Call, open_dataset: Dataset) -> None:
    answer = search(call, open_dataset, include_total=False, limit=1)
    assert "total" not in answer and "total_was_estimated" not in answer and answer["include_total"] is False


def test_records_formats(call: Call, open_dataset: Dataset) -> None:
    lists = search(call, open_dataset, records_format="lists", limit=2, fields=["_id", "nama_kecamatan", "tahun"])
    assert lists["records"] == [[1, "Purwodadi", 2023], [2, "Purwodadi", 2023]]
    csv = search(call, open_dataset, records_format="csv", limit=2, fields="nama_kecamatan,jenis_kelamin,tahun")
    assert csv["records"] == "Purwodadi,Laki-laki,2023\nPurwodadi,Perempuan,2023\n"
    tsv = search(call, open_dataset, records_format="tsv", limit=1, fields="_id,nama_kecamatan")
    assert tsv["records"] == "1\tPurwodadi\n"
    err = error(call("datastore_search", resource_id=rid(open_dataset), records_format="xml"), 409, "Validation Error")
    assert list(err) == ["__type", "records_format"]


def test_next_page_pages_by_id_until_the_end(call: Call, open_dataset: Dataset) -> None:
    seen: list[int] = []
    filters: dict[str, Any] = {"jenis_kelamin": "Laki-laki"}
    while True:
        answer = search(call, open_dataset, filters=filters, limit=20, include_next_page=True)
        seen += ids(answer)
        if "next_page" not in answer:
            break
        assert answer["next_page"] == {"_id": {"gt": seen[-1]}} and answer["include_next_page"] is True
        filters = {**filters, **answer["next_page"]}
    assert seen == list(range(1, ROWS + 1, 2))
    # Only when the rows are in _id order.
    assert "next_page" not in search(call, open_dataset, sort="tahun desc", limit=5, include_next_page=True)


BAD = [  # (parameters, the field the Validation Error names)
    ({"filters": ["tahun", 2024]}, "filters"),
    ({"filters": "{tahun: 2024"}, "filters"),
    ({"filters": {"kota": "Bangil"}}, "filters"),
    ({"filters": {"tahun": {"like": 2024}}}, "filters"),
    ({"filters": {"tahun": {"in": 2024}}}, "filters"),
    ({"filters": {"tahun": {"gte": {"x": 1}}}}, "filters"),
    ({"filters": {"tahun": "dua ribu"}}, "filters"),
    ({"filters": {"_id": "satu"}}, "filters"),
    ({"filters": {"$or": {"tahun": 2024}}}, "filters"),
    ({"q": {"kota": "bangil"}}, "q"),
    ({"q": 5}, "q"),
    ({"fields": ["kota"]}, "fields"),
    ({"sort": "kota desc"}, "sort"),
    ({"limit": -1}, "limit"),
    ({"offset": -10}, "offset"),
    ({"distinct": True}, "distinct"),
    ({"include_total": "mungkin"}, "include_total"),
    ({"kolom": 1, "plugin_data": {}}, "kolom"),
]  # fmt: skip


def test_bad_input_is_a_validation_error_naming_the_field(call: Call, open_dataset: Dataset) -> None:
    for params, field in BAD:
        err = error(call("datastore_search", resource_id=rid(open_dataset), **params), 409, "Validation Error")
        assert field in err and isinstance(err[field], list) and err[field][0], params
    unknown = error(call("datastore_search", resource_id=rid(open_dataset), kolom=1, plugin_data={}), 409,
                    "Validation Error")  # fmt: skip
    assert set(unknown) == {"__type", "kolom", "plugin_data"}
    missing = error(call("datastore_search"), 409, "Validation Error")
    assert missing["resource_id"] == ["Wajib diisi (Missing value)."]


def test_an_unknown_resource_is_not_found(call: Call, open_dataset: Dataset, unpublished_dataset: DatasetVersion,
                                          token_for: Callable[..., str]) -> None:  # fmt: skip
    err = error(call("datastore_search", resource_id="tidak-ada"), 404, "Not Found Error")
    assert err["message"] == "Not found: resource “tidak-ada” tidak ditemukan."
    would_be = str(uuid.uuid5(unpublished_dataset.dataset.uuid, "csv"))
    error(call("datastore_search", resource_id=would_be, token=token_for("wali")), 404, "Not Found Error")


# The rows of a Terbatas dataset: its OPD's producers, the walidata, the pembina (and administrators).
ROW_READERS = {"alice": True, "bob": False, "wali": True, "bps": True, "forum": False, "admin": True, "nobody": False}


@pytest.mark.parametrize("person", sorted(ROW_READERS))
def test_rows_of_a_restricted_dataset(
    call: Call, restricted_dataset: Dataset, token_for: Callable[..., str], person: str
) -> None:
    response = call("datastore_search", resource_id=rid(restricted_dataset), token=token_for(person), limit=1)
    if ROW_READERS[person]:
        assert result(response)["total"] == 48
    else:
        assert error(response, 403, "Authorization Error")["message"].startswith("Access denied: ")


def test_rows_of_a_restricted_dataset_without_a_token_or_with_another_organizations(
    call: Call, restricted_dataset: Dataset, token_for: Callable[..., str], orgs: dict[str, Any]
) -> None:
    error(call("datastore_search", resource_id=rid(restricted_dataset)), 403, "Authorization Error")
    token = token_for("wali", orgs=[orgs["dispendik"]])
    error(call("datastore_search", resource_id=rid(restricted_dataset), token=token), 403, "Authorization Error")
