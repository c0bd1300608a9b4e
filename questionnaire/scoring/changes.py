"""What would change the answer: every change of one visible answer that changes the winner.

Single choice: each other option, or clearing it if the question is optional. Multiple
choice: adding or removing one option, never emptying a required question. The changed
answers are resolved again, so a change that hides questions drops their answers and a
question it reveals starts unanswered. Each alternative is evaluated from the current totals,
adjusted by the effects of the options it unchooses and chooses.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from questionnaire.scoring.answers import resolve
from questionnaire.scoring.lookups import Lookups
from questionnaire.scoring.model import AnswerChange, Question
from questionnaire.scoring.ranking import winner_position
from questionnaire.scoring.totals import Totals, changed_totals


def answer_changes(
    lookups: Lookups,
    visible: Sequence[Question],
    effective: Mapping[int, tuple[int, ...]],
    totals: Totals,
) -> tuple[AnswerChange, ...]:
    """The changes that change the winner, by question in display order, then in the order
    of ``alternative_selections``. ``visible`` and ``effective`` are resolved answers and
    ``totals`` their totals."""
    winner = winner_position(lookups, totals)
    changes = []
    for question in visible:
        current = effective.get(question.id, ())
        for selection in alternative_selections(question, current):
            removed = tuple(i for i in current if i not in selection)
            added = tuple(i for i in selection if i not in current)
            new_totals = _totals_after(
                lookups, totals, effective, question.id, selection, removed, added
            )
            new_winner = winner_position(lookups, new_totals)
            if new_winner != winner:
                new_winner_id = None if new_winner is None else lookups.frameworks[new_winner].id
                changes.append(AnswerChange(question.id, removed, added, new_winner_id))
    return tuple(changes)


def _totals_after(
    lookups: Lookups,
    totals: Totals,
    effective: Mapping[int, tuple[int, ...]],
    question_id: int,
    selection: tuple[int, ...],
    removed: tuple[int, ...],
    added: tuple[int, ...],
) -> Totals:
    """The totals once the question is answered ``selection`` instead, which unchooses
    ``removed`` and chooses ``added`` among its options."""
    if lookups.condition_option_ids.isdisjoint(removed):
        # Nothing is hidden, and a question the change reveals starts unanswered: the chosen
        # options change by exactly this question's.
        return changed_totals(lookups, totals, removed, added)
    # Questions may be hidden, taking their answers with them: resolve the answers again.
    _, new_effective = resolve(lookups, {**effective, question_id: selection})
    chosen, now_chosen = _chosen(effective), _chosen(new_effective)
    return changed_totals(lookups, totals, chosen - now_chosen, now_chosen - chosen)


def alternative_selections(
    question: Question, current: tuple[int, ...]
) -> Iterator[tuple[int, ...]]:
    """Each selection one allowed change of ``current`` leads to, options in display order."""
    if question.multiple:
        for option in question.options:
            # This option toggled, the others kept.
            selection = tuple(
                other.id
                for other in question.options
                if (other.id in current) != (other.id == option.id)
            )
            if selection or not question.required:
                yield selection
        return
    for option in question.options:
        if current != (option.id,):
            yield (option.id,)
    if current and not question.required:
        yield ()


def _chosen(effective: Mapping[int, tuple[int, ...]]) -> set[int]:
    return {option_id for option_ids in effective.values() for option_id in option_ids}
