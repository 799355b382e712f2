"""The walidata's side under /kelola/permintaan-data/: who may see and decide (every role on every
action), the rules of a decision, the e-mails and the event rows."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from satudata.access.models import DataRequest, DataRequestEvent, RequestStatus
from satudata.accounts.models import Organization, User
from satudata.datasets.models import Dataset
from tests.conftest import ROLES

TODAY = timezone.localdate


def in_days(n: int) -> str:
    return (TODAY() + dt.timedelta(days=n)).isoformat()


@pytest.fixture
def submitted(terbatas: Dataset, make_request: Callable[..., DataRequest]) -> DataRequest:
    data_request = make_request(terbatas)
    mail.outbox.clear()  # the receipt
    return data_request


# ---------------------------------------------------------------------------------------------
# Every role on every action

# alice produces the dataset (Dinas Kesehatan): she sees, but does not decide.
LIST = {"alice": 200, "bob": 200, "wali": 200, "bps": 403, "forum": 403, "admin": 200, "nobody": 403, "anonymous": 302}
DETAIL = {
    "alice": 200,
    "bob": 404,
    "wali": 200,
    "bps": 404,
    "forum": 404,
    "admin": 200,
    "nobody": 403,
    "anonymous": 302,
}
DECIDE = {
    "alice": 403,
    "bob": 404,
    "wali": 302,
    "bps": 404,
    "forum": 404,
    "admin": 302,
    "nobody": 403,
    "anonymous": 302,
}


@pytest.mark.parametrize("who", ROLES)
def test_who_sees_the_list(who: str, client_for: Callable[[str], Client], submitted: DataRequest) -> None:
    response = client_for(who).get("/kelola/permintaan-data/")
    assert response.status_code == LIST[who]
    if who == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    if response.status_code == 200:
        # bob (another OPD) gets the page, with none of Dinas Kesehatan's requests on it.
        assert (submitted.reference in response.content.decode()) == (who != "bob")


@pytest.mark.parametrize("who", ROLES)
def test_who_sees_a_request(who: str, client_for: Callable[[str], Client], submitted: DataRequest) -> None:
    response = client_for(who).get(f"/kelola/permintaan-data/{submitted.pk}/")
    assert response.status_code == DETAIL[who]
    html = response.content.decode()
    if response.status_code == 200:
        assert "siti@kampus.ac.id" in html and submitted.purpose in html
        # Only the walidata (and site admins) get the decision forms.
        assert ('id="approve-form"' in html) == (who in ("wali", "admin"))
    else:
        assert "siti@kampus.ac.id" not in html


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize(
    ("action", "data", "status"),
    [
        ("setujui", {"expires_at": "+30"}, RequestStatus.APPROVED),
        ("tolak", {"reason": "Tujuan tidak sesuai."}, RequestStatus.REFUSED),
    ],
)
def test_who_decides(
    who: str,
    action: str,
    data: dict[str, str],
    status: RequestStatus,
    client_for: Callable[[str], Client],
    submitted: DataRequest,
) -> None:
    if data.get("expires_at") == "+30":
        data = {"expires_at": in_days(30)}
    response = client_for(who).post(f"/kelola/permintaan-data/{submitted.pk}/{action}/", data)
    allowed = who in ("wali", "admin")
    expected = (200 if action == "setujui" else 302) if allowed else DECIDE[who]
    assert response.status_code == expected
    submitted.refresh_from_db()
    assert submitted.status == (status if allowed else RequestStatus.SUBMITTED)
    assert DataRequestEvent.objects.filter(request=submitted).count() == (2 if allowed else 1)


@pytest.mark.parametrize("who", ROLES)
def test_who_revokes(
    who: str,
    client_for: Callable[[str], Client],
    submitted: DataRequest,
    approve: Callable[..., tuple[DataRequest, str]],
) -> None:
    approve(submitted)
    response = client_for(who).post(f"/kelola/permintaan-data/{submitted.pk}/cabut/", {"reason": "Disalahgunakan."})
    assert response.status_code == DECIDE[who]
    submitted.refresh_from_db()
    allowed = who in ("wali", "admin")
    assert submitted.status == (RequestStatus.REVOKED if allowed else RequestStatus.APPROVED)


@pytest.mark.parametrize("who", ["wali", "alice"])
def test_decisions_are_post_only(who: str, client_for: Callable[[str], Client], submitted: DataRequest) -> None:
    for action in ("setujui", "tolak", "cabut"):
        assert client_for(who).get(f"/kelola/permintaan-data/{submitted.pk}/{action}/").status_code == 405


def test_a_producer_sees_only_the_requests_of_their_opd(
    client_for: Callable[[str], Client],
    submitted: DataRequest,
    publish_dataset: Callable[..., Dataset],
    make_request: Callable[..., DataRequest],
    people: dict[str, User],
    orgs: dict[str, Organization],
) -> None:
    from satudata.accounts.models import Membership, Role
    from satudata.reference.models import AccessClass

    other = publish_dataset("Data Lain Dinkes", AccessClass.TERBATAS, 111)
    other.organization = orgs["dispendik"]
    other.save()
    theirs = make_request(other, name="Budi")
    alice_list = client_for("alice").get("/kelola/permintaan-data/").content.decode()
    assert submitted.reference in alice_list and theirs.reference not in alice_list
    bob_list = client_for("bob").get("/kelola/permintaan-data/").content.decode()
    assert theirs.reference in bob_list and submitted.reference not in bob_list
    assert client_for("bob").get(f"/kelola/permintaan-data/{theirs.pk}/").status_code == 200
    # A producer in both OPDs sees both.
    Membership.objects.create(user=people["alice"], role=Role.PRODUCER, organization=orgs["dispendik"])
    both = client_for("alice").get("/kelola/permintaan-data/").content.decode()
    assert submitted.reference in both and theirs.reference in both


# ---------------------------------------------------------------------------------------------
# Approving


def test_approval_makes_a_token_stores_only_its_hash_and_emails_the_link(
    client_for: Callable[[str], Client], submitted: DataRequest, people: dict[str, User]
) -> None:
    response = client_for("wali").post(
        f"/kelola/permintaan-data/{submitted.pk}/setujui/", {"expires_at": in_days(30), "note": "Untuk skripsi."}
    )
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    [message] = mail.outbox
    assert message.to == ["siti@kampus.ac.id"] and submitted.reference in message.subject
    link = next(line for line in message.body.splitlines() if "/akses/" in line).strip()
    assert link.startswith("http://testserver/akses/") and link.endswith("/")
    token = link.removeprefix("http://testserver/akses/").strip("/")
    assert len(token) >= 43
    assert link in response.content.decode()  # shown once to the walidata

    submitted.refresh_from_db()
    assert submitted.status == RequestStatus.APPROVED
    assert submitted.expires_at == TODAY() + dt.timedelta(days=30)
    assert submitted.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(DataRequest.objects.filter(pk=submitted.pk).values().get())
    assert submitted.decided_by == people["wali"] and submitted.decided_at is not None
    event = submitted.events.get(kind=DataRequestEvent.Kind.APPROVED)
    assert event.actor == people["wali"] and "Untuk skripsi." in event.note
    assert token not in event.note
    # The link never appears again in the staff area.
    detail = client_for("wali").get(f"/kelola/permintaan-data/{submitted.pk}/").content.decode()
    assert token not in detail and "Disetujui" in detail
    assert Client().get(link.removeprefix("http://testserver")).status_code == 200


def test_when_the_mail_fails_the_walidata_sees_the_link_to_pass_on(
    client_for: Callable[[str], Client], submitted: DataRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    import smtplib

    def refuse(*args: object, **kwargs: object) -> int:
        raise smtplib.SMTPRecipientsRefused({})

    monkeypatch.setattr("satudata.access.mail.send_mail", refuse)
    response = client_for("wali").post(f"/kelola/permintaan-data/{submitted.pk}/setujui/", {"expires_at": in_days(7)})
    html = response.content.decode()
    assert response.status_code == 200 and "gagal terkirim" in html and "/akses/" in html
    submitted.refresh_from_db()
    assert submitted.status == RequestStatus.APPROVED  # the decision stands


@pytest.mark.parametrize(
    ("expires_at", "message"),
    [
        ("", "Tanggal berlaku sampai wajib diisi."),
        ("besok", "Tanggal berlaku sampai tidak sah"),
        ("today", "Tanggal berlaku sampai harus setelah hari ini."),
        ("-1", "Tanggal berlaku sampai harus setelah hari ini."),
        ("+91", "Tanggal berlaku sampai paling lama 90 hari dari hari ini"),
    ],
)
def test_approval_needs_a_future_date_within_the_limit(
    client_for: Callable[[str], Client], submitted: DataRequest, expires_at: str, message: str
) -> None:
    value = {"today": in_days(0), "-1": in_days(-1), "+91": in_days(91)}.get(expires_at, expires_at)
    client = client_for("wali")
    response = client.post(f"/kelola/permintaan-data/{submitted.pk}/setujui/", {"expires_at": value}, follow=True)
    assert message in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == RequestStatus.SUBMITTED and submitted.token_hash == ""
    assert not mail.outbox


def test_ninety_days_is_the_default_limit(client_for: Callable[[str], Client], submitted: DataRequest) -> None:
    client = client_for("wali")
    ok = client.post(f"/kelola/permintaan-data/{submitted.pk}/setujui/", {"expires_at": in_days(90)})
    assert ok.status_code == 200
    submitted.refresh_from_db()
    assert submitted.status == RequestStatus.APPROVED


def test_a_shorter_limit_from_settings_is_enforced(
    client_for: Callable[[str], Client], submitted: DataRequest, settings: object
) -> None:
    settings.SATUDATA_ACCESS_MAX_DAYS = 14  # type: ignore[attr-defined]
    client = client_for("wali")
    response = client.post(f"/kelola/permintaan-data/{submitted.pk}/setujui/", {"expires_at": in_days(15)}, follow=True)
    assert "paling lama 14 hari" in response.content.decode()
    assert (
        client.post(f"/kelola/permintaan-data/{submitted.pk}/setujui/", {"expires_at": in_days(14)}).status_code == 200
    )


def test_a_request_is_decided_once(
    client_for: Callable[[str], Client], submitted: DataRequest, approve: Callable[..., tuple[DataRequest, str]]
) -> None:
    approve(submitted)
    mail.outbox.clear()
    client = client_for("wali")
    for action, data in [("setujui", {"expires_at": in_days(10)}), ("tolak", {"reason": "Terlambat."})]:
        response = client.post(f"/kelola/permintaan-data/{submitted.pk}/{action}/", data, follow=True)
        assert "sudah berstatus Disetujui" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == RequestStatus.APPROVED and submitted.expires_at == TODAY() + dt.timedelta(days=30)
    assert submitted.events.count() == 2 and not mail.outbox


# ---------------------------------------------------------------------------------------------
# Refusing and revoking


def test_refusal_needs_a_reason_and_emails_it(
    client_for: Callable[[str], Client], submitted: DataRequest, people: dict[str, User]
) -> None:
    client = client_for("wali")
    response = client.post(f"/kelola/permintaan-data/{submitted.pk}/tolak/", {"reason": "  "}, follow=True)
    assert "Alasan wajib diisi." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == RequestStatus.SUBMITTED and not mail.outbox

    client.post(f"/kelola/permintaan-data/{submitted.pk}/tolak/", {"reason": "Data memuat identitas pasien."})
    submitted.refresh_from_db()
    assert submitted.status == RequestStatus.REFUSED and submitted.token_hash == ""
    assert submitted.decision_reason == "Data memuat identitas pasien." and submitted.decided_by == people["wali"]
    event = submitted.events.get(kind=DataRequestEvent.Kind.REFUSED)
    assert event.actor == people["wali"] and event.note == "Data memuat identitas pasien."
    [message] = mail.outbox
    assert message.to == ["siti@kampus.ac.id"] and "Data memuat identitas pasien." in message.body
    assert "/akses/" not in message.body


def test_revocation_needs_a_reason_ends_the_link_and_emails_it(
    client: Client,
    client_for: Callable[[str], Client],
    submitted: DataRequest,
    approve: Callable[..., tuple[DataRequest, str]],
    people: dict[str, User],
) -> None:
    _request, link = approve(submitted)
    mail.outbox.clear()
    wali = client_for("wali")
    response = wali.post(f"/kelola/permintaan-data/{submitted.pk}/cabut/", {"reason": ""}, follow=True)
    assert "Alasan wajib diisi." in response.content.decode()
    assert client.get(link).status_code == 200

    wali.post(f"/kelola/permintaan-data/{submitted.pk}/cabut/", {"reason": "Dipakai untuk tujuan lain."})
    submitted.refresh_from_db()
    assert submitted.status == RequestStatus.REVOKED
    assert [e.kind for e in submitted.events.all()] == ["submitted", "approved", "revoked"]
    assert submitted.events.get(kind="revoked").actor == people["wali"]
    gone = client.get(link)
    assert gone.status_code == 410 and "dicabut" in gone.content.decode()
    [message] = mail.outbox
    assert "dicabut" in message.subject and "Dipakai untuk tujuan lain." in message.body


def test_only_an_approved_request_can_be_revoked(client_for: Callable[[str], Client], submitted: DataRequest) -> None:
    response = client_for("wali").post(
        f"/kelola/permintaan-data/{submitted.pk}/cabut/", {"reason": "Salah pencet."}, follow=True
    )
    assert "sudah berstatus Diajukan" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == RequestStatus.SUBMITTED


def test_actions_refuse_people_who_may_not_decide(submitted: DataRequest, people: dict[str, User]) -> None:
    """The rule holds below the views too."""
    from django.core.exceptions import PermissionDenied

    from satudata.access import actions

    for name in ("alice", "bob", "bps", "forum", "nobody"):
        with pytest.raises(PermissionDenied):
            actions.do_approve_request(data_request=submitted, expires_at=TODAY() + dt.timedelta(days=5),
                                       base_url="http://x", acting_user=people[name])  # fmt: skip
        with pytest.raises(PermissionDenied):
            actions.do_refuse_request(data_request=submitted, reason="x", acting_user=people[name])
        with pytest.raises(PermissionDenied):
            actions.do_revoke_request(data_request=submitted, reason="x", acting_user=people[name])
    assert submitted.events.count() == 1


# ---------------------------------------------------------------------------------------------
# The list


def test_the_list_filters_by_status_including_expired(
    client_for: Callable[[str], Client],
    terbatas: Dataset,
    make_request: Callable[..., DataRequest],
    approve: Callable[..., tuple[DataRequest, str]],
    people: dict[str, User],
) -> None:
    from satudata.access.actions import do_refuse_request

    waiting = make_request(terbatas)
    active, _link = approve(make_request(terbatas))
    expired, _link = approve(make_request(terbatas))
    DataRequest.objects.filter(pk=expired.pk).update(expires_at=TODAY() - dt.timedelta(days=1))
    refused = do_refuse_request(data_request=make_request(terbatas), reason="Tidak jelas.", acting_user=people["wali"])
    client = client_for("wali")

    def listed(status: str) -> set[str]:
        html = client.get("/kelola/permintaan-data/", {"status": status}).content.decode()
        return {r.reference for r in (waiting, active, expired, refused) if r.reference in html}

    assert listed("") == {waiting.reference, active.reference, expired.reference, refused.reference}
    assert listed("diajukan") == {waiting.reference}
    assert listed("disetujui") == {active.reference}
    assert listed("kedaluwarsa") == {expired.reference}
    assert listed("ditolak") == {refused.reference}
    assert listed("tidak-ada") == listed("")  # an unknown filter is ignored
    assert "Kedaluwarsa" in client.get(f"/kelola/permintaan-data/{expired.pk}/").content.decode()
