"""Golden profiles: answer sets editors keep with the winner they expect, as a check on the
content. The admin lists whether each still gets its expected winner, and an edit that would
change a golden profile's winner is shown to the editor before it is saved."""

from django.db import models
from django.db.models import Q

from comparisons.models.fields import starting_key_field
from questionnaire.models.questions import Option


class GoldenProfile(models.Model):
    name = models.CharField(max_length=120, unique=True, help_text="Who would answer this way.")
    answers = models.ManyToManyField(
        Option,
        related_name="golden_profiles",
        help_text="The answers this visitor picks: one per question, several where a "
        "question takes several.",
    )
    expected_winners = models.ManyToManyField(
        "comparisons.Framework",
        related_name="golden_profiles",
        help_text="The framework these answers should recommend; tick several where any of "
        "them is a right answer.",
    )
    note = models.TextField(help_text="Why this is the right recommendation for these answers.")
    key = starting_key_field()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="golden_name_required")]

    def __str__(self):
        return self.name
