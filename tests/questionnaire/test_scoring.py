"""Tests of questionnaire.scoring: hand-computed examples and hypothesis properties.

Pure Python: no Django and no database are needed.
"""

from __future__ import annotations

import json
import math
import pickle
import random
from collections import Counter
from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from questionnaire.scoring import (
    AnswerChange,
    Criterion,
    DealBreaker,
    ExclusionCause,
    FitEffect,
    Framework,
    ImportanceEffect,
    Option,
    Question,
    Result,
    Scorer,
    Snapshot,
    effective_answers,
    resolve_and_score,
    score,
    visible_questions,
)

PROPERTY_SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

DJANGO, FLASK = 1, 2
PERFORMANCE, DEVELOPER_EXPERIENCE = 10, 20
PRIORITY_QUESTION = 100
SPEED, COMFORT = 1001, 1002


def make_snapshot(
    frameworks, criteria, ratings, questions, too_close_margin=5.0, version=7
) -> Snapshot:
    return Snapshot(
        version=version,
        frameworks=tuple(frameworks),
        criteria=tuple(criteria),
        ratings=dict(ratings),
        questions=tuple(questions),
        too_close_margin=too_close_margin,
    )


def question(question_id, options, *, multiple=False, required=True, condition=None) -> Question:
    return Question(
        id=question_id,
        text=f"Question {question_id}",
        multiple=multiple,
        required=required,
        condition_option_id=condition,
        options=tuple(replace(option, question_id=question_id) for option in options),
    )


def option(option_id, *, importance=(), fit=(), breakers=()) -> Option:
    return Option(
        id=option_id,
        question_id=0,
        label=f"Option {option_id}",
        importance_effects=tuple(ImportanceEffect(*effect) for effect in importance),
        fit_effects=tuple(FitEffect(*effect) for effect in fit),
        deal_breakers=tuple(DealBreaker(*breaker) for breaker in breakers),
    )


def two_by_two(*, required=True, too_close_margin=5.0) -> Snapshot:
    """Django is comfortable, Flask is fast; the priority question tips the balance."""
    return make_snapshot(
        frameworks=[Framework(DJANGO, "django", "Django"), Framework(FLASK, "flask", "Flask")],
        criteria=[
            Criterion(PERFORMANCE, "performance", "Performance", 4),
            Criterion(DEVELOPER_EXPERIENCE, "dx", "Developer experience", 2),
        ],
        ratings={
            (DJANGO, PERFORMANCE): 3,
            (DJANGO, DEVELOPER_EXPERIENCE): 5,
            (FLASK, PERFORMANCE): 5,
            (FLASK, DEVELOPER_EXPERIENCE): 2,
        },
        questions=[
            question(
                PRIORITY_QUESTION,
                [
                    option(SPEED, importance=[(PERFORMANCE, 2)], fit=[(FLASK, 5, "lightweight")]),
                    option(COMFORT, importance=[(DEVELOPER_EXPERIENCE, 6)]),
                ],
                required=required,
            )
        ],
        too_close_margin=too_close_margin,
    )


def ranked_by_id(result: Result):
    return {ranked.framework_id: ranked for ranked in result.ranking}


# --------------------------------------------------------------------------------------------
# Examples.


def test_hand_computed_two_frameworks_two_criteria():
    result = score(two_by_two(), {PRIORITY_QUESTION: [SPEED]})

    # Weights: performance 4 + 2 = 6, developer experience 2; their sum is 8.
    assert result.weights == ((PERFORMANCE, 6), (DEVELOPER_EXPERIENCE, 2))
    # Flask: 100 · (6·4/4 + 2·1/4) / 8 = 81.25 fit, + 5 affinity. Django: 100 · (6·2/4 + 2·4/4) / 8.
    flask, django = result.ranking
    assert (flask.framework_id, flask.fit, flask.affinity, flask.total) == (FLASK, 81.25, 5, 86.25)
    assert (django.framework_id, django.fit, django.affinity, django.total) == (
        DJANGO,
        62.5,
        0,
        62.5,
    )
    assert [line.points for line in flask.criteria] == [75.0, 6.25]
    assert [line.points for line in django.criteria] == [37.5, 25.0]
    assert [(line.weight, line.rating, line.rated) for line in flask.criteria] == [
        (6, 5, True),
        (2, 2, True),
    ]
    assert [
        (line.question_id, line.option_id, line.points, line.reason)
        for line in flask.affinity_lines
    ] == [(PRIORITY_QUESTION, SPEED, 5, "lightweight")]
    assert (result.winner_id, result.runner_up_id, result.margin) == (FLASK, DJANGO, 23.75)
    assert not result.too_close
    assert result.tie_break is None
    assert result.snapshot_version == 7
    assert result.no_winner_reason is None


