"""The published content as plain immutable data: what the questionnaire shows, the scorer's
snapshot, and the texts results keep.

It is read in a fixed number of queries, whatever its size, and cached under the content
version and its stamp (comparisons.content_version), which name one committed state of the
content for good. Each process also keeps the last content it read, with the scorer built
for it, while that state is current: a request then costs the one query for the version.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from comparisons.content_version import current_content_state
from comparisons.models import AdviceSnippet, Criterion, Framework, Rating
from questionnaire import scoring
from questionnaire.models import (
    ImportanceEffect,
    Option,
    Question,
    ScoringSettings,
    Section,
)
from questionnaire.rules import Traits, read_rules, read_traits
from stackadvisor.cache import cache_get, cache_set

# Bump when the shape of Content changes, so a new deploy never reads an old cache entry.
CONTENT_CACHE_SCHEMA = 10


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
    """Everything the questionnaire, the scorer and result records need."""

    version: int
    # With the version, names the committed state of the content this was read from; empty
    # when an edit landed while it was read (the data may then mix two states).
    stamp: str
    snapshot: scoring.Snapshot
    sections: tuple[SectionView, ...]
    frameworks: dict[int, FrameworkView]
    criteria: dict[int, tuple[str, str]]  # id → (slug, name)
    option_labels: dict[int, str]
    question_texts: dict[int, str]
    snippets: dict[int, SnippetView]
    option_snippet_ids: dict[int, tuple[int, ...]]
    # Per framework id, its verdicts' snippet ids, in the order of `snippets`.
    verdict_ids: dict[int, tuple[int, ...]]
    # Per framework id, its ratings in the order of the criteria.
    rating_rows: dict[int, tuple[int, ...]]
    # Per framework id, each rating's rationale, in the order of the criteria.
    rationale_rows: dict[int, tuple[str, ...]]
    # Per effect id, whom it reaches in plain words (“Python frameworks”).
    fit_targets: dict[int, str]
    deal_breaker_targets: dict[int, str]
    # Built once per content state (it pickles as its snapshot and is rebuilt when read).
    scorer: scoring.Scorer = field(compare=False, repr=False)

    def questions(self) -> list[QuestionView]:
        return [question for section in self.sections for question in section.questions]


# (cache key, content): the content this process read last.
_current: tuple[str, Content] | None = None


def get_content() -> Content:
    """The published content of the current version (one query when this process has it)."""
    global _current
    version, stamp = current_content_state()
    key = f"questionnaire-content:{CONTENT_CACHE_SCHEMA}:{version}:{stamp}"
    current = _current
    if current is not None and current[0] == key:
        return current[1]
    content = cache_get(key)
    if content is None:
        content = load_content(version, stamp)
        # Only keep what no edit landed in while it was read, so a key never holds a mix.
        if current_content_state() != (version, stamp):
            return replace(content, stamp="")
        cache_set(key, content)
    _current = (key, content)
    return content


def forget_local_content() -> None:
    """Drop this process's copy of the content. Only a database rolled back to an earlier
    state (between tests) makes it wrong: production never goes back to a version's stamp."""
    global _current
    _current = None


def load_content(version: int, stamp: str = "") -> Content:
    """Read the published content in a fixed number of queries (15), whatever its size: the
    frameworks visitors see (rated on every active criterion) and the active criteria."""
    frameworks = {
        row["id"]: FrameworkView(**row)
        for row in Framework.objects.published().values("id", "slug", "name", "language")
    }
    criteria_rows = list(
        Criterion.objects.filter(active=True)
        .values_list("id", "slug", "name", "base_importance")
        .order_by("order", "name")
    )
    criterion_ids = {row[0] for row in criteria_rows}
    rated = {
        (framework_id, criterion_id): (score, rationale)
        for framework_id, criterion_id, score, rationale in Rating.objects.filter(
            framework__published=True, criterion__active=True
        ).values_list("framework_id", "criterion_id", "score", "rationale")
        if framework_id in frameworks and criterion_id in criterion_ids
    }
    ratings = {key: score for key, (score, _) in rated.items()}
    traits = read_traits()
    snippets = _read_snippets()
    rules = read_rules(traits, {cid: name for cid, _, name, _ in criteria_rows}, frameworks)
    questions, sections = _read_questionnaire(_read_importance(), rules)
    margin = ScoringSettings.objects.values_list("too_close_margin", flat=True).first() or 0
    snapshot = scoring.Snapshot(
        version=version,
        frameworks=tuple(
            _scored_framework(f, traits)
            for f in sorted(frameworks.values(), key=lambda f: (f.name.casefold(), f.id))
        ),
        criteria=tuple(scoring.Criterion(*row) for row in criteria_rows),
        ratings=ratings,
        questions=tuple(questions),
        too_close_margin=float(margin),
    )
    return Content(
        version=version,
        stamp=stamp,
        snapshot=snapshot,
        sections=sections,
        frameworks=frameworks,
        criteria={cid: (slug, name) for cid, slug, name, _ in criteria_rows},
        option_labels={o.id: o.label for q in questions for o in q.options},
        question_texts={question.id: question.text for question in questions},
        snippets=snippets,
        option_snippet_ids=_option_snippet_ids(snippets),
        verdict_ids=_verdict_ids(snippets),
        scorer=scoring.Scorer(snapshot),
        rating_rows={
            framework_id: tuple(ratings[framework_id, row[0]] for row in criteria_rows)
            for framework_id in frameworks
        },
        rationale_rows={
            framework_id: tuple(rated[framework_id, row[0]][1] for row in criteria_rows)
            for framework_id in frameworks
        },
        fit_targets=rules.fit_targets,
        deal_breaker_targets=rules.deal_breaker_targets,
    )


