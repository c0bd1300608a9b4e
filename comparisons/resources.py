"""Import and export of the catalogue (django-import-export): criteria, frameworks, ratings.

Rows are found by short names (slugs), never by database ids, so a file exported from one
site imports into another. Imports run in one transaction, each row validated as the admin's
forms validate it (``full_clean``: field validators and database constraints); a file with
any bad row saves nothing. Import criteria first, then frameworks, then ratings: each refers
to the rows before it by short name.

The starting content key (``key``) is left out: it is the starting content loader's, set on
the rows it created, and editors never see or set it.
"""

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from comparisons.models import Criterion, Framework, Language, Rating, Tag

DATE_FORMAT = "%Y-%m-%d"


class SlugForeignKeyWidget(widgets.ForeignKeyWidget):
    """A related row by its short name; an unknown one is an error of the row's field."""

    def __init__(self, model):
        super().__init__(model, field="slug")

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                f"No {self.model._meta.verbose_name} has the short name “{value}”."
            ) from None


class SlugsWidget(widgets.ManyToManyWidget):
    """Related rows as their short names separated by commas, e.g. ``python,typescript``.

    Unlike the library's widget, an unknown short name is an error rather than dropped, and
    ``required`` refuses an empty list (a framework is written in one language at least).
    """

    def __init__(self, model, required=False):
        super().__init__(model, separator=",", field="slug")
        self.required = required

    def clean(self, value, row=None, **kwargs):
        slugs = {slug.strip() for slug in str(value or "").split(self.separator)} - {""}
        name = self.model._meta.verbose_name
        if self.required and not slugs:
            raise ValueError(f"Give one {name} at least, by its short name.")
        found = self.model.objects.filter(slug__in=slugs)
        unknown = slugs - {item.slug for item in found}
        if unknown:
            raise ValueError(f"Unknown {name} short name(s): {', '.join(sorted(unknown))}.")
        return found


def text_field(name: str) -> fields.Field:
    """A TextField's column: an empty cell (as XLSX reads it) is an empty text, not null."""
    return fields.Field(attribute=name, column_name=name, widget=widgets.CharWidget())


class CatalogueResource(resources.ModelResource):
    """What every catalogue resource shares: validation, one transaction, a useful preview."""

    class Meta:
        # full_clean on every row: field validators, Model.clean and database constraints.
        clean_model_instances = True
        # One transaction: any row in error rolls the whole import back.
        use_transactions = True
        # Unchanged rows show as skipped in the preview, and are not saved again.
        skip_unchanged = True
        report_skipped = True

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            # An unknown short name in the row's identity: the row is reported as invalid, on
            # that field, by import_instance (which cleans the same value again).
            return None

    def import_instance(self, instance, row, **kwargs):
        """As the library's, but also checks the many-to-many values (which the library
        sets only once the row is saved), so that an unknown language or tag is reported
        with the row's other errors and stops the row from being saved."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)


class CriterionResource(CatalogueResource):
    description = text_field("description")

    class Meta(CatalogueResource.Meta):
        model = Criterion
        fields = ["slug", "name", "description", "base_importance", "order", "active"]
        import_id_fields = ["slug"]


class FrameworkResource(CatalogueResource):
    languages = fields.Field(
        attribute="languages",
        column_name="languages",
        widget=SlugsWidget(Language, required=True),
    )
    tags = fields.Field(attribute="tags", column_name="tags", widget=SlugsWidget(Tag))
    summary = text_field("summary")
    used_by = text_field("used_by")

    class Meta(CatalogueResource.Meta):
        model = Framework
        fields = [
            "slug",
            "name",
            "language",
            "languages",
            "tags",
            "summary",
            "website",
            "used_by",
            "published",
        ]
        import_id_fields = ["slug"]


class RatingResource(CatalogueResource):
    framework = fields.Field(
        attribute="framework", column_name="framework", widget=SlugForeignKeyWidget(Framework)
    )
    criterion = fields.Field(
        attribute="criterion", column_name="criterion", widget=SlugForeignKeyWidget(Criterion)
    )
    last_reviewed = fields.Field(
        attribute="last_reviewed",
        column_name="last_reviewed",
        widget=widgets.DateWidget(format=DATE_FORMAT),
    )

    class Meta(CatalogueResource.Meta):
        model = Rating
        fields = ["framework", "criterion", "score", "rationale", "source_url", "last_reviewed"]
        import_id_fields = ["framework", "criterion"]

    def get_queryset(self):
        return super().get_queryset().select_related("framework", "criterion")
