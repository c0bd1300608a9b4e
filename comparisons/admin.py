"""Admin for the knowledge editors keep. Written for editors who are not programmers."""

import reversion
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from import_export.admin import ImportExportMixin

from comparisons.markdown import render_markdown
from comparisons.models import AdviceSnippet, Criterion, Framework, Language, Rating, Tag
from comparisons.resources import CriterionResource, FrameworkResource, RatingResource
from stackadvisor.admin_history import ContentHistoryAdmin

# Editors paste addresses without a scheme; assume https (Django 6's default) rather than http.
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


def incomplete_message(name: str, missing: list[str]) -> str:
    return (
        f"{name} can be published only once it is rated on every active criterion. Missing: "
        f"{', '.join(missing)}. Add those ratings, or untick “published” to keep it a draft."
    )


class RatingFormSet(BaseInlineFormSet):
    """Refuses to leave a published framework without a rating on an active criterion."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["aria-label"] = (
                f"Delete the rating for {form.criterion_name or 'this criterion'}"
            )

    def clean(self):
        super().clean()
        # The framework form has already put the submitted values on the instance.
        if not self.instance.published or any(self.errors):
            return
        rated = {
            form.cleaned_data["criterion"].pk
            for form in self.forms
            if form.cleaned_data.get("criterion") and not form.cleaned_data.get("DELETE")
        }
        missing = self.instance.missing_criteria(rated)
        if missing:
            raise ValidationError(incomplete_message(self.instance.name or "A framework", missing))


class RatingRowForm(forms.ModelForm):
    """A row of the ratings grid. Each input is named after its criterion ("Score for
    Security"): screen readers do not take the grid's column headings as labels."""

    def __init__(self, *args, criterion_names=None, **kwargs):
        super().__init__(*args, **kwargs)
        criterion_id = self.instance.criterion_id or self.initial.get("criterion")
        self.criterion_name = criterion = (criterion_names or {}).get(criterion_id)
        for name, field in self.fields.items():
            label = field.label or name
            field.widget.attrs["aria-label"] = (
                f"{label} for {criterion}" if criterion else f"{label} of a new rating"
            )


class RatingInline(admin.TabularInline):
    model = Rating
    form = RatingRowForm
    formset = RatingFormSet
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    extra = 0
    fields = ["criterion", "score", "rationale", "source_url", "last_reviewed"]
    autocomplete_fields = ["criterion"]
    verbose_name = "rating"
    verbose_name_plural = "ratings (one per criterion, from 1 to 5)"

    @staticmethod
    def unrated_criteria(framework) -> list:
        """The active criteria the framework has no rating on (all of them for a new one)."""
        if framework is None:
            return list(Criterion.objects.filter(active=True))
        return list(framework.unrated_criteria())

    def get_extra(self, request, obj=None, **kwargs):
        # A row ready for each criterion still to rate: a framework is rated in one pass.
        return len(self.unrated_criteria(obj))


@admin.action(description="Publish the selected frameworks")
def publish(modeladmin, request, queryset):
    incomplete = [
        incomplete_message(framework.name, missing)
        for framework in queryset
        if (missing := framework.missing_criteria())
    ]
    if incomplete:
        # All or nothing: the editor fixes the list and publishes again.
        for message in incomplete:
            modeladmin.message_user(request, message, messages.ERROR)
        modeladmin.message_user(request, "Nothing was published.", messages.ERROR)
        return
    updated = queryset.update(published=True)
    modeladmin.message_user(request, f"{updated} framework(s) published.", messages.SUCCESS)


@admin.action(description="Unpublish the selected frameworks (hide them from public pages)")
def unpublish(modeladmin, request, queryset):
    updated = queryset.update(published=False)
    modeladmin.message_user(request, f"{updated} framework(s) unpublished.", messages.SUCCESS)


class CatalogueImportExportMixin(ImportExportMixin):
    """Import (with a preview, before anything is saved) and export, in CSV, XLSX or JSON.

    The import checks every row as the admin's forms do and lists each bad row with its
    errors; one bad row and nothing is saved (see comparisons/resources.py).
    """

    # Each error names its row and shows the row's values.
    import_error_display = ("message", "row")

    def has_import_permission(self, request):
        # IMPORT_EXPORT_IMPORT_PERMISSION_CODE asks for "change"; an import also adds rows.
        return super().has_import_permission(request) and self.has_add_permission(request)

    def process_import(self, request, **kwargs):
        # A confirmed import is one saved change in the content's history, in the editor's name.
        with self.create_revision(request):
            reversion.set_comment("Imported from a file.")
            return super().process_import(request, **kwargs)

    def get_import_data_kwargs(self, **kwargs):
        # Should a row turn out invalid only when the import is confirmed (the content changed
        # since the preview), the whole import is rolled back too, not only that row skipped.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def process_result(self, result, request):
        if not (result.has_errors() or result.has_validation_errors()):
            return super().process_result(result, request)
        self.message_user(
            request,
            "Nothing was imported: the content changed since the preview, and some rows are "
            "no longer valid. Import the file again to see which.",
            messages.ERROR,
        )
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))


