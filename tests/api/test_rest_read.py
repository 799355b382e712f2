"""REST API v1, read side: datasets, rows with filters, sort, fields, offset and keyset paging,
aggregates, versions, releases, organizations, calendar, publications, reference codes and
statistical activities; what anonymous callers and each role's token may see; bad input."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from satudata.accounts.models import Organization
from satudata.datasets.models import Dataset, DatasetVersion
from satudata.metadata.models import MetadataStatus, StatisticalActivity
from tests.metadata import test_indah

# The metadata tests' complete survey (two variables and two indicators, one of each not public).
standard = test_indah.standard
survey = test_indah.survey


def get(path: str, token: str = "", **params: Any) -> Any:
    headers = {"Authorization": token} if token else {}
    return Client().get(f"/api/v1{path}", params, headers=headers)


def test_the_openapi_document_and_the_docs_page_are_served_without_a_cdn() -> None:
    schema = get("/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    assert "/api/v1/datasets/{slug}/rows" in schema["paths"]
    assert "/api/v1/datasets/{slug}/uploads" in schema["paths"]
    docs = Client().get("/api/v1/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui-bundle.js" in html and "cdn." not in html and "unpkg" not in html


def test_anonymous_list_shows_catalogued_datasets_and_marks_whose_data_is_public(
    open_dataset: Dataset, restricted_dataset: Dataset, unpublished_dataset: DatasetVersion
) -> None:
    body = get("/datasets").json()
    by_slug = {d["slug"]: d for d in body["results"]}
    assert set(by_slug) == {open_dataset.slug, restricted_dataset.slug}
    assert body["count"] == 2
    assert by_slug[open_dataset.slug]["data_is_public"] is True
    assert by_slug[open_dataset.slug]["periods"] == ["2023", "2024"]
    assert by_slug[open_dataset.slug]["id"] == str(open_dataset.uuid)
    assert by_slug[restricted_dataset.slug]["data_is_public"] is False


def test_a_token_adds_the_unpublished_datasets_its_owner_may_see(
    open_dataset: Dataset,
    unpublished_dataset: DatasetVersion,
    token_for: Callable[..., str],
    orgs: dict[str, Organization],
) -> None:
    slug = unpublished_dataset.dataset.slug
    assert slug in {d["slug"] for d in get("/datasets", token_for("alice")).json()["results"]}
    assert slug in {d["slug"] for d in get("/datasets", token_for("wali")).json()["results"]}
    # A token limited to another OPD opens nothing of Dinkes beyond the public side.
    limited = token_for("wali", orgs=[orgs["dispendik"]])
    assert slug not in {d["slug"] for d in get("/datasets", limited).json()["results"]}
    assert get(f"/datasets/{slug}").status_code == 404
    assert get(f"/datasets/{slug}", token_for("alice")).status_code == 200


def test_search_filters_and_paging_of_the_list(open_dataset: Dataset, restricted_dataset: Dataset) -> None:
    assert [d["slug"] for d in get("/datasets", q="hiv").json()["results"]] == [restricted_dataset.slug]
    assert {d["slug"] for d in get("/datasets", q="pendud").json()["results"]} == {  # column names match too
        open_dataset.slug,
        restricted_dataset.slug,
    }
    assert [d["slug"] for d in get("/datasets", access_class="terbatas").json()["results"]] == [restricted_dataset.slug]
    assert get("/datasets", organization="dispendik").json()["count"] == 0
    page = get("/datasets", limit=1, offset=1).json()
    assert page["count"] == 2 and len(page["results"]) == 1


def test_dataset_detail_has_schema_releases_and_download_links(open_dataset: Dataset) -> None:
    body = get(f"/datasets/{open_dataset.slug}").json()
    assert body["schema_descriptor"]["fields"][0]["name"] == "kode_kecamatan"
    assert [c["name"] for c in body["columns"]][:2] == ["kode_kecamatan", "nama_kecamatan"]
    assert body["current_release"] == 2 and body["releases"][0]["number"] == 2
    assert body["releases"][0]["downloads"]["csv"].endswith(f"/dataset/{open_dataset.slug}/v2.csv")
    assert get(f"/datasets/{open_dataset.slug}/schema").json()["primaryKey"] == [
        "kode_kecamatan", "jenis_kelamin", "tahun"
    ]  # fmt: skip
    assert [r["number"] for r in get(f"/datasets/{open_dataset.slug}/releases").json()] == [2, 1]


def test_rows_filter_sort_fields_and_totals(open_dataset: Dataset) -> None:
    body = get(f"/datasets/{open_dataset.slug}/rows", filter=["tahun:eq:2024", "jenis_kelamin:eq:Perempuan"],
               sort="-jumlah_penduduk", fields="kode_kecamatan,jumlah_penduduk", limit=3).json()  # fmt: skip
    assert body["total"] == 24 and len(body["rows"]) == 3
    assert list(body["rows"][0]) == ["kode_kecamatan", "jumlah_penduduk"]
    values = [r["jumlah_penduduk"] for r in body["rows"]]
    assert values == sorted(values, reverse=True) and values[0] == 1000 + 2024 + 10 * 23 + 1
    assert [c["name"] for c in body["columns"]] == ["kode_kecamatan", "jumlah_penduduk"]
    inlist = get(f"/datasets/{open_dataset.slug}/rows", filter=["kode_kecamatan:in:35.14.01,35.14.02"]).json()
    assert inlist["total"] == 8
    ranges = get(f"/datasets/{open_dataset.slug}/rows", filter=["jumlah_penduduk:gte:3200", "jumlah_penduduk:lt:3240"])
    assert all(3200 <= r["jumlah_penduduk"] < 3240 for r in ranges.json()["rows"])
    assert ranges.json()["total"] == len(ranges.json()["rows"]) > 0


def test_keyset_paging_walks_every_row_once(open_dataset: Dataset) -> None:
    seen: list[tuple[str, str, int]] = []
    params: dict[str, Any] = {"sort": "-tahun,kode_kecamatan", "limit": 10, "total": "false"}
    while True:
        body = get(f"/datasets/{open_dataset.slug}/rows", **params).json()
        seen += [(r["kode_kecamatan"], r["jenis_kelamin"], r["tahun"]) for r in body["rows"]]
        if body["next_cursor"] is None:
            break
        params["cursor"] = body["next_cursor"]
    assert len(seen) == 96 and len(set(seen)) == 96
    assert [s[2] for s in seen] == sorted((s[2] for s in seen), reverse=True)


def test_offset_paging_and_an_older_release(open_dataset: Dataset) -> None:
    second = get(f"/datasets/{open_dataset.slug}/rows", limit=10, offset=90).json()
    assert len(second["rows"]) == 6 and second["next_cursor"] is None
    first_release = get(f"/datasets/{open_dataset.slug}/rows", release=1).json()
    assert first_release["release"] == 1 and first_release["total"] == 48


def test_aggregates_are_computed_by_the_store(open_dataset: Dataset) -> None:
    body = get(f"/datasets/{open_dataset.slug}/aggregate", group_by="tahun",
               measure=["sum:jumlah_penduduk", "mean:jumlah_penduduk", "count"]).json()  # fmt: skip
    by_year = {r["tahun"]: r for r in body["rows"]}
    # population_rows: base + 10*i + j for 24 kecamatan and two sexes.
    expected_2024 = sum(1000 + 2024 + 10 * i + j for i in range(24) for j in range(2))
    assert by_year[2024]["sum_jumlah_penduduk"] == expected_2024
    assert by_year[2024]["count"] == 48
    assert by_year[2023]["mean_jumlah_penduduk"] == pytest.approx(
        sum(1000 + 2023 + 10 * i + j for i in range(24) for j in range(2)) / 48
    )
    assert body["measures"] == ["sum_jumlah_penduduk", "mean_jumlah_penduduk", "count"]


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"filter": "tahun:gte:dua ribu"}, "filter", "tidak sesuai dengan tipe kolom tahun"),
        ({"filter": "umur:eq:5"}, "filter", "Kolom “umur” tidak ada"),
        ({"filter": "tahun:like:20"}, "filter", "Operator “like” tidak dikenal"),
        ({"filter": "tahun=2024"}, "filter", "kolom:operator:nilai"),
        ({"sort": "-umur"}, "sort", "Tidak dapat mengurutkan menurut “umur”"),
        ({"fields": "tahun,umur"}, "fields", "Kolom tidak ada: umur"),
        ({"cursor": "bukan-kursor"}, "cursor", "Kursor halaman tidak sah"),
        ({"limit": "-1"}, "limit", "Isian tidak sah pada limit"),
        ({"limit": "banyak"}, "limit", "Isian tidak sah pada limit"),
        ({"release": "9"}, "release", "Rilis tidak ditemukan"),
        ({"release": "1", "version": "1"}, "version", "Pilih salah satu"),
    ],
)
def test_bad_row_requests_say_what_and_where(
    open_dataset: Dataset, params: dict[str, str], field: str, words: str
) -> None:
    response = get(f"/datasets/{open_dataset.slug}/rows", **params)
    assert response.status_code in (400, 404), response.content
    error = response.json()["error"]
    assert error["field"] == field and words in error["message"], error
    assert error["code"] and error["message_en"]


def test_bad_aggregate_requests(open_dataset: Dataset) -> None:
    for measure, words in [("median:jumlah_penduduk", "fungsi:kolom"), ("sum:umur", "Kolom “umur” tidak ada"),
                           ("sum:nama_kecamatan", "bukan kolom angka")]:  # fmt: skip
        response = get(f"/datasets/{open_dataset.slug}/aggregate", measure=measure)
        assert response.status_code == 400 and words in response.json()["error"]["message"], response.content


def test_restricted_rows_need_a_token_whose_owner_may_see_them(
    restricted_dataset: Dataset, token_for: Callable[..., str], orgs: dict[str, Organization]
) -> None:
    path = f"/datasets/{restricted_dataset.slug}/rows"
    refused = get(path)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "restricted_data"
    assert get(f"/datasets/{restricted_dataset.slug}").status_code == 200  # metadata is public
    allowed = {"alice", "wali", "bps"}
    for name in ("alice", "bob", "wali", "bps", "forum"):
        response = get(path, token_for(name))
        assert response.status_code == (200 if name in allowed else 403), (name, response.content)
    assert get(path, token_for("wali", orgs=[orgs["dispendik"]])).status_code == 403
    assert get(path, token_for("wali", orgs=[orgs["dinkes"]])).json()["total"] == 48


def test_a_bad_token_is_refused_not_treated_as_anonymous(open_dataset: Dataset) -> None:
    response = get("/datasets", "sd_bukan-token")
    assert response.status_code == 401
    assert response.json()["error"] == {
        "code": "invalid_token", "field": "Authorization", "detail": None,
        "message": "Token API tidak dikenal, kedaluwarsa atau telah dicabut.",
        "message_en": "The API token is unknown, expired or revoked.",
    }  # fmt: skip


def test_versions_public_ones_for_everyone_drafts_for_the_opd(
    open_dataset: Dataset, unpublished_dataset: DatasetVersion, token_for: Callable[..., str]
) -> None:
    versions = get(f"/datasets/{open_dataset.slug}/versions").json()
    assert [(v["number"], v["status"]) for v in versions] == [(2, "published"), (1, "published")]
    detail = get(f"/datasets/{open_dataset.slug}/versions/1").json()
    assert detail["report"]["error_count"] == 0 if "error_count" in detail["report"] else detail["report"]
    draft_path = f"/datasets/{unpublished_dataset.dataset.slug}/versions/{unpublished_dataset.number}"
    assert get(draft_path).status_code == 404
    assert get(draft_path, token_for("bob")).status_code == 404  # another OPD's draft
    assert get(draft_path, token_for("bps")).status_code == 404  # pembina sees submitted ones only
    assert get(draft_path, token_for("alice")).json()["status"] == "draft"
    rows = get(f"/datasets/{unpublished_dataset.dataset.slug}/rows", token_for("alice"),
               version=unpublished_dataset.number).json()  # fmt: skip
    assert rows["version"] == unpublished_dataset.number and rows["total"] == 48


def test_organizations_count_what_the_caller_may_see(
    open_dataset: Dataset, unpublished_dataset: DatasetVersion, token_for: Callable[..., str]
) -> None:
    public = {o["slug"]: o["dataset_count"] for o in get("/organizations").json()}
    assert public["dinkes"] == 1 and public["dispendik"] == 0
    assert {o["slug"]: o["dataset_count"] for o in get("/organizations", token_for("alice")).json()}["dinkes"] == 2
    assert get("/organizations/dinkes").json()["name"] == "Dinas Kesehatan"
    assert get("/organizations/tidak-ada").status_code == 404


def test_reference_codes(pasuruan_wilayah: None) -> None:
    kecamatan = get("/reference/wilayah", parent="35.14", limit=5).json()
    assert kecamatan["count"] == 24 and kecamatan["results"][0]["kode"] == "35.14.01"
    assert get("/reference/wilayah/35.14").json()["nama"].upper().endswith("PASURUAN")
    assert get("/reference/wilayah/99.99").status_code == 404
    lists = {c["slug"]: c for c in get("/reference/code-lists").json()}
    assert {"sektor_kegiatan", "cara_pengumpulan_data"} <= set(lists)
    assert get("/reference/code-lists/sektor_kegiatan").json()["items"][0]["code"]
    assert get("/reference/code-lists/tidak-ada").status_code == 404


def test_release_calendar_and_publications_answer(open_dataset: Dataset) -> None:
    assert isinstance(get("/releases").json(), list)
    assert get("/releases", organization="tidak-ada").status_code == 404
    assert get("/publications").json() == []
    assert get("/publications/tidak-ada").status_code == 404


def test_statistical_activities_only_agreed_and_without_private_variables(survey: StatisticalActivity) -> None:
    assert get("/activities").json() == []  # a draft is not public
    assert get(f"/activities/{survey.pk}").status_code == 404
    StatisticalActivity.objects.filter(pk=survey.pk).update(status=MetadataStatus.ACCEPTED)
    assert [a["id"] for a in get("/activities").json()] == [survey.pk]
    body = get(f"/activities/{survey.pk}").json()
    assert body["title"] == survey.title and body["ms_keg"]
    assert body["indah"]["kegiatan"]["submitter"] is None  # staff account details stay inside
    # "Tinggi Badan Balita" and "Indeks Gizi Balita" are marked not public (MS-Var (12), MS-Ind (17)).
    assert [v["name"] for v in body["variables"]] == ["Jenis Kelamin Balita"]
    assert [i["name"] for i in body["indicators"]] == ["Prevalensi Stunting Balita"]
    assert len(body["indah"]["variabel"]) == 1 and len(body["indah"]["indikator"]) == 1
    assert "Tinggi Badan Balita" not in json.dumps(body["indah"]["variabel"])


def test_analysis_of_a_release(open_dataset: Dataset, restricted_dataset: Dataset) -> None:
    """The analysis the dataset page shows, for a developer: computed by the store, same access as rows."""
    response = get(f"/datasets/{open_dataset.slug}/analysis")
    assert response.status_code == 200
    body = response.json()
    release = open_dataset.latest_release()
    assert release is not None and body["release"] == release.number
    analysis = body["analysis"]
    assert analysis["measure"]["name"] == "jumlah_penduduk"
    # population_rows: base + 10*i + j for 24 kecamatan and two sexes, per year.
    by_year = {p["period"]: p["value"] for p in analysis["periods"]}
    assert by_year[2024] == sum(1000 + 2024 + 10 * i + j for i in range(24) for j in range(2))
    assert analysis["measures"][0]["sum"] == sum(by_year.values())
    assert analysis["sentences"]
    bad = get(f"/datasets/{open_dataset.slug}/analysis", measure="tidak_ada")
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "measure"
    assert get(f"/datasets/{restricted_dataset.slug}/analysis").status_code == 403
    assert get("/datasets/tidak-ada/analysis").status_code == 404
