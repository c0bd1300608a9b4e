"""The questionnaire editors build, the effects each answer has, and visitors' submissions.

An option's effects are what make the recommendation explainable: each one says which
criterion matters more or less, which framework gains or loses points and why, or which
framework is ruled out and why.
"""

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from comparisons.models import Criterion, Framework

IMPORTANCE_DELTA_LIMIT = 10
FIT_POINTS_LIMIT = 50
DELTA_RANGE_MESSAGE = (
    f"Use a non-zero change from -{IMPORTANCE_DELTA_LIMIT} to {IMPORTANCE_DELTA_LIMIT}."
)
POINTS_RANGE_MESSAGE = f"Use non-zero points from -{FIT_POINTS_LIMIT} to {FIT_POINTS_LIMIT}."


def new_submission_token() -> str:
    # 16 random bytes = 128 bits, URL-safe base64 without padding (22 characters).
    return secrets.token_urlsafe(16)


class Section(models.Model):
    title = models.CharField(
        max_length=120, help_text="Shown as the heading of a group of questions."
    )
    intro = models.TextField(blank=True, help_text="An optional sentence under the heading.")
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Sections are shown from the lowest number to the highest."
    )

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", "Single choice (pick one)"
        MULTIPLE = "multiple", "Multiple choice (pick any)"

    section = models.ForeignKey(
        Section,
        on_delete=models.PROTECT,
        related_name="questions",
        help_text="The group this question is shown in.",
    )
    text = models.CharField(max_length=200, help_text="The question, as visitors read it.")
    help_text = models.CharField(
        "hint", max_length=300, blank=True, help_text="An optional hint shown under the question."
    )
    kind = models.CharField(
        max_length=10, choices=Kind.choices, default=Kind.SINGLE, help_text="How many answers."
    )
    required = models.BooleanField(
        default=True, help_text="Visitors must answer it before they get a recommendation."
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Questions are shown from the lowest number to the highest."
    )
    condition = models.ForeignKey(
        "Option",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dependent_questions",
        verbose_name="only show when this answer was chosen",
        help_text="Leave empty to always show the question. Otherwise it is shown (and "
        "counted) only when a visitor picked this answer to an earlier question.",
    )
    published = models.BooleanField(
        default=True, help_text="Unpublished questions are not shown and not counted."
    )

    class Meta:
        ordering = ["section__order", "section_id", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["single", "multiple"]), name="question_kind_known"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="question_text_required"),
        ]

    def __str__(self):
        return self.text

    def clean(self):
        super().clean()
        if self.condition_id is None:
            return
        condition_question = self.condition.question
        if self.pk and condition_question.pk == self.pk:
            raise ValidationError(
                {"condition": "A question cannot depend on one of its own answers."}
            )
        if self.section_id and _display_position(condition_question) >= _display_position(self):
            raise ValidationError(
                {
                    "condition": "The answer this question depends on must belong to a question "
                    "shown earlier. Move this question later, or pick an earlier answer."
                }
            )


def _display_position(question: Question) -> tuple:
    return (question.section.order, question.section_id, question.order, question.pk or 10**12)


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=160, help_text="The answer, as visitors read it.")
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Answers are listed from the lowest number to the highest."
    )
    advice_snippets = models.ManyToManyField(
        "comparisons.AdviceSnippet",
        blank=True,
        related_name="trigger_options",
        help_text="Advice shown on the result page when a visitor picks this answer.",
    )

    class Meta:
        ordering = ["question", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "label"],
                name="option_label_unique_per_question",
                violation_error_message="This question already has an answer with this text.",
            ),
            models.CheckConstraint(condition=~Q(label=""), name="option_label_required"),
        ]

    def __str__(self):
        return self.label


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


class FitEffect(models.Model):
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="fit_effects")
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="fit_effects")
    points = models.SmallIntegerField(
        validators=[
            MinValueValidator(-FIT_POINTS_LIMIT, message=POINTS_RANGE_MESSAGE),
            MaxValueValidator(FIT_POINTS_LIMIT, message=POINTS_RANGE_MESSAGE),
        ],
        help_text="Points added to (or, when negative, taken from) the framework's match score "
        f"when this answer is chosen, from -{FIT_POINTS_LIMIT} to {FIT_POINTS_LIMIT}. "
        "Match scores run from 0 to 100.",
    )
    reason = models.CharField(
        max_length=200,
        help_text="Shown to the visitor, e.g. “Your team already writes JavaScript”.",
    )

    class Meta:
        ordering = ["option", "framework__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["option", "framework"],
                name="fit_effect_one_per_option_and_framework",
                violation_error_message="This answer already adjusts that framework's score.",
            ),
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
        return f"{self.framework} {self.points:+d}"


