from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from satudata.accounts.models import Organization, Role, User
from satudata.core.review import FieldReviewForm
from satudata.core.uploads import check_upload
from satudata.planning import permissions
from satudata.planning.models import ActionItem, ActionItemStatus, Attendance, Cycle, DaftarDataItem, ForumMeeting

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LIMIT_TEXT = filesizeformat(settings.SATUDATA_MAX_DOCUMENT_UPLOAD)


class CycleStartForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    start_date = forms.DateField(label=_("Tanggal mulai langkah 1"), widget=DATE)
    carry_daftar_data = forms.BooleanField(
        label=_("Bawa Daftar Data yang disepakati pada siklus sebelumnya (sebagai draf untuk direviu ulang)"),
        required=False,
        initial=True,
    )


class StepEvidenceForm(forms.Form):
    KINDS = ("pdf", "jpg", "jpeg", "png", "docx", "xlsx", "zip")
    file = forms.FileField(
        label=_("Berkas bukti"),
        help_text=_("PDF, gambar, DOCX, XLSX atau ZIP; paling besar %(limit)s.") % {"limit": LIMIT_TEXT},
    )
    note = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}))

    def clean_file(self) -> Any:
        return check_upload(self.cleaned_data["file"], kinds=self.KINDS)


class MeetingForm(forms.ModelForm[ForumMeeting]):
    class Meta:
        model = ForumMeeting
        fields = ["title", "agenda", "starts_at", "place", "invited_organizations", "invited_people", "minutes"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
            "invited_organizations": forms.CheckboxSelectMultiple,
            "invited_people": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs_field = self.fields["invited_organizations"]
        people_field = self.fields["invited_people"]
        assert isinstance(orgs_field, forms.ModelMultipleChoiceField)
        assert isinstance(people_field, forms.ModelMultipleChoiceField)
        orgs_field.queryset = Organization.objects.filter(is_active=True)
        people_field.queryset = (
            User.objects.filter(is_active=True, memberships__isnull=False).distinct().order_by("full_name", "username")
        )


def attendance_initial(meeting: ForumMeeting) -> list[dict[str, Any]]:
    """The invited people, as the first lines of an empty attendance list."""
    rows = []
    # In name order: the M2M has none of its own, and PostgreSQL returns rows in any order.
    people = meeting.invited_people.order_by("full_name", "username").prefetch_related("memberships__organization")
    for person in people:
        membership = next((m for m in person.memberships.all() if m.organization_id), None)
        rows.append({"name": person.display_name(), "organization": membership.organization if membership else None,
                     "position": person.position, "present": True})  # fmt: skip
    return rows


class AttendanceForm(forms.ModelForm[Attendance]):
    class Meta:
        model = Attendance
        fields = ["name", "organization", "position", "present"]

    def __init__(self, *args: Any, prefilled: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prefilled = prefilled

    def has_changed(self) -> bool:
        # Django skips an extra line equal to its initial values; a line pre-filled with an invited
        # person is the secretariat's entry all the same, so saving the list as shown keeps it.
        return self.prefilled or super().has_changed()


class AttendanceFormSet(forms.BaseInlineFormSet[Attendance, ForumMeeting, AttendanceForm]):
    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        kwargs = super().get_form_kwargs(index)
        # The extra lines that hold the `initial` rows (the invited people); index None is the
        # blank template form.
        extra = None if index is None else index - self.initial_form_count()
        kwargs["prefilled"] = extra is not None and 0 <= extra < len(self.initial_extra or [])
        return kwargs


def attendance_formset(
    meeting: ForumMeeting, data: Any = None
) -> forms.BaseInlineFormSet[Attendance, ForumMeeting, AttendanceForm]:
    """The attendance list; an empty one starts with the invited people, three blank lines below."""
    initial = [] if meeting.attendance.exists() else attendance_initial(meeting)
    formset_class = forms.inlineformset_factory(
        ForumMeeting, Attendance, form=AttendanceForm, formset=AttendanceFormSet,
        extra=len(initial) + 3, can_delete=True,
    )  # fmt: skip
    return formset_class(data, instance=meeting, initial=initial)


class DaftarDataItemForm(forms.ModelForm[DaftarDataItem]):
    class Meta:
        model = DaftarDataItem
        fields = list(DaftarDataItem.REVIEWED_FIELDS)
        widgets = {"definisi": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "id_ddd": _("Kosongkan untuk dibuatkan otomatis."),
            "id_ddp": _("ID di Daftar Data Pusat/Prioritas bila merujuk; '-' bila dipastikan tidak merujuk."),
            "sumber_referensi": _("Dokumen perencanaan atau peraturan dasar butir ini, mis. 'RPJMD 2025–2029'."),
            "kode_standar_data": _("Kode SDS di INDAH, kode unsur KUGI untuk geospasial, atau N/A."),
            "klasifikasi_penyajian": _("Rincian penyajian, mis. 'Kecamatan, Jenis Kelamin'."),
            "kategori_rad": _("Kategori pada Rancangan Arsitektur Data SPBE."),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["id_ddd"].required = False
        orgs = Organization.objects.filter(is_active=True).exclude(kind=Organization.Kind.VERTIKAL)
        if not permissions.can_propose_for_any_organization(user):
            orgs = orgs.filter(pk__in=user.producer_org_ids())
        org_field = self.fields["organization"]
        assert isinstance(org_field, forms.ModelChoiceField)
        org_field.queryset = orgs
        if orgs.count() == 1 and not self.instance.pk:
            self.fields["organization"].initial = orgs.first()


class ReviewForm(FieldReviewForm):
    """The 21 numbered attributes of a Daftar Data item, each accepted or returned with a comment."""

    def __init__(self, *args: Any, item: DaftarDataItem, **kwargs: Any) -> None:
        super().__init__(*args, review_fields=list(DaftarDataItem.REVIEWED_FIELDS), **kwargs)
        self.item = item

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "number": DaftarDataItem.field_number(name),
                "label": DaftarDataItem.field_label(name),
                "value": self.item.display_value(name),
                "decision": self[f"decision_{name}"],
                "comment": self[f"comment_{name}"],
            }
            for name in DaftarDataItem.REVIEWED_FIELDS
        ]


class WorkbookImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas XLSX Daftar Data"),
        help_text=_("Format 19 kolom bernomor, seperti hasil ekspor; paling besar 5 MB."),
    )
    dry_run = forms.BooleanField(label=_("Periksa saja, jangan simpan"), required=False)

    def clean_file(self) -> Any:
        return check_upload(self.cleaned_data["file"], kinds=("xlsx",), max_size=5 * 1024 * 1024)


