"""What a stored result shows: its record and labels (``questionnaire.records``) turned into
what the result page, its data and the personal comparison print. No queries."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.template.defaultfilters import floatformat
from django.utils.html import format_html, format_html_join

from comparisons.colours import framework_colour
from questionnaire import explanations, scoring
from questionnaire.records import NOT_RATED

# The rating results stored before every framework had to be rated on every criterion were
# scored with where they had none (NOT_RATED).
OLD_NEUTRAL_RATING = 3

# The breakdown table has a column per framework, the best ones first: more would not be
# readable side by side (every framework's breakdown is in the result's data).
BREAKDOWN_COLUMNS = 5


@dataclass(frozen=True)
class RuleLine:
    """A points rule that reached a ranked framework, as the page says it."""

    points: int
    reason: str
    target: str  # whom the rule reaches (“Python frameworks”); empty in older results


@dataclass(frozen=True)
class ChangeView:
    question: str
    removed: list[str]
    added: list[str]
    new_winner: str | None


@dataclass(frozen=True)
class Outcome:
    """The result as a whole: what the page's headline says."""

    too_close: bool
    margin: float | None
    tie_break: str | None
    no_winner_reason: str | None


class ResultView:
    """The result page's content, computed from a stored record and its labels."""

    @classmethod
    def of(cls, submission) -> ResultView:
        """The view of a stored submission (with its labels: select_related saves a query)."""
        return cls(submission.result, submission.labels.labels)

    def __init__(self, record: dict, labels: dict):
        self.record = record
        self.labels = labels
        score = record["score"]
        self.weights = [(criterion_id, weight) for criterion_id, weight in score["weights"]]
        self.outcome = Outcome(
            too_close=score["too_close"],
            margin=None if score["margin"] is None else float(score["margin"]),
            tie_break=score["tie_break"],
            no_winner_reason=score["no_winner_reason"],
        )
        self.too_close_margin = record["too_close_margin"]
        self.ranking = tuple(self._ranked(item) for item in score["ranking"])
        # Results computed before method 2 have no method, stake or raised criteria.
        self.method = record.get("method", 1)
        gain, loss = score.get("stake", (0, 0))
        self.stake_gain, self.stake_loss = gain, loss
        # The match is the points times 100 / (100 + G + L): this is that denominator.
        self.stake_total = 100 if self.method < 2 else 100 + gain + loss
        self.match_scale = 100 / self.stake_total
        self.raised = frozenset(score.get("raised", ()))

    def _ranked(self, item: dict) -> scoring.Ranked:
        framework_id = item["framework_id"]
        framework = self.labels["frameworks"][str(framework_id)]
        return scoring.Ranked(
            position=item["position"],
            framework_id=framework_id,
            slug=framework["slug"],
            name=framework["name"],
            total=float(item["total"]),
            fit=float(item["fit"]),
            affinity=item["affinity"],
            # Worked out when shown (criterion_lines): most ranked frameworks never are.
            criteria=(),
            # RuleLines: what the page says of each line.
            affinity_lines=tuple(
                RuleLine(points, self.labels["fit_reasons"][key], self._rule_target("fit", key))
                for _, _, points, key in item["affinity_lines"]
            ),
            tie_break=item["tie_break"],
        )

    def criterion_lines(self, item: scoring.Ranked) -> list[scoring.CriterionLine]:
        """A framework's breakdown as the scorer computes it: points = 25 · weight ·
        (rating − 1) / total weight (1 when every weight is 0), in points of the match."""
        denominator = (sum(weight for _, weight in self.weights) or 1) * self.stake_total
        ratings = self.labels["ratings"][str(item.framework_id)]
        lines = []
        for (criterion_id, weight), stored in zip(self.weights, ratings, strict=True):
            rating = stored if stored != NOT_RATED else OLD_NEUTRAL_RATING
            points = 2500 * weight * (rating - 1) / denominator
            lines.append(
                scoring.CriterionLine(criterion_id, weight, rating, stored != NOT_RATED, points)
            )
        return lines

    def answer_points_row(self) -> list[tuple[float, int]]:
        """The breakdown's shown frameworks' answer points: in points of the match, and as
        the rules gave them."""
        return [
            (self.match_scale * item.affinity, item.affinity) for item in self.breakdown_columns()
        ]

    def stake_offset(self) -> float:
        """What the answer points that count against frameworks add to every match, so that
        none falls below 0 (0 when no answer takes points away)."""
        return self.match_scale * self.stake_loss

    def rationale(self, framework_id: int, criterion_id: int) -> str:
        """The rating's reason as it read when the result was computed ("" in labels stored
        before reasons were kept)."""
        rationales = self.labels.get("rationales", {}).get(str(framework_id))
        if not rationales:
            return ""
        return rationales[[cid for cid, _ in self.weights].index(criterion_id)]

    def criterion_name(self, criterion_id: int) -> str:
        return self._criterion(criterion_id)["name"]

    # -- names ----------------------------------------------------------------------------
    def name_of(self, framework_id) -> str:
        if framework_id is None:
            return "no framework"
        return self.labels["frameworks"][str(framework_id)]["name"]

    def _question(self, question_id) -> str:
        return self.labels["questions"][str(question_id)]

    def _option(self, option_id) -> str:
        return self.labels["options"][str(option_id)]

    def _criterion(self, criterion_id) -> dict:
        return self.labels["criteria"][str(criterion_id)]

    def _rule_target(self, kind: str, key: str) -> str:
        # Labels stored before rules had targets have no such texts.
        return self.labels.get(f"{kind}_targets", {}).get(key, "")

    # -- what the page shows ----------------------------------------------------------------
    @property
    def winner(self) -> scoring.Ranked | None:
        return self.ranking[0] if self.ranking else None

    @property
    def runner_up(self) -> scoring.Ranked | None:
        return self.ranking[1] if len(self.ranking) > 1 else None

    def ranking_rows(self) -> list[dict]:
        """Each ranked framework with its bar length in percent of the longest possible."""
        scale = max([100.0, *(item.total for item in self.ranking)])
        return [
            {
                "item": item,
                "bar": max(0.0, min(100.0, 100 * item.total / scale)),
                # No answer's rule reached it: it is placed by its ratings alone.
                "ratings_only": not item.affinity_lines,
                "colour": framework_colour(item.framework_id),
            }
            for item in self.ranking
        ]

    def cases(self) -> list[explanations.Case]:
        """The winner's case (and the runner-up's when too close to call)."""
        return explanations.cases(self)

    def breakdown_columns(self) -> tuple[scoring.Ranked, ...]:
        """The ranked frameworks the breakdown table shows, best first."""
        return self.ranking[:BREAKDOWN_COLUMNS]

    def breakdown_left_out(self) -> int:
        """How many ranked frameworks the breakdown table leaves out."""
        return max(0, len(self.ranking) - BREAKDOWN_COLUMNS)

    def breakdown_rows(self) -> list[dict]:
        """One row per criterion: its weight, and each shown framework's cell (its points on
        the criterion and its rating), in the order the criteria were scored."""
        columns = [self.criterion_lines(item) for item in self.breakdown_columns()]
        return [
            {
                "name": self._criterion(criterion_id)["name"],
                "weight": weight,
                "cells": format_html_join("", "{}", ((_cell(lines[row]),) for lines in columns)),
            }
            for row, (criterion_id, weight) in enumerate(self.weights)
        ]

    def changes(self) -> list[ChangeView]:
        return [
            ChangeView(
                question=self._question(question_id),
                removed=[self._option(option_id) for option_id in removed],
                added=[self._option(option_id) for option_id in added],
                new_winner=None if new_winner_id is None else self.name_of(new_winner_id),
            )
            for question_id, removed, added, new_winner_id in self.record["score"]["changes"]
        ]

    def exclusions(self) -> list[dict]:
        reasons = self.labels["deal_breaker_reasons"]
        excluded = []
        for exclusion in self.record["score"]["excluded"]:
            framework_id = exclusion["framework_id"]
            framework = self.labels["frameworks"][str(framework_id)]
            causes = [
                {
                    "question": self._question(question_id),
                    "answer": self._option(option_id),
                    "reason": reasons[key],
                    "rule": self._rule_target("deal_breaker", key),
                }
                for question_id, option_id, key in exclusion["causes"]
            ]
            excluded.append(
                {"slug": framework["slug"], "name": framework["name"], "causes": causes}
            )
        return excluded

    def answers(self) -> list[dict]:
        return [
            {
                "question": self._question(question_id),
                "answers": [self._option(option_id) for option_id in option_ids],
            }
            for question_id, option_ids in self.record["answers"]
        ]

    def advice(self) -> list[dict]:
        return [self.labels["snippets"][str(snippet_id)] for snippet_id in self.record["advice"]]

    def verdicts(self) -> list[dict]:
        return [self.labels["snippets"][str(snippet_id)] for snippet_id in self.record["verdicts"]]

    def compare_slugs(self) -> list[str]:
        """Slugs of the top two or three, for links to their comparison pages."""
        return [item.slug for item in self.ranking[:3]]

    def as_data(self, token: str, content_version: int, current_version: int) -> dict:
        """The result as data: the same facts the page shows."""
        return {
            "token": token,
            "content_version": content_version,
            "content_changed_since": current_version != content_version,
            "answers": self.answers(),
            "winner": self._framework_data(self.winner) if self.winner else None,
            "method": self.method,
            # The match is 100 × (fit + answer points + lost) / (100 + gained + lost).
            "answer_points_at_stake": {"gained": self.stake_gain, "lost": self.stake_loss},
            "too_close": self.outcome.too_close,
            "margin": self.outcome.margin,
            "tie_break": self.outcome.tie_break,
            "no_winner_reason": self.outcome.no_winner_reason,
            "weights": [
                {"criterion": self._criterion(cid)["slug"], "weight": weight}
                for cid, weight in self.weights
            ],
            "ranking": [self._framework_data(item) for item in self.ranking],
            "why": [_case_data(case) for case in self.cases()],
            "excluded": [
                {"framework": exclusion.pop("slug"), **exclusion} for exclusion in self.exclusions()
            ],
            "what_would_change": [
                {
                    "question": change.question,
                    "remove": change.removed,
                    "add": change.added,
                    "new_winner": change.new_winner,
                }
                for change in self.changes()
            ],
        }

    def _framework_data(self, item: scoring.Ranked) -> dict:
        return {
            "framework": item.slug,
            "name": item.name,
            "position": item.position,
            "total": round(item.total, 2),
            "fit": round(item.fit, 2),
            "affinity": item.affinity,
            # The answer points in points of the match.
            "answer_points": round(self.match_scale * item.affinity, 4),
            "breakdown": [
                {
                    "criterion": self._criterion(line.criterion_id)["slug"],
                    "weight": line.weight,
                    "rating": line.rating if line.rated else None,
                    "points": round(line.points, 4),
                }
                for line in self.criterion_lines(item)
            ],
            "affinity_lines": [
                {"points": line.points, "reason": line.reason, "rule_reaches": line.target}
                for line in item.affinity_lines
            ],
        }


