"""The editor-set knobs of the recommendation."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q


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
