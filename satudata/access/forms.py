"""The public request form and the walidata's decision forms. Every error names its field, since
the form is used by people who fill it in once and should not have to guess what went wrong."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from satudata.access.models import RequestStatus

PURPOSE_MIN_CHARS = 20
PURPOSE_MAX_CHARS = 2000


def max_days() -> int:
    """The longest access the walidata may grant, in days (``SATUDATA_ACCESS_MAX_DAYS``)."""
    return int(settings.SATUDATA_ACCESS_MAX_DAYS)


def _messages(label: str, *, max_length: int | None = None) -> dict[str, Any]:
    """Error messages that name the field: "Nama pemohon wajib diisi." rather than Django's generic
    "This field is required." (shown beside the field, and in the alert at the top)."""
    messages: dict[str, Any] = {"required": _("%(label)s wajib diisi.") % {"label": label}}
    if max_length is not None:
        messages["max_length"] = _(
            "%(label)s terlalu panjang: paling banyak %(limit)s karakter (sekarang %(count)s)."
        ) % {"label": label, "limit": max_length, "count": "%(show_value)d"}
    return messages


class RequestForm(forms.Form):
    """The public form of a Terbatas dataset: who asks, from which institution, why, for which
    periods. ``situs_web`` is a honeypot: hidden from people, filled in by form-filling robots."""

    name = forms.CharField(label=gettext_lazy("Nama lengkap"), max_length=200)
    email = forms.EmailField(label=gettext_lazy("Alamat e-mail"), max_length=254)
    phone = forms.CharField(
        label=gettext_lazy("Nomor telepon"),
        max_length=30,
        required=False,
        help_text=gettext_lazy("Tidak wajib; dipakai bila walidata perlu menghubungi Anda."),
    )
    institution = forms.CharField(
        label=gettext_lazy("Instansi/lembaga"),
        max_length=200,
        help_text=gettext_lazy("Mis. Universitas Brawijaya, PT Contoh, atau 'perorangan'."),
    )
    purpose = forms.CharField(
        label=gettext_lazy("Tujuan penggunaan data"),
        max_length=PURPOSE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Jelaskan untuk apa data dipakai (penelitian, perencanaan, dsb.), sedikitnya 20 karakter."
        ),
    )
    periods = forms.CharField(
        label=gettext_lazy("Periode data yang diminta"),
        max_length=100,
        help_text=gettext_lazy("Mis. 2023–2024."),
    )
    consent = forms.BooleanField(
        label=gettext_lazy(
            "Saya setuju data diri di atas disimpan untuk memproses permintaan ini dan mencatat unduhan saya."
        ),
    )
    situs_web = forms.CharField(label=gettext_lazy("Jangan isi kolom ini"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name == "email":
                field.error_messages.update(_messages(str(field.label), max_length=254))
                field.error_messages["invalid"] = _("Alamat e-mail tidak sah; tulis lengkap, mis. nama@contoh.go.id.")
            elif name == "consent":
                field.error_messages["required"] = _("Centang persetujuan penyimpanan data diri untuk mengirim.")
            else:
                limit = getattr(field, "max_length", None)
                field.error_messages.update(_messages(str(field.label), max_length=limit))
        honeypot = self.fields["situs_web"].widget
        honeypot.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean_purpose(self) -> str:
        purpose: str = self.cleaned_data["purpose"].strip()
        if len(purpose) < PURPOSE_MIN_CHARS:
            raise forms.ValidationError(
                _("Tujuan penggunaan data terlalu singkat: tulis sedikitnya %(min)s karakter (sekarang %(count)s).")
                % {"min": PURPOSE_MIN_CHARS, "count": len(purpose)}
            )
        return purpose

    @property
    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("situs_web"))

    def request_fields(self) -> dict[str, str]:
        """What the action takes, once the form is valid."""
        return {
            name: self.cleaned_data[name] for name in ("name", "email", "phone", "institution", "purpose", "periods")
        }


class ApproveForm(forms.Form):
    expires_at = forms.DateField(
        label=gettext_lazy("Berlaku sampai"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Hari terakhir tautan unduhan dapat dipakai."),
    )
    note = forms.CharField(label=gettext_lazy("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["expires_at"]
        field.error_messages["required"] = _("Tanggal berlaku sampai wajib diisi.")
        field.error_messages["invalid"] = _("Tanggal berlaku sampai tidak sah; pilih tanggal dari kalender.")
        field.help_text = _("Hari terakhir tautan unduhan dapat dipakai; paling lama %(days)s hari dari hari ini.") % {
            "days": max_days()
        }
        if not self.is_bound:
            self.initial.setdefault("expires_at", timezone.localdate() + dt.timedelta(days=30))


class ReasonForm(forms.Form):
    """Refusing or revoking needs a reason: the requester reads it in the e-mail."""

    reason = forms.CharField(label=gettext_lazy("Alasan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages.update(_messages(_("Alasan"), max_length=2000))


class RequestFilterForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Semua status")), *RequestStatus.choices, ("kedaluwarsa", _("Kedaluwarsa"))]
