"""The knowledge editors keep: frameworks, the criteria they are judged on, and ratings.

Invariants live in the database (CheckConstraint / UniqueConstraint) so that no code path,
admin form or bulk load can store a rating of 7 or two ratings for the same pair.
"""

from comparisons.models.catalogue import (
    Criterion,
    Framework,
    FrameworkQuerySet,
    Language,
    Rating,
    Tag,
)
from comparisons.models.fields import (
    IMPORTANCE_MAX,
    IMPORTANCE_MIN,
    RATING_MAX,
    RATING_MIN,
    SLUG_PATTERN,
)
from comparisons.models.snippets import AdviceSnippet, SnippetKind
from comparisons.models.versioning import ContentVersion, new_content_stamp

# Registers the models above with the content history.
from comparisons.models import history  # noqa: E402, F401  isort: skip

__all__ = [
    "IMPORTANCE_MAX",
    "IMPORTANCE_MIN",
    "RATING_MAX",
    "RATING_MIN",
    "SLUG_PATTERN",
    "AdviceSnippet",
    "ContentVersion",
    "Criterion",
    "Framework",
    "FrameworkQuerySet",
    "Language",
    "Rating",
    "SnippetKind",
    "Tag",
    "new_content_stamp",
]
