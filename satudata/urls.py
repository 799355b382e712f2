from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("satudata.core.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("wilayah/", include("satudata.reference.urls")),
    path("kelola/siklus/", include("satudata.planning.urls")),
    path("kelola/organisasi/", include("satudata.accounts.urls")),
    path("admin/", admin.site.urls),
]
