"""Addresses of comparisons: other orders and cases redirect to the canonical one, and
invalid ones get the helpful not-found page."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from comparisons.comparison import MAX_FRAMEWORKS, MIN_FRAMEWORKS, canonical_spec
from comparisons.models import Framework
from tests.comparisons.pages import (
    STARTING_SPECS,
    compare_url,
    link_texts,
    published,
    template_names,
)

pytestmark = pytest.mark.django_db

NOT_FOUND_HEADING = "We cannot show that comparison"


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
    client, article_content, asked, canonical
):
    response = client.get(f"/compare/{asked}/")

    assert response.status_code == 301
    assert response["Location"] == compare_url(canonical)
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("spec", STARTING_SPECS)
def test_canonical_addresses_answer_directly(client, article_content, spec):
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
    client, article_content, html_page, path, message
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
    client, article_content, html_page, path, message
):
    # No permanent redirect first: only an address naming real frameworks is worth one.
    response = client.get(path)

    assert_helpful_not_found(response, html_page, message)


def test_unpublished_framework_cannot_be_compared(
    client, article_content, make_framework, html_page
):
    hidden = make_framework(name="Hidden", slug="hidden", published=False)

    response = client.get(compare_url(canonical_spec(["django", hidden.slug])))

    assert_helpful_not_found(response, html_page, unknown(hidden.slug))
    assert hidden.name not in html_page(response).text


def test_five_frameworks_are_too_many(client, article_content, make_published_framework, html_page):
    for name in ("Hono", "Hapi"):
        make_published_framework(name=name, slug=name.lower())
    slugs = [f.slug for f in published()]
    assert len(slugs) == MAX_FRAMEWORKS + 1

    response = client.get(compare_url(canonical_spec(slugs)))

    assert_helpful_not_found(response, html_page, TOO_MANY)


def test_compare_page_only_answers_safe_methods(client, article_content):
    assert client.post(compare_url("django-vs-express")).status_code == 405
    assert client.head(compare_url("django-vs-express")).status_code == 200
