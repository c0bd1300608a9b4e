"""Scoring model of the StackAdvisor questionnaire: which backend framework fits the answers.

Pure Python on purpose (no Django, no I/O): the form layer turns a database snapshot into the
frozen input classes below and the submitted form into ``{question_id: option ids}``;
:func:`score` returns a frozen :class:`Result` that :meth:`Result.to_dict` makes JSON-able.

The documented model, over the chosen options ``o`` of the visible questions:

* importance ``w_c = max(0, base_c + Σ_o Δ_oc)``;
* fit ``S_f = 100 · Σ_c w_c·(r_fc − 1)/4 / Σ_c w_c`` (0 when every weight is 0); a missing
  rating counts as the neutral 3;
* affinity ``A_f = Σ_o`` fit-effect points; total ``T_f = S_f + A_f``;
* a deal-breaker on a chosen option removes the framework from the ranking;
* ranking by total; totals equal to 6 decimals are tied and ordered by higher fit, then name
  (casefolded), then id.

Weights, ratings and points are integers, so with ``W = Σ_c w_c`` every total is the fraction
``(25·Σ_c w_c·(r_fc − 1) + W·A_f) / W``. All comparisons use these integer numerators: they are
exact, hence free of float noise and independent of the order of the answers, and an
alternative answer can be evaluated by adjusting integers instead of recomputing everything.
Floats appear only in the reported figures, each one a single correctly rounded division.

Option ids are database keys, so they are assumed unique across questions (conditions refer to
an option by id alone).
"""

from __future__ import annotations

import operator
import sys
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from questionnaire.last_object import kept_for_the_last_object

__all__ = [
    "NEUTRAL_RATING",
    "AffinityLine",
    "AnswerChange",
    "Criterion",
    "CriterionLine",
    "DealBreaker",
    "Exclusion",
    "ExclusionCause",
    "FitEffect",
    "Framework",
    "ImportanceEffect",
    "Option",
    "Question",
    "Ranked",
    "Result",
    "Snapshot",
    "effective_answers",
    "resolve_and_score",
    "score",
    "score_resolved",
    "visible_questions",
]

NEUTRAL_RATING = 3
# Totals (and fit scores) that are equal once rounded to 6 decimals count as tied.
_TIE_SCALE = 10**6
_EXCLUDED_KEY = float("-inf")

Answers = Mapping[int, Collection[int]]


# --------------------------------------------------------------------------------------------
# Inputs: an immutable snapshot of the questionnaire and the framework ratings.


@dataclass(frozen=True, slots=True)
class Criterion:
    id: int
    slug: str
    name: str
    base_importance: int


@dataclass(frozen=True, slots=True)
class Framework:
    id: int
    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class ImportanceEffect:
    criterion_id: int
    delta: int


@dataclass(frozen=True, slots=True)
class FitEffect:
    framework_id: int
    points: int
    reason: str


@dataclass(frozen=True, slots=True)
class DealBreaker:
    framework_id: int
    reason: str


@dataclass(frozen=True, slots=True)
class Option:
    id: int
    question_id: int
    label: str
    importance_effects: tuple[ImportanceEffect, ...] = ()
    fit_effects: tuple[FitEffect, ...] = ()
    deal_breakers: tuple[DealBreaker, ...] = ()


