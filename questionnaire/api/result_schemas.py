"""What POST recommendations takes, and the result it and GET results/{token} return: the
facts a stored result's page shows (questionnaire.presentation.ResultView.as_data)."""

from ninja import Schema
from pydantic import ConfigDict, Field

MAX_ANSWERS, MAX_OPTIONS = 200, 50


class AnswerIn(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    question: int = Field(ge=1, description="A question's id (GET questionnaire).")
    options: list[int] = Field(
        max_length=MAX_OPTIONS,
        description="Ids of the chosen options: one for a single-choice question, any number "
        "for a multiple-choice one; none leaves an optional question unanswered.",
    )


class AnswersIn(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    answers: list[AnswerIn] = Field(max_length=MAX_ANSWERS)


class AnswerOut(Schema):
    question: str
    answers: list[str]


class BreakdownLine(Schema):
    criterion: str
    weight: int
    rating: int | None
    points: float


class RuleLine(Schema):
    points: int
    reason: str
    rule_reaches: str


class RankedOut(Schema):
    framework: str
    name: str
    position: int
    total: float = Field(description="The 0–100 match.")
    fit: float
    affinity: int
    answer_points: float
    breakdown: list[BreakdownLine]
    affinity_lines: list[RuleLine]


class Stake(Schema):
    gained: int
    lost: int


class WeightOut(Schema):
    criterion: str
    weight: int


class Lead(Schema):
    criterion: str
    rating: int
    other_rating: int | None
    points: float


class WatchOut(Schema):
    criterion: str
    rating: int
    rationale: str


class CaseOut(Schema):
    framework: str
    against: str | None
    matters_to_you: list[Lead]
    also_in_its_favour: list[Lead]
    watch_outs: list[WatchOut]


class ExclusionCause(Schema):
    question: str
    answer: str
    reason: str
    rule: str


class Excluded(Schema):
    framework: str
    name: str
    causes: list[ExclusionCause]


class Change(Schema):
    question: str
    remove: list[str]
    add: list[str]
    new_winner: str | None


class RecommendationOut(Schema):
    token: str
    url: str = Field(description="This result in the API.")
    page_url: str = Field(description="This result's page on the site.")
    method: int = Field(description="The version of the scoring method it was made with.")
    content_version: int
    content_changed_since: bool
    answers: list[AnswerOut] = Field(description="The answers that counted.")
    ignored: list[str] = Field(
        description="Answers left out because their question did not apply (only in the "
        "response to the POST that made the result)."
    )
    winner: RankedOut | None
    too_close: bool
    margin: float | None
    tie_break: str | None
    no_winner_reason: str | None
    answer_points_at_stake: Stake
    weights: list[WeightOut]
    ranking: list[RankedOut] = Field(description="Each framework's match and breakdown.")
    why: list[CaseOut]
    excluded: list[Excluded] = Field(description="Frameworks ruled out by deal-breakers.")
    what_would_change: list[Change]
