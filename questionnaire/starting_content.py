"""Load the starting content (questionnaire/starting_content.toml) into an empty site.

Idempotent and editor-safe: each version of the file is loaded at most once (recorded in
StartingContentLoad), and loading only ever creates what is missing — it never updates or
deletes a row, so nothing an editor changed is overwritten.
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from comparisons.models import AdviceSnippet, Criterion, Framework, Rating
from questionnaire.models import (
    DealBreaker,
    FitEffect,
    ImportanceEffect,
    Option,
    Question,
    ScoringSettings,
    Section,
    StartingContentLoad,
)

STARTING_CONTENT_PATH = Path(__file__).with_name("starting_content.toml")


class StartingContentError(Exception):
    """The content file refers to something it does not define."""


@dataclass
class LoadReport:
    version: int
    already_loaded: bool = False
    created: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, was_created: bool) -> None:
        if was_created:
            self.created[kind] = self.created.get(kind, 0) + 1

    def summary(self) -> str:
        if self.already_loaded:
            return f"Starting content v{self.version} is already loaded; nothing to do."
        made = ", ".join(f"{n} {kind}" for kind, n in self.created.items()) or "nothing new"
        return f"Loaded starting content v{self.version}: created {made}."


def load_starting_content(path: Path = STARTING_CONTENT_PATH) -> LoadReport:
    with path.open("rb") as content_file:
        data = tomllib.load(content_file)
    report = LoadReport(version=data["version"])
    with transaction.atomic():
        # Lock-free but race-safe enough: the unique version makes a concurrent second
        # load fail on insert and roll back instead of loading twice.
        if StartingContentLoad.objects.filter(version__gte=report.version).exists():
            report.already_loaded = True
            return report
        _Loader(data, report).load()
        StartingContentLoad.objects.create(version=report.version)
    return report


class _Loader:
    def __init__(self, data: dict, report: LoadReport):
        self.data = data
        self.report = report
        self.criteria: dict[str, Criterion] = {}
        self.frameworks: dict[str, Framework] = {}
        self.snippets: dict[str, AdviceSnippet] = {}
        self.options: dict[str, Option] = {}

    def load(self) -> None:
        settings_row, created = ScoringSettings.objects.get_or_create(
            pk=1, defaults={"too_close_margin": self.data.get("too_close_margin", 3)}
        )
        self.report.count("scoring settings", created)
        for item in self.data.get("criteria", []):
            self._load_criterion(item)
        for item in self.data.get("frameworks", []):
            self._load_framework(item)
        for item in self.data.get("snippets", []):
            self._load_snippet(item)
        for item in self.data.get("sections", []):
            self._load_section(item)

    def _lookup(self, table: dict, key: str, what: str, where: str):
        try:
            return table[key]
        except KeyError:
            raise StartingContentError(
                f"{where} refers to the {what} {key!r}, which the file does not define "
                f"(known: {', '.join(sorted(table)) or 'none'})."
            ) from None

    def _load_criterion(self, item: dict) -> None:
        criterion, created = Criterion.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "description": item["description"],
                "base_importance": item["base_importance"],
                "order": item.get("order", 0),
            },
        )
        self.criteria[criterion.slug] = criterion
        self.report.count("criteria", created)

    def _load_framework(self, item: dict) -> None:
        framework, created = Framework.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "language": item["language"],
                "summary": item["summary"],
                "website": item.get("website", ""),
                "used_by": "\n".join(item.get("used_by", [])),
                "published": item.get("published", False),
            },
        )
        self.frameworks[framework.slug] = framework
        self.report.count("frameworks", created)
        for criterion_slug, rating in item.get("ratings", {}).items():
            criterion = self._lookup(
                self.criteria, criterion_slug, "criterion", f"The {framework.slug} ratings"
            )
            _, created = Rating.objects.get_or_create(
                framework=framework,
                criterion=criterion,
                defaults={
                    "score": rating["score"],
                    "rationale": rating["rationale"],
                    "source_url": rating.get("source", ""),
                },
            )
            self.report.count("ratings", created)

    def _load_snippet(self, item: dict) -> None:
        criterion = None
        if item.get("criterion"):
            criterion = self._lookup(
                self.criteria, item["criterion"], "criterion", f"Snippet {item['title']!r}"
            )
        snippet, created = AdviceSnippet.objects.get_or_create(
            title=item["title"],
            defaults={
                "kind": item["kind"],
                "body": item["body"],
                "criterion": criterion,
                "order": item.get("order", 0),
            },
        )
        if created:
            snippet.frameworks.set(
                self._lookup(self.frameworks, slug, "framework", f"Snippet {snippet.title!r}")
                for slug in item.get("frameworks", [])
            )
        self.snippets[snippet.title] = snippet
        self.report.count("snippets", created)

    def _load_section(self, item: dict) -> None:
        section, created = Section.objects.get_or_create(
            title=item["title"],
            defaults={"intro": item.get("intro", ""), "order": item.get("order", 0)},
        )
        self.report.count("sections", created)
        for question_item in item.get("questions", []):
            self._load_question(section, question_item)

    def _load_question(self, section: Section, item: dict) -> None:
        condition = None
        if item.get("condition"):
            condition = self._lookup(
                self.options, item["condition"], "answer", f"Question {item['key']!r}"
            )
        question, created = Question.objects.get_or_create(
            text=item["text"],
            defaults={
                "section": section,
                "help_text": item.get("hint", ""),
                "kind": item.get("kind", Question.Kind.SINGLE),
                "required": item.get("required", True),
                "order": item.get("order", 0),
                "condition": condition,
            },
        )
        self.report.count("questions", created)
        for option_item in item.get("options", []):
            self._load_option(question, item["key"], option_item)

    def _load_option(self, question: Question, question_key: str, item: dict) -> None:
        option, created = Option.objects.get_or_create(
            question=question, label=item["label"], defaults={"order": item.get("order", 0)}
        )
        key = f"{question_key}/{item['key']}"
        self.options[key] = option
        self.report.count("answers", created)
        if not created:
            # An existing answer's effects are the editors' to change; leave them alone.
            return
        where = f"Answer {key!r}"
        for criterion_slug, delta in item.get("importance", {}).items():
            ImportanceEffect.objects.create(
                option=option,
                criterion=self._lookup(self.criteria, criterion_slug, "criterion", where),
                delta=delta,
            )
            self.report.count("answer effects", True)
        for fit in item.get("fit", []):
            FitEffect.objects.create(
                option=option,
                framework=self._lookup(self.frameworks, fit["framework"], "framework", where),
                points=fit["points"],
                reason=fit["reason"],
            )
            self.report.count("answer effects", True)
        for breaker in item.get("deal_breakers", []):
            DealBreaker.objects.create(
                option=option,
                framework=self._lookup(self.frameworks, breaker["framework"], "framework", where),
                reason=breaker["reason"],
            )
            self.report.count("answer effects", True)
        option.advice_snippets.set(
            self._lookup(self.snippets, title, "snippet", where)
            for title in item.get("snippets", [])
        )
