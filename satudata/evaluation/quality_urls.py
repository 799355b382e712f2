from django.urls import path

from satudata.evaluation import quality_views

app_name = "quality"
urlpatterns = [
    path("", quality_views.overview, name="overview"),
    path("<slug:slug>/", quality_views.dataset_detail, name="dataset"),
]
