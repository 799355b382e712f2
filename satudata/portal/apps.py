from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "satudata.portal"
    verbose_name = _("Portal publik")

    def ready(self) -> None:
        from satudata.portal import signals  # noqa: F401  (connects the receivers)
