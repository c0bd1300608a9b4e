"""Which questions the answers show, and which of their options count."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from questionnaire.scoring.lookups import Lookups
from questionnaire.scoring.model import Answers, Question


def resolve(
    lookups: Lookups, answers: Answers
) -> tuple[tuple[Question, ...], dict[int, tuple[int, ...]]]:
    """The visible questions in display order, and the effective answers: only visible
    questions, each one's options in display order, no empty selections. Unknown question
    and option ids are dropped."""
    visible: list[Question] = []
    effective: dict[int, tuple[int, ...]] = {}
    chosen_so_far: set[int] = set()
    for question in lookups.questions:
        condition = question.condition_option_id
        # Only earlier answers can reveal a question, so a condition on a later or unknown
        # option keeps it hidden; a hidden question's own options reveal nothing.
        if condition is not None and condition not in chosen_so_far:
            continue
        visible.append(question)
        selected = _in_display_order(
            question, lookups.option_places[question.id], answers.get(question.id) or ()
        )
        if selected:
            effective[question.id] = selected
            chosen_so_far.update(selected)
    return tuple(visible), effective


def _in_display_order(
    question: Question, places: Mapping[int, int], given: Collection[int]
) -> tuple[int, ...]:
    """The question's options among ``given``, each once, in display order."""
    return tuple(
        question.options[place].id for place in sorted({places[i] for i in given if i in places})
    )
