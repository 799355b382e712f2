from pathlib import Path

import pytest
from django.test import Client, override_settings


@pytest.mark.django_db
def test_healthz_reports_ok(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "data_dir": "ok"}
    assert body["database"] in {"sqlite", "postgresql"}


@pytest.mark.django_db
def test_healthz_reports_an_unwritable_data_dir(client: Client, tmp_path: Path) -> None:
    missing = tmp_path / "does-not-exist"
    with override_settings(DATA_DIR=missing):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["checks"]["data_dir"].startswith("error")


@pytest.mark.django_db
def test_home_page_is_public_and_indonesian(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert "Portal Satu Data" in html
    assert "Kabupaten Pasuruan" in html


@pytest.mark.django_db
def test_debug_is_off_unless_asked() -> None:
    from django.conf import settings

    assert settings.DEBUG is False


@pytest.mark.django_db
def test_logo_is_the_configured_one_or_the_emblem(client: Client, tmp_path: Path) -> None:
    default = client.get("/logo")
    assert default.status_code == 200 and default["Content-Type"] == "image/png"
    assert b"".join(default.streaming_content).startswith(b"\x89PNG")  # type: ignore[attr-defined]
    own = tmp_path / "pasuruan.jpg"
    own.write_bytes(b"\xff\xd8\xff\xe0 a jpeg")
    with override_settings(REGION_LOGO=str(own)):
        response = client.get("/logo")
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == own.read_bytes()  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_a_request_in_english_leaves_the_thread_in_indonesian(client: Client) -> None:
    from django.utils import translation

    client.cookies["django_language"] = "en"
    assert client.get("/")["Content-Language"] == "en"
    assert translation.get_language() == "id"


def test_the_sites_own_address_is_trusted_for_form_posts() -> None:
    from django.conf import settings

    assert settings.SITE_URL in settings.CSRF_TRUSTED_ORIGINS
