"""`{{ field|bs }}` renders a form field with Bootstrap's classes, whatever form it comes from
(ours or Django's own login and password forms)."""

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()

SELECTS = {"select", "selectmultiple", "nullbooleanselect"}


@register.filter
def bs(field: BoundField, size: str = "") -> SafeString:
    kind = field.widget_type
    if kind == "checkbox":  # CheckboxInput; a RadioSelect's widget_type is "radioselect"
        css = "form-check-input"
    elif kind in SELECTS:
        css = "form-select" + (f" form-select-{size}" if size else "")
    elif kind in {"checkboxselectmultiple", "radioselect"}:
        # A list of inputs, left as Django lays it out: a class here would land on every input.
        return field.as_widget()
    else:
        css = "form-control" + (f" form-control-{size}" if size else "")
    if field.errors:
        css += " is-invalid"
    existing = field.field.widget.attrs.get("class", "")
    return field.as_widget(attrs={"class": f"{existing} {css}".strip()})
