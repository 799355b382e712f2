"""REST API v1, write side: an OPD system posts rows or uploads a CSV and gets a draft version
with the same validation report as the web; it submits it; every write (and every refused one)
is in the audit trail with the token's owner; roles and token scopes are enforced."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from satudata import store
from satudata.accounts.models import Organization, User
from satudata.api.models import ApiWrite
from satudata.datasets.models import Dataset, DatasetVersion, ImportJob, VersionEvent, VersionStatus
from tests.datasets.conftest import population_rows


def post_json(path: str, body: Any, token: str = "") -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return Client().post(f"/api/v1{path}", json.dumps(body), content_type="application/json", headers=headers)


def upload(path: str, content: bytes, token: str, name: str = "data.csv", **fields: str) -> Any:
    data: dict[str, Any] = {"file": SimpleUploadedFile(name, content, content_type="text/csv"), **fields}
    return Client().post(f"/api/v1{path}", data, headers={"X-CKAN-API-Key": token})


def as_csv(rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


@pytest.fixture
def dataset(make_dataset: Callable[..., Dataset]) -> Dataset:
    return make_dataset()


def test_posted_rows_become_a_draft_with_its_report_and_an_audit_row(
    dataset: Dataset, kecamatan: list[tuple[str, str]], token_for: Callable[..., str], people: dict[str, User]
) -> None:
    token = token_for("alice", scope="write")
    response = post_json(f"/datasets/{dataset.slug}/versions",
                         {"period": "2024", "rows": population_rows(kecamatan, 2024)}, token)  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["row_count"] == 48 and body["error_count"] == 0
    assert body["report"]["rows"] == 48
    version = DatasetVersion.objects.get(dataset=dataset, number=body["number"])
    assert VersionEvent.objects.filter(version=version, kind="created", actor=people["alice"]).exists()
    audit = ApiWrite.objects.get()
    assert (audit.user, audit.action, audit.status_code, audit.object_type) == (
        people["alice"], "create_version", 201, "version"
    )  # fmt: skip
    assert audit.token is not None and audit.token.name == "token alice"
    assert audit.detail["rows"] == 48 and audit.method == "POST"


def test_bad_rows_are_kept_as_a_draft_with_their_errors_and_cannot_be_submitted(
    dataset: Dataset, kecamatan: list[tuple[str, str]], token_for: Callable[..., str]
) -> None:
    token = token_for("alice", scope="write")
    rows = population_rows(kecamatan, 2024)
    rows[3]["jumlah_penduduk"] = "banyak"
    rows[5]["kode_kecamatan"] = "35.99.99"
    body = post_json(f"/datasets/{dataset.slug}/versions", {"period": "2024", "rows": rows, "submit": True},
                     token).json()  # fmt: skip
    assert body["status"] == "draft" and body["error_count"] >= 2
    columns = {p["column"] for p in body["report"]["problems"] if p["severity"] == "error"}
    assert {"jumlah_penduduk", "kode_kecamatan"} <= columns
    refused = post_json(f"/datasets/{dataset.slug}/versions/{body['number']}/submit", {}, token)
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "invalid_version"
    assert "kesalahan validasi" in refused.json()["error"]["message"]
    assert ApiWrite.objects.filter(action="submit_version", status_code=409).count() == 1


def test_submit_a_valid_draft_and_the_walidata_is_asked_to_verify(
    dataset: Dataset, kecamatan: list[tuple[str, str]], token_for: Callable[..., str], people: dict[str, User]
) -> None:
    token = token_for("alice", scope="write")
    number = post_json(f"/datasets/{dataset.slug}/versions",
                       {"period": "2024", "rows": population_rows(kecamatan, 2024)}, token).json()["number"]  # fmt: skip
    response = post_json(f"/datasets/{dataset.slug}/versions/{number}/submit", {}, token)
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    event = VersionEvent.objects.get(version__dataset=dataset, to_status=VersionStatus.SUBMITTED)
    assert event.actor == people["alice"]
    assert people["wali"].notifications.exists()
    # A second submission: not a draft any more.
    again = post_json(f"/datasets/{dataset.slug}/versions/{number}/submit", {}, token)
    assert again.status_code == 403


def test_post_and_submit_in_one_call(
    dataset: Dataset, kecamatan: list[tuple[str, str]], token_for: Callable[..., str]
) -> None:
    body = post_json(f"/datasets/{dataset.slug}/versions",
                     {"period": "2024", "rows": population_rows(kecamatan, 2024), "submit": True},
                     token_for("wali", scope="write")).json()  # fmt: skip
    assert body["status"] == "submitted"


@pytest.mark.parametrize(
    ("who", "scope", "org", "status", "code"),
    [
        ("anonymous", "", None, 401, "token_required"),
        ("alice", "read", None, 403, "read_only_token"),
        ("bob", "write", None, 403, "forbidden"),
        ("bps", "write", None, 403, "forbidden"),
        ("forum", "write", None, 403, "forbidden"),
        ("wali", "write", "dispendik", 404, "not_found"),  # the draft dataset is outside the token
        ("alice", "write", None, 201, None),
        ("wali", "write", "dinkes", 201, None),
    ],
)
def test_who_may_write(
    dataset: Dataset,
    kecamatan: list[tuple[str, str]],
    token_for: Callable[..., str],
    orgs: dict[str, Organization],
    who: str,
    scope: str,
    org: str | None,
    status: int,
    code: str | None,
) -> None:
    token = "" if who == "anonymous" else token_for(who, scope=scope, orgs=[orgs[org]] if org else None)
    response = post_json(f"/datasets/{dataset.slug}/versions",
                         {"period": "2024", "rows": population_rows(kecamatan, 2024)}, token)  # fmt: skip
    assert response.status_code == status, response.content
    if code:
        assert response.json()["error"]["code"] == code
        assert not DatasetVersion.objects.filter(dataset=dataset).exists()
    # Refused calls with a token are audited too; anonymous ones cannot be tied to anybody.
    assert ApiWrite.objects.count() == (0 if who == "anonymous" else 1)


@pytest.mark.parametrize(
    ("body", "status", "field", "words"),
    [
        ({"period": "tahun lalu", "rows": []}, 422, "period", "Periode harus berbentuk tahun"),
        ({"rows": []}, 422, "payload.period", "Isian tidak sah"),
        ({"period": "2024", "rows": "bukan daftar"}, 422, "payload.rows", "Isian tidak sah"),
        (
            {"period": "2024", "rows": [{"tahun": 2024}, {"kolom_asing": 1}]},
            422,
            "rows[1].kolom_asing",
            "Baris 2: kolom kolom_asing tidak ada dalam skema",
        ),
    ],
)
def test_bad_bodies_say_what_and_where(
    dataset: Dataset, token_for: Callable[..., str], body: dict[str, Any], status: int, field: str, words: str
) -> None:
    response = post_json(f"/datasets/{dataset.slug}/versions", body, token_for("alice", scope="write"))
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["field"] == field and words in error["message"], error


def test_a_period_in_review_cannot_get_new_data(
    dataset: Dataset, kecamatan: list[tuple[str, str]], token_for: Callable[..., str]
) -> None:
    token = token_for("alice", scope="write")
    post_json(f"/datasets/{dataset.slug}/versions",
              {"period": "2024", "rows": population_rows(kecamatan, 2024), "submit": True}, token)  # fmt: skip
    response = post_json(f"/datasets/{dataset.slug}/versions",
                         {"period": "2024", "rows": population_rows(kecamatan, 2024)}, token)  # fmt: skip
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "period" and "sedang direviu" in response.json()["error"]["message"]
    assert DatasetVersion.objects.filter(dataset=dataset).count() == 1


def test_an_uploaded_csv_lands_as_a_draft_with_the_same_report_as_the_web(
    dataset: Dataset,
    make_dataset: Callable[..., Dataset],
    kecamatan: list[tuple[str, str]],
    token_for: Callable[..., str],
    client_for: Callable[[str], Client],
) -> None:
    rows = population_rows(kecamatan, 2024)
    rows[2]["jumlah_penduduk"] = "-5"
    rows[7]["jenis_kelamin"] = "laki-laki"
    content = as_csv(rows)
    response = upload(f"/datasets/{dataset.slug}/uploads", content, token_for("alice", scope="write"),
                      period="2024")  # fmt: skip
    assert response.status_code == 202, response.content
    job = response.json()
    assert job["status"] == "done" and job["version"]["status"] == "draft"  # the test worker runs at once
    polled = Client().get(job["url"], headers={"Authorization": token_for("alice")}).json()
    assert polled["version"]["number"] == job["version"]["number"]

    twin = make_dataset("Jumlah Penduduk (unggahan web)")
    web = client_for("alice").post(
        f"/kelola/dataset/{twin.slug}/unggah/",
        {"period": "2024", "file": SimpleUploadedFile("data.csv", content, content_type="text/csv")},
    )
    assert web.status_code == 302
    web_version = DatasetVersion.objects.get(dataset=twin)
    api_version = DatasetVersion.objects.get(dataset=dataset)
    assert api_version.report == web_version.report
    assert api_version.error_count == web_version.error_count > 0
    assert ApiWrite.objects.get(action="upload_version").object_id == str(job["id"])


def test_an_upload_whose_columns_do_not_match_waits_for_a_mapping(
    dataset: Dataset, kecamatan: list[tuple[str, str]], token_for: Callable[..., str]
) -> None:
    rows = [{("Kecamatan" if k == "nama_kecamatan" else "Kode" if k == "kode_kecamatan" else k): v
             for k, v in r.items()} for r in population_rows(kecamatan, 2024)]  # fmt: skip
    token = token_for("alice", scope="write")
    job = upload(f"/datasets/{dataset.slug}/uploads", as_csv(rows), token, period="2024").json()
    assert job["status"] == "needs_mapping" and "Kecamatan" in job["found"]["headers"]
    mapping = {"kode_kecamatan": "Kode", "nama_kecamatan": "Kecamatan", "jenis_kelamin": "jenis_kelamin",
               "jumlah_penduduk": "jumlah_penduduk", "tahun": "tahun"}  # fmt: skip
    done = upload(f"/datasets/{dataset.slug}/uploads", as_csv(rows), token, period="2024",
                  mapping=json.dumps(mapping)).json()  # fmt: skip
    assert done["status"] == "done" and done["version"]["error_count"] == 0
    # The first upload still waits for its mapping, as on the web; leave the shared store clean.
    waiting = ImportJob.objects.get(pk=job["id"])
    assert waiting.status == "needs_mapping"
    store.discard_incoming(waiting.incoming)


@pytest.mark.parametrize(
    ("name", "fields", "status", "field"),
    [
        ("data.txt", {"period": "2024"}, 422, "file"),
        ("data.csv", {"period": "2024", "mapping": "[1, 2]"}, 400, "mapping"),
        ("data.csv", {"period": "20244"}, 422, "period"),
        ("data.csv", {}, 422, "period"),
    ],
)
def test_bad_uploads(
    dataset: Dataset, token_for: Callable[..., str], name: str, fields: dict[str, str], status: int, field: str
) -> None:
    response = upload(f"/datasets/{dataset.slug}/uploads", b"a,b\n1,2\n", token_for("alice", scope="write"),
                      name=name, **fields)  # fmt: skip
    assert response.status_code == status, response.content
    assert response.json()["error"]["field"] == field


@override_settings(SATUDATA_MAX_DATA_UPLOAD_MB=0)
def test_a_file_over_the_limit_is_refused(dataset: Dataset, token_for: Callable[..., str]) -> None:
    response = upload(f"/datasets/{dataset.slug}/uploads", b"a,b\n1,2\n", token_for("alice", scope="write"),
                      period="2024")  # fmt: skip
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"


def test_someone_elses_import_is_not_found(
    dataset: Dataset, kecamatan: list[tuple[str, str]], token_for: Callable[..., str]
) -> None:
    job = upload(f"/datasets/{dataset.slug}/uploads", as_csv(population_rows(kecamatan, 2024)),
                 token_for("alice", scope="write"), period="2024").json()  # fmt: skip
    assert Client().get(job["url"], headers={"Authorization": token_for("bob")}).status_code == 404
    assert Client().get(job["url"], headers={"Authorization": token_for("wali")}).status_code == 200
    assert Client().get(job["url"]).status_code == 401
