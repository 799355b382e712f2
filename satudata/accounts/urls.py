from django.urls import path

from satudata.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.organization_list, name="organizations"),
    path("baru/", views.organization_new, name="organization-new"),
    path("<slug:slug>/", views.organization_detail, name="organization"),
    path("<slug:slug>/ubah/", views.organization_edit, name="organization-edit"),
    path("<slug:slug>/anggota/<int:pk>/cabut/", views.membership_remove, name="membership-remove"),
    path("<slug:slug>/anggota/<int:pk>/kata-sandi/", views.member_password, name="member-password"),
    path("<slug:slug>/anggota/<int:pk>/aktif/", views.member_active, name="member-active"),
]
