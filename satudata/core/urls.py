from django.urls import path

from satudata.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("logo", views.region_logo, name="logo"),
    path("kelola/", views.staff_home, name="staff-home"),
]
