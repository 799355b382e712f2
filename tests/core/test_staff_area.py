from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from satudata.planning.models import Cycle

STAFF_URLS = [
    "/kelola/",
    "/kelola/siklus/",
    "/kelola/siklus/2026/",
    "/kelola/siklus/2026/langkah/1/",
    "/kelola/siklus/2026/forum/",
    "/kelola/siklus/2026/forum/baru/",
    "/kelola/siklus/2026/daftar-data/",
    "/kelola/siklus/2026/daftar-data/baru/",
    "/kelola/siklus/2026/daftar-data/ekspor.xlsx",
    "/kelola/siklus/2026/daftar-data/impor/",
]


@pytest.mark.parametrize("url", STAFF_URLS)
def test_anonymous_is_sent_to_login(client_for: Callable[[str], Client], cycle: Cycle, url: str) -> None:
    response = client_for("anonymous").get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("url", STAFF_URLS)
def test_anonymous_post_is_sent_to_login_too(client_for: Callable[[str], Client], cycle: Cycle, url: str) -> None:
    response = client_for("anonymous").post(url, {})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_user_without_role_is_refused(client_for: Callable[[str], Client], cycle: Cycle) -> None:
    response = client_for("nobody").get("/kelola/")
    assert response.status_code == 403
    assert "belum memiliki peran" in response.content.decode()


@pytest.mark.parametrize("name", ["alice", "bob", "wali", "bps", "forum", "admin"])
def test_every_role_reaches_the_staff_home(client_for: Callable[[str], Client], cycle: Cycle, name: str) -> None:
    response = client_for(name).get("/kelola/")
    assert response.status_code == 200
    assert "Dasbor siklus 2026" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "allowed"), [("admin", True), ("wali", False), ("forum", False), ("alice", False), ("nobody", False)]
)
def test_django_admin_is_for_site_admins_only(client_for: Callable[[str], Client], name: str, allowed: bool) -> None:
    response = client_for(name).get("/admin/")
    if allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_staff_user_flag_alone_does_not_open_the_admin(client_for: Callable[[str], Client], people: dict) -> None:
    people["wali"].is_staff = True
    people["wali"].save()
    response = client_for("wali").get("/admin/")
    assert response.status_code == 302


def test_login_logout_and_password_change(people: dict) -> None:
    client = Client()
    response = client.post(reverse("login"), {"username": "alice", "password": "salah"})
    assert response.status_code == 200
    assert "benar" in response.content.decode()  # Django's Indonesian "masukkan nama pengguna dan sandi yang benar"
    response = client.post(reverse("login"), {"username": "alice", "password": "rahasia-uji-123"})
    assert response.status_code == 302
    assert response["Location"] == "/kelola/"
    response = client.post(
        reverse("password_change"),
        {"old_password": "rahasia-uji-123", "new_password1": "pendek", "new_password2": "pendek"},
    )
    assert response.status_code == 200  # too short: the form says why
    response = client.post(
        reverse("password_change"),
        {"old_password": "rahasia-uji-123", "new_password1": "Kuda-Laut-Biru-42", "new_password2": "Kuda-Laut-Biru-42"},
    )
    assert response.status_code == 302
    people["alice"].refresh_from_db()
    assert people["alice"].check_password("Kuda-Laut-Biru-42")
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get("/kelola/").status_code == 302


def test_forgotten_password_by_email(people: dict, mailoutbox: list) -> None:
    people["alice"].email = "alice@pasuruankab.go.id"
    people["alice"].save()
    client = Client()
    assert "Lupa kata sandi?" in client.get(reverse("login")).content.decode()
    response = client.post(reverse("password_reset"), {"email": "alice@pasuruankab.go.id"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert "Buka tautan ini untuk membuat kata sandi baru" in body
    link = next(line for line in body.splitlines() if "/accounts/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    assert "Kata sandi baru" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "Gunung-Bromo-2329", "new_password2": "Gunung-Bromo-2329"}
    )
    assert done.status_code == 302
    people["alice"].refresh_from_db()
    assert people["alice"].check_password("Gunung-Bromo-2329")
    # an unknown address looks the same from outside and sends nothing
    client.post(reverse("password_reset"), {"email": "orang@lain.id"})
    assert len(mailoutbox) == 1
