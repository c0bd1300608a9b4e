"""Hand-made snapshots for the scoring tests: two frameworks rated on two criteria, and
builders of snapshots, questions and options with readable defaults."""

from __future__ import annotations

from dataclasses import replace

from questionnaire.scoring import (
    Criterion,
    DealBreaker,
    FitEffect,
    Framework,
    ImportanceEffect,
    Option,
    Question,
    Result,
    Snapshot,
    Target,
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


def _target(target) -> Target:
    """A target as given, or the framework with that id."""
    return target if isinstance(target, Target) else Target.named(target)


def option(option_id, *, importance=(), fit=(), breakers=()) -> Option:
    return Option(
        id=option_id,
        question_id=0,
        label=f"Option {option_id}",
        importance_effects=tuple(ImportanceEffect(*effect) for effect in importance),
        fit_effects=tuple(FitEffect(_target(t), *rest) for t, *rest in fit),
        deal_breakers=tuple(DealBreaker(_target(t), *rest) for t, *rest in breakers),
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
