"""Who may see and decide requests for Terbatas data. The public needs no account: it submits the
form and uses the personal link. In the staff area outsiders get 404 for a request they may not
see; a producer who may see a request but not decide it gets 403 on the decision."""

from django.contrib.auth.models import AnonymousUser

from satudata.access.models import DataRequest
from satudata.accounts.models import Role, User
from satudata.accounts.roles import has_any_role

AnyUser = User | AnonymousUser


def can_decide_requests(user: AnyUser) -> bool:
    """Approve, refuse and revoke requests: the walidata (and site administrators)."""
    return has_any_role(user, Role.WALIDATA)


def can_view_request_list(user: AnyUser) -> bool:
    """The list of requests: the walidata sees all of them, producers those of their OPD's datasets.
    The pembina and the forum have no part in this step of the SOP."""
    return can_decide_requests(user) or has_any_role(user, Role.PRODUCER)


def can_view_request(user: AnyUser, data_request: DataRequest) -> bool:
    """One request (with the requester's contact details and the download log): the walidata, and
    the producers of the OPD that publishes the dataset (read-only)."""
    if can_decide_requests(user):
        return True
    return isinstance(user, User) and user.is_producer_of(data_request.dataset.organization_id)
