"""The content version: one number that every content change bumps, in the same transaction.

Caches of the content are keyed by it, so a change made through any worker on any machine is
seen by every other one on its next request; saved results record it, so their page can say
that the content has changed since.
"""

import logging

from django.db import connection, transaction
from django.db.models import F

from comparisons.models import ContentVersion, new_content_stamp

logger = logging.getLogger(__name__)


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
    """Bump the version as part of the current transaction (once per transaction).

    The bump is written in the same transaction as the edit, so both become visible at the
    same commit: no reader ever sees the new content under the old version, and a process
    that dies right after committing cannot leave an edit without its bump.
    """
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # Many rows change in one admin save; one bump per transaction is enough. The marker
        # lives in Django's own on-commit list, so a rollback (which undoes the bump too)
        # leaves nothing behind.
        if any(entry[1] is _bumped_in_this_transaction for entry in connection.run_on_commit):
            return
        transaction.on_commit(_bumped_in_this_transaction)
    stamp = new_content_stamp()
    updated = ContentVersion.objects.filter(pk=1).update(number=F("number") + 1, stamp=stamp)
    if not updated:
        ContentVersion.objects.get_or_create(pk=1, defaults={"number": 2, "stamp": stamp})


def _bumped_in_this_transaction() -> None:
    logger.info("Content changed: content version bumped")


def _on_content_change(sender, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata: fixtures are not edits
        return
    bump_content_version()


def connect_content_signals(*models) -> None:
    """Bump the version whenever one of these models (or its many-to-many links) changes."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in models:
        uid = f"content-version-{model._meta.label}"
        post_save.connect(_on_content_change, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_on_content_change, sender=model, dispatch_uid=uid + "-delete")
        for m2m in model._meta.many_to_many:
            m2m_changed.connect(
                _on_content_change, sender=m2m.remote_field.through, dispatch_uid=uid + m2m.name
            )
