"""Writes about publications and news. Each is one typed function that checks the actor's right,
runs in one transaction and leaves its event row behind. Status changes are conditional updates
(``UPDATE ... WHERE status IN (expected)``), so two people pressing at once cannot both win."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from satudata.accounts.models import User
from satudata.datasets.models import Dataset
from satudata.publications import permissions
from satudata.publications.models import (
    EventKind,
    NewsEvent,
    NewsPost,
    NewsStatus,
    Publication,
    PublicationEvent,
    PublicationKind,
    PublicationStatus,
)

if TYPE_CHECKING:
    from satudata.publications.compiler import Choice

# Slugs that would shadow a fixed URL beside /publikasi/<slug>/ or /berita/<slug>/.
RESERVED_SLUGS = {"baru", "rss", "atom"}

PUBLICATION_FIELDS = ("title", "kind", "organization", "year", "description", "file", "cover")
NEWS_FIELDS = ("title", "summary", "body")


def unique_slug(model: type[models.Model], title: str, *, fallback: str) -> str:
    base = slugify(title)[:100] or fallback
    slug, n = base, 2
    while slug in RESERVED_SLUGS or model._default_manager.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _changed(model: type[models.Model], changes: dict[str, Any]) -> str:
    """The changed fields as the people reading the history call them: "judul, berkas PDF"."""
    return ", ".join(str(getattr(model._meta.get_field(name), "verbose_name", name)) for name in changes)


def _delete_later(old: FieldFile | None) -> None:
    """Remove a replaced file once the new one is committed (never before: a rollback keeps it)."""
    if old and old.name:
        storage, name = old.storage, old.name
        transaction.on_commit(lambda: storage.delete(name))


# ---------------------------------------------------------------------------------------------
# Publications


@transaction.atomic
def do_create_publication(
    *, publication: Publication, datasets: Iterable[Dataset] = (), acting_user: User
) -> Publication:
    """Save a new publication (an unsaved instance, e.g. from the form) as a draft."""
    if not permissions.can_create_publication(acting_user, publication.organization_id):
        raise PermissionDenied
    publication.slug = unique_slug(Publication, publication.title, fallback="publikasi")
    publication.status = PublicationStatus.DRAFT
    publication.published_at = None
    publication.created_by = acting_user
    publication.save()
    publication.datasets.set(list(datasets))
    PublicationEvent.objects.create(
        publication=publication, kind=EventKind.CREATED, actor=acting_user, to_status=PublicationStatus.DRAFT
    )
    return publication


@transaction.atomic
def do_update_publication(*, publication: Publication, changes: dict[str, Any], acting_user: User) -> Publication:
    """Apply ``changes`` (field name → new value; ``datasets`` → the related datasets). Moving a
    publication to another OPD needs the right to create publications there."""
    # The status as it is now (locked), not as the page saw it: a producer's save racing the
    # walidata's "publish" must neither pass the check nor write the old status back.
    locked = Publication.objects.select_for_update().get(pk=publication.pk)
    publication.status, publication.published_at = locked.status, locked.published_at
    if not permissions.can_edit_publication(acting_user, publication):
        raise PermissionDenied
    organization = changes.get("organization")
    if organization is not None and not permissions.can_create_publication(acting_user, organization.pk):
        raise PermissionDenied
    changes = dict(changes)
    datasets = changes.pop("datasets", None)
    replaced: list[FieldFile] = []
    for name, value in changes.items():
        if name not in PUBLICATION_FIELDS:
            raise TypeError(f"field {name} is not editable")
        if name in ("file", "cover"):
            current = getattr(publication, name)
            if current:
                replaced.append(current)
            value = value or ""  # "" or None: the file is removed
        setattr(publication, name, value)
    publication.save(update_fields=[*changes, "updated"])
    for old in replaced:
        _delete_later(old)
    if datasets is not None:
        publication.datasets.set(list(datasets))
        changes["datasets"] = datasets
    if changes:
        PublicationEvent.objects.create(
            publication=publication, kind=EventKind.EDITED, actor=acting_user,
            from_status=publication.status, to_status=publication.status, note=_changed(Publication, changes),
        )  # fmt: skip
    return publication


def _transition_publication(
    publication: Publication,
    *,
    to: PublicationStatus,
    expected: Sequence[PublicationStatus],
    actor: User,
    note: str = "",
    **extra: Any,
) -> Publication:
    before = publication.status
    updated = Publication.objects.filter(pk=publication.pk, status__in=list(expected)).update(
        status=to, updated=timezone.now(), **extra
    )
    publication.refresh_from_db()
    if updated != 1:
        raise ValidationError(
            _("Publikasi ini sudah berstatus %(status)s; muat ulang halaman.")
            % {"status": publication.get_status_display()}
        )
    PublicationEvent.objects.create(
        publication=publication, kind=EventKind.TRANSITION, actor=actor, from_status=before, to_status=to, note=note
    )
    return publication


@transaction.atomic
def do_publish_publication(*, publication: Publication, acting_user: User, note: str = "") -> Publication:
    """Draft (or withdrawn) → published. A republished publication keeps its first date."""
    if not permissions.can_publish_publication(acting_user):
        raise PermissionDenied
    return _transition_publication(
        publication, to=PublicationStatus.PUBLISHED, expected=(PublicationStatus.DRAFT, PublicationStatus.WITHDRAWN),
        actor=acting_user, note=note, published_at=publication.published_at or timezone.now(),
    )  # fmt: skip


@transaction.atomic
def do_compile_publication(
    *, choice: Choice, datasets: Sequence[Dataset], publish: bool, acting_user: User
) -> Publication:
    """Compile the chosen datasets into a "Dalam Angka" publication (SOP step 13) and put it in the
    publication catalogue in one step: as a draft, or published at once (`publish`, the walidata)."""
    from satudata.documents.publication import render_pdf
    from satudata.publications.compiler import build

    if not permissions.can_create_publication(acting_user, choice.organization.pk):
        raise PermissionDenied
    if publish and not permissions.can_publish_publication(acting_user):
        raise PermissionDenied
    if not datasets:
        raise ValidationError(_("Pilih sedikitnya satu dataset."))
    document = build(choice, datasets)
    publication = Publication(
        title=choice.title, kind=PublicationKind.IN_FIGURES, organization=choice.organization,
        year=choice.year, description=choice.subtitle,
    )  # fmt: skip
    # The slug names the file, so it is set before the file is saved.
    publication.slug = unique_slug(Publication, publication.title, fallback="publikasi")
    publication.file.save(f"{publication.slug}.pdf", ContentFile(render_pdf(document)), save=False)
    publication = do_create_publication(publication=publication, datasets=datasets, acting_user=acting_user)
    if publish:
        publication = do_publish_publication(
            publication=publication,
            acting_user=acting_user,
            note=_("Disusun dari %(n)s dataset") % {"n": len(datasets)},
        )
    return publication


@transaction.atomic
def do_withdraw_publication(*, publication: Publication, reason: str, acting_user: User) -> Publication:
    """Published → withdrawn: the public pages and the PDF answer 404 from now on."""
    if not permissions.can_publish_publication(acting_user):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Alasan penarikan wajib diisi."))
    return _transition_publication(
        publication, to=PublicationStatus.WITHDRAWN, expected=(PublicationStatus.PUBLISHED,), actor=acting_user,
        note=reason.strip(),
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# News


@transaction.atomic
def do_create_news(*, post: NewsPost, acting_user: User) -> NewsPost:
    """Save a new news post (an unsaved instance) as a draft written by ``acting_user``."""
    if not permissions.can_manage_news(acting_user):
        raise PermissionDenied
    post.slug = unique_slug(NewsPost, post.title, fallback="berita")
    post.status = NewsStatus.DRAFT
    post.published_at = None
    post.author = acting_user
    post.save()
    NewsEvent.objects.create(post=post, kind=EventKind.CREATED, actor=acting_user, to_status=NewsStatus.DRAFT)
    return post


@transaction.atomic
def do_update_news(*, post: NewsPost, changes: dict[str, Any], acting_user: User) -> NewsPost:
    if not permissions.can_manage_news(acting_user):
        raise PermissionDenied
    for name, value in changes.items():
        if name not in NEWS_FIELDS:
            raise TypeError(f"field {name} is not editable")
        setattr(post, name, value)
    post.save(update_fields=[*changes, "updated"])  # sanitises the body
    if changes:
        NewsEvent.objects.create(
            post=post, kind=EventKind.EDITED, actor=acting_user, from_status=post.status, to_status=post.status,
            note=_changed(NewsPost, changes),
        )  # fmt: skip
    return post


def _transition_news(
    post: NewsPost, *, to: NewsStatus, expected: NewsStatus, actor: User, note: str = "", **extra: Any
) -> NewsPost:
    before = post.status
    updated = NewsPost.objects.filter(pk=post.pk, status=expected).update(status=to, updated=timezone.now(), **extra)
    post.refresh_from_db()
    if updated != 1:
        raise ValidationError(
            _("Berita ini sudah berstatus %(status)s; muat ulang halaman.") % {"status": post.get_status_display()}
        )
    NewsEvent.objects.create(post=post, kind=EventKind.TRANSITION, actor=actor, from_status=before, to_status=to,
                             note=note)  # fmt: skip
    return post


@transaction.atomic
def do_publish_news(*, post: NewsPost, acting_user: User, note: str = "") -> NewsPost:
    """Draft → published: on /berita/ and in the feeds. A republished post keeps its first date."""
    if not permissions.can_manage_news(acting_user):
        raise PermissionDenied
    return _transition_news(
        post, to=NewsStatus.PUBLISHED, expected=NewsStatus.DRAFT, actor=acting_user, note=note,
        published_at=post.published_at or timezone.now(),
    )  # fmt: skip


@transaction.atomic
def do_withdraw_news(*, post: NewsPost, reason: str, acting_user: User) -> NewsPost:
    """Published → draft again: off the public pages and the feeds."""
    if not permissions.can_manage_news(acting_user):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Alasan penarikan wajib diisi."))
    return _transition_news(
        post, to=NewsStatus.DRAFT, expected=NewsStatus.PUBLISHED, actor=acting_user, note=reason.strip()
    )
