"""A saved result stays the same after content edits, and recomputing it with today's
content makes a new result and keeps the old one."""

import pytest

from comparisons.content_version import current_content_version
from comparisons.models import Framework, Rating
from questionnaire.models import Question, Submission
from tests.personas import CHAT_APP
from tests.questionnaire.result_reading import result_json, result_page

pytestmark = pytest.mark.django_db


def lower_express_performance():
    rating = Rating.objects.get(framework__slug="express", criterion__slug="raw-performance")
    assert rating.score == 5
    rating.score = 1
    rating.save()


def test_result_stays_the_same_after_a_content_edit(
    client, answer_form_data, submit_answers, html_page
):
    token = submit_answers(answer_form_data(**CHAT_APP))
    before = result_json(client, token)
    page_before = result_page(client, html_page, token)
    assert not page_before.find_all("form", action=f"/results/{token}/recompute/")
    version = current_content_version()

    lower_express_performance()

    assert current_content_version() == version + 1
    after = result_json(client, token)
    assert after["ranking"] == before["ranking"]
    assert after["winner"] == before["winner"]
    assert after["excluded"] == before["excluded"]
    assert after["what_would_change"] == before["what_would_change"]
    assert after["content_version"] == before["content_version"] == version
    assert after["content_changed_since"] is True

    page = result_page(client, html_page, token)
    assert page.texts("li", class_="ranking-row") == page_before.texts("li", class_="ranking-row")
    assert "have changed since this result was made" in page.text
    (form,) = page.find_all("form", action=f"/results/{token}/recompute/")
    assert form["method"] == "post"
    assert "Recompute with today's content" in page.texts("button", type="submit")


def test_result_survives_its_framework_being_deleted(
    client, answer_form_data, submit_answers, html_page
):
    token = submit_answers(answer_form_data(**CHAT_APP))
    before = result_json(client, token)
    assert before["winner"]["framework"] == "express"

    Framework.objects.get(slug="express").delete()

    assert result_json(client, token)["ranking"] == before["ranking"]
    page = result_page(client, html_page, token)
    assert page.text_of("winner-title") == "Express"


def test_recompute_makes_a_new_result_and_keeps_the_old_one(
    client, answer_form_data, submit_answers
):
    token = submit_answers(answer_form_data(**CHAT_APP))
    old = Submission.objects.get(token=token)
    old_fields = (old.answers, old.result, old.content_version, old.labels_id, old.created_at)
    before = result_json(client, token)
    lower_express_performance()

    response = client.post(f"/results/{token}/recompute/")

    assert response.status_code == 303
    new_token = response["Location"].removeprefix("/results/").removesuffix("/")
    assert response["Location"] == f"/results/{new_token}/"
    assert new_token != token
    assert Submission.objects.count() == 2
    new = Submission.objects.get(token=new_token)
    assert new.recomputed_from_id == old.pk
    assert new.answers == old.answers
    assert new.content_version == current_content_version() == old.content_version + 1
    old.refresh_from_db()
    assert (old.answers, old.result, old.content_version, old.labels_id, old.created_at) == (
        old_fields
    )
    # The edit made a new content version: its results have labels of their own.
    assert new.labels_id != old.labels_id
    assert result_json(client, token) == {**before, "content_changed_since": True}

    # The new result uses today's ratings: Express lost 4 steps on raw performance.
    recomputed = result_json(client, new_token)
    assert recomputed["content_changed_since"] is False

    def express(data):
        (item,) = [i for i in data["ranking"] if i["framework"] == "express"]
        return item

    (line,) = [
        line for line in express(recomputed)["breakdown"] if line["criterion"] == "raw-performance"
    ]
    assert line["rating"] == 1
    assert express(recomputed)["total"] < express(before)["total"]


def test_recompute_after_the_questionnaire_changed_asks_to_finish_it(
    client, answer_form_data, submit_answers, html_page
):
    form_data = answer_form_data(**CHAT_APP)
    token = submit_answers(form_data)
    section = Question.objects.get(text="What are you building?").section
    new_question = Question.objects.create(section=section, text="Which database?", order=99)
    new_question.options.create(label="PostgreSQL")

    response = client.post(f"/results/{token}/recompute/")

    assert response.status_code == 400
    assert Submission.objects.count() == 1
    page = html_page(response)
    assert "The questionnaire has changed since your earlier result" in page.text
    assert "Which database?: Please answer this question." in page.text_of("form-errors")
    for name, value in form_data.items():
        values = value if isinstance(value, list) else [value]
        checked = {a["value"] for a in page.find_all("input", name=name) if "checked" in a}
        assert checked == set(values)