SIGNATORY_ROLES = ["Perwakilan Produsen Data", "Pembina Data", "Walidata", "Sekretariat Forum Satu Data"]


class BeritaAcaraForm(forms.Form):
    number = forms.CharField(label=_("Nomor"), max_length=100)
    date = forms.DateField(label=_("Tanggal"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(len(SIGNATORY_ROLES)):
            self.fields[f"sig{i}_title"] = forms.CharField(label=_("Jabatan"), required=False, max_length=200)
            self.fields[f"sig{i}_name"] = forms.CharField(label=_("Nama"), max_length=200)
            self.fields[f"sig{i}_nip"] = forms.CharField(label=_("NIP"), required=False, max_length=30)

    def signatory_groups(self) -> list[tuple[str, list[Any]]]:
        return [
            (role, [self[f"sig{i}_title"], self[f"sig{i}_name"], self[f"sig{i}_nip"]])
            for i, role in enumerate(SIGNATORY_ROLES)
        ]

    def signatories(self) -> list[dict[str, str]]:
        return [
            {
                "role": role,
                "title": self.cleaned_data[f"sig{i}_title"],
                "name": self.cleaned_data[f"sig{i}_name"],
                "nip": self.cleaned_data[f"sig{i}_nip"],
            }
            for i, role in enumerate(SIGNATORY_ROLES)
        ]


class SignedScanForm(forms.Form):
    scan = forms.FileField(
        label=_("Pindaian bertanda tangan"),
        help_text=_("PDF, JPG atau PNG; paling besar %(limit)s.") % {"limit": LIMIT_TEXT},
    )

    def clean_scan(self) -> Any:
        return check_upload(self.cleaned_data["scan"], kinds=("pdf", "jpg", "jpeg", "png"))


def default_signatory_initial() -> dict[str, str]:
    """Prefill signatories from the organizations' heads where the data is there."""
    initial: dict[str, str] = {}
    sources = {1: Role.PEMBINA, 2: Role.WALIDATA, 3: Role.FORUM}
    for i, role in sources.items():
        org = Organization.objects.filter(memberships__role=role).exclude(head_name="").first()
        if org:
            initial[f"sig{i}_title"] = f"Kepala {org.name}"
            initial[f"sig{i}_name"] = org.head_name
            initial[f"sig{i}_nip"] = org.head_nip
    return initial


def epss_indicator_choices() -> list[tuple[str, Any]]:
    from satudata.evaluation.epss import DEFAULT_STRUCTURE

    return [("", _("— tidak terkait indikator —"))] + [
        (i.code, f"{i.code} {i.name}") for d in DEFAULT_STRUCTURE for a in d.aspects for i in a.indicators
    ]


class ActionItemForm(forms.ModelForm[ActionItem]):
    indicator_code = forms.ChoiceField(label=_("Indikator EPSS"), required=False, choices=epss_indicator_choices)

    class Meta:
        model = ActionItem
        fields = list(ActionItem.FIELDS)
        widgets = {"reason": forms.Textarea(attrs={"rows": 3}), "due_date": DATE}
        help_texts = {
            "reason": _("Mengapa: indikator EPSS yang lemah, masalah kualitas data, temuan laporan konsistensi."),
            "problem": _("Mis. Ketepatan waktu 50: rilis 2025 terlambat 30 hari."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from satudata.datasets.models import Dataset

        super().__init__(*args, **kwargs)
        organization = self.fields["organization"]
        assert isinstance(organization, forms.ModelChoiceField)
        organization.queryset = Organization.objects.filter(is_active=True).order_by("name")
        dataset = self.fields["dataset"]
        assert isinstance(dataset, forms.ModelChoiceField)
        dataset.queryset = Dataset.objects.select_related("organization").order_by("title")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("indicator_code") or data.get("dataset") or (data.get("problem") or "").strip()):
            raise forms.ValidationError(
                _("Kaitkan butir dengan indikator EPSS, dataset bermasalah, atau tulis masalah kualitasnya.")
            )
        return data


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItemStatus.choices)
    note = forms.CharField(label=_("Catatan kemajuan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class StartPlanForm(forms.Form):
    carry_unfinished = forms.BooleanField(
        label=_("Bawa butir Renaksi tahun ini yang belum selesai"), required=False, initial=True
    )


class AgreePlanForm(BeritaAcaraForm):
    meeting = forms.ModelChoiceField(label=_("Rapat Forum"), queryset=ForumMeeting.objects.none())

    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meeting = self.fields["meeting"]
        assert isinstance(meeting, forms.ModelChoiceField)
        meeting.queryset = cycle.meetings.order_by("-starts_at")
        self.order_fields(["meeting", "number", "date"])
