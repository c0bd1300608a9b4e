"""What the scorer looks up in a snapshot, built once per snapshot.

Frameworks and criteria are addressed by their position in the snapshot's tuples, so that
per-framework and per-criterion figures are plain lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from questionnaire.scoring.model import (
    AffinityLine,
    ExclusionCause,
    Option,
    Question,
    Snapshot,
)
from questionnaire.scoring.targets import TargetIndex


class MissingRating(ValueError):
    """The snapshot lacks a rating: the scorer never imputes one."""


@dataclass(frozen=True, slots=True)
class OptionEffects:
    """What choosing one option does. Effects on ids the snapshot does not have are left out."""

    # (criterion position, sum of the option's importance deltas for it)
    weight_deltas: tuple[tuple[int, int], ...]
    # (framework position, sum of the option's fit points for it)
    points: tuple[tuple[int, int], ...]
    # Positions of the frameworks it excludes, each once however many reasons it gives.
    excludes: tuple[int, ...]
    # The lines and causes a result shows, each with its framework's position.
    affinity_lines: tuple[tuple[int, AffinityLine], ...]
    exclusion_causes: tuple[tuple[int, ExclusionCause], ...]
    # The points its rules put at stake (each rule once, if it reaches a framework): the
    # positive ones and the negative ones, as positive numbers.
    gain: int = 0
    loss: int = 0


class Lookups:
    """A snapshot's frameworks, criteria, ratings and options, arranged for scoring."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self.frameworks = snapshot.frameworks
        self.criteria = snapshot.criteria
        self.questions = snapshot.questions
        criterion_position = {criterion.id: j for j, criterion in enumerate(self.criteria)}
        # Per framework, per criterion: the rating.
        self.ratings = [
            [_rating(snapshot, framework.id, criterion) for criterion in self.criteria]
            for framework in self.frameworks
        ]
        targets = TargetIndex(self.frameworks, criterion_position, self.ratings)
        # Rating steps above the minimum, r − 1, by framework and by criterion: the fit's
        # numerator Σ_c w_c·(r_fc − 1) is a row times the weights, and moves by a column times
        # a weight's change.
        self.step_rows = [[rating - 1 for rating in row] for row in self.ratings]
        self.step_columns = [[row[j] for row in self.step_rows] for j in range(len(self.criteria))]
        # The last tie-breaks: name (casefolded), then id.
        self.name_keys = [
            (framework.name.casefold(), framework.id) for framework in self.frameworks
        ]
        # Per question id, its options' places in display order, by option id.
        self.option_places = {
            question.id: {option.id: place for place, option in enumerate(question.options)}
            for question in self.questions
        }
        # The options that reveal a question when chosen.
        self.condition_option_ids = frozenset(
            question.condition_option_id
            for question in self.questions
            if question.condition_option_id is not None
        )
        self.option_effects = {
            option.id: _effects_of(question, option, targets, criterion_position)
            for question in self.questions
            for option in question.options
        }


def _rating(snapshot: Snapshot, framework_id: int, criterion) -> int:
    try:
        return snapshot.ratings[framework_id, criterion.id]
    except KeyError:
        raise MissingRating(
            f"Framework {framework_id} has no rating on {criterion.slug!r}: a framework is "
            "scored only once it is rated on every criterion."
        ) from None


def _effects_of(
    question: Question,
    option: Option,
    targets: TargetIndex,
    criterion_position: Mapping[int, int],
) -> OptionEffects:
    weight_deltas: dict[int, int] = {}
    for effect in option.importance_effects:
        j = criterion_position.get(effect.criterion_id)
        if j is not None:
            weight_deltas[j] = weight_deltas.get(j, 0) + effect.delta
    affinity_lines = tuple(
        (i, AffinityLine(question.id, option.id, fit.points, fit.reason, fit.effect_id))
        for fit in option.fit_effects
        for i in targets.reached(fit.target)
    )
    reaching = [fit.points for fit in option.fit_effects if targets.reached(fit.target)]
    points: dict[int, int] = {}
    for i, line in affinity_lines:
        points[i] = points.get(i, 0) + line.points
    exclusion_causes = tuple(
        (i, ExclusionCause(question.id, option.id, breaker.reason, breaker.effect_id))
        for breaker in option.deal_breakers
        for i in targets.reached(breaker.target)
    )
    return OptionEffects(
        weight_deltas=tuple(weight_deltas.items()),
        points=tuple(points.items()),
        excludes=tuple(sorted({i for i, _ in exclusion_causes})),
        affinity_lines=affinity_lines,
        exclusion_causes=exclusion_causes,
        gain=sum(points for points in reaching if points > 0),
        loss=-sum(points for points in reaching if points < 0),
    )
