"""What the result says would change the recommendation, and which frameworks it rules
out and why, on the page and in the JSON."""

import pytest

from questionnaire.models import DealBreaker, Option, Question
from tests.personas import CHAT_APP, DATA_APP, PROTOTYPE, WEB_APP
from tests.questionnaire.result_reading import PERSONAS, result_json, result_page

pytestmark = pytest.mark.django_db


def test_result_page_says_what_would_change_the_answer(
    client, answer_form_data, submit_answers, html_page
):
    token = submit_answers(answer_form_data(**PROTOTYPE))
    data = result_json(client, token)
    page_changes = result_page(client, html_page, token).section("change-title")

    changes = data["what_would_change"]
    assert changes, "a prototype answer set has close alternatives"
    for change in changes:
        (removed,) = change["remove"]
        (added,) = change["add"]
        assert (
            f"To “{change['question']}”, answering “{added}” instead of “{removed}” would make "
            f"{change['new_winner']} the best fit." in page_changes
        )


def test_result_page_says_when_no_single_change_matters(
    client, answer_form_data, submit_answers, html_page
):
    token = submit_answers(answer_form_data(**WEB_APP))
    assert result_json(client, token)["what_would_change"] == []
    assert "No single change to your answers would change the recommendation" in (
        result_page(client, html_page, token).section("change-title")
    )


@pytest.mark.parametrize("persona", ["chat", "prototype"])
def test_what_would_change_is_true(client, answer_form_data, submit_answers, persona):
    """Making each listed change and submitting again really gives the named winner."""
    form_data = answer_form_data(**PERSONAS[persona])
    changes = result_json(client, submit_answers(form_data))["what_would_change"]
    assert changes
    for change in changes:
        question = Question.objects.get(text=change["question"])
        name = f"q{question.pk}"
        current = form_data[name] if isinstance(form_data[name], list) else [form_data[name]]
        removed = {str(question.options.get(label=label).pk) for label in change["remove"]}
        added = [str(question.options.get(label=label).pk) for label in change["add"]]
        changed = {**form_data, name: [v for v in current if v not in removed] + added}
        chosen = {
            v for value in changed.values() for v in (value if isinstance(value, list) else [value])
        }
        for hidden in Question.objects.filter(condition__isnull=False):
            if str(hidden.condition_id) not in chosen:
                changed.pop(f"q{hidden.pk}", None)
        new = result_json(client, submit_answers(changed))
        assert new["winner"]["name"] == change["new_winner"], change


def test_result_page_lists_ruled_out_frameworks_with_reasons(
    client, answer_form_data, submit_answers, html_page
):
    token = submit_answers(answer_form_data(**DATA_APP))
    data = result_json(client, token)
    page = result_page(client, html_page, token)

    option = Option.objects.get(label__startswith="A data- or ML-heavy app")
    breaker = DealBreaker.objects.get(option=option)
    assert data["excluded"] == [
        {
            "framework": breaker.framework.slug,
            "name": breaker.framework.name,
            "causes": [
                {"question": option.question.text, "answer": option.label, "reason": breaker.reason}
            ],
        }
    ]
    assert page.section("excluded-title") == (
        f"Ruled out {breaker.framework.name}: {breaker.reason} "
        f"(you answered “{option.label}” to “{option.question.text}”)"
    )
    assert breaker.framework.name not in page.section("ranking-title")


def test_result_page_without_exclusions_has_no_ruled_out_section(
    client, answer_form_data, submit_answers, html_page
):
    token = submit_answers(answer_form_data(**CHAT_APP))
    assert result_json(client, token)["excluded"] == []
    assert not result_page(client, html_page, token).has("excluded-title")
