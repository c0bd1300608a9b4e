"""The public comparison pages: /compare/<a>-vs-<b>/, the /compare/ picker, the framework
pages, and how many queries they run.

Expected values come from the database rows of the starting content (or rows a test adds),
never from copies of the page text.
"""

import datetime
import html
import itertools
import re
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from comparisons.comparison import MAX_FRAMEWORKS, MIN_FRAMEWORKS, canonical_spec
from comparisons.markdown import render_markdown
from comparisons.models import AdviceSnippet, Criterion, Framework, Rating

pytestmark = pytest.mark.django_db

STARTING_SPECS = [
    "django-vs-express",
    "django-vs-flask",
    "express-vs-flask",
    "django-vs-express-vs-flask",
]
NOT_FOUND_HEADING = "We cannot show that comparison"
COMPARE_LINK = re.compile(r"^/compare/([^/?]+)/$")
QUERY_LIMIT = 5


def compare_url(spec: str) -> str:
    return reverse("comparisons:compare", kwargs={"spec": spec})


def published() -> list[Framework]:
    return list(Framework.objects.published())


def visible_text(markdown: str) -> str:
    """A snippet body as the page shows it once tags are gone."""
    return " ".join(html.unescape(strip_tags(render_markdown(markdown))).split())


def links(page, pattern=COMPARE_LINK) -> list[str]:
    """Every ``a`` href on the page matching ``pattern``, in document order."""
    return [a["href"] for a in page.find_all("a") if pattern.match(a.get("href", ""))]


def link_texts(page, href: str) -> list[str]:
    return [text for tag, attrs, text in page.elements if tag == "a" and attrs.get("href") == href]


def template_names(response) -> list[str]:
    return [template.name for template in response.templates]


def verdicts_of(framework) -> list[AdviceSnippet]:
    return list(
        AdviceSnippet.objects.published().filter(
            kind=AdviceSnippet.Kind.VERDICT, frameworks=framework
        )
    )


# --- /compare/<spec>/ with the starting content ----------------------------------------------


