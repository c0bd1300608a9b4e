"""Properties of the scoring model on random small questionnaires (hypothesis): totals,
order, determinism, breakdowns, monotonicity and exclusions. Pure Python: no Django and no
database are needed."""

from __future__ import annotations

import math
import random
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from questionnaire.scoring import Result, effective_answers, score
from tests.questionnaire.scoring_reference import exact_totals, rating_of, reaches
from tests.questionnaire.scoring_strategies import PROPERTY_SETTINGS, snapshots_and_answers


@PROPERTY_SETTINGS
@given(snapshots_and_answers())
def test_totals_and_order_match_the_documented_model(case):
    snapshot, answers = case
    result = score(snapshot, answers, include_changes=False)
    exact = exact_totals(snapshot, answers)
    names = {framework.id: framework.name for framework in snapshot.frameworks}

    for ranked in result.ranking:
        total, fit = exact[ranked.framework_id]
        assert ranked.total == pytest.approx(float(total), abs=1e-9)
        assert ranked.fit == pytest.approx(float(fit), abs=1e-9)
    expected_order = sorted(
        (ranked.framework_id for ranked in result.ranking),
        key=lambda fid: (-exact[fid][0], -exact[fid][1], names[fid].casefold(), fid),
    )
    assert [ranked.framework_id for ranked in result.ranking] == expected_order
    assert [ranked.position for ranked in result.ranking] == list(range(1, len(result.ranking) + 1))


@PROPERTY_SETTINGS
@given(snapshots_and_answers())
def test_scoring_is_deterministic(case):
    snapshot, answers = case

    assert score(snapshot, answers) == score(snapshot, answers)


@PROPERTY_SETTINGS
@given(snapshots_and_answers(), st.randoms(use_true_random=False))
def test_order_of_answers_does_not_matter(case, shuffler: random.Random):
    snapshot, answers = case
    items = list(answers.items())
    shuffler.shuffle(items)
    shuffled = {
        question_id: shuffler.sample(selected, len(selected)) for question_id, selected in items
    }

    assert score(snapshot, shuffled) == score(snapshot, answers)
    assert list(effective_answers(snapshot, shuffled).items()) == list(
        effective_answers(snapshot, answers).items()
    )


@PROPERTY_SETTINGS
@given(snapshots_and_answers())
def test_breakdown_adds_up_to_the_total(case):
    snapshot, answers = case
    result = score(snapshot, answers, include_changes=False)

    gain, loss = result.stake
    scale = 100 / (100 + gain + loss)  # the match counts the answer points at stake
    for ranked in result.ranking:
        criterion_points = math.fsum(line.points for line in ranked.criteria)
        affinity_points = math.fsum(line.points for line in ranked.affinity_lines)
        assert abs(criterion_points - scale * ranked.fit) <= 1e-9
        assert affinity_points == ranked.affinity
        assert abs(criterion_points + scale * (affinity_points + loss) - ranked.total) <= 1e-9
        assert -1e-9 <= ranked.total <= 100 + 1e-9


@PROPERTY_SETTINGS
@given(snapshots_and_answers())
def test_raising_an_importance_never_hurts_the_better_rated_framework(case):
    snapshot, answers = case
    before = score(snapshot, answers, include_changes=False)
    fit_before = {ranked.framework_id: ranked.fit for ranked in before.ranking}

    def weighted_lead(result: Result, f: int, g: int) -> int:
        return sum(
            weight * (rating_of(snapshot, f, criterion_id) - rating_of(snapshot, g, criterion_id))
            for criterion_id, weight in result.weights
        )

    # Every criterion raised to every higher base importance: cheap at this size, and it finds
    # the rare answers that push a weight below zero far more often than one random raise.
    for criterion in snapshot.criteria:
        for raised_base in range(criterion.base_importance + 1, 11):
            raised = replace(
                snapshot,
                criteria=tuple(
                    replace(c, base_importance=raised_base) if c.id == criterion.id else c
                    for c in snapshot.criteria
                ),
            )
            after = score(raised, answers, include_changes=False)
            fit_after = {ranked.framework_id: ranked.fit for ranked in after.ranking}
            for f in fit_before:
                for g in fit_before:
                    if rating_of(snapshot, f, criterion.id) < rating_of(snapshot, g, criterion.id):
                        continue
                    # Only the un-normalised lead is monotone: the percentage lead S_f − S_g can
                    # shrink as a heavier criterion dilutes the others, but never flip sign.
                    assert weighted_lead(after, f, g) >= weighted_lead(before, f, g)
                    if fit_before[f] >= fit_before[g]:
                        assert fit_after[f] >= fit_after[g]


@PROPERTY_SETTINGS
@given(snapshots_and_answers(), st.data())
def test_removing_or_adding_a_framework_never_reorders_the_others(case, data):
    snapshot, answers = case
    full = [
        ranked.framework_id for ranked in score(snapshot, answers, include_changes=False).ranking
    ]
    dropped = data.draw(st.sampled_from(snapshot.frameworks))
    without = replace(snapshot, frameworks=tuple(f for f in snapshot.frameworks if f != dropped))
    reduced = [
        ranked.framework_id for ranked in score(without, answers, include_changes=False).ranking
    ]

    # Removing it keeps the others' order; adding it back to `without` gives `full` again.
    assert reduced == [framework_id for framework_id in full if framework_id != dropped.id]


@PROPERTY_SETTINGS
@given(snapshots_and_answers())
def test_excluded_frameworks_are_exactly_those_hit_by_a_deal_breaker_and_never_ranked(case):
    snapshot, answers = case
    result = score(snapshot, answers, include_changes=False)
    effective = effective_answers(snapshot, answers)
    hit = {
        framework.id
        for question in snapshot.questions
        for option in question.options
        if option.id in effective.get(question.id, ())
        for breaker in option.deal_breakers
        for framework in snapshot.frameworks
        if reaches(snapshot, breaker.target, framework)
    }
    ranked_ids = {ranked.framework_id for ranked in result.ranking}
    excluded_ids = {exclusion.framework_id for exclusion in result.excluded}
    known_ids = {framework.id for framework in snapshot.frameworks}

    assert not ranked_ids & excluded_ids
    assert excluded_ids == hit & known_ids
    assert ranked_ids | excluded_ids == known_ids
    assert (result.winner_id is None) == (not ranked_ids)
