from django.urls import path

from satudata.api.ckan import views

# CKAN's routes (ckan/views/api.py): ckanapi calls /api/action/<name>, harvesters /api/3/action/<name>.
app_name = "ckan"
urlpatterns = [
    path("api/3/action/<str:name>", views.action, name="action"),
    path("api/action/<str:name>", views.action, name="action-unversioned"),
    path("api", views.api_version, name="version"),
    path("api/", views.api_version),
    path("api/<int:ver>", views.api_version, name="version-numbered"),
    path("api/<int:ver>/", views.api_version),
]
