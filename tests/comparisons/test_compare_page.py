"""The comparison page /compare/<a>-vs-<b>/ with the starting content: its table, verdicts,
advice, chart and links, and the home page's links to it."""

import pytest
from django.urls import reverse

from comparisons.comparison import MAX_FRAMEWORKS, canonical_spec
from comparisons.models import AdviceSnippet, Criterion, Framework, Rating
from tests.comparisons.pages import (
    STARTING_SPECS,
    compare_url,
    link_texts,
    links,
    published,
    remove_links,
    suggested_links,
    template_names,
    verdicts_of,
    visible_text,
)

pytestmark = pytest.mark.django_db


def date_shown(rating) -> str:
    """A rating's review date as the page writes it: 6 Dec 2024."""
    day = rating.last_reviewed
    return f"{day.day} {day:%b} {day.year}"


@pytest.mark.parametrize("spec", STARTING_SPECS)
def test_compare_page_shows_every_criterion_and_rating(
    client, article_content, compare_table, spec
):
    slugs = spec.split("-vs-")
    frameworks = [Framework.objects.get(slug=slug) for slug in slugs]
    criteria = list(Criterion.objects.all())
    ratings = {(r.framework_id, r.criterion_id): r for r in Rating.objects.all()}

    response = client.get(compare_url(spec))

    assert response.status_code == 200
    assert "comparisons/compare.html" in template_names(response)
    table = compare_table(response)
    assert table.columns == [framework.name for framework in frameworks]
    assert [row.name for row in table.rows] == [criterion.name for criterion in criteria]
    for row, criterion in zip(table.rows, criteria, strict=True):
        assert criterion.description in row.header
        for cell, framework in zip(row.cells, frameworks, strict=True):
            rating = ratings[(framework.id, criterion.id)]
            assert cell.text.startswith(f"{rating.score}/5"), (criterion.name, cell.text)
            assert rating.rationale in cell.text
            # Its source (named for screen readers by framework and criterion) and its date.
            assert cell.links == (
                [(rating.source_url, f"source of the {framework.name} rating on {criterion.name}")]
                if rating.source_url
                else []
            )
            assert cell.times == [(rating.last_reviewed.isoformat(), date_shown(rating))]
            assert f"Reviewed {date_shown(rating)}" in cell.text


@pytest.mark.parametrize("spec", STARTING_SPECS)
def test_compare_page_marks_the_best_rating_of_each_row(
    client, article_content, compare_table, spec
):
    frameworks = [Framework.objects.get(slug=slug) for slug in spec.split("-vs-")]
    criteria = list(Criterion.objects.all())
    scores = {(r.framework_id, r.criterion_id): r.score for r in Rating.objects.all()}

    table = compare_table(client.get(compare_url(spec)))

    marked_rows = 0
    for row, criterion in zip(table.rows, criteria, strict=True):
        row_scores = [scores[(framework.id, criterion.id)] for framework in frameworks]
        differ = len(set(row_scores)) > 1
        expected = [differ and score == max(row_scores) for score in row_scores]
        assert [cell.best for cell in row.cells] == expected, criterion.name
        marked_rows += any(expected)
    assert marked_rows > 0  # the starting content has rows where the frameworks differ


@pytest.mark.parametrize("spec", STARTING_SPECS)
def test_compare_page_shows_the_verdicts_of_the_shown_frameworks_only(
    client, article_content, html_page, spec
):
    shown = set(spec.split("-vs-"))

    page = html_page(client.get(compare_url(spec)))

    summary = page.section("summary-title")
    for framework in published():
        verdicts = verdicts_of(framework)
        assert verdicts, f"the starting content has a verdict for {framework.name}"
        for verdict in verdicts:
            assert verdict.title.startswith("Pick ")
            present = verdict.title in summary and visible_text(verdict.body) in summary
            assert present == (framework.slug in shown), verdict.title


def test_compare_page_leaves_out_unpublished_snippets(
    client, article_content, make_snippet, html_page
):
    django, express = Framework.objects.get(slug="django"), Framework.objects.get(slug="express")
    hidden = make_snippet(
        frameworks=[django],
        kind=AdviceSnippet.Kind.VERDICT,
        title="Pick nothing if…",
        published=False,
    )
    shown = make_snippet(frameworks=[express], title="A fresh insight")

    page = html_page(client.get(compare_url("django-vs-express")))

    assert hidden.title not in page.text
    assert shown.title in page.section("advice-title")
    assert visible_text(shown.body) in page.section("advice-title")


