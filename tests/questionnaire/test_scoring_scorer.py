"""The Scorer, built once per snapshot: it scores any answers as the module's convenience
functions do, and pickles as its snapshot. Pure Python: no Django and no database are needed."""

from __future__ import annotations

import pickle
from dataclasses import replace

from hypothesis import given

from questionnaire.scoring import (
    Scorer,
    effective_answers,
    resolve_and_score,
    score,
    visible_questions,
)
from tests.questionnaire.scoring_builders import COMFORT, PRIORITY_QUESTION, two_by_two
from tests.questionnaire.scoring_strategies import PROPERTY_SETTINGS, snapshots_and_answers


@PROPERTY_SETTINGS
@given(snapshots_and_answers(), snapshots_and_answers())
def test_one_scorer_scores_any_answers_as_the_conveniences_do(case, other_case):
    snapshot, answers = case
    scorer = Scorer(snapshot)
    # Answers drawn for another snapshot: options of other questions, or of none, are ignored.
    for given_answers in (answers, other_case[1], answers):
        visible, effective = scorer.resolve(given_answers)
        assert visible == visible_questions(snapshot, given_answers)
        assert effective == effective_answers(snapshot, given_answers)
        assert scorer.score(given_answers) == score(snapshot, given_answers)
        assert scorer.resolve_and_score(given_answers) == resolve_and_score(snapshot, given_answers)
        assert scorer.resolve_and_score(given_answers)[0] == effective
    assert scorer.snapshot is snapshot


@PROPERTY_SETTINGS
@given(snapshots_and_answers())
def test_effective_answers_are_visible_ordered_and_never_empty(case):
    snapshot, answers = case
    visible, effective = Scorer(snapshot).resolve(answers)
    visible_ids = [question.id for question in visible]
    assert list(effective) == [
        question_id for question_id in visible_ids if question_id in effective
    ]
    by_id = {question.id: question for question in snapshot.questions}
    for question_id, option_ids in effective.items():
        in_order = [option.id for option in by_id[question_id].options]
        assert option_ids
        assert list(option_ids) == [i for i in in_order if i in option_ids]
        assert set(option_ids) <= set(answers[question_id])


@PROPERTY_SETTINGS
@given(snapshots_and_answers())
def test_without_breakdown_only_the_criterion_lines_are_left_out(case):
    snapshot, answers = case
    scorer = Scorer(snapshot)
    full = scorer.score(answers)
    lean = scorer.score(answers, include_breakdown=False)

    assert all(not ranked.criteria for ranked in lean.ranking)
    assert lean == replace(
        full, ranking=tuple(replace(ranked, criteria=()) for ranked in full.ranking)
    )
    assert scorer.score(answers, include_changes=False) == replace(full, changes=())


def test_a_scorer_pickles_as_its_snapshot():
    scorer = Scorer(two_by_two())
    copy = pickle.loads(pickle.dumps(scorer))  # noqa: S301 - data this test just made

    assert copy.snapshot == scorer.snapshot
    answers = {PRIORITY_QUESTION: [COMFORT]}
    assert copy.score(answers) == scorer.score(answers)
