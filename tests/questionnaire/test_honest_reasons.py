"""Honest reasons on a 0–100 scale: for random answer sets to the starting content, every
"… matters to you" names a criterion whose importance an answer raised, every watch-out is a
weak rating on such a criterion, and no score leaves 0–100."""

import random
import re

import pytest

from comparisons.models import Criterion
from questionnaire.content import get_content
from questionnaire.models import ImportanceEffect
from questionnaire.presentation import ResultView
from questionnaire.records import build_labels, build_record
from questionnaire.scoring import resolve_and_score

pytestmark = pytest.mark.django_db

ANSWER_SETS = 500
PAGES_READ = 25


def random_answers(rng: random.Random, content) -> dict[int, list[int]]:
    """A valid answer set: one option per single-choice question, one or more per
    multiple-choice one, conditional questions only when their condition is chosen."""
    chosen: set[int] = set()
    answers = {}
    for question in content.snapshot.questions:
        condition = question.condition_option_id
        if condition is not None and condition not in chosen:
            continue
        options = [option.id for option in question.options]
        if question.multiple:
            picked = rng.sample(options, rng.randint(1, len(options)))
        else:
            picked = [rng.choice(options)]
        answers[question.id] = picked
        chosen.update(picked)
    return answers


def raised_names(answers) -> set[str]:
    """The criteria whose importance the chosen answers raised above the default, straight
    from the rows."""
    chosen = [option_id for option_ids in answers.values() for option_id in option_ids]
    deltas: dict[int, int] = {}
    for criterion_id, delta in ImportanceEffect.objects.filter(option_id__in=chosen).values_list(
        "criterion_id", "delta"
    ):
        deltas[criterion_id] = deltas.get(criterion_id, 0) + delta
    return {
        criterion.name
        for criterion in Criterion.objects.filter(active=True)
        if criterion.base_importance + deltas.get(criterion.pk, 0) > criterion.base_importance
    }


def test_every_reason_is_traced_to_an_answer_and_every_score_is_between_0_and_100(
    starting_content,
):
    content = get_content()
    labels = build_labels(content)
    rng = random.Random(26)
    seen = {"matters": 0, "also": 0, "watch_outs": 0, "too_close": 0}
    for _ in range(ANSWER_SETS):
        answers = random_answers(rng, content)
        effective, result = resolve_and_score(content.snapshot, answers, include_changes=False)
        view = ResultView(build_record(content, effective, result), labels)
        raised = raised_names(answers)
        for item in view.ranking:
            assert 0 <= item.total <= 100, (answers, item)
        for case in view.cases():
            for lead in case.matters:
                assert lead.criterion in raised, (answers, lead)
                assert lead.rating > lead.other_rating
            for lead in case.also:
                assert lead.criterion not in raised, (answers, lead)
            for watch_out in case.watch_outs:
                assert watch_out.criterion in raised and watch_out.rating <= 3
                assert watch_out.rationale.strip()
            seen["matters"] += len(case.matters)
            seen["also"] += len(case.also)
            seen["watch_outs"] += len(case.watch_outs)
        seen["too_close"] += view.outcome.too_close
    # Each kind of line was there to be checked, many times.
    assert min(seen.values()) >= 20, seen


def test_the_page_says_matters_to_you_only_of_raised_criteria(
    client, starting_content, submit_answers
):
    content = get_content()
    rng = random.Random(2026)
    for _ in range(PAGES_READ):
        answers = random_answers(rng, content)
        data = {
            f"q{question_id}": [str(o) for o in option_ids]
            for question_id, option_ids in answers.items()
        }
        token = submit_answers(data)
        page = client.get(f"/results/{token}/").text
        said = set(re.findall(r"<strong>([^<]+)</strong> matters to you", page))
        assert said <= raised_names(answers), (answers, said)
        scores = [float(x) for x in re.findall(r"(-?\d+\.\d) points</span>", page)]
        assert scores and all(0 <= score <= 100 for score in scores)


def test_watch_outs_quote_the_reason_even_where_labels_were_written_before_reasons_were(
    client, starting_content, answer_form_data, submit_answers
):
    """Labels written by the site before it kept ratings' reasons, for the same content,
    are not reused: a result's watch-outs always have their reason."""
    from questionnaire.models import ResultLabels, Submission

    content = get_content()
    old_labels = {k: v for k, v in build_labels(content).items() if k != "rationales"}
    ResultLabels.objects.create(
        content_version=content.version, content_stamp=content.stamp, labels=old_labels
    )
    answers = {
        "language": "Go",
        "experience": "Experienced",
        "building": "An API",
        "priorities": ["Speed", "Security"],
        "scale": "Large",
    }
    token = submit_answers(answer_form_data(**answers))

    assert "rationales" in Submission.objects.get(token=token).labels.labels
    data = client.get(f"/results/{token}.json").json()
    (gin,) = [case for case in data["why"] if case["framework"] == "gin"]
    (security,) = gin["watch_outs"]
    assert security["rationale"].startswith("Beyond panic recovery")
    assert f"Gin is rated 2/5 for security out of the box: {security['rationale']}" in (
        client.get(f"/results/{token}/").text
    )
