"""The public request form /permintaan-data/<slug>/: only for Terbatas datasets, every bad input
named in Indonesian, a honeypot for robots, and what a good request sets off (the walidata's
notification, the requester's receipt, the event row)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from satudata.access.models import DataRequest, DataRequestEvent, RequestStatus
from satudata.accounts.models import Notification, User
from satudata.datasets.models import Dataset
from tests.access.helpers import REQUEST_FIELDS


def post(client: Client, dataset: Dataset, **overrides: Any) -> Any:
    data = {**REQUEST_FIELDS, "consent": "on", **overrides}
    return client.post(f"/permintaan-data/{dataset.slug}/", {k: v for k, v in data.items() if v is not None})


def test_the_form_is_offered_for_terbatas_only(
    client: Client, terbatas: Dataset, tertutup: Dataset, make_dataset: Callable[..., Dataset]
) -> None:
    response = client.get(f"/permintaan-data/{terbatas.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1 and terbatas.title in html
    for label in ("Nama lengkap", "Alamat e-mail", "Instansi/lembaga", "Tujuan penggunaan data",
                  "Periode data yang diminta"):  # fmt: skip
        assert f">{label}" in html, label
    assert client.get(f"/permintaan-data/{tertutup.slug}/").status_code == 404
    assert post(Client(), tertutup).status_code == 404
    terbuka = make_dataset("Jumlah Puskesmas")  # Terbuka: no request needed
    assert client.get(f"/permintaan-data/{terbuka.slug}/").status_code == 404
    assert client.get("/permintaan-data/tidak-ada/").status_code == 404
    assert not DataRequest.objects.exists()


def test_a_terbatas_dataset_without_published_data_takes_no_requests(
    client: Client, make_dataset: Callable[..., Dataset]
) -> None:
    from satudata.reference.models import AccessClass

    empty = make_dataset("Data Belum Terbit", access_class=AccessClass.TERBATAS)
    assert client.get(f"/permintaan-data/{empty.slug}/").status_code == 404


BAD_INPUT = [
    ("name", "", "Nama lengkap wajib diisi."),
    ("name", "x" * 201, "Nama lengkap terlalu panjang: paling banyak 200 karakter (sekarang 201)."),
    ("email", "", "Alamat e-mail wajib diisi."),
    ("email", "siti-at-kampus", "Alamat e-mail tidak sah"),
    ("email", "siti@kampus", "Alamat e-mail tidak sah"),
    ("phone", "0" * 31, "Nomor telepon terlalu panjang: paling banyak 30 karakter (sekarang 31)."),
    ("institution", "", "Instansi/lembaga wajib diisi."),
    ("institution", "x" * 201, "Instansi/lembaga terlalu panjang"),
    ("purpose", "", "Tujuan penggunaan data wajib diisi."),
    ("purpose", "   ", "Tujuan penggunaan data wajib diisi."),
    (
        "purpose",
        "Untuk skripsi.",
        "Tujuan penggunaan data terlalu singkat: tulis sedikitnya 20 karakter (sekarang 14).",
    ),
    ("purpose", "x" * 2001, "Tujuan penggunaan data terlalu panjang: paling banyak 2000 karakter"),
    ("periods", "", "Periode data yang diminta wajib diisi."),
    ("periods", "2" * 101, "Periode data yang diminta terlalu panjang"),
    ("consent", None, "Centang persetujuan penyimpanan data diri untuk mengirim."),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD_INPUT)
def test_bad_input_is_refused_with_a_message_naming_the_field(
    client: Client, terbatas: Dataset, field: str, value: str | None, message: str
) -> None:
    mail.outbox.clear()
    response = post(client, terbatas, **{field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'id="form-errors"' in response.content.decode()
    assert not DataRequest.objects.exists() and not mail.outbox


def test_the_form_keeps_what_was_typed_after_an_error(client: Client, terbatas: Dataset) -> None:
    response = post(client, terbatas, purpose="Pendek")
    html = response.content.decode()
    assert 'value="Universitas Contoh"' in html and 'value="siti@kampus.ac.id"' in html


def test_the_phone_is_optional(client: Client, terbatas: Dataset) -> None:
    response = post(client, terbatas, phone="")
    assert response.status_code == 302
    assert DataRequest.objects.get().phone == ""


def test_a_filled_honeypot_looks_like_success_but_stores_and_sends_nothing(
    client: Client, terbatas: Dataset, people: dict[str, User]
) -> None:
    Notification.objects.all().delete()  # those of the publication
    mail.outbox.clear()
    response = post(client, terbatas, situs_web="http://spam.example")
    assert response.status_code == 302 and response["Location"] == f"/permintaan-data/{terbatas.slug}/terkirim/"
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and 'id="reference"' not in thanks.content.decode()
    assert not DataRequest.objects.exists()
    assert not Notification.objects.exists()
    assert not mail.outbox


def test_the_honeypot_is_hidden_from_people(client: Client, terbatas: Dataset) -> None:
    html = client.get(f"/permintaan-data/{terbatas.slug}/").content.decode()
    start = html.index('name="situs_web"')
    hidden_block = html.rfind('<div class="d-none" aria-hidden="true">', 0, start)
    assert hidden_block != -1 and html.find("</div>", hidden_block) > start
    assert 'tabindex="-1"' in html[hidden_block : start + 200]


def test_a_good_request_is_stored_logged_notified_and_acknowledged(
    client: Client, terbatas: Dataset, people: dict[str, User]
) -> None:
    people["wali"].email = "walidata@pasuruankab.go.id"
    people["wali"].save()
    Notification.objects.all().delete()  # those of the publication
    mail.outbox.clear()
    response = post(client, terbatas)
    assert response.status_code == 302
    data_request = DataRequest.objects.get()
    assert data_request.dataset == terbatas and data_request.status == RequestStatus.SUBMITTED
    assert data_request.name == "Siti Rahma" and data_request.periods == "2023–2024"
    assert data_request.token_hash == "" and data_request.expires_at is None
    assert data_request.reference.startswith("PD-") and len(data_request.reference) == 12

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and data_request.reference in thanks.content.decode()
    assert thanks["X-Robots-Tag"].startswith("noindex")
    # Shown once: a reload does not show the reference again (it was kept in the session only).
    assert data_request.reference not in client.get(response["Location"]).content.decode()

    event = DataRequestEvent.objects.get(request=data_request)
    assert event.kind == DataRequestEvent.Kind.SUBMITTED and event.actor is None

    note = Notification.objects.get(recipient=people["wali"])
    assert data_request.reference in note.text and note.url == f"/kelola/permintaan-data/{data_request.pk}/"
    assert "Siti" not in note.text  # the requester's name stays in the staff area
    assert not Notification.objects.exclude(recipient=people["wali"]).exists()

    assert sorted(m.to[0] for m in mail.outbox) == ["siti@kampus.ac.id", "walidata@pasuruankab.go.id"]
    receipt = next(m for m in mail.outbox if m.to == ["siti@kampus.ac.id"])
    assert data_request.reference in receipt.subject and terbatas.title in receipt.body
    assert "/akses/" not in receipt.body


def test_references_are_distinct_and_not_sequential(
    terbatas: Dataset, make_request: Callable[..., DataRequest]
) -> None:
    references = {make_request(terbatas).reference for _ in range(20)}
    assert len(references) == 20
    assert all(r[3:7].isalnum() and r[7] == "-" for r in references)
