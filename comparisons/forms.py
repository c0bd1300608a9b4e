from django import forms

from comparisons.comparison import MAX_FRAMEWORKS, MIN_FRAMEWORKS


class ComparePickerForm(forms.Form):
    """Pick two to four frameworks; validates the `?f=…&f=…` query string."""

    f = forms.MultipleChoiceField(
        label="Frameworks to compare",
        help_text=f"Choose {MIN_FRAMEWORKS} to {MAX_FRAMEWORKS}.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": f"Choose at least {MIN_FRAMEWORKS} frameworks to compare.",
            "invalid_choice": "“%(value)s” is not a framework we compare. Please choose from "
            "the list.",
        },
    )

    def __init__(self, frameworks, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["f"].choices = [(framework.slug, framework.name) for framework in frameworks]

    def clean_f(self):
        slugs = list(dict.fromkeys(self.cleaned_data["f"]))  # drop repeats, keep order
        if len(slugs) < MIN_FRAMEWORKS:
            raise forms.ValidationError(
                f"Choose at least {MIN_FRAMEWORKS} different frameworks to compare."
            )
        if len(slugs) > MAX_FRAMEWORKS:
            raise forms.ValidationError(
                f"Choose at most {MAX_FRAMEWORKS} frameworks: more would not fit side by side."
            )
        return slugs