def _case_data(case: explanations.Case) -> dict:
    def lead(item: explanations.Lead) -> dict:
        return {
            "criterion": item.criterion,
            "rating": item.rating,
            "other_rating": item.other_rating,
            "points": round(item.points, 2),
        }

    return {
        "framework": case.item.slug,
        "against": None if case.other is None else case.other.slug,
        "matters_to_you": [lead(item) for item in case.matters],
        "also_in_its_favour": [lead(item) for item in case.also],
        "watch_outs": [
            {"criterion": w.criterion, "rating": w.rating, "rationale": w.rationale}
            for w in case.watch_outs
        ],
    }


def _cell(line: scoring.CriterionLine):
    rating = f"{line.rating}/5" if line.rated else "not rated"
    return format_html("<td>{} <small>({})</small></td>", floatformat(line.points, 1), rating)


# Rows whose criterion weighed this much or more (share of the top weight) are highlighted.
HEAVY_WEIGHT_SHARE = 0.75


def personal_weighting(weights: dict, ranking, rows: list, frameworks: list) -> dict:
    """Context for a comparison weighed by one visitor's importance of each criterion (from
    their result, or chosen on the compare page): the frameworks' matches, and rows by
    importance. ``ranking``: the scored frameworks (scoring.Ranked)."""
    ranked = {item.slug: item for item in ranking}
    top_weight = max(weights.values(), default=0)
    weighted_rows = [
        replace(
            row,
            weight=weights.get(row.criterion_id, 0),
            weighs_most=bool(top_weight)
            and weights.get(row.criterion_id, 0) >= HEAVY_WEIGHT_SHARE * top_weight,
        )
        for row in rows
    ]
    weighted_rows.sort(key=lambda row: -row.weight)  # stable: ties keep the editors' order
    return {
        "rows": weighted_rows,
        "columns": [(framework, ranked[framework.slug]) for framework in frameworks],
        "personal": True,
    }
