"""What a dataset's public page says about it beyond the data: the BPS metadata of its statistical
activity (MS-Keg, agreed only), the variables and indicators the producer marked as public (MS-Var
(12), MS-Ind (17) "dapat diakses umum"), and the Standar Data each column is bound to."""

from __future__ import annotations

from dataclasses import dataclass, field

from satudata.datasets.forms import TYPE_LABELS
from satudata.datasets.models import Dataset
from satudata.datasets.schema import Field
from satudata.metadata.models import Indicator, MetadataStatus, Variable
from satudata.metadata.workbook import Row, ms_keg_rows
from satudata.reference.models import DataStandard


@dataclass
class Column:
    field: Field
    standard: DataStandard | None

    @property
    def type_label(self) -> str:
        return str(TYPE_LABELS.get(self.field.type, self.field.type))


@dataclass
class PublicMetadata:
    keg_rows: list[Row] = field(default_factory=list)
    variables: list[Variable] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)


def _is_public(value: str) -> bool:
    # Unanswered counts as public: only an explicit "Tidak" hides a variable or indicator.
    return value != "tidak"


def public_metadata(dataset: Dataset) -> PublicMetadata:
    meta = PublicMetadata()
    activity = dataset.activity
    if activity is not None and activity.status == MetadataStatus.ACCEPTED:
        meta.keg_rows = [r for r in ms_keg_rows(activity) if r.heading or r.answer not in (None, "")]
    meta.variables = [v for v in dataset.variables.order_by("number") if _is_public(v.dapat_diakses_umum)]
    meta.indicators = [i for i in dataset.indicators.order_by("number") if _is_public(i.dapat_diakses_umum)]
    schema = dataset.current_schema
    if schema is not None:
        fields = schema.table_schema.fields
        codes_wanted = {f.standard for f in fields if f.standard}
        standards = {s.code: s for s in DataStandard.objects.filter(code__in=codes_wanted)}
        meta.columns = [Column(f, standards.get(f.standard)) for f in fields]
    return meta
