from django.urls import path

from satudata.reference import standards_views as views

app_name = "standards"
urlpatterns = [
    path("", views.standard_list, name="list"),
    path("baru/", views.standard_new, name="new"),
    path("<int:pk>/", views.standard_detail, name="detail"),
    path("<int:pk>/ubah/", views.standard_edit, name="edit"),
]