@pytest.mark.parametrize("spec", STARTING_SPECS)
def test_compare_page_shows_every_criterion_and_rating(
    client, starting_content, compare_table, spec
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
    page = response.content.decode()
    for row, criterion in zip(table.rows, criteria, strict=True):
        assert criterion.description in row.header
        for cell, framework in zip(row.cells, frameworks, strict=True):
            rating = ratings[(framework.id, criterion.id)]
            assert cell.text.startswith(f"{rating.score}/5"), (criterion.name, cell.text)
            assert rating.rationale in cell.text
            if rating.source_url:
                assert f'href="{rating.source_url}"' in page
                assert "(source)" in cell.text
            else:
                assert "(source)" not in cell.text


@pytest.mark.parametrize("spec", STARTING_SPECS)
def test_compare_page_marks_the_best_rating_of_each_row(
    client, starting_content, compare_table, spec
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
    client, starting_content, html_page, spec
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
    client, starting_content, make_snippet, html_page
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
def test_compare_page_links_to_the_questionnaire(client, starting_content, html_page, spec):
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
    assert set(links(page)) == expected
    nav = page.section("other-title")
    by_slug = {f.slug: f for f in published()}
    for slug in shown:
        for other in others:
            assert f"{by_slug[slug].name} vs {other.name}" in nav
    for href in expected:  # every suggested comparison exists, at its canonical address
        assert client.get(href).status_code == 200


def test_compare_page_without_other_frameworks_suggests_no_other_comparison(
    client, starting_content, html_page
):
    page = html_page(client.get(compare_url("django-vs-express-vs-flask")))

    assert links(page) == []
    assert not page.has("other-title")


def test_pair_page_suggests_the_pairs_with_the_remaining_framework(
    client, starting_content, html_page
):
    page = html_page(client.get(compare_url("django-vs-express")))

    assert set(links(page)) == {compare_url("django-vs-flask"), compare_url("express-vs-flask")}


def test_compare_page_shows_an_empty_cell_for_a_missing_rating(
    client, fourth_framework, compare_table
):
    unrated = Criterion.objects.exclude(ratings__framework=fourth_framework).get()

    table = compare_table(client.get(compare_url(canonical_spec(["django", "fastify"]))))

    assert table.columns == ["Django", "Fastify"]
    (row,) = [row for row in table.rows if row.name == unrated.name]
    assert row.cells[1].text == "Not rated yet"
    assert not row.cells[1].best
    assert not row.cells[0].best  # one rating alone is not "best"
    assert sum(cell.text == "Not rated yet" for row in table.rows for cell in row.cells) == 1


def test_four_frameworks_are_compared_side_by_side(client, fourth_framework, compare_table):
    spec = canonical_spec(f.slug for f in published())
    assert spec.count("-vs-") == MAX_FRAMEWORKS - 1

    response = client.get(compare_url(spec))

    assert response.status_code == 200
    table = compare_table(response)
    assert table.columns == [f.name for f in sorted(published(), key=lambda f: f.slug)]
    assert all(len(row.cells) == MAX_FRAMEWORKS for row in table.rows)


def test_compare_page_escapes_editor_text(client, starting_content, make_framework, make_rating):
    django = Framework.objects.get(slug="django")
    sneaky = make_framework(name="<b>Sneaky</b>", slug="sneaky", published=True)
    make_rating(
        framework=sneaky,
        criterion=Criterion.objects.first(),
        rationale="<script>alert(1)</script>",
        source_url="https://example.com/?a=1&b=2",
    )

    response = client.get(compare_url(canonical_spec([django.slug, sneaky.slug])))

    page = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>Sneaky</b>" not in page


def test_home_page_links_to_every_starting_comparison(client, starting_content, html_page):
    response = client.get(reverse("home"))

    page = html_page(response)
    section = page.section("comparisons-title")
    assert sorted(set(links(page))) == sorted(compare_url(spec) for spec in STARTING_SPECS)
    for spec in STARTING_SPECS:
        names = " vs ".join(Framework.objects.get(slug=slug).name for slug in spec.split("-vs-"))
        assert names in section
        assert names in link_texts(page, compare_url(spec))
        assert client.get(compare_url(spec)).status_code == 200


# --- Canonical addresses ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("asked", "canonical"),
    [
        ("express-vs-django", "django-vs-express"),
        ("Django-vs-Express", "django-vs-express"),
        ("DJANGO-VS-FLASK", "django-vs-flask"),
        ("flask-vs-Express", "express-vs-flask"),
        ("flask-vs-express-vs-django", "django-vs-express-vs-flask"),
        ("express-vs-django-vs-flask", "django-vs-express-vs-flask"),
        ("Django-vs-express-vs-flask", "django-vs-express-vs-flask"),
    ],
)
def test_other_orders_and_cases_redirect_permanently_to_the_canonical_address(
    client, starting_content, asked, canonical
):
    response = client.get(f"/compare/{asked}/")

    assert response.status_code == 301
    assert response["Location"] == compare_url(canonical)
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("spec", STARTING_SPECS)
def test_canonical_addresses_answer_directly(client, starting_content, spec):
    assert client.get(compare_url(spec)).status_code == 200


def assert_helpful_not_found(response, html_page, message: str):
    assert response.status_code == 404
    assert "comparisons/compare_not_found.html" in template_names(response)
    page = html_page(response)
    assert page.texts("h1") == [NOT_FOUND_HEADING]
    assert page.texts("p", class_="lead") == [message]
    listed = published()
    assert listed, "the page must list the frameworks one can compare"
    expected = "Frameworks you can compare: " + ", ".join(f.name for f in listed) + "."
    assert expected in page.text
    for framework in listed:
        assert framework.name in link_texts(page, framework.get_absolute_url())
    for framework in Framework.objects.filter(published=False):
        assert not link_texts(page, framework.get_absolute_url())
    assert link_texts(page, reverse("comparisons:compare-redirect"))
    assert {"name": "robots", "content": "noindex"} in page.find_all("meta", name="robots")


EMPTY_NAME = "The address has an empty framework name in it."
REPEATED = "The same framework appears more than once."
TOO_FEW = f"A comparison needs at least {MIN_FRAMEWORKS} frameworks, joined by “-vs-”."
TOO_MANY = f"A comparison shows at most {MAX_FRAMEWORKS} frameworks."


def unknown(name: str) -> str:
    return f"We have no published framework called “{name}”."


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/compare/django-vs-nosuch/", unknown("nosuch")),
        ("/compare/nosuch-vs-other/", unknown("nosuch, other")),
        ("/compare/django-vs-django/", REPEATED),
        ("/compare/django-vs-express-vs-django/", REPEATED),
        ("/compare/django/", TOO_FEW),
        ("/compare/django-vs-/", EMPTY_NAME),
        ("/compare/-vs-django/", EMPTY_NAME),
        ("/compare/django-vs--vs-flask/", EMPTY_NAME),
        ("/compare/-vs-/", EMPTY_NAME),
        ("/compare/dj%20ango-vs-flask/", unknown("dj ango")),
        (f"/compare/{quote('djängo-vs-flask')}/", unknown("djängo")),
        (f"/compare/{quote('django-vs-фласк')}/", unknown("фласк")),
        (f"/compare/{quote('django-vs-🐍')}/", unknown("🐍")),
        ("/compare/django-vs-%3Cscript%3E/", unknown("<script>")),
        ("/compare/django-vs-%22quoted%22/", unknown('"quoted"')),
        ("/compare/django-vs-flask%00/", unknown("flask\x00")),
        # Invalid UTF-8 stays percent-encoded in the path (then lower-cased and redirected).
        ("/compare/django-vs-fl%C3ask/", unknown("fl%c3ask")),
        ("/compare/django-vs-vs-flask/", unknown("vs-flask")),
        ("/compare/django-vs-express.json/", unknown("express.json")),
    ],
)
def test_invalid_comparisons_get_the_helpful_not_found_page(
    client, starting_content, html_page, path, message
):
    response = client.get(path, follow=True)

    assert_helpful_not_found(response, html_page, message)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/compare/Django-vs-django/", REPEATED),
        ("/compare/nosuch-vs-django/", unknown("nosuch")),
        (f"/compare/{quote('DJÄNGO-vs-flask')}/", unknown("djängo")),
        (f"/compare/{quote('İ-vs-flask')}/", unknown("i̇")),
    ],
)
def test_invalid_comparisons_in_another_order_or_case_are_not_found_at_once(
    client, starting_content, html_page, path, message
):
    # No permanent redirect first: only an address naming real frameworks is worth one.
    response = client.get(path)

    assert_helpful_not_found(response, html_page, message)


