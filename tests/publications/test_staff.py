"""Who may do what in /kelola/publikasi/ and /kelola/berita/, role by role: the walidata (and the
site admin) do everything; producers prepare drafts of their own OPD; the pembina, the forum and
users without a role write nothing; anonymous visitors are sent to the login page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from satudata.accounts.models import Organization, User
from satudata.publications import actions
from satudata.publications.models import (
    EventKind,
    NewsPost,
    NewsStatus,
    Publication,
    PublicationEvent,
    PublicationStatus,
)
from tests.publications.conftest import assert_accessible, pdf_upload

ClientFor = Callable[[str], Client]
MakePublication = Callable[..., Publication]
MakeNews = Callable[..., NewsPost]


def assert_login_redirect(response: object, path: str) -> None:
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert response["Location"].startswith("/accounts/login/?next=")  # type: ignore[index]
    assert path.rstrip("/").split("/")[-1] in response["Location"]  # type: ignore[index]


# ---------------------------------------------------------------------------------------------
# Publications


@pytest.mark.parametrize(
    ("who", "status"),
    [("alice", 200), ("bob", 200), ("wali", 200), ("admin", 200), ("bps", 403), ("forum", 403), ("nobody", 403)],
)
def test_who_sees_the_staff_list_of_publications(
    make_publication: MakePublication, client_for: ClientFor, who: str, status: int
) -> None:
    make_publication("Profil Kesehatan 2025")
    make_publication("Pendidikan dalam Angka 2025", org="dispendik")
    response = client_for(who).get("/kelola/publikasi/")
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert_accessible(html)
        # Producers see their own OPD's publications; the walidata and the admin see every one.
        assert ("Profil Kesehatan 2025" in html) == (who in {"alice", "wali", "admin"})
        assert ("Pendidikan dalam Angka 2025" in html) == (who in {"bob", "wali", "admin"})


def test_anonymous_visitors_are_sent_to_log_in_for_every_staff_page(
    make_publication: MakePublication, make_news: MakeNews
) -> None:
    publication, post = make_publication(), make_news()
    anonymous = Client()
    for path in [
        "/kelola/publikasi/",
        "/kelola/publikasi/baru/",
        f"/kelola/publikasi/{publication.slug}/",
        "/kelola/berita/",
        "/kelola/berita/baru/",
        f"/kelola/berita/{post.slug}/",
        "/kelola/panduan-tata-letak/",
    ]:
        assert_login_redirect(anonymous.get(path), path)
    for path in [
        f"/kelola/publikasi/{publication.slug}/terbitkan/",
        f"/kelola/publikasi/{publication.slug}/tarik/",
        f"/kelola/berita/{post.slug}/terbitkan/",
        f"/kelola/berita/{post.slug}/tarik/",
    ]:
        assert_login_redirect(anonymous.post(path, {"reason": "x"}), path)
    publication.refresh_from_db()
    post.refresh_from_db()
    assert publication.status == PublicationStatus.DRAFT and post.status == NewsStatus.DRAFT


def publication_data(org: Organization, title: str = "Profil Kesehatan 2026") -> dict[str, object]:
    return {"title": title, "kind": "publikasi", "organization": org.pk, "year": 2026,
            "description": "Ringkasan kesehatan.", "file": pdf_upload()}  # fmt: skip


@pytest.mark.parametrize(
    ("who", "created"),
    [("alice", True), ("wali", True), ("admin", True), ("bob", False), ("bps", False), ("forum", False),
     ("nobody", False)],
)  # fmt: skip
def test_who_creates_a_publication_for_dinas_kesehatan(
    orgs: dict[str, Organization], people: dict[str, User], client_for: ClientFor, who: str, created: bool
) -> None:
    response = client_for(who).post("/kelola/publikasi/baru/", publication_data(orgs["dinkes"]))
    if created:
        publication = Publication.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/kelola/publikasi/{publication.slug}/"
        assert publication.status == PublicationStatus.DRAFT and publication.created_by == people[who]
        assert publication.file.name == "publikasi/2026/profil-kesehatan-2026.pdf"
        event = publication.events.get()
        assert (event.kind, event.actor, event.to_status) == (EventKind.CREATED, people[who], "draft")
    else:
        assert not Publication.objects.exists()
        # bob may create publications, but not for Dinas Kesehatan: the OPD is not offered to him.
        assert response.status_code == (200 if who == "bob" else 403)
        if who == "bob":
            assert "organization" in response.context["form"].errors


def test_producers_are_offered_only_their_own_opd(orgs: dict[str, Organization], client_for: ClientFor) -> None:
    html = client_for("alice").get("/kelola/publikasi/baru/").content.decode()
    assert_accessible(html)
    assert "Dinas Kesehatan" in html and "Dinas Pendidikan" not in html
    html = client_for("wali").get("/kelola/publikasi/baru/").content.decode()
    assert "Dinas Kesehatan" in html and "Dinas Pendidikan" in html


@pytest.mark.parametrize(
    ("who", "status"),
    [("alice", 302), ("wali", 302), ("admin", 302), ("bob", 403), ("bps", 403), ("forum", 403), ("nobody", 403)],
)
def test_who_edits_a_draft(
    make_publication: MakePublication, orgs: dict[str, Organization], client_for: ClientFor, who: str, status: int
) -> None:
    publication = make_publication()
    data = publication_data(orgs["dinkes"], title="Judul baru")
    data.pop("file")  # the stored PDF stays
    response = client_for(who).post(f"/kelola/publikasi/{publication.slug}/", data)
    assert response.status_code == status
    publication.refresh_from_db()
    assert (publication.title == "Judul baru") == (status == 302)
    assert publication.slug == "profil-kesehatan-kabupaten-pasuruan-2025"  # the URL never changes
    if status == 302:
        event = publication.events.last()
        assert event is not None and event.kind == EventKind.EDITED and "judul" in event.note.split(", ")


def test_once_published_only_the_walidata_edits(make_publication: MakePublication, client_for: ClientFor) -> None:
    publication = make_publication(publish=True)
    assert client_for("alice").get(f"/kelola/publikasi/{publication.slug}/").status_code == 403
    response = client_for("wali").get(f"/kelola/publikasi/{publication.slug}/")
    assert response.status_code == 200
    assert_accessible(response.content.decode())
    assert b"Tarik dari portal" in response.content


def test_replacing_the_pdf_removes_the_old_file_once_committed(
    make_publication: MakePublication,
    orgs: dict[str, Organization],
    client_for: ClientFor,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    publication = make_publication()
    old_path = Path(publication.file.path)
    data = publication_data(orgs["dinkes"], title=publication.title)
    data["file"] = pdf_upload("edisi-revisi.pdf", b"%PDF-1.7\nrevisi\n%%EOF\n")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("alice").post(f"/kelola/publikasi/{publication.slug}/", data)
    assert response.status_code == 302
    publication.refresh_from_db()
    with publication.file.open("rb") as handle:
        assert handle.read().startswith(b"%PDF-1.7\nrevisi")
    assert Path(publication.file.path) != old_path and not old_path.exists()
    assert "berkas PDF" in publication.events.last().note.split(", ")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("wali", True), ("admin", True), ("alice", False), ("bob", False), ("bps", False), ("forum", False),
     ("nobody", False)],
)  # fmt: skip
def test_only_the_walidata_publishes_and_withdraws(
    make_publication: MakePublication, people: dict[str, User], client_for: ClientFor, who: str, allowed: bool
) -> None:
    publication = make_publication()
    client = client_for(who)
    response = client.post(f"/kelola/publikasi/{publication.slug}/terbitkan/")
    publication.refresh_from_db()
    if not allowed:
        assert response.status_code == 403 and publication.status == PublicationStatus.DRAFT
        publication = actions.do_publish_publication(publication=publication, acting_user=people["wali"])
        response = client.post(f"/kelola/publikasi/{publication.slug}/tarik/", {"reason": "Salah unggah"})
        publication.refresh_from_db()
        assert response.status_code == 403 and publication.status == PublicationStatus.PUBLISHED
        return
    assert response.status_code == 302 and publication.status == PublicationStatus.PUBLISHED
    assert publication.published_at is not None
    response = client.post(f"/kelola/publikasi/{publication.slug}/tarik/", {"reason": "Salah unggah"})
    publication.refresh_from_db()
    assert response.status_code == 302 and publication.status == PublicationStatus.WITHDRAWN
    transitions = publication.events.filter(kind=EventKind.TRANSITION)
    assert [(e.from_status, e.to_status, e.actor, e.note) for e in transitions] == [
        ("draft", "published", people[who], ""),
        ("published", "withdrawn", people[who], "Salah unggah"),
    ]


def test_publish_and_withdraw_are_post_only_and_a_withdrawal_needs_a_reason(
    make_publication: MakePublication, client_for: ClientFor
) -> None:
    publication = make_publication(publish=True)
    wali = client_for("wali")
    assert wali.get(f"/kelola/publikasi/{publication.slug}/terbitkan/").status_code == 405
    assert wali.get(f"/kelola/publikasi/{publication.slug}/tarik/").status_code == 405
    response = wali.post(f"/kelola/publikasi/{publication.slug}/tarik/", {"reason": ""}, follow=True)
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.PUBLISHED
    assert "Alasan penarikan" in response.content.decode()


def test_publishing_twice_leaves_one_transition(
    make_publication: MakePublication, people: dict[str, User], client_for: ClientFor
) -> None:
    publication = make_publication(publish=True)
    first_date = publication.published_at
    response = client_for("wali").post(f"/kelola/publikasi/{publication.slug}/terbitkan/", follow=True)
    assert "sudah berstatus Terbit" in response.content.decode()
    assert PublicationEvent.objects.filter(publication=publication, kind=EventKind.TRANSITION).count() == 1
    with pytest.raises(ValidationError):
        actions.do_publish_publication(publication=publication, acting_user=people["wali"])
    # Republishing after a withdrawal keeps the first publication date.
    actions.do_withdraw_publication(publication=publication, reason="Revisi", acting_user=people["wali"])
    publication = actions.do_publish_publication(publication=publication, acting_user=people["wali"])
    assert publication.published_at == first_date


def test_actions_check_the_right_themselves(make_publication: MakePublication, people: dict[str, User]) -> None:
    publication = make_publication()
    for who in ("alice", "bob", "bps", "forum", "nobody"):
        with pytest.raises(PermissionDenied):
            actions.do_publish_publication(publication=publication, acting_user=people[who])
    with pytest.raises(PermissionDenied):
        actions.do_update_publication(publication=publication, changes={"title": "x"}, acting_user=people["bob"])
    # A producer cannot move a draft to another OPD.
    with pytest.raises(PermissionDenied):
        actions.do_update_publication(
            publication=publication, changes={"organization": people["bob"].memberships.get().organization},
            acting_user=people["alice"],
        )  # fmt: skip
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.DRAFT and publication.organization.slug == "dinkes"


# ---------------------------------------------------------------------------------------------
# News


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("wali", True), ("admin", True), ("alice", False), ("bob", False), ("bps", False), ("forum", False),
     ("nobody", False)],
)  # fmt: skip
def test_only_the_walidata_writes_news(
    make_news: MakeNews, people: dict[str, User], client_for: ClientFor, who: str, allowed: bool
) -> None:
    existing = make_news("Rapat Forum Satu Data")
    client = client_for(who)
    expected = 200 if allowed else 403
    assert client.get("/kelola/berita/").status_code == expected
    assert client.get("/kelola/berita/baru/").status_code == expected
    assert client.get(f"/kelola/berita/{existing.slug}/").status_code == expected

    response = client.post("/kelola/berita/baru/", {"title": "Pelatihan Produsen Data", "summary": "",
                                                    "body": "<p>Pelatihan <strong>hari ini</strong>.</p>"})  # fmt: skip
    created = NewsPost.objects.filter(title="Pelatihan Produsen Data").first()
    assert (created is not None) == allowed
    assert response.status_code == (302 if allowed else 403)

    response = client.post(f"/kelola/berita/{existing.slug}/", {"title": "Rapat Forum (diubah)", "summary": "",
                                                                "body": "<p>Isi baru</p>"})  # fmt: skip
    existing.refresh_from_db()
    assert (existing.title == "Rapat Forum (diubah)") == allowed

    client.post(f"/kelola/berita/{existing.slug}/terbitkan/")
    existing.refresh_from_db()
    assert existing.is_published == allowed
    if not allowed:
        existing = actions.do_publish_news(post=existing, acting_user=people["wali"])
    response = client.post(f"/kelola/berita/{existing.slug}/tarik/", {"reason": "Jadwal berubah"})
    existing.refresh_from_db()
    assert response.status_code == (302 if allowed else 403)
    assert existing.status == (NewsStatus.DRAFT if allowed else NewsStatus.PUBLISHED)
    if allowed:
        assert [(e.kind, e.from_status, e.to_status) for e in existing.events.all()] == [
            ("created", "", "draft"), ("edited", "draft", "draft"), ("transition", "draft", "published"),
            ("transition", "published", "draft"),
        ]  # fmt: skip


def test_news_form_pages_are_accessible_and_carry_the_editor(make_news: MakeNews, client_for: ClientFor) -> None:
    post = make_news()
    for path in ("/kelola/berita/baru/", f"/kelola/berita/{post.slug}/", "/kelola/berita/"):
        html = client_for("wali").get(path).content.decode()
        assert_accessible(html)
    html = client_for("wali").get("/kelola/berita/baru/").content.decode()
    assert 'data-editor="rich"' in html and "satudata/editor.js" in html
    assert '<template id="editor-toolbar">' in html
    # Without JavaScript the textarea is there, labelled, taking HTML.
    assert '<label class="form-label" for="id_body">' in html


def test_the_admin_lists_and_shows_them_read_mostly(
    make_publication: MakePublication, make_news: MakeNews, client_for: ClientFor
) -> None:
    publication, post = make_publication(), make_news()
    admin = client_for("admin")
    for path in (
        "/admin/publications/publication/",
        f"/admin/publications/publication/{publication.pk}/change/",
        "/admin/publications/newspost/",
        f"/admin/publications/newspost/{post.pk}/change/",
    ):
        response = admin.get(path)
        assert response.status_code == 200, path
    assert publication.title in admin.get("/admin/publications/publication/").content.decode()
    # New ones go through the staff pages, which check the files and write the first event.
    assert admin.get("/admin/publications/publication/add/").status_code == 403
    assert admin.get("/admin/publications/newspost/add/").status_code == 403


def test_a_stale_draft_copy_cannot_undo_a_publication(
    make_publication: MakePublication, people: dict[str, User]
) -> None:
    stale = make_publication()
    actions.do_publish_publication(publication=Publication.objects.get(pk=stale.pk), acting_user=people["wali"])
    assert stale.status == PublicationStatus.DRAFT  # what alice's open page still believes
    with pytest.raises(PermissionDenied):
        actions.do_update_publication(publication=stale, changes={"title": "Judul lama"}, acting_user=people["alice"])
    # The walidata's edit of a stale copy changes the title only, never the status.
    stale = Publication.objects.get(pk=stale.pk)
    Publication.objects.filter(pk=stale.pk).update(title="Diubah di tempat lain")
    actions.do_update_publication(publication=stale, changes={"description": "Baru"}, acting_user=people["wali"])
    fresh = Publication.objects.get(pk=stale.pk)
    assert (fresh.status, fresh.title, fresh.description) == ("published", "Diubah di tempat lain", "Baru")
