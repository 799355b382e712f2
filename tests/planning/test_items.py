from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from satudata.accounts.models import Organization, User
from satudata.planning.models import Cycle, DaftarDataItem, ItemEvent, ItemStatus
from tests.conftest import item_fields

BASE = "/kelola/siklus/2026/daftar-data/"


def form_data(org: Organization, **overrides: Any) -> dict[str, Any]:
    data = item_fields(org, **overrides)
    data["organization"] = org.pk
    if not data["is_priority"]:
        del data["is_priority"]  # an unticked checkbox is absent from the POST
    return data


def review_data(**needs_revision: str) -> dict[str, str]:
    data = {f"decision_{f}": "accepted" for f in DaftarDataItem.REVIEWED_FIELDS}
    for field, comment in needs_revision.items():
        data[f"decision_{field}"] = "needs_revision"
        data[f"comment_{field}"] = comment
    return data


def test_propose_return_fix_and_accept(
    client_for: Callable[[str], Client], cycle: Cycle, orgs: dict[str, Organization], people: dict[str, User]
) -> None:
    alice, forum = client_for("alice"), client_for("forum")
    response = alice.post(BASE + "baru/", form_data(orgs["dinkes"]))
    assert response.status_code == 302
    item = DaftarDataItem.objects.get()
    assert item.id_ddd == "DDD-2026-001"  # generated when left empty
    assert item.status == ItemStatus.DRAFT
    assert alice.post(f"{BASE}{item.pk}/ajukan/").status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.SUBMITTED
    assert alice.get(f"{BASE}{item.pk}/ubah/").status_code == 403  # locked while under review

    # The forum returns it: one field needs revision, with a comment.
    no_comment = forum.post(f"{BASE}{item.pk}/reviu/", review_data(definisi=""))
    assert no_comment.status_code == 400
    assert "Tulis apa yang perlu diperbaiki" in no_comment.content.decode()
    response = forum.post(f"{BASE}{item.pk}/reviu/", review_data(definisi="Sebutkan rujukan definisi baku."))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.NEEDS_REVISION
    page = alice.get(f"{BASE}{item.pk}/").content.decode()
    assert "Sebutkan rujukan definisi baku." in page
    assert "review-flag" in page

    # The producer fixes it and resubmits; the forum accepts.
    fixed = form_data(
        orgs["dinkes"],
        id_ddd=item.id_ddd,
        definisi="Definisi baku BPS: kematian bayi < 1 tahun per 1.000 kelahiran hidup.",
    )
    assert alice.post(f"{BASE}{item.pk}/ubah/", fixed).status_code == 302
    assert alice.post(f"{BASE}{item.pk}/ajukan/").status_code == 302
    assert forum.post(f"{BASE}{item.pk}/reviu/", review_data()).status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.ACCEPTED
    assert item.definisi.startswith("Definisi baku BPS")

    kinds = list(item.events.values_list("kind", "from_status", "to_status"))
    assert kinds == [
        ("created", "", "draft"),
        ("submitted", "draft", "submitted"),
        ("reviewed", "submitted", "needs_revision"),
        ("edited", "needs_revision", "needs_revision"),
        ("submitted", "needs_revision", "submitted"),
        ("reviewed", "submitted", "accepted"),
    ]
    edit = item.events.get(kind=ItemEvent.Kind.EDITED)
    assert list(edit.changes) == ["definisi"]
    assert edit.actor == people["alice"]
    assert alice.post(f"{BASE}{item.pk}/ubah/", fixed).status_code == 403  # agreed: read-only


def test_another_opds_draft_is_invisible_and_agreed_items_are_read_only(
    client_for: Callable[[str], Client],
    people: dict[str, User],
    orgs: dict[str, Organization],
    make_item: Callable[..., DaftarDataItem],
) -> None:
    draft = make_item(people["alice"], orgs["dinkes"], nama_data="Draf rahasia Dinkes")
    bob = client_for("bob")
    for suffix in ["", "ubah/", "reviu/"]:
        assert bob.get(f"{BASE}{draft.pk}/{suffix}").status_code == 404
    assert bob.post(f"{BASE}{draft.pk}/ajukan/").status_code == 404
    assert "Draf rahasia Dinkes" not in bob.get(BASE).content.decode()
    assert b"Draf rahasia Dinkes" not in bob.get(BASE + "ekspor.xlsx").content
    # bps sees it but may not change or review it
    bps = client_for("bps")
    assert bps.get(f"{BASE}{draft.pk}/").status_code == 200
    assert bps.get(f"{BASE}{draft.pk}/ubah/").status_code == 403
    assert bps.post(f"{BASE}{draft.pk}/ajukan/").status_code == 403


