"""The questionnaire page, end to end through the real views: personas get the framework the
article recommends, a valid POST saves exactly one result, and bad input is refused with a
clear message and nothing saved."""

import itertools
import json
import re

import pytest
from django.conf import settings

from comparisons.content_version import current_content_version
from comparisons.models import Framework
from questionnaire.content import get_content
from questionnaire.models import DealBreaker, Option, Question, Submission
from questionnaire.presentation import ResultView
from questionnaire.records import build_record
from questionnaire.scoring import resolve_and_score
from tests.personas import CHAT_APP, PROTOTYPE, WEB_APP

pytestmark = pytest.mark.django_db

BUILDING = "What are you building?"
ADMIN_PANEL = "Will non-developers manage data through an admin panel?"
DATA_APP = "A data- or ML-heavy app, such as an analytics dashboard"
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{22,}")

PERSONAS = {
    "javascript team building a real-time chat app": (CHAT_APP, "express"),
    "an API where speed matters": (
        {
            "language": "Both equally, or neither yet",
            "experience": "Experienced",
            "building": "An API",
            "priorities": ["Speed"],
            "scale": "Large",
        },
        "express",
    ),
    "beginners building a full-featured web app": (WEB_APP, "django"),
    "a small prototype where simplicity and control matter": (PROTOTYPE, "flask"),
}

# A valid baseline that bad-input tests spoil in exactly one way.
VALID = WEB_APP


def result_data(client, token: str) -> dict:
    response = client.get(f"/results/{token}.json")
    assert response.status_code == 200
    return response.json()


def post_and_follow(client, data):
    """POST the answers, check the 303, GET the result page; returns (token, page response)."""
    response = client.post("/advisor/", data)
    assert response.status_code == 303, response.content.decode()[:2000]
    location = response["Location"]
    page = client.get(location)
    assert page.status_code == 200
    token = location.removeprefix("/results/").removesuffix("/")
    return token, page


# --- Personas -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_persona_gets_the_expected_framework(client, answer_form_data, html_page, persona):
    answers, expected = PERSONAS[persona]

    token, response = post_and_follow(client, answer_form_data(**answers))

    data = result_data(client, token)
    assert data["winner"]["framework"] == expected
    assert data["ranking"][0]["framework"] == expected
    name = Framework.objects.get(slug=expected).name
    page = html_page(response)
    assert page.text_of("winner-title") == name
    assert page.section("winner-title").startswith(f"Best fit for you {name}")
    assert page.section("why-title").startswith(f"Why {name}")
    assert page.find_all("title")
    assert f"{name} is your best fit" in page.text


PRIORITY_SETS = [
    ["Speed"],
    ["Structure", "Security"],
    ["Simplicity", "Freedom and control"],
    ["Getting a first version"],
]


def test_data_heavy_app_never_recommends_express_and_says_why(client, answer_form_data, html_page):
    """Every language × experience × scale × a few priority sets: Express is ruled out by
    the data answer, with the reason and the answer named, and never wins."""
    data_option = Option.objects.get(label=DATA_APP)
    breaker = DealBreaker.objects.get(option=data_option, framework__slug="express")
    python_frameworks = {"django", "flask"}
    combinations = list(
        itertools.product(
            ["JavaScript", "Python", "Both equally"],
            ["Beginners", "Some", "Experienced"],
            ["Small", "Medium", "Large"],
            PRIORITY_SETS,
        )
    )
    assert len(combinations) == 108
    for language, experience, scale, priorities in combinations:
        answers = answer_form_data(
            language=language,
            experience=experience,
            building=DATA_APP,
            priorities=priorities,
            scale=scale,
        )
        token, response = post_and_follow(client, answers)
        data = result_data(client, token)
        case = (language, experience, scale, priorities)

        assert data["winner"]["framework"] in python_frameworks, case
        assert "express" not in {item["framework"] for item in data["ranking"]}, case
        assert [item["framework"] for item in data["excluded"]] == ["express"], case
        (exclusion,) = data["excluded"]
        assert exclusion["causes"] == [
            {"question": BUILDING, "answer": DATA_APP, "reason": breaker.reason}
        ], case
        ruled_out = html_page(response).section("excluded-title")
        assert f"Express: {breaker.reason} (you answered “{DATA_APP}” to “{BUILDING}”)" in (
            ruled_out
        ), case


