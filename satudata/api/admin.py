"""Site administrators see every token (never its secret: only the hash exists) and can revoke one
with the audit event; the write audit is read-only."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from satudata.api.actions import do_revoke_token
from satudata.api.models import ApiToken, ApiWrite


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ["name", "prefix", "user", "scope", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["scope"]
    search_fields = ["name", "prefix", "user__username"]
    readonly_fields = [f.name for f in ApiToken._meta.fields]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # made on the staff page, where the secret is shown once

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Cabut token terpilih")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            do_revoke_token(token=token, acting_user=request.user)  # type: ignore[arg-type]


@admin.register(ApiWrite)
class ApiWriteAdmin(admin.ModelAdmin[ApiWrite]):
    list_display = ["created", "user", "token", "method", "path", "status_code"]
    list_filter = ["status_code", "action"]
    search_fields = ["path", "user__username"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