def test_producer_cannot_propose_for_another_opd(
    client_for: Callable[[str], Client], cycle: Cycle, orgs: dict[str, Organization]
) -> None:
    response = client_for("alice").post(BASE + "baru/", form_data(orgs["dispendik"]))
    assert response.status_code == 400
    assert "Masukkan pilihan yang valid" in response.content.decode()
    assert not DaftarDataItem.objects.exists()


@pytest.mark.parametrize("name", ["bps", "nobody"])
def test_roles_that_cannot_propose(
    client_for: Callable[[str], Client], cycle: Cycle, orgs: dict[str, Organization], name: str
) -> None:
    assert client_for(name).post(BASE + "baru/", form_data(orgs["dinkes"])).status_code == 403
    assert not DaftarDataItem.objects.exists()


@pytest.mark.parametrize("name", ["alice", "bps"])
def test_only_forum_and_walidata_review(
    client_for: Callable[[str], Client],
    people: dict[str, User],
    orgs: dict[str, Organization],
    make_item: Callable[..., DaftarDataItem],
    name: str,
) -> None:
    item = make_item(people["alice"], orgs["dinkes"], submit=True)
    assert client_for(name).post(f"{BASE}{item.pk}/reviu/", review_data()).status_code == 403
    item.refresh_from_db()
    assert item.status == ItemStatus.SUBMITTED


def test_a_draft_cannot_be_reviewed(
    client_for: Callable[[str], Client],
    people: dict[str, User],
    orgs: dict[str, Organization],
    make_item: Callable[..., DaftarDataItem],
) -> None:
    item = make_item(people["alice"], orgs["dinkes"])
    response = client_for("forum").post(f"{BASE}{item.pk}/reviu/", review_data())
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.DRAFT


@pytest.mark.parametrize(
    ("overrides", "field_error"),
    [
        ({"nama_data": ""}, "Bidang ini tidak boleh kosong"),
        ({"klasifikasi": "publik"}, "Masukkan pilihan yang valid"),
        ({"jadwal_pemutakhiran": "tiap-saat"}, "Masukkan pilihan yang valid"),
        ({"link_portal_sdi": "bukan alamat"}, "Masukkan URL yang valid"),
        ({"id_ddd": "DDD-2026-001"}, "sudah dipakai"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_lost(
    client_for: Callable[[str], Client],
    people: dict[str, User],
    orgs: dict[str, Organization],
    make_item: Callable[..., DaftarDataItem],
    overrides: dict[str, str],
    field_error: str,
) -> None:
    make_item(people["alice"], orgs["dinkes"], id_ddd="DDD-2026-001")
    response = client_for("alice").post(BASE + "baru/", form_data(orgs["dinkes"], **overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert field_error in html
    assert DaftarDataItem.objects.count() == 1
    # what the user typed is still in the form
    assert "Angka Kematian Bayi" in html


def test_list_filters(
    client_for: Callable[[str], Client],
    people: dict[str, User],
    orgs: dict[str, Organization],
    make_item: Callable[..., DaftarDataItem],
) -> None:
    make_item(people["alice"], orgs["dinkes"], nama_data="Prevalensi Stunting", is_priority=True)
    make_item(people["bob"], orgs["dispendik"], nama_data="APM SD", is_priority=False, submit=True)
    wali = client_for("wali")
    assert "APM SD" in wali.get(BASE + "?opd=dispendik").content.decode()
    assert "Prevalensi Stunting" not in wali.get(BASE + "?opd=dispendik").content.decode()
    assert "APM SD" not in wali.get(BASE + "?prioritas=1").content.decode()
    assert "Prevalensi Stunting" in wali.get(BASE + "?q=stunt").content.decode()
    assert "Prevalensi Stunting" not in wali.get(BASE + "?status=submitted").content.decode()
