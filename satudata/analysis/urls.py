from django.urls import path

from satudata.analysis import views

app_name = "analysis"
urlpatterns = [
    path("", views.dataset_analysis, name="dataset"),
]
