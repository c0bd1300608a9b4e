"""The content's history: who changed what and when, field by field; reverting in one step,
with what an object holds (a framework's ratings, a question's answers and effects); and the
site-wide list of recent changes, for editors only."""

import pytest
import reversion
from django.contrib.auth import get_user_model
from django.urls import reverse
from reversion.models import Version

from comparisons.models import Framework, Rating
from questionnaire.models import FitEffect, Question
from tests.admin_forms import admin_url, change_form_data, form_errors

pytestmark = pytest.mark.django_db

RECENT = "/admin/recent-changes/"


def save_rating_through_admin(client, framework, rating, score: int, rationale: str):
    url = admin_url(Framework, "change", framework.pk)
    page = client.get(url)
    data = change_form_data(page)
    [formset] = [
        f.formset for f in page.context["inline_admin_formsets"] if f.formset.model is Rating
    ]
    [form] = [f for f in formset.forms if f.instance.pk == rating.pk]
    data[form.add_prefix("score")] = str(score)
    data[form.add_prefix("rationale")] = rationale
    response = client.post(url, data)
    assert response.status_code == 302, form_errors(response)


@pytest.fixture
def edited_framework(editor_client, make_framework, make_rating):
    """A framework saved twice in the admin: its rating went from 3 to 5."""
    framework = make_framework(name="Alpha")
    rating = make_rating(framework=framework, score=3, rationale="Fine.")
    save_rating_through_admin(editor_client, framework, rating, 3, "Fine.")
    save_rating_through_admin(editor_client, framework, rating, 5, "Much faster now.")
    return framework, rating


def test_history_shows_who_changed_which_field_from_what_to_what(editor_client, edited_framework):
    framework, _ = edited_framework
    response = editor_client.get(admin_url(Framework, "history", framework.pk))

    assert response.status_code == 200
    latest, first = response.context["history_entries"]
    assert latest["revision"].user.username == "editor"
    [change] = latest["changes"]
    assert change.label.startswith("rating")
    assert {(f.name, f.before, f.after) for f in change.fields} == {
        ("score", "3", "5"),
        ("rationale", "Fine.", "Much faster now."),
    }
    assert not first["changes"] or all(c.created for c in first["changes"])
    html = response.content.decode()
    assert "Much faster now." in html and "Revert to this version" in html


def test_reverting_restores_a_framework_with_its_ratings(editor_client, edited_framework):
    framework, rating = edited_framework
    history = editor_client.get(admin_url(Framework, "history", framework.pk))
    revert_url = history.context["history_entries"][1]["revert_url"]

    preview = editor_client.get(revert_url)
    assert preview.status_code == 200
    rating.refresh_from_db()
    assert rating.score == 5  # looking at an old version changes nothing

    response = editor_client.post(revert_url, change_form_data(preview))

    assert response.status_code == 302, form_errors(response)
    rating.refresh_from_db()
    assert (rating.score, rating.rationale) == (3, "Fine.")
    latest = editor_client.get(admin_url(Framework, "history", framework.pk)).context[
        "history_entries"
    ][0]
    assert "Reverted" in latest["revision"].get_comment()


def test_reverting_a_question_restores_its_answers_and_their_effects(
    make_question, make_option, make_framework
):
    question = make_question(text="Which language?")
    option = make_option(question=question, label="Python")
    framework = make_framework()
    kept = FitEffect.objects.create(option=option, framework=framework, points=5, reason="Kept.")
    with reversion.create_revision():
        question.save()

    option.label = "Python 3"
    option.save()
    kept_id = kept.pk
    kept.delete()
    added = FitEffect.objects.create(option=option, framework=framework, points=9, reason="New.")

    Version.objects.get_for_object(question).first().revision.revert(delete=True)

    option.refresh_from_db()
    assert option.label == "Python"
    assert list(FitEffect.objects.filter(option=option).values_list("pk", "points")) == [
        (kept_id, 5)
    ]
    assert not FitEffect.objects.filter(pk=added.pk).exists()


