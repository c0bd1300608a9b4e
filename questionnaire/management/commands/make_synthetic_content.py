"""Multiply the site's content with synthetic copies, to measure how pages cope with growth.

"N times as much content" means N times the rows of every content table:

* ratings (frameworks × criteria): both dimensions grow by √N, so a framework page, a
  comparison and a result's breakdown all grow, and every framework stays rated on every
  criterion (with the starting content and N = 50: 3 × 11 = 33 ratings become 21 × 78 = 1,638);
* sections, questions, answers, answer effects (importance, fit, deal-breakers) and advice
  snippets, with their links: N − 1 copies of the existing questionnaire and snippets are added
  (6 questions and 22 answers become 300 and 1,100). A copy keeps the shape of its original —
  kinds, required flags, conditions (to the copy's own answers), number of answers and effects —
  while its effects and snippets point at other frameworks and criteria in turn.

Copies reuse the original texts with a suffix, so pages keep realistic lengths. Everything is
bulk-created in one transaction that bumps the content version once. The content is published
and shows on every public page: use it only on a throwaway database (the benchmark's).
"""

import math
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from comparisons.content_version import bump_content_version
from comparisons.models import AdviceSnippet, Criterion, Framework, Rating
from questionnaire.models import (
    DealBreaker,
    FitEffect,
    ImportanceEffect,
    Option,
    Question,
    Section,
)

COPY_MARKER = "-copy-"  # in the slugs of synthetic frameworks and criteria


def _with_suffix(text: str, suffix: str, limit: int) -> str:
    return text[: limit - len(suffix)] + suffix


