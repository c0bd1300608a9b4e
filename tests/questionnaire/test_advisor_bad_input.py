"""Bad input to the questionnaire is refused with a clear message and nothing saved, the
chosen answers kept; an answer to a question that does not apply is left out, and the
result says so."""

import pytest
from django.conf import settings

from questionnaire.models import Option, Question, Submission
from questionnaire.presentation import ResultView
from tests.questionnaire.advisor_answers import ADMIN_PANEL, BUILDING, DATA_APP, VALID

pytestmark = pytest.mark.django_db


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
def test_answer_to_a_hidden_conditional_question_is_ignored_with_a_note(
    client, answer_form_data, html_page, building
):
    answers = {**VALID, "building": building, "admin_panel": "Yes"}

    response = client.post("/advisor/", answer_form_data(**answers))

    assert response.status_code == 303
    submission = Submission.objects.get()
    assert response["Location"] == f"/results/{submission.token}/"
    # Saved without the answer that did not apply, and scored as if it had not been given.
    assert str(Question.objects.get(text=ADMIN_PANEL).pk) not in submission.answers
    assert ADMIN_PANEL not in {item["question"] for item in ResultView.of(submission).answers()}
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert (
        f"Your answer to “{ADMIN_PANEL}” was not used: it only applies if you answer “A "
        f"full-featured web app with user accounts and an admin” to “{BUILDING}”."
    ) in html_page(page).text_of("main")


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
