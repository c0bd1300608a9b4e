"""Content health: what in the editors' content is missing, stale, unsourced or cannot matter.

Each check reads the rows it needs in one query (three for the missing ratings), whatever the
size of the content; the winners' search scores the published content's snapshot with the
pure scorer (questionnaire.scoring), in bounded time. The admin page that shows the report is
questionnaire.admin_health.

The winners' search (:func:`search_winners`) enumerates answer combinations as the
questionnaire allows them, in display order, depth first (the last question varies fastest):

* a single-choice question takes each of its answers, one at a time;
* a multiple-choice question takes each of its answers alone, then all of them together
  (when it has more than one);
* a question that is not required also takes "no answer";
* a conditional question is only answered when its condition was chosen (otherwise it is
  hidden, as it is for visitors), so no two combinations score alike for that reason.

It stops after ``cap`` combinations, or as soon as every published framework has won at least
once. The total it reports is the exact number of such combinations, counted without
enumerating them.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from math import prod

from django.db.models import Exists, OuterRef, Q

from comparisons.models import Criterion, Framework, Rating
from questionnaire import scoring
from questionnaire.models import DealBreaker, FitEffect, ImportanceEffect, Option, Question
from questionnaire.scoring.ranking import winner_position
from questionnaire.scoring.totals import changed_totals, totals_of

STALE_AFTER_DAYS = 365
SEARCH_CAP = 20_000


@dataclass(frozen=True, slots=True)
class IncompleteFramework:
    id: int
    name: str
    published: bool
    missing: tuple[str, ...]  # names of the active criteria it has no rating on


@dataclass(frozen=True, slots=True)
class RatingRow:
    id: int
    framework: str
    criterion: str
    last_reviewed: datetime.date | None


@dataclass(frozen=True, slots=True)
class IdleOption:
    id: int
    label: str
    question_id: int
    question: str
    question_published: bool


@dataclass(frozen=True, slots=True)
class QuestionRow:
    """A question as the condition check reads it; ``position`` is its display position."""

    id: int
    text: str
    published: bool
    position: tuple
    condition_id: int | None = None
    condition_label: str = ""
    condition_question_id: int | None = None


@dataclass(frozen=True, slots=True)
class NeverShown:
    id: int
    text: str
    published: bool
    condition_label: str
    condition_question_id: int
    reason: str


@dataclass(frozen=True, slots=True)
class WinnerSearch:
    searched: int  # combinations scored
    total: int  # combinations there are
    cap: int
    never_won: tuple[tuple[int, str], ...]  # (framework id, name) of the published ones

    @property
    def cut(self) -> bool:
        """Whether it stopped at the cap with combinations left (and a framework yet to win)."""
        return self.searched < self.total and bool(self.never_won)


@dataclass(frozen=True, slots=True)
class Report:
    incomplete: list[IncompleteFramework]
    unsourced: list[RatingRow]
    stale: list[RatingRow]
    stale_before: datetime.date
    idle_options: list[IdleOption]
    never_shown: list[NeverShown]
    winners: WinnerSearch


def build_report(snapshot: scoring.Snapshot, today: datetime.date, cap: int | None = None):
    """Every check, on the content as it is now (``snapshot``: its published part); the
    winners' search stops after ``cap`` combinations (by default SEARCH_CAP)."""
    stale_before = today - datetime.timedelta(days=STALE_AFTER_DAYS)
    return Report(
        incomplete=incomplete_frameworks(
            Framework.objects.incomplete(), Criterion.objects.filter(active=True)
        ),
        unsourced=rating_rows(Rating.objects.filter(source_url="")),
        stale=rating_rows(
            Rating.objects.filter(Q(last_reviewed__lt=stale_before) | Q(last_reviewed=None))
        ),
        stale_before=stale_before,
        idle_options=idle_options(Option.objects.all()),
        never_shown=never_shown(question_rows(Question.objects.all())),
        winners=search_winners(snapshot, SEARCH_CAP if cap is None else cap),
    )