@dataclass(frozen=True, slots=True)
class Question:
    """A question; a conditional one is shown only when its condition option is chosen in an
    earlier (visible) question. Questions are listed in display order."""

    id: int
    text: str
    multiple: bool
    required: bool
    condition_option_id: int | None
    options: tuple[Option, ...]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything the scorer reads. ``ratings`` maps ``(framework_id, criterion_id)`` to 1..5;
    being a mapping, it makes snapshots comparable but not hashable, and nothing here needs
    them to be hashable."""

    version: int
    frameworks: tuple[Framework, ...]
    criteria: tuple[Criterion, ...]
    ratings: Mapping[tuple[int, int], int]
    questions: tuple[Question, ...]
    too_close_margin: float


# --------------------------------------------------------------------------------------------
# Outputs.


@dataclass(frozen=True, slots=True)
class CriterionLine:
    """One criterion's share of a framework's fit score; ``points`` of all lines add up to it."""

    criterion_id: int
    weight: int
    rating: int
    rated: bool
    points: float


@dataclass(frozen=True, slots=True)
class AffinityLine:
    question_id: int
    option_id: int
    points: int
    reason: str


@dataclass(frozen=True, slots=True)
class Ranked:
    """A ranked framework. ``tie_break`` is set when the next framework has the same total and
    says why this one is placed ahead of it."""

    position: int
    framework_id: int
    slug: str
    name: str
    total: float
    fit: float
    affinity: int
    criteria: tuple[CriterionLine, ...]
    affinity_lines: tuple[AffinityLine, ...]
    tie_break: str | None


@dataclass(frozen=True, slots=True)
class ExclusionCause:
    question_id: int
    option_id: int
    reason: str


@dataclass(frozen=True, slots=True)
class Exclusion:
    framework_id: int
    slug: str
    name: str
    causes: tuple[ExclusionCause, ...]


@dataclass(frozen=True, slots=True)
class AnswerChange:
    """A change to one answer that would make ``new_winner_id`` the winner (None: no winner)."""

    question_id: int
    removed_option_ids: tuple[int, ...]
    added_option_ids: tuple[int, ...]
    new_winner_id: int | None


@dataclass(frozen=True, slots=True)
class Result:
    snapshot_version: int
    weights: tuple[tuple[int, int], ...]
    ranking: tuple[Ranked, ...]
    excluded: tuple[Exclusion, ...]
    winner_id: int | None
    runner_up_id: int | None
    margin: float | None
    too_close: bool
    tie_break: str | None
    changes: tuple[AnswerChange, ...]
    no_winner_reason: str | None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data (lists, dicts with string keys, ints, floats, strings)."""
        return _plain(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Result:
        """Inverse of :meth:`to_dict`. Floats are re-coerced because JSON stores may give back
        ``50.0`` as ``50``."""
        return cls(
            snapshot_version=data["snapshot_version"],
            weights=tuple((criterion_id, weight) for criterion_id, weight in data["weights"]),
            ranking=tuple(_ranked_from_dict(item) for item in data["ranking"]),
            excluded=tuple(
                Exclusion(
                    framework_id=item["framework_id"],
                    slug=item["slug"],
                    name=item["name"],
                    causes=tuple(ExclusionCause(**cause) for cause in item["causes"]),
                )
                for item in data["excluded"]
            ),
            winner_id=data["winner_id"],
            runner_up_id=data["runner_up_id"],
            margin=None if data["margin"] is None else float(data["margin"]),
            too_close=data["too_close"],
            tie_break=data["tie_break"],
            changes=tuple(
                AnswerChange(
                    question_id=item["question_id"],
                    removed_option_ids=tuple(item["removed_option_ids"]),
                    added_option_ids=tuple(item["added_option_ids"]),
                    new_winner_id=item["new_winner_id"],
                )
                for item in data["changes"]
            ),
            no_winner_reason=data["no_winner_reason"],
        )


def _plain(value: Any, done: dict[int, Any] | None = None) -> Any:
    """Dataclasses as dicts and tuples as lists, recursively.

    Breakdown lines are shared between ranked frameworks (see _CriterionLines), so each one
    is converted once per call and its dict shared in the output the same way; the output is
    only ever serialised, never changed in place."""
    if done is None:
        done = {}
    names = _field_names(type(value))
    if names is not None:
        plain = done.get(id(value))
        if plain is None:
            plain = {name: _plain(getattr(value, name), done) for name in names}
            done[id(value)] = plain
        return plain
    if isinstance(value, tuple):
        return [_plain(item, done) for item in value]
    return value


_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def _field_names(cls: type) -> tuple[str, ...] | None:
    """A dataclass's field names (None for other types), looked up once per class."""
    try:
        return _FIELD_NAMES[cls]
    except KeyError:
        names = tuple(field.name for field in fields(cls)) if is_dataclass(cls) else None
        _FIELD_NAMES[cls] = names
        return names


def _ranked_from_dict(data: Mapping[str, Any]) -> Ranked:
    return Ranked(
        position=data["position"],
        framework_id=data["framework_id"],
        slug=data["slug"],
        name=data["name"],
        total=float(data["total"]),
        fit=float(data["fit"]),
        affinity=data["affinity"],
        criteria=tuple(
            CriterionLine(
                criterion_id=line["criterion_id"],
                weight=line["weight"],
                rating=line["rating"],
                rated=line["rated"],
                points=float(line["points"]),
            )
            for line in data["criteria"]
        ),
        affinity_lines=tuple(AffinityLine(**line) for line in data["affinity_lines"]),
        tie_break=data["tie_break"],
    )


# --------------------------------------------------------------------------------------------
# Answers: which questions are visible and which of their options count.


def visible_questions(snapshot: Snapshot, answers: Answers) -> tuple[Question, ...]:
    """The questions shown for these answers, in display order."""
    return _resolve_answers(snapshot, answers)[0]


def effective_answers(snapshot: Snapshot, answers: Answers) -> dict[int, tuple[int, ...]]:
    """The answers the scorer uses: only visible questions, only options of that question (in
    display order), no empty selections. Unknown question and option ids are dropped."""
    return _resolve_answers(snapshot, answers)[1]


def _resolve_answers(
    snapshot: Snapshot, answers: Answers
) -> tuple[tuple[Question, ...], dict[int, tuple[int, ...]]]:
    option_places = _index_of(snapshot).option_places
    visible: list[Question] = []
    effective: dict[int, tuple[int, ...]] = {}
    chosen_so_far: set[int] = set()
    for question in snapshot.questions:
        condition = question.condition_option_id
        # Only earlier answers can reveal a question, so a condition on a later or unknown
        # option keeps it hidden; a hidden question's own options reveal nothing.
        if condition is not None and condition not in chosen_so_far:
            continue
        visible.append(question)
        given = answers.get(question.id)
        if not given:
            continue
        places = option_places[question.id]
        if len(given) == 1:  # most answers: no set to build, nothing to sort
            (given_id,) = given
            place = places.get(given_id)
            if place is not None:
                option_id = question.options[place].id
                effective[question.id] = (option_id,)
                chosen_so_far.add(option_id)
            continue
        selected = tuple(
            question.options[place].id
            for place in sorted({places[i] for i in given if i in places})
        )
        if selected:
            effective[question.id] = selected
            chosen_so_far.update(selected)
    return tuple(visible), effective


# --------------------------------------------------------------------------------------------
# Scoring.


def score(snapshot: Snapshot, answers: Answers, *, include_changes: bool = True) -> Result:
    """Rank the frameworks for ``answers`` (``{question_id: option ids}``).

    Answers to hidden questions and unknown ids are ignored. With ``include_changes`` the
    result lists every single-answer change that would change the winner (see
    :func:`_answer_changes`); leave it off when only the ranking is needed.
    """
    return resolve_and_score(snapshot, answers, include_changes=include_changes)[1]


def resolve_and_score(
    snapshot: Snapshot,
    answers: Answers,
    *,
    include_changes: bool = True,
    include_breakdown: bool = True,
) -> tuple[dict[int, tuple[int, ...]], Result]:
    """The answers that count (:func:`effective_answers`) and their :func:`score`, resolving
    the answers once for both.

    Without ``include_breakdown`` every ranked framework's ``criteria`` is empty: its lines
    follow from the weights and the snapshot's ratings, for whoever stores them that way."""
    visible, effective = _resolve_answers(snapshot, answers)
    return effective, score_resolved(
        snapshot,
        visible,
        effective,
        include_changes=include_changes,
        include_breakdown=include_breakdown,
    )


def score_resolved(
    snapshot: Snapshot,
    visible: Sequence[Question],
    effective: Mapping[int, tuple[int, ...]],
    *,
    include_changes: bool = True,
    include_breakdown: bool = True,
) -> Result:
    """:func:`score` of answers already resolved: ``visible`` and ``effective`` must be
    exactly what :func:`visible_questions` and :func:`effective_answers` give for them (in
    their order), as a caller that has checked the answers question by question can tell
    without a second pass over them (questionnaire.forms.plainly_valid_submission)."""
    index = _index_of(snapshot)
    state, affinity_lines, exclusion_causes = _evaluate(index, effective)
    ranking = _rank(index, state, affinity_lines)

    winner = ranking[0] if ranking else None
    runner_up = ranking[1] if len(ranking) > 1 else None
    margin = None
    too_close = False
    if winner is not None and runner_up is not None:
        margin = (winner.total_numerator - runner_up.total_numerator) / state.denominator
        too_close = margin < snapshot.too_close_margin
    tie_break = None
    if winner is not None and runner_up is not None and winner.total_key == runner_up.total_key:
        tie_break = _tie_break_text(winner, runner_up, "first")

    no_winner_reason = None
    if winner is None:
        no_winner_reason = (
            "Every framework is excluded by a deal-breaker."
            if index.frameworks
            else "There are no frameworks to rank."
        )

    changes: tuple[AnswerChange, ...] = ()
    if include_changes:
        winner_position = winner.position_in_snapshot if winner is not None else None
        changes = _answer_changes(index, visible, effective, state, winner_position)

    criterion_lines = _CriterionLines(index, state) if include_breakdown else None
    return Result(
        snapshot_version=snapshot.version,
        weights=tuple(zip(index.criterion_ids, state.weights, strict=True)),
        ranking=tuple(
            _ranked_output(state, ranking, place, criterion_lines) for place in range(len(ranking))
        ),
        excluded=tuple(
            Exclusion(
                framework_id=framework.id,
                slug=framework.slug,
                name=framework.name,
                causes=tuple(causes),
            )
            for framework, causes in zip(index.frameworks, exclusion_causes, strict=True)
            if causes
        ),
        winner_id=winner.framework.id if winner is not None else None,
        runner_up_id=runner_up.framework.id if runner_up is not None else None,
        margin=margin,
        too_close=too_close,
        tie_break=tie_break,
        changes=changes,
        no_winner_reason=no_winner_reason,
    )


class _OptionEffects:
    """An option's effects as integer shifts keyed by position in the snapshot's lists."""

    __slots__ = ("weight_shifts", "affinity_shifts", "breaker_positions")

    def __init__(
        self,
        option: Option,
        criterion_position: Mapping[int, int],
        framework_position: Mapping[int, int],
    ) -> None:
        weight_shifts: dict[int, int] = {}
        for effect in option.importance_effects:
            position = criterion_position.get(effect.criterion_id)
            if position is not None:
                weight_shifts[position] = weight_shifts.get(position, 0) + effect.delta
        affinity_shifts: dict[int, int] = {}
        for effect in option.fit_effects:
            position = framework_position.get(effect.framework_id)
            if position is not None:
                affinity_shifts[position] = affinity_shifts.get(position, 0) + effect.points
        self.weight_shifts = tuple(item for item in weight_shifts.items() if item[1])
        self.affinity_shifts = tuple(item for item in affinity_shifts.items() if item[1])
        # An option excludes a framework once, however many reasons it gives.
        self.breaker_positions = tuple(
            sorted(
                {
                    framework_position[breaker.framework_id]
                    for breaker in option.deal_breakers
                    if breaker.framework_id in framework_position
                }
            )
        )


class _SnapshotIndex:
    """Snapshot lookups built once per :func:`score` call; frameworks and criteria are
    addressed by their position in the snapshot's tuples."""

    __slots__ = (
        "frameworks",
        "criteria",
        "framework_position",
        "criterion_position",
        "criterion_ids",
        "ratings",
        "rated",
        "step_columns",
        "step_rows",
        "step_ranges",
        "packed_steps",
        "tie_rank",
        "option_places",
        "option_effects",
        "option_evaluation",
        "condition_option_ids",
        "dependents",
        "questions",
        "reach_by_winner",
    )

    def __init__(self, snapshot: Snapshot) -> None:
        self.frameworks = snapshot.frameworks
        self.criteria = snapshot.criteria
        self.framework_position = {framework.id: i for i, framework in enumerate(self.frameworks)}
        self.criterion_position = {criterion.id: j for j, criterion in enumerate(self.criteria)}
        self.criterion_ids = tuple(criterion.id for criterion in self.criteria)
        criteria_count = len(self.criteria)
        self.ratings = [[NEUTRAL_RATING] * criteria_count for _ in self.frameworks]
        self.rated = [[False] * criteria_count for _ in self.frameworks]
        for (framework_id, criterion_id), rating in snapshot.ratings.items():
            i = self.framework_position.get(framework_id)
            j = self.criterion_position.get(criterion_id)
            if i is not None and j is not None:
                self.ratings[i][j] = rating
                self.rated[i][j] = True
        # Rating steps above the minimum (r − 1) per criterion across frameworks: a weight
        # change of a criterion shifts every framework's numerator by delta · step.
        self.step_columns = [[row[j] - 1 for row in self.ratings] for j in range(criteria_count)]
        self.step_rows = [[rating - 1 for rating in row] for row in self.ratings]
        # (lowest, highest) step per criterion: how far a weight change can move one framework
        # relative to another, for the what-would-change bounds (see _OptionReach).
        self.step_ranges = [
            (min(column, default=0), max(column, default=0)) for column in self.step_columns
        ]
        self.packed_steps = _PackedSteps.of(self.step_columns, len(self.frameworks))
        by_name = sorted(
            range(len(self.frameworks)),
            key=lambda i: (self.frameworks[i].name.casefold(), self.frameworks[i].id),
        )
        self.tie_rank = [0] * len(self.frameworks)
        for rank, i in enumerate(by_name):
            self.tie_rank[i] = rank
        # Per question id, its options' places in display order, by option id.
        self.option_places = {
            question.id: {option.id: place for place, option in enumerate(question.options)}
            for question in snapshot.questions
        }
        self.option_effects = {
            option.id: _OptionEffects(option, self.criterion_position, self.framework_position)
            for question in snapshot.questions
            for option in question.options
        }
        # Per option id, what choosing it does, as _evaluate applies it: its weight shifts,
        # the lines and causes a result shows, each with the position of the framework it is
        # for (lines also with their points), and the frameworks it excludes. Immutable, so
        # every result shares the lines and causes.
        self.option_evaluation = {
            option.id: (
                self.option_effects[option.id].weight_shifts,
                tuple(
                    (
                        self.framework_position[fit.framework_id],
                        fit.points,
                        AffinityLine(question.id, option.id, fit.points, fit.reason),
                    )
                    for fit in option.fit_effects
                    if fit.framework_id in self.framework_position
                ),
                tuple(
                    (
                        self.framework_position[breaker.framework_id],
                        ExclusionCause(question.id, option.id, breaker.reason),
                    )
                    for breaker in option.deal_breakers
                    if breaker.framework_id in self.framework_position
                ),
                self.option_effects[option.id].breaker_positions,
            )
            for question in snapshot.questions
            for option in question.options
        }
        self.condition_option_ids = frozenset(
            question.condition_option_id
            for question in snapshot.questions
            if question.condition_option_id is not None
        )
        # Condition option id → ids of the questions it reveals.
        dependents: dict[int, list[int]] = {}
        for question in snapshot.questions:
            if question.condition_option_id is not None:
                dependents.setdefault(question.condition_option_id, []).append(question.id)
        self.dependents = {option_id: tuple(ids) for option_id, ids in dependents.items()}
        self.questions = snapshot.questions
        # Winner position → _OptionReach, filled on first use (see _LeadBound).
        self.reach_by_winner: dict[int, _OptionReach] = {}


# The index of the last snapshot scored. Snapshots are immutable and a process scores the
# same one (the current content's) again and again, so it is built once per content version
# instead of once per score() call.
_index_of = kept_for_the_last_object(_SnapshotIndex)


class _State:
    """Integer totals of one set of chosen options. Framework f's total is
    ``(25 · weighted_steps[f] + denominator · affinity[f]) / denominator``."""

    __slots__ = (
        "raw_weights",
        "weights",
        "total_weight",
        "weighted_steps",
        "affinity",
        "breaker_counts",
        "excluded_positions",
        "packed_steps",
    )

    def __init__(
        self,
        raw_weights: list[int],
        weights: list[int],
        total_weight: int,
        weighted_steps: list[int],
        affinity: list[int],
        breaker_counts: list[int],
        packed_steps: int | None = None,
    ) -> None:
        self.raw_weights = raw_weights
        self.weights = weights
        self.total_weight = total_weight  # sum(weights)
        self.weighted_steps = weighted_steps
        self.affinity = affinity
        self.breaker_counts = breaker_counts
        self.excluded_positions = frozenset(i for i, count in enumerate(breaker_counts) if count)
        # weighted_steps packed by the index's _PackedSteps, when they could be.
        self.packed_steps = packed_steps

    @property
    def denominator(self) -> int:
        # With every weight 0 the fit is 0 and weighted_steps are all 0, so a denominator of 1
        # makes the total the affinity, as the model says.
        return self.total_weight or 1


def _evaluate(
    index: _SnapshotIndex, effective: Mapping[int, tuple[int, ...]]
) -> tuple[_State, list[list[AffinityLine]], list[list[ExclusionCause]]]:
    """Full evaluation straight from the model; also the reference the incremental
    what-would-change path is tested against."""
    raw_weights = [criterion.base_importance for criterion in index.criteria]
    affinity = [0] * len(index.frameworks)
    breaker_counts = [0] * len(index.frameworks)
    affinity_lines: list[list[AffinityLine]] = [[] for _ in index.frameworks]
    exclusion_causes: list[list[ExclusionCause]] = [[] for _ in index.frameworks]
    option_evaluation = index.option_evaluation
    # Only visible questions have effective answers, in display order, each question's options
    # in display order too (see _resolve_answers): the order the result lists their lines in.
    for option_ids in effective.values():
        for option_id in option_ids:
            weight_shifts, lines, causes, breaker_positions = option_evaluation[option_id]
            # The importance effects, already summed per criterion position.
            for j, delta in weight_shifts:
                raw_weights[j] += delta
            for i, points, line in lines:
                affinity[i] += points
                affinity_lines[i].append(line)
            if causes:
                for i, cause in causes:
                    exclusion_causes[i].append(cause)
                for i in breaker_positions:  # once per option, whatever its reasons
                    breaker_counts[i] += 1
    weights = [raw if raw > 0 else 0 for raw in raw_weights]  # max(0, raw), without a call
    total_weight = sum(weights)
    packer = index.packed_steps
    packed_steps = None
    if packer is not None and packer.fits(total_weight):
        packed_steps = packer.pack(weights)
        weighted_steps = packer.unpack(packed_steps)
    else:
        weighted_steps = [sum(map(operator.mul, weights, steps)) for steps in index.step_rows]
    state = _State(
        raw_weights, weights, total_weight, weighted_steps, affinity, breaker_counts, packed_steps
    )
    return state, affinity_lines, exclusion_causes


class _PackedSteps:
    """Every framework's weighted steps ``Σ_c w_c · step_fc`` in one pass over the criteria.

    Each criterion's column of steps is packed into one integer, framework f's step in bits
    [64·f, 64·f + 64). Then ``Σ_c w_c · column_c`` holds each framework's sum in its own 64
    bits, provided every weight and step is ≥ 0 and no sum reaches 2**64: nothing carries
    from one framework's bits into the next. That is one multiplication per criterion instead
    of one per criterion and framework: with the load benchmark's 50 times the starting
    content (78 criteria, 21 frameworks), 7 µs instead of 27 µs for every submission.

    The packed sums are linear in the weights, so changing a weight by δ adds δ · column: the
    what-would-change evaluation shifts a packed total instead of every framework's sum."""

    __slots__ = ("columns", "frameworks", "highest_step")

    SLOT_BITS = 64

    def __init__(self, columns: list[int], frameworks: int, highest_step: int) -> None:
        self.columns = columns
        self.frameworks = frameworks
        self.highest_step = highest_step

    @classmethod
    def of(cls, step_columns: list[list[int]], frameworks: int) -> _PackedSteps | None:
        """None when a step is negative (a rating below 1 in a snapshot made by hand): the
        sums are then computed one by one."""
        steps = [step for column in step_columns for step in column]
        if not frameworks or any(step < 0 for step in steps):
            return None
        slot = cls.SLOT_BITS
        return cls(
            [
                sum(step << (slot * position) for position, step in enumerate(column))
                for column in step_columns
            ],
            frameworks,
            max(steps, default=0),
        )

    def fits(self, total_weight: int) -> bool:
        """Whether every framework's sum fits its bits when the weights (all ≥ 0, as the model
        clamps them) add up to ``total_weight``."""
        return not (total_weight * self.highest_step) >> self.SLOT_BITS

    def pack(self, weights: list[int]) -> int:
        """The packed sums for these weights; only when ``fits(sum(weights))``."""
        return sum(map(operator.mul, weights, self.columns))

    def unpack(self, packed: int) -> list[int]:
        """Per framework, its sum."""
        data = packed.to_bytes(self.SLOT_BITS // 8 * self.frameworks, sys.byteorder)
        return list(memoryview(data).cast("Q"))


def _total_keys(weighted_steps: list[int], affinity: list[int], denominator: int) -> list[int]:
    """Per framework an integer that is equal for totals equal to 6 decimals and ordered like
    the totals."""
    if denominator < _TIE_SCALE:
        # Distinct totals over this denominator differ by more than 1e-6, so they never round to
        # the same 6 decimals: the exact numerator ties and orders alike, and costs less.
        return [
            25 * steps + denominator * points
            for steps, points in zip(weighted_steps, affinity, strict=True)
        ]
    return [
        _rounded_to_micro(25 * steps + denominator * points, denominator)
        for steps, points in zip(weighted_steps, affinity, strict=True)
    ]


def _fit_key(weighted_steps: int, denominator: int) -> int:
    if denominator < _TIE_SCALE:
        return weighted_steps
    return _rounded_to_micro(25 * weighted_steps, denominator)


def _rounded_to_micro(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` in millionths, rounded half up, computed exactly."""
    return (2 * numerator * _TIE_SCALE + denominator) // (2 * denominator)


class _Row:
    """A ranked framework while the result is being built."""

    __slots__ = (
        "position_in_snapshot",
        "framework",
        "total_numerator",
        "total_key",
        "fit_key",
        "total",
        "fit",
        "affinity_lines",
    )

    def __init__(
        self,
        index: _SnapshotIndex,
        state: _State,
        position: int,
        total_key: int,
        affinity_lines: list[AffinityLine],
    ) -> None:
        denominator = state.denominator
        steps = state.weighted_steps[position]
        self.position_in_snapshot = position
        self.framework = index.frameworks[position]
        self.total_numerator = 25 * steps + denominator * state.affinity[position]
        self.total_key = total_key
        self.fit_key = _fit_key(steps, denominator)
        self.total = self.total_numerator / denominator
        self.fit = 25 * steps / denominator
        self.affinity_lines = affinity_lines


def _rank(
    index: _SnapshotIndex, state: _State, affinity_lines: list[list[AffinityLine]]
) -> list[_Row]:
    keys = _total_keys(state.weighted_steps, state.affinity, state.denominator)
    rows = [
        _Row(index, state, i, keys[i], affinity_lines[i])
        for i in range(len(index.frameworks))
        if not state.breaker_counts[i]
    ]
    # Same order as _best_position: total, then fit (both descending), then name, then id.
    rows.sort(
        key=lambda row: (-row.total_key, -row.fit_key, index.tie_rank[row.position_in_snapshot])
    )
    return rows


class _CriterionLines:
    """Breakdown lines of one scoring. A line depends only on the criterion, the rating and
    whether it is rated, and lines are immutable, so ranked frameworks share them: a few
    hundred objects instead of frameworks × criteria (building those dominated a score call)."""

    __slots__ = ("_index", "_criteria")

    def __init__(self, index: _SnapshotIndex, state: _State) -> None:
        self._index = index
        denominator = state.denominator
        self._criteria = [
            (criterion.id, weight, 25 * weight, denominator, {})
            for criterion, weight in zip(index.criteria, state.weights, strict=True)
        ]

    def for_framework(self, position: int) -> tuple[CriterionLine, ...]:
        lines = []
        for (criterion_id, weight, scale, denominator, shared), rating, rated in zip(
            self._criteria,
            self._index.ratings[position],
            self._index.rated[position],
            strict=True,
        ):
            line = shared.get((rating, rated))
            if line is None:
                line = CriterionLine(
                    criterion_id, weight, rating, rated, scale * (rating - 1) / denominator
                )
                shared[rating, rated] = line
            lines.append(line)
        return tuple(lines)


def _ranked_output(
    state: _State, ranking: list[_Row], place: int, criterion_lines: _CriterionLines | None
) -> Ranked:
    row = ranking[place]
    following = ranking[place + 1] if place + 1 < len(ranking) else None
    tie_break = None
    if following is not None and following.total_key == row.total_key:
        tie_break = _tie_break_text(row, following, f"ahead of {following.framework.name}")
    framework = row.framework
    # In the order of Ranked's fields: keyword arguments cost a third more, for every ranked
    # framework of every result.
    return Ranked(
        place + 1,  # position
        framework.id,
        framework.slug,
        framework.name,
        row.total,
        row.fit,
        state.affinity[row.position_in_snapshot],
        () if criterion_lines is None else criterion_lines.for_framework(row.position_in_snapshot),
        tuple(row.affinity_lines),
        tie_break,
    )


def _tie_break_text(ahead: _Row, behind: _Row, placement: str) -> str:
    if ahead.fit_key != behind.fit_key:
        reason = "because it has the higher fit score"
    elif ahead.framework.name.casefold() != behind.framework.name.casefold():
        reason = "by alphabetical order"
    else:
        reason = "because it has the lower id"
    return (
        f"{ahead.framework.name} and {behind.framework.name} both score {ahead.total:.1f}; "
        f"{ahead.framework.name} is placed {placement} {reason}"
    )


# --------------------------------------------------------------------------------------------
# What would change the answer.


def _answer_changes(
    index: _SnapshotIndex,
    visible: Sequence[Question],
    effective: Mapping[int, tuple[int, ...]],
    state: _State,
    winner_position: int | None,
) -> tuple[AnswerChange, ...]:
    """Every change of one visible answer that changes the winner.

    Single choice: switch to each other option, or clear it if the question is optional.
    Multiple choice: add or remove one option, never emptying a required question. The
    resulting answers are scored like any answers: a change that hides questions drops their
    answers; a question it reveals starts unanswered.

    Most alternatives cannot change the winner, and _LeadBound proves that for most of them
    far more cheaply than _winner_after's exact evaluation (see the comment before
    _OptionReach); the others are evaluated exactly, so the result is the same either way.
    """
    # Only needed when a removed answer reveals questions: made then, once.
    visible_ids: set[int] | None = None
    # Without a winner (all excluded) there is no lead to keep: every alternative is exact.
    bound = None if winner_position is None else _LeadBound(index, state, winner_position)
    changes: list[AnswerChange] = []
    # The others are proven for every other answer to the question at once.
    questions = visible if bound is None else bound.open_questions(visible, effective, index)
    for question in questions:
        current = effective.get(question.id, ())
        for removed, added in _single_answer_changes(question, current):
            # A question an added answer reveals starts unanswered, so only removed answers
            # can take others with them.
            all_removed: Collection[int] = removed
            if not index.condition_option_ids.isdisjoint(removed):
                if visible_ids is None:
                    visible_ids = {question.id for question in visible}
                all_removed = _removed_with_dependents(index, visible_ids, effective, removed)
            if bound is not None:
                floor = bound.lead_floor(all_removed, added)
                if floor is not None and floor > 0:
                    continue  # proven: the winner stays, so this is no change to list
            new_winner = _winner_after(index, state, all_removed, added, bound)
            if new_winner != winner_position:
                changes.append(
                    AnswerChange(
                        question_id=question.id,
                        removed_option_ids=removed,
                        added_option_ids=added,
                        new_winner_id=None
                        if new_winner is None
                        else index.frameworks[new_winner].id,
                    )
                )
    return tuple(changes)


def _removed_with_dependents(
    index: _SnapshotIndex,
    visible_ids: Collection[int],
    effective: Mapping[int, tuple[int, ...]],
    removed: tuple[int, ...],
) -> set[int]:
    """The options no longer chosen once ``removed`` are unchosen: those, plus the answers of
    the visible questions they revealed, plus the answers of the questions those revealed…

    A question is shown only when its condition option is chosen in an earlier question, so
    unchoosing that option hides exactly the visible questions that depend on it, and
    nothing else; what the full re-resolution of the answers would find, at the cost of the
    few questions concerned rather than the whole questionnaire."""
    gone = set(removed)
    pending = list(removed)
    hidden: set[int] = set()
    while pending:
        for question_id in index.dependents.get(pending.pop(), ()):
            if question_id in visible_ids and question_id not in hidden:
                hidden.add(question_id)
                for option_id in effective.get(question_id, ()):
                    if option_id not in gone:
                        gone.add(option_id)
                        pending.append(option_id)
    return gone


def _single_answer_changes(
    question: Question, current: tuple[int, ...]
) -> Iterator[tuple[tuple[int, ...], tuple[int, ...]]]:
    """(removed option ids, added option ids) of each allowed single change, display order."""
    if question.multiple:
        for option in question.options:
            if option.id not in current:
                yield (), (option.id,)
            elif len(current) > 1 or not question.required:
                yield (option.id,), ()
        return
    for option in question.options:
        if current != (option.id,):
            if option.id not in current:
                yield current, (option.id,)  # the usual case, without building a tuple
            else:
                yield tuple(option_id for option_id in current if option_id != option.id), ()
    if current and not question.required:
        yield current, ()


def _winner_after(
    index: _SnapshotIndex,
    state: _State,
    removed: Collection[int],
    added: Collection[int],
    bound: _LeadBound | None = None,
) -> int | None:
    """Snapshot position of the winner once ``removed`` options are unchosen and ``added``
    chosen, updating ``state``'s integers only where those options have effects.

    When ``bound`` proves that the winner stays, the totals are not recomputed."""
    shifts = _Shifts(index, state, removed, added)
    if bound is not None:
        floor = bound.lead_floor_after(state, shifts)
        if floor is not None and floor > 0:
            return bound.winner

    weighted_steps = state.weighted_steps
    packed_steps = state.packed_steps  # only set when the index has a packer
    if packed_steps is not None and index.packed_steps.fits(shifts.total_weight):
        if shifts.weight_changes:
            columns = index.packed_steps.columns
            for j, weight_change in shifts.weight_changes:
                packed_steps += weight_change * columns[j]
            weighted_steps = index.packed_steps.unpack(packed_steps)
    else:
        for j, weight_change in shifts.weight_changes:
            weighted_steps = [
                steps + weight_change * step
                for steps, step in zip(weighted_steps, index.step_columns[j], strict=True)
            ]
    affinity = state.affinity
    if any(shifts.affinity_shifts.values()):
        affinity = affinity.copy()
        for i, shift in shifts.affinity_shifts.items():
            affinity[i] += shift

    denominator = shifts.total_weight or 1
    keys: list[int | float] = _total_keys(weighted_steps, affinity, denominator)
    breaker_shifts = shifts.breaker_shifts
    for i in state.excluded_positions.union(breaker_shifts):
        if state.breaker_counts[i] + breaker_shifts.get(i, 0) > 0:
            keys[i] = _EXCLUDED_KEY
    return _best_position(index, keys, weighted_steps, denominator)


class _Shifts:
    """What unchoosing ``removed`` and choosing ``added`` changes in a _State's integers:
    ``weight_changes`` as (criterion position, change) after clamping at 0, the new weight
    sum ``total_weight``, and per framework position the ``affinity_shifts`` and
    ``breaker_shifts`` (change of its deal-breaker count)."""

    __slots__ = ("weight_changes", "total_weight", "affinity_shifts", "breaker_shifts")

    def __init__(
        self,
        index: _SnapshotIndex,
        state: _State,
        removed: Collection[int],
        added: Collection[int],
    ) -> None:
        raw_shifts: dict[int, int] = {}
        self.affinity_shifts: dict[int, int] = {}
        self.breaker_shifts: dict[int, int] = {}
        for sign, option_ids in ((-1, removed), (1, added)):
            for option_id in option_ids:
                effects = index.option_effects[option_id]
                for j, delta in effects.weight_shifts:
                    raw_shifts[j] = raw_shifts.get(j, 0) + sign * delta
                for i, points in effects.affinity_shifts:
                    self.affinity_shifts[i] = self.affinity_shifts.get(i, 0) + sign * points
                for i in effects.breaker_positions:
                    self.breaker_shifts[i] = self.breaker_shifts.get(i, 0) + sign
        # Weights are clamped at 0, so a raw shift may change a weight by less, or not at all.
        self.weight_changes: list[tuple[int, int]] = []
        self.total_weight = state.total_weight
        for j, shift in raw_shifts.items():
            weight_change = max(0, state.raw_weights[j] + shift) - state.weights[j]
            if weight_change:
                self.weight_changes.append((j, weight_change))
                self.total_weight += weight_change


# Proving that an alternative answer leaves the winner in place, without recomputing every
# framework's total: most alternatives of a long questionnaire are decided that way.
#
# Write N_f = 25·s_f + W·a_f for framework f's total over the weight sum W (s_f its weighted
# steps, a_f its affinity). An alternative changes each weight by δ_c (W by Δ = Σ δ_c, to
# W' = W + Δ) and each affinity by α_f; then, exactly, for the winner w and a competitor f:
#
#     N'_w − N'_f = (N_w − N_f)                            the current lead L_f
#                   + 25 · Σ_c δ_c · (step_wc − step_fc)    re-weighted criteria
#                   + Δ · (a_w − a_f)                      old affinities, new denominator
#                   + W' · (α_w − α_f)                     affinity shifts
#
# If that is positive for every competitor, w's new numerator is strictly the highest; while
# 1 ≤ W' < _TIE_SCALE the denominator is W' and the ranking keys are those numerators, so no
# tie-break is involved and w stays. _LeadBound gives floors under the smallest of those
# differences; whatever a positive floor does not prove (a floor of 0 or less, a weight sum
# that may leave that range, deal-breakers that may exclude the winner or readmit a framework)
# goes to the exact evaluation of _winner_after, so the shortcuts change nothing but the cost.
# Three floors, cheapest first:
#
# * _LeadBound.question_floor takes lead_floor's bound at its worst over every alternative
#   answer to one question, so that one positive floor settles the whole question
#   (_LeadBound.open_questions applies it to every visible question in one loop);
# * _LeadBound.lead_floor bounds each term below over all competitors at once, from
#   per-option figures (_OptionReach) that are simply added up; when the points other
#   frameworks get are what keeps it from proving anything, it takes those frameworks one by
#   one;
# * _LeadBound.lead_floor_after, for what those leave, uses the merged weight changes
#   (_Shifts) and computes the difference exactly for each competitor that is close enough or
#   gets an affinity shift of its own, bounding the others as a group.

# What choosing or unchoosing one option can do at most against a given winner, in numerator
# units: (loss of lead from the weights, fall and rise of the weight sum, least gain of the
# winner's affinity shift over any other framework's, the winner's affinity shift, the other
# frameworks' shifts as (position, points)). None: the option has deal-breakers that
# matter, which are left to the exact evaluation.
_Reach = tuple[int, int, int, int, int, tuple[tuple[int, int], ...]] | None


def _worst_of(
    figures: tuple[int, int, int, int], reach: Sequence[int]
) -> tuple[int, int, int, int]:
    """The worst of two sets of (loss, fall, rise, gain), term by term (a _Reach starts with
    such figures): the most loss, the lowest fall, the highest rise, the least gain.

    Comparisons rather than max() and min(): it runs for every visible multiple-choice
    question of every submission, and a call to either costs more than the comparison."""
    loss, fall, rise, gain = figures
    other_loss, other_fall, other_rise, other_gain = reach[:4]
    return (
        loss if loss >= other_loss else other_loss,
        fall if fall <= other_fall else other_fall,
        rise if rise >= other_rise else other_rise,
        gain if gain <= other_gain else other_gain,
    )


class _OptionReach:
    """For one winner, every option's _Reach when added (``if_added``) and when removed
    (``if_removed``), and the per-unit weight losses they are made of.

    It depends only on the snapshot and the winner, so it is built once per winner and kept
    in the snapshot's index (a concurrent build only builds the same thing twice)."""

    __slots__ = ("unit_losses", "if_added", "if_removed", "worst_added", "sole_answer_figures")

    def __init__(self, index: _SnapshotIndex, winner: int) -> None:
        # Per criterion, the most the winner's lead over any framework can shrink per unit of
        # weight, (when the weight falls, when it rises): the step range is taken over all
        # frameworks, a superset of the competitors.
        self.unit_losses = [
            (25 * (column[winner] - lowest), 25 * (highest - column[winner]))
            for column, (lowest, highest) in zip(index.step_columns, index.step_ranges, strict=True)
        ]
        self.if_added: dict[int, _Reach] = {}
        self.if_removed: dict[int, _Reach] = {}
        for option_id, effects in index.option_effects.items():
            for sign, table in ((1, self.if_added), (-1, self.if_removed)):
                # Adding a deal-breaker on another framework only takes away a competitor,
                # which the floors allow; excluding the winner, or removing a deal-breaker
                # (which may readmit a framework), they do not cover.
                if effects.breaker_positions and (sign < 0 or winner in effects.breaker_positions):
                    table[option_id] = None
                    continue
                table[option_id] = self._reach(effects, sign, winner)
        # Per question, the worst each of (loss, fall, rise, gain) gets when one of its
        # options, or none, is added (None if an option's effect is left to the exact
        # evaluation): what _LeadBound.question_floor bounds all its alternatives with.
        self.worst_added: dict[int, tuple[int, int, int, int] | None] = {}
        for question in index.questions:
            worst: tuple[int, int, int, int] | None = (0, 0, 0, 0)
            for option in question.options:
                reach = self.if_added[option.id]
                if reach is None:
                    worst = None
                    break
                worst = _worst_of(worst, reach)
            self.worst_added[question.id] = worst
        # Per option, the figures of its question's floor when the option is the question's
        # only answer (what _LeadBound._question_figures gives then, looked up instead):
        # - single choice: the option unchosen, and the worst of another chosen;
        # - multiple choice: the worst of the option unchosen and of another one chosen.
        # None where the floor is left to others: an option left to the exact evaluation, or
        # one that reveals questions (unchoosing it hides them, see _removed_with_dependents).
        self.sole_answer_figures: dict[int, tuple[int, int, int, int] | None] = {}
        for question in index.questions:
            added = self.worst_added[question.id]
            for option in question.options:
                reach = self.if_removed[option.id]
                if added is None or reach is None or option.id in index.condition_option_ids:
                    figures = None
                elif question.multiple:
                    figures = _worst_of(added, reach)
                else:
                    figures = (
                        added[0] + reach[0],
                        added[1] + reach[1],
                        added[2] + reach[2],
                        added[3] + reach[3],
                    )
                self.sole_answer_figures[option.id] = figures

    def _reach(self, effects: _OptionEffects, sign: int, winner: int) -> _Reach:
        # The option's effects are bounded one by one, which stays conservative when several
        # options meet on a criterion (opposite shifts only cancel out) and when a weight is
        # clamped at 0 (that only shrinks a weight change towards 0, keeping its sign).
        loss = fall = rise = 0
        for j, delta in effects.weight_shifts:
            change = sign * delta
            if change > 0:
                loss += change * self.unit_losses[j][1]
                rise += change
            else:
                loss -= change * self.unit_losses[j][0]
                fall += change
        winner_points = best_other_points = 0  # most frameworks get no points at all
        other_points = []
        for i, points in effects.affinity_shifts:
            if i == winner:
                winner_points = sign * points
            else:
                other_points.append((i, sign * points))
                best_other_points = max(best_other_points, sign * points)
        gain = winner_points - best_other_points
        return (loss, fall, rise, gain, winner_points, tuple(other_points))


class _LeadBound:
    """The winner's leads in one scoring, and floors under them after an alternative."""

    __slots__ = (
        "winner",
        "total_weight",
        "affinity",
        "step_columns",
        "leads",
        "lead_of",
        "affinity_below_highest",
        "affinity_below_lowest",
        "unit_losses",
        "if_added",
        "if_removed",
        "worst_added",
        "sole_answer_figures",
    )

    def __init__(self, index: _SnapshotIndex, state: _State, winner: int) -> None:
        reach = index.reach_by_winner.get(winner)
        if reach is None:
            reach = index.reach_by_winner[winner] = _OptionReach(index, winner)
        self.unit_losses = reach.unit_losses
        self.if_added = reach.if_added
        self.if_removed = reach.if_removed
        self.worst_added = reach.worst_added
        self.sole_answer_figures = reach.sole_answer_figures
        self.winner = winner
        self.total_weight = state.total_weight
        self.affinity = affinity = state.affinity
        self.step_columns = index.step_columns
        steps = state.weighted_steps
        denominator = state.denominator
        winner_numerator = 25 * steps[winner] + denominator * affinity[winner]
        # Exact numerators, even when the ranking keys are rounded (W ≥ _TIE_SCALE): a lead may
        # then be negative, which only lowers the floors.
        self.lead_of = {
            i: winner_numerator - 25 * steps[i] - denominator * affinity[i]
            for i in range(len(index.frameworks))
            if i != winner and not state.breaker_counts[i]
        }
        # Smallest lead first; empty when the winner is the only framework ranked (the floors
        # then give up: that rare case is left to the exact evaluation).
        self.leads = sorted((lead, i) for i, lead in self.lead_of.items())
        competitor_affinity = [affinity[i] for i in self.lead_of]
        self.affinity_below_highest = affinity[winner] - max(competitor_affinity, default=0)
        self.affinity_below_lowest = affinity[winner] - min(competitor_affinity, default=0)

    def lead_floor(self, removed: Collection[int], added: Collection[int]) -> int | None:
        """A floor under ``N'_w − N'_f`` for every competitor f once ``removed`` options are
        unchosen and ``added`` chosen, given only when ``1 ≤ W' < _TIE_SCALE`` is certain, the
        winner is not excluded and no framework readmitted; None otherwise."""
        if len(removed) == 1 and len(added) == 1:
            # The usual alternative, another answer to a single choice, without the loops.
            (removed_id,) = removed
            (added_id,) = added
            before = self.if_removed[removed_id]
            after = self.if_added[added_id]
            if before is None or after is None:
                return None
            loss = before[0] + after[0]
            fall = before[1] + after[1]
            rise = before[2] + after[2]
            gain = before[3] + after[3]
        else:
            loss = fall = rise = gain = 0
            for table, option_ids in ((self.if_removed, removed), (self.if_added, added)):
                for option_id in option_ids:
                    reach = table[option_id]
                    if reach is None:
                        return None
                    loss += reach[0]
                    fall += reach[1]
                    rise += reach[2]
                    gain += reach[3]
        bounds = self._group_floor(loss, fall, rise, gain)
        if bounds is None:
            return None
        floor, rest, lowest_weight, highest_weight = bounds
        if gain >= 0 or floor > 0:
            return floor
        # That took the most points any other framework gets as if the closest competitor got
        # them; often they go elsewhere. Take the competitors that get points one by one.
        return self._floor_by_framework(removed, added, rest, lowest_weight, highest_weight)

    def _group_floor(
        self, loss: int, fall: int, rise: int, gain: int
    ) -> tuple[int, int, int, int] | None:
        """From summed figures, the floor over all competitors at once, with what it is made
        of: (floor, the terms but the lead and the affinity shifts, lowest and highest weight
        sum); None unless ``1 ≤ W' < _TIE_SCALE`` is certain and a competitor is ranked."""
        lowest_weight = self.total_weight + fall
        highest_weight = self.total_weight + rise
        if not self.leads or lowest_weight < 1 or highest_weight >= _TIE_SCALE:
            return None
        # Δ · (a_w − a_f) is least at an end of fall ≤ Δ ≤ rise: for Δ ≥ 0 against the highest
        # competitor affinity, for Δ ≤ 0 against the lowest.
        falling = fall * self.affinity_below_lowest
        rising = rise * self.affinity_below_highest
        rest = (falling if falling < rising else rising) - loss
        # W' · (α_w − α_f) is least at the lowest weight sum for a gain, the highest for a loss.
        weight_sum = lowest_weight if gain >= 0 else highest_weight
        return self.leads[0][0] + rest + weight_sum * gain, rest, lowest_weight, highest_weight

    def question_floor(
        self, question: Question, current: tuple[int, ...], index: _SnapshotIndex
    ) -> int | None:
        """A floor under ``N'_w − N'_f`` for every competitor f after any single change of
        the answer to ``question``, now answered ``current``; None as lead_floor gives it,
        and where the floor does not apply (see _question_figures).

        lead_floor's bound with the figures taken at their worst over the question's
        alternatives: a single choice unchooses ``current`` and chooses one option or none,
        a multiple choice chooses or unchooses one option. Every alternative's weight change
        then lies within [fall, rise], its loss is at most ``loss`` and its gain at least
        ``gain``, so one positive floor proves that the winner stays whatever the change.

        The scorer applies it through open_questions, which writes it out; this is the
        reference that one is tested against."""
        figures = self._question_figures(question, current, index)
        if figures is None:
            return None
        bounds = self._group_floor(*figures)
        return None if bounds is None else bounds[0]

    def _question_figures(
        self, question: Question, current: tuple[int, ...], index: _SnapshotIndex
    ) -> tuple[int, int, int, int] | None:
        """question_floor's (loss, fall, rise, gain); None where the floor does not apply: a
        single choice with more than one option chosen, a current answer that reveals
        questions (unchoosing it hides them, see _removed_with_dependents), or an option's
        effect left to the exact evaluation."""
        if not question.multiple:
            if not current:  # one option may come
                return self.worst_added[question.id]
            # The current answer goes, and another may come.
            return self.sole_answer_figures[current[0]] if len(current) == 1 else None
        if not index.condition_option_ids.isdisjoint(current):
            return None
        figures = self.worst_added[question.id]
        for option_id in current:  # one option chosen or unchosen: the worst of them
            reach = self.if_removed[option_id]
            if figures is None or reach is None:
                return None
            figures = _worst_of(figures, reach)
        return figures

    def open_questions(
        self,
        visible: Sequence[Question],
        effective: Mapping[int, tuple[int, ...]],
        index: _SnapshotIndex,
    ) -> list[Question]:
        """The questions of ``visible`` whose alternatives question_floor does not prove all
        at once (no floor, or one not positive), in their order.

        This runs for every visible question of every submission, so _group_floor's floor is
        written out here, and the figures of the usual answer, one option, are looked up
        directly."""
        if not self.leads:
            return list(visible)
        lead = self.leads[0][0]
        total_weight = self.total_weight
        below_lowest = self.affinity_below_lowest
        below_highest = self.affinity_below_highest
        sole_answer_figures = self.sole_answer_figures
        open_questions = []
        for question in visible:
            current = effective.get(question.id, ())
            if len(current) == 1:
                figures = sole_answer_figures[current[0]]
            else:
                figures = self._question_figures(question, current, index)
            if figures is not None:
                loss, fall, rise, gain = figures
                lowest_weight = total_weight + fall
                highest_weight = total_weight + rise
                if lowest_weight >= 1 and highest_weight < _TIE_SCALE:
                    # min() of the two products, without a call: this runs a few hundred
                    # times per submission.
                    falling = fall * below_lowest
                    rising = rise * below_highest
                    if (
                        lead
                        + (falling if falling < rising else rising)
                        - loss
                        + (lowest_weight if gain >= 0 else highest_weight) * gain
                        > 0
                    ):
                        continue
            open_questions.append(question)
        return open_questions

    def _floor_by_framework(
        self,
        removed: Collection[int],
        added: Collection[int],
        rest: int,
        lowest_weight: int,
        highest_weight: int,
    ) -> int:
        """lead_floor with the affinity shifts of each framework summed up: ``rest`` is the
        floor of the other terms but the lead."""
        winner_points = 0
        other_points: dict[int, int] = {}
        for table, option_ids in ((self.if_removed, removed), (self.if_added, added)):
            for option_id in option_ids:
                reach = table[option_id]  # not None: lead_floor has checked
                winner_points += reach[4]
                for i, points in reach[5]:
                    other_points[i] = other_points.get(i, 0) + points

        # A floor under W' · gain is (lowest_weight if gain ≥ 0 else highest_weight) · gain,
        # written out below: this runs for many alternatives of every submission.
        # The competitors without points of their own as a group, with the smallest lead.
        floor = (
            self.leads[0][0]
            + rest
            + (lowest_weight if winner_points >= 0 else highest_weight) * winner_points
        )
        lead_of = self.lead_of
        for i, points in other_points.items():
            lead = lead_of.get(i)
            if points and lead is not None:
                gain = winner_points - points
                competitor_floor = (
                    lead + rest + (lowest_weight if gain >= 0 else highest_weight) * gain
                )
                if competitor_floor < floor:
                    floor = competitor_floor
        return floor

    def lead_floor_after(self, state: _State, shifts: _Shifts) -> int | None:
        """The same kind of floor as :meth:`lead_floor`, from an alternative's exact (merged
        and clamped) shifts and exact per competitor where the group bound is not enough;
        None also as soon as a competitor is found not to be strictly behind."""
        winner = self.winner
        for i, shift in shifts.breaker_shifts.items():
            before = state.breaker_counts[i]
            if i == winner and before + shift > 0:
                return None  # the winner is excluded
            if before > 0 and before + shift <= 0:
                return None  # a framework the leads leave out comes back
        # Frameworks newly excluded are still counted below, which is merely conservative.
        total_weight = shifts.total_weight
        if not self.leads or self.total_weight < 1 or not 1 <= total_weight < _TIE_SCALE:
            return None
        weight_sum_change = total_weight - self.total_weight
        weight_changes = shifts.weight_changes
        affinity_shifts = shifts.affinity_shifts
        winner_shift = affinity_shifts.get(winner, 0)

        def difference(i: int, lead: int) -> int:
            """N'_w − N'_i exactly."""
            difference = (
                lead
                + weight_sum_change * (self.affinity[winner] - self.affinity[i])
                + total_weight * (winner_shift - affinity_shifts.get(i, 0))
            )
            for j, weight_change in weight_changes:
                column = self.step_columns[j]
                difference += 25 * weight_change * (column[winner] - column[i])
            return difference

        # For a competitor without an affinity shift of its own, N'_w − N'_f ≥ L_f + slack:
        # the re-weighting bounded as in _OptionReach, Δ · (a_w − a_f) by the affinity range.
        loss = 0
        for j, weight_change in weight_changes:
            if weight_change > 0:
                loss += weight_change * self.unit_losses[j][1]
            else:
                loss -= weight_change * self.unit_losses[j][0]
        slack = total_weight * winner_shift - loss
        if weight_sum_change > 0:
            slack += weight_sum_change * self.affinity_below_highest
        else:
            slack += weight_sum_change * self.affinity_below_lowest

        floors = []
        # Competitors without a shift by increasing lead: those whose group bound is not
        # positive are computed exactly; the first whose bound is positive gives the floor of
        # all the remaining ones.
        for lead, i in self.leads:
            if affinity_shifts.get(i):
                continue
            if lead + slack > 0:
                floors.append(lead + slack)
                break
            floors.append(difference(i, lead))
            if floors[-1] <= 0:
                return None  # the winner does not stay strictly ahead: nothing to prove
        # Competitors with a shift of their own, exactly.
        for i, shift in affinity_shifts.items():
            lead = self.lead_of.get(i)
            if shift and lead is not None:
                floors.append(difference(i, lead))
        return min(floors)


def _best_position(
    index: _SnapshotIndex, keys: list[int | float], weighted_steps: list[int], denominator: int
) -> int | None:
    if not keys:
        return None
    best = max(keys)
    if best == _EXCLUDED_KEY:
        return None
    if keys.count(best) == 1:
        return keys.index(best)
    leaders = [i for i, key in enumerate(keys) if key == best]
    return min(
        leaders,
        key=lambda i: (-_fit_key(weighted_steps[i], denominator), index.tie_rank[i]),
    )
