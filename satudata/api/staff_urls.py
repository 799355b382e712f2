from django.urls import path

from satudata.api import views

app_name = "api"
urlpatterns = [
    path("", views.token_list, name="tokens"),
    path("<int:pk>/cabut/", views.token_revoke, name="token-revoke"),
    path("penggunaan/", views.usage_log, name="usage"),
]
