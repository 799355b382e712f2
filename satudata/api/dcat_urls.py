from django.urls import re_path

from satudata.api import dcat_views

# Included at the site root before the portal, whose /dataset/<slug>.<fmt> serves the data files:
# only the three RDF extensions are taken here.
app_name = "dcat"
urlpatterns = [
    re_path(r"^catalog\.(?P<fmt>ttl|jsonld|rdf)$", dcat_views.catalog, name="catalog"),
    re_path(r"^dataset/(?P<slug>[-a-zA-Z0-9_]+)\.(?P<fmt>ttl|jsonld|rdf)$", dcat_views.dataset, name="dataset"),
]
