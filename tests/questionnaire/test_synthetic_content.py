"""manage.py make_synthetic_content: N times the rows of the content, for the load benchmark."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from comparisons.content_version import current_content_version
from comparisons.models import AdviceSnippet, Criterion, Framework, Rating
from questionnaire.content import get_content
from questionnaire.models import DealBreaker, FitEffect, ImportanceEffect, Option, Question

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        "frameworks": Framework.objects.published().count(),
        "criteria": Criterion.objects.count(),
        "ratings": Rating.objects.count(),
        "questions": Question.objects.count(),
        "answers": Option.objects.count(),
        "effects": ImportanceEffect.objects.count()
        + FitEffect.objects.count()
        + DealBreaker.objects.count(),
        "snippets": AdviceSnippet.objects.count(),
    }


def test_four_times_the_starting_content(starting_content, client):
    before, version = counts(), current_content_version()

    call_command("make_synthetic_content", "--scale", "4", "--throwaway-database")

    after = counts()
    # Frameworks and criteria each grow by √4, so that the ratings grow by 4.
    assert after["frameworks"] == 2 * before["frameworks"]
    assert after["criteria"] == 2 * before["criteria"]
    assert after["ratings"] == after["frameworks"] * after["criteria"] == 4 * before["ratings"]
    for kind in ("questions", "answers", "effects", "snippets"):
        assert after[kind] == 4 * before[kind], kind
    assert current_content_version() > version

    # The copies keep the questionnaire's shape: every conditional question depends on an
    # answer to an earlier question, and the pages work.
    content = get_content()
    assert len(content.questions()) == after["questions"]
    shown_before: set[int] = set()
    for question in content.questions():
        assert question.condition_option_id is None or question.condition_option_id in (
            shown_before
        )
        shown_before.update(option_id for option_id, _ in question.options)
    assert client.get("/advisor/").status_code == 200
    assert client.get("/frameworks/django-copy-2/").status_code == 200


def test_it_asks_for_a_throwaway_database(starting_content):
    with pytest.raises(CommandError, match="throwaway"):
        call_command("make_synthetic_content", "--scale", "2")
    assert Framework.objects.count() == 3


def test_it_does_not_multiply_twice(starting_content):
    call_command("make_synthetic_content", "--scale", "2", "--throwaway-database")
    with pytest.raises(CommandError, match="already holds synthetic content"):
        call_command("make_synthetic_content", "--scale", "2", "--throwaway-database")
