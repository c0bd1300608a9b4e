"""The questionnaire editors build: sections, questions (some shown only after an earlier
answer) and their answers."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from comparisons.models.fields import starting_key_field


class Section(models.Model):
    title = models.CharField(
        max_length=120, help_text="Shown as the heading of a group of questions."
    )
    intro = models.TextField(blank=True, help_text="An optional sentence under the heading.")
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Sections are shown from the lowest number to the highest."
    )
    key = starting_key_field()

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
    key = starting_key_field()

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
    key = starting_key_field()

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
