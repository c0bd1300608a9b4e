"""What the result says would change the recommendation, and which frameworks it rules
out and why, on the page and in the JSON."""

import pytest

from comparisons.models import Framework
from questionnaire.models import DealBreaker, Option, Question
from tests.comparisons.conftest import ARTICLE_FRAMEWORKS
from tests.personas import CHAT_APP, DATA_APP, PROTOTYPE, WEB_APP
from tests.questionnaire.result_reading import PERSONAS, result_json, result_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def article_content(starting_content):
    """The starting content with only the article's three frameworks published. With all of
    them, some other answer to the language question makes that language's framework win
    for any answers at all, so only a smaller catalogue has answers no single change moves."""
    Framework.objects.exclude(key__in=ARTICLE_FRAMEWORKS).update(published=False)
    assert Framework.objects.published().count() == len(ARTICLE_FRAMEWORKS)
    return starting_content


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
    client, article_content, answer_form_data, submit_answers, html_page
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
    assert breaker.criterion is not None
    rule = f"frameworks rated {breaker.threshold}/5 or lower on {breaker.criterion.name}"
    # Every published framework rated at or below the threshold, by name (ignoring case).
    ruled_out = sorted(
        Framework.objects.published().filter(
            ratings__criterion=breaker.criterion, ratings__score__lte=breaker.threshold
        ),
        key=lambda framework: (framework.name.casefold(), framework.pk),
    )
    assert ruled_out and len(ruled_out) < Framework.objects.published().count()
    cause = {
        "question": option.question.text,
        "answer": option.label,
        "reason": breaker.reason,
        "rule": rule,
    }
    assert data["excluded"] == [
        {"framework": framework.slug, "name": framework.name, "causes": [cause]}
        for framework in ruled_out
    ]
    assert page.section("excluded-title") == "Ruled out " + " ".join(
        f"{framework.name}: {breaker.reason} This rules out {rule}. "
        f"(You answered “{option.label}” to “{option.question.text}”)"
        for framework in ruled_out
    )
    ranked = page.section("ranking-title")
    for framework in ruled_out:
        assert framework.name not in ranked


def test_result_page_without_exclusions_has_no_ruled_out_section(
    client, answer_form_data, submit_answers, html_page
):
    token = submit_answers(answer_form_data(**CHAT_APP))
    assert result_json(client, token)["excluded"] == []
    assert not result_page(client, html_page, token).has("excluded-title")
