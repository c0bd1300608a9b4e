"""Rating a framework in one pass: its admin page has a row ready for every active criterion
it is not rated on, criterion filled in; rows left as they are are not saved."""

import pytest

from comparisons.models import Criterion, Framework, Language, Rating
from tests.test_admin import admin_url, change_form_data, form_errors

pytestmark = pytest.mark.django_db


def rating_forms(page):
    (formset,) = [
        inline.formset
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model is Rating
    ]
    return formset.forms


def test_a_new_framework_gets_a_row_for_every_active_criterion(editor_client, starting_content):
    page = editor_client.get(admin_url(Framework, "add"))

    active = list(Criterion.objects.filter(active=True).values_list("pk", flat=True))
    assert [form["criterion"].value() for form in rating_forms(page)] == active


def test_a_framework_is_rated_and_published_in_one_pass(editor_client, starting_content):
    page = editor_client.get(admin_url(Framework, "add"))
    data = change_form_data(page)
    data.pop("tags")  # no tag ticked: a browser sends nothing for it
    data.update(
        {
            "name": "Hono",
            "slug": "hono",
            "language": "TypeScript",
            "summary": "A small web framework for many JavaScript runtimes.",
            "languages": [str(Language.objects.get(key="typescript").pk)],
            "published": "on",
        }
    )
    # Per criterion, three fields: the score, the reason and the source.
    for form in rating_forms(page):
        data[form.add_prefix("score")] = "4"
        data[form.add_prefix("rationale")] = "Checked against its documentation."
        data[form.add_prefix("source_url")] = "https://hono.dev/docs/"

    response = editor_client.post(admin_url(Framework, "add"), data)

    assert response.status_code == 302, form_errors(response)
    hono = Framework.objects.get(slug="hono")
    assert hono.ratings.count() == Criterion.objects.filter(active=True).count()
    assert Framework.objects.published().filter(pk=hono.pk).exists()


def test_rows_left_as_they_are_are_not_saved(editor_client, starting_content, make_framework):
    draft = make_framework(name="Draft")
    page = editor_client.get(admin_url(Framework, "change", draft.pk))
    data = change_form_data(page)
    first = rating_forms(page)[0]
    data[first.add_prefix("score")] = "3"
    data[first.add_prefix("rationale")] = "Only this one for now."

    response = editor_client.post(admin_url(Framework, "change", draft.pk), data)

    assert response.status_code == 302, form_errors(response)
    assert list(draft.ratings.values_list("criterion_id", "score")) == [
        (first["criterion"].value(), 3)
    ]
    again = editor_client.get(admin_url(Framework, "change", draft.pk))
    assert len(rating_forms(again)) == Criterion.objects.filter(active=True).count()
