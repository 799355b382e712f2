"""Who may do what in the evaluation: the EPSS self-assessment (SOP step 19).

The Tim Penilai Internal of a regency is drawn from the walidata (Diskominfo) and the Forum
secretariat (Bappeda): they start the year's assessment, choose levels, write explanations, attach
evidence, change weights and lock it. BPS (pembina) reads it: it verifies the result later as the
Tim Penilai Badan. Producers read it too — their OPD's work is the evidence — but change nothing.
Every function here is listed in docs/permissions.md.
"""

from django.contrib.auth.models import AnonymousUser

from satudata.accounts.models import Role, User
from satudata.accounts.roles import has_any_role
from satudata.evaluation.models import Assessment

AnyUser = User | AnonymousUser


def can_view_epss(user: AnyUser) -> bool:
    """Read the worksheets, the IPS, the what-if view and the exports: every staff role."""
    return has_any_role(user, Role.WALIDATA, Role.FORUM, Role.PEMBINA, Role.PRODUCER)


def can_run_epss(user: AnyUser) -> bool:
    """Start a year's assessment, change its weights, lock and reopen it: the Tim Penilai Internal."""
    return has_any_role(user, Role.WALIDATA, Role.FORUM)


def can_assess(user: AnyUser, assessment: Assessment) -> bool:
    """Choose levels, write explanations and attach or remove evidence, while the assessment is open."""
    return can_run_epss(user) and not assessment.is_locked


def can_view_all_quality(user: AnyUser) -> bool:
    """Quality scores of every OPD and dataset, the OPD ranking and the weakest datasets: the
    walidata, the pembina and the forum."""
    return has_any_role(user, Role.WALIDATA, Role.PEMBINA, Role.FORUM)


def quality_organization_ids(user: AnyUser) -> set[int] | None:
    """Whose quality scores the user sees: ``None`` for every OPD, else the producer's own OPDs
    (empty: none)."""
    if can_view_all_quality(user):
        return None
    return user.producer_org_ids() if isinstance(user, User) else set()


def can_view_quality(user: AnyUser) -> bool:
    """Open the quality page: whoever sees at least one OPD's scores."""
    ids = quality_organization_ids(user)
    return ids is None or bool(ids)