def test_unpublished_framework_cannot_be_compared(
    client, starting_content, make_framework, html_page
):
    hidden = make_framework(name="Hidden", slug="hidden", published=False)

    response = client.get(compare_url(canonical_spec(["django", hidden.slug])))

    assert_helpful_not_found(response, html_page, unknown(hidden.slug))
    assert hidden.name not in html_page(response).text


def test_five_frameworks_are_too_many(client, starting_content, make_framework, html_page):
    for name in ("Fastify", "Rails"):
        make_framework(name=name, slug=name.lower(), published=True)
    slugs = [f.slug for f in published()]
    assert len(slugs) == MAX_FRAMEWORKS + 1

    response = client.get(compare_url(canonical_spec(slugs)))

    assert_helpful_not_found(response, html_page, TOO_MANY)


def test_compare_page_only_answers_safe_methods(client, starting_content):
    assert client.post(compare_url("django-vs-express")).status_code == 405
    assert client.head(compare_url("django-vs-express")).status_code == 200


# --- The /compare/ picker ---------------------------------------------------------------------

PICKER = "/compare/"


def picker_choices(page) -> list[tuple[str, bool]]:
    return [
        (box["value"], "checked" in box)
        for box in page.find_all("input", type="checkbox", name="f")
    ]


def test_picker_without_parameters_shows_the_form(
    client, starting_content, make_framework, html_page
):
    make_framework(name="Hidden", slug="hidden", published=False)

    response = client.get(PICKER)

    assert response.status_code == 200
    page = html_page(response)
    (form,) = page.find_all("form")
    assert form.get("method") == "get"
    assert form.get("action") == reverse("comparisons:compare-redirect")
    assert picker_choices(page) == [(f.slug, False) for f in published()]
    for framework in published():
        assert framework.name in page.texts("label")
    assert not page.find_all("div", class_="invalid-feedback")


