from django.contrib import admin
from django.http import HttpRequest

from satudata.access.models import AccessLog, DataRequest, DataRequestEvent


class DataRequestEventInline(admin.TabularInline[DataRequestEvent, DataRequest]):
    model = DataRequestEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "actor", "note", "created"]

    def has_add_permission(self, request: HttpRequest, obj: DataRequest | None = None) -> bool:
        return False


@admin.register(DataRequest)
class DataRequestAdmin(admin.ModelAdmin[DataRequest]):
    list_display = ["reference", "dataset", "institution", "status", "expires_at", "created"]
    list_filter = ["status", "dataset__organization"]
    search_fields = ["reference", "name", "email", "institution", "dataset__title"]
    # The token hash is of no use to a person, and decisions go through the staff pages (which
    # write the event rows and send the e-mails).
    exclude = ["token_hash"]
    readonly_fields = ["reference", "status", "decided_by", "decided_at", "created"]
    inlines = [DataRequestEventInline]


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin[AccessLog]):
    list_display = ["request", "fmt", "release_number", "size_bytes", "created"]
    list_filter = ["fmt"]
    readonly_fields = ["request", "fmt", "release_number", "size_bytes", "created"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