class Command(BaseCommand):
    help = (
        "Add synthetic content so the site holds SCALE times the rows of its current content "
        "(frameworks × criteria ratings, questions, answers, effects, snippets). For "
        "benchmarks on a throwaway database only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=50, help="Content multiple (default 50).")
        parser.add_argument("--seed", type=int, default=20240601, help="For the ratings' scores.")
        parser.add_argument(
            "--throwaway-database",
            action="store_true",
            help="Required: confirms the database is a throwaway copy (the synthetic content "
            "is published and shows on every public page).",
        )

    def handle(self, *args, scale, seed, throwaway_database, **options):
        if not throwaway_database:
            raise CommandError(
                "This adds published synthetic content to the database. Run it only on a "
                "throwaway database, and say so with --throwaway-database."
            )
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        if Framework.objects.filter(slug__contains=COPY_MARKER).exists():
            raise CommandError("This database already holds synthetic content.")
        templates = list(Framework.objects.published().order_by("id"))
        criteria = list(Criterion.objects.order_by("order", "id"))
        if not templates or not criteria:
            raise CommandError("Load some content first (manage.py load_starting_content).")
        with transaction.atomic():
            made = _Multiplier(templates, criteria, scale, random.Random(seed)).run()  # noqa: S311
            bump_content_version()
        self.stdout.write(
            self.style.SUCCESS(
                f"Content multiplied by {scale}: "
                + ", ".join(f"{count} {what}" for what, count in made.items())
                + "."
            )
        )


class _Multiplier:
    def __init__(self, frameworks, criteria, scale: int, rng: random.Random):
        self.templates = frameworks
        self.template_criteria = criteria
        self.scale = scale
        self.rng = rng
        root = math.sqrt(scale)
        self.framework_target = max(len(frameworks), round(len(frameworks) * root))
        self.criterion_target = max(len(criteria), round(len(criteria) * root))

    def run(self) -> dict[str, int]:
        self.frameworks = self.templates + self._new_frameworks()
        self.criteria = self.template_criteria + self._new_criteria()
        self._complete_ratings()
        self._copy_snippets()
        self._copy_questionnaire()
        return {
            "frameworks": Framework.objects.published().count(),
            "criteria": Criterion.objects.count(),
            "ratings": Rating.objects.count(),
            "sections": Section.objects.count(),
            "questions": Question.objects.filter(published=True).count(),
            "answers": Option.objects.count(),
            "answer effects": ImportanceEffect.objects.count()
            + FitEffect.objects.count()
            + DealBreaker.objects.count(),
            "snippets": AdviceSnippet.objects.published().count(),
        }

    # -- frameworks × criteria ------------------------------------------------------------
    def _new_frameworks(self) -> list[Framework]:
        count = len(self.templates)
        new = []
        for i in range(count, self.framework_target):
            template, copy = self.templates[i % count], i // count + 1
            new.append(
                Framework(
                    name=_with_suffix(template.name, f" copy {copy}", 80),
                    slug=_with_suffix(template.slug, f"{COPY_MARKER}{copy}", 60),
                    language=template.language,
                    summary=template.summary,
                    website=template.website,
                    used_by=template.used_by,
                    published=True,
                )
            )
        return Framework.objects.bulk_create(new)

    def _new_criteria(self) -> list[Criterion]:
        count = len(self.template_criteria)
        last_order = max(criterion.order for criterion in self.template_criteria)
        new = []
        for j in range(count, self.criterion_target):
            template, copy = self.template_criteria[j % count], j // count + 1
            new.append(
                Criterion(
                    name=_with_suffix(template.name, f" (copy {copy})", 80),
                    slug=_with_suffix(template.slug, f"{COPY_MARKER}{copy}", 60),
                    description=template.description,
                    base_importance=template.base_importance,
                    order=min(32767, last_order + j),
                )
            )
        return Criterion.objects.bulk_create(new)

    def _complete_ratings(self) -> None:
        """Rate every framework on every criterion; new ratings copy a template's reason."""
        existing = {
            (rating.framework_id, rating.criterion_id): rating
            for rating in Rating.objects.filter(framework__in=self.templates)
        }
        template_count, criterion_count = len(self.templates), len(self.template_criteria)
        new = []
        for i, framework in enumerate(self.frameworks):
            for j, criterion in enumerate(self.criteria):
                if (framework.id, criterion.id) in existing:
                    continue
                template = existing.get(
                    (
                        self.templates[i % template_count].id,
                        self.template_criteria[j % criterion_count].id,
                    )
                )
                new.append(
                    Rating(
                        framework=framework,
                        criterion=criterion,
                        score=self.rng.randint(1, 5),
                        rationale=template.rationale if template else "A synthetic rating.",
                        source_url=template.source_url if template else "",
                    )
                )
        Rating.objects.bulk_create(new, batch_size=500)

    def _framework_for(self, framework_id: int, copy: int) -> int:
        """Copy `copy` of an effect on a template framework points at another framework."""
        position = next(i for i, f in enumerate(self.templates) if f.id == framework_id)
        return self.frameworks[(position + len(self.templates) * copy) % len(self.frameworks)].id

    def _criterion_for(self, criterion_id: int, copy: int) -> int:
        position = next(j for j, c in enumerate(self.template_criteria) if c.id == criterion_id)
        shifted = (position + len(self.template_criteria) * copy) % len(self.criteria)
        return self.criteria[shifted].id

    # -- advice ---------------------------------------------------------------------------
    def _copy_snippets(self) -> None:
        originals = list(AdviceSnippet.objects.order_by("id").prefetch_related("frameworks"))
        template_ids = {framework.id for framework in self.templates}
        self.snippet_copies: dict[tuple[int, int], int] = {}  # (original id, copy) → id
        new, links = [], []
        for copy in range(1, self.scale):
            for snippet in originals:
                new.append(
                    AdviceSnippet(
                        title=_with_suffix(snippet.title, f" (copy {copy})", 120),
                        kind=snippet.kind,
                        body=snippet.body,
                        criterion_id=self._criterion_for(snippet.criterion_id, copy)
                        if snippet.criterion_id
                        else None,
                        published=snippet.published,
                        order=snippet.order,
                    )
                )
        created = AdviceSnippet.objects.bulk_create(new, batch_size=500)
        through = AdviceSnippet.frameworks.through
        position = 0
        for copy in range(1, self.scale):
            for snippet in originals:
                made = created[position]
                position += 1
                self.snippet_copies[snippet.id, copy] = made.id
                links.extend(
                    through(
                        advicesnippet_id=made.id,
                        framework_id=self._framework_for(framework.id, copy),
                    )
                    for framework in snippet.frameworks.all()
                    if framework.id in template_ids
                )
        through.objects.bulk_create(links, batch_size=500, ignore_conflicts=True)

    # -- the questionnaire ----------------------------------------------------------------
    def _copy_questionnaire(self) -> None:
        sections = list(Section.objects.order_by("order", "id"))
        questions = list(Question.objects.order_by("section__order", "section_id", "order", "id"))
        options = list(Option.objects.order_by("question_id", "order", "id"))
        importance = list(ImportanceEffect.objects.all())
        fits = list(FitEffect.objects.filter(framework__in=self.templates))
        breakers = list(DealBreaker.objects.filter(framework__in=self.templates))
        option_snippets = list(Option.advice_snippets.through.objects.all())
        last_order = max((section.order for section in sections), default=0)

        new_sections = Section.objects.bulk_create(
            Section(
                title=_with_suffix(section.title, f" (copy {copy})", 120),
                intro=section.intro,
                order=min(32767, last_order + copy * len(sections) + index + 1),
            )
            for copy in range(1, self.scale)
            for index, section in enumerate(sections)
        )
        section_copy = {
            (section.id, copy): new_sections[(copy - 1) * len(sections) + index].id
            for copy in range(1, self.scale)
            for index, section in enumerate(sections)
        }
        # Questions first without conditions (those point at the copies' own answers).
        new_questions = Question.objects.bulk_create(
            (
                Question(
                    section_id=section_copy[question.section_id, copy],
                    text=_with_suffix(question.text, f" (copy {copy})", 200),
                    help_text=question.help_text,
                    kind=question.kind,
                    required=question.required,
                    order=question.order,
                    published=question.published,
                )
                for copy in range(1, self.scale)
                for question in questions
            ),
            batch_size=500,
        )
        question_copy = {
            (question.id, copy): new_questions[(copy - 1) * len(questions) + index]
            for copy in range(1, self.scale)
            for index, question in enumerate(questions)
        }
        new_options = Option.objects.bulk_create(
            (
                Option(
                    question_id=question_copy[option.question_id, copy].id,
                    label=option.label,
                    order=option.order,
                )
                for copy in range(1, self.scale)
                for option in options
            ),
            batch_size=500,
        )
        option_copy = {
            (option.id, copy): new_options[(copy - 1) * len(options) + index].id
            for copy in range(1, self.scale)
            for index, option in enumerate(options)
        }
        conditional = []
        for copy in range(1, self.scale):
            for question in questions:
                if question.condition_id:
                    made = question_copy[question.id, copy]
                    made.condition_id = option_copy[question.condition_id, copy]
                    conditional.append(made)
        Question.objects.bulk_update(conditional, ["condition"], batch_size=500)

        copies = range(1, self.scale)
        ImportanceEffect.objects.bulk_create(
            (
                ImportanceEffect(
                    option_id=option_copy[effect.option_id, copy],
                    criterion_id=self._criterion_for(effect.criterion_id, copy),
                    delta=effect.delta,
                )
                for copy in copies
                for effect in importance
            ),
            batch_size=500,
        )
        FitEffect.objects.bulk_create(
            (
                FitEffect(
                    option_id=option_copy[effect.option_id, copy],
                    framework_id=self._framework_for(effect.framework_id, copy),
                    points=effect.points,
                    reason=effect.reason,
                )
                for copy in copies
                for effect in fits
            ),
            batch_size=500,
        )
        DealBreaker.objects.bulk_create(
            (
                DealBreaker(
                    option_id=option_copy[breaker.option_id, copy],
                    framework_id=self._framework_for(breaker.framework_id, copy),
                    reason=breaker.reason,
                )
                for copy in copies
                for breaker in breakers
            ),
            batch_size=500,
        )
        through = Option.advice_snippets.through
        through.objects.bulk_create(
            (
                through(
                    option_id=option_copy[link.option_id, copy],
                    advicesnippet_id=self.snippet_copies[link.advicesnippet_id, copy],
                )
                for copy in copies
                for link in option_snippets
                if (link.advicesnippet_id, copy) in self.snippet_copies
            ),
            batch_size=500,
        )
