"""A NUL character in a query parameter or path is refused as a bad request (PostgreSQL text cannot
hold it: it would otherwise end as a server error in a database filter). Found by schemathesis."""

import pytest
from django.test import Client


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/api/v1/activities?organization=%00", "/api/v1/datasets?q=a%00b", "/dataset/?opd=%00",
     "/api/3/action/package_search?q=%00", "/dataset/?%00=1"],
)  # fmt: skip
def test_a_nul_character_is_a_bad_request(url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


@pytest.mark.django_db
def test_ordinary_requests_pass() -> None:
    assert Client().get("/api/v1/activities?organization=dinkes").status_code == 200