@pytest.mark.parametrize(
    ("query", "spec"),
    [
        ("f=django&f=express", "django-vs-express"),
        ("f=express&f=django", "django-vs-express"),
        ("f=flask&f=express", "express-vs-flask"),
        ("f=flask&f=django&f=express", "django-vs-express-vs-flask"),
    ],
)
def test_picker_redirects_to_the_canonical_comparison(client, starting_content, query, spec):
    response = client.get(f"{PICKER}?{query}")

    assert response.status_code == 302
    assert response["Location"] == compare_url(spec)
    assert client.get(response["Location"]).status_code == 200


def test_picker_accepts_four_frameworks(client, fourth_framework):
    query = "&".join(f"f={f.slug}" for f in reversed(published()))

    response = client.get(f"{PICKER}?{query}")

    assert response.status_code == 302
    assert response["Location"] == compare_url(canonical_spec(f.slug for f in published()))


def not_a_framework(value: str) -> str:
    return f"“{value}” is not a framework we compare. Please choose from the list."


AT_LEAST_TWO = f"Choose at least {MIN_FRAMEWORKS} different frameworks to compare."
NONE_CHOSEN = f"Choose at least {MIN_FRAMEWORKS} frameworks to compare."
AT_MOST_FOUR = f"Choose at most {MAX_FRAMEWORKS} frameworks: more would not fit side by side."


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("f=Express&f=django", not_a_framework("Express")),
        ("f=DJANGO&f=FLASK", not_a_framework("DJANGO")),
        ("f=django", AT_LEAST_TWO),
        ("f=django&f=django", AT_LEAST_TWO),
        ("f=django&f=django&f=django", AT_LEAST_TWO),
        ("f=django&f=nosuch", not_a_framework("nosuch")),
        ("f=django&f=hidden", not_a_framework("hidden")),
        ("f=django&f=%3Cscript%3E", not_a_framework("<script>")),
        (f"f=django&f={quote('фласк')}", not_a_framework("фласк")),
        ("f=django&f=", not_a_framework("")),
        ("f=", not_a_framework("")),
        ("f=&utm_source=mail", not_a_framework("")),
        ("f=django-vs-express", not_a_framework("django-vs-express")),
    ],
)
def test_picker_refuses_bad_choices_with_a_clear_message(
    client, starting_content, make_framework, html_page, query, message
):
    make_framework(name="Hidden", slug="hidden", published=False)

    response = client.get(f"{PICKER}?{query}")

    assert response.status_code == 400
    assert "comparisons/compare_picker.html" in template_names(response)
    page = html_page(response)
    assert page.texts("div", class_="invalid-feedback") == [message]
    assert [value for value, _ in picker_choices(page)] == [f.slug for f in published()]


def test_picker_refuses_five_frameworks(client, starting_content, make_framework, html_page):
    for name in ("Fastify", "Rails"):
        make_framework(name=name, slug=name.lower(), published=True)
    query = "&".join(f"f={f.slug}" for f in published())
    assert query.count("f=") == MAX_FRAMEWORKS + 1

    response = client.get(f"{PICKER}?{query}")

    assert response.status_code == 400
    page = html_page(response)
    assert page.texts("div", class_="invalid-feedback") == [AT_MOST_FOUR]
    # What was chosen stays ticked, so the visitor only has to untick one.
    assert picker_choices(page) == [(f.slug, True) for f in published()]


