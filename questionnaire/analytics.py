"""What visitors answer and get, for staff: results per day, the outcomes (winners and "too
close to call"), how often each answer is chosen, and how decisive each question is (the
share of results in which changing that answer alone would change the winner, read from
each result's stored "what would change").

Three queries whatever the number of results: one counts them per day, one reads the labels
they were stored with (one row per state of the content), one streams their records; the
rest is counted here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import TruncDate

from questionnaire.models import ResultLabels

STREAM_CHUNK = 2000
TOO_CLOSE = "Too close to call"
NO_WINNER = "No winner"


@dataclass
class Analytics:
    results: int = 0
    per_day: list[tuple] = field(default_factory=list)  # (date, count)
    outcomes: Counter = field(default_factory=Counter)  # outcome name → count
    # question text → (answer label → count), in the order first met
    answers: dict[str, Counter] = field(default_factory=dict)
    # question text → results in which it was answered, and in which it was decisive
    answered: Counter = field(default_factory=Counter)
    decisive: Counter = field(default_factory=Counter)

    def decisiveness(self) -> list[tuple[str, int, int, float]]:
        """(question, results answering it, results it decides, share), most decisive first."""
        rows = [
            (question, self.answered[question], self.decisive[question])
            for question in self.answers
        ]
        return sorted(((q, n, d, d / n if n else 0.0) for q, n, d in rows), key=lambda row: -row[3])


def analyse(submissions) -> Analytics:
    """The figures of these submissions (a queryset, already filtered by date)."""
    found = Analytics()
    found.per_day = list(
        submissions.annotate(day=TruncDate("created_at"))
        .values_list("day")
        .annotate(count=Count("id"))
        .order_by("day")
    )
    labels = dict(
        ResultLabels.objects.filter(pk__in=submissions.values("labels")).values_list("pk", "labels")
    )
    records = submissions.values_list("result", "labels_id").order_by()
    for record, labels_id in records.iterator(chunk_size=STREAM_CHUNK):
        _count(found, record, labels[labels_id])
    return found


def _count(found: Analytics, record: dict, labels: dict) -> None:
    found.results += 1
    score = record["score"]
    found.outcomes[_outcome(score, labels)] += 1
    questions, options = labels["questions"], labels["options"]
    asked = set()
    for question_id, option_ids in record["answers"]:
        question = questions.get(str(question_id), f"Question {question_id} (since removed)")
        asked.add(question)
        counts = found.answers.setdefault(question, Counter())
        for option_id in option_ids:
            counts[options.get(str(option_id), f"Answer {option_id} (since removed)")] += 1
    found.answered.update(asked)
    deciding = {
        questions.get(str(change[0]), f"Question {change[0]} (since removed)")
        for change in score["changes"]
    }
    found.decisive.update(deciding & asked)


def _outcome(score: dict, labels: dict) -> str:
    if score["winner_id"] is None:
        return NO_WINNER
    if score["too_close"]:
        return TOO_CLOSE
    framework = labels["frameworks"].get(str(score["winner_id"]))
    return framework["name"] if framework else "A framework since removed"
