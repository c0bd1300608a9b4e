"""Rules at a glance: on a framework's admin page, every answer's points rule and deal-breaker
that reaches it (named, by language, by tag, or by a rating threshold), each linked to the
question where it is edited. The framework admin lives in comparisons, which must not know the
questionnaire; so it is extended here, and registered again."""

from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from comparisons.admin import FrameworkAdmin
from comparisons.models import Framework
from questionnaire.admin_impact import ImpactPreviewAdmin
from questionnaire.models import DealBreaker, FitEffect


def rules_reaching(framework) -> list:
    """The points rules and deal-breakers that reach the framework, points rules first."""
    if framework.pk is None:
        return []
    ratings = dict(framework.ratings.values_list("criterion_id", "score"))
    reaches = (
        Q(framework=framework)
        | Q(language__in=framework.languages.all())
        | Q(tag__in=framework.tags.all())
    )
    found = []
    for model in (FitEffect, DealBreaker):
        rows = model.objects.filter(reaches | Q(criterion__isnull=False)).select_related(
            "option__question", "framework", "language", "tag", "criterion"
        )
        found += [rule for rule in rows if _reaches(rule, framework, ratings)]
    return found


def _reaches(rule, framework, ratings) -> bool:
    if rule.criterion_id is None:
        return True  # the query matched its framework, language or tag
    rating = ratings.get(rule.criterion_id)
    if rating is None:
        return False
    return rating >= rule.threshold if isinstance(rule, FitEffect) else rating <= rule.threshold


def _line(rule) -> tuple:
    question = rule.option.question
    what = f"{rule.points:+d} points" if isinstance(rule, FitEffect) else "rules it out"
    return (
        reverse("admin:questionnaire_question_change", args=[question.pk]),
        f"“{rule.option.label}” to “{question.text}”",
        what,
        rule.target_text(),
    )


class FrameworkWithRulesAdmin(ImpactPreviewAdmin, FrameworkAdmin):
    """Also checks, before saving, which winners its ratings change (admin_impact)."""

    readonly_fields = [*FrameworkAdmin.readonly_fields, "rules_reaching_it"]
    fieldsets = [
        *FrameworkAdmin.fieldsets[:2],
        ("Rules that reach it", {"fields": ["rules_reaching_it"]}),
        *FrameworkAdmin.fieldsets[2:],
    ]

    @admin.display(description="answers' rules")
    def rules_reaching_it(self, framework):
        rules = rules_reaching(framework)
        if not rules:
            return "No answer's rule reaches it: it is judged on its ratings alone."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a>: {} (for {})</li>',
                (_line(rule) for rule in rules),
            ),
        )


def register(site) -> None:
    site.unregister(Framework)
    site.register(Framework, FrameworkWithRulesAdmin)
