"""A published dataset as a Frictionless Data Package (v1): the current release's CSV file and the
Table Schema of that file.

The schema describes the *release file*, not the dataset's newest schema: a release combines the
latest published version of each period, and those versions may have been checked against
different schema versions. :func:`release_schema` therefore starts from the file's own columns (in
the file's order, as ``store.combine`` wrote them) and takes each column's description from the
newest schema of the release that has it, keeping only what is true of every row:

- the type follows the file where a combination widened it (integer and number give number);
- ``required`` only when every schema of the release required the column (a column added later is
  empty in older periods);
- other constraints only when every schema that has the column agrees on them;
- ``unique`` only for a release of one version, and the primary key only when it holds across
  periods (one version, or a key that includes the period column, which differs between versions).

The descriptor keeps the ``satudata:`` properties (role, code list, name column): Table Schema
readers ignore unknown properties, and frictionless 5 accepts them.

URLs are built by the caller (:class:`Links`), so this module knows nothing of requests.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from satudata import store
from satudata.datasets.models import Dataset, Licence, Release, SchemaVersion
from satudata.datasets.schema import Field, TableSchema
from satudata.portal.models import ReleaseFile

# Where each licence of the portal is published (Data Package ``licenses[].path``). The names are
# already the Open Definition / SPDX identifiers the standard asks for.
LICENCE_URLS: dict[str, str] = {
    Licence.CC_BY_4: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
    Licence.ODC_BY: "https://opendatacommons.org/licenses/by/1-0/",
}

_INTEGER_RE = re.compile(r"U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$")
_FLOAT_RE = re.compile(r"(FLOAT|DOUBLE|REAL|DECIMAL(\(.*\))?)$")


@dataclass(frozen=True)
class Links:
    """Absolute URLs the descriptor points at."""

    homepage: str  # the dataset's page
    organization: str  # the OPD's page
    csv: str  # the release's CSV file at its fixed URL (/dataset/<slug>/v<N>.csv)


def file_types(duckdb_type: str) -> tuple[str, ...]:
    """The Table Schema types that read a column of this DuckDB type, as the store writes it to
    CSV, without error; the first is the one to use when the schema's own type does not fit."""
    t = duckdb_type.strip().upper()
    if _INTEGER_RE.match(t):
        return ("integer", "year", "number")
    if _FLOAT_RE.match(t):
        return ("number",)
    if t == "BOOLEAN":
        return ("boolean",)
    if t == "DATE":
        return ("date",)
    # VARCHAR, and anything unexpected: text reads every cell.
    return ("string",)


def release_schemas(release: Release) -> list[TableSchema]:
    """The schemas the release's versions were checked against, newest first."""
    rows = SchemaVersion.objects.filter(versions__releases=release).distinct().order_by("-number")
    return [s.table_schema for s in rows]


def release_schema(release: Release) -> TableSchema:
    """The Table Schema of the release file: its columns, in order (see the module docstring)."""
    columns = store.schema(release.file_key)
    schemas = release_schemas(release)
    single = release.versions.count() <= 1
    fields = tuple(_field(name, duckdb_type, schemas, single=single) for name, duckdb_type in columns.items())
    return TableSchema(fields=fields, primary_key=_primary_key(schemas, list(columns), single=single))


def _field(name: str, duckdb_type: str, schemas: Sequence[TableSchema], *, single: bool) -> Field:
    declared = [s.get(name) for s in schemas]
    present = [f for f in declared if f is not None]
    fitting = file_types(duckdb_type)
    if not present:  # not in any schema (cannot happen for a published release): describe the file
        return Field(name=name, type=fitting[0])
    base = present[0]
    if base.type not in fitting:
        # The combination widened the column: keep its words, drop constraints of the old type.
        return dataclasses.replace(
            base, type=fitting[0], required=False, unique=False, minimum=None, maximum=None, enum=(), pattern=""
        )

    def agreed(attribute: str) -> bool:
        return all(getattr(f, attribute) == getattr(base, attribute) for f in present)

    return dataclasses.replace(
        base,
        required=len(present) == len(schemas) and all(f.required for f in present),
        unique=base.unique and single,
        minimum=base.minimum if agreed("minimum") else None,
        maximum=base.maximum if agreed("maximum") else None,
        # The CSV neutralises text starting with = + - @ (a leading '); the enum lists the
        # values as the file spells them.
        enum=tuple(str(store.csv_safe(v)) for v in base.enum) if agreed("enum") else (),
        pattern=base.pattern if agreed("pattern") else "",
    )


def _primary_key(schemas: Sequence[TableSchema], columns: list[str], *, single: bool) -> tuple[str, ...]:
    if not schemas:
        return ()
    key = schemas[0].primary_key
    if not key or any(s.primary_key != key for s in schemas) or any(k not in columns for k in key):
        return ()
    if single:
        return key
    # Each version was checked on its own; the key holds across them only through the period
    # column, which differs between the versions of a release.
    periods = {s.period_field.name if s.period_field else "" for s in schemas}
    return key if len(periods) == 1 and periods <= set(key) else ()


def package_name(slug: str) -> str:
    """A valid Data Package name: lower case letters, digits and ``-_.``."""
    return re.sub(r"[^a-z0-9._-]+", "-", slug.lower()).strip("-") or "dataset"


def iso_utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def licence_of(dataset: Dataset, links: Links) -> dict[str, str]:
    title = str(dataset.get_licence_display())
    url = LICENCE_URLS.get(dataset.licence)
    if url is None:  # "other": the terms are in the description on the dataset's page
        return {"path": links.homepage, "title": title}
    return {"name": dataset.licence, "path": url, "title": title}


def descriptor(release: Release, csv_file: ReleaseFile, links: Links) -> dict[str, Any]:
    """The ``datapackage.json`` of a release whose CSV file is ``csv_file``."""
    dataset = release.dataset
    org = dataset.organization
    name = package_name(dataset.slug)
    publisher: dict[str, str] = {"title": org.name, "role": "publisher", "path": links.organization}
    if org.email:
        publisher["email"] = org.email
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "id": f"urn:uuid:{dataset.uuid}",
        "name": name,
        "title": dataset.title,
    }
    if dataset.description:
        package["description"] = dataset.description
    package.update(
        {
            "homepage": links.homepage,
            "version": str(release.number),
            "created": iso_utc(release.created),
            "keywords": dataset.keyword_list,
            "licenses": [licence_of(dataset, links)],
            "contributors": [publisher],
            "sources": [{"title": org.name, "path": links.organization}],
            "satudata:periods": list(release.periods),
            "resources": [
                {
                    "profile": "tabular-data-resource",
                    "name": name,
                    "title": f"{dataset.title} (rilis {release.number})",
                    "path": links.csv,
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "bytes": csv_file.size_bytes,
                    "hash": f"sha256:{csv_file.sha256}",
                    "schema": release_schema(release).to_descriptor(),
                }
            ],
        }
    )
    if not package["keywords"]:
        del package["keywords"]
    return package
