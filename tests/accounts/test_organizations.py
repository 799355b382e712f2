from collections.abc import Callable

import pytest
from django.test import Client

from satudata.accounts.models import Membership, MembershipEvent, Organization, Role, User

BASE = "/kelola/organisasi/"


def org_data(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Dinas Perhubungan",
        "short_name": "Dishub",
        "slug": "dishub",
        "kind": "dinas",
        "email": "dishub@pasuruankab.go.id",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("name", ["alice", "bps", "forum", "wali", "admin"])
def test_every_staff_member_sees_the_organizations(
    client_for: Callable[[str], Client], people: dict[str, User], name: str
) -> None:
    response = client_for(name).get(BASE)
    assert response.status_code == 200
    assert "Dinas Kesehatan" in response.content.decode()
    assert client_for(name).get(BASE + "dinkes/").status_code == 200


@pytest.mark.parametrize("name", ["alice", "bps", "forum"])
def test_only_walidata_and_admin_change_organizations_and_roles(
    client_for: Callable[[str], Client], people: dict[str, User], orgs: dict[str, Organization], name: str
) -> None:
    client = client_for(name)
    assert client.post(BASE + "baru/", org_data()).status_code == 403
    assert client.post(BASE + "dinkes/ubah/", org_data(slug="dinkes")).status_code == 403
    assert client.post(BASE + "dinkes/", {"username": "bob", "role": "producer"}).status_code == 403
    alice_membership = Membership.objects.get(user__username="alice")
    assert client.post(f"{BASE}dinkes/anggota/{alice_membership.pk}/cabut/").status_code == 403
    assert not Organization.objects.filter(slug="dishub").exists()
    assert Membership.objects.filter(pk=alice_membership.pk).exists()
    assert not people["bob"].memberships.filter(organization=orgs["dinkes"]).exists()


def test_walidata_adds_an_opd_and_its_producer_account(
    client_for: Callable[[str], Client], people: dict[str, User]
) -> None:
    wali = client_for("wali")
    assert wali.post(BASE + "baru/", org_data()).status_code == 302
    dishub = Organization.objects.get(slug="dishub")
    response = wali.post(
        BASE + "dishub/",
        {
            "username": "produsen-dishub",
            "role": "producer",
            "full_name": "Staf Dishub",
            "password": "Jalan-Raya-Bangil-9",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="produsen-dishub")
    assert user.check_password("Jalan-Raya-Bangil-9")
    assert user.is_producer_of(dishub.pk)
    event = MembershipEvent.objects.get(user=user)
    assert (event.action, event.role, event.actor) == ("added", Role.PRODUCER, people["wali"])
    # the new producer can log in and propose for Dishub
    client = Client()
    assert client.login(username="produsen-dishub", password="Jalan-Raya-Bangil-9")
    assert client.get("/kelola/").status_code == 200


def test_existing_account_gets_a_second_role_and_a_role_is_removed(
    client_for: Callable[[str], Client], people: dict[str, User], orgs: dict[str, Organization]
) -> None:
    wali = client_for("wali")
    assert wali.post(BASE + "dinkes/", {"username": "bob", "role": "producer"}).status_code == 302
    assert people["bob"].memberships.filter(organization=orgs["dinkes"], role="producer").exists()
    twice = wali.post(BASE + "dinkes/", {"username": "bob", "role": "producer"})
    assert twice.status_code == 400 and "sudah menjadi Produsen Data di Dinkes" in twice.content.decode()
    membership = people["bob"].memberships.get(organization=orgs["dinkes"])
    assert wali.post(f"{BASE}dinkes/anggota/{membership.pk}/cabut/").status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert list(MembershipEvent.objects.filter(user=people["bob"]).values_list("action", flat=True)) == [
        "removed",
        "added",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "baru", "role": "producer"}, "belum ada: isi nama lengkapnya"),
        ({"username": "baru", "role": "producer", "full_name": "Baru"}, "belum ada: isi kata sandi awal"),
        ({"username": "baru", "role": "producer", "full_name": "Baru", "password": "123"}, "terlalu pendek"),
        (
            {"username": "baru", "role": "raja", "full_name": "Baru", "password": "Jalan-Raya-Bangil-9"},
            "Masukkan pilihan yang valid",
        ),
    ],
)
def test_bad_member_input_is_explained(
    client_for: Callable[[str], Client], people: dict[str, User], data: dict[str, str], message: str
) -> None:
    response = client_for("wali").post(BASE + "dinkes/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.filter(username="baru").exists()


def test_bad_organization_input(client_for: Callable[[str], Client], people: dict[str, User]) -> None:
    response = client_for("wali").post(
        BASE + "baru/", org_data(name="Dinas Kesehatan", slug="bukan slug!", email="bukan-surel")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "telah ada" in html and "slug" in html.lower() and "alamat email yang valid" in html


def test_walidata_cannot_remove_its_own_walidata_role(
    client_for: Callable[[str], Client], people: dict[str, User]
) -> None:
    membership = people["wali"].memberships.get()
    response = client_for("wali").post(f"{BASE}diskominfo/anggota/{membership.pk}/cabut/", follow=True)
    assert "tidak dapat mencabut peran Walidata Anda sendiri" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_walidata_sets_a_new_password_and_deactivates_an_account(
    client_for: Callable[[str], Client], people: dict[str, User]
) -> None:
    wali = client_for("wali")
    membership = people["alice"].memberships.get()
    url = f"{BASE}dinkes/anggota/{membership.pk}/"
    mismatch = wali.post(url + "kata-sandi/", {"password1": "Gunung-Arjuno-3339", "password2": "Gunung-Arjuno-3340"})
    assert mismatch.status_code == 400 and "Kedua kata sandi tidak sama" in mismatch.content.decode()
    weak = wali.post(url + "kata-sandi/", {"password1": "12345678", "password2": "12345678"})
    assert weak.status_code == 400 and "terlalu umum" in weak.content.decode()
    assert (
        wali.post(
            url + "kata-sandi/", {"password1": "Gunung-Arjuno-3339", "password2": "Gunung-Arjuno-3339"}
        ).status_code
        == 302
    )
    people["alice"].refresh_from_db()
    assert people["alice"].check_password("Gunung-Arjuno-3339")

    assert wali.post(url + "aktif/", {"active": "0"}).status_code == 302
    people["alice"].refresh_from_db()
    assert not people["alice"].is_active
    assert not Client().login(username="alice", password="Gunung-Arjuno-3339")
    assert wali.post(url + "aktif/", {"active": "1"}).status_code == 302
    assert Client().login(username="alice", password="Gunung-Arjuno-3339")
    actions = list(MembershipEvent.objects.filter(user=people["alice"]).values_list("action", "actor__username"))
    assert actions == [("activated", "wali"), ("deactivated", "wali"), ("password_set", "wali")]


def test_walidata_cannot_take_over_a_site_admin_or_act_on_itself(
    client_for: Callable[[str], Client], people: dict[str, User], orgs: dict[str, Organization]
) -> None:
    admin_membership = Membership.objects.create(
        user=people["admin"], organization=orgs["diskominfo"], role=Role.WALIDATA
    )
    wali_membership = people["wali"].memberships.get()
    wali = client_for("wali")
    page = wali.get(f"{BASE}diskominfo/").content.decode()
    assert (
        f"anggota/{admin_membership.pk}/kata-sandi/" not in page
        and f"anggota/{wali_membership.pk}/kata-sandi/" not in page
    )
    for membership in (admin_membership, wali_membership):
        url = f"{BASE}diskominfo/anggota/{membership.pk}/"
        assert (
            wali.post(
                url + "kata-sandi/", {"password1": "Gunung-Arjuno-3339", "password2": "Gunung-Arjuno-3339"}
            ).status_code
            == 403
        )
        assert wali.post(url + "aktif/", {"active": "0"}).status_code == 403
    people["admin"].refresh_from_db()
    assert people["admin"].is_active and not people["admin"].check_password("Gunung-Arjuno-3339")
    # the site admin may manage the walidata
    assert (
        client_for("admin").post(f"{BASE}diskominfo/anggota/{wali_membership.pk}/aktif/", {"active": "0"}).status_code
        == 302
    )


@pytest.mark.parametrize("name", ["alice", "bps", "forum"])
def test_other_roles_cannot_reset_passwords(
    client_for: Callable[[str], Client], people: dict[str, User], name: str
) -> None:
    membership = people["bob"].memberships.get()
    url = f"{BASE}dispendik/anggota/{membership.pk}/"
    assert (
        client_for(name)
        .post(url + "kata-sandi/", {"password1": "Gunung-Arjuno-3339", "password2": "Gunung-Arjuno-3339"})
        .status_code
        == 403
    )
    assert client_for(name).post(url + "aktif/", {"active": "0"}).status_code == 403
    people["bob"].refresh_from_db()
    assert people["bob"].is_active
