from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from satudata.core.uploads import check_upload
from satudata.evaluation.epss import Level
from satudata.evaluation.worksheet import Worksheet


class StartForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun penilaian"), min_value=2020, max_value=2100)


class ScoreForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("Tingkat kematangan"),
        choices=[("", _("— belum dinilai —")), *Level.choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    explanation = forms.CharField(
        label=_("Penjelasan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Uraikan prosesnya dan bagaimana bukti dukung membuktikannya (mis. pasal Perbup atau SOP)."),
        max_length=10000,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("level") is not None and not (data.get("explanation") or "").strip():
            self.add_error("explanation", _("Tulis penjelasan untuk tingkat yang dipilih."))
        return data


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("Judul bukti"), max_length=300)
    url = forms.CharField(
        label=_("Tautan"),
        required=False,
        max_length=500,
        help_text=_("Alamat halaman di portal ini (mis. /kelola/…) atau di situs lain (https://…)."),
    )
    KINDS = ("pdf", "jpg", "jpeg", "png", "docx", "xlsx", "zip")
    file = forms.FileField(label=_("Berkas"), required=False)
    note = forms.CharField(label=_("Keterangan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_url(self) -> str:
        url: str = self.cleaned_data.get("url", "").strip()
        if url and not url.startswith("/"):
            URLValidator(schemes=["https", "http"], message=_("Tautan harus diawali / atau https://."))(url)
        if url.startswith("//"):
            raise forms.ValidationError(_("Tautan harus diawali / atau https://."))
        return url

    def clean_file(self) -> Any:
        file = self.cleaned_data.get("file")
        if file is not None:
            check_upload(file, kinds=self.KINDS)
        return file

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, gambar, DOCX, XLSX atau ZIP; paling besar %(limit)s.") % {
            "limit": filesizeformat(settings.SATUDATA_MAX_DOCUMENT_UPLOAD)
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("url") and not data.get("file"):
            raise forms.ValidationError(_("Lampirkan berkas atau isi tautan."))
        if data.get("url") and data.get("file"):
            raise forms.ValidationError(_("Pilih salah satu: berkas atau tautan, bukan keduanya."))
        return data


class WeightsForm(forms.Form):
    """One percent field per domain, aspect and indicator of the year's worksheet."""

    note = forms.CharField(label=_("Alasan perubahan"), max_length=500)

    def __init__(self, *args: Any, sheet: Worksheet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        for d in sheet.domains:
            self._add(d.domain.code, d.domain.weight, f"{d.domain.code}. {d.domain.name}")
            for a in d.aspects:
                self._add(a.aspect.code, a.aspect.weight, f"{a.aspect.code} {a.aspect.name}")
                for i in a.indicators:
                    self._add(i.code, i.weight, f"{i.code} {i.name}")

    def _add(self, code: str, initial: Decimal, label: str) -> None:
        self.fields[f"w_{code}"] = forms.DecimalField(
            label=label, initial=initial, min_value=Decimal(0), max_value=Decimal(100), decimal_places=2, max_digits=5
        )

    def weights(self) -> dict[str, Decimal]:
        return {name[2:]: value for name, value in self.cleaned_data.items() if name.startswith("w_")}
