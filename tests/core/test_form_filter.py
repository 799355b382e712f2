"""`bs` puts Bootstrap's classes on single inputs and leaves lists of choices as Django renders them."""

from django import forms
from django.utils.safestring import SafeString

from satudata.core.templatetags.satudata_forms import bs


class Sample(forms.Form):
    agree = forms.BooleanField(required=False)
    decision = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    kinds = forms.MultipleChoiceField(choices=[("a", "A")], widget=forms.CheckboxSelectMultiple)
    kind = forms.ChoiceField(choices=[("a", "A")])
    name = forms.CharField()


def test_each_widget_kind_gets_its_class() -> None:
    form = Sample()
    assert 'class="form-check-input"' in bs(form["agree"])
    assert 'class="form-select form-select-sm"' in bs(form["kind"], "sm")
    assert 'class="form-control"' in bs(form["name"])
    for name in ("decision", "kinds"):
        rendered = bs(form[name])
        assert isinstance(rendered, SafeString)
        assert rendered == form[name].as_widget() and "class=" not in rendered
