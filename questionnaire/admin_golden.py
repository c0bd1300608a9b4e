"""Golden profiles in the admin: kept like any content, listed with whether each still gets
its expected winner from the content as it is now."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from comparisons.models import Framework
from questionnaire.content import get_content
from questionnaire.golden import answers_of, check_profile, problem_with
from questionnaire.models import GoldenProfile, Option
from stackadvisor.admin_history import ContentHistoryAdmin


class GoldenProfileForm(forms.ModelForm):
    class Meta:
        model = GoldenProfile
        fields = ["name", "answers", "expected_winners", "note"]
        widgets = {
            "answers": forms.CheckboxSelectMultiple,
            "expected_winners": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.content = get_content()
        self.fields["answers"].queryset = Option.objects.filter(pk__in=self.content.option_labels)
        # The answers grouped under their question, in the questionnaire's order.
        self.fields["answers"].choices = [
            (question.text, [(str(option_id), label) for option_id, label in question.options])
            for question in self.content.questions()
        ]
        self.fields["expected_winners"].queryset = Framework.objects.published()
        for name in ("answers", "expected_winners"):
            # Answers and frameworks are made on their own pages, not from here.
            self.fields[name].widget.can_add_related = False

    def clean(self):
        cleaned = super().clean()
        options = cleaned.get("answers")
        if options is not None:
            answers = answers_of((option.pk, option.question_id) for option in options)
            problem = problem_with(self.content, answers)
            if problem:
                raise ValidationError(
                    f"The questionnaire would refuse these answers: {problem}",
                    code="refused_answers",
                )
        return cleaned


@admin.register(GoldenProfile)
class GoldenProfileAdmin(ContentHistoryAdmin):
    form = GoldenProfileForm
    list_display = ["name", "expected", "outcome"]
    search_fields = ["name", "note"]
    readonly_fields = ["outcome"]
    fields = ["name", "answers", "expected_winners", "note", "outcome"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("answers", "expected_winners")

    @admin.display(description="expected winner")
    def expected(self, profile):
        return " or ".join(framework.name for framework in profile.expected_winners.all())

    @admin.display(description="with the content now")
    def outcome(self, profile):
        if profile.pk is None:
            return "Save the profile to check it."
        return check_profile(get_content(), profile).summary()

    def changelist_view(self, request, extra_context=None):
        content = get_content()
        checks = [check_profile(content, p) for p in self.get_queryset(request)]
        passing = sum(check.passes for check in checks)
        context = {"subtitle": f"{passing} of {len(checks)} pass with the content now."}
        return super().changelist_view(request, {**context, **(extra_context or {})})
