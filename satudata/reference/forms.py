from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from satudata.accounts.models import Organization, User
from satudata.reference import permissions
from satudata.reference.models import DataStandard


class DataStandardForm(forms.ModelForm[DataStandard]):
    class Meta:
        model = DataStandard
        fields = [
            "name",
            "concept",
            "definition",
            "classification",
            "code_list",
            "measure",
            "unit",
            "reference",
            "sds_code",
            "organization",
        ]
        widgets = {
            "concept": forms.Textarea(attrs={"rows": 3}),
            "definition": forms.Textarea(attrs={"rows": 3}),
            "classification": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org_field = self.fields["organization"]
        assert isinstance(org_field, forms.ModelChoiceField)
        own = user.producer_org_ids()
        if not permissions.can_propose_standard_for_any_organization(user):
            # A producer proposes for its own OPD.
            org_field.queryset = Organization.objects.filter(pk__in=own)
            org_field.required = True
            if len(own) == 1 and not self.instance.pk:
                org_field.initial = next(iter(own))
        else:
            org_field.queryset = Organization.objects.filter(is_active=True)


class StandardReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"), widget=forms.RadioSelect,
        choices=[("accept", _("Sepakati")), ("return", _("Kembalikan untuk perbaikan"))],
    )  # fmt: skip
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not data.get("note", "").strip():
            self.add_error("note", _("Tulis apa yang perlu diperbaiki."))
        return data
