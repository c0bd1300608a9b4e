"""Between the database and the pure scorer: load the content, score answers, save results.

The content is read in a fixed number of queries, whatever its size, and cached under the
content version and its stamp (see comparisons.content_version), which name one committed
state of the content for good: each process keeps the last content it read and reuses it
while they stay the same, so a request normally costs the one small query for the version.
"""

from __future__ import annotations

import logging
import secrets
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field, replace

from comparisons.cache import cache_get, cache_set
from comparisons.content_version import current_content_state
from comparisons.models import AdviceSnippet, Criterion, Framework, Rating
from questionnaire import scoring
from questionnaire.models import (
    DealBreaker,
    FitEffect,
    ImportanceEffect,
    Option,
    Question,
    ResultLabels,
    ScoringSettings,
    Section,
    Submission,
)

logger = logging.getLogger(__name__)

# Bump when the shape of Content (or of its cache entry) changes, so a new deploy never reads
# an old pickle.
CONTENT_CACHE_SCHEMA = 8
# In Content.rating_rows and result records: no rating (scored as the neutral one).
NOT_RATED = 0


@dataclass(frozen=True, slots=True)
class QuestionView:
    id: int
    section_id: int
    text: str
    hint: str
    multiple: bool
    required: bool
    condition_option_id: int | None
    options: tuple[tuple[int, str], ...]  # (option id, label) in display order


@dataclass(frozen=True, slots=True)
class SectionView:
    id: int
    title: str
    intro: str
    questions: tuple[QuestionView, ...]


@dataclass(frozen=True, slots=True)
class SnippetView:
    id: int
    title: str
    kind: str
    kind_label: str
    body: str  # Markdown source; rendered through the sanitiser when shown
    framework_ids: tuple[int, ...]
    criterion_id: int | None


@dataclass(frozen=True, slots=True)
class FrameworkView:
    id: int
    slug: str
    name: str
    language: str


@dataclass(frozen=True, slots=True)
class Content:
    """Everything the questionnaire and the scorer need, as plain immutable data."""

    version: int
    # With the version, names the committed state of the content this was read from; empty
    # when an edit landed while it was read (the data may then mix two states).
    stamp: str
    snapshot: scoring.Snapshot
    # Scores answers against the snapshot; made from it, so left out of comparisons.
    scorer: scoring.Scorer = field(compare=False, repr=False)
    sections: tuple[SectionView, ...]
    frameworks: dict[int, FrameworkView]
    criteria: dict[int, tuple[str, str]]  # id → (slug, name)
    option_labels: dict[int, str]
    question_texts: dict[int, str]
    snippets: dict[int, SnippetView]
    option_snippet_ids: dict[int, tuple[int, ...]]
    # Per framework id, its verdicts' snippet ids, in the order of `snippets`.
    verdict_ids: dict[int, tuple[int, ...]]
    # Per framework id, its ratings in the order of the criteria (NOT_RATED where it has
    # none), as result records store them (questionnaire.presentation).
    rating_rows: dict[int, tuple[int, ...]]

    def questions(self) -> list[QuestionView]:
        return [question for section in self.sections for question in section.questions]


# (cache key, content): the last content this process read or stored.
_last_read: tuple[str, Content] | None = None


def get_content() -> Content:
    """The published content of the current version.

    The version's number and stamp name one committed state of the content for good, so the
    content read under them is cached under them, and this process keeps the last one it
    used: most requests cost the one query that reads the version."""
    global _last_read
    version, stamp = current_content_state()
    key = f"questionnaire-content:{CONTENT_CACHE_SCHEMA}:{version}:{stamp}"
    last = _last_read
    if last is not None and last[0] == key:
        return last[1]
    content = cache_get(key)
    if content is None:
        content = load_content(version, stamp)
        # Only keep what no edit landed in while it was read, so a key never holds a mix.
        if current_content_state() != (version, stamp):
            return replace(content, stamp="")
        cache_set(key, content)
    _last_read = (key, content)
    return content


def last_read_content() -> Content | None:
    """The content this process read last (by get_content), without the query that says
    whether it is still current: for a write that checks that itself, in its own statement
    (save_submission with ``only_if_current``). None before this process has read any."""
    last = _last_read
    return None if last is None else last[1]


def forget_local_content() -> None:
    """Drop this process's own copy of the content and what it knows of result labels. Only
    a database rolled back to an earlier state (between tests) makes them wrong: production
    never goes back to a version's stamp, and never changes a ResultLabels row."""
    global _last_read
    _last_read = None
    _labels_ids.clear()
    _labels_read.clear()