def _scored_framework(framework: FrameworkView, traits: Traits) -> scoring.Framework:
    return scoring.Framework(
        framework.id,
        framework.slug,
        framework.name,
        languages=traits.languages.get(framework.id, ()),
        tags=traits.tags.get(framework.id, ()),
    )


def _read_importance() -> dict[int, list[scoring.ImportanceEffect]]:
    """Each answer's importance effects, by option id."""
    importance = defaultdict(list)
    for option_id, *effect in ImportanceEffect.objects.values_list(
        "option_id", "criterion_id", "delta"
    ):
        importance[option_id].append(scoring.ImportanceEffect(*effect))
    return importance


def _read_questionnaire(
    importance: dict, rules
) -> tuple[list[scoring.Question], tuple[SectionView, ...]]:
    """The published questions in display order, as the scorer takes them, and the sections
    that hold them as the questionnaire shows them."""
    options = defaultdict(list)
    for option_id, question_id, label in Option.objects.filter(
        question__published=True
    ).values_list("id", "question_id", "label"):
        options[question_id].append((option_id, label))
    option_ids = {option_id for pairs in options.values() for option_id, _ in pairs}
    sections = list(Section.objects.values_list("id", "title", "intro"))
    section_order = {section_id: index for index, (section_id, *_) in enumerate(sections)}
    rows = sorted(
        Question.objects.filter(published=True).values_list(
            "id", "section_id", "text", "help_text", "kind", "required", "condition_id"
        ),
        key=lambda row: section_order.get(row[1], len(section_order)),
    )
    # A condition on an unpublished answer can never be met: that question is never shown.
    rows = [row for row in rows if row[6] is None or row[6] in option_ids]
    views = defaultdict(list)
    questions = []
    for qid, section_id, text, hint, kind, required, condition_id in rows:
        multiple = kind == Question.Kind.MULTIPLE
        views[section_id].append(
            QuestionView(
                qid, section_id, text, hint, multiple, required, condition_id, tuple(options[qid])
            )
        )
        questions.append(
            scoring.Question(
                id=qid,
                text=text,
                multiple=multiple,
                required=required,
                condition_option_id=condition_id,
                options=tuple(
                    _scored_option(qid, *pair, importance, rules) for pair in options[qid]
                ),
            )
        )
    return questions, tuple(
        SectionView(section_id, title, intro, tuple(views[section_id]))
        for section_id, title, intro in sections
        if views[section_id]
    )


def _scored_option(question_id: int, option_id: int, label: str, importance, rules):
    return scoring.Option(
        id=option_id,
        question_id=question_id,
        label=label,
        importance_effects=tuple(importance[option_id]),
        fit_effects=tuple(rules.fits[option_id]),
        deal_breakers=tuple(rules.breakers[option_id]),
    )


def _read_snippets() -> dict[int, SnippetView]:
    """The published snippets, each with the published frameworks it is about."""
    frameworks = defaultdict(list)
    for snippet_id, framework_id in AdviceSnippet.frameworks.through.objects.filter(
        framework__published=True
    ).values_list("advicesnippet_id", "framework_id"):
        frameworks[snippet_id].append(framework_id)
    kind_labels = dict(AdviceSnippet.Kind.choices)
    return {
        sid: SnippetView(
            id=sid,
            title=title,
            kind=kind,
            kind_label=kind_labels.get(kind, kind),
            body=body,
            framework_ids=tuple(sorted(frameworks[sid])),
            criterion_id=criterion_id,
        )
        for sid, title, kind, body, criterion_id in AdviceSnippet.objects.published().values_list(
            "id", "title", "kind", "body", "criterion_id"
        )
    }


def _option_snippet_ids(snippets: dict[int, SnippetView]) -> dict[int, tuple[int, ...]]:
    """Per option id, the published snippets it brings as advice."""
    by_option = defaultdict(list)
    for option_id, snippet_id in Option.advice_snippets.through.objects.values_list(
        "option_id", "advicesnippet_id"
    ):
        if snippet_id in snippets:
            by_option[option_id].append(snippet_id)
    return {option_id: tuple(ids) for option_id, ids in by_option.items()}


def _verdict_ids(snippets: dict[int, SnippetView]) -> dict[int, tuple[int, ...]]:
    verdicts = defaultdict(list)
    for snippet in snippets.values():
        if snippet.kind == AdviceSnippet.Kind.VERDICT:
            for framework_id in snippet.framework_ids:
                verdicts[framework_id].append(snippet.id)
    return {framework_id: tuple(ids) for framework_id, ids in verdicts.items()}
