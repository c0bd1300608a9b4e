"""Changing a comparison in place, without JavaScript: "Remove" links to the comparison
without a framework, an "Add a framework" form through the picker, and ?only=differences,
which keeps the criteria the shown frameworks are not all rated the same on."""

import itertools

import pytest
from django.urls import reverse

from comparisons.comparison import MAX_FRAMEWORKS, canonical_spec
from comparisons.models import Criterion, Framework, Rating
from tests.comparisons.pages import STARTING_SPECS, compare_url, published, remove_links
from tests.personas import CHAT_APP

pytestmark = pytest.mark.django_db

PICKER = reverse("comparisons:compare-redirect")
DIFFERENCES = "?only=differences"


def differing_criteria(slugs) -> list[str]:
    """Names of the active criteria (in their order) on which the frameworks' scores are not
    all the same, from the ratings themselves."""
    scores = {
        (rating.framework.slug, rating.criterion_id): rating.score
        for rating in Rating.objects.select_related("framework")
    }
    return [
        criterion.name
        for criterion in Criterion.objects.filter(active=True)
        if len({scores.get((slug, criterion.id)) for slug in slugs}) > 1
    ]


def add_form(page) -> tuple[dict, list[str], list[str]]:
    """The "Add a framework" form: its attributes, the hidden f values, the options' values."""
    (form,) = page.find_all("form", class_="compare-add")
    hidden = [field["value"] for field in page.find_all("input", type="hidden", name="f")]
    start = next(
        i
        for i, (tag, attrs, _) in enumerate(page.elements)
        if tag == "select" and attrs.get("id") == "add-framework"
    )
    options = []
    for tag, attrs, _ in page.elements[start + 1 :]:
        if tag != "option":
            break
        options.append(attrs["value"])
    return form, hidden, options


# --- Remove ----------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, MAX_FRAMEWORKS])
def test_each_framework_has_a_remove_link_to_the_comparison_without_it(
    client, fourth_framework, html_page, count
):
    slugs = sorted(f.slug for f in published())[:count]

    page = html_page(client.get(compare_url(canonical_spec(slugs))))

    expected = [compare_url(canonical_spec(set(slugs) - {slug})) for slug in slugs]
    assert remove_links(page) == expected
    names = {f.slug: f.name for f in published()}
    assert page.texts("a", class_="compare-remove") == [
        f"Remove {names[slug]} from the comparison" for slug in slugs
    ]
    for href in expected:  # each leads to a comparison shown at its canonical address
        assert client.get(href).status_code == 200


@pytest.mark.parametrize("spec", [s for s in STARTING_SPECS if s.count("-vs-") == 1])
def test_a_pair_has_no_remove_link(client, article_content, html_page, spec):
    page = html_page(client.get(compare_url(spec)))

    assert remove_links(page) == []
    assert "add a third before you remove one" in page.section("change-title")


def test_remove_links_keep_the_differences_only_view(client, article_content, html_page):
    slugs = ["django", "express", "flask"]

    page = html_page(client.get(compare_url(canonical_spec(slugs)) + DIFFERENCES))

    assert remove_links(page) == [
        compare_url(canonical_spec(set(slugs) - {slug})) + DIFFERENCES for slug in slugs
    ]


# --- Add -------------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", ["django-vs-express", "django-vs-flask", "express-vs-flask"])
def test_add_form_offers_the_other_published_frameworks_and_leads_to_their_comparison(
    client, fourth_framework, make_framework, html_page, spec
):
    make_framework(name="Hidden", slug="hidden", published=False)
    shown = spec.split("-vs-")

    page = html_page(client.get(compare_url(spec)))

    form, hidden, options = add_form(page)
    assert form["method"] == "get" and form["action"] == PICKER
    assert hidden == shown
    assert options == [f.slug for f in published() if f.slug not in shown]
    assert "hidden" not in options
    labels = [
        t for tag, a, t in page.elements if tag == "label" and a.get("for") == "add-framework"
    ]
    assert labels == ["Add a framework"]
    assert page.find_all("select", id="add-framework", name="f")
    for added in options:  # what the browser sends: the hidden values, then the choice
        response = client.get(form["action"], {"f": [*hidden, added]})
        assert response.status_code == 302
        assert response["Location"] == compare_url(canonical_spec([*shown, added]))
        assert client.get(response["Location"]).status_code == 200


def test_no_add_form_once_the_maximum_is_shown(client, fourth_framework, html_page):
    spec = canonical_spec(f.slug for f in published())
    assert spec.count("-vs-") + 1 == MAX_FRAMEWORKS

    page = html_page(client.get(compare_url(spec)))

    assert not page.find_all("form", class_="compare-add")
    assert f"at most {MAX_FRAMEWORKS} frameworks" in page.section("change-title")


def test_no_add_form_when_every_framework_is_shown(client, article_content, html_page):
    page = html_page(client.get(compare_url("django-vs-express-vs-flask")))

    assert not page.find_all("form", class_="compare-add")
    assert "Every framework we rate is in this comparison" in page.section("change-title")


# --- Only the differences --------------------------------------------------------------------


