"""The framework pages: the list of published frameworks and each one's page with its
ratings, snippets and comparison links."""

import datetime

import pytest
from django.urls import reverse

from comparisons.comparison import canonical_spec
from comparisons.models import Framework, Rating
from tests.comparisons.pages import compare_url, link_texts, links, published, visible_text

pytestmark = pytest.mark.django_db


def test_framework_list_shows_published_frameworks_only(
    client, article_content, make_framework, html_page
):
    hidden = make_framework(name="Hidden", slug="hidden", published=False)

    response = client.get(reverse("comparisons:framework-list"))

    assert response.status_code == 200
    page = html_page(response)
    assert page.texts("h3") == [f.name for f in published()]
    for framework in published():
        assert link_texts(page, framework.get_absolute_url()) == [framework.name]
        assert framework.summary in page.text
        assert framework.language in page.text
    assert not link_texts(page, hidden.get_absolute_url())
    assert hidden.name not in page.text


@pytest.mark.parametrize("slug", ["django", "express", "flask"])
def test_framework_page_shows_ratings_with_reasons_sources_and_review_dates(
    client, article_content, html_page, slug
):
    framework = Framework.objects.get(slug=slug)
    ratings = list(framework.ratings.select_related("criterion"))
    for index, rating in enumerate(ratings):  # a different, known date on every rating
        rating.last_reviewed = datetime.date(2023, 1 + index % 12, 1 + index)
        rating.save(update_fields=["last_reviewed"])
    assert any(rating.source_url for rating in Rating.objects.all())

    response = client.get(framework.get_absolute_url())

    assert response.status_code == 200
    page = html_page(response)
    rows = page.texts("tr")[1:]
    assert len(rows) == len(ratings)
    times = page.find_all("time")
    assert [t["datetime"] for t in times] == [r.last_reviewed.isoformat() for r in ratings]
    for row, rating in zip(rows, ratings, strict=True):
        shown_date = f"{rating.last_reviewed.day} {rating.last_reviewed:%b %Y}"
        assert row == (
            f"{rating.criterion.name} {rating.score}/5 {rating.rationale}"
            + (" (source)" if rating.source_url else "")
            + f" {shown_date}"
        )
        if rating.source_url:
            citing = framework.ratings.filter(source_url=rating.source_url).count()
            assert link_texts(page, rating.source_url) == ["(source)"] * citing


@pytest.mark.parametrize("slug", ["django", "express", "flask"])
def test_framework_page_shows_its_own_published_snippets(
    client, article_content, make_snippet, html_page, slug
):
    framework = Framework.objects.get(slug=slug)
    hidden = make_snippet(frameworks=[framework], title="Not yet", published=False)
    elsewhere = make_snippet(
        frameworks=[f for f in published() if f != framework], title="About the others"
    )
    own = list(framework.snippets.published())
    assert own

    page = html_page(client.get(framework.get_absolute_url()))

    headings = page.texts("h3")
    assert headings == [f"{s.title} {s.get_kind_display()}" for s in own]
    for snippet in own:
        assert visible_text(snippet.body) in page.text
    assert hidden.title not in page.text
    assert elsewhere.title not in page.text


@pytest.mark.parametrize("slug", ["django", "express", "flask", "hono"])
def test_framework_page_links_to_its_comparison_with_each_published_framework(
    client, fourth_framework, make_framework, html_page, slug
):
    hidden = make_framework(name="Hidden", slug="hidden", published=False)
    framework = Framework.objects.get(slug=slug)
    others = [f for f in published() if f != framework]

    page = html_page(client.get(framework.get_absolute_url()))

    expected = [compare_url(canonical_spec([framework.slug, other.slug])) for other in others]
    assert links(page) == expected
    for other, href in zip(others, expected, strict=True):
        assert link_texts(page, href) == [f"{framework.name} vs {other.name}"]
        assert client.get(href).status_code == 200
    assert not any(hidden.slug in href for href in links(page))


def test_framework_page_of_an_unpublished_or_unknown_framework_is_not_found(
    client, article_content, make_framework
):
    hidden = make_framework(name="Hidden", slug="hidden", published=False)

    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get("/frameworks/nosuch/").status_code == 404
    assert client.get("/frameworks/Django/").status_code == 404
