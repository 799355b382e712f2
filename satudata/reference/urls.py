from django.urls import path, re_path

from satudata.reference import views

app_name = "reference"
urlpatterns = [
    path("", views.region_home, name="home"),
    re_path(r"^(?P<kode>(?:\d{2}(?:\.\d{2}){0,2}(?:\.\d{4})?)?)\.json$", views.wilayah_json, name="wilayah-json"),
    re_path(r"^(?P<kode>\d{2}(?:\.\d{2}){0,2}(?:\.\d{4})?)/$", views.wilayah_page, name="wilayah"),
]
