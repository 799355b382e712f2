"""An action's parameters, checked one by one. The same parameter arrives as a JSON value (POST with
a JSON body) or as text (GET query string, form-encoded POST), so every getter accepts both
spellings: ``5`` and ``"5"``, ``true`` and ``"true"``, a list and its JSON text."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from satudata.api.ckan.errors import ValidationError

_TRUE = {"true", "1", "yes", "y", "on", "t"}
_FALSE = {"false", "0", "no", "n", "off", "f", ""}


class Params:
    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = dict(data)

    def __contains__(self, name: str) -> bool:
        return name in self.data

    def raw(self, name: str) -> Any:
        return self.data.get(name)

    def text(self, name: str, default: str = "") -> str:
        value = self.data.get(name)
        if value is None:
            return default
        if isinstance(value, bool | list | dict):
            raise ValidationError.on(name, "Harus berupa teks.")
        return str(value)

    def integer(self, name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
        """An integer of at least ``minimum``; a value above ``maximum`` is lowered to it, as CKAN
        limits ``rows`` and ``limit`` to the configured maximum instead of refusing them."""
        value = self.data.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            raise ValidationError.on(name, "Harus bilangan bulat.")
        try:
            number = int(str(value).strip()) if not isinstance(value, int) else value
        except ValueError:
            raise ValidationError.on(name, "Harus bilangan bulat.") from None
        if number < minimum:
            raise ValidationError.on(name, f"Harus bilangan bulat tidak kurang dari {minimum}.")
        return min(number, maximum) if maximum is not None else number

    def boolean(self, name: str, default: bool) -> bool:
        value = self.data.get(name)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return value != 0
        text = str(value).strip().lower() if isinstance(value, str) else None
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValidationError.on(name, "Harus true atau false.")

    def json_value(self, name: str) -> Any:
        """A structured parameter: as it is in a JSON body, parsed from JSON text otherwise (CKAN
        wants ``filters={"tahun": 2024}`` and ``facet.field=["tags"]`` as JSON in a query string)."""
        value = self.data.get(name)
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError:
            raise ValidationError.on(name, "Bukan JSON yang sah.") from None

    def string_list(self, name: str) -> list[str] | None:
        """A list of names: a JSON list, or text with the names separated by commas."""
        value = self.data.get(name)
        if value is None:
            return None
        if isinstance(value, str):
            stripped = value.strip()
            if stripped.startswith("["):
                value = self.json_value(name)
            else:
                return [part.strip() for part in stripped.split(",") if part.strip()]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValidationError.on(name, "Harus berupa daftar teks.")
        return [v.strip() for v in value if v.strip()]

    def unknown(self, known: set[str]) -> list[str]:
        return sorted(name for name in self.data if name not in known)
