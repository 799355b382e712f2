from django.urls import path

from satudata.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("<int:year>/", views.assessment_detail, name="epss"),
    path("<int:year>/kunci/", views.assessment_lock, name="lock"),
    path("<int:year>/buka/", views.assessment_reopen, name="reopen"),
    path("<int:year>/bobot/", views.weights, name="weights"),
    path("<int:year>/simulasi/", views.what_if, name="what-if"),
    path("<int:year>/lembar-kerja.xlsx", views.export_xlsx, name="export-xlsx"),
    path("<int:year>/lembar-kerja.pdf", views.export_pdf, name="export-pdf"),
    path("<int:year>/<str:code>/", views.indicator_detail, name="indicator"),
    path("<int:year>/<str:code>/bukti/", views.evidence_add, name="evidence-add"),
    path("<int:year>/<str:code>/bukti/usulan/", views.proposal_attach, name="proposal-attach"),
    path("<int:year>/<str:code>/bukti/<int:pk>/", views.evidence_file, name="evidence-file"),
    path("<int:year>/<str:code>/bukti/<int:pk>/hapus/", views.evidence_remove, name="evidence-remove"),
]
