from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatasetsConfig(AppConfig):
    name = "satudata.datasets"
    verbose_name = _("Dataset")

    def ready(self) -> None:
        # Steps 10 and 11 of the cycle follow from the versions this app holds.
        from satudata.datasets import progress
        from satudata.planning.progress import OUTPUT_CHECKS

        OUTPUT_CHECKS.update({10: progress.step10, 11: progress.step11})
