"""Answers to questions that do not apply are left out, not refused: the result is saved
without them and its page says so, once, to the visitor who sent them (never to whoever
opens the shared link later, even with the page cache on). Nothing else about validation
changes. Also the questionnaire page's hooks for its script (advisor.js)."""

import pytest

from questionnaire.forms import REQUIRED_MESSAGE
from questionnaire.models import Question, Submission
from tests.clients import FormClient as Client
from tests.questionnaire.advisor_answers import ADMIN_PANEL, VALID

pytestmark = pytest.mark.django_db

NOTE = f"Your answer to “{ADMIN_PANEL}” was not used"
HIDDEN_ADMIN_ANSWER = {**VALID, "building": "An API", "admin_panel": "Yes"}


def field_for(text: str) -> str:
    return f"q{Question.objects.get(text=text).pk}"


def test_the_note_is_shown_once_to_the_visitor_who_answered(client, answer_form_data):
    response = client.post("/advisor/", answer_form_data(**HIDDEN_ADMIN_ANSWER))
    assert response.status_code == 303

    first = client.get(response["Location"])
    again = client.get(response["Location"])

    assert NOTE in first.content.decode()
    assert 'class="site-messages" role="status"' in first.content.decode()
    assert NOTE not in again.content.decode()


def test_a_page_with_the_note_is_never_stored_for_others(
    settings, client, answer_form_data, html_page
):
    settings.PAGE_CACHE_SECONDS = 3600
    response = client.post("/advisor/", answer_form_data(**HIDDEN_ADMIN_ANSWER))
    result_url = response["Location"]

    assert NOTE in client.get(result_url).content.decode()
    someone_else = Client().get(result_url)  # the shared link, opened elsewhere

    assert someone_else.status_code == 200
    assert someone_else.templates, "rendered afresh, not the visitor's page from the cache"
    assert NOTE not in someone_else.content.decode()
    # The page without the note is the same for everyone, and is stored as usual.
    assert not Client().get(result_url).templates


def test_an_applicable_answer_gives_no_note(client, answer_form_data):
    response = client.post("/advisor/", answer_form_data(**VALID))
    assert response.status_code == 303
    page = client.get(response["Location"]).content.decode()
    assert "was not used" not in page
    assert "site-messages" not in page
    admin_panel = str(Question.objects.get(text=ADMIN_PANEL).pk)
    assert admin_panel in Submission.objects.get().answers


def test_explicit_no_answer_to_a_hidden_question_gives_no_note(client, answer_form_data):
    data = answer_form_data(**{**VALID, "building": "An API"})
    data[field_for(ADMIN_PANEL)] = ""  # the "No answer" radio the page offers
    response = client.post("/advisor/", data)
    assert response.status_code == 303
    assert "was not used" not in client.get(response["Location"]).content.decode()


def test_a_refused_form_keeps_the_answer_that_does_not_apply(client, answer_form_data, html_page):
    # Refused for a missing answer: the form comes back with everything chosen, the answer
    # to the hidden question included, and says nothing about that answer.
    answers = {key: value for key, value in HIDDEN_ADMIN_ANSWER.items() if key != "scale"}
    data = answer_form_data(**answers)

    response = client.post("/advisor/", data)

    assert response.status_code == 400
    assert Submission.objects.count() == 0
    page = html_page(response)
    summary = page.text_of("form-errors")
    assert "How large do you expect the project to grow?: Please answer this question." in summary
    assert ADMIN_PANEL not in summary
    admin_panel = field_for(ADMIN_PANEL)
    checked = [a["value"] for a in page.find_all("input", name=admin_panel) if "checked" in a]
    assert checked == [data[admin_panel]]


def test_unknown_option_to_a_hidden_question_is_still_refused(client, answer_form_data, html_page):
    data = answer_form_data(**{**VALID, "building": "An API"})
    data[field_for(ADMIN_PANEL)] = "999999"
    response = client.post("/advisor/", data)
    assert response.status_code == 400
    assert "That answer is not one of this question's options." in html_page(response).text_of(
        "form-errors"
    )
    assert Submission.objects.count() == 0


def test_the_page_marks_required_questions_for_the_script(client, starting_content, html_page):
    page = html_page(client.get("/advisor/"))

    (form,) = page.find_all("form", action="/advisor/")
    assert form["data-required-message"] == REQUIRED_MESSAGE
    required = Question.objects.filter(required=True).count()
    marked = page.find_all("div", class_="advisor-question", data_required="")
    assert len(marked) == required > 0
    # The progress bar and "Start again" wait, hidden, for the script.
    (tools,) = page.find_all("div", data_advisor_tools="")
    assert "hidden" in tools
    (bar,) = page.find_all("progress")
    assert (bar["value"], bar["max"]) == ("1", "2")
    assert page.find_all("button", data_start_again="")