def test_changes_that_flip_the_winner_are_listed():
    # Comfort instead of speed: weights 4 and 8, Django 100·(2 + 8)/12 = 83.3 beats Flask 50.
    # Clearing the optional question: weights 4 and 2, Flask 75 still beats Django 66.7.
    result = score(two_by_two(required=False), {PRIORITY_QUESTION: [SPEED]})

    assert result.changes == (AnswerChange(PRIORITY_QUESTION, (SPEED,), (COMFORT,), DJANGO),)


def test_a_required_multiple_choice_question_is_never_emptied():
    # Removing speed (weights 4 and 2: Flask 75, Django 66.7 + 10) would make Django win, but
    # the question is required; adding comfort makes Django win too, and only that is listed.
    snapshot = two_by_two()
    multiple = replace(snapshot.questions[0], multiple=True, required=True)
    favour_django = question(200, [option(2001, fit=[(DJANGO, 10, "admin")])], required=False)
    snapshot = replace(snapshot, questions=(multiple, favour_django))
    result = score(snapshot, {PRIORITY_QUESTION: [SPEED], 200: [2001]})

    assert result.winner_id == FLASK  # 86.25 against 72.5
    assert result.changes == (AnswerChange(PRIORITY_QUESTION, (), (COMFORT,), DJANGO),)
    optional = replace(snapshot, questions=(replace(multiple, required=False), favour_django))
    assert (
        AnswerChange(PRIORITY_QUESTION, (SPEED,), (), DJANGO)
        in score(optional, {PRIORITY_QUESTION: [SPEED], 200: [2001]}).changes
    )


def test_no_change_listed_when_nothing_flips_the_winner():
    snapshot = two_by_two()
    no_comfort_effect = question(
        PRIORITY_QUESTION,
        [snapshot.questions[0].options[0], option(COMFORT, importance=[(PERFORMANCE, 1)])],
    )
    result = score(replace(snapshot, questions=(no_comfort_effect,)), {PRIORITY_QUESTION: [SPEED]})

    assert result.winner_id == FLASK
    assert result.changes == ()


def test_deal_breaker_excludes_and_names_every_option_and_reason():
    snapshot = two_by_two()
    hosting = question(
        200,
        [
            option(2001, breakers=[(FLASK, "no admin site")]),
            option(2002, breakers=[(FLASK, "needs an ORM"), (FLASK, "needs migrations")]),
        ],
        multiple=True,
    )
    result = score(
        replace(snapshot, questions=(*snapshot.questions, hosting)),
        {PRIORITY_QUESTION: [SPEED], 200: [2001, 2002]},
    )

    assert [ranked.framework_id for ranked in result.ranking] == [DJANGO]
    (exclusion,) = result.excluded
    assert (exclusion.framework_id, exclusion.name) == (FLASK, "Flask")
    assert exclusion.causes == (
        ExclusionCause(200, 2001, "no admin site"),
        ExclusionCause(200, 2002, "needs an ORM"),
        ExclusionCause(200, 2002, "needs migrations"),
    )
    assert (result.winner_id, result.runner_up_id, result.margin) == (DJANGO, None, None)
    assert not result.too_close


def test_every_framework_excluded_gives_no_winner_and_says_why():
    snapshot = two_by_two()
    veto = question(200, [option(2001, breakers=[(DJANGO, "too big"), (FLASK, "too small")])])
    result = score(
        replace(snapshot, questions=(*snapshot.questions, veto)),
        {PRIORITY_QUESTION: [SPEED], 200: [2001]},
    )

    assert result.ranking == ()
    assert (result.winner_id, result.runner_up_id, result.margin, result.tie_break) == (
        None,
        None,
        None,
        None,
    )
    assert "excluded" in result.no_winner_reason
    assert {exclusion.framework_id for exclusion in result.excluded} == {DJANGO, FLASK}


def test_no_frameworks_gives_no_winner_and_says_why():
    result = score(replace(two_by_two(), frameworks=()), {PRIORITY_QUESTION: [SPEED]})

    assert result.winner_id is None
    assert result.no_winner_reason == "There are no frameworks to rank."
    assert result.changes == ()


