"""E-mails to the requester, who has no account and so no in-app notifications.

The receipt and the refusal or revocation go through the task queue, like staff notifications, so
a slow mail server never slows a page. The approval is sent at once instead: it carries the
personal link, and a queued task would keep the token in the task table, which is exactly what
storing only its hash avoids."""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _
from django_tasks import task

from satudata.access.models import DataRequest

logger = logging.getLogger(__name__)


def _signature() -> str:
    return f"\n\n-- \nPortal Satu Data {settings.REGION_NAME}\n"


@task()
def send_requester_email(address: str, subject: str, body: str) -> None:
    send_mail(subject=f"[Satu Data] {subject}", message=body + _signature(), from_email=None, recipient_list=[address])


def enqueue_receipt(data_request: DataRequest) -> None:
    subject = _("Permintaan data %(ref)s diterima") % {"ref": data_request.reference}
    body = _(
        'Yth. %(name)s,\n\nPermintaan Anda atas dataset "%(title)s" telah kami terima dengan nomor %(ref)s. '
        "Walidata akan memutuskannya; keputusan dikirim ke alamat e-mail ini. Sebutkan nomor permintaan bila "
        "menghubungi kami."
    ) % {"name": data_request.name, "title": data_request.dataset.title, "ref": data_request.reference}
    send_requester_email.enqueue(data_request.email, subject, body)


def enqueue_refusal(data_request: DataRequest) -> None:
    subject = _("Permintaan data %(ref)s tidak dapat dipenuhi") % {"ref": data_request.reference}
    body = _(
        'Yth. %(name)s,\n\nPermintaan Anda (%(ref)s) atas dataset "%(title)s" tidak dapat dipenuhi.\n\nAlasan: %(reason)s'
    ) % {
        "name": data_request.name,
        "ref": data_request.reference,
        "title": data_request.dataset.title,
        "reason": data_request.decision_reason,
    }
    send_requester_email.enqueue(data_request.email, subject, body)


def enqueue_revocation(data_request: DataRequest) -> None:
    subject = _("Akses data %(ref)s dicabut") % {"ref": data_request.reference}
    body = _(
        'Yth. %(name)s,\n\nAkses Anda (%(ref)s) ke dataset "%(title)s" telah dicabut; tautan unduhan tidak '
        "berlaku lagi.\n\nAlasan: %(reason)s"
    ) % {
        "name": data_request.name,
        "ref": data_request.reference,
        "title": data_request.dataset.title,
        "reason": data_request.decision_reason,
    }
    send_requester_email.enqueue(data_request.email, subject, body)


def send_personal_link(data_request: DataRequest, link: str) -> bool:
    """Send the approval with the personal link now; False if the mail server refused it (the
    walidata then sees the link once and passes it on another way)."""
    subject = _("Permintaan data %(ref)s disetujui") % {"ref": data_request.reference}
    assert data_request.expires_at is not None
    body = _(
        'Yth. %(name)s,\n\nPermintaan Anda (%(ref)s) atas dataset "%(title)s" disetujui. Unduh data melalui '
        "tautan pribadi berikut sampai %(date)s:\n\n%(link)s\n\nTautan ini hanya untuk Anda: jangan dibagikan. "
        "Setiap unduhan dicatat."
    ) % {
        "name": data_request.name,
        "ref": data_request.reference,
        "title": data_request.dataset.title,
        "date": data_request.expires_at.strftime("%d-%m-%Y"),
        "link": link,
    }
    try:
        send_mail(
            subject=f"[Satu Data] {subject}",
            message=body + _signature(),
            from_email=None,
            recipient_list=[data_request.email],
        )
    except (smtplib.SMTPException, OSError):
        logger.exception("Approval e-mail for request %s could not be sent", data_request.reference)
        return False
    return True