@pytest.mark.parametrize("spec", STARTING_SPECS)
def test_compare_page_links_to_the_questionnaire(client, article_content, html_page, spec):
    page = html_page(client.get(compare_url(spec)))

    advisor = reverse("questionnaire:advisor")
    assert "Take the questionnaire" in link_texts(page, advisor)
    assert "Answer a few questions" in page.section("cta-title")


@pytest.mark.parametrize("spec", STARTING_SPECS)
def test_compare_page_links_to_other_comparisons_with_a_fourth_framework(
    client, fourth_framework, html_page, spec
):
    shown = spec.split("-vs-")
    others = [f for f in published() if f.slug not in shown]
    assert fourth_framework in others

    response = client.get(compare_url(spec))

    page = html_page(response)
    expected = {
        compare_url(canonical_spec([slug, other.slug])) for slug in shown for other in others
    }
    assert set(suggested_links(page)) == expected
    nav = page.section("other-title")
    by_slug = {f.slug: f for f in published()}
    for slug in shown:
        for other in others:
            assert f"{by_slug[slug].name} vs {other.name}" in nav
    for href in expected:  # every suggested comparison exists, at its canonical address
        assert client.get(href).status_code == 200


def test_compare_page_without_other_frameworks_suggests_no_other_comparison(
    client, article_content, html_page
):
    page = html_page(client.get(compare_url("django-vs-express-vs-flask")))

    assert suggested_links(page) == []
    assert links(page) == remove_links(page)  # the only comparisons linked: one fewer
    assert not page.has("other-title")


def test_pair_page_suggests_the_pairs_with_the_remaining_framework(
    client, article_content, html_page
):
    page = html_page(client.get(compare_url("django-vs-express")))

    assert set(links(page)) == {compare_url("django-vs-flask"), compare_url("express-vs-flask")}


def test_four_frameworks_are_compared_side_by_side(client, fourth_framework, compare_table):
    spec = canonical_spec(f.slug for f in published())
    assert spec.count("-vs-") == MAX_FRAMEWORKS - 1

    response = client.get(compare_url(spec))

    assert response.status_code == 200
    table = compare_table(response)
    assert table.columns == [f.name for f in sorted(published(), key=lambda f: f.slug)]
    assert all(len(row.cells) == MAX_FRAMEWORKS for row in table.rows)


def test_compare_page_escapes_editor_text(client, article_content, make_published_framework):
    django = Framework.objects.get(slug="django")
    sneaky = make_published_framework(name="<b>Sneaky</b>", slug="sneaky")
    sneaky.ratings.filter(criterion=Criterion.objects.first()).update(
        rationale="<script>alert(1)</script>", source_url="https://example.com/?a=1&b=2"
    )

    response = client.get(compare_url(canonical_spec([django.slug, sneaky.slug])))

    page = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>Sneaky</b>" not in page


def test_home_page_links_to_every_starting_comparison(client, article_content, html_page):
    response = client.get(reverse("home"))

    page = html_page(response)
    section = page.section("comparisons-title")
    assert sorted(set(links(page))) == sorted(compare_url(spec) for spec in STARTING_SPECS)
    for spec in STARTING_SPECS:
        names = " vs ".join(Framework.objects.get(slug=slug).name for slug in spec.split("-vs-"))
        assert names in section
        assert names in link_texts(page, compare_url(spec))
        assert client.get(compare_url(spec)).status_code == 200


def test_compare_page_draws_a_chart_of_every_rating_beside_the_table(client, article_content):
    response = client.get(compare_url("django-vs-express-vs-flask"))
    html = response.content.decode()
    chart = html[
        html.index('<svg class="ratings-chart"') : html.index(
            "</svg>", html.index('<svg class="ratings-chart"')
        )
    ]
    ratings = Rating.objects.filter(framework__slug__in=["django", "express", "flask"]).count()
    assert chart.count("<rect ") == ratings
    assert 'role="img"' in chart and "in the table below" in chart
    for criterion in Criterion.objects.all():
        assert f">{criterion.name}</text>" in chart
