from django.contrib import admin
from django.urls import include, path

from satudata.accounts import notification_views
from satudata.core import views as core_views
from satudata.reference import standards_views as reference_standards

urlpatterns = [
    path("", include("satudata.core.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("wilayah/", include("satudata.reference.urls")),
    path("kelola/siklus/", include("satudata.planning.urls")),
    path("kelola/siklus/<int:year>/kegiatan/", include("satudata.metadata.urls")),
    path("kelola/siklus/<int:year>/konsistensi/", include("satudata.evaluation.consistency_urls")),
    path("kelola/organisasi/", include("satudata.accounts.urls")),
    path("kelola/dataset/<slug:slug>/analisis/", include("satudata.analysis.urls")),
    path("kelola/dataset/", include("satudata.datasets.urls")),
    path("kelola/pemberitahuan/", notification_views.notification_list, name="notifications"),
    path("kelola/pemberitahuan/dibaca/", notification_views.notifications_read, name="notifications-read"),
    path("kelola/standar-data/", include("satudata.reference.standards_urls")),
    path("kelola/token-api/", include("satudata.api.staff_urls")),
    path("kelola/epss/", include("satudata.evaluation.urls")),
    path("kelola/kualitas/", include("satudata.evaluation.quality_urls")),
    path("", include("satudata.api.urls")),
    path("", include("satudata.portal.urls")),
    path("", include("satudata.schedule.urls")),
    path("", include("satudata.access.urls")),
    path("", include("satudata.publications.urls")),
    path("standar-data/", reference_standards.public_list, name="standards-public"),
    path("admin/", admin.site.urls),
]
