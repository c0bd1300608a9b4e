"""What choosing an answer does: make criteria matter more or less, add or take points, or rule
frameworks out.

A points or deal-breaker effect reaches its target: one named framework, every framework of a
language, every framework with a tag, or every framework rated at a threshold on a criterion.
So a framework added later is judged by the same rules as the ones there when they were
written. Exactly one target per effect is a database constraint.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from comparisons.models import RATING_MAX, RATING_MIN, Criterion, Framework, Language, Tag
from questionnaire.models.questions import Option

IMPORTANCE_DELTA_LIMIT = 10
FIT_POINTS_LIMIT = 50
DELTA_RANGE_MESSAGE = (
    f"Use a non-zero change from -{IMPORTANCE_DELTA_LIMIT} to {IMPORTANCE_DELTA_LIMIT}."
)
POINTS_RANGE_MESSAGE = f"Use non-zero points from -{FIT_POINTS_LIMIT} to {FIT_POINTS_LIMIT}."
ONE_TARGET_MESSAGE = (
    "Choose exactly one target: a framework, a language, a tag, or a criterion with a rating."
)
THRESHOLD_MESSAGE = (
    f"A criterion target needs a rating from {RATING_MIN} to {RATING_MAX}, and only a "
    "criterion target has one."
)
TARGET_FIELDS = ("framework", "language", "tag", "criterion")


class ImportanceEffect(models.Model):
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="importance_effects")
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="importance_effects"
    )
    delta = models.SmallIntegerField(
        "change in importance",
        validators=[
            MinValueValidator(-IMPORTANCE_DELTA_LIMIT, message=DELTA_RANGE_MESSAGE),
            MaxValueValidator(IMPORTANCE_DELTA_LIMIT, message=DELTA_RANGE_MESSAGE),
        ],
        help_text="How much choosing this answer raises (positive) or lowers (negative) the "
        f"criterion's importance, from -{IMPORTANCE_DELTA_LIMIT} to {IMPORTANCE_DELTA_LIMIT}.",
    )

    class Meta:
        ordering = ["option", "criterion__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["option", "criterion"],
                name="importance_effect_one_per_option_and_criterion",
                violation_error_message="This answer already changes that criterion's importance.",
            ),
            models.CheckConstraint(
                condition=Q(delta__gte=-IMPORTANCE_DELTA_LIMIT)
                & Q(delta__lte=IMPORTANCE_DELTA_LIMIT)
                & ~Q(delta=0),
                name="importance_effect_delta_range",
                violation_error_message=DELTA_RANGE_MESSAGE,
            ),
        ]

    def __str__(self):
        return f"{self.criterion} {self.delta:+d}"


def target_constraints(prefix: str, already: str) -> list[models.BaseConstraint]:
    """Exactly one target; a threshold with (and only with) a criterion; one effect of a kind
    per answer and target (``already`` is the message when there is one)."""
    unset = {f"{name}__isnull": True for name in TARGET_FIELDS}
    one_target = Q()
    for name in TARGET_FIELDS:
        one_target |= Q(**{**unset, f"{name}__isnull": False})
    return [
        models.CheckConstraint(
            condition=one_target,
            name=f"{prefix}_one_target",
            violation_error_message=ONE_TARGET_MESSAGE,
        ),
        models.CheckConstraint(
            condition=Q(criterion__isnull=True, threshold__isnull=True)
            | Q(criterion__isnull=False, threshold__gte=RATING_MIN, threshold__lte=RATING_MAX),
            name=f"{prefix}_threshold_with_criterion",
            violation_error_message=THRESHOLD_MESSAGE,
        ),
        *(
            models.UniqueConstraint(
                fields=["option", name],
                condition=Q(**{f"{name}__isnull": False}),
                name=f"{prefix}_one_per_option_and_{name}",
                violation_error_message=already,
            )
            for name in TARGET_FIELDS
        ),
    ]


class TargetedEffect(models.Model):
    """An answer's effect on the frameworks its one target reaches."""

    # "higher" or "lower": which side of the threshold a criterion target reaches.
    THRESHOLD_SIDE = "higher"

    framework = models.ForeignKey(
        Framework,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Target one framework by name…",
    )
    language = models.ForeignKey(
        Language,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="…or every framework written in a language…",
    )
    tag = models.ForeignKey(
        Tag,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="…or every framework with a tag…",
    )
    criterion = models.ForeignKey(
        Criterion,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="…or every framework rated at the threshold or beyond on a criterion.",
    )
    threshold = models.PositiveSmallIntegerField(
        "rating threshold",
        null=True,
        blank=True,
        validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)],
        help_text=f"With a criterion: the rating ({RATING_MIN}–{RATING_MAX}) the rule starts at.",
    )
    reason = models.CharField(
        max_length=200,
        help_text="Shown to the visitor with the rule, e.g. “Your team already writes Python”.",
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if sum(getattr(self, f"{name}_id") is not None for name in TARGET_FIELDS) != 1:
            raise ValidationError(ONE_TARGET_MESSAGE)
        if (self.criterion_id is None) != (self.threshold is None):
            raise ValidationError({"threshold": THRESHOLD_MESSAGE})

    def target_text(self) -> str:
        """Whom it reaches, in plain words: “Django”, “Python frameworks”…"""
        for kind in TARGET_FIELDS:
            if getattr(self, f"{kind}_id") is not None:
                name = getattr(self, kind).name
                return describe_target(kind, name, self.threshold, self.THRESHOLD_SIDE)
        return "nothing yet"


def describe_target(kind: str, name: str, threshold=None, side: str = "higher") -> str:
    """Plain words for a target of this kind (one of TARGET_FIELDS) and name: “Django”,
    “Python frameworks”, “frameworks rated 4/5 or higher on Security out of the box”."""
    if kind == "framework":
        return name
    if kind == "language":
        return f"{name} frameworks"
    if kind == "tag":
        return f"frameworks tagged “{name}”"
    return f"frameworks rated {threshold}/{RATING_MAX} or {side} on {name}"


class FitEffect(TargetedEffect):
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="fit_effects")
    points = models.SmallIntegerField(
        validators=[
            MinValueValidator(-FIT_POINTS_LIMIT, message=POINTS_RANGE_MESSAGE),
            MaxValueValidator(FIT_POINTS_LIMIT, message=POINTS_RANGE_MESSAGE),
        ],
        help_text="Points added to (or, when negative, taken from) the match score of every "
        f"framework it reaches, from -{FIT_POINTS_LIMIT} to {FIT_POINTS_LIMIT}.",
    )

    class Meta:
        ordering = ["option", "id"]
        verbose_name = "points rule"
        constraints = [
            *target_constraints("fit_effect", "This answer already adjusts that target's score."),
            models.CheckConstraint(
                condition=Q(points__gte=-FIT_POINTS_LIMIT)
                & Q(points__lte=FIT_POINTS_LIMIT)
                & ~Q(points=0),
                name="fit_effect_points_range",
                violation_error_message=POINTS_RANGE_MESSAGE,
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="fit_effect_reason_required"),
        ]

    def __str__(self):
        return f"{self.points:+d} for {self.target_text()}"


class DealBreaker(TargetedEffect):
    THRESHOLD_SIDE = "lower"

    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="deal_breakers")

    class Meta:
        ordering = ["option", "id"]
        constraints = [
            *target_constraints("deal_breaker", "This answer already rules that target out."),
            models.CheckConstraint(condition=~Q(reason=""), name="deal_breaker_reason_required"),
        ]

    def __str__(self):
        return f"rules out {self.target_text()}"