def test_tie_is_broken_by_fit_and_said():
    # Three criteria of weight 1: Pyramid's rating steps add up to 4, Flask's to 1, so Pyramid's
    # fit is 100/3 and Flask's 25/3; Flask's +25 affinity makes both totals exactly 100/3.
    # Pyramid must come first although Flask is alphabetically earlier.
    pyramid = 3
    criteria = [
        Criterion(criterion_id, f"c{criterion_id}", f"C{criterion_id}", 1)
        for criterion_id in (1, 2, 3)
    ]
    ratings = {
        (pyramid, 1): 3,
        (pyramid, 2): 2,
        (pyramid, 3): 2,
        (FLASK, 1): 2,
        (FLASK, 2): 1,
        (FLASK, 3): 1,
    }
    snapshot = make_snapshot(
        [Framework(FLASK, "flask", "Flask"), Framework(pyramid, "pyramid", "Pyramid")],
        criteria,
        ratings,
        [question(100, [option(1001, fit=[(FLASK, 25, "micro")])])],
    )
    result = score(snapshot, {100: [1001]})

    assert [ranked.framework_id for ranked in result.ranking] == [pyramid, FLASK]
    assert result.margin == 0.0
    assert result.too_close
    assert result.tie_break == (
        "Pyramid and Flask both score 33.3; "
        "Pyramid is placed first because it has the higher fit score"
    )
    assert result.ranking[0].tie_break == (
        "Pyramid and Flask both score 33.3; "
        "Pyramid is placed ahead of Flask because it has the higher fit score"
    )
    assert result.ranking[1].tie_break is None


def test_tie_with_equal_fit_is_broken_by_name_then_id():
    criteria = [Criterion(1, "c", "C", 5)]
    frameworks = [
        Framework(3, "flask", "flask"),
        Framework(9, "django-b", "Django"),
        Framework(4, "django-a", "django"),
    ]
    ratings = {(framework.id, 1): 4 for framework in frameworks}
    result = score(make_snapshot(frameworks, criteria, ratings, []), {})

    assert [ranked.framework_id for ranked in result.ranking] == [4, 9, 3]
    assert result.tie_break.endswith("django is placed first because it has the lower id")
    assert result.ranking[1].tie_break == (
        "Django and flask both score 75.0; Django is placed ahead of flask by alphabetical order"
    )


def test_too_close_only_below_the_margin():
    # Flask 86.25 against Django 62.5: a margin of 23.75.
    assert score(two_by_two(too_close_margin=23.76), {PRIORITY_QUESTION: [SPEED]}).too_close
    assert not score(two_by_two(too_close_margin=23.75), {PRIORITY_QUESTION: [SPEED]}).too_close


def test_answers_to_hidden_conditional_questions_are_ignored():
    snapshot = two_by_two()
    follow_up = question(
        200, [option(2001, importance=[(DEVELOPER_EXPERIENCE, 50)])], condition=COMFORT
    )
    grand_follow_up = question(300, [option(3001, fit=[(DJANGO, 99, "x")])], condition=2001)
    snapshot = replace(snapshot, questions=(*snapshot.questions, follow_up, grand_follow_up))
    hidden = {PRIORITY_QUESTION: [SPEED], 200: [2001], 300: [3001]}

    assert [question.id for question in visible_questions(snapshot, hidden)] == [PRIORITY_QUESTION]
    assert effective_answers(snapshot, hidden) == {PRIORITY_QUESTION: (SPEED,)}
    assert score(snapshot, hidden) == score(snapshot, {PRIORITY_QUESTION: [SPEED]})

    shown = {PRIORITY_QUESTION: [COMFORT], 200: [2001], 300: [3001]}
    assert [question.id for question in visible_questions(snapshot, shown)] == [100, 200, 300]
    assert score(snapshot, shown).weights == ((PERFORMANCE, 4), (DEVELOPER_EXPERIENCE, 58))


def test_a_change_that_hides_questions_drops_their_answers():
    # Django wins only through the follow-up's +99; switching the question that shows the
    # follow-up back to speed hides it, so Flask wins again.
    snapshot = two_by_two()
    follow_up = question(200, [option(2001, fit=[(DJANGO, 99, "batteries")])], condition=COMFORT)
    snapshot = replace(snapshot, questions=(*snapshot.questions, follow_up))
    result = score(snapshot, {PRIORITY_QUESTION: [COMFORT], 200: [2001]})

    assert result.winner_id == DJANGO
    assert AnswerChange(PRIORITY_QUESTION, (COMFORT,), (SPEED,), FLASK) in result.changes


