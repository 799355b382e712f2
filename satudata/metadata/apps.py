from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetadataConfig(AppConfig):
    name = "satudata.metadata"
    verbose_name = _("Metadata statistik")