# --------------------------------------------------------------------------------------------
# The catalogue.


def incomplete_frameworks(frameworks, active_criteria) -> list[IncompleteFramework]:
    """The frameworks among ``frameworks`` with no rating on some of ``active_criteria``,
    each with those criteria's names (three queries)."""
    criteria = list(active_criteria.values_list("id", "name"))
    rows = list(frameworks.values_list("id", "name", "published"))
    rated = set(
        Rating.objects.filter(framework__in=frameworks, criterion__in=active_criteria)
        .order_by()
        .values_list("framework_id", "criterion_id")
    )
    return [
        IncompleteFramework(
            id=framework_id,
            name=name,
            published=published,
            missing=tuple(cname for cid, cname in criteria if (framework_id, cid) not in rated),
        )
        for framework_id, name, published in rows
    ]


def rating_rows(ratings) -> list[RatingRow]:
    """The ratings, as the report lists them (one query)."""
    return [
        RatingRow(*row)
        for row in ratings.values_list("id", "framework__name", "criterion__name", "last_reviewed")
    ]


# --------------------------------------------------------------------------------------------
# The questionnaire.


def idle_options(options) -> list[IdleOption]:
    """The answers among ``options`` that do nothing: no importance change, no points rule, no
    deal-breaker and no published advice snippet (one query)."""
    own = OuterRef("pk")
    idle = options.filter(
        ~Exists(ImportanceEffect.objects.filter(option=own)),
        ~Exists(FitEffect.objects.filter(option=own)),
        ~Exists(DealBreaker.objects.filter(option=own)),
        ~Exists(
            Option.advice_snippets.through.objects.filter(option=own, advicesnippet__published=True)
        ),
    )
    return [
        IdleOption(*row)
        for row in idle.values_list(
            "id", "label", "question_id", "question__text", "question__published"
        )
    ]


def question_rows(questions) -> list[QuestionRow]:
    """The questions, in display order, with their conditions (one query)."""
    rows = questions.values_list(
        "id",
        "text",
        "published",
        "section__order",
        "section_id",
        "order",
        "condition_id",
        "condition__label",
        "condition__question_id",
    )
    return [
        QuestionRow(
            id=qid,
            text=text,
            published=published,
            # As Question.clean() places questions: section order, section, order, id.
            position=(section_order, section_id, order, qid),
            condition_id=condition_id,
            condition_label=condition_label or "",
            condition_question_id=condition_question_id,
        )
        for qid, text, published, section_order, section_id, order, *condition in rows
        for condition_id, condition_label, condition_question_id in [condition]
    ]


def never_shown(questions: Sequence[QuestionRow]) -> list[NeverShown]:
    """The questions whose condition can never be met, in display order: it is an answer to
    the question itself or to a later one (visitors answer in order), or to a question that
    is unpublished or itself never shown."""
    by_id = {question.id: question for question in questions}
    hidden: set[int] = {question.id for question in questions if not question.published}
    found = []
    for question in sorted(questions, key=lambda q: q.position):
        if question.condition_id is None:
            continue
        reason = _why_never_met(question, by_id[question.condition_question_id], hidden)
        if reason:
            hidden.add(question.id)
            found.append(
                NeverShown(
                    id=question.id,
                    text=question.text,
                    published=question.published,
                    condition_label=question.condition_label,
                    condition_question_id=question.condition_question_id,
                    reason=reason,
                )
            )
    return found


def _why_never_met(question: QuestionRow, depends_on: QuestionRow, hidden: set[int]) -> str:
    """Why ``question``'s condition, an answer to ``depends_on``, can never be chosen ("" when
    it can). Questions are taken in display order, so ``hidden`` knows every earlier one."""
    if depends_on.id == question.id:
        return "Its condition is an answer to this same question."
    if depends_on.position > question.position:
        return "Its condition is an answer to a later question."
    if not depends_on.published:
        return "Its condition is an answer to an unpublished question."
    if depends_on.id in hidden:
        return "Its condition is an answer to a question that is never shown."
    return ""


