from django.urls import path

from satudata.api import formats_views

# Included at the site root before the portal, whose /dataset/<slug>.<fmt> would otherwise take
# ".jsonstat" for a download format. Only these two exact shapes are caught here.
app_name = "api-formats"
urlpatterns = [
    path("dataset/<slug:slug>/datapackage.json", formats_views.datapackage_json, name="datapackage"),
    path("dataset/<slug:slug>.jsonstat", formats_views.jsonstat_json, name="jsonstat"),
]
