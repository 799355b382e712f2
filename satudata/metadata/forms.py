"""One form per MS-Keg block. Each form puts its values on the activity, runs the rules, and refuses
contradictions (naming the item); missing items are allowed, so a draft can be saved at any time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from satudata.accounts.models import Organization, User
from satudata.core.review import FieldReviewForm
from satudata.core.uploads import check_upload
from satudata.metadata import accuracy, codes, permissions, rules
from satudata.metadata.models import Indicator, RecommendationStatus, StatisticalActivity, Variable
from satudata.reference.models import Wilayah

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO = [("", "—"), ("ya", gettext_lazy("Ya")), ("tidak", gettext_lazy("Tidak"))]

BLOCK_FIELDS: dict[str, list[str]] = {
    "header": ["title", "year", "kode_kegiatan", "cara_pengumpulan", "sektor", "jenis_statistik", "rekomendasi", "identitas_rekomendasi", "daftar_items"],
    "I": ["instansi", "instansi_alamat", "instansi_telepon", "instansi_faksimile", "instansi_email"],
    "II": ["eselon_1", "eselon_2", "pj_nama", "pj_jabatan", "pj_alamat", "pj_telepon", "pj_faksimile", "pj_email"],
    "III": ["latar_belakang", "tujuan"],
    "IV": ["dilakukan", "frekuensi", "tipe_pengumpulan", "cakupan_wilayah", "metode_pengumpulan", "metode_pengumpulan_lainnya",
           "sarana_pengumpulan", "sarana_pengumpulan_lainnya", "unit_pengumpulan", "unit_pengumpulan_lainnya"],
    "V": list(rules.BLOCK_V_FIELDS),
    "VI": ["uji_coba", "pemeriksaan_kualitas", "pemeriksaan_kualitas_lainnya", "penyesuaian_nonrespon", "petugas",
           "pendidikan_petugas", "jumlah_supervisor", "jumlah_enumerator", "pelatihan_petugas"],
    "VII": ["metode_analisis", "unit_analisis", "unit_analisis_lainnya", "tingkat_penyajian", "tingkat_penyajian_lainnya"],
    "VIII": [],
}  # fmt: skip
# Fields kept as JSON on the model and edited through several form fields.
JSON_BLOCK_FIELDS = {
    "III": ["jadwal"],
    "IV": ["wilayah_kegiatan"],
    "VII": ["tahapan_pengolahan"],
    "VIII": ["produk", "rencana_rilis"],
}


class BlockForm(forms.ModelForm[StatisticalActivity]):
    block = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, flag_list in codes.FLAG_FIELDS.items():
            if name in self.fields:
                self.fields[name] = forms.MultipleChoiceField(
                    label=self.fields[name].label, choices=flag_list.choices, required=False, widget=forms.CheckboxSelectMultiple,
                    initial=getattr(self.instance, name),
                )  # fmt: skip
        for field in self.fields.values():
            field.required = False  # a draft may be incomplete; the rules list what is missing

    def model_fields(self) -> list[str]:
        return BLOCK_FIELDS[self.block] + JSON_BLOCK_FIELDS.get(self.block, [])

    def put_extra(self, activity: StatisticalActivity) -> None:
        """Blocks with composite items (schedule, yes/no groups) set them on the activity here."""

    def _post_clean(self) -> None:
        # After Django has put the cleaned values on the instance: the rules need the whole activity.
        super()._post_clean()  # type: ignore[misc]
        for name in codes.FLAG_FIELDS:
            if name in self.cleaned_data:
                setattr(self.instance, name, sorted(self.cleaned_data[name]))
        self.put_extra(self.instance)
        for problem in rules.contradictions(self.instance):
            target = problem.field if problem.field in self.fields else None
            self.add_error(target, str(problem))


class DaftarItemsField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.id_ddd} {obj.nama_data}"


class HeaderForm(BlockForm):
    block = "header"

    class Meta:
        model = StatisticalActivity
        fields = ["organization", *BLOCK_FIELDS["header"]]
        widgets = {"daftar_items": forms.CheckboxSelectMultiple}
        field_classes = {"daftar_items": DaftarItemsField}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = Organization.objects.filter(is_active=True).exclude(kind=Organization.Kind.VERTIKAL)
        if not permissions.can_record_for_any_organization(user):
            orgs = orgs.filter(pk__in=user.producer_org_ids())
        org_field = self.fields["organization"]
        assert isinstance(org_field, forms.ModelChoiceField)
        if self.instance.pk:
            del self.fields["organization"]  # an activity stays with its OPD
        else:
            org_field.queryset = orgs
            org_field.required = True
            only = orgs.first() if orgs.count() == 1 else None
            if only is not None and not self.is_bound:
                # form.initial (filled from the unsaved instance) wins over the field's initial
                self.initial["organization"] = only.pk
        items_field = self.fields["daftar_items"]
        assert isinstance(items_field, forms.ModelMultipleChoiceField)
        cycle = self.instance.cycle
        items = cycle.items.select_related("organization").order_by("organization__name", "id_ddd")
        if self.instance.pk:
            items = items.filter(organization=self.instance.organization)
        elif not permissions.can_record_for_any_organization(user):
            items = items.filter(organization_id__in=user.producer_org_ids())
        items_field.queryset = items
        self.fields["title"].required = True
        self.fields["year"].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        org = data.get("organization") or getattr(self.instance, "organization", None)
        for item in data.get("daftar_items") or []:
            if org is not None and item.organization_id != org.pk:
                self.add_error(
                    "daftar_items",
                    _("%(code)s milik %(org)s, bukan OPD kegiatan ini.")
                    % {"code": item.id_ddd, "org": item.organization.short_name},
                )
        return data


def _yes_no(answer: object) -> str:
    return "ya" if answer is True else "tidak" if answer is False else ""


def _date_or_none(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else None


class BlockIIIForm(BlockForm):
    block = "III"

    class Meta:
        model = StatisticalActivity
        fields = BLOCK_FIELDS["III"]
        widgets = {"latar_belakang": forms.Textarea(attrs={"rows": 4}), "tujuan": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        jadwal = self.instance.jadwal or {}
        for stage in codes.JADWAL_KEGIATAN:
            start, end = [*(jadwal.get(stage.value) or []), None, None][:2]
            name = f"3.3 {codes.JADWAL_KEGIATAN.group_labels[stage.group]}: {stage.label}"
            self.fields[f"{stage.value}__start"] = forms.DateField(
                label=_("%(stage)s — mulai") % {"stage": name}, required=False, widget=DATE, initial=start
            )
            self.fields[f"{stage.value}__end"] = forms.DateField(
                label=_("%(stage)s — selesai") % {"stage": name}, required=False, widget=DATE, initial=end
            )

    def put_extra(self, activity: StatisticalActivity) -> None:
        jadwal = {}
        for stage in codes.JADWAL_KEGIATAN:
            start, end = self.cleaned_data.get(f"{stage.value}__start"), self.cleaned_data.get(f"{stage.value}__end")
            if start or end:
                jadwal[stage.value] = [_date_or_none(start), _date_or_none(end)]
        activity.jadwal = jadwal


class BlockIVForm(BlockForm):
    block = "IV"
    wilayah = forms.CharField(
        label=gettext_lazy("4.5 Wilayah Kegiatan (kode kabupaten/kota)"), required=False,
        help_text=gettext_lazy("Kode Kemendagri dipisah koma, mis. 35.14, 35.75. Diisi bila cakupan sebagian wilayah Indonesia."),
    )  # fmt: skip

    class Meta:
        model = StatisticalActivity
        fields = BLOCK_FIELDS["IV"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wilayah"].initial = ", ".join(self.instance.wilayah_kegiatan or [])
        order = list(self.fields)
        order.insert(order.index("metode_pengumpulan"), order.pop(order.index("wilayah")))
        self.order_fields(order)

    def clean_wilayah(self) -> list[str]:
        codes_typed = [
            c.strip() for c in self.cleaned_data.get("wilayah", "").replace(";", ",").split(",") if c.strip()
        ]
        known = set(
            Wilayah.objects.filter(kode__in=codes_typed, level=Wilayah.Level.KABUPATEN_KOTA).values_list(
                "kode", flat=True
            )
        )
        unknown = [c for c in codes_typed if c not in known]
        if unknown:
            raise forms.ValidationError(_("Bukan kode kabupaten/kota: %(codes)s.") % {"codes": ", ".join(unknown)})
        return codes_typed

    def put_extra(self, activity: StatisticalActivity) -> None:
        if "wilayah" in self.cleaned_data:
            activity.wilayah_kegiatan = self.cleaned_data["wilayah"]


class BlockVIIForm(BlockForm):
    block = "VII"

    class Meta:
        model = StatisticalActivity
        fields = BLOCK_FIELDS["VII"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        answers = self.instance.tahapan_pengolahan or {}
        for step in codes.TAHAPAN_PENGOLAHAN_DATA:
            initial = _yes_no(answers.get(step.value))
            self.fields[f"tahap__{step.value}"] = forms.ChoiceField(
                label=f"7.1 {step.label}", choices=YES_NO, required=False, initial=initial
            )
        order = [f"tahap__{s.value}" for s in codes.TAHAPAN_PENGOLAHAN_DATA] + BLOCK_FIELDS["VII"]
        self.order_fields(order)

    def put_extra(self, activity: StatisticalActivity) -> None:
        activity.tahapan_pengolahan = {
            step.value: self.cleaned_data[f"tahap__{step.value}"] == "ya"
            for step in codes.TAHAPAN_PENGOLAHAN_DATA
            if self.cleaned_data.get(f"tahap__{step.value}")
        }


class BlockVIIIForm(BlockForm):
    block = "VIII"

    class Meta:
        model = StatisticalActivity
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        answers, dates = self.instance.produk or {}, self.instance.rencana_rilis or {}
        for product in codes.PRODUK_KEGIATAN:
            initial = _yes_no(answers.get(product.value))
            self.fields[f"produk__{product.value}"] = forms.ChoiceField(
                label=f"8.1 {product.label}", choices=YES_NO, required=False, initial=initial
            )
            self.fields[f"rilis__{product.value}"] = forms.DateField(
                label=_("8.2 Rencana rilis %(product)s") % {"product": product.label}, required=False, widget=DATE,
                initial=dates.get(product.value),
            )  # fmt: skip

    def put_extra(self, activity: StatisticalActivity) -> None:
        activity.produk = {
            p.value: self.cleaned_data[f"produk__{p.value}"] == "ya"
            for p in codes.PRODUK_KEGIATAN
            if self.cleaned_data.get(f"produk__{p.value}")
        }
        activity.rencana_rilis = {
            p.value: d.isoformat() for p in codes.PRODUK_KEGIATAN if (d := self.cleaned_data.get(f"rilis__{p.value}"))
        }


def _simple(block: str, widgets: dict[str, Any] | None = None) -> type[BlockForm]:
    meta = type("Meta", (), {"model": StatisticalActivity, "fields": BLOCK_FIELDS[block], "widgets": widgets or {}})
    return type(f"Block{block}Form", (BlockForm,), {"block": block, "Meta": meta})


BLOCK_FORMS: dict[str, type[BlockForm]] = {
    "header": HeaderForm,
    "I": _simple("I"),
    "II": _simple("II"),
    "III": BlockIIIForm,
    "IV": BlockIVForm,
    "V": _simple("V"),
    "VI": _simple("VI"),
    "VII": BlockVIIForm,
    "VIII": BlockVIIIForm,
}


def parse_pairs(text: str, *, columns: tuple[str, ...], label: str) -> list[dict[str, str]]:
    """Lines of "a | b | c" into dicts; a line with the wrong number of parts is refused by its number."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != len(columns) or not all(parts):
            raise forms.ValidationError(
                _("%(label)s baris %(n)s: tulis %(count)s bagian dipisah '|' (%(columns)s).")
                % {"label": label, "n": number, "count": len(columns), "columns": " | ".join(columns)}
            )
        rows.append(dict(zip(columns, parts, strict=True)))
    return rows


