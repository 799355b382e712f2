from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from satudata.datasets.forms import PeriodField
from satudata.datasets.models import Dataset

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE_ERROR = gettext_lazy("Masukkan tanggal yang sah dengan format TTTT-BB-HH, mis. 2026-03-31.")


class DateInput(forms.DateInput):
    """A native date picker; without JavaScript or an old browser it is a text box taking ISO dates."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label: StrOrPromise, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label, widget=DateInput(), input_formats=["%Y-%m-%d"], error_messages={"invalid": DATE_ERROR}, **kwargs
    )


class DatasetChoiceField(forms.ModelChoiceField[Dataset]):
    def label_from_instance(self, obj: Dataset) -> str:
        return f"{obj.title} ({obj.organization.short_name})"


def schedulable_datasets(organization_ids: set[int] | None) -> QuerySet[Dataset]:
    datasets = Dataset.objects.select_related("organization").order_by("organization__name", "title")
    return datasets if organization_ids is None else datasets.filter(organization_id__in=organization_ids)


class ScheduleForm(forms.Form):
    dataset = DatasetChoiceField(label=gettext_lazy("Dataset"), queryset=Dataset.objects.none())
    period = PeriodField(help_text=gettext_lazy("Periode data yang dirilis, mis. 2025 (atau 2025-S1, 2025-03)."))
    planned_date = date_field(gettext_lazy("Tanggal rilis rencana"))
    note = forms.CharField(
        label=gettext_lazy("Catatan"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, organization_ids: set[int] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        dataset: Any = self.fields["dataset"]
        dataset.queryset = schedulable_datasets(organization_ids)


class RescheduleForm(forms.Form):
    planned_date = date_field(gettext_lazy("Tanggal rilis rencana yang baru"))
    reason = forms.CharField(
        label=gettext_lazy("Alasan perubahan"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Alasan perubahan wajib diisi.")},
    )  # fmt: skip


class GenerateForm(forms.Form):
    dataset = DatasetChoiceField(label=gettext_lazy("Dataset"), queryset=Dataset.objects.none())
    year = forms.IntegerField(
        label=gettext_lazy("Tahun data"), min_value=2000, max_value=2100,
        error_messages={"invalid": gettext_lazy("Masukkan tahun empat angka, mis. 2026.")},
    )  # fmt: skip
    first_planned_date = date_field(
        gettext_lazy("Tanggal rilis periode pertama"),
        help_text=gettext_lazy(
            "Periode berikutnya (semester, triwulan, bulan) dijadwalkan dengan jarak yang sama dari akhir periodenya."
        ),
    )

    def __init__(self, *args: Any, organization_ids: set[int] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        dataset: Any = self.fields["dataset"]
        dataset.queryset = schedulable_datasets(organization_ids)
        self.fields["year"].initial = timezone.localdate().year
