"""Hypothesis strategies for the scoring tests: small random snapshots and answers to them,
and the settings the property tests run with."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from questionnaire.scoring import (
    Criterion,
    DealBreaker,
    FitEffect,
    Framework,
    ImportanceEffect,
    Option,
    Question,
    Snapshot,
    Target,
)

PROPERTY_SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


# Few, partly casefold-equal names and small numbers make ties and tie-breaks common.
NAMES = ("Django", "django", "Flask", "FastAPI", "Rails")

# Weight sums this close to 10**6 (where totals start being compared rounded to 6 decimals)
# are crossed both ways by the answers' small importance deltas; 3·10**6 makes totals a few
# numerator units apart compare equal.
BIG_WEIGHT = st.sampled_from((10**6 - 30, 10**6 - 12, 10**6 - 5, 10**6, 10**6 + 3, 3 * 10**6))


def target_strategy(framework_ids, criterion_ids):
    """Targets of every kind, some on ids the snapshot does not have (they reach nothing)."""
    return st.one_of(
        st.builds(Target.named, st.sampled_from((*framework_ids, 999))),
        st.builds(Target, st.sampled_from(("language", "tag")), st.integers(1, 4)),
        st.builds(
            Target,
            st.sampled_from(("rated_at_least", "rated_at_most")),
            st.sampled_from((*criterion_ids, 999)),
            st.integers(1, 5),
        ),
    )


@st.composite
def snapshots(draw, *, big_weights: bool = False) -> Snapshot:
    """Small random snapshots; with ``big_weights`` one criterion may weigh about 10**6."""
    framework_ids = draw(st.lists(st.integers(1, 40), min_size=1, max_size=6, unique=True))
    traits = st.lists(st.integers(1, 3), max_size=2)  # language and tag ids
    frameworks = tuple(
        Framework(
            framework_id,
            f"fw-{framework_id}",
            draw(st.sampled_from(NAMES)),
            tuple(draw(traits)),
            tuple(draw(traits)),
        )
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
    # Every framework is rated on every criterion: the scorer never imputes a rating.
    ratings = {
        (framework_id, criterion_id): draw(st.integers(1, 5))
        for framework_id in framework_ids
        for criterion_id in criterion_ids
    }
    # Effects may point at ids the snapshot does not have; the scorer must ignore them.
    criterion_targets = st.sampled_from((*criterion_ids, 999))
    targets = target_strategy(framework_ids, criterion_ids)
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
                    FitEffect(target, points, f"because {points}")
                    for target, points in draw(
                        st.lists(st.tuples(targets, st.integers(-10, 10)), max_size=2)
                    )
                ),
                deal_breakers=tuple(
                    DealBreaker(target, "no")
                    for target in draw(st.lists(targets, max_size=1))
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
