"""`{{ value|angka }}`: a number as readers of the page's language write it (Indonesian 1.234,5;
English 1,234.5); anything else unchanged. Files keep machine formats; only pages use this."""

import decimal
from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def angka(value: Any, places: int | str = "") -> Any:
    """A number in the page's language format (1.234,5 in Indonesian); ``angka:2`` rounds to two
    decimal places first (``angka:0`` to a whole number)."""
    if isinstance(value, bool) or not isinstance(value, int | float | decimal.Decimal):
        return value
    if places != "":
        digits = int(places)
        value = round(float(value), digits) if digits else round(float(value))
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return value
        if value.is_integer() and abs(value) < 1e15:
            value = int(value)
        else:
            # Enough digits for statistics, without float noise (0.30000000000000004).
            value = decimal.Decimal(repr(round(value, 6))).normalize()
    return number_format(value, use_l10n=True, force_grouping=True)


@register.filter
def is_number(value: Any) -> bool:
    return isinstance(value, int | float | decimal.Decimal) and not isinstance(value, bool)
