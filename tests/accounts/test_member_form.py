"""Giving a role by username: the same person is found whatever the case, and new names are valid."""

from collections.abc import Callable

from django.test import Client

from satudata.accounts.models import Organization, Role, User

BASE = "/kelola/organisasi/"


def test_a_username_typed_in_another_case_is_the_existing_account(
    client_for: Callable[[str], Client], people: dict[str, User], orgs: dict[str, Organization]
) -> None:
    response = client_for("wali").post(BASE + "dinkes/", {"username": "Bob", "role": "producer"})
    assert response.status_code == 302
    assert User.objects.filter(username__iexact="bob").count() == 1
    assert people["bob"].memberships.filter(organization=orgs["dinkes"], role=Role.PRODUCER).exists()


def test_a_new_username_with_a_space_is_refused(client_for: Callable[[str], Client], people: dict[str, User]) -> None:
    data = {"username": "budi santoso", "role": "producer", "full_name": "Budi", "password": "Jalan-Raya-Bangil-9"}
    response = client_for("wali").post(BASE + "dinkes/", data)
    assert response.status_code == 400
    assert "Nama pengguna hanya boleh berisi huruf, angka dan tanda @ . + - _ (tanpa spasi)." in (
        response.content.decode()
    )
    assert not User.objects.filter(username="budi santoso").exists()
