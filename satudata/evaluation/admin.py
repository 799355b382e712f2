from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from satudata.evaluation.models import Assessment, AssessmentEvent, Evidence, Indicator, ScoreEvent


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin[Assessment]):
    list_display = ["year", "status", "framework", "created"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin[Indicator]):
    list_display = ["code", "name", "weight", "level", "aspect"]
    list_filter = ["aspect__domain__assessment"]
    search_fields = ["code", "name"]


class HistoryAdmin(admin.ModelAdmin[Any]):
    """History rows are append-only: readable in the admin, never changed there."""

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


admin.site.register(AssessmentEvent, HistoryAdmin)
admin.site.register(ScoreEvent, HistoryAdmin)
admin.site.register(Evidence, HistoryAdmin)
