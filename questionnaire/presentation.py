"""What a saved result looks like: the record stored with a submission, and the page built
from it.

`build_record` copies every label the result page needs into the record, so the page renders
from the submission alone and later content edits never change a shared result.
`ResultView` turns a record back into what the templates show; it does no queries.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from questionnaire import scoring

RECORD_SCHEMA = 1
DECIDING_CRITERIA_SHOWN = 3


def build_record(content, answers: dict[int, tuple[int, ...]], result: scoring.Result) -> dict:
    effective = scoring.effective_answers(content.snapshot, answers)
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

    snippet_ids = []
    for option_id in chosen:
        for snippet_id in content.option_snippet_ids.get(option_id, ()):
            if snippet_id not in snippet_ids:
                snippet_ids.append(snippet_id)
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
        "score": result.to_dict(),
        "too_close_margin": content.snapshot.too_close_margin,
        "answers": [
            {
                "question": content.question_texts[question_id],
                "answers": [content.option_labels[option_id] for option_id in option_ids],
            }
            for question_id, option_ids in effective.items()
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

    def breakdown_rows(self) -> list[dict]:
        """One row per criterion: its weight and each ranked framework's points on it."""
        frameworks = self.result.ranking
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
