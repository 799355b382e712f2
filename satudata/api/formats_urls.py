from django.urls import URLPattern

# Filled in by the issue-6 work on this interface.
urlpatterns: list[URLPattern] = []
