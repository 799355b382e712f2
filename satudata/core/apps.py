from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "satudata.core"
    verbose_name = _("Inti")

    def ready(self) -> None:
        from django.contrib import admin

        from satudata.accounts.permissions import is_site_admin

        # The Django admin is for site administrators only, whatever `is_staff` says.
        admin.site.has_permission = lambda request: is_site_admin(request.user)  # type: ignore[method-assign]
        admin.site.site_header = "satudata — admin"
