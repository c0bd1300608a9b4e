"""/frameworks/: the grid of published frameworks, filtered by language and tag through the
query string (no JavaScript), with boxes that send the ticked frameworks to the compare
picker."""

import pytest
from django.urls import reverse

from comparisons.comparison import canonical_spec
from comparisons.models import Framework
from tests.comparisons.pages import compare_url

pytestmark = pytest.mark.django_db

GRID = reverse("comparisons:framework-list")


def grid_names(html_page, response) -> list[str]:
    return html_page(response).texts("h3")


def test_the_grid_lists_every_published_framework_with_a_box_to_compare_it(
    client, starting_content, html_page
):
    response = client.get(GRID)

    assert response.status_code == 200
    published = list(Framework.objects.published().order_by("name"))
    assert grid_names(html_page, response) == [f.name for f in published]
    page = response.text
    for framework in published:
        assert f'name="f" value="{framework.slug}"' in page
        assert f"Add {framework.name} to compare" in page
    assert f'<form method="get" action="{reverse("comparisons:compare-redirect")}"' in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("language=python", {"django", "flask", "fastapi"}),
        ("language=javascript", {"express", "nestjs", "fastify"}),
        ("tag=batteries-included", None),
        ("language=php&tag=batteries-included", {"laravel", "symfony"}),
        ("language=python&tag=async-first", {"fastapi"}),
        ("language=&tag=", None),
    ],
)
def test_the_grid_filters_by_language_and_tag(client, starting_content, html_page, query, expected):
    params = dict(pair.split("=") for pair in query.split("&"))
    if expected is None:
        matching = Framework.objects.published()
        if params.get("tag"):
            matching = matching.filter(tags__slug=params["tag"])
        expected = set(matching.values_list("slug", flat=True))

    response = client.get(f"{GRID}?{query}")

    assert response.status_code == 200
    names = set(grid_names(html_page, response))
    assert names == set(Framework.objects.filter(slug__in=expected).values_list("name", flat=True))
    assert len(names) >= 1


def test_a_filter_nothing_matches_says_so(client, starting_content):
    response = client.get(f"{GRID}?language=rust&tag=batteries-included")

    assert response.status_code == 200
    assert "No published framework matches both choices." in response.text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("language=cobol", "We list no framework in “cobol”."),
        ("tag=%3Cscript%3E", "We have no tag “&lt;script&gt;”."),
    ],
)
def test_an_unknown_filter_value_is_a_clear_400_with_the_whole_grid(
    client, starting_content, html_page, query, message
):
    response = client.get(f"{GRID}?{query}")

    assert response.status_code == 400
    assert message in response.text
    assert "<script>" not in response.text
    assert len(grid_names(html_page, response)) == Framework.objects.published().count()


def test_ticking_frameworks_on_the_grid_leads_to_their_comparison(client, starting_content):
    response = client.get(reverse("comparisons:compare-redirect"), {"f": ["gin", "rails"]})

    assert response.status_code == 302
    assert response["Location"] == compare_url(canonical_spec(["gin", "rails"]))
    assert client.get(response["Location"]).status_code == 200


def test_a_framework_missing_a_rating_is_not_on_the_grid(client, starting_content, html_page):
    Framework.objects.get(slug="gin").ratings.first().delete()

    names = grid_names(html_page, client.get(GRID))

    assert "Gin" not in names
    assert len(names) == Framework.objects.count() - 1
    # No published framework is written in Go any more: the filter no longer offers it.
    assert client.get(f"{GRID}?language=go").status_code == 400