@pytest.mark.parametrize("spec", STARTING_SPECS)
def test_only_differences_shows_exactly_the_rows_where_the_ratings_differ(
    client, article_content, compare_table, html_page, spec
):
    slugs = spec.split("-vs-")
    # One row made the same for all, so each comparison has a row to leave out.
    same = Criterion.objects.filter(active=True).first()
    Rating.objects.filter(criterion=same, framework__slug__in=slugs).update(score=4)
    expected = differing_criteria(slugs)
    total = Criterion.objects.filter(active=True).count()
    assert same.name not in expected and 0 < len(expected) < total

    response = client.get(compare_url(spec) + DIFFERENCES)

    assert response.status_code == 200
    assert [row.name for row in compare_table(response).rows] == expected
    page = html_page(response)
    chart = page.texts("text", class_="chart-label")
    assert [label for label in chart if not label.isdigit()] == expected
    note = page.text_of("criteria-shown")
    assert f"showing the {len(expected)} of {total} criteria" in note
    assert page.find_all("a", href=compare_url(spec))  # back to every criterion
    assert f"Show all {total} criteria" in note
    assert page.texts("title")[0].endswith("only where they differ — StackAdvisor")
    # The whole comparison links to this view, saying how many rows it keeps.
    full = html_page(client.get(compare_url(spec)))
    assert full.find_all("a", href=compare_url(spec) + DIFFERENCES)
    assert f"Show only the {len(expected)} criteria where they differ" in full.text


def test_only_differences_when_no_rating_differs(client, article_content, compare_table, html_page):
    Rating.objects.filter(framework__slug__in=["django", "flask"]).update(score=3)

    response = client.get(compare_url("django-vs-flask") + DIFFERENCES)

    assert response.status_code == 200
    page = html_page(response)
    assert "rated the same on every criterion" in page.text_of("criteria-shown")
    assert not page.has("ratings-title") and not page.has("chart-title")
    full = html_page(client.get(compare_url("django-vs-flask")))
    assert not full.find_all("a", href=compare_url("django-vs-flask") + DIFFERENCES)
    assert len(compare_table(client.get(compare_url("django-vs-flask"))).rows) == (
        Criterion.objects.filter(active=True).count()
    )


@pytest.mark.parametrize(
    "query", ["?only=everything", "?only=", "?only=differences&only=differences"]
)
def test_an_unknown_view_is_refused_with_every_criterion(
    client, article_content, compare_table, html_page, query
):
    response = client.get(compare_url("django-vs-express") + query)

    assert response.status_code == 400
    page = html_page(response)
    assert "is not a way to narrow this comparison" in page.text_of("only-problem")
    assert page.find_all("meta", name="robots", content="noindex")
    assert len(compare_table(response).rows) == Criterion.objects.filter(active=True).count()


def test_the_canonical_link_stays_the_whole_comparison(client, article_content, html_page):
    page = html_page(client.get(compare_url("django-vs-express") + DIFFERENCES))

    (canonical,) = page.find_all("link", rel="canonical")
    assert canonical["href"] == "http://testserver" + compare_url("django-vs-express")


def test_another_order_redirects_with_the_view_kept(client, article_content):
    response = client.get(compare_url("flask-vs-django") + DIFFERENCES)

    assert response.status_code == 301
    assert response["Location"] == compare_url("django-vs-flask") + DIFFERENCES


def test_the_personal_comparison_offers_no_changes(client, answer_form_data, html_page):
    submitted = client.post("/advisor/", answer_form_data(**CHAT_APP))
    page = html_page(client.get(submitted["Location"] + "compare/"))

    assert not page.has("change-title") and not page.find_all("form", class_="compare-add")
    assert remove_links(page) == []


# --- The page cache never mixes the views ----------------------------------------------------


@pytest.fixture
def page_cache(settings, article_content):
    settings.PAGE_CACHE_SECONDS = 3600  # the test settings turn it off


def rows_and_source(client, compare_table, url) -> tuple[list[str], bool]:
    """The row names of the page at ``url`` and whether it came from the page cache (a
    stored page renders no template)."""
    response = client.get(url)
    return [row.name for row in compare_table(response).rows], not response.templates


@pytest.mark.parametrize("first", ["filtered", "unfiltered"])
def test_a_filtered_page_never_leaks_through_the_page_cache(
    client, page_cache, compare_table, first
):
    spec = "django-vs-express"
    every = list(Criterion.objects.filter(active=True).values_list("name", flat=True))
    differing = differing_criteria(spec.split("-vs-"))
    assert len(differing) < len(every)
    filtered, unfiltered = compare_url(spec) + DIFFERENCES, compare_url(spec)
    order = [filtered, unfiltered] if first == "filtered" else [unfiltered, filtered]

    for url, _ in itertools.product(order, range(2)):  # each twice, one after the other
        rows, cached = rows_and_source(client, compare_table, url)
        assert rows == (differing if url == filtered else every), url
        assert not (cached and url == filtered), "a filtered page came from the cache"
    # The whole comparison, asked for twice, was stored and served the second time.
    assert rows_and_source(client, compare_table, unfiltered) == (every, True)
    # A refused view is never stored either, nor served the stored page.
    refused = client.get(unfiltered + "?only=nonsense")
    assert refused.status_code == 400 and refused.templates
    assert rows_and_source(client, compare_table, unfiltered) == (every, True)


def test_framework_names_in_the_controls_come_from_the_database(client, article_content, html_page):
    Framework.objects.filter(slug="flask").update(name="Flask & friends")

    page = html_page(client.get(compare_url("django-vs-express-vs-flask") + DIFFERENCES))

    assert "Remove Flask & friends from the comparison" in page.texts("a", class_="compare-remove")
    assert "Django, Express and Flask & friends" in page.text_of("criteria-shown")
