"""The content version: one number that every content write bumps, in the same transaction.

Caches of the content are keyed by it, so a change made through any worker on any machine is
seen by every other one on its next request; saved results record it, so their page can say
that the content has changed since.

The database bumps it: a trigger on every content table (comparisons/content_triggers.py)
rewrites the version row in the statement that changes the content, whatever made that
statement (a save, ``QuerySet.update()``, ``bulk_create``, a data migration, raw SQL). The
bump is part of the edit's transaction, so both become visible at the same commit: no reader
ever sees new content under the old version, and a rolled-back edit leaves the version as it
was.

The content is what every model of the content apps holds, with its many-to-many tables,
except the few models listed in NOT_CONTENT (see content_models). A migration that adds a
content model gives it its triggers with one line, ``ContentTriggers("modelname")``; a test
fails for any content table without them (tests/comparisons/test_content_triggers.py).
docs/content-version.md says more.

The version row (id 1) comes from a migration. Where it is missing (a flushed database), the
triggers insert it at the next content write and the readers below at the next read.
"""

from django.apps import apps
from django.db import connection
from django.db.models import F
from django.utils import timezone

from comparisons.content_triggers import model_tables
from comparisons.models import ContentVersion, new_content_stamp

CONTENT_APPS = ("comparisons", "questionnaire")
# Models of the content apps whose rows are not content: writing them must not bump.
NOT_CONTENT = {
    "comparisons.ContentVersion",
    "questionnaire.Submission",
    "questionnaire.ResultLabels",
    "questionnaire.StartingContentLoad",
    # Editors' checks on the content; visitors never see them.
    "questionnaire.GoldenProfile",
}


def content_models() -> list:
    """Every content model: a new model in the content apps is content unless NOT_CONTENT
    says otherwise, so that forgetting to list it cannot leave pages stale."""
    return [
        model
        for label in CONTENT_APPS
        for model in apps.get_app_config(label).get_models()
        if model._meta.label not in NOT_CONTENT
    ]


def content_tables() -> list[str]:
    """The tables of the content models and of their many-to-many fields."""
    return [table for model in content_models() for table in model_tables(model)]


def current_content_version() -> int:
    return current_content_state()[0]


def current_content_state() -> tuple[int, str]:
    """The content version and its stamp: a pair no other committed content ever had."""
    # Every page asks, so this is one plain query: through the ORM, building the query costs
    # fifteen times more than the database takes to answer it.
    table = connection.ops.quote_name(ContentVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT number, stamp FROM {table} WHERE id = 1")  # noqa: S608 - no input
        row = cursor.fetchone()
    if row is None:
        # The row comes from a migration; a flushed test database may lack it.
        version = ContentVersion.objects.get_or_create(pk=1)[0]
        row = (version.number, version.stamp)
    return row[0], row[1]


def bump_content_version() -> None:
    """Bump the version without changing the content: rarely needed, since every content write
    bumps it already (see the module docstring). Part of the current transaction, as the
    triggers' bumps are."""
    stamp = new_content_stamp()
    updated = ContentVersion.objects.filter(pk=1).update(
        number=F("number") + 1, stamp=stamp, changed_at=timezone.now()
    )
    if not updated:
        ContentVersion.objects.get_or_create(pk=1, defaults={"number": 2, "stamp": stamp})