@pytest.mark.parametrize("query", ["utm_source=newsletter", "page=2&x=", "F=django&F=express"])
def test_picker_with_only_other_parameters_is_a_plain_visit(
    client, starting_content, html_page, query
):
    # A tracking parameter on a shared link must not turn the page into a 400 error.
    response = client.get(f"{PICKER}?{query}")

    assert response.status_code == 200
    page = html_page(response)
    assert not page.find_all("div", class_="invalid-feedback")
    assert NONE_CHOSEN not in page.text
    assert picker_choices(page) == [(f.slug, False) for f in published()]


def test_picker_keeps_valid_choices_ticked_after_an_error(client, starting_content, html_page):
    page = html_page(client.get(f"{PICKER}?f=express"))

    assert dict(picker_choices(page)) == {"django": False, "express": True, "flask": False}


def test_picker_only_answers_safe_methods(client, starting_content):
    assert client.post(PICKER, {"f": ["django", "express"]}).status_code == 405


# --- Framework pages --------------------------------------------------------------------------


def test_framework_list_shows_published_frameworks_only(
    client, starting_content, make_framework, html_page
):
    hidden = make_framework(name="Hidden", slug="hidden", published=False)

    response = client.get(reverse("comparisons:framework-list"))

    assert response.status_code == 200
    page = html_page(response)
    assert page.texts("h2") == [f.name for f in published()]
    for framework in published():
        assert link_texts(page, framework.get_absolute_url()) == [framework.name]
        assert framework.summary in page.text
        assert framework.language in page.text
    assert not link_texts(page, hidden.get_absolute_url())
    assert hidden.name not in page.text


@pytest.mark.parametrize("slug", ["django", "express", "flask"])
def test_framework_page_shows_ratings_with_reasons_sources_and_review_dates(
    client, starting_content, html_page, slug
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
            assert link_texts(page, rating.source_url) == ["(source)"]


@pytest.mark.parametrize("slug", ["django", "express", "flask"])
def test_framework_page_shows_its_own_published_snippets(
    client, starting_content, make_snippet, html_page, slug
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


@pytest.mark.parametrize("slug", ["django", "express", "flask", "fastify"])
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
    client, starting_content, make_framework
):
    hidden = make_framework(name="Hidden", slug="hidden", published=False)

    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get("/frameworks/nosuch/").status_code == 404
    assert client.get("/frameworks/Django/").status_code == 404


# --- Query counts -----------------------------------------------------------------------------


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
        # N+1 guarded: one query per listed framework (or per popular comparison).
        "home": count_queries(client, reverse("home")),
        "list": count_queries(client, reverse("comparisons:framework-list")),
    }

    grid = big_grid(frameworks=200, criteria=40)
    four = canonical_spec(f.slug for f in grid.frameworks[:4])
    large = {
        "detail": count_queries(client, grid.frameworks[7].get_absolute_url()),
        "compare": count_queries(client, compare_url(four)),
        "compare-3": count_queries(client, compare_url("django-vs-express-vs-flask")),
        "home": count_queries(client, reverse("home")),
        "list": count_queries(client, reverse("comparisons:framework-list")),
    }
    # The large pages really show the large content (so a per-row query would show up).
    total_criteria = Criterion.objects.count()
    assert len(compare_table(client.get(compare_url(four))).rows) == total_criteria
    detail = html_page(client.get(grid.frameworks[7].get_absolute_url()))
    assert len(detail.texts("time")) == len(grid.criteria)
    assert len(links(detail)) == Framework.objects.published().count() - 1
    assert len(html_page(client.get(reverse("comparisons:framework-list"))).texts("h2")) == (
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


def test_compare_page_draws_a_chart_of_every_rating_beside_the_table(client, starting_content):
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