class DealBreaker(models.Model):
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="deal_breakers")
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="deal_breakers")
    reason = models.CharField(
        max_length=200,
        help_text="Shown to the visitor, e.g. “Your project needs Python's data libraries”.",
    )

    class Meta:
        ordering = ["option", "framework__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["option", "framework"],
                name="deal_breaker_one_per_option_and_framework",
                violation_error_message="This answer already rules that framework out.",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="deal_breaker_reason_required"),
        ]

    def __str__(self):
        return f"rules out {self.framework}"


class ScoringSettings(models.Model):
    """The editor-set knobs of the recommendation. There is exactly one row (id 1)."""

    too_close_margin = models.DecimalField(
        "“too close to call” margin",
        max_digits=4,
        decimal_places=1,
        default=3,
        validators=[MinValueValidator(0), MaxValueValidator(50)],
        help_text="When the winner leads the runner-up by fewer points than this (scores run "
        "from 0 to 100), the result page says the choice is too close to call and shows both.",
    )

    class Meta:
        verbose_name = "scoring settings"
        verbose_name_plural = "scoring settings"
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="scoring_settings_single_row"),
            models.CheckConstraint(
                condition=Q(too_close_margin__gte=0) & Q(too_close_margin__lte=50),
                name="scoring_settings_margin_range",
            ),
        ]

    def __str__(self):
        return "Scoring settings"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "ScoringSettings":
        settings_row, _ = cls.objects.get_or_create(pk=1)
        return settings_row


class ResultLabels(models.Model):
    """The names and texts results show (frameworks, criteria, questions, answers, reasons,
    advice, ratings), stored once per state of the content for all of its results.

    A result record holds ids and numbers; this row holds what they stand for, as they read
    when the result was computed. It is written with the first result of a content state and
    never changes: an edit makes a new content version, and its first result a new row. So a
    shared result still reads as it did after any later edit, and the texts are not copied
    into every submission.
    """

    content_version = models.PositiveIntegerField()
    # ContentVersion.stamp, or a random one of its own for content that changed while it was
    # read: such labels are never shared.
    content_stamp = models.CharField(max_length=32)
    labels = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "result labels"
        constraints = [
            models.UniqueConstraint(
                fields=["content_version", "content_stamp"],
                name="result_labels_one_per_content_state",
            ),
        ]

    def __str__(self):
        return f"Result labels of content version {self.content_version}"


class SubmissionQuerySet(models.QuerySet):
    def mark_opened(self, token: str) -> bool:
        """Whether a result with this token exists; if so, it is marked as opened today.
        One query, and one more the first time it is opened on a day."""
        # .order_by(): one row by a unique key needs no sorting (first() would sort).
        found = list(self.filter(token=token).order_by().values_list("last_opened_on")[:1])
        if not found:
            return False
        today = timezone.localdate()
        if found[0][0] != today:
            self.filter(token=token).update(last_opened_on=today)
        return True

    def prunable(self, *, created_before, not_opened_since):
        """Results made before ``created_before`` that nobody opened since ``not_opened_since``
        (a date; a result never opened counts from the day it was made)."""
        return self.filter(created_at__lt=created_before).filter(
            Q(last_opened_on__lt=not_opened_since)
            | Q(last_opened_on__isnull=True, created_at__date__lt=not_opened_since)
        )


class Submission(models.Model):
    """A visitor's answers and the result computed from them, frozen at that moment."""

    token = models.CharField(
        max_length=43, unique=True, default=new_submission_token, editable=False
    )
    answers = models.JSONField(help_text="Question id → chosen option ids, as submitted.")
    result = models.JSONField(help_text="The computed recommendation, as shown on its page.")
    content_version = models.PositiveIntegerField(
        help_text="The content version the result was computed with."
    )
    labels = models.ForeignKey(
        ResultLabels,
        on_delete=models.PROTECT,
        related_name="submissions",
        help_text="The texts the result's ids stand for, as they read when it was computed.",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    last_opened_on = models.DateField(
        null=True,
        blank=True,
        help_text="The last day someone opened the result's page or data (none: not since "
        "it was made).",
    )
    recomputed_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recomputations",
        help_text="The earlier result this one recomputed with newer content, if any.",
    )

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(token__regex=r"^[A-Za-z0-9_-]{22,43}$"),  # noqa: S106 - not a password
                name="submission_token_format",
            ),
            models.CheckConstraint(
                condition=~Q(recomputed_from=F("id")), name="submission_not_recomputed_from_itself"
            ),
        ]

    def __str__(self):
        return f"Result {self.token[:6]}… ({self.created_at:%Y-%m-%d %H:%M})"


class StartingContentLoad(models.Model):
    """Records that a version of the starting content was loaded, so it loads only once.

    Without it, loading again would bring back what editors deliberately deleted.
    """

    version = models.PositiveIntegerField(unique=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]

    def __str__(self):
        return f"Starting content v{self.version} loaded {self.loaded_at:%Y-%m-%d %H:%M}"
