"""Every GET of the API runs as many queries with 3 published frameworks as with 200 (× 40
criteria): a fixed number, pinned here, with the content read from the database (cold) and
from the cache (warm)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comparisons.models import Framework
from questionnaire.content import forget_local_content, get_content
from tests.comparisons.conftest import ARTICLE_FRAMEWORKS, build_grid

pytestmark = pytest.mark.django_db


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:500])
    # Savepoints stand in for the transaction each test runs in, which production has not.
    return sum(not q["sql"].startswith(("SAVEPOINT", "RELEASE")) for q in queries)


def measure(client, compared: list[str], detail: str) -> dict[str, int]:
    token = client.post_json(
        "/api/v1/recommendations",
        {
            "answers": [
                {"question": question.id, "options": [question.options[0][0]]}
                for question in get_content().questions()
            ]
        },
    ).json()["token"]
    urls = {
        "frameworks": "/api/v1/frameworks?per_page=100",
        "frameworks filtered": "/api/v1/frameworks?language=python&tag=micro",
        "framework": f"/api/v1/frameworks/{detail}",
        "criteria": "/api/v1/criteria",
        "compare": "/api/v1/compare?" + "&".join(f"f={slug}" for slug in compared),
        "questionnaire": "/api/v1/questionnaire",
        "result": f"/api/v1/results/{token}",
        "openapi": "/api/v1/openapi.json",
        "docs": "/api/v1/docs",
    }
    counts = {}
    for name, url in urls.items():
        cache.clear()  # a new process, with an empty shared cache
        forget_local_content()
        counts[f"{name} cold"] = count_queries(client, url)
        counts[f"{name} warm"] = count_queries(client, url)
    return counts


def test_query_counts_do_not_grow_with_the_catalogue(api_client, starting_content):
    Framework.objects.exclude(key__in=ARTICLE_FRAMEWORKS).update(published=False)
    assert Framework.objects.published().count() == 3
    small = measure(api_client, ["django", "express", "flask"], "django")

    grid = build_grid(frameworks=200, criteria=40)
    assert Framework.objects.published().count() == 203
    large = measure(api_client, [f.slug for f in grid.frameworks[:4]], grid.frameworks[7].slug)
    # The large catalogue really is listed, rated and compared in full.
    listed = api_client.get("/api/v1/frameworks?per_page=100").json()
    assert (listed["count"], len(listed["items"])) == (203, 100)
    detail = api_client.get(f"/api/v1/frameworks/{grid.frameworks[7].slug}").json()
    assert len(detail["ratings"]) == 51
    compared = api_client.get(
        "/api/v1/compare?" + "&".join(f"f={f.slug}" for f in grid.frameworks[:4])
    ).json()
    assert len(compared["rows"]) == 51 and len(compared["frameworks"]) == 4

    print(f"query counts: 3 frameworks {small}, 200 × 40 grid {large}")
    assert large == small, {key: (small[key], large[key]) for key in small}
    assert small == {
        # The content version (for the ETag), the count, the page, its languages and tags.
        "frameworks cold": 5,
        "frameworks warm": 5,
        "frameworks filtered cold": 5,
        "frameworks filtered warm": 5,
        # The content version, the framework, its ratings (with their criteria), its
        # snippets, languages and tags.
        "framework cold": 6,
        "framework warm": 6,
        "criteria cold": 2,
        "criteria warm": 2,
        # The content version twice (the ETag, then the content's), the ratings and the
        # criteria; cold, the content itself (15) and its version read again.
        "compare cold": 20,
        "compare warm": 4,
        # The content version twice; cold, the content (15) and its version again.
        "questionnaire cold": 18,
        "questionnaire warm": 2,
        # The result's existence, the content version for the ETag, the result with its
        # labels, the content version for content_changed_since; the first time that day,
        # the day it was opened is written (see prune_submissions).
        "result cold": 5,
        "result warm": 4,
        "openapi cold": 0,
        "openapi warm": 0,
        "docs cold": 0,
        "docs warm": 0,
    }
