"""What a saved result looks like: the record stored with a submission, and the page built
from it.

`build_record` copies every label the result page needs into the record, so the page renders
from the submission alone and later content edits never change a shared result.
`ResultView` turns a record back into what the templates show; it does no queries.

Record schema 2 leaves out what follows from the rest: a breakdown line's points are its
criterion's weight times the framework's rating over the total weight, so each ranked
framework stores its ratings only, and the answers are stored as ids whose texts are in the
record's questions and options. Every submission writes one: with the load benchmark's 50
times the starting content that is 94 KB instead of 264 KB, and less than a quarter of it
where many frameworks and criteria make the breakdown the bulk of a record. Records of
schema 1 are still read as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from questionnaire import scoring
from questionnaire.services import NOT_RATED

RECORD_SCHEMA = 2
DECIDING_CRITERIA_SHOWN = 3
# The breakdown table has a column per framework, the best ones first: more would not be
# readable side by side (every framework's breakdown is in the result's data).
BREAKDOWN_COLUMNS = 5


def build_record(content, effective: dict[int, tuple[int, ...]], result: scoring.Result) -> dict:
    """The record of a result, given the answers that count (scoring.resolve_and_score;
    the result's breakdown lines are not needed: the ratings come from the content)."""
    chosen = [option_id for option_ids in effective.values() for option_id in option_ids]
    referenced_options = set(chosen)
    referenced_questions = set(effective)
    for change in result.changes:
        referenced_options.update(change.removed_option_ids + change.added_option_ids)
        referenced_questions.add(change.question_id)
    for exclusion in result.excluded:
        for cause in exclusion.causes:
            referenced_options.add(cause.option_id)
            referenced_questions.add(cause.question_id)

    # Each snippet once, in the order of the answers that bring it (a dict keeps that order).
    snippet_ids = {
        snippet_id: None
        for option_id in chosen
        for snippet_id in content.option_snippet_ids.get(option_id, ())
    }
    verdicts = [
        snippet.id
        for snippet in content.snippets.values()
        if snippet.kind == "verdict"
        and result.winner_id is not None
        and result.winner_id in snippet.framework_ids
    ]
    listed_frameworks = {item.framework_id for item in result.ranking} | {
        item.framework_id for item in result.excluded
    }
    return {
        "schema": RECORD_SCHEMA,
        "score": _compact_score(result, content.rating_rows),
        "too_close_margin": content.snapshot.too_close_margin,
        "answers": [
            [question_id, list(option_ids)] for question_id, option_ids in effective.items()
        ],
        "frameworks": {
            str(fid): {
                "slug": content.frameworks[fid].slug,
                "name": content.frameworks[fid].name,
                "language": content.frameworks[fid].language,
            }
            for fid in listed_frameworks
        },
        "criteria": {
            str(cid): {"slug": slug, "name": name} for cid, (slug, name) in content.criteria.items()
        },
        "questions": {str(qid): content.question_texts[qid] for qid in referenced_questions},
        "options": {str(oid): content.option_labels[oid] for oid in referenced_options},
        "advice": [_snippet_record(content.snippets[sid]) for sid in snippet_ids],
        "verdicts": [_snippet_record(content.snippets[sid]) for sid in verdicts],
    }


def _compact_score(result: scoring.Result, rating_rows: dict[int, tuple[int, ...]]) -> dict:
    """Result.to_dict(), except that each ranked framework has its ratings (``rating_rows``:
    per framework id, in the order of the criteria and so of the weights, 0 where unrated)
    instead of its breakdown lines, which the result need not hold. Written out field by
    field: every submission makes one, and the generic conversion costs several times more
    (the record tests check that expanding it gives exactly Result.to_dict())."""
    return {
        "snapshot_version": result.snapshot_version,
        "weights": [[criterion_id, weight] for criterion_id, weight in result.weights],
        "ranking": [
            {
                "position": item.position,
                "framework_id": item.framework_id,
                "slug": item.slug,
                "name": item.name,
                "total": item.total,
                "fit": item.fit,
                "affinity": item.affinity,
                "ratings": rating_rows[item.framework_id],
                "affinity_lines": [
                    {
                        "question_id": line.question_id,
                        "option_id": line.option_id,
                        "points": line.points,
                        "reason": line.reason,
                    }
                    for line in item.affinity_lines
                ],
                "tie_break": item.tie_break,
            }
            for item in result.ranking
        ],
        "excluded": [
            {
                "framework_id": exclusion.framework_id,
                "slug": exclusion.slug,
                "name": exclusion.name,
                "causes": [
                    {
                        "question_id": cause.question_id,
                        "option_id": cause.option_id,
                        "reason": cause.reason,
                    }
                    for cause in exclusion.causes
                ],
            }
            for exclusion in result.excluded
        ],
        "winner_id": result.winner_id,
        "runner_up_id": result.runner_up_id,
        "margin": result.margin,
        "too_close": result.too_close,
        "tie_break": result.tie_break,
        "changes": [
            {
                "question_id": change.question_id,
                "removed_option_ids": list(change.removed_option_ids),
                "added_option_ids": list(change.added_option_ids),
                "new_winner_id": change.new_winner_id,
            }
            for change in result.changes
        ],
        "no_winner_reason": result.no_winner_reason,
    }


def expand_record(record: dict) -> dict:
    """A record in the shape of schema 1, whatever its schema: what ResultView reads."""
    if record.get("schema", 1) == 1:
        return record
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

    def __init__(self, record: dict):
        record = expand_record(record)
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
        """One row per criterion: its weight and each shown framework's points on it."""
        frameworks = self.breakdown_columns()
        lines = [{line.criterion_id: line for line in item.criteria} for item in frameworks]
        weights = dict(self.result.weights)
        rows = []
        for criterion_id_text, criterion in self.criteria.items():
            criterion_id = int(criterion_id_text)
            cells = [framework_lines.get(criterion_id) for framework_lines in lines]
            rows.append(
                {
                    "name": criterion["name"],
                    "weight": weights.get(criterion_id, 0),
                    "cells": cells,
                }
            )
        return rows

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