class CompleteFilter(admin.SimpleListFilter):
    title = "rated on every active criterion"
    parameter_name = "complete"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No: ratings missing")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.complete()
        if self.value() == "no":
            return queryset.incomplete()
        return queryset


@admin.register(Framework)
class FrameworkAdmin(CatalogueImportExportMixin, ContentHistoryAdmin):
    resource_classes = [FrameworkResource]
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["name", "language", "published", "rating_count", "updated_at"]
    list_filter = ["published", CompleteFilter, "languages", "tags"]
    search_fields = ["name", "slug", "language", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["missing_ratings", "created_at", "updated_at"]
    actions = [publish, unpublish]
    inlines = [RatingInline]
    history_related = ("ratings",)
    fieldsets = [
        (None, {"fields": ["name", "slug", "language", "summary"]}),
        ("What answers can target", {"fields": ["languages", "tags"]}),
        ("Publishing", {"fields": ["published", "missing_ratings"]}),
        ("More about it", {"fields": ["website", "used_by"]}),
        ("History", {"classes": ["collapse"], "fields": ["created_at", "updated_at"]}),
    ]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, RatingInline):
            # The rows to fill in name their criterion (the review date defaults to today); a
            # row left as it is stays unsaved.
            kwargs["initial"] = [
                {"criterion": criterion.pk} for criterion in inline.unrated_criteria(obj)
            ]
            kwargs["form_kwargs"] = {
                "criterion_names": dict(Criterion.objects.values_list("pk", "name"))
            }
        return kwargs

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # A handful of choices each: plain checkboxes, which work without JavaScript.
        kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(rating_total=Count("ratings", filter=Q(ratings__criterion__active=True)))
        )

    @admin.display(description="ratings on active criteria", ordering="rating_total")
    def rating_count(self, framework):
        return framework.rating_total

    @admin.display(description="missing ratings")
    def missing_ratings(self, framework):
        missing = framework.missing_criteria()
        if not missing:
            return "None: it is rated on every active criterion, so it can be published."
        return f"{', '.join(missing)}. It can be published once these are rated."


@admin.register(Criterion)
class CriterionAdmin(CatalogueImportExportMixin, ContentHistoryAdmin):
    resource_classes = [CriterionResource]
    list_display = ["name", "active", "base_importance", "order"]
    list_filter = ["active"]
    list_editable = ["order"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "description", "base_importance", "order", "active"]


class TraitAdmin(ContentHistoryAdmin):
    list_display = ["name", "slug", "framework_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(framework_total=Count("frameworks"))

    @admin.display(description="frameworks", ordering="framework_total")
    def framework_count(self, trait):
        return trait.framework_total


@admin.register(Language)
class LanguageAdmin(TraitAdmin):
    fields = ["name", "slug"]


@admin.register(Tag)
class TagAdmin(TraitAdmin):
    fields = ["name", "slug", "description"]


@admin.register(Rating)
class RatingAdmin(CatalogueImportExportMixin, ContentHistoryAdmin):
    resource_classes = [RatingResource]
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["framework", "criterion", "score", "rationale", "last_reviewed"]
    list_filter = ["framework", "criterion", "score"]
    list_select_related = ["framework", "criterion"]
    search_fields = ["framework__name", "criterion__name", "rationale"]
    autocomplete_fields = ["framework", "criterion"]
    date_hierarchy = "last_reviewed"


@admin.register(AdviceSnippet)
class AdviceSnippetAdmin(ContentHistoryAdmin):
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
