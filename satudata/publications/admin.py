"""Read-mostly admin: publications and news are written through the staff pages, which check the
rights and leave event rows; the admin is for looking things up and fixing typos."""

from django.contrib import admin
from django.http import HttpRequest

from satudata.publications.models import NewsEvent, NewsPost, Publication, PublicationEvent


class PublicationEventInline(admin.TabularInline[PublicationEvent, Publication]):
    model = PublicationEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "actor", "from_status", "to_status", "note", "created"]

    def has_add_permission(self, request: HttpRequest, obj: Publication | None = None) -> bool:
        return False


class NewsEventInline(admin.TabularInline[NewsEvent, NewsPost]):
    model = NewsEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "actor", "from_status", "to_status", "note", "created"]

    def has_add_permission(self, request: HttpRequest, obj: NewsPost | None = None) -> bool:
        return False


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin[Publication]):
    list_display = ["title", "organization", "kind", "year", "status", "published_at"]
    list_filter = ["status", "kind", "year", "organization"]
    search_fields = ["title", "slug", "description"]
    readonly_fields = ["slug", "status", "published_at", "created_by", "created", "updated"]
    filter_horizontal = ["datasets"]
    inlines = [PublicationEventInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # through /kelola/publikasi/baru/, which checks the files and writes the event


@admin.register(NewsPost)
class NewsPostAdmin(admin.ModelAdmin[NewsPost]):
    list_display = ["title", "status", "published_at", "author"]
    list_filter = ["status"]
    search_fields = ["title", "slug", "summary"]
    readonly_fields = ["slug", "status", "published_at", "author", "created", "updated"]
    inlines = [NewsEventInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # through /kelola/berita/baru/
