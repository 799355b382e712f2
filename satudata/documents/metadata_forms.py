"""MS-Keg, MS-Var and MS-Ind as one PDF in the BPS form's order, with the legacy codes (bit-sums for
multi-choice items), for signing. The rows are the same as the XLSX export's."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from satudata.core.region import logo_path, region_city
from satudata.documents.dates import tanggal_panjang
from satudata.metadata import workbook
from satudata.metadata.models import Indicator, StatisticalActivity


def render_metadata_pdf(activity: StatisticalActivity) -> bytes:
    from weasyprint import HTML

    variables = list(activity.variables.select_related("standard"))
    indicators = list(activity.indicators.select_related("standard"))
    context = {
        "activity": activity,
        "keg_rows": workbook.ms_keg_rows(activity),
        "variable_columns": workbook.VARIABLE_COLUMNS,
        "variables": [workbook.variable_cells(v) for v in variables],
        "indicator_columns": workbook.INDICATOR_COLUMNS,
        "indicators": [_indicator_row(i) for i in indicators],
        "region_city": region_city(),
        "today": tanggal_panjang(timezone.localdate()),
        "logo_uri": logo_path().as_uri(),
        "government": settings.REGION_GOVERNMENT,
    }
    html = render_to_string("documents/metadata_form.html", context)
    return bytes(HTML(string=html, base_url=str(settings.PACKAGE_DIR)).write_pdf())


def _indicator_row(indicator: Indicator) -> list[workbook.Cell]:
    """The indicator's cells with each builder column (11)–(15) holding its builders, one per line."""
    values, builders = workbook.indicator_cells(indicator)
    for offset, column in enumerate(workbook.BUILDER_COLUMNS):
        values[column] = "\n".join(str(line[offset]) for line in builders if line[offset] not in (None, ""))
    return values
