from django.urls import path

from satudata.schedule import views

app_name = "schedule"
urlpatterns = [
    path("kelola/jadwal-rilis/", views.schedule_list, name="list"),
    path("kelola/jadwal-rilis/tambah/", views.schedule_add, name="add"),
    path("kelola/jadwal-rilis/dari-frekuensi/", views.schedule_generate, name="generate"),
    path("kelola/jadwal-rilis/ketepatan-waktu/", views.timeliness, name="report"),
    path("kelola/jadwal-rilis/<int:pk>/ubah/", views.schedule_reschedule, name="reschedule"),
    path("kelola/jadwal-rilis/<int:pk>/hapus/", views.schedule_remove, name="remove"),
    path("releases/", views.release_calendar, name="calendar"),
    path("releases.ics", views.release_ics, name="ics"),
]
