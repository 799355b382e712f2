from django.urls import path

from satudata.planning.views import compliance, cycles, items, meetings, renaksi

app_name = "planning"
urlpatterns = [
    path("", cycles.cycle_list, name="cycles"),
    path("mulai/", cycles.cycle_start, name="cycle-start"),
    path("<int:year>/", cycles.cycle_dashboard, name="cycle"),
    path("<int:year>/tutup/", cycles.cycle_close, name="cycle-close"),
    path("<int:year>/langkah/<int:number>/", cycles.step_detail, name="step"),
    path("<int:year>/langkah/<int:number>/bukti/<int:pk>/", cycles.step_evidence_file, name="step-evidence"),
    path("<int:year>/kepatuhan/", compliance.compliance, name="compliance"),
    path("<int:year>/kepatuhan/ringkasan/", compliance.compliance_summary, name="compliance-summary"),
    path("<int:year>/kepatuhan/ringkasan.pdf", compliance.compliance_summary_pdf, name="compliance-summary-pdf"),
    path("<int:year>/forum/", meetings.meeting_list, name="meetings"),
    path("<int:year>/forum/baru/", meetings.meeting_new, name="meeting-new"),
    path("<int:year>/forum/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("<int:year>/forum/<int:pk>/ubah/", meetings.meeting_edit, name="meeting-edit"),
    path("<int:year>/forum/<int:pk>/kehadiran/", meetings.meeting_attendance, name="meeting-attendance"),
    path("<int:year>/forum/<int:pk>/berita-acara/baru/", meetings.berita_acara_new, name="berita-acara-new"),
    path("<int:year>/berita-acara/<int:pk>/", meetings.berita_acara_detail, name="berita-acara"),
    path("<int:year>/berita-acara/<int:pk>/<str:kind>/", meetings.berita_acara_file, name="berita-acara-file"),
    path("<int:year>/renaksi/", renaksi.renaksi, name="renaksi"),
    path("<int:year>/renaksi/mulai/", renaksi.renaksi_start, name="renaksi-start"),
    path("<int:year>/renaksi/butir/", renaksi.renaksi_item_add, name="renaksi-item-add"),
    path("<int:year>/renaksi/butir/<int:pk>/", renaksi.renaksi_item, name="renaksi-item"),
    path("<int:year>/renaksi/butir/<int:pk>/kemajuan/", renaksi.renaksi_progress, name="renaksi-progress"),
    path("<int:year>/renaksi/sepakati/", renaksi.renaksi_agree, name="renaksi-agree"),
    path("<int:year>/daftar-data/", items.item_list, name="items"),
    path("<int:year>/daftar-data/baru/", items.item_new, name="item-new"),
    path("<int:year>/daftar-data/ekspor.xlsx", items.items_export, name="items-export"),
    path("<int:year>/daftar-data/impor/", items.items_import, name="items-import"),
    path("<int:year>/daftar-data/<int:pk>/", items.item_detail, name="item"),
    path("<int:year>/daftar-data/<int:pk>/ubah/", items.item_edit, name="item-edit"),
    path("<int:year>/daftar-data/<int:pk>/ajukan/", items.item_submit, name="item-submit"),
    path("<int:year>/daftar-data/<int:pk>/reviu/", items.item_review, name="item-review"),
]
