"""A comparison weighed by importances a visitor chooses on the compare page, without the
questionnaire: the same personalised view a result's comparison gives, scored by the same
scorer with those importances and no answers."""

from dataclasses import replace

from django import forms

from comparisons.comparison import IMPORTANCE_SCALE
from questionnaire import scoring

WEIGHT_MIN, WEIGHT_MAX = IMPORTANCE_SCALE[0][0], IMPORTANCE_SCALE[-1][0]


class WeightsForm(forms.Form):
    """One importance per active criterion (``?<criterion slug>=<0–10>``); a criterion left
    out keeps its usual importance."""

    def __init__(self, criteria, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)  # scoring.Criterion
        for criterion in self.criteria:
            self.fields[criterion.slug] = forms.TypedChoiceField(
                label=criterion.name,
                choices=IMPORTANCE_SCALE,
                coerce=int,
                required=False,
                empty_value=criterion.base_importance,
                initial=criterion.base_importance,
                error_messages={
                    "invalid_choice": f"Choose an importance from {WEIGHT_MIN} to {WEIGHT_MAX} "
                    f"for {criterion.name}."
                },
            )

    def weights(self) -> dict[int, int]:
        """Criterion id → the chosen importance (valid forms only)."""
        return {criterion.id: self.cleaned_data[criterion.slug] for criterion in self.criteria}

    def fields_shown(self) -> list[dict]:
        """The form as the compare page draws it: each criterion with its chosen importance
        (its usual one where the choice was missing or refused)."""
        chosen = self.cleaned_data if self.is_valid() else {}
        return [
            {
                "slug": c.slug,
                "name": c.name,
                "value": chosen.get(c.slug, c.base_importance),
                "errors": self.errors.get(c.slug, []),
            }
            for c in self.criteria
        ]


def weighed_result(snapshot: scoring.Snapshot, slugs, weights: dict[int, int]) -> scoring.Result:
    """The frameworks ``slugs`` scored with these importances and no answers."""
    shown = set(slugs)
    weighed = replace(
        snapshot,
        frameworks=tuple(f for f in snapshot.frameworks if f.slug in shown),
        criteria=tuple(
            replace(criterion, base_importance=weights[criterion.id])
            for criterion in snapshot.criteria
        ),
        questions=(),
    )
    return scoring.score(weighed, {}, include_changes=False)
