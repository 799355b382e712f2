"""The field-by-field review form shared by the Daftar Data and the statistical metadata: one
decision (accepted / needs revision) and one comment per reviewed field; a comment is required
where revision is asked."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class FieldReviewForm(forms.Form):
    note = forms.CharField(label=_("Catatan umum"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    missing_comment = _("Tulis apa yang perlu diperbaiki pada kolom ini.")

    def __init__(self, *args: Any, review_fields: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.review_fields = review_fields
        for name in review_fields:
            # Not required: the radio starts at "accepted", and a missing answer means the same.
            self.fields[f"decision_{name}"] = forms.ChoiceField(
                choices=[("accepted", _("Diterima")), ("needs_revision", _("Perlu perbaikan"))],
                initial="accepted", widget=forms.RadioSelect, required=False,
            )  # fmt: skip
            self.fields[f"comment_{name}"] = forms.CharField(required=False, max_length=1000, label=_("Komentar"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.review_fields:
            if data.get(f"decision_{name}") == "needs_revision" and not data.get(f"comment_{name}", "").strip():
                self.add_error(f"comment_{name}", self.missing_comment)
        return data

    def field_reviews(self) -> dict[str, dict[str, str]]:
        return {
            name: {
                "decision": self.cleaned_data[f"decision_{name}"] or "accepted",
                "comment": self.cleaned_data[f"comment_{name}"].strip(),
            }
            for name in self.review_fields
        }
