"""The catalogue: languages, tags, frameworks, the criteria they are judged on, and ratings."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.urls import reverse

from comparisons.models.fields import (
    IMPORTANCE_MAX,
    IMPORTANCE_MIN,
    IMPORTANCE_RANGE_MESSAGE,
    RATING_MAX,
    RATING_MIN,
    RATING_RANGE_MESSAGE,
    RATIONALE_REQUIRED_MESSAGE,
    slug_constraints,
    starting_key_field,
    web_address_constraint,
)


class Language(models.Model):
    """A programming language frameworks are written in; answers can target its frameworks."""

    name = models.CharField(max_length=40, unique=True, help_text="E.g. “Python”.")
    slug = models.SlugField(
        "short name in addresses",
        max_length=40,
        unique=True,
        help_text="Used in filters such as /frameworks/?language=python.",
    )
    key = starting_key_field()

    class Meta:
        ordering = ["name"]
        constraints = slug_constraints("language")

    def __str__(self):
        return self.name


class Tag(models.Model):
    """An editor-managed trait (“batteries-included”, “micro”…); answers can target it."""

    name = models.CharField(max_length=40, unique=True, help_text="E.g. “Batteries included”.")
    slug = models.SlugField(
        "short name in addresses",
        max_length=40,
        unique=True,
        help_text="Used in filters such as /frameworks/?tag=micro.",
    )
    description = models.CharField(
        max_length=200, help_text="One sentence saying which frameworks deserve the tag."
    )
    key = starting_key_field()

    class Meta:
        ordering = ["name"]
        constraints = slug_constraints("tag")

    def __str__(self):
        return self.name


class FrameworkQuerySet(models.QuerySet):
    def published(self):
        """Frameworks visitors see: published, and rated on every active criterion. An
        editor can only publish a complete framework; this also keeps out one that lost a
        rating later, so a missing rating is never shown or scored as anything."""
        return self.filter(published=True).complete()

    def complete(self):
        """Those rated on every active criterion."""
        return self.exclude(Exists(_missing_rating()))

    def incomplete(self):
        return self.filter(Exists(_missing_rating()))


def _missing_rating():
    """The active criteria the framework of the outer query has no rating on."""
    return Criterion.objects.filter(active=True).exclude(
        pk__in=Rating.objects.filter(framework=OuterRef(OuterRef("pk"))).values("criterion")
    )


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
        "language and runtime, as shown",
        max_length=60,
        help_text="How pages name its language and runtime, e.g. “JavaScript (Node.js)”.",
    )
    languages = models.ManyToManyField(
        Language,
        related_name="frameworks",
        help_text="Every language you can write it in: answers about a language reach these.",
    )
    tags = models.ManyToManyField(
        Tag,
        blank=True,
        related_name="frameworks",
        help_text="Traits answers can target, such as “micro” or “batteries included”.",
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
        "A framework can be published once it has a rating on every active criterion.",
    )
    key = starting_key_field()
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

    def unrated_criteria(self, rated_criterion_ids=None):
        """The active criteria it has no rating on (by default, among its saved ones; all of
        them for a framework not saved yet)."""
        if rated_criterion_ids is None:
            rated_criterion_ids = self.ratings.values("criterion") if self.pk else []
        return Criterion.objects.filter(active=True).exclude(pk__in=rated_criterion_ids)

    def missing_criteria(self, rated_criterion_ids=None) -> list[str]:
        """Names of the active criteria it has no rating on (see unrated_criteria)."""
        return list(self.unrated_criteria(rated_criterion_ids).values_list("name", flat=True))

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
    active = models.BooleanField(
        default=False,
        help_text="Only active criteria count in scores and show on public pages. A criterion "
        "can be made active once every published framework has a rating on it, so adding one "
        "never leaves a published framework unrated.",
    )
    key = starting_key_field()

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

    def unrated_published_frameworks(self) -> list[str]:
        """Names of the published frameworks with no rating on it: it can be made active
        only once there are none."""
        unrated = Framework.objects.filter(published=True)
        if self.pk is not None:
            unrated = unrated.exclude(ratings__criterion_id=self.pk)
        return list(unrated.values_list("name", flat=True))

    def clean(self):
        super().clean()
        was_active = (
            self.pk is not None and Criterion.objects.filter(pk=self.pk, active=True).exists()
        )
        if not self.active or was_active:
            return
        names = self.unrated_published_frameworks()
        if names:
            raise ValidationError(
                {
                    "active": "It can count once every published framework has a rating on "
                    f"it. Rate these first, or unpublish them: {', '.join(names)}."
                }
            )


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
