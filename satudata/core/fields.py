from typing import Any

from django.db import models


class HttpsURLField(models.URLField):  # type: ignore[type-arg]
    """A URL field whose form turns a bare "data.go.id/…" into https:// (Django 6's default)."""

    def formfield(self, form_class: Any = None, choices_form_class: Any = None, **kwargs: Any) -> Any:
        # URLField supplies its own form class; pass these on only when one was asked for.
        if form_class is not None:
            kwargs["form_class"] = form_class
        if choices_form_class is not None:
            kwargs["choices_form_class"] = choices_form_class
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)
