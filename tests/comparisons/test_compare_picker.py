"""The /compare/ picker: its form, its redirects to the canonical comparison, and its
messages for bad choices."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from comparisons.comparison import MAX_FRAMEWORKS, MIN_FRAMEWORKS, canonical_spec
from tests.comparisons.pages import compare_url, published, template_names

pytestmark = pytest.mark.django_db

PICKER = "/compare/"


def picker_choices(page) -> list[tuple[str, bool]]:
    return [
        (box["value"], "checked" in box)
        for box in page.find_all("input", type="checkbox", name="f")
    ]


def test_picker_without_parameters_shows_the_form(
    client, article_content, make_framework, html_page
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
def test_picker_redirects_to_the_canonical_comparison(client, article_content, query, spec):
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
    client, article_content, make_framework, html_page, query, message
):
    make_framework(name="Hidden", slug="hidden", published=False)

    response = client.get(f"{PICKER}?{query}")

    assert response.status_code == 400
    assert "comparisons/compare_picker.html" in template_names(response)
    page = html_page(response)
    assert page.texts("div", class_="invalid-feedback") == [message]
    assert [value for value, _ in picker_choices(page)] == [f.slug for f in published()]


def test_picker_refuses_five_frameworks(
    client, article_content, make_published_framework, html_page
):
    for name in ("Hono", "Hapi"):
        make_published_framework(name=name, slug=name.lower())
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
    client, article_content, html_page, query
):
    # A tracking parameter on a shared link must not turn the page into a 400 error.
    response = client.get(f"{PICKER}?{query}")

    assert response.status_code == 200
    page = html_page(response)
    assert not page.find_all("div", class_="invalid-feedback")
    assert NONE_CHOSEN not in page.text
    assert picker_choices(page) == [(f.slug, False) for f in published()]


def test_picker_keeps_valid_choices_ticked_after_an_error(client, article_content, html_page):
    page = html_page(client.get(f"{PICKER}?f=express"))

    assert dict(picker_choices(page)) == {"django": False, "express": True, "flask": False}


def test_picker_only_answers_safe_methods(client, article_content):
    assert client.post(PICKER, {"f": ["django", "express"]}).status_code == 405
