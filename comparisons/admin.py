"""Admin for the knowledge editors keep. Written for editors who are not programmers."""

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.utils.html import format_html

from comparisons.markdown import render_markdown
from comparisons.models import AdviceSnippet, Criterion, Framework, Rating

# Editors paste addresses without a scheme; assume https (Django 6's default) rather than http.
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class RatingInline(admin.TabularInline):
    model = Rating
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    extra = 0
    fields = ["criterion", "score", "rationale", "source_url", "last_reviewed"]
    autocomplete_fields = ["criterion"]
    verbose_name = "rating"
    verbose_name_plural = "ratings (one per criterion, from 1 to 5)"


@admin.action(description="Publish the selected frameworks")
def publish(modeladmin, request, queryset):
    updated = queryset.update(published=True)
    modeladmin.message_user(request, f"{updated} framework(s) published.", messages.SUCCESS)


@admin.action(description="Unpublish the selected frameworks (hide them from public pages)")
def unpublish(modeladmin, request, queryset):
    updated = queryset.update(published=False)
    modeladmin.message_user(request, f"{updated} framework(s) unpublished.", messages.SUCCESS)


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["name", "language", "published", "rating_count", "updated_at"]
    list_filter = ["published", "language"]
    search_fields = ["name", "slug", "language", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    actions = [publish, unpublish]
    inlines = [RatingInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "language", "summary", "published"]}),
        ("More about it", {"fields": ["website", "used_by"]}),
        ("History", {"classes": ["collapse"], "fields": ["created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(rating_total=Count("ratings"))

    @admin.display(description="ratings", ordering="rating_total")
    def rating_count(self, framework):
        return framework.rating_total


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "base_importance", "order"]
    list_editable = ["order"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "description", "base_importance", "order"]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["framework", "criterion", "score", "rationale", "last_reviewed"]
    list_filter = ["framework", "criterion", "score"]
    list_select_related = ["framework", "criterion"]
    search_fields = ["framework__name", "criterion__name", "rationale"]
    autocomplete_fields = ["framework", "criterion"]
    date_hierarchy = "last_reviewed"


@admin.register(AdviceSnippet)
class AdviceSnippetAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "published", "order"]
    list_filter = ["kind", "published", "frameworks"]
    search_fields = ["title", "body"]
    filter_horizontal = ["frameworks"]
    autocomplete_fields = ["criterion"]
    readonly_fields = ["preview"]
    fields = ["title", "kind", "body", "preview", "frameworks", "criterion", "published", "order"]

    @admin.display(description="preview (as visitors will see it, after saving)")
    def preview(self, snippet):
        if not snippet.pk:
            return "Save the snippet to see a preview."
        return format_html('<div class="snippet-preview">{}</div>', render_markdown(snippet.body))
