"""The form for a new API token. Every error names its field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from satudata.accounts.models import Organization
from satudata.api.models import Scope

MAX_DAYS = 366


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Nama token"), max_length=100,
        help_text=gettext_lazy("Untuk apa token ini, mis. “Sinkronisasi SIMPUS” atau “Dasbor Bappeda”."),
    )  # fmt: skip
    scope = forms.ChoiceField(
        label=gettext_lazy("Cakupan"), choices=Scope.choices, initial=Scope.READ, widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        help_text=gettext_lazy("Baca: membaca data yang boleh Anda lihat. Baca dan tulis: juga menambah dan "
                               "mengajukan versi data."),
    )  # fmt: skip
    organizations = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Hanya untuk organisasi"), required=False,
        queryset=Organization.objects.filter(is_active=True).order_by("name"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=gettext_lazy("Kosongkan agar token berlaku untuk semua organisasi yang boleh Anda akses."),
    )  # fmt: skip
    expires_on = forms.DateField(
        label=gettext_lazy("Berlaku sampai"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Hari terakhir token dapat dipakai (paling lama satu tahun)."),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + dt.timedelta(days=90)
        self.fields["name"].error_messages["required"] = _("Nama token wajib diisi.")
        self.fields["expires_on"].error_messages.update(
            required=_("Tanggal “Berlaku sampai” wajib diisi."),
            invalid=_("Tanggal “Berlaku sampai” tidak sah; gunakan bentuk TTTT-BB-HH."),
        )

    def clean_expires_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if value < today:
            raise forms.ValidationError(_("Tanggal “Berlaku sampai” sudah lewat."))
        if value > today + dt.timedelta(days=MAX_DAYS):
            raise forms.ValidationError(_("Token berlaku paling lama satu tahun."))
        return value

    def expires_at(self) -> dt.datetime:
        """The last moment of the chosen day, in the site's time zone (shown as that day)."""
        day: dt.date = self.cleaned_data["expires_on"]
        return timezone.make_aware(dt.datetime.combine(day, dt.time.max))
