from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from satudata.datasets.models import Dataset, ReviewComment
from satudata.datasets.schema import FIELD_TYPES, ROLES, WILAYAH_LEVELS, CodeRef, Field, SchemaError, TableSchema
from satudata.reference.models import CodeList, DataStandard

DATA_SUFFIXES = ("csv", "tsv", "txt", "xlsx", "xlsm", "xls", "ods")
TYPE_LABELS = {
    "string": gettext_lazy("teks"),
    "integer": gettext_lazy("angka bulat"),
    "number": gettext_lazy("angka"),
    "boolean": gettext_lazy("ya/tidak"),
    "date": gettext_lazy("tanggal"),
    "year": gettext_lazy("tahun"),
}
ROLE_LABELS = {
    "dimension": gettext_lazy("dimensi (wilayah, kategori)"),
    "measure": gettext_lazy("ukuran (angka)"),
    "period": gettext_lazy("periode"),
    "attribute": gettext_lazy("keterangan"),
}
LEVEL_LABELS = {
    "provinsi": gettext_lazy("provinsi"),
    "kabupaten_kota": gettext_lazy("kabupaten/kota"),
    "kecamatan": gettext_lazy("kecamatan"),
    "desa_kelurahan": gettext_lazy("desa/kelurahan"),
}


def max_upload_bytes() -> int:
    return int(settings.SATUDATA_MAX_DATA_UPLOAD_MB) * 1024 * 1024


