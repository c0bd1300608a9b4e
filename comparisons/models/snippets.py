"""Advice snippets: short Markdown texts editors attach to frameworks and answers."""

from django.db import models
from django.db.models import Q

from comparisons.models.catalogue import Criterion, Framework
from comparisons.models.fields import starting_key_field


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
    key = starting_key_field()
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
