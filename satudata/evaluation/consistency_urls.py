from django.urls import path

from satudata.evaluation import consistency_views

app_name = "consistency"
urlpatterns = [
    path("", consistency_views.report, name="report"),
]
