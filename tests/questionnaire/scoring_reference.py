"""The scoring model computed the slow, obvious way, to check the scorer against: exact
totals in fractions, and what-would-change by re-scoring every single-answer change."""

from __future__ import annotations

from fractions import Fraction

from questionnaire.scoring import (
    FRAMEWORK,
    LANGUAGE,
    RATED_AT_LEAST,
    RATED_AT_MOST,
    TAG,
    AnswerChange,
    Framework,
    Snapshot,
    Target,
    effective_answers,
    score,
    visible_questions,
)


def rating_of(snapshot: Snapshot, framework_id: int, criterion_id: int) -> int:
    return snapshot.ratings[framework_id, criterion_id]


def reaches(snapshot: Snapshot, target: Target, framework: Framework) -> bool:
    """Whether an effect's target reaches the framework, straight from the rules."""
    if target.kind == FRAMEWORK:
        return target.key == framework.id
    if target.kind == LANGUAGE:
        return target.key in framework.languages
    if target.kind == TAG:
        return target.key in framework.tags
    if target.key not in {criterion.id for criterion in snapshot.criteria}:
        return False
    rating = rating_of(snapshot, framework.id, target.key)
    if target.kind == RATED_AT_LEAST:
        return rating >= target.threshold
    assert target.kind == RATED_AT_MOST
    return rating <= target.threshold


def exact_totals(snapshot: Snapshot, answers) -> dict[int, tuple[Fraction, Fraction]]:
    """(match, fit) of every framework, straight from the documented formulas in fractions."""
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
    stake = [
        effect.points
        for option in chosen
        for effect in option.fit_effects
        if any(reaches(snapshot, effect.target, f) for f in snapshot.frameworks)
    ]
    gain = sum(points for points in stake if points > 0)
    loss = -sum(points for points in stake if points < 0)
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
            if reaches(snapshot, effect.target, framework)
        )
        totals[framework.id] = (100 * (fit + affinity + loss) / (100 + gain + loss), fit)
    return totals


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
