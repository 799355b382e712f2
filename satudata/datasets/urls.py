from django.urls import path

from satudata.datasets.views import datasets, entry, versions

app_name = "datasets"
urlpatterns = [
    path("", datasets.dataset_list, name="list"),
    path("dari-daftar-data/", datasets.dataset_from_item, name="from-item"),
    path("<slug:slug>/", datasets.dataset_detail, name="dataset"),
    path("<slug:slug>/ubah/", datasets.dataset_edit, name="edit"),
    path("<slug:slug>/skema/", datasets.schema_edit, name="schema"),
    path("<slug:slug>/skema/kunci/", datasets.schema_lock, name="schema-lock"),
    path("<slug:slug>/skema.json", datasets.schema_json, name="schema-json"),
    path("<slug:slug>/rujukan/", datasets.reference_add, name="reference-add"),
    path("<slug:slug>/unggah/", entry.upload, name="upload"),
    path("<slug:slug>/impor/<int:pk>/", entry.import_status, name="import"),
    path("<slug:slug>/impor/<int:pk>/pemetaan/", entry.import_mapping, name="import-mapping"),
    path("<slug:slug>/impor/<int:pk>/baca-ulang/", entry.import_reread, name="import-reread"),
    path("<slug:slug>/templat.xlsx", entry.template_xlsx, name="template"),
    path("<slug:slug>/isi/", entry.grid, name="grid"),
    path("<slug:slug>/rilis/<int:number>.<str:fmt>", versions.release_download, name="release-download"),
    path("<slug:slug>/v<int:number>/", versions.version_detail, name="version"),
    path("<slug:slug>/v<int:number>/isi/", entry.grid, name="version-grid"),
    path("<slug:slug>/v<int:number>/catatan/", versions.version_comment, name="version-comment"),
    path("<slug:slug>/v<int:number>/narasi/", versions.version_narrative, name="version-narrative"),
    path("<slug:slug>/v<int:number>/laporan.csv", versions.version_report, name="version-report"),
    path("<slug:slug>/v<int:number>/unduh.<str:fmt>", versions.version_download, name="version-download"),
    path("<slug:slug>/v<int:number>/<str:action>/", versions.version_transition, name="version-transition"),
]