def test_missing_rating_counts_as_neutral_and_is_flagged():
    snapshot = two_by_two()
    ratings = dict(snapshot.ratings)
    del ratings[FLASK, DEVELOPER_EXPERIENCE]
    result = score(replace(snapshot, ratings=ratings), {PRIORITY_QUESTION: [SPEED]})

    flask = ranked_by_id(result)[FLASK]
    assert [(line.rating, line.rated) for line in flask.criteria] == [(5, True), (3, False)]
    # 100 · (6·4/4 + 2·2/4) / 8 = 87.5
    assert flask.fit == 87.5
    assert flask.criteria[1].points == 12.5


def test_unknown_ids_are_ignored():
    snapshot = two_by_two()
    noisy = {PRIORITY_QUESTION: [SPEED, 999_999], 424242: [SPEED, COMFORT]}

    assert score(snapshot, noisy) == score(snapshot, {PRIORITY_QUESTION: [SPEED]})


def test_all_weights_zero_gives_zero_fit_and_ranks_by_affinity():
    snapshot = two_by_two()
    criteria = tuple(replace(criterion, base_importance=0) for criterion in snapshot.criteria)
    nothing = question(PRIORITY_QUESTION, [option(SPEED, fit=[(DJANGO, 2, "admin")])])
    result = score(
        replace(snapshot, criteria=criteria, questions=(nothing,)), {PRIORITY_QUESTION: [SPEED]}
    )

    assert [(ranked.framework_id, ranked.fit, ranked.total) for ranked in result.ranking] == [
        (DJANGO, 0.0, 2.0),
        (FLASK, 0.0, 0.0),
    ]
    assert all(line.points == 0 for ranked in result.ranking for line in ranked.criteria)


def test_result_round_trips_through_json():
    snapshot = two_by_two(required=False)
    veto = question(200, [option(2001, breakers=[(FLASK, "no")])], required=False)
    snapshot = replace(snapshot, questions=(*snapshot.questions, veto))
    result = score(snapshot, {PRIORITY_QUESTION: [COMFORT]})
    assert result.changes and result.ranking

    stored = json.loads(json.dumps(result.to_dict()))

    assert Result.from_dict(stored) == result
    assert isinstance(stored["ranking"][0]["criteria"], list)


def whole_floats_as_ints(text: str) -> float | int:
    number = float(text)
    return int(number) if number.is_integer() else number


def test_from_dict_accepts_whole_floats_stored_as_ints():
    # Some JSON stores give 75.0 back as 75; the restored figures must still be floats.
    result = score(two_by_two(), {PRIORITY_QUESTION: [SPEED]})
    stored = json.loads(json.dumps(result.to_dict()), parse_float=whole_floats_as_ints)
    assert stored["ranking"][0]["criteria"][0]["points"] == 75
    assert isinstance(stored["ranking"][0]["criteria"][0]["points"], int)

    restored = Result.from_dict(stored)

    assert restored == result
    assert all(
        isinstance(number, float)
        for ranked in restored.ranking
        for number in (ranked.total, ranked.fit, *(line.points for line in ranked.criteria))
    )


# --------------------------------------------------------------------------------------------
# Properties on random small questionnaires.

# Few, partly casefold-equal names and small numbers make ties and tie-breaks common.
NAMES = ("Django", "django", "Flask", "FastAPI", "Rails")


# Weight sums this close to 10**6 (where totals start being compared rounded to 6 decimals)
# are crossed both ways by the answers' small importance deltas; 3·10**6 makes totals a few
# numerator units apart compare equal.
BIG_WEIGHT = st.sampled_from((10**6 - 30, 10**6 - 12, 10**6 - 5, 10**6, 10**6 + 3, 3 * 10**6))


