from django.urls import path

from satudata.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.catalog, name="catalog"),
    path("<slug:slug>.<str:fmt>", views.download, name="download"),
    path("<slug:slug>/", views.dataset_page, name="dataset"),
    path("<slug:slug>/v<int:number>.<str:fmt>", views.download, name="download-release"),
]