# --- A valid submission ---------------------------------------------------------------------


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


# --- Bad input ------------------------------------------------------------------------------


def field_for(text: str) -> str:
    return f"q{Question.objects.get(text=text).pk}"


def assert_refused(client, html_page, data, *messages, content_type=None):
    """The form comes back (400) with these messages in its error summary; nothing saved."""
    before = Submission.objects.count()
    if content_type is None:
        response = client.post("/advisor/", data)
    else:
        response = client.generic("POST", "/advisor/", data, content_type=content_type)
    assert response.status_code == 400
    assert Submission.objects.count() == before
    page = html_page(response)
    assert page.find_all("form", action="/advisor/"), "the form is shown again"
    summary = page.text_of("form-errors")
    assert summary.startswith("Please check your answers")
    for message in messages:
        assert message in summary
    return page


REQUIRED = ["language", "experience", "building", "priorities", "scale"]


@pytest.mark.parametrize("omitted", REQUIRED)
def test_each_required_question_left_out_is_refused(client, answer_form_data, html_page, omitted):
    answers = {key: value for key, value in VALID.items() if key != omitted}
    question_text = {
        "language": "Which language is your team strongest in?",
        "experience": "How experienced is your team with backend development?",
        "building": BUILDING,
        "priorities": "What matters most to you?",
        "scale": "How large do you expect the project to grow?",
    }[omitted]
    if omitted == "building":
        answers.pop("admin_panel")  # it no longer applies without the web-app answer

    page = assert_refused(
        client,
        html_page,
        answer_form_data(**answers),
        f"{question_text}: Please answer this question.",
    )
    # Only the omitted question is in error.
    assert len(page.text_of("form-errors").split("Please answer this question.")) == 2


def test_required_answer_given_as_empty_value_is_refused(client, answer_form_data, html_page):
    data = answer_form_data(**VALID)
    data[field_for("Which language is your team strongest in?")] = ""
    assert_refused(
        client,
        html_page,
        data,
        "Which language is your team strongest in?: Please answer this question.",
    )


INVALID_CHOICE = "That answer is not one of this question's options. Please choose again."


@pytest.mark.parametrize("value", ["999999", "-1", "abc", "1.5", "0x1", " ", "٣"])
def test_unknown_or_non_numeric_option_is_refused(client, answer_form_data, html_page, value):
    data = answer_form_data(**VALID)
    data[field_for("Which language is your team strongest in?")] = value
    assert_refused(client, html_page, data, INVALID_CHOICE)


def test_option_of_another_question_is_refused(client, answer_form_data, html_page):
    data = answer_form_data(**VALID)
    scale_option = Option.objects.get(label__startswith="Large")
    data[field_for("Which language is your team strongest in?")] = str(scale_option.pk)
    page = assert_refused(client, html_page, data, INVALID_CHOICE)
    assert "Which language is your team strongest in?" in page.text_of("form-errors")


def test_option_of_another_question_in_a_multiple_choice_is_refused(
    client, answer_form_data, html_page
):
    data = answer_form_data(**VALID)
    language_option = Option.objects.get(label="Python")
    data[field_for("What matters most to you?")] = [
        *data[field_for("What matters most to you?")],
        str(language_option.pk),
    ]
    assert_refused(client, html_page, data, "What matters most to you?:")