@st.composite
def snapshots(draw, *, big_weights: bool = False) -> Snapshot:
    """Small random snapshots; with ``big_weights`` one criterion may weigh about 10**6."""
    framework_ids = draw(st.lists(st.integers(1, 40), min_size=1, max_size=6, unique=True))
    frameworks = tuple(
        Framework(framework_id, f"fw-{framework_id}", draw(st.sampled_from(NAMES)))
        for framework_id in framework_ids
    )
    criterion_ids = draw(st.lists(st.integers(1, 40), min_size=1, max_size=6, unique=True))
    heavy = big_weights and draw(st.booleans())
    criteria = tuple(
        Criterion(
            criterion_id,
            f"c-{criterion_id}",
            f"C{criterion_id}",
            draw(BIG_WEIGHT if heavy and position == 0 else st.integers(0, 10)),
        )
        for position, criterion_id in enumerate(criterion_ids)
    )
    ratings = {}
    for framework_id in framework_ids:
        for criterion_id in criterion_ids:
            rating = draw(st.one_of(st.none(), st.integers(1, 5)))
            if rating is not None:
                ratings[framework_id, criterion_id] = rating
    # Effects may point at ids the snapshot does not have; the scorer must ignore them.
    criterion_targets = st.sampled_from((*criterion_ids, 999))
    framework_targets = st.sampled_from((*framework_ids, 999))
    questions = []
    option_ids = iter(range(1000, 2000))
    for question_id in range(1, draw(st.integers(1, 5)) + 1):
        earlier_options = [option.id for earlier in questions for option in earlier.options]
        condition = (
            draw(st.one_of(st.none(), st.sampled_from(earlier_options)))
            if earlier_options
            else None
        )
        options = tuple(
            Option(
                id=next(option_ids),
                question_id=question_id,
                label="",
                importance_effects=tuple(
                    ImportanceEffect(criterion_id, delta)
                    for criterion_id, delta in draw(
                        st.lists(st.tuples(criterion_targets, st.integers(-8, 6)), max_size=3)
                    )
                ),
                fit_effects=tuple(
                    FitEffect(framework_id, points, f"because {points}")
                    for framework_id, points in draw(
                        st.lists(st.tuples(framework_targets, st.integers(-10, 10)), max_size=2)
                    )
                ),
                deal_breakers=tuple(
                    DealBreaker(framework_id, "no")
                    for framework_id in draw(st.lists(framework_targets, max_size=1))
                    if draw(st.integers(0, 3)) == 0  # keep deal-breakers rare
                ),
            )
            for _ in range(draw(st.integers(1, 4)))
        )
        questions.append(
            Question(question_id, "", draw(st.booleans()), draw(st.booleans()), condition, options)
        )
    return Snapshot(
        version=draw(st.integers(1, 3)),
        frameworks=frameworks,
        criteria=criteria,
        ratings=ratings,
        questions=tuple(questions),
        too_close_margin=draw(st.sampled_from((0.0, 1.0, 5.0))),
    )


@st.composite
def snapshots_and_answers(draw, *, big_weights: bool = False):
    """Answers to every question, hidden ones included (the scorer must drop those)."""
    snapshot = draw(snapshots(big_weights=big_weights))
    answers = {}
    for question in snapshot.questions:
        option_ids = [option.id for option in question.options]
        if question.multiple:
            selected = draw(st.lists(st.sampled_from(option_ids), unique=True))
        else:
            selected = draw(st.lists(st.sampled_from(option_ids), max_size=1))
        if selected:
            answers[question.id] = selected
    return snapshot, answers


def rating_of(snapshot: Snapshot, framework_id: int, criterion_id: int) -> int:
    return snapshot.ratings.get((framework_id, criterion_id), 3)


def exact_totals(snapshot: Snapshot, answers) -> dict[int, tuple[Fraction, Fraction]]:
    """(total, fit) of every framework, straight from the documented formulas in fractions."""
    effective = effective_answers(snapshot, answers)
    chosen = [
        option
        for question in snapshot.questions
        for option in question.options
        if option.id in effective.get(question.id, ())
    ]
    weights = {
        criterion.id: max(
            0,
            criterion.base_importance
            + sum(
                effect.delta
                for option in chosen
                for effect in option.importance_effects
                if effect.criterion_id == criterion.id
            ),
        )
        for criterion in snapshot.criteria
    }
    weight_sum = sum(weights.values())
    totals = {}
    for framework in snapshot.frameworks:
        fit = Fraction(0)
        if weight_sum:
            fit = (
                100
                * sum(
                    Fraction(weights[c.id] * (rating_of(snapshot, framework.id, c.id) - 1), 4)
                    for c in snapshot.criteria
                )
                / weight_sum
            )
        affinity = sum(
            effect.points
            for option in chosen
            for effect in option.fit_effects
            if effect.framework_id == framework.id
        )
        totals[framework.id] = (fit + affinity, fit)
    return totals


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

    for ranked in result.ranking:
        criterion_points = math.fsum(line.points for line in ranked.criteria)
        affinity_points = math.fsum(line.points for line in ranked.affinity_lines)
        assert abs(criterion_points - ranked.fit) <= 1e-9
        assert affinity_points == ranked.affinity
        assert abs(criterion_points + affinity_points - ranked.total) <= 1e-9


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
        breaker.framework_id
        for question in snapshot.questions
        for option in question.options
        if option.id in effective.get(question.id, ())
        for breaker in option.deal_breakers
    }
    ranked_ids = {ranked.framework_id for ranked in result.ranking}
    excluded_ids = {exclusion.framework_id for exclusion in result.excluded}
    known_ids = {framework.id for framework in snapshot.frameworks}

    assert not ranked_ids & excluded_ids
    assert excluded_ids == hit & known_ids
    assert ranked_ids | excluded_ids == known_ids
    assert (result.winner_id is None) == (not ranked_ids)


