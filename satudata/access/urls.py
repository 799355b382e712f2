from django.urls import path

from satudata.access import views

app_name = "access"
urlpatterns = [
    path("permintaan-data/<slug:slug>/", views.request_form, name="request"),
    path("permintaan-data/<slug:slug>/terkirim/", views.request_thanks, name="thanks"),
    path("akses/<str:token>/", views.personal, name="personal"),
    path("akses/<str:token>/<str:fmt>", views.personal_download, name="download"),
    path("kelola/permintaan-data/", views.manage_list, name="manage-list"),
    path("kelola/permintaan-data/<int:pk>/", views.manage_detail, name="manage-detail"),
    path("kelola/permintaan-data/<int:pk>/setujui/", views.approve, name="approve"),
    path("kelola/permintaan-data/<int:pk>/tolak/", views.refuse, name="refuse"),
    path("kelola/permintaan-data/<int:pk>/cabut/", views.revoke, name="revoke"),
]
