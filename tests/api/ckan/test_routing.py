"""The HTTP contract of CKAN's Action API (ckan/views/api.py): routes, how parameters arrive, the
envelope, the bare-string answers, JSONP, and errors that are not an action's own."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from satudata.api.actions import do_revoke_token
from satudata.api.ckan import actions
from satudata.api.models import ApiToken
from satudata.datasets.models import Dataset
from tests.api.ckan.conftest import Call, error, result


def test_api_versions_answer_bare_objects(db: None) -> None:
    client = Client()
    assert client.get("/api/3").json() == {"version": 3}
    assert client.get("/api/3/").json() == {"version": 3}
    assert client.get("/api").json() == {"version": 1}
    assert client.get("/api/").json() == {"version": 1}
    assert client.get("/api/3")["Content-Type"] == "application/json;charset=utf-8"


@pytest.mark.parametrize("path", ["/api/3/action/status_show", "/api/action/status_show"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_both_routes_answer_get_and_post_in_the_envelope(db: None, path: str, method: str) -> None:
    response = getattr(Client(), method)(path)
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["help", "success", "result"]
    assert body["success"] is True
    assert body["help"] == "http://testserver/api/3/action/help_show?name=status_show"


def test_an_unknown_action_is_a_bare_400_string(db: None) -> None:
    response = Client().post("/api/action/package_create", "{}", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == "Bad request: Action name not known: package_create"


def test_a_body_that_is_not_json_is_a_bare_400_string(db: None) -> None:
    response = Client().post("/api/action/package_show", "{id: x", content_type="application/json")
    assert response.status_code == 400
    text = response.json()
    assert isinstance(text, str) and text.startswith("Bad request: JSON Error: Error decoding JSON data.")


def test_a_json_body_that_is_not_an_object_is_refused(db: None) -> None:
    response = Client().post("/api/action/package_show", "[1, 2]", content_type="application/json")
    assert response.status_code == 400
    assert "needs to be a dictionary" in response.json()


def test_parameters_come_from_a_form_a_query_string_or_a_json_body(call: Call, open_dataset: Dataset) -> None:
    client = Client()
    form = client.post("/api/action/package_show", {"id": open_dataset.slug})
    # curl -d '{"id": …}' sends the JSON as the only key of a form, with an empty value.
    form_key = client.post("/api/action/package_show", json.dumps({"id": open_dataset.slug}),
                           content_type="application/x-www-form-urlencoded")  # fmt: skip
    query = client.get("/api/3/action/package_show", {"id": open_dataset.slug})
    post_query = client.post(f"/api/3/action/package_show?id={open_dataset.slug}")
    body = call("package_show", id=open_dataset.slug)
    names = {result(r)["name"] for r in (form, form_key, query, post_query, body)}
    assert names == {open_dataset.slug}


def test_a_repeated_query_parameter_is_a_list(call: Call, open_dataset: Dataset) -> None:
    response = Client().get("/api/3/action/package_search", {"fq_list": ["name:" + open_dataset.slug, "tags:penduduk"]})
    assert result(response)["count"] == 1


def test_jsonp_wraps_a_successful_get_and_is_always_anonymous(
    restricted_dataset: Dataset, token_for: Callable[..., str]
) -> None:
    client = Client()
    response = client.get("/api/3/action/status_show", {"callback": "window.cb_1"})
    assert response["Content-Type"] == "application/javascript;charset=utf-8"
    text = response.content.decode()
    assert text.startswith("window.cb_1({") and text.endswith("});")
    assert json.loads(text[len("window.cb_1(") : -2])["success"] is True
    # The token is ignored: any web page could include the answer.
    wrapped = client.get("/api/3/action/package_show", {"id": restricted_dataset.slug, "callback": "cb"},
                         headers={"Authorization": token_for("alice")})  # fmt: skip
    assert wrapped.status_code == 403 and wrapped.json()["error"]["__type"] == "Authorization Error"


def test_a_callback_that_is_not_a_javascript_name_is_ignored(db: None) -> None:
    response = Client().get("/api/3/action/status_show", {"callback": "alert(1)//"})
    assert response["Content-Type"] == "application/json;charset=utf-8"
    assert response.json()["success"] is True


def test_other_methods_are_not_allowed(db: None) -> None:
    assert Client().put("/api/action/status_show").status_code == 405


@pytest.mark.parametrize("kind", ["unknown", "revoked", "expired"])
def test_a_bad_token_is_an_authorization_error_on_every_action(
    call: Call, token_for: Callable[..., str], kind: str
) -> None:
    import datetime as dt

    from django.utils import timezone

    if kind == "unknown":
        token = "sd_not-a-token"
    elif kind == "revoked":
        token = token_for("alice")
        stored = ApiToken.objects.get(prefix=token[:10])
        do_revoke_token(token=stored, acting_user=stored.user)
    else:
        token = token_for("alice", expires_at=timezone.now() - dt.timedelta(seconds=1))
    err = error(call("status_show", token=token), 403, "Authorization Error")
    assert err["message"].startswith("Access denied: ")


def test_an_unexpected_failure_is_a_json_500(call: Call, db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(context: Any, params: Any) -> object:
        raise RuntimeError("boom")

    monkeypatch.setitem(actions.ACTIONS, "status_show", broken)
    err = error(call("status_show"), 500, "Internal Server Error")
    assert err == {"__type": "Internal Server Error", "message": "Internal Server Error"}


def test_the_api_needs_no_csrf_token(db: None) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post("/api/action/status_show", "{}", content_type="application/json").status_code == 200