def single_answer_alternatives(snapshot: Snapshot, answers):
    """(question, current selection, new selection, new answers) of every allowed change of one
    visible answer, straight from the rules: a multiple-choice option toggled (a required
    question never emptied), a single choice switched or, if optional, cleared."""
    effective = effective_answers(snapshot, answers)
    for question in visible_questions(snapshot, answers):
        current = effective.get(question.id, ())
        candidates = []
        for option in question.options:
            if question.multiple:
                selection = set(current) ^ {option.id}
                if selection or not question.required:
                    candidates.append(selection)
            elif set(current) != {option.id}:
                candidates.append({option.id})
        if not question.multiple and current and not question.required:
            candidates.append(set())
        for selection in candidates:
            yield question, current, selection, {**effective, question.id: selection}


def brute_force_changes(snapshot: Snapshot, answers) -> list[AnswerChange]:
    """Re-score every single-answer change from scratch and keep those that change the winner."""
    winner = score(snapshot, answers, include_changes=False).winner_id
    changes = []
    for question, current, selection, new_answers in single_answer_alternatives(snapshot, answers):
        new_winner = score(snapshot, new_answers, include_changes=False).winner_id
        if new_winner != winner:
            in_order = [option.id for option in question.options]
            changes.append(
                AnswerChange(
                    question.id,
                    tuple(i for i in current if i not in selection),
                    tuple(i for i in in_order if i in selection and i not in current),
                    new_winner,
                )
            )
    return changes


def test_what_would_change_equals_brute_force():
    weight_sums: Counter = Counter()

    def check(case):
        snapshot, answers = case
        result = score(snapshot, answers)

        assert list(result.changes) == brute_force_changes(snapshot, answers)
        weight_sum = sum(weight for _, weight in result.weights)
        weight_sums["rounded" if weight_sum >= 10**6 else "exact"] += 1

    cases = given(snapshots_and_answers(big_weights=True))
    PROPERTY_SETTINGS(cases(check))()  # new examples at every run

    # Totals are compared exactly below a weight sum of 10**6 and rounded from there on: the
    # cases drawn the same way at every run cover both (a random draw misses one now and then).
    weight_sums.clear()
    settings(PROPERTY_SETTINGS, derandomize=True)(cases(check))()
    assert weight_sums["rounded"] and weight_sums["exact"]


def two_rivals(fit_weight: int, questions, extra_criteria=(), extra_ratings=()) -> Snapshot:
    """Alpha rated 1 and Beta 2 on one criterion of weight ``fit_weight``: Beta has the better
    fit, so it wins any tie on the total."""
    return make_snapshot(
        [Framework(1, "alpha", "Alpha"), Framework(2, "beta", "Beta")],
        [Criterion(1, "x", "X", fit_weight), *extra_criteria],
        {(1, 1): 1, (2, 1): 2, **dict(extra_ratings)},
        questions,
    )


def assert_flip_only_when_expected(snapshot, flips: bool) -> None:
    """Alpha (1) wins with answers 1001 and 2001; switching to 2002 makes Beta (2) win
    exactly when ``flips``, which the scorer and brute force both say."""
    answers = {100: [1001], 200: [2001]}
    result = score(snapshot, answers)

    assert result.winner_id == 1
    expected = [AnswerChange(200, (2001,), (2002,), 2)] if flips else []
    assert list(result.changes) == expected == brute_force_changes(snapshot, answers)


