"""Complete before public: a framework is listed, compared and ranked only once it is rated on
every active criterion; the admin names what is missing and refuses to publish it; a new
criterion counts only once every published framework is rated on it."""

import pytest
from django.contrib.messages import get_messages

from comparisons.models import Criterion, Framework, Rating
from questionnaire.content import get_content
from tests.personas import CHAT_APP
from tests.test_admin import admin_url, change_form_data, form_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def half_rated(starting_content, make_framework):
    """Published, as editors could once leave it: rated on 2 of the 11 active criteria."""
    framework = make_framework(name="Halfway", slug="halfway", published=True)
    for criterion in Criterion.objects.filter(active=True)[:2]:
        Rating.objects.create(framework=framework, criterion=criterion, score=5, rationale="R.")
    return framework


def test_an_incomplete_framework_is_never_listed_compared_or_ranked(
    client, half_rated, answer_form_data, submit_answers
):
    assert half_rated not in Framework.objects.published()
    assert "Halfway" not in client.get("/frameworks/").text
    assert client.get("/frameworks/halfway/").status_code == 404
    assert client.get("/compare/django-vs-halfway/").status_code == 404
    assert 'value="halfway"' not in client.get("/compare/").text
    assert half_rated.pk not in {f.id for f in get_content().snapshot.frameworks}

    token = submit_answers(answer_form_data(**CHAT_APP))
    assert "Halfway" not in client.get(f"/results/{token}/").text


def test_the_admin_says_what_is_missing(editor_client, half_rated):
    page = editor_client.get(admin_url(Framework, "change", half_rated.pk))
    missing = list(
        Criterion.objects.filter(active=True)
        .exclude(ratings__framework=half_rated)
        .values_list("name", flat=True)
    )
    assert len(missing) == 9
    assert f"{', '.join(missing)}. It can be published once these are rated." in page.text

    listing = editor_client.get(admin_url(Framework, "changelist") + "?complete=no")
    assert list(listing.context["cl"].result_list) == [half_rated]


def test_saving_an_incomplete_framework_as_published_is_refused_and_changes_nothing(
    editor_client, half_rated
):
    half_rated.published = False
    half_rated.save()
    url = admin_url(Framework, "change", half_rated.pk)
    data = change_form_data(editor_client.get(url))
    data["published"] = "on"
    data["summary"] = "Edited summary."

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "Halfway can be published only once it is rated on every active criterion" in (
        form_errors(response)
    )
    half_rated.refresh_from_db()
    assert half_rated.published is False
    assert half_rated.summary != "Edited summary."


def test_removing_a_rating_of_a_published_framework_is_refused(editor_client, starting_content):
    django = Framework.objects.get(slug="django")
    url = admin_url(Framework, "change", django.pk)
    page = editor_client.get(url)
    data = change_form_data(page)
    inlines = page.context["inline_admin_formsets"]
    [ratings] = [inline.formset for inline in inlines if inline.formset.model is Rating]
    data[ratings.forms[0].add_prefix("DELETE")] = "on"

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "Missing: Language and learning curve." in form_errors(response)
    assert django.ratings.count() == 11


def test_the_publish_action_refuses_an_incomplete_framework_and_publishes_nothing(
    editor_client, half_rated, make_framework
):
    half_rated.published = False
    half_rated.save()
    complete = make_framework(name="Complete")
    for criterion in Criterion.objects.filter(active=True):
        Rating.objects.create(framework=complete, criterion=criterion, score=3, rationale="R.")

    response = editor_client.post(
        admin_url(Framework, "changelist"),
        {"action": "publish", "_selected_action": [half_rated.pk, complete.pk]},
    )

    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(m.startswith("Halfway can be published only once") for m in messages)
    assert "Nothing was published." in messages
    assert not Framework.objects.filter(pk__in=[half_rated.pk, complete.pk], published=True)

    response = editor_client.post(
        admin_url(Framework, "changelist"),
        {"action": "publish", "_selected_action": [complete.pk]},
    )
    assert Framework.objects.published().filter(pk=complete.pk).exists()


def test_a_new_criterion_counts_only_once_every_published_framework_is_rated(
    editor_client, starting_content
):
    before = get_content().snapshot
    response = editor_client.post(
        admin_url(Criterion, "add"),
        {
            "name": "Community",
            "slug": "community",
            "description": "How easy it is to find help.",
            "base_importance": "3",
            "order": "120",
            "active": "on",
        },
    )
    assert response.status_code == 200
    assert "It can count once every published framework has a rating on it" in (
        form_errors(response)
    )
    assert not Criterion.objects.filter(slug="community").exists()

    data = {
        "name": "Community",
        "slug": "community",
        "description": "How easy it is to find help.",
        "base_importance": "3",
        "order": "120",
    }
    assert editor_client.post(admin_url(Criterion, "add"), data).status_code == 302
    community = Criterion.objects.get(slug="community", active=False)
    # Waiting inactive, it changes nothing visitors see.
    assert Framework.objects.published().count() == Framework.objects.count()
    assert get_content().snapshot.criteria == before.criteria

    for framework in Framework.objects.all():
        Rating.objects.create(framework=framework, criterion=community, score=3, rationale="R.")
    data["active"] = "on"
    response = editor_client.post(admin_url(Criterion, "change", community.pk), data)
    assert response.status_code == 302, form_errors(response)
    assert "community" in {c.slug for c in get_content().snapshot.criteria}


def test_a_framework_no_answer_speaks_to_is_said_to_be_judged_on_its_ratings(
    client, starting_content, answer_form_data, submit_answers
):
    token = submit_answers(answer_form_data(**CHAT_APP))
    page = client.get(f"/results/{token}/").text
    ranking = page[page.index('id="ranking-title"') :]
    rows = {
        row[row.index("</a>") - 40 :].split(">", 1)[1].split("<")[0]: row
        for row in ranking[: ranking.index("</ol>")].split("</li>")[:-1]
    }
    note = "Judged on its ratings alone: none of your answers spoke to it."
    # The chat persona's answers reach JavaScript and async-first frameworks: Symfony is
    # neither, and no answer names it.
    assert note in rows["Symfony"]
    assert note not in rows["Express"] and note not in rows["Phoenix"]


def test_an_inactive_criterion_is_neither_shown_nor_scored(client, starting_content):
    waiting = Criterion.objects.create(
        name="Community", slug="community", description="Help.", base_importance=5
    )
    for framework in Framework.objects.filter(slug__in=["django", "express"]):
        Rating.objects.create(framework=framework, criterion=waiting, score=5, rationale="Kind.")

    assert "Community" not in client.get("/frameworks/django/").text
    assert "Community" not in client.get("/compare/django-vs-express/").text
    assert waiting.pk not in {criterion.id for criterion in get_content().snapshot.criteria}
