"""What a saved result looks like: the record stored with a submission, the labels it
refers to, and the page built from both.

`build_record` stores ids and numbers only; `build_labels` the texts they stand for (names,
question and answer texts, reasons, advice, ratings), once per content state for all of its
results (questionnaire.models.ResultLabels). So a result page renders from its submission and
labels alone, later content edits never change a shared result, and the texts are not copied
into every submission: with the load benchmark's 50 times the starting content a record is
10.5 KB instead of 94 KB. `ResultView` turns both back into what the templates show; it
does no queries.

Older records still read as they are: schema 2 held its own texts, and left out what
follows from the rest (a breakdown line's points are its criterion's weight times the
framework's rating over the total weight); schema 1 held everything as the scorer gave it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.template.defaultfilters import floatformat
from django.utils.html import format_html, format_html_join

from questionnaire import scoring
from questionnaire.services import NOT_RATED, result_labels

RECORD_SCHEMA = 3
DECIDING_CRITERIA_SHOWN = 3
# The breakdown table has a column per framework, the best ones first: more would not be
# readable side by side (every framework's breakdown is in the result's data).
BREAKDOWN_COLUMNS = 5


def build_record(content, effective: dict[int, tuple[int, ...]], result: scoring.Result) -> dict:
    """The record of a result, given the answers that count (scoring.resolve_and_score;
    the result's breakdown lines are not needed: the ratings are in the labels).

    Written out field by field: every submission makes one, and the generic conversion costs
    several times more (the record tests check that it reads back exactly as scored)."""
    snippets_of = content.option_snippet_ids
    # Each snippet once, in the order of the answers that bring it (a dict keeps that order).
    snippet_ids = {
        snippet_id: None
        for option_ids in effective.values()
        for option_id in option_ids
        for snippet_id in snippets_of.get(option_id, ())
    }
    return {
        "schema": RECORD_SCHEMA,
        "score": {
            "snapshot_version": result.snapshot_version,
            "weights": [[criterion_id, weight] for criterion_id, weight in result.weights],
            "ranking": [
                {
                    "position": item.position,
                    "framework_id": item.framework_id,
                    "total": item.total,
                    "fit": item.fit,
                    "affinity": item.affinity,
                    "affinity_lines": [
                        [line.question_id, line.option_id, line.points]
                        for line in item.affinity_lines
                    ],
                    "tie_break": item.tie_break,
                }
                for item in result.ranking
            ],
            "excluded": [
                {
                    "framework_id": exclusion.framework_id,
                    "causes": [[cause.question_id, cause.option_id] for cause in exclusion.causes],
                }
                for exclusion in result.excluded
            ],
            "winner_id": result.winner_id,
            "runner_up_id": result.runner_up_id,
            "margin": result.margin,
            "too_close": result.too_close,
            "tie_break": result.tie_break,
            "changes": [
                [
                    change.question_id,
                    list(change.removed_option_ids),
                    list(change.added_option_ids),
                    change.new_winner_id,
                ]
                for change in result.changes
            ],
            "no_winner_reason": result.no_winner_reason,
        },
        "too_close_margin": content.snapshot.too_close_margin,
        # Pairs of a question id and its option ids: [id, [ids]] once written as JSON.
        "answers": list(effective.items()),
        "advice": list(snippet_ids),
        "verdicts": list(content.verdict_ids.get(result.winner_id, ())),
    }


def build_labels(content) -> dict:
    """Every text a result of this content may show, by id, and each framework's ratings (in
    the order of the criteria, NOT_RATED where it has none)."""
    fit_reasons, deal_breaker_reasons = {}, {}
    for question in content.snapshot.questions:
        for option in question.options:
            for fit in option.fit_effects:
                fit_reasons[_effect_key(option.id, fit.framework_id)] = fit.reason
            for breaker in option.deal_breakers:
                deal_breaker_reasons[_effect_key(option.id, breaker.framework_id)] = breaker.reason
    return {
        "frameworks": {
            str(framework.id): {
                "slug": framework.slug,
                "name": framework.name,
                "language": framework.language,
            }
            for framework in content.frameworks.values()
        },
        "criteria": {
            str(cid): {"slug": slug, "name": name} for cid, (slug, name) in content.criteria.items()
        },
        "questions": {str(qid): text for qid, text in content.question_texts.items()},
        "options": {str(oid): label for oid, label in content.option_labels.items()},
        "snippets": {
            str(sid): _snippet_record(snippet) for sid, snippet in content.snippets.items()
        },
        "ratings": {str(fid): list(row) for fid, row in content.rating_rows.items()},
        "fit_reasons": fit_reasons,
        "deal_breaker_reasons": deal_breaker_reasons,
    }


def _effect_key(option_id, framework_id) -> str:
    # An answer has at most one fit effect and one deal-breaker per framework (constraints).
    return f"{option_id}:{framework_id}"


def expand_record(record: dict, labels: dict | None = None) -> dict:
    """A record in the shape of schema 1, whatever its schema: what ResultView reads.
    A schema 3 record needs the labels of its content state."""
    schema = record.get("schema", 1)
    if schema == 1:
        return record
    if schema == 3:
        if labels is None:
            raise ValueError("A schema 3 result record needs its labels.")
        record = _with_labels(record, labels)
    questions, options = record["questions"], record["options"]
    return {
        **record,
        "score": _expanded_score(record["score"]),
        "answers": [
            {
                "question": questions[str(question_id)],
                "answers": [options[str(option_id)] for option_id in option_ids],
            }
            for question_id, option_ids in record["answers"]
        ],
    }


def _with_labels(record: dict, labels: dict) -> dict:
    """A schema 3 record in the shape of schema 2: its ids joined with their texts."""
    frameworks, ratings = labels["frameworks"], labels["ratings"]
    fit_reasons, deal_breaker_reasons = labels["fit_reasons"], labels["deal_breaker_reasons"]
    snippets = labels["snippets"]
    score = record["score"]
    ranking = []
    for item in score["ranking"]:
        framework_id = item["framework_id"]
        framework = frameworks[str(framework_id)]
        ranking.append(
            {
                "position": item["position"],
                "framework_id": framework_id,
                "slug": framework["slug"],
                "name": framework["name"],
                "total": item["total"],
                "fit": item["fit"],
                "affinity": item["affinity"],
                "ratings": ratings[str(framework_id)],
                "affinity_lines": [
                    {
                        "question_id": question_id,
                        "option_id": option_id,
                        "points": points,
                        "reason": fit_reasons[_effect_key(option_id, framework_id)],
                    }
                    for question_id, option_id, points in item["affinity_lines"]
                ],
                "tie_break": item["tie_break"],
            }
        )
    excluded = []
    for exclusion in score["excluded"]:
        framework_id = exclusion["framework_id"]
        framework = frameworks[str(framework_id)]
        excluded.append(
            {
                "framework_id": framework_id,
                "slug": framework["slug"],
                "name": framework["name"],
                "causes": [
                    {
                        "question_id": question_id,
                        "option_id": option_id,
                        "reason": deal_breaker_reasons[_effect_key(option_id, framework_id)],
                    }
                    for question_id, option_id in exclusion["causes"]
                ],
            }
        )
    changes = [
        {
            "question_id": question_id,
            "removed_option_ids": removed,
            "added_option_ids": added,
            "new_winner_id": new_winner_id,
        }
        for question_id, removed, added, new_winner_id in score["changes"]
    ]
    return {
        **record,
        "schema": 2,
        "score": {**score, "ranking": ranking, "excluded": excluded, "changes": changes},
        "frameworks": frameworks,
        "criteria": labels["criteria"],
        "questions": labels["questions"],
        "options": labels["options"],
        "advice": [snippets[str(snippet_id)] for snippet_id in record["advice"]],
        "verdicts": [snippets[str(snippet_id)] for snippet_id in record["verdicts"]],
    }


def _expanded_score(score: dict) -> dict:
    """Breakdown lines back from the weights and ratings, as the scorer computes them: points
    = 25 · weight · (rating − 1) / total weight (1 when every weight is 0)."""
    weights = score["weights"]
    total_weight = sum(weight for _, weight in weights) or 1
    ranking = []
    for item in score["ranking"]:
        lines = []
        for (criterion_id, weight), stored in zip(weights, item["ratings"], strict=True):
            rating = stored if stored != NOT_RATED else scoring.NEUTRAL_RATING
            lines.append(
                {
                    "criterion_id": criterion_id,
                    "weight": weight,
                    "rating": rating,
                    "rated": stored != NOT_RATED,
                    "points": 25 * weight * (rating - 1) / total_weight,
                }
            )
        expanded = {name: value for name, value in item.items() if name != "ratings"}
        expanded["criteria"] = lines
        ranking.append(expanded)
    return {**score, "ranking": ranking}


def _snippet_record(snippet) -> dict:
    return {"title": snippet.title, "kind": snippet.kind_label, "body": snippet.body}


@dataclass(frozen=True)
class DecidingCriterion:
    name: str
    winner_rating: int
    runner_up_rating: int
    points: float  # how many points of the lead it gives


@dataclass(frozen=True)
class ChangeView:
    question: str
    removed: list[str]
    added: list[str]
    new_winner: str | None


class ResultView:
    """The result page's content, computed from a stored record only."""

    @classmethod
    def of(cls, submission) -> ResultView:
        """The view of a stored submission, with the labels of its content state (one query
        the first time this process reads them)."""
        return cls(submission.result, result_labels(submission.labels_id))

    def __init__(self, record: dict, labels: dict | None = None):
        record = expand_record(record, labels)
        self.record = record
        self.result = scoring.Result.from_dict(record["score"])
        self.frameworks = record["frameworks"]
        self.criteria = record["criteria"]

    # -- framework names -------------------------------------------------------------------
    def name_of(self, framework_id) -> str:
        if framework_id is None:
            return "no framework"
        return self.frameworks[str(framework_id)]["name"]

    @property
    def ranking(self) -> tuple[scoring.Ranked, ...]:
        return self.result.ranking

    @property
    def winner(self) -> scoring.Ranked | None:
        return self.result.ranking[0] if self.result.ranking else None

    @property
    def runner_up(self) -> scoring.Ranked | None:
        return self.result.ranking[1] if len(self.result.ranking) > 1 else None

    def ranking_rows(self) -> list[dict]:
        """Each ranked framework with its bar length in percent of the longest possible."""
        scale = max([100.0, *(item.total for item in self.result.ranking)])
        return [
            {"item": item, "bar": max(0.0, min(100.0, 100 * item.total / scale))}
            for item in self.result.ranking
        ]

    def deciding_criteria(self) -> list[DecidingCriterion]:
        """The criteria that gave the winner its lead over the runner-up, biggest first."""
        winner, runner_up = self.winner, self.runner_up
        if winner is None or runner_up is None:
            return []
        runner_up_lines = {line.criterion_id: line for line in runner_up.criteria}
        deciding = []
        for line in winner.criteria:
            other = runner_up_lines.get(line.criterion_id)
            if other is None:
                continue
            lead = line.points - other.points
            if lead > 0.05:
                deciding.append(
                    DecidingCriterion(
                        name=self.criteria[str(line.criterion_id)]["name"],
                        winner_rating=line.rating,
                        runner_up_rating=other.rating,
                        points=lead,
                    )
                )
        deciding.sort(key=lambda item: -item.points)
        return deciding[:DECIDING_CRITERIA_SHOWN]

    def breakdown_columns(self) -> tuple[scoring.Ranked, ...]:
        """The ranked frameworks the breakdown table shows, best first."""
        return self.result.ranking[:BREAKDOWN_COLUMNS]

    def breakdown_left_out(self) -> int:
        """How many ranked frameworks the breakdown table leaves out."""
        return max(0, len(self.result.ranking) - BREAKDOWN_COLUMNS)

    def breakdown_rows(self) -> list[dict]:
        """One row per criterion: its weight, and each shown framework's cell (its points on
        the criterion and its rating) as table cells ready to print.

        The cells are made here rather than in the template: with 50 times the starting
        content the table has 78 × 5 of them, and rendering them tag by tag was half of what
        the first view of a result page costs (28 ms → 15 ms). The HTML is the same."""
        frameworks = self.breakdown_columns()
        lines = [{line.criterion_id: line for line in item.criteria} for item in frameworks]
        points_text: dict[float, str] = {}  # many cells share their points: format them once

        def cell(line: scoring.CriterionLine | None) -> str:
            if line is None:
                return format_html("<td></td>")
            text = points_text.get(line.points)
            if text is None:
                text = points_text[line.points] = floatformat(line.points, 1)
            rating = f"{line.rating}/5" if line.rated else "not rated"
            return format_html("<td>{} <small>({})</small></td>", text, rating)

        # In the order of the weights, which is the criteria's at scoring time: the record's
        # criteria are a JSON object, whose keys PostgreSQL's jsonb keeps in an order of its own.
        return [
            {
                "name": self.criteria[str(criterion_id)]["name"],
                "weight": weight,
                "cells": format_html_join(
                    "", "{}", ((cell(framework.get(criterion_id)),) for framework in lines)
                ),
            }
            for criterion_id, weight in self.result.weights
        ]

    def changes(self) -> list[ChangeView]:
        options = self.record["options"]
        questions = self.record["questions"]
        return [
            ChangeView(
                question=questions[str(change.question_id)],
                removed=[options[str(oid)] for oid in change.removed_option_ids],
                added=[options[str(oid)] for oid in change.added_option_ids],
                new_winner=self.name_of(change.new_winner_id)
                if change.new_winner_id is not None
                else None,
            )
            for change in self.result.changes
        ]

    def exclusions(self) -> list[dict]:
        options = self.record["options"]
        questions = self.record["questions"]
        return [
            {
                "name": exclusion.name,
                "causes": [
                    {
                        "question": questions[str(cause.question_id)],
                        "answer": options[str(cause.option_id)],
                        "reason": cause.reason,
                    }
                    for cause in exclusion.causes
                ],
            }
            for exclusion in self.result.excluded
        ]

    def compare_slugs(self) -> list[str]:
        """Slugs of the top two or three, for links to their comparison pages."""
        return [item.slug for item in self.result.ranking[:3]]

    def as_data(self, token: str, content_version: int, current_version: int) -> dict:
        """The result as data: the same facts the page shows."""
        return {
            "token": token,
            "content_version": content_version,
            "content_changed_since": current_version != content_version,
            "answers": self.record["answers"],
            "winner": self._framework_data(self.winner) if self.winner else None,
            "too_close": self.result.too_close,
            "margin": self.result.margin,
            "tie_break": self.result.tie_break,
            "no_winner_reason": self.result.no_winner_reason,
            "weights": [
                {"criterion": self.criteria[str(cid)]["slug"], "weight": weight}
                for cid, weight in self.result.weights
            ],
            "ranking": [self._framework_data(item) for item in self.result.ranking],
            "excluded": [
                {"framework": exclusion.slug, **data}
                for exclusion, data in zip(self.result.excluded, self.exclusions(), strict=True)
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
            "breakdown": [
                {
                    "criterion": self.criteria[str(line.criterion_id)]["slug"],
                    "weight": line.weight,
                    "rating": line.rating if line.rated else None,
                    "points": round(line.points, 4),
                }
                for line in item.criteria
            ],
            "affinity_lines": [
                {"points": line.points, "reason": line.reason} for line in item.affinity_lines
            ],
        }


# Rows whose criterion weighed this much or more (share of the top weight) are highlighted.
HEAVY_WEIGHT_SHARE = 0.75


def personal_weighting(view: ResultView, rows: list, frameworks: list) -> dict:
    """Context for a comparison weighed by one result: its scores, and rows by importance."""
    weights = dict(view.result.weights)
    ranked = {item.slug: item for item in view.ranking}
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