def load_content(version: int, stamp: str = "") -> Content:
    """Read the published content in a fixed number of queries (13), whatever its size."""
    frameworks = {
        row["id"]: FrameworkView(**row)
        for row in Framework.objects.published().values("id", "slug", "name", "language")
    }
    criteria_rows = list(
        Criterion.objects.values_list("id", "slug", "name", "base_importance").order_by(
            "order", "name"
        )
    )
    ratings = {
        (framework_id, criterion_id): score
        for framework_id, criterion_id, score in Rating.objects.filter(
            framework__published=True
        ).values_list("framework_id", "criterion_id", "score")
    }
    sections = list(Section.objects.values_list("id", "title", "intro"))
    question_rows = list(
        Question.objects.filter(published=True).values_list(
            "id", "section_id", "text", "help_text", "kind", "required", "condition_id"
        )
    )
    option_rows = list(
        Option.objects.filter(question__published=True).values_list("id", "question_id", "label")
    )
    importance = defaultdict(list)
    for option_id, criterion_id, delta in ImportanceEffect.objects.values_list(
        "option_id", "criterion_id", "delta"
    ):
        importance[option_id].append(scoring.ImportanceEffect(criterion_id, delta))
    fits = defaultdict(list)
    for option_id, framework_id, points, reason in FitEffect.objects.filter(
        framework__published=True
    ).values_list("option_id", "framework_id", "points", "reason"):
        fits[option_id].append(scoring.FitEffect(framework_id, points, reason))
    breakers = defaultdict(list)
    for option_id, framework_id, reason in DealBreaker.objects.filter(
        framework__published=True
    ).values_list("option_id", "framework_id", "reason"):
        breakers[option_id].append(scoring.DealBreaker(framework_id, reason))
    snippet_frameworks = defaultdict(list)
    for snippet_id, framework_id in AdviceSnippet.frameworks.through.objects.filter(
        framework__published=True
    ).values_list("advicesnippet_id", "framework_id"):
        snippet_frameworks[snippet_id].append(framework_id)
    kind_labels = dict(AdviceSnippet.Kind.choices)
    snippets = {
        row[0]: SnippetView(
            id=row[0],
            title=row[1],
            kind=row[2],
            kind_label=kind_labels.get(row[2], row[2]),
            body=row[3],
            framework_ids=tuple(sorted(snippet_frameworks[row[0]])),
            criterion_id=row[4],
        )
        for row in AdviceSnippet.objects.published().values_list(
            "id", "title", "kind", "body", "criterion_id"
        )
    }
    option_snippets = defaultdict(list)
    for option_id, snippet_id in Option.advice_snippets.through.objects.values_list(
        "option_id", "advicesnippet_id"
    ):
        if snippet_id in snippets:
            option_snippets[option_id].append(snippet_id)
    verdicts = defaultdict(list)
    for snippet in snippets.values():
        if snippet.kind == AdviceSnippet.Kind.VERDICT:
            for framework_id in snippet.framework_ids:
                verdicts[framework_id].append(snippet.id)
    too_close_margin = float(
        ScoringSettings.objects.values_list("too_close_margin", flat=True).first() or 0
    )

    options_by_question = defaultdict(list)
    for option_id, question_id, label in option_rows:
        options_by_question[question_id].append((option_id, label))

    section_order = {section_id: index for index, (section_id, *_) in enumerate(sections)}
    question_rows.sort(key=lambda row: section_order.get(row[1], len(section_order)))
    scoring_questions = []
    views_by_section = defaultdict(list)
    option_ids = {row[0] for row in option_rows}
    for qid, section_id, text, hint, kind, required, condition_id in question_rows:
        if condition_id is not None and condition_id not in option_ids:
            # Its condition can never be met (the answer is unpublished): never shown.
            continue
        options = options_by_question[qid]
        scoring_questions.append(
            scoring.Question(
                id=qid,
                text=text,
                multiple=kind == Question.Kind.MULTIPLE,
                required=required,
                condition_option_id=condition_id,
                options=tuple(
                    scoring.Option(
                        id=option_id,
                        question_id=qid,
                        label=label,
                        importance_effects=tuple(importance[option_id]),
                        fit_effects=tuple(fits[option_id]),
                        deal_breakers=tuple(breakers[option_id]),
                    )
                    for option_id, label in options
                ),
            )
        )
        views_by_section[section_id].append(
            QuestionView(
                id=qid,
                section_id=section_id,
                text=text,
                hint=hint,
                multiple=kind == Question.Kind.MULTIPLE,
                required=required,
                condition_option_id=condition_id,
                options=tuple(options),
            )
        )

    snapshot = scoring.Snapshot(
        version=version,
        frameworks=tuple(
            scoring.Framework(f.id, f.slug, f.name)
            for f in sorted(frameworks.values(), key=lambda f: (f.name.casefold(), f.id))
        ),
        criteria=tuple(
            scoring.Criterion(cid, slug, name, base) for cid, slug, name, base in criteria_rows
        ),
        ratings=ratings,
        questions=tuple(scoring_questions),
        too_close_margin=too_close_margin,
    )
    return Content(
        version=version,
        stamp=stamp,
        snapshot=snapshot,
        scorer=scoring.Scorer(snapshot),
        sections=tuple(
            SectionView(section_id, title, intro, tuple(views_by_section[section_id]))
            for section_id, title, intro in sections
            if views_by_section[section_id]
        ),
        frameworks=frameworks,
        criteria={cid: (slug, name) for cid, slug, name, _ in criteria_rows},
        option_labels={option_id: label for option_id, _, label in option_rows},
        question_texts={row[0]: row[2] for row in question_rows},
        snippets=snippets,
        option_snippet_ids={key: tuple(value) for key, value in option_snippets.items()},
        verdict_ids={key: tuple(value) for key, value in verdicts.items()},
        rating_rows={
            framework_id: tuple(
                ratings.get((framework_id, row[0]), NOT_RATED) for row in criteria_rows
            )
            for framework_id in frameworks
        },
    )


