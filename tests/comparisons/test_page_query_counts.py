"""How many queries the public comparison pages run: as few with a 200 × 40 grid as with
the starting content; and the big_grid fixture the check relies on."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comparisons.comparison import canonical_spec
from comparisons.models import AdviceSnippet, Criterion, Framework, Rating
from tests.comparisons.pages import compare_url, links

pytestmark = pytest.mark.django_db

QUERY_LIMIT = 5
FILTERED = "/frameworks/?language=python&tag=micro"
ONLY = "?only=differences"


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_page_query_counts_do_not_grow_with_the_content(
    client, starting_content, big_grid, compare_table, html_page
):
    django = Framework.objects.get(slug="django")
    small = {
        # N+1 guarded: one query per rating for its criterion (select_related), one per
        # snippet list, one per "compare with" framework.
        "detail": count_queries(client, django.get_absolute_url()),
        # N+1 guarded: one ratings query per cell / per framework or criterion, one snippet
        # query per framework, one query per suggested comparison.
        "compare": count_queries(client, compare_url("django-vs-express")),
        "compare-3": count_queries(client, compare_url("django-vs-express-vs-flask")),
        # N+1 guarded: the same, plus one query per cell for its review date (fetched with
        # the ratings), or per framework for its "Remove" link or "Add" choice.
        "compare-differences": count_queries(client, compare_url("django-vs-express") + ONLY),
        "compare-3-differences": count_queries(
            client, compare_url("django-vs-express-vs-flask") + ONLY
        ),
        # N+1 guarded: one query per listed framework (or per popular comparison), or per
        # framework for its languages and tags on the grid.
        "home": count_queries(client, reverse("home")),
        "list": count_queries(client, reverse("comparisons:framework-list")),
        "list-filtered": count_queries(client, FILTERED),
    }

    grid = big_grid(frameworks=200, criteria=40)
    four = canonical_spec(f.slug for f in grid.frameworks[:4])
    three = canonical_spec(f.slug for f in grid.frameworks[4:7])
    large = {
        "detail": count_queries(client, grid.frameworks[7].get_absolute_url()),
        "compare": count_queries(client, compare_url(four)),
        "compare-3": count_queries(client, compare_url("django-vs-express-vs-flask")),
        "compare-differences": count_queries(client, compare_url(four) + ONLY),
        "compare-3-differences": count_queries(client, compare_url(three) + ONLY),
        "home": count_queries(client, reverse("home")),
        "list": count_queries(client, reverse("comparisons:framework-list")),
        "list-filtered": count_queries(client, FILTERED),
    }
    # The large pages really show the large content (so a per-row query would show up).
    total_criteria = Criterion.objects.count()
    assert len(compare_table(client.get(compare_url(four))).rows) == total_criteria
    # … with a review date in every cell, and a source where there is one.
    four_table = compare_table(client.get(compare_url(four)))
    assert all(len(cell.times) == 1 for row in four_table.rows for cell in row.cells)
    assert sum(len(cell.links) for row in four_table.rows for cell in row.cells) > 40
    differing = compare_table(client.get(compare_url(three) + ONLY)).rows
    assert 40 <= len(differing) < total_criteria  # the grid's own rows all differ
    detail = html_page(client.get(grid.frameworks[7].get_absolute_url()))
    assert len(detail.texts("time")) == total_criteria
    assert len(links(detail)) == Framework.objects.published().count() - 1
    assert len(html_page(client.get(reverse("comparisons:framework-list"))).texts("h3")) == (
        Framework.objects.published().count()
    )

    print(f"query counts: starting content {small}, 200 × 40 grid {large}")
    assert large == small
    for page, count in small.items():
        assert count <= QUERY_LIMIT, (page, count)


def test_big_grid_fixture_makes_what_it_says(big_grid):
    grid = big_grid(frameworks=5, criteria=3)

    assert Framework.objects.published().count() == 5
    assert Framework.objects.filter(published=False).count() == 2
    assert Rating.objects.count() == 7 * 3
    assert set(
        itertools.chain.from_iterable(
            f.snippets.values_list("kind", flat=True) for f in grid.frameworks
        )
    ) == {
        AdviceSnippet.Kind.VERDICT,
        AdviceSnippet.Kind.INSIGHT,
    }
