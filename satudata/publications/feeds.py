"""The news as RSS 2.0 (/berita/rss/) and Atom (/berita/atom/): published posts only."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from satudata.publications.models import NewsPost

FEED_ITEMS = 20


class NewsRssFeed(Feed[NewsPost, None]):
    def title(self) -> str:
        return _("Berita Satu Data %(region)s") % {"region": settings.REGION_NAME}

    def link(self) -> str:
        return reverse("publications:news")

    def description(self) -> str:
        return _("Berita dari Portal Satu Data %(region)s.") % {"region": settings.REGION_NAME}

    def items(self) -> QuerySet[NewsPost]:
        return NewsPost.objects.published().select_related("author").order_by("-published_at")[:FEED_ITEMS]

    def item_title(self, item: NewsPost) -> str:
        return item.title

    def item_description(self, item: NewsPost) -> str:
        # Feed readers show the description as HTML: the plain-text summary is escaped.
        return escape(item.summary) if item.summary else item.safe_body

    def item_pubdate(self, item: NewsPost) -> dt.datetime | None:
        return item.published_at

    def item_updateddate(self, item: NewsPost) -> dt.datetime:
        return item.updated

    def item_author_name(self, item: NewsPost) -> str:
        return item.author.display_name()


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return _("Berita dari Portal Satu Data %(region)s.") % {"region": settings.REGION_NAME}