def format_pairs(rows: list[dict[str, str]], columns: tuple[str, ...]) -> str:
    return "\n".join(" | ".join(str(row.get(c, "")) for c in columns) for row in rows)


class VariableForm(forms.ModelForm[Variable]):
    value_domain_text = forms.CharField(
        label=gettext_lazy("(9) Klasifikasi Isian"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Satu pasangan per baris: kode | nilai, mis. 1 | Laki-laki."),
    )  # fmt: skip

    class Meta:
        model = Variable
        fields = ["number", "name", "alias", "konsep", "definisi", "referensi_pemilihan", "referensi_waktu", "ukuran", "satuan",
                  "tipe_data", "aturan_validasi", "kalimat_pertanyaan", "dapat_diakses_umum", "standard"]  # fmt: skip
        widgets = {
            f: forms.Textarea(attrs={"rows": 2})
            for f in ("konsep", "definisi", "aturan_validasi", "kalimat_pertanyaan")
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["value_domain_text"].initial = format_pairs(self.instance.value_domain or [], ("kode", "nilai"))
        self.order_fields([*self.Meta.fields[:10], "value_domain_text"])

    def clean_value_domain_text(self) -> list[dict[str, str]]:
        return parse_pairs(self.cleaned_data.get("value_domain_text", ""), columns=("kode", "nilai"), label="(9)")

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        if "value_domain_text" in self.cleaned_data:
            self.instance.value_domain = self.cleaned_data["value_domain_text"]


class IndicatorForm(forms.ModelForm[Indicator]):
    builders_text = forms.CharField(
        label=gettext_lazy("(11)–(12) Indikator Pembangun"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Untuk indikator komposit. Satu per baris: nama indikator | publikasi ketersediaan."),
    )  # fmt: skip
    variables_text = forms.CharField(
        label=gettext_lazy("(13)–(15) Variabel Pembangun"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Untuk indikator tidak komposit. Satu per baris: kegiatan penghasil | kode | nama variabel."),
    )  # fmt: skip

    class Meta:
        model = Indicator
        fields = ["number", "name", "konsep", "definisi", "interpretasi", "metode_perhitungan", "rumus", "ukuran", "satuan",
                  "klasifikasi_penyajian", "komposit", "level_estimasi", "dapat_diakses_umum", "standard"]  # fmt: skip
        widgets = {
            f: forms.Textarea(attrs={"rows": 2}) for f in ("konsep", "definisi", "interpretasi", "metode_perhitungan")
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["builders_text"].initial = format_pairs(
            self.instance.indikator_pembangun or [], ("nama", "publikasi")
        )
        self.fields["variables_text"].initial = format_pairs(
            self.instance.variabel_pembangun or [], ("kegiatan", "kode", "nama")
        )
        self.order_fields([*self.Meta.fields[:11], "builders_text", "variables_text"])

    def clean_builders_text(self) -> list[dict[str, str]]:
        return parse_pairs(self.cleaned_data.get("builders_text", ""), columns=("nama", "publikasi"), label="(11)–(12)")

    def clean_variables_text(self) -> list[dict[str, str]]:
        return parse_pairs(
            self.cleaned_data.get("variables_text", ""), columns=("kegiatan", "kode", "nama"), label="(13)–(15)"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        composite = data.get("komposit")
        if composite == "ya" and data.get("variables_text"):
            self.add_error("variables_text", _("(13)–(15) Variabel Pembangun harus kosong karena indikator komposit."))
        if composite == "tidak" and data.get("builders_text"):
            self.add_error(
                "builders_text", _("(11)–(12) Indikator Pembangun harus kosong karena indikator tidak komposit.")
            )
        return data

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        self.instance.indikator_pembangun = self.cleaned_data.get("builders_text") or []
        self.instance.variabel_pembangun = self.cleaned_data.get("variables_text") or []


class ActivityReviewForm(FieldReviewForm):
    """Every MS-Keg item of an activity, each accepted or returned with a comment."""

    missing_comment = gettext_lazy("Tulis apa yang perlu diperbaiki pada isian ini.")

    def __init__(self, *args: Any, activity: StatisticalActivity, **kwargs: Any) -> None:
        fields = [f for block in BLOCK_FIELDS.values() for f in block]
        fields += [f for block in JSON_BLOCK_FIELDS.values() for f in block]
        # Each MS-Var and MS-Ind row is reviewed too, as one entry named after its row.
        self.rows: dict[str, Variable | Indicator] = {}
        if activity.pk:
            self.rows |= {f"var:{v.pk}": v for v in activity.variables.all()}
            self.rows |= {f"ind:{i.pk}": i for i in activity.indicators.all()}
        super().__init__(*args, review_fields=fields + list(self.rows), **kwargs)
        self.activity = activity

    def label(self, name: str) -> str:
        row = self.rows.get(name)
        if row is not None:
            kind = "MS-Var" if isinstance(row, Variable) else "MS-Ind"
            return f"{kind} {row.number}. {row.name}"
        if ":" in name:  # a row reviewed earlier and deleted since
            return name
        field = StatisticalActivity._meta.get_field(name)
        assert isinstance(field, models.Field | models.ManyToManyField)
        return str(field.verbose_name)


class RecommendationForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=RecommendationStatus.choices)
    submitted_on = forms.DateField(label=gettext_lazy("Tanggal diajukan ke BPS"), required=False, widget=DATE)
    number = forms.CharField(label=gettext_lazy("Nomor rekomendasi"), required=False, max_length=100)
    issued_on = forms.DateField(label=gettext_lazy("Tanggal rekomendasi"), required=False, widget=DATE)
    letter = forms.FileField(label=gettext_lazy("Surat rekomendasi (PDF)"), required=False)
    note = forms.CharField(
        label=gettext_lazy("Catatan konsultasi"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_letter(self) -> Any:
        letter = self.cleaned_data.get("letter")
        return check_upload(letter, kinds=("pdf",)) if letter else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == RecommendationStatus.RECOMMENDED:
            for field in ("number", "issued_on"):
                if not data.get(field):
                    self.add_error(field, _("Wajib diisi bila kegiatan sudah direkomendasikan."))
        if data.get("status") == RecommendationStatus.RETURNED and not data.get("note", "").strip():
            self.add_error("note", _("Tulis catatan perbaikan dari BPS."))
        return data


class SamplingErrorForm(forms.Form):
    variable_name = forms.CharField(label=gettext_lazy("Variabel utama"), max_length=200)
    design = forms.ChoiceField(
        label=gettext_lazy("Rancangan dan masukan"), choices=[(k, gettext_lazy(v)) for k, v in accuracy.DESIGNS]
    )
    n = forms.IntegerField(label=gettext_lazy("n (ukuran sampel)"), required=False, min_value=1)
    mean = forms.FloatField(label=gettext_lazy("Rata-rata sampel"), required=False)
    sd = forms.FloatField(label=gettext_lazy("Simpangan baku sampel (s, pembagi n−1)"), required=False, min_value=0)
    p = forms.FloatField(label=gettext_lazy("Proporsi sampel p (0–1)"), required=False, min_value=0, max_value=1)
    population_size = forms.IntegerField(
        label=gettext_lazy("N (ukuran populasi; kosongkan bila tak diketahui)"), required=False, min_value=1
    )
    total_clusters = forms.IntegerField(
        label=gettext_lazy("M (jumlah klaster di populasi)"), required=False, min_value=2
    )
    strata_lines = forms.CharField(
        label=gettext_lazy("Ringkasan per strata"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Satu strata per baris: nama | N | n | rata-rata | simpangan baku (untuk proporsi: nama | N | n | p)."),
    )  # fmt: skip
    sample = forms.FileField(
        label=gettext_lazy("Data sampel (CSV)"),
        required=False,
        help_text=gettext_lazy("Kolom: nilai; opsional strata dan populasi_strata. Paling besar 5 MB."),
    )
    apply = forms.BooleanField(label=gettext_lazy("Pakai hasilnya untuk MS-Keg 5.6"), required=False)

    def clean_sample(self) -> Any:
        # Checked like every upload: the extension, and the size before the file is read.
        sample = self.cleaned_data.get("sample")
        return check_upload(sample, kinds=("csv",), max_size=accuracy.MAX_CSV_BYTES) if sample else None


class AdministrativeAccuracyForm(forms.Form):
    source_validation = forms.CharField(
        label=gettext_lazy("Validasi atau reviu sumber data"), widget=forms.Textarea(attrs={"rows": 3})
    )
    editing = forms.CharField(
        label=gettext_lazy("Pemeriksaan dan editing data"), widget=forms.Textarea(attrs={"rows": 3})
    )
    supervision = forms.CharField(
        label=gettext_lazy("Supervisi akurasi data"), widget=forms.Textarea(attrs={"rows": 3})
    )


class InstrumentForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Nama instrumen"), max_length=200, help_text=gettext_lazy("Mis. Kuesioner SSGB-2026.RT.")
    )
    version = forms.CharField(label=gettext_lazy("Versi"), max_length=30)
    dated = forms.DateField(label=gettext_lazy("Tanggal"), widget=DATE)
    file = forms.FileField(label=gettext_lazy("Berkas (PDF, DOCX atau XLSX)"))

    def clean_file(self) -> Any:
        return check_upload(self.cleaned_data["file"], kinds=("pdf", "docx", "xlsx"))