@pytest.mark.parametrize("building", ["A real-time app", "An API", DATA_APP, "A small prototype"])
def test_answer_to_a_hidden_conditional_question_is_refused(
    client, answer_form_data, html_page, building
):
    answers = {**VALID, "building": building, "admin_panel": "Yes"}
    assert_refused(
        client,
        html_page,
        answer_form_data(**answers),
        f"{ADMIN_PANEL}: Please clear this answer: the question does not apply to your "
        "other answers. It only applies if you answer “A full-featured web app with user "
        f"accounts and an admin” to “{BUILDING}”.",
    )


def test_conditional_question_may_be_left_out_when_it_applies(client, answer_form_data):
    answers = {key: value for key, value in VALID.items() if key != "admin_panel"}
    response = client.post("/advisor/", answer_form_data(**answers))
    assert response.status_code == 303
    assert ADMIN_PANEL not in {
        item["question"] for item in ResultView.of(Submission.objects.get()).answers()
    }


def test_explicit_no_answer_to_a_hidden_question_is_accepted(client, answer_form_data):
    data = answer_form_data(**{**VALID, "building": "An API"})
    data.pop(field_for(ADMIN_PANEL))
    data[field_for(ADMIN_PANEL)] = ""  # the "No answer" radio the page offers
    assert client.post("/advisor/", data).status_code == 303


def test_two_answers_to_a_single_choice_question_are_refused(client, answer_form_data, html_page):
    data = answer_form_data(**{**VALID, "language": ["JavaScript", "Python"]})
    assert_refused(
        client,
        html_page,
        data,
        "Which language is your team strongest in?: Choose only one answer to this question.",
    )


def test_answers_to_unknown_questions_are_refused(client, answer_form_data, html_page):
    data = answer_form_data(**VALID)
    data["q999999"] = data[field_for("Which language is your team strongest in?")]
    assert_refused(client, html_page, data, "Some answers were for questions that no longer exist")


def test_unrelated_extra_fields_are_ignored(client, answer_form_data):
    data = {**answer_form_data(**VALID), "utm_source": "newsletter", "question": "q1"}
    assert client.post("/advisor/", data).status_code == 303


def test_empty_body_asks_for_every_required_answer(client, starting_content, html_page):
    page = assert_refused(client, html_page, {})
    summary = page.text_of("form-errors")
    assert summary.count("Please answer this question.") == len(REQUIRED)
    assert ADMIN_PANEL not in summary


def test_empty_raw_body_is_refused_too(client, starting_content, html_page):
    assert_refused(
        client, html_page, b"", "Please answer", content_type="application/x-www-form-urlencoded"
    )


def test_oversized_body_is_refused_with_413(client, answer_form_data):
    # Valid answers padded past the limit: without the limit this would be saved.
    data = answer_form_data(**VALID)
    data["padding"] = "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    response = client.post("/advisor/", data)

    assert response.status_code == 413
    assert "That request is too large" in response.content.decode()
    assert Submission.objects.count() == 0


def test_too_many_fields_are_refused_with_400(client, answer_form_data):
    data = answer_form_data(**VALID)
    data.update({f"extra{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)})

    response = client.post("/advisor/", data)

    assert response.status_code == 400
    assert "We could not read that request" in response.content.decode()
    assert Submission.objects.count() == 0


def test_refused_form_keeps_the_chosen_answers(client, answer_form_data, html_page):
    data = answer_form_data(**VALID)
    scale = field_for("How large do you expect the project to grow?")
    del data[scale]

    response = client.post("/advisor/", data)

    assert response.status_code == 400
    page = html_page(response)
    for name, values in data.items():
        values = [values] if isinstance(values, str) else values
        for attributes in page.find_all("input", name=name):
            chosen = attributes["value"] in values
            assert ("checked" in attributes) == chosen, (name, attributes)
        assert len([a for a in page.find_all("input", name=name) if "checked" in a]) == len(values)
    assert not [a for a in page.find_all("input", name=scale) if "checked" in a]


def test_methods_other_than_get_and_post_are_not_allowed(client, starting_content):
    assert client.put("/advisor/").status_code == 405
    assert client.delete("/advisor/").status_code == 405
    assert client.head("/advisor/").status_code == 200