# --------------------------------------------------------------------------------------------
# Which published frameworks can win.


def answer_choices(question: scoring.Question) -> list[tuple[int, ...]]:
    """The answers the search gives ``question`` (see the module's docstring)."""
    ids = [option.id for option in question.options]
    choices = [(option_id,) for option_id in ids]
    if question.multiple and len(ids) > 1:
        choices.append(tuple(ids))
    if not question.required or not choices:
        choices.append(())
    return choices


def count_combinations(questions: Sequence[scoring.Question]) -> int:
    """How many combinations :func:`combinations` gives, counted along the conditions' tree:
    a question with its dependants answers in ``Σ_choice Π_dependant ways`` ways."""
    place = {question.id: index for index, question in enumerate(questions)}
    asked_in = {option.id: question.id for question in questions for option in question.options}
    dependants = defaultdict(list)  # option id → the questions it reveals
    roots = []
    for question in questions:
        condition = question.condition_option_id
        if condition is None:
            roots.append(question)
        elif place.get(asked_in.get(condition), len(questions)) < place[question.id]:
            dependants[condition].append(question)
        # Otherwise it is never shown: it leaves the count as it is.
    ways: dict[int, int] = {}
    # Later questions first: a question's dependants come after it.
    for question in reversed(questions):
        ways[question.id] = sum(
            prod(ways[d.id] for option_id in choice for d in dependants[option_id])
            for choice in answer_choices(question)
        )
    return prod(ways[question.id] for question in roots)


def combinations(questions: Sequence[scoring.Question]) -> Iterator[dict[int, tuple]]:
    """Every combination of answers the search tries, depth first in display order."""
    for answers, _ in _walk(questions, 0, frozenset(), {}, None, None):
        yield dict(answers)


def _walk(questions, index: int, chosen: frozenset, answers: dict, lookups, totals):
    """Each combination of answers to ``questions[index:]`` after ``answers`` (the same dict,
    changed in place), with its totals when ``lookups`` is given: each answer adds its
    options' effects to the totals before it, so a combination costs what its last answer
    changes, not a score from scratch."""
    if index == len(questions):
        yield answers, totals
        return
    question = questions[index]
    condition = question.condition_option_id
    if condition is not None and condition not in chosen:  # hidden: left unanswered
        yield from _walk(questions, index + 1, chosen, answers, lookups, totals)
        return
    for choice in answer_choices(question):
        answers[question.id] = choice
        after = changed_totals(lookups, totals, (), choice) if lookups and choice else totals
        yield from _walk(questions, index + 1, chosen.union(choice), answers, lookups, after)
    del answers[question.id]


def winners(snapshot: scoring.Snapshot) -> Iterator[tuple[dict, int | None]]:
    """Each combination of answers (one dict, changed in place) with the id of its winner
    (None when every framework is ruled out), found as Scorer.score finds it: the totals of
    the chosen options, then the best of them (not a full ranking)."""
    lookups = scoring.Scorer(snapshot).lookups
    start = totals_of(lookups, ())
    for answers, totals in _walk(snapshot.questions, 0, frozenset(), {}, lookups, start):
        position = winner_position(lookups, totals)
        yield answers, None if position is None else lookups.frameworks[position].id


def search_winners(snapshot: scoring.Snapshot, cap: int = SEARCH_CAP) -> WinnerSearch:
    """Score up to ``cap`` combinations of answers; the published frameworks that never won."""
    waiting = {framework.id for framework in snapshot.frameworks}
    searched = 0
    for _, winner in winners(snapshot):
        if searched >= cap or not waiting:
            break
        searched += 1
        waiting.discard(winner)
    return WinnerSearch(
        searched=searched,
        total=count_combinations(snapshot.questions),
        cap=cap,
        never_won=tuple(
            (framework.id, framework.name)
            for framework in snapshot.frameworks
            if framework.id in waiting
        ),
    )
