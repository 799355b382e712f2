from django.contrib import admin
from django.http import HttpRequest

from satudata.schedule.models import ReleaseSchedule, ScheduleEvent


@admin.register(ReleaseSchedule)
class ReleaseScheduleAdmin(admin.ModelAdmin[ReleaseSchedule]):
    list_display = ["dataset", "period", "planned_date", "created_by", "created"]
    list_filter = ["dataset__organization"]
    search_fields = ["dataset__title", "period"]
    date_hierarchy = "planned_date"
    raw_id_fields = ["dataset"]


@admin.register(ScheduleEvent)
class ScheduleEventAdmin(admin.ModelAdmin[ScheduleEvent]):
    """The history is append-only: readable here, never changed."""

    list_display = ["dataset", "period", "kind", "from_date", "to_date", "actor", "created"]
    list_filter = ["kind"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ScheduleEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ScheduleEvent | None = None) -> bool:
        return False
