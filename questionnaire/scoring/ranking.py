"""The ranking of one set of chosen options: order, ties, exclusions, and the Result.

Frameworks are ordered by their points, fit + answer points: points equal to 6 decimals are
tied, then ordered by the higher fit (also compared at 6 decimals), then by name
(casefolded), then by id. The ordering uses exact integers; floats appear only in the
reported figures, each a single correctly rounded division.

The reported total is the match, from 0 to 100: the points with the answer points at stake
(G gained, L lost at most) counted in, 100·(fit + a + L) / (100 + G + L). It orders the
frameworks as the points do. The margin and "too close to call" use the matches rounded to
one decimal, as every page shows them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from questionnaire.scoring.lookups import Lookups
from questionnaire.scoring.model import (
    AffinityLine,
    AnswerChange,
    CriterionLine,
    Exclusion,
    ExclusionCause,
    Framework,
    Ranked,
    Result,
)
from questionnaire.scoring.totals import Totals

# Totals (and fit scores) equal once rounded to 6 decimals count as tied.
TIE_SCALE = 10**6
# Below every total: an excluded framework's numerator when looking for the winner.
_EXCLUDED = float("-inf")


def in_millionths(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` in millionths, rounded half up, computed exactly."""
    return (2 * numerator * TIE_SCALE + denominator) // (2 * denominator)


@dataclass(frozen=True, slots=True)
class Scale:
    """The answer points at stake for one set of chosen options."""

    gain: int = 0
    loss: int = 0

    def match(self, numerator: int, denominator: int) -> tuple[int, int]:
        """The match, as a fraction, of points ``numerator / denominator``."""
        return (
            100 * (numerator + denominator * self.loss),
            denominator * (100 + self.gain + self.loss),
        )


