"""The Scorer: a snapshot's lookups, built once, and the scoring of answers against them."""

from __future__ import annotations

from questionnaire.scoring import changes
from questionnaire.scoring.answers import resolve
from questionnaire.scoring.lookups import Lookups
from questionnaire.scoring.model import Answers, Question, Result, Snapshot
from questionnaire.scoring.ranking import build_result
from questionnaire.scoring.totals import totals_of


class Scorer:
    """Scores answers (``{question_id: option ids}``) against one snapshot.

    Build one per snapshot and keep it: its lookups (positions, rating columns, option
    effects) cost more to build than a score."""

    __slots__ = ("snapshot", "lookups")

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self.lookups = Lookups(snapshot)

    def __reduce__(self):
        # Pickled as its snapshot alone: the lookups are rebuilt rather than stored.
        return (Scorer, (self.snapshot,))

    def resolve(self, answers: Answers) -> tuple[tuple[Question, ...], dict[int, tuple[int, ...]]]:
        """The visible questions, in display order, and the effective answers: only visible
        questions, in display order, each one's options in display order, no empty
        selections. Unknown question and option ids are ignored."""
        return resolve(self.lookups, answers)

    def score(
        self, answers: Answers, *, include_changes: bool = True, include_breakdown: bool = True
    ) -> Result:
        """Rank the frameworks for ``answers``.

        With ``include_changes`` the result lists every single-answer change that would
        change the winner (see questionnaire.scoring.changes); without
        ``include_breakdown`` every ranked framework's ``criteria`` is empty."""
        return self.resolve_and_score(
            answers, include_changes=include_changes, include_breakdown=include_breakdown
        )[1]

    def resolve_and_score(
        self, answers: Answers, *, include_changes: bool = True, include_breakdown: bool = True
    ) -> tuple[dict[int, tuple[int, ...]], Result]:
        """The effective answers and their :meth:`score`, resolving the answers once."""
        lookups = self.lookups
        visible, effective = resolve(lookups, answers)
        totals = totals_of(lookups, (i for option_ids in effective.values() for i in option_ids))
        found = (
            changes.answer_changes(lookups, visible, effective, totals) if include_changes else ()
        )
        result = build_result(
            lookups, totals, effective, changes=found, include_breakdown=include_breakdown
        )
        return effective, result


# Conveniences for one-off calls (tests, tools): each builds a Scorer.


def score(snapshot: Snapshot, answers: Answers, *, include_changes: bool = True) -> Result:
    return Scorer(snapshot).score(answers, include_changes=include_changes)


def resolve_and_score(
    snapshot: Snapshot,
    answers: Answers,
    *,
    include_changes: bool = True,
    include_breakdown: bool = True,
) -> tuple[dict[int, tuple[int, ...]], Result]:
    return Scorer(snapshot).resolve_and_score(
        answers, include_changes=include_changes, include_breakdown=include_breakdown
    )


def effective_answers(snapshot: Snapshot, answers: Answers) -> dict[int, tuple[int, ...]]:
    return Scorer(snapshot).resolve(answers)[1]


def visible_questions(snapshot: Snapshot, answers: Answers) -> tuple[Question, ...]:
    return Scorer(snapshot).resolve(answers)[0]
