from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    name = "satudata.reference"
    verbose_name = _("Kode Referensi")
