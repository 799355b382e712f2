"""schemathesis against /api/v1/openapi.json: generated calls to every operation, anonymous and
with a write token, must give no server error and no answer that breaks the document (status
codes, content types, response schemas, headers).

The operations are driven from inside one test (rather than with ``schemathesis.pytest``'s fixture
loader, which fails on this pytest) so that they run against the test database with its fixtures."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from satudata.datasets.models import Dataset, DatasetVersion

SETTINGS = settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@contextmanager
def connections_kept_open() -> Iterator[None]:
    """Calling the WSGI application sends request_started/finished, whose handler closes the
    database connection — the test's own, with its transaction — on PostgreSQL. Django's test
    client disconnects that handler for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def run_every_operation(headers: dict[str, str]) -> tuple[int, list[str]]:
    with connections_kept_open():
        return _run_every_operation(headers)


def _run_every_operation(headers: dict[str, str]) -> tuple[int, list[str]]:
    from satudata.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @SETTINGS
        def call(case: Any) -> None:
            # Every other built-in check runs. This one expects any request the schema allows to be
            # accepted; the API also checks what a schema cannot say (a period of the right form
            # and still open, a CSV that is really CSV) and answers those with a documented 422.
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        try:
            call()
        except Exception as exc:  # noqa: BLE001  (collected and reported below, one line per operation)
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:2000]}")
    return operations, failures


def test_anonymous_calls_conform(
    open_dataset: Dataset, restricted_dataset: Dataset, unpublished_dataset: DatasetVersion
) -> None:
    operations, failures = run_every_operation({})
    assert operations >= 20
    assert not failures, "\n\n".join(failures)


def test_calls_with_a_write_token_conform(
    open_dataset: Dataset,
    restricted_dataset: Dataset,
    unpublished_dataset: DatasetVersion,
    token_for: Callable[..., str],
) -> None:
    operations, failures = run_every_operation({"Authorization": token_for("alice", scope="write")})
    assert operations >= 20
    assert not failures, "\n\n".join(failures)
