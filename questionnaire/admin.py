"""Admin for the questionnaire: questions with their answers, and each answer's effects.

Effects sit under their answer, and answers under their question (nested inlines), so an
editor sees on one page everything a question does to the recommendation.
"""

import nested_admin
from django.contrib import admin
from django.db.models import Count

from questionnaire.admin_impact import ImpactPreviewAdmin
from questionnaire.models import (
    DealBreaker,
    FitEffect,
    ImportanceEffect,
    Option,
    Question,
    ScoringSettings,
    Section,
    Submission,
)
from stackadvisor.admin_history import ContentHistoryAdmin


class ImportanceEffectInline(nested_admin.NestedTabularInline):
    model = ImportanceEffect
    extra = 0
    fields = ["criterion", "delta"]
    verbose_name = "importance change"
    verbose_name_plural = "makes these criteria matter more (+) or less (−)"


# Each rule fills exactly one target: a framework, a language, a tag, or a criterion with a
# rating threshold. Rules on traits reach frameworks added later too.
TARGET_FIELDS = ["framework", "language", "tag", "criterion", "threshold"]


class FitEffectInline(nested_admin.NestedTabularInline):
    model = FitEffect
    extra = 0
    fields = [*TARGET_FIELDS, "points", "reason"]
    verbose_name = "points rule"
    verbose_name_plural = (
        "adds points to (or takes points from) one framework, a language's or a tag's "
        "frameworks, or those rated at least the threshold on a criterion"
    )


class DealBreakerInline(nested_admin.NestedTabularInline):
    model = DealBreaker
    extra = 0
    fields = [*TARGET_FIELDS, "reason"]
    verbose_name = "deal-breaker"
    verbose_name_plural = (
        "rules out one framework, a language's or a tag's frameworks, or those rated at "
        "most the threshold on a criterion"
    )


class OptionInline(nested_admin.NestedStackedInline):
    model = Option
    extra = 0
    fields = [("label", "order"), "advice_snippets"]
    autocomplete_fields = ["advice_snippets"]
    inlines = [ImportanceEffectInline, FitEffectInline, DealBreakerInline]
    verbose_name = "answer"
    verbose_name_plural = "answers"


@admin.register(Question)
class QuestionAdmin(ImpactPreviewAdmin, ContentHistoryAdmin, nested_admin.NestedModelAdmin):
    list_display = ["text", "section", "kind", "required", "order", "published", "condition"]
    list_filter = ["section", "kind", "required", "published"]
    list_select_related = ["section", "condition"]
    search_fields = ["text", "help_text"]
    autocomplete_fields = ["condition"]
    inlines = [OptionInline]
    history_related = ("options",)
    fieldsets = [
        (None, {"fields": ["section", "text", "help_text", "kind", "required", "order"]}),
        ("Visibility", {"fields": ["published", "condition"]}),
    ]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["text", "kind", "required", "order", "published"]
    show_change_link = True


@admin.register(Section)
class SectionAdmin(ImpactPreviewAdmin, ContentHistoryAdmin):
    list_display = ["title", "order", "question_count"]
    list_editable = ["order"]
    search_fields = ["title", "intro"]
    inlines = [QuestionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_total=Count("questions"))

    @admin.display(description="questions", ordering="question_total")
    def question_count(self, section):
        return section.question_total


@admin.register(Option)
class OptionAdmin(ImpactPreviewAdmin, ContentHistoryAdmin, nested_admin.NestedModelAdmin):
    """Answers can also be edited on their own; the list helps find one across questions."""

    list_display = ["label", "question", "order"]
    list_filter = ["question__section", "question"]
    list_select_related = ["question"]
    search_fields = ["label", "question__text"]
    fields = ["question", "label", "order", "advice_snippets"]
    autocomplete_fields = ["question", "advice_snippets"]
    inlines = [ImportanceEffectInline, FitEffectInline, DealBreakerInline]


@admin.register(ScoringSettings)
class ScoringSettingsAdmin(ContentHistoryAdmin):
    list_display = ["__str__", "too_close_margin"]

    def has_add_permission(self, request):
        # One row only, created by a migration.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    """Visitors' results are records: readable here, never edited."""

    list_display = ["token", "created_at", "content_version"]
    date_hierarchy = "created_at"
    search_fields = ["token"]
    readonly_fields = [
        "token",
        "created_at",
        "content_version",
        "answers",
        "result",
        "labels",
        "recomputed_from",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# The "Content health" report, at /admin/content-health/ (questionnaire.admin_health).
from questionnaire.admin_health import add_to  # noqa: E402 - the hook is appended here

add_to(admin.site)

# Rules at a glance on each framework's page (questionnaire.admin_rules).
from questionnaire.admin_rules import register as register_rules  # noqa: E402

register_rules(admin.site)

# Ratings and criteria are checked for their effect on winners before they are saved too.
from questionnaire.admin_impact import register as register_impact_checks  # noqa: E402

register_impact_checks(admin.site)

# Golden profiles (questionnaire.admin_golden).
from questionnaire import admin_golden  # noqa: E402, F401
