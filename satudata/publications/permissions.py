"""Who may do what with publications and news. The walidata keeps both for every OPD; an OPD's
producers prepare drafts of their own OPD's publications, which the walidata publishes. The pembina,
the forum and users without a role do not write here. The public sees what is published."""

from django.contrib.auth.models import AnonymousUser

from satudata.accounts.models import Role, User
from satudata.accounts.roles import has_any_role
from satudata.publications.models import CompileJob, NewsPost, Publication, PublicationStatus

AnyUser = User | AnonymousUser


def can_manage_publications(user: AnyUser) -> bool:
    """Create, edit, publish and withdraw publications of any OPD: the walidata."""
    return has_any_role(user, Role.WALIDATA)


def can_create_publications(user: AnyUser) -> bool:
    """Whether the staff list of publications and "new publication" are offered: the walidata,
    and producers of at least one OPD."""
    return can_manage_publications(user) or (isinstance(user, User) and bool(user.producer_org_ids()))


def can_create_publication(user: AnyUser, organization_id: int) -> bool:
    """Create a (draft) publication for an OPD: its producers and the walidata."""
    return can_manage_publications(user) or (isinstance(user, User) and user.is_producer_of(organization_id))


def can_edit_publication(user: AnyUser, publication: Publication) -> bool:
    """Change a publication's description and files: the walidata at any status, the OPD's
    producers while it is a draft (once published, only the walidata changes it)."""
    if can_manage_publications(user):
        return True
    return publication.status == PublicationStatus.DRAFT and can_create_publication(user, publication.organization_id)


def can_preview_publication(user: AnyUser, publication: Publication) -> bool:
    """See an unpublished publication on its public page and download its PDF: the walidata and
    the OPD's producers."""
    return can_manage_publications(user) or can_create_publication(user, publication.organization_id)


def can_publish_publication(user: AnyUser) -> bool:
    """Publish and withdraw publications: the walidata (producers cannot publish)."""
    return has_any_role(user, Role.WALIDATA)


def can_follow_compile(user: AnyUser, job: CompileJob) -> bool:
    """A compilation's progress and its PDF/DOCX: its maker's alone (a preview is a personal draft;
    what is saved goes to the catalogue, where the publication rules apply)."""
    return user.is_authenticated and job.created_by_id == user.pk and can_create_publications(user)


def can_manage_news(user: AnyUser) -> bool:
    """Write, edit, publish and withdraw news, and preview drafts: the walidata."""
    return has_any_role(user, Role.WALIDATA)


def can_preview_news(user: AnyUser, post: NewsPost) -> bool:
    """See a news draft on its public page: whoever may manage news."""
    return can_manage_news(user)
