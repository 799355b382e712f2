from django.urls import path

from satudata.portal import chart_views, views

# Included at the site root: the public portal's pages.
app_name = "portal"
urlpatterns = [
    path("dataset/", views.catalog, name="catalog"),
    path("dataset/<slug:slug>/grafik.json", chart_views.chart_json, name="chart-data"),
    path("dataset/<slug:slug>/grafik.csv", chart_views.chart_csv, name="chart-csv"),
    path("peta/kecamatan.geojson", chart_views.kecamatan_geojson, name="kecamatan-geojson"),
    path("dataset/<slug:slug>.<str:fmt>", views.download, name="download"),
    path("dataset/<slug:slug>/", views.dataset_page, name="dataset"),
    path("dataset/<slug:slug>/tabel.csv", views.table_csv, name="table-csv"),
    path("dataset/<slug:slug>/v<int:number>.<str:fmt>", views.download, name="download-release"),
    path("organization/", views.organizations, name="organizations"),
    path("organization/<slug:slug>/", views.organization, name="organization"),
    path("topik/", views.topics, name="topics"),
    path("topik/<str:code>/", views.topic, name="topic"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots, name="robots"),
]
