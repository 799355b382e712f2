from django.urls import include, path

# Included at the site root, before the portal (whose /dataset/<slug>.<fmt> would otherwise take
# the machine formats).
urlpatterns = [
    path("", include("satudata.api.ckan.urls")),
    path("", include("satudata.api.dcat_urls")),
    path("", include("satudata.api.formats_urls")),
]