def test_every_content_model_keeps_a_history():
    from django.apps import apps
    from django.contrib import admin

    content_admins = [
        model
        for label in ("comparisons", "questionnaire")
        for model in apps.get_app_config(label).get_models()
        if admin.site.is_registered(model) and model._meta.model_name != "submission"
    ]
    assert len(content_admins) >= 10
    for model in content_admins:
        assert reversion.is_registered(model), model
        assert "history" in admin.site.get_model_admin(model).object_history_template


def test_recent_changes_lists_every_saved_change(editor_client, edited_framework):
    framework, _ = edited_framework
    response = editor_client.get(RECENT)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count(str(framework)) >= 2
    assert reverse("admin:comparisons_framework_history", args=[framework.pk]) in html
    assert "editor" in html


def test_recent_changes_is_for_staff_with_the_permission(client, django_user_model):
    assert client.get(RECENT).status_code == 302  # to the log-in page

    staff = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get(RECENT).status_code == 403


def test_recent_changes_pages_and_ignores_a_bad_page_number(editor_client, edited_framework):
    assert editor_client.get(RECENT + "?page=999").status_code == 200
    assert editor_client.get(RECENT + "?page=abc").status_code == 200


def test_history_of_an_object_never_saved_in_the_admin_says_so(editor_client, make_framework):
    framework = make_framework()
    response = editor_client.get(admin_url(Framework, "history", framework.pk))
    assert response.status_code == 200
    assert "No saved versions yet" in response.content.decode()


def test_history_and_revert_need_the_permissions(client, edited_framework):
    framework, _ = edited_framework
    history = admin_url(Framework, "history", framework.pk)
    version = Version.objects.get_for_object(framework).last()
    revert = reverse("admin:comparisons_framework_revision", args=[framework.pk, version.pk])
    assert client.get(history).status_code == 302
    assert client.post(revert, {}).status_code == 302

    staff = get_user_model().objects.create_user("staff", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get(history).status_code == 403
    assert client.post(revert, {"name": "Changed"}).status_code == 403
    assert Framework.objects.get(pk=framework.pk).name == "Alpha"


def test_deleted_question_can_be_recovered_from_the_history(editor_client, make_question):
    question = make_question(text="Kept question?")
    with reversion.create_revision():
        question.save()
    question.delete()
    recover_list = editor_client.get(reverse("admin:questionnaire_question_recoverlist"))
    assert recover_list.status_code == 200
    assert "Kept question?" in recover_list.content.decode()
    assert not Question.objects.filter(text="Kept question?").exists()


def test_loading_the_starting_content_records_a_first_version_of_every_row(db, clear_cache):
    from io import StringIO

    from django.core.management import call_command

    from comparisons.models import Criterion

    call_command("load_starting_content", stdout=StringIO())

    django = Framework.objects.get(key="django")
    [first] = Version.objects.get_for_object(django)
    held = {(v.content_type.model, v.object_id) for v in first.revision.version_set.all()}
    assert {("rating", str(r.pk)) for r in django.ratings.all()} <= held
    for model in (Criterion, Question, Rating):
        assert all(Version.objects.get_for_object(row).exists() for row in model.objects.all())
    revisions = Version.objects.count()
    call_command("load_starting_content", stdout=StringIO())
    assert Version.objects.count() == revisions  # once only


def test_a_frameworks_history_includes_its_ratings_changed_on_their_own_page(
    editor_client, edited_framework
):
    framework, rating = edited_framework
    url = admin_url(Rating, "change", rating.pk)
    data = change_form_data(editor_client.get(url))
    data["rationale"] = "Changed on the rating's own page."
    assert editor_client.post(url, data).status_code == 302

    entries = editor_client.get(admin_url(Framework, "history", framework.pk)).context[
        "history_entries"
    ]

    [change] = entries[0]["changes"]
    assert change.fields[0].after == "Changed on the rating's own page."
    assert "/comparisons/framework/" in entries[1]["revert_url"]
    own_page = Version.objects.get_for_object(rating).filter(revision=entries[0]["revision"])
    assert own_page.exists()
