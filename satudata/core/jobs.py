"""Background job rows (data imports, publication compilations): the worker writes their progress
field by field, so a page polling the row never overwrites or misses another field."""

from __future__ import annotations

from django.db import models


def save_fields(job: models.Model, **fields: object) -> None:
    """Set ``fields`` on ``job`` and save just those (and ``updated``, which tells a stale job)."""
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=[*fields, "updated"])
