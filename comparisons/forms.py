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


class FrameworkFilterForm(forms.Form):
    """Narrow /frameworks/ by language and tag (`?language=python&tag=micro`)."""

    language = forms.ChoiceField(
        required=False,
        error_messages={"invalid_choice": "We list no framework in “%(value)s”. Please choose "
                        "a language from the list."},
    )  # fmt: skip
    tag = forms.ChoiceField(
        required=False,
        error_messages={"invalid_choice": "We have no tag “%(value)s”. Please choose a tag "
                        "from the list."},
    )  # fmt: skip

    def __init__(self, languages, tags, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", "Any language")] + [
            (language.slug, language.name) for language in languages
        ]
        self.fields["tag"].choices = [("", "Any tag")] + [(tag.slug, tag.name) for tag in tags]

    def filter(self, frameworks):
        """``frameworks`` narrowed to the valid choices."""
        if self.cleaned_data.get("language"):
            frameworks = frameworks.filter(languages__slug=self.cleaned_data["language"])
        if self.cleaned_data.get("tag"):
            frameworks = frameworks.filter(tags__slug=self.cleaned_data["tag"])
        return frameworks
