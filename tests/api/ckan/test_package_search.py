"""package_search: q and the fq forms harvesters send, paging, sorting, facets, private datasets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from satudata.accounts.models import Organization
from satudata.datasets.models import Dataset, DatasetVersion, Release
from tests.api.ckan.conftest import Call, error, result


@pytest.fixture
def catalogue(open_dataset: Dataset, school_dataset: Dataset, restricted_dataset: Dataset,
              unpublished_dataset: DatasetVersion) -> dict[str, Dataset]:  # fmt: skip
    """Two public datasets modified on known days (population on 1 January 2026, schools on
    1 March), one restricted and one unpublished."""
    for dataset, day in ((open_dataset, dt.datetime(2026, 1, 1, tzinfo=dt.UTC)),
                         (school_dataset, dt.datetime(2026, 3, 1, tzinfo=dt.UTC))):  # fmt: skip
        Dataset.objects.filter(pk=dataset.pk).update(updated=day, created=day - dt.timedelta(days=30))
        Release.objects.filter(dataset=dataset).update(created=day)
    return {"open": open_dataset, "school": school_dataset, "restricted": restricted_dataset,
            "unpublished": unpublished_dataset.dataset}  # fmt: skip


def names(answer: dict[str, Any]) -> list[str]:
    return [r["name"] for r in answer["results"]]


def test_without_parameters_the_public_datasets_newest_first(call: Call, catalogue: dict[str, Dataset]) -> None:
    answer = result(call("package_search"))
    assert list(answer) == ["count", "facets", "results", "sort", "search_facets"]
    assert answer["count"] == 2 and answer["sort"] == "score desc, metadata_modified desc"
    assert names(answer) == [catalogue["school"].slug, catalogue["open"].slug]
    assert answer["facets"] == {} and answer["search_facets"] == {}
    # Results are whole package dicts, as package_show gives them.
    assert answer["results"][1] == result(call("package_show", id=catalogue["open"].slug))


def test_q_searches_words_and_fields(call: Call, catalogue: dict[str, Dataset]) -> None:
    assert names(result(call("package_search", q="kependudukan"))) == [catalogue["open"].slug]
    assert names(result(call("package_search", q="sekolah dasar"))) == [catalogue["school"].slug]
    assert names(result(call("package_search", q="tags:sekolah"))) == [catalogue["school"].slug]
    assert result(call("package_search", q="*:*"))["count"] == 2
    assert result(call("package_search", q="tidakadasamasekali"))["count"] == 0
    # Restricted datasets' metadata is searchable only with include_private and a token.
    assert result(call("package_search", q="hiv"))["count"] == 0


# Each fq and the datasets it keeps (ordered by the default sort: newest first).
FQ_FORMS = [
    ("organization:dinkes", ["open"]),
    ("-organization:dinkes", ["school"]),
    ("organization:dinkes OR organization:dispendik", ["school", "open"]),
    ("groups:pendidikan_dan_pelatihan", ["school"]),
    ("-groups:pendidikan_dan_pelatihan", ["open"]),
    ("organization:dinkes OR organization:dispendik -groups:pendidikan_dan_pelatihan", ["open"]),
    ("tags:kabupaten-kota", ["school"]),
    ("tags:penduduk OR tags:sekolah", ["school", "open"]),
    ("license_id:cc-zero", ["school"]),
    ("res_format:CSV", ["school", "open"]),
    ("res_format:ZIP", []),
    ('name:"jumlah-sekolah-dasar-menurut-kecamatan"', ["school"]),
    ("metadata_modified:[2026-02-01T00:00:00Z TO *]", ["school"]),
    ("metadata_modified:[2025-12-01T00:00:00.000000Z TO 2026-02-01T00:00:00Z]", ["open"]),
    ("metadata_modified:{2026-01-01T00:00:00Z TO *]", ["school"]),
    ("metadata_created:[* TO 2026-01-15T00:00:00Z]", ["open"]),
    ("+dataset_type:dataset +capacity:public", ["school", "open"]),
    ("organization:(dinkes OR dispendik) AND NOT tags:sekolah", ["open"]),
]  # fmt: skip


def test_fq_forms_harvesters_send(call: Call, catalogue: dict[str, Dataset]) -> None:
    for fq, expected in FQ_FORMS:
        answer = result(call("package_search", fq=fq))
        assert names(answer) == [catalogue[key].slug for key in expected], fq
        assert answer["count"] == len(expected), fq


def test_fq_by_id_and_fq_list(call: Call, catalogue: dict[str, Dataset]) -> None:
    school = catalogue["school"]
    assert names(result(call("package_search", fq=f"id:{school.uuid}"))) == [school.slug]
    assert result(call("package_search", fq_list=["organization:dispendik", "tags:penduduk"]))["count"] == 0
    assert names(result(call("package_search", method="GET", fq_list="organization:dispendik"))) == [school.slug]


def test_a_query_that_cannot_be_understood_is_a_search_query_error(call: Call, catalogue: dict[str, Dataset]) -> None:
    for fq in ("kota:pasuruan", "organization:(dinkes", "organization:dinkes)", 'name:"open', "organization:",
               "metadata_modified:[kemarin TO *]", "name:[a TO b]", "metadata_modified:2026"):  # fmt: skip
        err = error(call("package_search", fq=fq), 400, "Search Query Error")
        assert err["message"].startswith("Search Query is invalid: "), fq
    assert "kota" in error(call("package_search", q="kota:pasuruan"), 400, "Search Query Error")["message"]


def test_rows_and_start_page_through_the_results(call: Call, catalogue: dict[str, Dataset]) -> None:
    first = result(call("package_search", rows=1, start=0, sort="name asc"))
    second = result(call("package_search", rows=1, start=1, sort="name asc"))
    empty = result(call("package_search", rows=1, start=2, sort="name asc"))
    assert (first["count"], second["count"], empty["count"]) == (2, 2, 2)
    assert names(first) + names(second) == sorted([catalogue["open"].slug, catalogue["school"].slug])
    assert empty["results"] == []
    assert result(call("package_search", rows=0))["results"] == []
    assert len(result(call("package_search", rows=5000))["results"]) == 2  # lowered to 1000, not refused


def test_bad_rows_or_start_is_a_validation_error_naming_the_field(call: Call, catalogue: dict[str, Dataset]) -> None:
    for name, value in (("rows", -1), ("rows", "sepuluh"), ("start", -5), ("rows", True)):
        err = error(call("package_search", **{name: value}), 409, "Validation Error")
        assert list(err) == ["__type", name] and err[name][0].startswith("Harus bilangan bulat"), (name, value)


SORTS = [
    ("name asc", ["open", "school"]),
    ("name desc", ["school", "open"]),
    ("title_string asc", ["open", "school"]),
    ("metadata_modified desc", ["school", "open"]),
    ("metadata_modified asc", ["open", "school"]),
    ("metadata_created desc", ["school", "open"]),
]  # fmt: skip


def test_sorts(call: Call, catalogue: dict[str, Dataset]) -> None:
    for sort, expected in SORTS:
        answer = result(call("package_search", sort=sort))
        assert names(answer) == [catalogue[key].slug for key in expected] and answer["sort"] == sort, sort


def test_sort_by_id_as_harvesters_page(call: Call, catalogue: dict[str, Dataset]) -> None:
    ids = [r["id"] for r in result(call("package_search", sort="id asc", rows=100))["results"]]
    assert ids == sorted(ids) and len(ids) == 2


def test_score_ranks_the_words_of_q(call: Call, catalogue: dict[str, Dataset]) -> None:
    answer = result(call("package_search", q="kecamatan", sort="score desc, name asc"))
    assert answer["count"] == 2 and answer["sort"] == "score desc, name asc"
    assert names(result(call("package_search", q="kecamatan", sort="score desc, name asc", rows=1, start=1))) == [
        names(answer)[1]
    ]


def test_a_bad_sort_is_a_search_query_error(call: Call, catalogue: dict[str, Dataset]) -> None:
    for sort in ("popularity desc", "name sideways", "name asc asc"):
        err = error(call("package_search", sort=sort), 400, "Search Query Error")
        assert 'Invalid "sort" parameter' in err["message"], sort


def test_facets_as_ckan_returns_them(call: Call, catalogue: dict[str, Dataset]) -> None:
    fields = ["organization", "groups", "tags", "license_id", "res_format"]
    answer = result(call("package_search", method="GET", **{"facet.field": fields}))
    assert answer["facets"]["organization"] == {"dinkes": 1, "dispendik": 1}
    assert answer["facets"]["groups"] == {"pendidikan_dan_pelatihan": 1}
    assert answer["facets"]["license_id"] == {"cc-by": 1, "cc-zero": 1}
    assert answer["facets"]["res_format"] == {"CSV": 2, "XLSX": 2, "JSON": 2, "HTML": 2, "Parquet": 2}
    assert answer["facets"]["tags"] == {"SD": 1, "kabupaten-kota": 1, "kependudukan": 1, "penduduk": 1, "sekolah": 1}
    organizations = answer["search_facets"]["organization"]
    assert organizations == {"title": "organization", "items": [
        # Sorted by display name, descending, as CKAN does after counting.
        {"name": "dispendik", "display_name": "Dinas Pendidikan", "count": 1},
        {"name": "dinkes", "display_name": "Dinas Kesehatan", "count": 1},
    ]}  # fmt: skip
    assert answer["search_facets"]["license_id"]["items"][0]["display_name"] == "Creative Commons Zero (CC0 1.0)"
    assert answer["search_facets"]["groups"]["items"] == [
        {"name": "pendidikan_dan_pelatihan", "display_name": "Pendidikan dan Pelatihan", "count": 1}
    ]


def test_facets_count_every_match_not_just_the_page(call: Call, catalogue: dict[str, Dataset]) -> None:
    answer = result(call("package_search", rows=0, **{"facet.field": ["organization"]}))
    assert answer["facets"]["organization"] == {"dinkes": 1, "dispendik": 1}


def test_facet_limit_and_mincount(call: Call, catalogue: dict[str, Dataset]) -> None:
    limited = result(call("package_search", **{"facet.field": ["tags"], "facet.limit": 2}))
    assert len(limited["facets"]["tags"]) == 2
    unlimited = result(call("package_search", **{"facet.field": ["tags"], "facet.limit": -1}))
    assert len(unlimited["facets"]["tags"]) == 5
    assert result(call("package_search", **{"facet.field": ["res_format"], "facet.mincount": 3}))["facets"] == {
        "res_format": {}
    }
    assert result(call("package_search", facet="false", **{"facet.field": ["tags"]}))["facets"] == {}


def test_a_bad_facet_field_is_a_validation_error(call: Call, catalogue: dict[str, Dataset]) -> None:
    for value in ('["tags"', '"tags"', '["kota"]'):
        response = call("package_search", method="GET", **{"facet.field": value})
        assert list(error(response, 409, "Validation Error")) == ["__type", "facet.field"], value


def test_include_private_adds_what_the_token_may_read(
    call: Call, catalogue: dict[str, Dataset], token_for: Callable[..., str]
) -> None:
    token = token_for("alice")
    assert result(call("package_search", token=token))["count"] == 2  # not without include_private
    answer = result(call("package_search", include_private=True, token=token, sort="name asc"))
    private = {r["name"]: r["private"] for r in answer["results"]}
    assert private == {catalogue["open"].slug: False, catalogue["school"].slug: False,
                       catalogue["restricted"].slug: True, catalogue["unpublished"].slug: True}  # fmt: skip
    assert result(call("package_search", include_private=True))["count"] == 2  # anonymous
    assert names(result(call("package_search", q="hiv", include_private=True, token=token))) == [
        catalogue["restricted"].slug
    ]
    assert names(result(call("package_search", q="puskesmas", include_private=True, token=token))) == [
        catalogue["unpublished"].slug
    ]
    assert result(call("package_search", fq="capacity:private", include_private=True, token=token))["count"] == 2


def test_include_private_with_a_token_limited_to_another_organization(
    call: Call, catalogue: dict[str, Dataset], token_for: Callable[..., str], orgs: dict[str, Organization]
) -> None:
    token = token_for("wali", orgs=[orgs["dispendik"]])
    answer = result(call("package_search", include_private=True, token=token))
    assert answer["count"] == 2 and not any(r["private"] for r in answer["results"])


def test_fl_keeps_the_named_fields(call: Call, catalogue: dict[str, Dataset]) -> None:
    answer = result(call("package_search", fl="id,name", sort="name asc"))
    assert answer["results"] == [{"id": str(catalogue["open"].uuid), "name": catalogue["open"].slug},
                                 {"id": str(catalogue["school"].uuid), "name": catalogue["school"].slug}]  # fmt: skip
