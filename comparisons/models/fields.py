"""Field and constraint helpers shared by the content models, and the rules they encode."""

from django.db import models
from django.db.models import Q

# Lower-case words joined by single hyphens. Comparison URLs join slugs with "-vs-", so a slug
# may not have "vs" as a word (or "django-vs-express-vs-flask" could be read two ways).
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
RATING_MIN, RATING_MAX = 1, 5
IMPORTANCE_MIN, IMPORTANCE_MAX = 0, 10
RATING_RANGE_MESSAGE = f"A rating must be a whole number from {RATING_MIN} to {RATING_MAX}."
RATIONALE_REQUIRED_MESSAGE = "Say in one sentence why this rating holds."
IMPORTANCE_RANGE_MESSAGE = f"Importance must be from {IMPORTANCE_MIN} to {IMPORTANCE_MAX}."


def web_address_constraint(field: str, model_name: str) -> models.CheckConstraint:
    """Addresses are printed as links: only http(s) ones, so no javascript: or data: link can
    get onto a page by any path (the admin's form already refuses them)."""
    return models.CheckConstraint(
        condition=Q(**{field: ""}) | Q(**{f"{field}__regex": r"^https?://[^/]"}),
        name=f"{model_name}_{field}_web_address",
        violation_error_message="Use a web address starting with https:// or http://.",
    )


def slug_constraints(model_name: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(slug__regex=SLUG_PATTERN),
            name=f"{model_name}_slug_lowercase_words",
            violation_error_message="Use lower-case letters, digits and single hyphens only.",
        ),
        models.CheckConstraint(
            # "vs" as a word anywhere (not only "-vs-" inside): "next-vs" + "-vs-" + "nuxt"
            # would read back as "next" and "vs-nuxt".
            condition=~Q(slug__regex=r"(^|-)vs(-|$)"),
            name=f"{model_name}_slug_without_vs",
            violation_error_message='The short name may not contain "vs" as a word (it '
            "separates frameworks in comparison addresses).",
        ),
    ]


def starting_key_field() -> models.CharField:
    """The stable key of a row the starting content created: the loader finds its rows by it,
    so a row editors renamed is still found, never created again."""
    return models.CharField(
        "starting content key",
        max_length=80,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="Set on rows the starting content created; not shown to visitors.",
    )