@pytest.mark.parametrize(("beta_points", "flips"), [(5, True), (4, False)])
def test_a_change_to_an_exact_tie_lets_the_higher_fit_win(beta_points, flips):
    # Alpha: fit 0 + 30 affinity; Beta: fit 25. Over the weight sum 4 Alpha leads by
    # 4·30 − 25·4 = 20, and Beta's points p cost 4·p of it: the new lead is 20 − 4p. At p = 5
    # it is 0, a tie on 30 that Beta wins by its higher fit; at p = 4 Alpha stays.
    snapshot = two_rivals(
        4,
        [
            question(100, [option(1001, fit=[(1, 30, "a")])]),
            question(200, [option(2001), option(2002, fit=[(2, beta_points, "b")])]),
        ],
    )
    assert_flip_only_when_expected(snapshot, flips)


@pytest.mark.parametrize(("beta_points", "flips"), [(5, True), (4, False)])
def test_a_change_counts_both_the_answer_lost_and_the_one_given(beta_points, flips):
    # As above, with the current answer giving Alpha 3 points: Alpha leads by 20 + 4·3 = 32.
    # Switching answers loses those 12 and gives Beta 4p: the new lead is 20 − 4p, a tie at
    # p = 5 that Beta wins. Either loss alone is less than the lead.
    snapshot = two_rivals(
        4,
        [
            question(100, [option(1001, fit=[(1, 30, "a")])]),
            question(
                200, [option(2001, fit=[(1, 3, "a")]), option(2002, fit=[(2, beta_points, "b")])]
            ),
        ],
    )
    assert_flip_only_when_expected(snapshot, flips)


@pytest.mark.parametrize(("beta_rating", "flips"), [(4, True), (3, False)])
def test_a_change_counts_the_weight_lost_with_the_answer_and_with_the_new_one(beta_rating, flips):
    # Alpha is rated 5, 1, 2 on X, Y, Z, Beta 1, r, 1; weights 1 each, and the current answer
    # adds 1 to X: Alpha leads by 25 · (9 − (r − 1)) = 25 · (10 − r). The other answer takes
    # that 1 from X (100 of the lead) and adds 1 to Y (25 · (r − 1)): the new lead is
    # 25 · (7 − 2r), −25 at r = 4 (Beta wins), 25 at r = 3.
    snapshot = make_snapshot(
        [Framework(1, "alpha", "Alpha"), Framework(2, "beta", "Beta")],
        [Criterion(1, "x", "X", 1), Criterion(2, "y", "Y", 1), Criterion(3, "z", "Z", 1)],
        {(1, 1): 5, (2, 1): 1, (1, 2): 1, (2, 2): beta_rating, (1, 3): 2, (2, 3): 1},
        [
            question(100, [option(1001)]),
            question(200, [option(2001, importance=[(1, 1)]), option(2002, importance=[(2, 1)])]),
        ],
    )
    assert_flip_only_when_expected(snapshot, flips)


@pytest.mark.parametrize(("beta_points", "flips"), [(7, True), (6, False)])
def test_a_change_that_raises_the_weight_sum_scales_the_points_by_the_new_sum(beta_points, flips):
    # Alpha is rated 5 on X and 1 on Y, Beta 1 and 2, both criteria of weight 1; Beta has 10
    # points. Over W = 2 Alpha leads by 100 − (25 + 2·10) = 55. The alternative raises Y to 2
    # and gives Beta p points: over W' = 3 Beta has 25·2 + 3·(10 + p) = 80 + 3p against
    # Alpha's 100: Beta wins at p = 7, Alpha stays at p = 6. Counting Beta's points over the
    # weight sum before the change (2) would get p = 7 wrong.
    snapshot = make_snapshot(
        [Framework(1, "alpha", "Alpha"), Framework(2, "beta", "Beta")],
        [Criterion(1, "x", "X", 1), Criterion(2, "y", "Y", 1)],
        {(1, 1): 5, (2, 1): 1, (1, 2): 1, (2, 2): 2},
        [
            question(100, [option(1001, fit=[(2, 10, "b")])]),
            question(
                200,
                [option(2001), option(2002, importance=[(2, 1)], fit=[(2, beta_points, "b")])],
            ),
        ],
    )
    assert_flip_only_when_expected(snapshot, flips)