class DatasetForm(forms.ModelForm[Dataset]):
    """The dataset's description and its links to the OPD's statistical activity, variables (MS-Var)
    and indicators (MS-Ind); only the dataset's own OPD's metadata is offered."""

    class Meta:
        model = Dataset
        fields = [*Dataset.EDITABLE_FIELDS, "activity", "variables", "indicators"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "variables": forms.CheckboxSelectMultiple,
            "indicators": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from satudata.metadata.models import Indicator, StatisticalActivity, Variable

        org = self.instance.organization_id
        activity: Any = self.fields["activity"]
        activity.queryset = StatisticalActivity.objects.filter(organization_id=org).order_by("-year", "title")
        variables: Any = self.fields["variables"]
        variables.queryset = Variable.objects.filter(activity__organization_id=org).select_related("activity")
        indicators: Any = self.fields["indicators"]
        indicators.queryset = Indicator.objects.filter(activity__organization_id=org).select_related("activity")


class PeriodField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", gettext_lazy("Periode"))
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", gettext_lazy("Tahun data, mis. 2024 (atau 2024-S1, 2024-03)."))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        text = str(super().clean(value)).strip()
        import re

        if not re.fullmatch(r"\d{4}(-(S[12]|Q[1-4]|TW[1-4]|\d{2}))?", text):
            raise ValidationError(
                _("Periode harus berbentuk tahun (2024) atau tahun dengan bagian (2024-S1, 2024-03).")
            )
        return text


class UploadForm(forms.Form):
    period = PeriodField()
    file = forms.FileField(label=gettext_lazy("Berkas data (CSV atau XLSX)"))
    sheet = forms.CharField(
        label=gettext_lazy("Lembar (sheet)"), required=False, max_length=100,
        help_text=gettext_lazy("Kosongkan untuk lembar pertama."),
    )  # fmt: skip
    header_row = forms.IntegerField(
        label=gettext_lazy("Baris judul kolom"), required=False, min_value=1, max_value=1000,
        help_text=gettext_lazy("Kosongkan agar dikenali otomatis (baris judul tabel di atasnya dilewati)."),
    )  # fmt: skip
    change_note = forms.CharField(
        label=gettext_lazy("Catatan perubahan"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Wajib bila mengoreksi periode yang sudah terbit."),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = settings.SATUDATA_MAX_DATA_UPLOAD_MB
        self.fields["file"].help_text = _(
            "CSV (pemisah apa saja, UTF-8 atau Windows-1252) atau XLSX; paling besar %(mb)s MB."
        ) % {"mb": limit}
        self.fields["file"].widget.attrs.update(
            {"accept": ",".join(f".{s}" for s in DATA_SUFFIXES), "data-max-bytes": str(max_upload_bytes())}
        )

    def clean_file(self) -> UploadedFile:
        file: UploadedFile = self.cleaned_data["file"]
        name = file.name or ""
        suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if suffix not in DATA_SUFFIXES:
            raise ValidationError(
                _("Berkas '%(name)s' bukan CSV atau XLSX (yang diterima: %(allowed)s).")
                % {"name": name, "allowed": ", ".join(f".{s}" for s in DATA_SUFFIXES)}
            )
        if file.size == 0:
            raise ValidationError(_("Berkas '%(name)s' kosong.") % {"name": name})
        if file.size is not None and file.size > max_upload_bytes():
            raise ValidationError(
                _(
                    "Berkas '%(name)s' berukuran %(size)s MB; batasnya %(mb)s MB. Bagi berkas per periode atau hubungi walidata untuk impor melalui perintah."
                )
                % {"name": name, "size": f"{file.size / 1024 / 1024:.0f}", "mb": settings.SATUDATA_MAX_DATA_UPLOAD_MB}
            )
        return file


class MappingForm(forms.Form):
    """One choice per schema column: which column of the file holds it."""

    def __init__(
        self, *args: Any, schema: TableSchema, headers: list[str], initial_mapping: dict[str, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— tidak ada di berkas —")), *[(h, h) for h in headers]]
        period = schema.period_field
        for f in schema.fields:
            label = f"{f.label} ({f.name})"
            help_text = ""
            if f is period:
                help_text = _("Bila tidak ada, diisi dengan periode versi ini.")
            self.fields[f"map_{f.name}"] = forms.ChoiceField(
                label=label, choices=choices, required=f.required and f is not period,
                initial=initial_mapping.get(f.name, ""), help_text=help_text,
            )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [v for k, v in data.items() if k.startswith("map_") and v]
        dupes = sorted({v for v in chosen if chosen.count(v) > 1})
        if dupes:
            raise ValidationError(_("Kolom berkas dipakai lebih dari sekali: %(cols)s.") % {"cols": ", ".join(dupes)})
        return data

    def mapping(self) -> dict[str, str]:
        return {k.removeprefix("map_"): v for k, v in self.cleaned_data.items() if k.startswith("map_") and v}


def code_ref_choices(region_code: str) -> list[tuple[str, str]]:
    province = region_code.split(".")[0]
    choices: list[tuple[str, str]] = [("", "—")]
    for level in WILAYAH_LEVELS:
        parent = {"provinsi": "", "kabupaten_kota": province}.get(level, region_code)
        label = _("Kode wilayah: %(level)s") % {"level": LEVEL_LABELS[level]}
        choices.append((f"wilayah:{level}:{parent}", label + (f" ({parent})" if parent else "")))
    for slug, name in CodeList.objects.order_by("name").values_list("slug", "name").distinct():
        choices.append((f"codelist:{slug}", _("Daftar kode: %(name)s") % {"name": name}))
    return choices


class SchemaFieldForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nama kolom"), max_length=63)
    title = forms.CharField(label=gettext_lazy("Judul"), max_length=200, required=False)
    type = forms.ChoiceField(label=gettext_lazy("Tipe"), choices=[(t, TYPE_LABELS[t]) for t in FIELD_TYPES])
    role = forms.ChoiceField(label=gettext_lazy("Peran"), choices=[(r, ROLE_LABELS[r]) for r in ROLES])
    unit = forms.CharField(label=gettext_lazy("Satuan"), max_length=50, required=False)
    required = forms.BooleanField(label=gettext_lazy("Wajib"), required=False)
    unique = forms.BooleanField(label=gettext_lazy("Unik"), required=False)
    minimum = forms.FloatField(label=gettext_lazy("Min"), required=False)
    maximum = forms.FloatField(label=gettext_lazy("Maks"), required=False)
    enum = forms.CharField(label=gettext_lazy("Pilihan nilai"), required=False, max_length=2000,
                           help_text=gettext_lazy("Pisahkan dengan |"))  # fmt: skip
    pattern = forms.CharField(label=gettext_lazy("Pola"), required=False, max_length=200)
    code_ref = forms.ChoiceField(label=gettext_lazy("Daftar kode"), required=False, choices=[])
    name_of = forms.CharField(label=gettext_lazy("Nama dari kolom"), required=False, max_length=63)
    standard = forms.ChoiceField(label=gettext_lazy("Standar Data"), required=False, choices=[])
    description = forms.CharField(label=gettext_lazy("Deskripsi"), required=False, max_length=1000)

    def __init__(
        self, *args: Any, code_choices: list[tuple[str, str]], standard_choices: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code_ref"].choices = code_choices  # type: ignore[attr-defined]
        self.fields["standard"].choices = standard_choices  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(field: Field) -> dict[str, Any]:
        ref = ""
        if field.code_ref and field.code_ref.wilayah_level:
            ref = f"wilayah:{field.code_ref.wilayah_level}:{field.code_ref.parent}"
        elif field.code_ref:
            ref = f"codelist:{field.code_ref.code_list}"
        return {
            "name": field.name, "title": field.title, "type": field.type, "role": field.role, "unit": field.unit,
            "required": field.required, "unique": field.unique, "minimum": field.minimum, "maximum": field.maximum,
            "enum": " | ".join(field.enum), "pattern": field.pattern, "code_ref": ref, "name_of": field.name_of,
            "standard": field.standard, "description": field.description,
        }  # fmt: skip

    def descriptor(self) -> dict[str, Any]:
        d = self.cleaned_data
        ref = d.get("code_ref") or ""
        code_ref: CodeRef | None = None
        if ref.startswith("wilayah:"):
            _kind, level, parent = ([*ref.split(":"), ""])[:3]
            code_ref = CodeRef(wilayah_level=level, parent=parent)
        elif ref.startswith("codelist:"):
            code_ref = CodeRef(code_list=ref.removeprefix("codelist:"))
        field = Field(
            name=d["name"].strip(), type=d["type"], title=d.get("title", "").strip(), role=d["role"],
            unit=d.get("unit", "").strip(), required=bool(d.get("required")), unique=bool(d.get("unique")),
            minimum=d.get("minimum"), maximum=d.get("maximum"),
            enum=tuple(v.strip() for v in (d.get("enum") or "").split("|") if v.strip()),
            pattern=(d.get("pattern") or "").strip(), code_ref=code_ref, name_of=(d.get("name_of") or "").strip(),
            standard=d.get("standard") or "", description=(d.get("description") or "").strip(),
        )  # fmt: skip
        return field.to_descriptor()


class BaseSchemaFormSet(forms.BaseFormSet[SchemaFieldForm]):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        try:
            TableSchema.from_descriptor({"fields": self.descriptors()})
        except SchemaError as exc:
            raise ValidationError(str(exc)) from exc

    def descriptors(self) -> list[dict[str, Any]]:
        """The kept rows' field descriptors, in order (empty extra rows and deleted rows left out)."""
        out = []
        for form in self.forms:
            if form.cleaned_data.get("DELETE") or not form.cleaned_data.get("name"):
                continue
            out.append(form.descriptor())
        return out


SchemaFormSet = forms.formset_factory(SchemaFieldForm, formset=BaseSchemaFormSet, extra=2, can_delete=True)


def standard_choices() -> list[tuple[str, str]]:
    return [("", "—"), *[(c, f"{c} {n}") for c, n in DataStandard.objects.order_by("code").values_list("code", "name")]]


class NoteForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Catatan"), widget=forms.Textarea(attrs={"rows": 2}))
    column = forms.ChoiceField(label=gettext_lazy("Kolom"), required=False, choices=[])
    row = forms.IntegerField(label=gettext_lazy("Baris"), required=False, min_value=1)

    def __init__(self, *args: Any, columns: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["column"].choices = [  # type: ignore[attr-defined]
            ("", _("— seluruh versi / baris —")),
            (ReviewComment.NARRATIVE, _("Narasi")),
            *columns,
        ]


class NarrativeForm(forms.Form):
    narrative = forms.CharField(
        label=gettext_lazy("Narasi"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "Interpretasi singkat data periode ini: apa yang naik atau turun, di mana, dan mengapa. "
            "Diperiksa bersama data saat verifikasi dan tampil di halaman dataset setelah terbit."
        ),
    )


class ReferenceFigureForm(forms.Form):
    period = PeriodField()
    column = forms.ChoiceField(label=gettext_lazy("Kolom ukuran"), choices=[])
    value = forms.FloatField(label=gettext_lazy("Nilai"))
    source = forms.CharField(label=gettext_lazy("Sumber"), max_length=300)

    def __init__(self, *args: Any, columns: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["column"].choices = columns  # type: ignore[attr-defined]
