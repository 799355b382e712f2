from django.contrib import admin

from satudata.reference.models import CodeList, CodeListItem, Wilayah


@admin.register(Wilayah)
class WilayahAdmin(admin.ModelAdmin[Wilayah]):
    list_display = ["kode", "nama", "level"]
    list_filter = ["level"]
    search_fields = ["kode", "nama"]
    raw_id_fields = ["parent"]


class CodeListItemInline(admin.TabularInline[CodeListItem, CodeList]):
    model = CodeListItem
    extra = 1


@admin.register(CodeList)
class CodeListAdmin(admin.ModelAdmin[CodeList]):
    list_display = ["name", "slug", "version"]
    inlines = [CodeListItemInline]
