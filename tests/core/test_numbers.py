import decimal

import pytest
from django.utils import translation

from satudata.core.templatetags.satudata_numbers import angka, is_number


@pytest.mark.parametrize(
    ("value", "indonesian", "english"),
    [
        (1234567, "1.234.567", "1,234,567"),
        (1231.0, "1.231", "1,231"),
        (1234.5, "1.234,5", "1,234.5"),
        (0.1 + 0.2, "0,3", "0.3"),
        (-12.25, "-12,25", "-12.25"),
        (decimal.Decimal("1000.50"), "1.000,50", "1,000.50"),
    ],
)
def test_numbers_are_written_as_the_page_language_writes_them(value: object, indonesian: str, english: str) -> None:
    with translation.override("id"):
        assert angka(value) == indonesian
    with translation.override("en"):
        assert angka(value) == english


def test_other_values_pass_through() -> None:
    assert angka("35.14.01") == "35.14.01" and angka(None) is None and angka(True) is True
    assert is_number(3) and is_number(2.5) and not is_number("3") and not is_number(False)
