"""The questionnaire's pages run a fixed number of queries, whatever the size of the content.

Each page is measured with the starting content (3 frameworks × 11 criteria, 6 questions) and
with synthetic content of 200 frameworks × 40 criteria and 30 questions, both with a cold
cache (the content is read from the database) and a warm one (it comes from the cache).
"""

import contextlib

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from comparisons.models import Framework
from questionnaire.content import forget_local_content, get_content
from questionnaire.starting_content import load_starting_content
from tests.bench.targets import first_answers

pytestmark = pytest.mark.django_db

MAX_QUERIES = 25


class _Discard(Exception):
    """Raised to roll a savepoint back."""


def count_queries(client, method: str, path: str, data=None, *, cold: bool) -> tuple[int, object]:
    if cold:  # a new process, with an empty shared cache
        cache.clear()
        forget_local_content()
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(path, data) if data else getattr(client, method)(path)
    # Savepoints only stand for the transaction a request opens and commits in production,
    # where each test's outer transaction is not there to turn them into savepoints.
    statements = [q["sql"] for q in queries.captured_queries]
    return sum(
        not sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT")) for sql in statements
    ), response


def measure(client) -> dict[str, int]:
    """Queries of each page, cold then warm (right after the cold request filled the cache);
    also checks that every request succeeded."""
    counts = {}
    data = first_answers(get_content())
    for temperature in ("cold", "warm"):
        counts[f"GET /advisor/ {temperature}"], response = count_queries(
            client, "get", "/advisor/", cold=temperature == "cold"
        )
        assert response.status_code == 200
    for temperature in ("cold", "warm"):
        counts[f"POST /advisor/ {temperature}"], response = count_queries(
            client, "post", "/advisor/", data, cold=temperature == "cold"
        )
        assert response.status_code == 303, response.content.decode()[:1000]
    location = response["Location"]
    for temperature in ("cold", "warm"):
        counts[f"GET result {temperature}"], response = count_queries(
            client, "get", location, cold=temperature == "cold"
        )
        assert response.status_code == 200
    return counts


def test_query_counts_do_not_grow_with_the_content(client, large_content):
    # The starting content is measured in a savepoint, then rolled back so that the large
    # content is measured alone.
    with contextlib.suppress(_Discard), transaction.atomic():
        load_starting_content()
        assert Framework.objects.count() >= 15
        small = measure(client)
        raise _Discard
    assert Framework.objects.count() == 0
    # The rollback took the content version and its stamp back too (a real database never
    # goes back), so the starting content is kept under those the large content gets next.
    cache.clear()
    forget_local_content()

    big_content = large_content(frameworks=200, criteria=40, questions=30)
    assert len(big_content.frameworks) == 200
    content = get_content()
    assert len(content.frameworks) == 200
    assert len(content.criteria) == 40
    assert len(content.questions()) == 30
    large = measure(client)

    # The same counts at both sizes guard against N+1 queries:
    # - GET /advisor/ (cold): reading the questionnaire one query per section, per question
    #   or per option instead of one query per table (content.load_content);
    # - POST /advisor/ (cold): loading each option's effects (importance, fit, deal-breakers)
    #   or each framework's ratings one by one while scoring;
    # - GET result: looking up framework, criterion, question or answer names per row of the
    #   ranking, the breakdown or the "what would change" list instead of reading them from
    #   the stored record;
    # - warm: anything that bypasses the cached content and goes back to the database.
    assert large == small, {key: (small[key], large[key]) for key in small}
    for key, count in small.items():
        assert count <= MAX_QUERIES, (key, count)
    # Pinned, each one explained:
    assert small == {
        # The content version; cold, the content itself (15) and its version read again
        # (nothing landed while it was read).
        "GET /advisor/ cold": 17,
        "GET /advisor/ warm": 1,
        # The content version, the check that it is still current, the INSERT; cold, the
        # content (15), its version read again (nothing landed while it was read) and the
        # labels row of that content state, looked up and written.
        "POST /advisor/ cold": 21,
        "POST /advisor/ warm": 3,
        # The result with its labels and the content version; the first time that day, the
        # day it was opened is written (see prune_submissions).
        "GET result cold": 3,
        "GET result warm": 2,
    }
