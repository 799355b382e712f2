"""Reads for other pages (the home page): the latest published items."""

from __future__ import annotations

from django.db.models import QuerySet

from satudata.publications.models import NewsPost, Publication


def latest_publications(limit: int = 4) -> QuerySet[Publication]:
    """The ``limit`` most recently published publications, newest first."""
    return Publication.objects.published().select_related("organization").order_by("-published_at", "-pk")[:limit]


def latest_news(limit: int = 3) -> QuerySet[NewsPost]:
    """The ``limit`` most recently published news posts, newest first."""
    return NewsPost.objects.published().select_related("author").order_by("-published_at", "-pk")[:limit]
