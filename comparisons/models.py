"""The knowledge editors keep: frameworks, the criteria they are judged on, and ratings.

Invariants live in the database (CheckConstraint / UniqueConstraint) so that no code path,
admin form or bulk load can store a rating of 7 or two ratings for the same pair.
"""

import datetime
import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse

# Lower-case words joined by single hyphens. Comparison URLs join slugs with "-vs-", so a slug
# may not have "vs" as a word (or "django-vs-express-vs-flask" could be read two ways).
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
RATING_MIN, RATING_MAX = 1, 5
IMPORTANCE_MIN, IMPORTANCE_MAX = 0, 10
RATING_RANGE_MESSAGE = f"A rating must be a whole number from {RATING_MIN} to {RATING_MAX}."
RATIONALE_REQUIRED_MESSAGE = "Say in one sentence why this rating holds."
IMPORTANCE_RANGE_MESSAGE = f"Importance must be from {IMPORTANCE_MIN} to {IMPORTANCE_MAX}."


def web_address_constraint(field: str, model_name: str) -> models.CheckConstraint:
    """Addresses are printed as links: only http(s) ones, so no javascript: or data: link can
    get onto a page by any path (the admin's form already refuses them)."""
    return models.CheckConstraint(
        condition=Q(**{field: ""}) | Q(**{f"{field}__regex": r"^https?://[^/]"}),
        name=f"{model_name}_{field}_web_address",
        violation_error_message="Use a web address starting with https:// or http://.",
    )


def slug_constraints(model_name: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(slug__regex=SLUG_PATTERN),
            name=f"{model_name}_slug_lowercase_words",
            violation_error_message="Use lower-case letters, digits and single hyphens only.",
        ),
        models.CheckConstraint(
            # "vs" as a word anywhere (not only "-vs-" inside): "next-vs" + "-vs-" + "nuxt"
            # would read back as "next" and "vs-nuxt".
            condition=~Q(slug__regex=r"(^|-)vs(-|$)"),
            name=f"{model_name}_slug_without_vs",
            violation_error_message='The short name may not contain "vs" as a word (it '
            "separates frameworks in comparison addresses).",
        ),
    ]


class FrameworkQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class Framework(models.Model):
    name = models.CharField(
        max_length=80, help_text="The name visitors know it by, e.g. “Express”."
    )
    slug = models.SlugField(
        "short name in addresses",
        max_length=60,
        unique=True,
        help_text="Used in page addresses such as /frameworks/django/. Lower-case letters, "
        "digits and hyphens. Changing it breaks links people have shared.",
    )
    language = models.CharField(
        max_length=60,
        help_text="The programming language and runtime, e.g. “JavaScript (Node.js)”.",
    )
    summary = models.TextField(
        help_text="Two or three sentences shown at the top of the framework's page."
    )
    website = models.URLField(blank=True, help_text="The project's official site (optional).")
    used_by = models.TextField(
        "used by",
        blank=True,
        help_text="Well-known products or companies that use it, one per line.",
    )
    published = models.BooleanField(
        default=False,
        help_text="Only published frameworks appear on public pages and in recommendations. "
        "Keep it off while the ratings are unfinished.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            *slug_constraints("framework"),
            web_address_constraint("website", "framework"),
            models.UniqueConstraint(
                Lower("name"),
                name="framework_name_unique_ignoring_case",
                violation_error_message="A framework with this name already exists.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("comparisons:framework-detail", kwargs={"slug": self.slug})

    @property
    def used_by_list(self) -> list[str]:
        return [line.strip() for line in self.used_by.splitlines() if line.strip()]


class Criterion(models.Model):
    name = models.CharField(
        max_length=80,
        unique=True,
        help_text="What frameworks are judged on, e.g. “Raw performance”.",
    )
    slug = models.SlugField(
        "short name in addresses",
        max_length=60,
        unique=True,
        help_text="Lower-case letters, digits and hyphens; used in links and data exports.",
    )
    description = models.TextField(
        help_text="One or two sentences telling visitors what this criterion covers."
    )
    base_importance = models.PositiveSmallIntegerField(
        default=3,
        validators=[
            MinValueValidator(IMPORTANCE_MIN, message=IMPORTANCE_RANGE_MESSAGE),
            MaxValueValidator(IMPORTANCE_MAX, message=IMPORTANCE_RANGE_MESSAGE),
        ],
        help_text=f"How much this criterion counts before any answer is given, from "
        f"{IMPORTANCE_MIN} (not at all) to {IMPORTANCE_MAX}. Questionnaire answers raise or "
        "lower it.",
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Criteria are listed from the lowest number to the highest."
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "criteria"
        constraints = [
            *slug_constraints("criterion"),
            models.CheckConstraint(
                condition=Q(base_importance__gte=IMPORTANCE_MIN)
                & Q(base_importance__lte=IMPORTANCE_MAX),
                name="criterion_base_importance_range",
                violation_error_message=IMPORTANCE_RANGE_MESSAGE,
            ),
        ]

    def __str__(self):
        return self.name


class Rating(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="ratings")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="ratings")
    score = models.PositiveSmallIntegerField(
        validators=[
            MinValueValidator(RATING_MIN, message=RATING_RANGE_MESSAGE),
            MaxValueValidator(RATING_MAX, message=RATING_RANGE_MESSAGE),
        ],
        help_text=f"From {RATING_MIN} (weak) to {RATING_MAX} (excellent).",
    )
    rationale = models.CharField(
        max_length=300,
        error_messages={"blank": RATIONALE_REQUIRED_MESSAGE},
        help_text="One sentence, shown next to the score, saying why it deserves it.",
    )
    source_url = models.URLField(
        "source", blank=True, help_text="A page that backs the rating up (optional)."
    )
    last_reviewed = models.DateField(
        default=datetime.date.today,
        help_text="When an editor last checked that this rating still holds.",
    )

    class Meta:
        ordering = ["framework__name", "criterion__order", "criterion__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "criterion"],
                name="rating_one_per_framework_and_criterion",
                violation_error_message="This framework already has a rating on this criterion.",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=RATING_MIN) & Q(score__lte=RATING_MAX),
                name="rating_score_range",
                violation_error_message=RATING_RANGE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=~Q(rationale=""),
                name="rating_rationale_required",
                violation_error_message=RATIONALE_REQUIRED_MESSAGE,
            ),
            web_address_constraint("source_url", "rating"),
        ]

    def __str__(self):
        return f"{self.framework} · {self.criterion}: {self.score}/{RATING_MAX}"


class AdviceSnippetQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class SnippetKind(models.TextChoices):
    INSIGHT = "insight", "Insight"
    PRACTICAL_NOTE = "practical", "Practical note"
    PERSONAL_TAKE = "personal", "Personal take"
    REAL_WORLD = "real-world", "Real-world advice"
    VERDICT = "verdict", "Verdict"


class AdviceSnippet(models.Model):
    Kind = SnippetKind

    title = models.CharField(max_length=120, help_text="A short heading for the snippet.")
    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        help_text="Verdicts are the one-line “pick X if …” summaries on comparison pages.",
    )
    body = models.TextField(
        help_text="Markdown: **bold**, *italic*, [links](https://example.com) and lists. "
        "Scripts, frames, styles and other unsafe HTML are removed when shown."
    )
    frameworks = models.ManyToManyField(
        Framework,
        blank=True,
        related_name="snippets",
        help_text="The frameworks this advice is about; for a verdict, the framework it picks.",
    )
    criterion = models.ForeignKey(
        Criterion,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="snippets",
        help_text="The criterion it speaks to, if any.",
    )
    published = models.BooleanField(default=True, help_text="Only published snippets are shown.")
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Snippets are listed from the lowest number to the highest."
    )
    objects = AdviceSnippetQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SnippetKind.values),
                name="advicesnippet_kind_known",
            ),
            models.CheckConstraint(condition=~Q(body=""), name="advicesnippet_body_required"),
        ]

    def __str__(self):
        return self.title


def new_content_stamp() -> str:
    return secrets.token_hex(8)


class ContentVersion(models.Model):
    """A counter that every write to a content table bumps, in the same transaction (database
    triggers, see comparisons.content_version); exactly one row (id 1).

    Caches of the content are keyed by it and every saved result records it, so every worker
    on every machine notices an edit on its next request, and a result page can say that the
    content changed since it was computed.
    """

    number = models.PositiveIntegerField(default=1)
    # Random, new at every bump: with the number it names one committed state of the content
    # for good, even where numbers repeat (a database restored from a backup and edited again),
    # so a process may keep content it read under it without asking the cache.
    stamp = models.CharField(max_length=16, default=new_content_stamp, editable=False)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="content_version_single_row"),
        ]

    def __str__(self):
        return f"Content version {self.number}"
