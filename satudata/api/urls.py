from django.urls import include, path

from satudata.api.rest.api import api

# Included at the site root, before the portal (whose /dataset/<slug>.<fmt> would otherwise take
# the machine formats).
urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("satudata.api.ckan.urls")),
    path("", include("satudata.api.dcat_urls")),
    path("", include("satudata.api.formats_urls")),
]
