"""Why a framework: the case a result makes for a finalist, every line traced to an answer or a
rating.

- "X matters to you": only a criterion whose importance the visitor's answers raised above
  its default (the scorer's ``raised``), where the framework leads the other finalist.
- "Also in its favour": criteria where it leads at their default importance.
- Watch-outs: its weakest ratings (3/5 or less) among the criteria that matter to the
  visitor, each with the rating's reason.

Answer points are listed by the page from the ranked framework's own lines. No queries.
"""

from __future__ import annotations

from dataclasses import dataclass

from questionnaire import scoring

LEADS_SHOWN = 3
WATCH_OUTS_SHOWN = 3
# A rating at or under this, on a criterion that matters to the visitor, is a watch-out.
WEAK_RATING = 3
# Leads smaller than this many points of the match are not worth a line.
LEAD_SHOWN_FROM = 0.05


@dataclass(frozen=True)
class Lead:
    criterion: str
    rating: int
    other_rating: int
    points: float  # of the match, the lead it gives over the other finalist


@dataclass(frozen=True)
class WatchOut:
    criterion: str
    rating: int
    rationale: str


@dataclass(frozen=True)
class Case:
    """A finalist's case against the other finalist (None: it is the only one)."""

    item: scoring.Ranked
    other: scoring.Ranked | None
    matters: list[Lead]
    also: list[Lead]
    watch_outs: list[WatchOut]


def cases(view) -> list[Case]:
    """The winner's case; when the result is too close to call, the runner-up's beside it."""
    winner, runner_up = view.winner, view.runner_up
    if winner is None:
        return []
    found = [case_for(view, winner, runner_up)]
    if runner_up is not None and view.outcome.too_close:
        found.append(case_for(view, runner_up, winner))
    return found


def case_for(view, item: scoring.Ranked, other: scoring.Ranked | None) -> Case:
    matters, also = leads(view, item, other) if other is not None else ([], [])
    return Case(item, other, matters, also, watch_outs(view, item))


def leads(view, item: scoring.Ranked, other: scoring.Ranked) -> tuple[list[Lead], list[Lead]]:
    """Where ``item`` out-scores ``other``: on criteria the answers raised, and on others."""
    matters, also = [], []
    lines = zip(view.criterion_lines(item), view.criterion_lines(other), strict=True)
    for line, other_line in lines:
        lead = line.points - other_line.points
        if lead < LEAD_SHOWN_FROM:
            continue
        found = Lead(view.criterion_name(line.criterion_id), line.rating, other_line.rating, lead)
        (matters if line.criterion_id in view.raised else also).append(found)
    matters.sort(key=lambda lead: -lead.points)
    also.sort(key=lambda lead: -lead.points)
    return matters[:LEADS_SHOWN], also[:LEADS_SHOWN]


def watch_outs(view, item: scoring.Ranked) -> list[WatchOut]:
    """Its weakest ratings among the criteria that matter to the visitor, weakest first (the
    more important first among equals)."""
    weak = [
        line
        for line in view.criterion_lines(item)
        if line.criterion_id in view.raised and line.rating <= WEAK_RATING
    ]
    weak.sort(key=lambda line: (line.rating, -line.weight))
    return [
        WatchOut(
            view.criterion_name(line.criterion_id),
            line.rating,
            view.rationale(item.framework_id, line.criterion_id),
        )
        for line in weak[:WATCH_OUTS_SHOWN]
    ]
