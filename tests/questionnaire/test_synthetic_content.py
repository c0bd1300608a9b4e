"""tests.bench.synthetic: a synthetic catalogue of a given size, for the load benchmark."""

import pytest

from comparisons.comparison import canonical_spec
from comparisons.content_version import current_content_version
from comparisons.models import AdviceSnippet, Criterion, Framework, Rating
from questionnaire.content import get_content
from questionnaire.models import DealBreaker, FitEffect, ImportanceEffect, Option, Question
from questionnaire.starting_content import read_starting_content
from tests.bench.synthetic import make_catalogue
from tests.bench.targets import first_answers

pytestmark = pytest.mark.django_db


def make(*args: str) -> None:
    """As the benchmark's arguments: ``make("--frameworks", "12", ...)``."""
    sizes = dict(zip(args[::2], map(int, args[1::2]), strict=True))
    make_catalogue(**{name.removeprefix("--"): count for name, count in sizes.items()})


def test_a_catalogue_of_the_given_size(clear_cache, client):
    version = current_content_version()

    make("--frameworks", "12", "--criteria", "5", "--questions", "14")

    assert Framework.objects.published().count() == 12
    assert Criterion.objects.count() == 5
    # Every framework rated on every criterion.
    assert Rating.objects.count() == 12 * 5
    assert len(set(Rating.objects.values_list("score", flat=True))) > 1
    assert current_content_version() > version

    questions = list(Question.objects.select_related("section", "condition__question"))
    assert len(questions) == 14
    per_section: dict[int, int] = {}
    for question in questions:
        per_section[question.section_id] = per_section.get(question.section_id, 0) + 1
    assert sorted(per_section.values()) == [2, 6, 6]
    assert sum(q.kind == "multiple" for q in questions) == 2
    conditional = [q for q in questions if q.condition_id]
    assert len(conditional) == 2
    for question in conditional:
        # Shown after the first answer to the question before it.
        earlier = question.condition.question
        assert earlier.section_id == question.section_id and earlier.order < question.order
        assert question.condition == earlier.options.order_by("order").first()

    assert Option.objects.count() == 14 * 4
    assert ImportanceEffect.objects.count() == 14 * 4 * 2
    assert FitEffect.objects.count() == 14 * 4 * 2
    assert DealBreaker.objects.count() < 14 * 4 / 4
    verdicts = AdviceSnippet.objects.filter(kind="verdict")
    assert verdicts.count() == 12
    assert {v.frameworks.get() for v in verdicts} == set(Framework.objects.all())
    assert AdviceSnippet.objects.exclude(kind="verdict").count() == 5
    assert Option.advice_snippets.through.objects.exists()

    # A submission of every first answer sees the conditional questions, and the pages work.
    answers = first_answers(get_content())
    assert len(answers) == 14
    assert client.get("/advisor/").status_code == 200
    slugs = list(Framework.objects.order_by("id").values_list("slug", flat=True)[:2])
    assert client.get(f"/frameworks/{slugs[0]}/").status_code == 200
    assert client.get(f"/compare/{canonical_spec(slugs)}/").status_code == 200


def test_it_wants_an_empty_database(starting_content):
    frameworks, criteria, questions = (
        Framework.objects.count(),
        Criterion.objects.count(),
        Question.objects.count(),
    )
    assert frameworks == len(read_starting_content()["frameworks"])

    with pytest.raises(ValueError, match="already holds content"):
        make()

    # Nothing added to the content already there.
    assert Framework.objects.count() == frameworks
    assert Criterion.objects.count() == criteria
    assert Question.objects.count() == questions
