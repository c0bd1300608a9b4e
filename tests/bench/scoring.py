"""Timing of :meth:`questionnaire.scoring.Scorer.score` on a synthetic, deterministic snapshot.

Run ``python -m tests.bench.scoring`` (``make bench-scoring``).
"""

from __future__ import annotations

import math
import random
import statistics
import time
from typing import Any

from questionnaire.scoring import (
    Criterion,
    DealBreaker,
    FitEffect,
    Framework,
    ImportanceEffect,
    Option,
    Question,
    Scorer,
    Snapshot,
    Target,
)

# Shares chosen to resemble the real questionnaire: some follow-up questions, a few
# deal-breakers, mostly single-choice questions.
_CONDITIONAL_SHARE = 0.2
_DEAL_BREAKER_SHARE = 0.03
_MULTIPLE_CHOICE_SHARE = 0.3
_REQUIRED_SHARE = 0.7


def build_snapshot(
    frameworks: int, criteria: int, questions: int, options_per_question: int, seed: int
) -> Snapshot:
    rng = random.Random(seed)  # noqa: S311 - reproducible benchmark data, not security
    framework_list = tuple(
        Framework(id=i, slug=f"framework-{i}", name=f"Framework {i}")
        for i in range(1, frameworks + 1)
    )
    criterion_list = tuple(
        Criterion(
            id=j, slug=f"criterion-{j}", name=f"Criterion {j}", base_importance=rng.randint(0, 10)
        )
        for j in range(1, criteria + 1)
    )
    ratings = {
        (framework.id, criterion.id): rng.randint(1, 5)
        for framework in framework_list
        for criterion in criterion_list
    }
    question_list: list[Question] = []
    next_option_id = 1
    for question_id in range(1, questions + 1):
        condition = None
        if question_list and rng.random() < _CONDITIONAL_SHARE:
            condition = rng.choice(rng.choice(question_list).options).id
        options = []
        for _ in range(options_per_question):
            options.append(
                Option(
                    id=next_option_id,
                    question_id=question_id,
                    label=f"Option {next_option_id}",
                    importance_effects=tuple(
                        ImportanceEffect(criterion.id, rng.randint(-3, 4))
                        for criterion in rng.sample(
                            criterion_list, rng.randint(1, min(3, criteria))
                        )
                    ),
                    fit_effects=tuple(
                        FitEffect(
                            Target.named(framework.id), rng.randint(-10, 10), "synthetic affinity"
                        )
                        for framework in rng.sample(
                            framework_list, rng.randint(0, min(2, frameworks))
                        )
                    ),
                    deal_breakers=tuple(
                        DealBreaker(
                            Target.named(rng.choice(framework_list).id), "synthetic deal-breaker"
                        )
                        for _ in range(rng.random() < _DEAL_BREAKER_SHARE)
                    ),
                )
            )
            next_option_id += 1
        question_list.append(
            Question(
                id=question_id,
                text=f"Question {question_id}",
                multiple=rng.random() < _MULTIPLE_CHOICE_SHARE,
                required=rng.random() < _REQUIRED_SHARE,
                condition_option_id=condition,
                options=tuple(options),
            )
        )
    return Snapshot(
        version=1,
        frameworks=framework_list,
        criteria=criterion_list,
        ratings=ratings,
        questions=tuple(question_list),
        too_close_margin=2.0,
    )


def build_answers(snapshot: Snapshot, seed: int) -> dict[int, tuple[int, ...]]:
    """A valid answer to every question that is visible given the earlier answers."""
    rng = random.Random(seed)  # noqa: S311 - reproducible benchmark data, not security
    answers: dict[int, tuple[int, ...]] = {}
    chosen: set[int] = set()
    for question in snapshot.questions:
        if question.condition_option_id is not None and question.condition_option_id not in chosen:
            continue
        option_ids = [option.id for option in question.options]
        if question.multiple:
            selected = tuple(rng.sample(option_ids, rng.randint(1, min(2, len(option_ids)))))
        else:
            selected = (rng.choice(option_ids),)
        answers[question.id] = selected
        chosen.update(selected)
    return answers


def run_benchmark(
    frameworks: int = 200,
    criteria: int = 40,
    questions: int = 30,
    options_per_question: int = 4,
    repeats: int = 50,
    seed: int = 20240601,
) -> dict[str, Any]:
    """Time full :meth:`Scorer.score` calls (what-would-change included) with one Scorer, as
    the site keeps one per content version; times are milliseconds."""
    snapshot = build_snapshot(frameworks, criteria, questions, options_per_question, seed)
    answers = build_answers(snapshot, seed)
    started = time.perf_counter()
    scorer = Scorer(snapshot)
    build_ms = (time.perf_counter() - started) * 1000
    result = scorer.score(answers)  # also warms up before timing
    visible, effective = scorer.resolve(answers)
    timings_ms = []
    for _ in range(repeats):
        started = time.perf_counter()
        scorer.score(answers)
        timings_ms.append((time.perf_counter() - started) * 1000)
    timings_ms.sort()
    return {
        "frameworks": frameworks,
        "criteria": criteria,
        "questions": questions,
        "options_per_question": options_per_question,
        "repeats": repeats,
        "visible_questions": len(visible),
        "chosen_options": sum(map(len, effective.values())),
        "ranked": len(result.ranking),
        "excluded": len(result.excluded),
        "changes": len(result.changes),
        "median_ms": statistics.median(timings_ms),
        "p95_ms": timings_ms[math.ceil(0.95 * len(timings_ms)) - 1],
        "min_ms": timings_ms[0],
        "scorer_build_ms": build_ms,
    }


def run_impact_benchmark(results: int = 1000, seed: int = 20240601, **sizes) -> dict[str, Any]:
    """Time what checking an edit costs (questionnaire.impact): the winner of ``results``
    distinct answer sets, with the content before and after (the same snapshot twice here);
    times are seconds."""
    snapshot = build_snapshot(
        sizes.get("frameworks", 200),
        sizes.get("criteria", 40),
        sizes.get("questions", 30),
        sizes.get("options_per_question", 4),
        seed,
    )
    answer_sets = [build_answers(snapshot, seed + i) for i in range(results)]
    scorer = Scorer(snapshot)
    started = time.perf_counter()
    for _ in ("before", "after"):
        for answers in answer_sets:
            scorer.resolve_and_score(answers, include_changes=False, include_breakdown=False)
    return {"impact_results": results, "impact_check_s": time.perf_counter() - started}


if __name__ == "__main__":
    for name, value in {**run_benchmark(), **run_impact_benchmark()}.items():
        print(f"{name:>22}: {value:.3f}" if isinstance(value, float) else f"{name:>22}: {value}")
