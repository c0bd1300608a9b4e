"""Requests generated from the API's own OpenAPI document (schemathesis), against the app as
it serves that document at /api/v1/openapi.json: every operation gets at least 100 valid
cases and up to 50 invalid ones (where anything can be invalid), and no response is a
server error, has an undocumented status or media type, or breaks its documented schema.

Generated cases can never be a result's token or a framework's slug by chance, so the
starting content's slugs and a stored result's token are added as examples of their own.
"""

from contextlib import contextmanager

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from comparisons.models import Framework

pytestmark = pytest.mark.django_db(transaction=False)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
VALID_CASES, INVALID_CASES = 100, 50

# Loaded once, at collection: the document is built from the code, without the database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
OPERATIONS = [result.ok() for result in schema.get_all_operations()]


@contextmanager
def connection_kept_open():
    """Django closes the database connection when a request it serves starts and ends, which
    on PostgreSQL would end the test's transaction: the requests here go straight to the
    WSGI application, so, as Django's test client does for its own, they leave the
    connection alone. (The test client connects the handler again after each request, so
    this wraps only the generated requests.)"""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _run(operation, mode, examples: int, known) -> int:
    """Runs ``examples`` generated cases (some with known slugs or tokens); how many ran."""
    calls = []

    @given(case=operation.as_strategy(generation_mode=mode), known=known)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case, known):
        for name, value in known.items():
            if name in (case.path_parameters or {}):
                case.path_parameters[name] = value
        case.call_and_validate(checks=CHECKS)
        calls.append(case)

    try:
        run()
    except Unsatisfiable:
        # Nothing in the operation can be invalid (GET criteria takes one free-text header).
        assert mode == schemathesis.GenerationMode.NEGATIVE and not calls
    return len(calls)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_every_operation_holds_to_its_document(operation, starting_content, first_options):
    from tests.api.conftest import ApiClient

    token = ApiClient().post_json("/api/v1/recommendations", first_options).json()["token"]
    slugs = list(Framework.objects.published().values_list("slug", flat=True))
    # Half the cases keep the generated path parameters, half use ones that exist.
    known = st.one_of(
        st.just({}),
        st.fixed_dictionaries({"slug": st.sampled_from(slugs), "token": st.just(token)}),
    )

    with connection_kept_open():
        valid = _run(operation, schemathesis.GenerationMode.POSITIVE, VALID_CASES, known)
        invalid = _run(operation, schemathesis.GenerationMode.NEGATIVE, INVALID_CASES, st.just({}))

    print(f"{operation.label}: {valid} valid cases, {invalid} invalid ones")
    assert valid >= VALID_CASES, (operation.label, valid)
