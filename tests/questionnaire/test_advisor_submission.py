"""A valid POST to the questionnaire saves exactly one result, scored with the content
current when it is saved, under a long unguessable token; and the form shows every
question."""

import json
import re

import pytest

from comparisons.content_version import current_content_version
from comparisons.models import Framework
from questionnaire.content import get_content
from questionnaire.models import Question, Submission
from questionnaire.records import build_record
from questionnaire.scoring import resolve_and_score
from tests.questionnaire.advisor_answers import BUILDING, VALID

pytestmark = pytest.mark.django_db

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{22,}")


def test_post_saves_exactly_one_submission_and_redirects_with_303(client, answer_form_data):
    data = answer_form_data(**VALID)
    assert Submission.objects.count() == 0

    response = client.post("/advisor/", data)

    assert response.status_code == 303
    submission = Submission.objects.get()
    assert response["Location"] == f"/results/{submission.token}/"
    expected_answers = {
        key[1:]: [int(value)] if isinstance(value, str) else [int(v) for v in value]
        for key, value in data.items()
    }
    assert submission.answers == expected_answers
    assert submission.content_version == current_content_version()
    assert submission.result["score"]["winner_id"] == Framework.objects.get(slug="django").pk
    assert submission.recomputed_from is None


@pytest.mark.parametrize("priorities", [["Speed", "Security"], ["Security", "Speed"]])
def test_the_stored_result_is_the_scorers_for_those_answers(client, answer_form_data, priorities):
    # Several answers in or out of display order: the scorer resolves them, the same record
    # either way.
    data = answer_form_data(**{**VALID, "priorities": priorities})
    assert client.post("/advisor/", data).status_code == 303
    submission = Submission.objects.get()
    content = get_content()
    answers = {int(key): tuple(ids) for key, ids in submission.answers.items()}
    expected = build_record(
        content, *resolve_and_score(content.snapshot, answers, include_breakdown=False)
    )
    assert submission.result == json.loads(json.dumps(expected))


# A submission is scored with the content current when it is saved. These edits land after
# this process read the content, as through another process.


def test_a_submission_after_an_edit_is_scored_with_the_edited_content(client, answer_form_data):
    data = answer_form_data(**VALID)
    assert client.get("/advisor/").status_code == 200
    read_before = get_content()
    django = Framework.objects.get(slug="django")
    django.published = False
    django.save()

    response = client.post("/advisor/", data)

    assert response.status_code == 303
    submission = Submission.objects.get()
    assert response["Location"] == f"/results/{submission.token}/"
    assert submission.content_version == current_content_version() == read_before.version + 1
    ranked = {line["framework_id"] for line in submission.result["score"]["ranking"]}
    assert django.pk not in ranked
    assert submission.result["score"]["winner_id"] != django.pk


def test_an_edit_landing_while_a_submission_is_scored_is_scored_again(
    client, answer_form_data, monkeypatch
):
    from questionnaire.scoring import Scorer

    data = answer_form_data(**VALID)
    scored_with = []
    score = Scorer.resolve_and_score

    def score_then_edit(scorer, *args, **kwargs):
        scored_with.append(scorer.snapshot.version)
        if len(scored_with) == 1:  # another editor saves while this one is being scored
            Framework.objects.filter(slug="django").update(published=False)
        return score(scorer, *args, **kwargs)

    monkeypatch.setattr(Scorer, "resolve_and_score", score_then_edit)
    response = client.post("/advisor/", data)

    assert response.status_code == 303
    submission = Submission.objects.get()
    assert scored_with == [scored_with[0], current_content_version()] != scored_with[:1] * 2
    assert submission.content_version == current_content_version()
    assert Framework.objects.get(slug="django").pk not in {
        line["framework_id"] for line in submission.result["score"]["ranking"]
    }


def test_answers_to_a_question_added_since_the_content_was_read_are_accepted(
    client, answer_form_data, make_option
):
    data = answer_form_data(**VALID)
    assert client.get("/advisor/").status_code == 200
    option = make_option()  # a new question, required, with this one answer
    data[f"q{option.question_id}"] = str(option.pk)

    response = client.post("/advisor/", data)

    assert response.status_code == 303, response.content.decode()[:2000]
    submission = Submission.objects.get()
    assert submission.answers[str(option.question_id)] == [option.pk]
    assert submission.content_version == current_content_version()


def test_answers_refused_by_the_edited_content_are_refused_and_nothing_is_saved(
    client, answer_form_data, html_page
):
    data = answer_form_data(**VALID)
    assert client.get("/advisor/").status_code == 200
    question = Question.objects.get(text=BUILDING)
    question.published = False  # its answer now names an unknown question
    question.save()

    response = client.post("/advisor/", data)

    assert response.status_code == 400
    assert not Submission.objects.exists()


def test_tokens_are_long_url_safe_and_unguessable(client, answer_form_data, submit_answers):
    data = answer_form_data(**VALID)

    tokens = [submit_answers(data) for _ in range(5)]

    for token in tokens:
        # 22 URL-safe base64 characters carry 132 bits; 16 random bytes give the 128 bits.
        assert TOKEN_PATTERN.fullmatch(token), token
    assert len(set(tokens)) == len(tokens), "identical answers must still get distinct tokens"
    assert len({token[:8] for token in tokens}) == len(tokens), "tokens share a prefix"
    assert set(Submission.objects.values_list("token", flat=True)) == set(tokens)


def test_get_shows_every_published_question_with_its_options(client, starting_content, html_page):
    response = client.get("/advisor/")

    assert response.status_code == 200
    page = html_page(response)
    for question in Question.objects.filter(published=True):
        assert question.text in page.text
        inputs = page.find_all("input", name=f"q{question.pk}")
        values = {attributes["value"] for attributes in inputs}
        assert {str(option.pk) for option in question.options.all()} <= values
    # The conditional question says what it depends on.
    assert (
        f"Only if you answered “A full-featured web app with user accounts and an admin” to "
        f"“{BUILDING}”." in page.text
    )
