from django.urls import path

from satudata.metadata.views import accuracy, activities, exchange, instruments, recommendations

app_name = "metadata"
urlpatterns = [
    path("", activities.activity_list, name="activities"),
    path("baru/", activities.activity_new, name="activity-new"),
    path("impor/", exchange.activity_import, name="activity-import"),
    path("<int:pk>/ekspor/<str:fmt>/", exchange.activity_export, name="activity-export"),
    path("<int:pk>/formulir.pdf", exchange.activity_form_pdf, name="activity-form-pdf"),
    path("<int:pk>/", activities.activity_detail, name="activity"),
    path("<int:pk>/blok/<str:key>/", activities.block_edit, name="block"),
    path("<int:pk>/variabel/baru/", activities.variable_edit, name="variable-new"),
    path("<int:pk>/variabel/<int:row_pk>/", activities.variable_edit, name="variable"),
    path("<int:pk>/indikator/baru/", activities.indicator_edit, name="indicator-new"),
    path("<int:pk>/indikator/<int:row_pk>/", activities.indicator_edit, name="indicator"),
    path("<int:pk>/ajukan/", activities.activity_submit, name="activity-submit"),
    path("<int:pk>/reviu/", activities.activity_review, name="activity-review"),
    path("<int:pk>/rekomendasi/", recommendations.recommendation, name="recommendation"),
    path("<int:pk>/akurasi/", accuracy.assessment_page, name="accuracy"),
    path("<int:pk>/instrumen/", instruments.instrument_list, name="instruments"),
    path("<int:pk>/instrumen/<int:instrument_pk>/", instruments.instrument_file, name="instrument-file"),
    path("<int:pk>/rekomendasi/surat.pdf", recommendations.recommendation_letter, name="recommendation-letter"),
]