def in_tenths(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` in tenths, rounded half up, computed exactly."""
    return (20 * numerator + denominator) // (2 * denominator)


@dataclass(frozen=True, slots=True)
class Row:
    """A ranked framework's figures while the ranking is built."""

    snapshot_position: int
    framework: Framework
    numerator: int  # of the total over the totals' denominator
    total_key: int  # the total in millionths
    fit_key: int  # the fit in millionths
    total: float  # the match, from 0 to 100
    tenths: int  # the match in tenths, as shown
    fit: float
    name_key: tuple[str, int]

    def order(self) -> tuple[int, int, tuple[str, int]]:
        return (-self.total_key, -self.fit_key, self.name_key)


def row_of(lookups: Lookups, totals: Totals, i: int, scale: Scale = Scale()) -> Row:
    denominator = totals.denominator
    fit_numerator = 25 * totals.weighted_steps[i]
    numerator = fit_numerator + denominator * totals.affinity[i]
    match = scale.match(numerator, denominator)
    return Row(
        snapshot_position=i,
        framework=lookups.frameworks[i],
        numerator=numerator,
        total_key=in_millionths(numerator, denominator),
        fit_key=in_millionths(fit_numerator, denominator),
        total=match[0] / match[1],
        tenths=in_tenths(*match),
        fit=fit_numerator / denominator,
        name_key=lookups.name_keys[i],
    )


def ranked_rows(lookups: Lookups, totals: Totals, scale: Scale = Scale()) -> list[Row]:
    """Every framework not excluded, best first."""
    rows = [
        row_of(lookups, totals, i, scale) for i, count in enumerate(totals.exclusions) if not count
    ]
    rows.sort(key=Row.order)
    return rows


def winner_position(lookups: Lookups, totals: Totals) -> int | None:
    """The snapshot position of ``ranked_rows``' first framework (None if there is none),
    building rows only for the frameworks that may tie with the best total."""
    denominator = totals.denominator
    numerators: list[float] = [
        25 * steps + denominator * points
        for steps, points in zip(totals.weighted_steps, totals.affinity, strict=True)
    ]
    for i, count in enumerate(totals.exclusions):
        if count:
            numerators[i] = _EXCLUDED
    best = max(numerators, default=_EXCLUDED)
    if best == _EXCLUDED:
        return None
    # Totals that round to the same 6 decimals are less than 1e-6 apart, so their numerators
    # are at most W // 10**6 apart; the exact order then decides among those.
    lowest = best - denominator // TIE_SCALE
    close = [i for i, numerator in enumerate(numerators) if numerator >= lowest]
    return min((row_of(lookups, totals, i) for i in close), key=Row.order).snapshot_position


def tie_break_text(ahead: Row, behind: Row, placement: str) -> str:
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


def build_result(
    lookups: Lookups,
    totals: Totals,
    effective: Mapping[int, tuple[int, ...]],
    *,
    changes: tuple[AnswerChange, ...],
    include_breakdown: bool,
) -> Result:
    """The Result of the chosen options ``effective`` (resolved answers) with these totals."""
    snapshot = lookups.snapshot
    scale = _scale(lookups, effective)
    rows = ranked_rows(lookups, totals, scale)
    affinity_lines, exclusion_causes = _lines_and_causes(lookups, effective)
    breakdown = _breakdown(lookups, totals, scale) if include_breakdown else None
    winner = rows[0] if rows else None
    runner_up = rows[1] if len(rows) > 1 else None
    margin_tenths = None
    tie_break = None
    if winner is not None and runner_up is not None:
        margin_tenths = winner.tenths - runner_up.tenths
        if winner.total_key == runner_up.total_key:
            tie_break = tie_break_text(winner, runner_up, "first")
    margin = None if margin_tenths is None else margin_tenths / 10
    return Result(
        snapshot_version=snapshot.version,
        weights=tuple(
            (criterion.id, weight)
            for criterion, weight in zip(lookups.criteria, totals.weights, strict=True)
        ),
        ranking=tuple(
            _ranked(totals, rows, place, affinity_lines, breakdown) for place in range(len(rows))
        ),
        excluded=tuple(
            Exclusion(framework.id, framework.slug, framework.name, tuple(causes))
            for framework, causes in zip(lookups.frameworks, exclusion_causes, strict=True)
            if causes
        ),
        winner_id=None if winner is None else winner.framework.id,
        runner_up_id=None if runner_up is None else runner_up.framework.id,
        margin=margin,
        too_close=margin_tenths is not None
        and margin_tenths < round(10 * snapshot.too_close_margin),
        tie_break=tie_break,
        changes=changes,
        no_winner_reason=_no_winner_reason(lookups, winner),
        stake=(scale.gain, scale.loss),
        raised=tuple(
            criterion.id
            for criterion, weight in zip(lookups.criteria, totals.weights, strict=True)
            if weight > criterion.base_importance
        ),
    )


def _scale(lookups: Lookups, effective: Mapping[int, tuple[int, ...]]) -> Scale:
    chosen = [
        lookups.option_effects[option_id]
        for option_ids in effective.values()
        for option_id in option_ids
    ]
    return Scale(sum(effects.gain for effects in chosen), sum(effects.loss for effects in chosen))


def _no_winner_reason(lookups: Lookups, winner: Row | None) -> str | None:
    if winner is not None:
        return None
    if lookups.frameworks:
        return "Every framework is excluded by a deal-breaker."
    return "There are no frameworks to rank."


def _ranked(
    totals: Totals,
    rows: Sequence[Row],
    place: int,
    affinity_lines: Sequence[list[AffinityLine]],
    breakdown: Sequence[tuple[CriterionLine, ...]] | None,
) -> Ranked:
    row = rows[place]
    i = row.snapshot_position
    following = rows[place + 1] if place + 1 < len(rows) else None
    tie_break = None
    if following is not None and following.total_key == row.total_key:
        tie_break = tie_break_text(row, following, f"ahead of {following.framework.name}")
    return Ranked(
        position=place + 1,
        framework_id=row.framework.id,
        slug=row.framework.slug,
        name=row.framework.name,
        total=row.total,
        fit=row.fit,
        affinity=totals.affinity[i],
        criteria=() if breakdown is None else breakdown[i],
        affinity_lines=tuple(affinity_lines[i]),
        tie_break=tie_break,
    )


def _lines_and_causes(
    lookups: Lookups, effective: Mapping[int, tuple[int, ...]]
) -> tuple[list[list[AffinityLine]], list[list[ExclusionCause]]]:
    """Per framework position, its affinity lines and exclusion causes, in the order of the
    answers (display order)."""
    affinity_lines: list[list[AffinityLine]] = [[] for _ in lookups.frameworks]
    exclusion_causes: list[list[ExclusionCause]] = [[] for _ in lookups.frameworks]
    for option_ids in effective.values():
        for option_id in option_ids:
            effects = lookups.option_effects[option_id]
            for i, line in effects.affinity_lines:
                affinity_lines[i].append(line)
            for i, cause in effects.exclusion_causes:
                exclusion_causes[i].append(cause)
    return affinity_lines, exclusion_causes


def _breakdown(lookups: Lookups, totals: Totals, scale: Scale) -> list[tuple[CriterionLine, ...]]:
    """Per framework position, its criterion lines, in points of the match. A line depends
    only on the criterion and the rating, and lines are immutable, so frameworks share them."""
    denominator = totals.denominator * (100 + scale.gain + scale.loss)
    shared: dict[tuple[int, int], CriterionLine] = {}
    breakdown = []
    for ratings in lookups.ratings:
        lines = []
        for j, rating in enumerate(ratings):
            line = shared.get((j, rating))
            if line is None:
                weight = totals.weights[j]
                points = 2500 * weight * (rating - 1) / denominator
                line = CriterionLine(lookups.criteria[j].id, weight, rating, True, points)
                shared[j, rating] = line
            lines.append(line)
        breakdown.append(tuple(lines))
    return breakdown
