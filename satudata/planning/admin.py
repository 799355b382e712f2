from django.contrib import admin

from satudata.planning.models import BeritaAcara, Cycle, CycleStep, DaftarDataItem, ForumMeeting


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin[Cycle]):
    list_display = ["year", "start_date", "closed_at"]


@admin.register(CycleStep)
class CycleStepAdmin(admin.ModelAdmin[CycleStep]):
    list_display = ["cycle", "number", "start_date", "due_date", "status"]
    list_filter = ["cycle", "status"]


@admin.register(ForumMeeting)
class ForumMeetingAdmin(admin.ModelAdmin[ForumMeeting]):
    list_display = ["title", "cycle", "starts_at", "place"]


@admin.register(DaftarDataItem)
class DaftarDataItemAdmin(admin.ModelAdmin[DaftarDataItem]):
    list_display = ["id_ddd", "nama_data", "organization", "status", "is_priority"]
    list_filter = ["cycle", "status", "organization", "is_priority"]
    search_fields = ["id_ddd", "nama_data"]


@admin.register(BeritaAcara)
class BeritaAcaraAdmin(admin.ModelAdmin[BeritaAcara]):
    list_display = ["number", "meeting", "date"]