def save_submission(
    content: Content,
    answers: dict[int, tuple[int, ...]],
    recomputed_from=None,
    *,
    only_if_current: bool = False,
) -> str | None:
    """Score the answers and store answers and result in one row, which points to the texts
    of this content state (stored once for all of its results: see ResultLabels), so later
    content edits never change a shared result. Returns the new result's token.

    With ``only_if_current``, the row is written only if ``content`` is still the current
    content when it is (the INSERT checks the version): otherwise nothing is written and
    None is returned."""
    from questionnaire.presentation import build_record

    effective, result = content.scorer.resolve_and_score(answers, include_breakdown=False)
    # One INSERT, atomic on its own: a transaction around it would only add BEGIN and COMMIT.
    return Submission.objects.add(
        # Written as JSON as they are: question ids become the keys' strings, tuples arrays.
        answers=answers,
        result=build_record(content, effective, result),
        content_version=content.version,
        labels_id=result_labels_id(content),
        recomputed_from_id=None if recomputed_from is None else recomputed_from.pk,
        only_if_content_state=(content.version, content.stamp) if only_if_current else None,
    )


# (content version, stamp) → id of its ResultLabels row: the rows this process has seen.
_labels_ids: dict[tuple[int, str], int] = {}
# How many content states' labels (ids, and texts read) a process keeps.
LABELS_KEPT = 8


def result_labels_id(content: Content) -> int:
    """The id of the ResultLabels row of this content's state, written if it has none yet.

    Costs no query once this process knows the row. Content read while an edit landed may
    mix two states: it gets a row of its own, never shared."""
    from questionnaire.presentation import build_labels

    if not content.stamp:
        return ResultLabels.objects.create(
            content_version=content.version,
            content_stamp=f"unshared-{secrets.token_hex(8)}",
            labels=build_labels(content),
        ).pk
    key = (content.version, content.stamp)
    known = _labels_ids.get(key)
    if known is None:
        # get_or_create: two processes writing the first result at once make one row.
        row, _ = ResultLabels.objects.only("id").get_or_create(
            content_version=content.version,
            content_stamp=content.stamp,
            defaults={"labels": lambda: build_labels(content)},
        )
        if len(_labels_ids) >= LABELS_KEPT:  # versions only move on: forget the old ones
            _labels_ids.clear()
        known = _labels_ids[key] = row.pk
    return known


# ResultLabels rows never change once written: the last few read, by id.
_labels_read: OrderedDict[int, dict] = OrderedDict()


def result_labels(labels_id: int | None) -> dict | None:
    """The labels of a ResultLabels row (None for records that hold their own texts)."""
    if labels_id is None:
        return None
    labels = _labels_read.get(labels_id)
    if labels is None:
        labels = ResultLabels.objects.values_list("labels", flat=True).get(pk=labels_id)
        _labels_read[labels_id] = labels
        while len(_labels_read) > LABELS_KEPT:
            _labels_read.popitem(last=False)
    else:
        _labels_read.move_to_end(labels_id)
    return labels
