"""The scoring model on hand-computed examples: weights, fit and affinity, deal-breakers,
tie-breaks, conditional questions and results stored as JSON. Pure Python: no Django and no
database are needed."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from questionnaire.scoring import (
    LANGUAGE,
    RATED_AT_LEAST,
    RATED_AT_MOST,
    TAG,
    Criterion,
    ExclusionCause,
    Framework,
    MissingRating,
    Result,
    Target,
    effective_answers,
    score,
    visible_questions,
)
from tests.questionnaire.scoring_builders import (
    COMFORT,
    DEVELOPER_EXPERIENCE,
    DJANGO,
    FLASK,
    PERFORMANCE,
    PRIORITY_QUESTION,
    SPEED,
    make_snapshot,
    option,
    question,
    two_by_two,
)


def test_hand_computed_two_frameworks_two_criteria():
    result = score(two_by_two(), {PRIORITY_QUESTION: [SPEED]})

    # Weights: performance 4 + 2 = 6, developer experience 2; their sum is 8.
    assert result.weights == ((PERFORMANCE, 6), (DEVELOPER_EXPERIENCE, 2))
    # Flask: 100 · (6·4/4 + 2·1/4) / 8 = 81.25 fit, + 5 answer points. Django: 100 · (6·2/4 +
    # 2·4/4) / 8 = 62.5. The answers put 5 points at stake, so each match is 100/105 of that.
    flask, django = result.ranking
    assert (flask.framework_id, flask.fit, flask.affinity) == (FLASK, 81.25, 5)
    assert flask.total == pytest.approx(86.25 * 100 / 105)  # 82.14
    assert (django.framework_id, django.fit, django.affinity) == (DJANGO, 62.5, 0)
    assert django.total == pytest.approx(62.5 * 100 / 105)  # 59.52
    assert result.stake == (5, 0)
    assert [line.points for line in flask.criteria] == pytest.approx([7500 / 105, 625 / 105])
    assert [line.points for line in django.criteria] == pytest.approx([3750 / 105, 2500 / 105])
    assert [(line.weight, line.rating, line.rated) for line in flask.criteria] == [
        (6, 5, True),
        (2, 2, True),
    ]
    assert [
        (line.question_id, line.option_id, line.points, line.reason)
        for line in flask.affinity_lines
    ] == [(PRIORITY_QUESTION, SPEED, 5, "lightweight")]
    # The margin is that of the matches as shown: 82.1 − 59.5.
    assert (result.winner_id, result.runner_up_id, result.margin) == (FLASK, DJANGO, 22.6)
    assert not result.too_close
    assert result.tie_break is None
    assert result.snapshot_version == 7
    assert result.no_winner_reason is None


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
    # fit is 100/3 and Flask's 25/3; Flask's +25 affinity makes both points exactly 100/3, and
    # both matches 100/3 · 100/125.
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
        "Pyramid and Flask both score 26.7; "
        "Pyramid is placed first because it has the higher fit score"
    )
    assert result.ranking[0].tie_break == (
        "Pyramid and Flask both score 26.7; "
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
    # Flask 82.14 against Django 59.52, shown as 82.1 and 59.5: a margin of 22.6.
    assert score(two_by_two(too_close_margin=22.7), {PRIORITY_QUESTION: [SPEED]}).too_close
    assert not score(two_by_two(too_close_margin=22.6), {PRIORITY_QUESTION: [SPEED]}).too_close


def test_the_margin_is_that_of_the_matches_as_shown():
    # Both fit 50; Django gets 3 answer points of the 3 at stake: matches 51.46 and 48.54,
    # shown as 51.5 and 48.5. The margin is 3.0, so not under a 3-point threshold, although
    # the unrounded difference (2.91) is: the page never says "3.0, under 3.0".
    snapshot = make_snapshot(
        [Framework(DJANGO, "django", "Django"), Framework(FLASK, "flask", "Flask")],
        [Criterion(PERFORMANCE, "performance", "Performance", 1)],
        {(DJANGO, PERFORMANCE): 3, (FLASK, PERFORMANCE): 3},
        [question(PRIORITY_QUESTION, [option(SPEED, fit=[(DJANGO, 3, "admin")])])],
        too_close_margin=3.0,
    )
    result = score(snapshot, {PRIORITY_QUESTION: [SPEED]})
    django, flask = result.ranking
    assert (round(django.total, 1), round(flask.total, 1)) == (51.5, 48.5)
    assert django.total - flask.total < 3
    assert result.margin == 3.0
    assert not result.too_close


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


def test_a_missing_rating_is_refused_never_imputed():
    snapshot = two_by_two()
    ratings = dict(snapshot.ratings)
    del ratings[FLASK, DEVELOPER_EXPERIENCE]

    with pytest.raises(MissingRating, match="no rating on 'dx'"):
        score(replace(snapshot, ratings=ratings), {PRIORITY_QUESTION: [SPEED]})


def test_rules_reach_frameworks_by_language_tag_and_rating_threshold():
    python, micro = 7, 8
    snapshot = two_by_two()
    frameworks = (
        replace(snapshot.frameworks[0], languages=(python,)),
        replace(snapshot.frameworks[1], languages=(python,), tags=(micro,)),
    )
    rules = question(
        PRIORITY_QUESTION,
        [
            option(
                SPEED,
                fit=[
                    (Target(LANGUAGE, python), 8, "Python"),
                    (Target(TAG, micro), 3, "micro"),
                    (Target(RATED_AT_LEAST, PERFORMANCE, 5), 1, "fast"),
                ],
            ),
            option(COMFORT, breakers=[(Target(RATED_AT_MOST, PERFORMANCE, 3), "too slow")]),
        ],
        multiple=True,
    )
    snapshot = replace(snapshot, frameworks=frameworks, questions=(rules,))

    result = score(snapshot, {PRIORITY_QUESTION: [SPEED]})
    points = {r.framework_id: [line.points for line in r.affinity_lines] for r in result.ranking}
    assert points == {DJANGO: [8], FLASK: [8, 3, 1]}

    result = score(snapshot, {PRIORITY_QUESTION: [SPEED, COMFORT]})
    assert [e.framework_id for e in result.excluded] == [DJANGO]
    assert result.excluded[0].causes[0].reason == "too slow"


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

    # 2 answer points at stake: Django's match is 100 · 2 / 102.
    assert [(ranked.framework_id, ranked.fit, ranked.total) for ranked in result.ranking] == [
        (DJANGO, 0.0, pytest.approx(200 / 102)),
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
    speed = question(PRIORITY_QUESTION, [option(SPEED, importance=[(PERFORMANCE, 2)])])
    result = score(replace(two_by_two(), questions=(speed,)), {PRIORITY_QUESTION: [SPEED]})
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
