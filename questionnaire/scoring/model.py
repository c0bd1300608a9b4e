"""The scorer's input and output: frozen dataclasses, and the result as plain JSON-able data."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

# {question_id: option ids}, as a submitted form gives them.
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
    languages: tuple[int, ...] = ()  # language ids
    tags: tuple[int, ...] = ()  # tag ids


# The version of the scoring method: 1 reported the points (fit + answer points, unbounded)
# as the total; 2 reports the 0–100 match and rounds the margin as pages show it.
METHOD_VERSION = 2

# What a points effect or a deal-breaker reaches (Target.kind).
FRAMEWORK = "framework"  # the framework with id ``key``
LANGUAGE = "language"  # every framework with language id ``key``
TAG = "tag"  # every framework with tag id ``key``
# Every framework rated ``threshold`` or more (or less) on the criterion with id ``key``:
RATED_AT_LEAST = "rated_at_least"
RATED_AT_MOST = "rated_at_most"


@dataclass(frozen=True, slots=True)
class Target:
    kind: str
    key: int
    threshold: int | None = None

    @classmethod
    def named(cls, framework_id: int) -> Target:
        return cls(FRAMEWORK, framework_id)


@dataclass(frozen=True, slots=True)
class ImportanceEffect:
    criterion_id: int
    delta: int


@dataclass(frozen=True, slots=True)
class FitEffect:
    """Points for every framework the target reaches; ``effect_id`` names it in results."""

    target: Target
    points: int
    reason: str
    effect_id: int = 0


@dataclass(frozen=True, slots=True)
class DealBreaker:
    """Rules out every framework the target reaches."""

    target: Target
    reason: str
    effect_id: int = 0


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
    """Everything the scorer reads. ``ratings`` maps ``(framework_id, criterion_id)`` to 1..5
    and has every pair: a missing rating is an error, never imputed. Being a mapping, it makes
    snapshots comparable but not hashable, and nothing here needs them to be hashable."""

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
    """One criterion's share of a framework's fit score; ``points`` of all lines add up to it.
    The scorer's lines are all rated; results stored before ratings were complete may have
    unrated ones (scored then as a 3)."""

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
    effect_id: int = 0


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
    effect_id: int = 0


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
    # The answer points at stake: (gains, losses), the positive and the negative points of
    # the chosen answers' rules that reach a framework. The match is scaled by them.
    stake: tuple[int, int] = (0, 0)
    # The criteria whose importance the chosen answers raised above its default.
    raised: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data (lists, dicts with string keys, ints, floats, strings)."""
        return _plain(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Result:
        """Inverse of :meth:`to_dict`. Floats are re-coerced because JSON stores may give back
        ``50.0`` as ``50``."""
        margin = data["margin"]
        return cls(
            snapshot_version=data["snapshot_version"],
            weights=tuple((criterion_id, weight) for criterion_id, weight in data["weights"]),
            ranking=tuple(_ranked_from_dict(item) for item in data["ranking"]),
            excluded=tuple(_exclusion_from_dict(item) for item in data["excluded"]),
            winner_id=data["winner_id"],
            runner_up_id=data["runner_up_id"],
            margin=None if margin is None else float(margin),
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
            stake=tuple(data.get("stake", (0, 0))),
            raised=tuple(data.get("raised", ())),
        )


def _plain(value: Any) -> Any:
    """Dataclasses as dicts and tuples as lists, recursively."""
    if is_dataclass(value):
        return {field.name: _plain(getattr(value, field.name)) for field in fields(value)}
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


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


def _exclusion_from_dict(data: Mapping[str, Any]) -> Exclusion:
    return Exclusion(
        framework_id=data["framework_id"],
        slug=data["slug"],
        name=data["name"],
        causes=tuple(ExclusionCause(**cause) for cause in data["causes"]),
    )
