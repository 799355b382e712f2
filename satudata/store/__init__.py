"""The tabular store: immutable, content-addressed Parquet files queried with DuckDB (decision D3).

Only this package touches the files; see :mod:`satudata.store.engine` for the details.
"""

from satudata.store.engine import (
    FORMATS,
    FUNCS,
    OPS,
    ROWNUM,
    Page,
    Rows,
    StoredFile,
    StoreError,
    aggregate,
    connect,
    count,
    export,
    path_for,
    read,
    schema,
    sweep,
    validate_key,
    write_version,
)

__all__ = [
    "FORMATS",
    "FUNCS",
    "OPS",
    "ROWNUM",
    "Page",
    "Rows",
    "StoreError",
    "StoredFile",
    "aggregate",
    "connect",
    "count",
    "export",
    "path_for",
    "read",
    "schema",
    "sweep",
    "validate_key",
    "write_version",
]
