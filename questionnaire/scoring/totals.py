"""The integers a ranking is computed from, for one set of chosen options.

With the weights ``w_c`` and ``W = Σ_c w_c``, framework f's fit numerator is its weighted steps
``s_f = Σ_c w_c·(r_fc − 1)``, and its total is exactly ``(25·s_f + W·a_f) / W`` (``a_f`` its
affinity points): every figure is an integer, so comparisons are exact.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from dataclasses import dataclass

from questionnaire.scoring.lookups import Lookups


@dataclass(frozen=True, slots=True)
class Totals:
    """Per criterion (by position) its weight before and after clamping at 0; per framework
    (by position) its weighted steps, its affinity points and how many chosen options exclude
    it. The lists are never changed once in a Totals."""

    raw_weights: list[int]
    weights: list[int]
    total_weight: int
    weighted_steps: list[int]
    affinity: list[int]
    exclusions: list[int]

    @property
    def denominator(self) -> int:
        # With every weight 0 the weighted steps are 0 too: over 1, the fit is 0 and the total
        # is the affinity, as the model says.
        return self.total_weight or 1


def totals_of(lookups: Lookups, chosen: Iterable[int]) -> Totals:
    """The totals of these chosen option ids, computed from the model."""
    raw_weights = [criterion.base_importance for criterion in lookups.criteria]
    affinity = [0] * len(lookups.frameworks)
    exclusions = [0] * len(lookups.frameworks)
    _add_effects(lookups, chosen, 1, raw_weights, affinity, exclusions)
    weights = [max(0, raw) for raw in raw_weights]
    weighted_steps = [sum(map(operator.mul, weights, steps)) for steps in lookups.step_rows]
    return Totals(raw_weights, weights, sum(weights), weighted_steps, affinity, exclusions)


def changed_totals(
    lookups: Lookups, totals: Totals, removed: Iterable[int], added: Iterable[int]
) -> Totals:
    """``totals`` once the ``removed`` option ids are unchosen and the ``added`` ones chosen,
    recomputing only what those options touch."""
    raw_weights = totals.raw_weights.copy()
    affinity = totals.affinity.copy()
    exclusions = totals.exclusions.copy()
    _add_effects(lookups, removed, -1, raw_weights, affinity, exclusions)
    _add_effects(lookups, added, 1, raw_weights, affinity, exclusions)
    weights = [max(0, raw) for raw in raw_weights]
    weighted_steps = totals.weighted_steps
    for j, (before, after) in enumerate(zip(totals.weights, weights, strict=True)):
        if after != before:
            # s_f is linear in each weight: changing w_c by δ adds δ·(r_fc − 1) to every s_f.
            change = after - before
            weighted_steps = [
                steps + change * step
                for steps, step in zip(weighted_steps, lookups.step_columns[j], strict=True)
            ]
    return Totals(raw_weights, weights, sum(weights), weighted_steps, affinity, exclusions)


def _add_effects(
    lookups: Lookups,
    option_ids: Iterable[int],
    sign: int,
    raw_weights: list[int],
    affinity: list[int],
    exclusions: list[int],
) -> None:
    """Add (sign 1) or take away (sign −1) the options' effects, in place."""
    for option_id in option_ids:
        effects = lookups.option_effects[option_id]
        for j, delta in effects.weight_deltas:
            raw_weights[j] += sign * delta
        for i, points in effects.points:
            affinity[i] += sign * points
        for i in effects.excludes:
            exclusions[i] += sign
