"""Telling people that something waits for them: an in-app notification, and an e-mail through
Django's mail settings (sent by the worker, so a slow mail server never slows a page)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task

from satudata.accounts.models import Membership, Notification, Role, User


def users_with_role(role: Role, *, organization_id: int | None = None) -> list[User]:
    """Active people holding ``role`` (for an OPD's producers: in that OPD)."""
    memberships = Membership.objects.filter(role=role, user__is_active=True)
    if organization_id is not None:
        memberships = memberships.filter(organization_id=organization_id)
    return list(User.objects.filter(pk__in=memberships.values("user_id")).order_by("pk"))


def notify(recipients: Iterable[User], *, text: str, url: str = "", exclude: User | None = None) -> list[Notification]:
    """One notification per distinct recipient (not the person who acted), and an e-mail each."""
    seen: set[int] = set()
    created: list[Notification] = []
    for user in recipients:
        if user.pk in seen or (exclude is not None and user.pk == exclude.pk) or not user.is_active:
            continue
        seen.add(user.pk)
        created.append(Notification.objects.create(recipient=user, text=text[:500], url=url[:500]))
        # ".invalid" is reserved and never deliverable (RFC 2606): the demo's accounts use it.
        if user.email and not user.email.lower().endswith(".invalid"):
            send_notification_email.enqueue(user.email, text, url)
    return created


@task()
def send_notification_email(address: str, text: str, url: str) -> None:
    link = f"{settings.SITE_URL.rstrip('/')}{url}" if url else ""
    body = f"{text}\n\n{link}\n\n-- \nPortal Satu Data {settings.REGION_NAME}\n"
    send_mail(subject=f"[Satu Data] {text[:120]}", message=body, from_email=None, recipient_list=[address])