@pytest.mark.parametrize(("beta_points", "flips"), [(5, True), (4, False)])
def test_a_change_of_weight_and_points_at_once_to_an_exact_tie(beta_points, flips):
    # The alternative raises X's weight from 4 to 6 and gives Beta p points: over 6, Alpha has
    # 6·30 = 180 and Beta 25·6 + 6p. At p = 5 they tie on 30 and Beta wins by its higher fit;
    # at p = 4 Alpha stays.
    snapshot = two_rivals(
        4,
        [
            question(100, [option(1001, fit=[(1, 30, "a")])]),
            question(
                200,
                [option(2001), option(2002, importance=[(1, 2)], fit=[(2, beta_points, "b")])],
            ),
        ],
    )
    assert_flip_only_when_expected(snapshot, flips)


@pytest.mark.parametrize(
    ("fit_weight", "neutral_weight", "flips"),
    [(100_000, 2_400_001, True), (30_000, 720_001, False)],
)
def test_changes_where_totals_are_compared_rounded(fit_weight, neutral_weight, flips):
    # A criterion N rates both frameworks alike, so its weight only dilutes the fit. Alpha has
    # 1 point of affinity and Beta a fit of 25·w_X / W. Unchoosing the optional +10 on N takes
    # the weight sum W from 25·w_X + 11 to 25·w_X + 1, where Alpha leads by a numerator of
    # exactly 1. Below 10**6 Alpha does stay ahead (750,001 against 750,000); at
    # W = 2,500,001 the totals, 1 and 0.9999996, are equal to 6 decimals, and Beta wins the
    # tie by its higher fit.
    snapshot = two_rivals(
        fit_weight,
        [
            question(100, [option(1001, fit=[(1, 1, "a")])]),
            question(200, [option(2001, importance=[(2, 10)])], required=False),
        ],
        extra_criteria=[Criterion(2, "n", "N", neutral_weight)],
        extra_ratings={(1, 2): 1, (2, 2): 1},
    )
    answers = {100: [1001], 200: [2001]}
    result = score(snapshot, answers)

    assert result.winner_id == 1
    expected = [AnswerChange(200, (2001,), (), 2)] if flips else []
    assert list(result.changes) == expected == brute_force_changes(snapshot, answers)


def test_a_rating_below_one_is_scored_as_the_model_says():
    # Possible in a snapshot made by hand: a negative rating step.
    snapshot = replace(two_by_two(), ratings={**two_by_two().ratings, (DJANGO, PERFORMANCE): 0})
    answers = {PRIORITY_QUESTION: [SPEED]}
    result = score(snapshot, answers)
    exact = exact_totals(snapshot, answers)
    for ranked in result.ranking:
        assert ranked.total == pytest.approx(float(exact[ranked.framework_id][0]), abs=1e-9)
    assert list(result.changes) == brute_force_changes(snapshot, answers)


def test_huge_weights_are_scored_exactly():
    # Weight sums around 2**62: Django is rated 5 on both criteria, Flask 5 and 1. Speed keeps
    # Flask ahead; comfort (+6 on developer experience) makes Django win.
    base = two_by_two()
    snapshot = replace(
        base,
        criteria=(replace(base.criteria[0], base_importance=2**62 - 6), *base.criteria[1:]),
        ratings={
            (DJANGO, PERFORMANCE): 5,
            (DJANGO, DEVELOPER_EXPERIENCE): 5,
            (FLASK, PERFORMANCE): 5,
            (FLASK, DEVELOPER_EXPERIENCE): 1,
        },
    )
    result = score(snapshot, {PRIORITY_QUESTION: [SPEED]})

    assert sum(weight for _, weight in result.weights) == 2**62 - 2
    assert result.winner_id == FLASK
    assert [(change.new_winner_id, change.added_option_ids) for change in result.changes] == [
        (DJANGO, (COMFORT,))
    ]
    assert list(result.changes) == brute_force_changes(snapshot, {PRIORITY_QUESTION: [SPEED]})
    for answers in ({PRIORITY_QUESTION: [SPEED]}, {PRIORITY_QUESTION: [COMFORT]}):
        exact = exact_totals(snapshot, answers)
        for ranked in score(snapshot, answers).ranking:
            total, fit = exact[ranked.framework_id]
            assert ranked.total == pytest.approx(float(total), rel=1e-12)
            assert ranked.fit == pytest.approx(float(fit), rel=1e-12)


# --------------------------------------------------------------------------------------------
# The Scorer, built once per snapshot.


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
