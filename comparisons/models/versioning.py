"""The content version row every content write bumps."""

import secrets

from django.db import models
from django.db.models import Q


def new_content_stamp() -> str:
    return secrets.token_hex(8)


class ContentVersion(models.Model):
    """A counter that every write to a content table bumps, in the same transaction (database
    triggers, see comparisons.content_version); exactly one row (id 1).

    Caches of the content are keyed by it and every saved result records it, so every worker
    on every machine notices an edit on its next request, and a result page can say that the
    content changed since it was computed.
    """

    number = models.PositiveIntegerField(default=1)
    # Random, new at every bump: with the number it names one committed state of the content
    # for good, even where numbers repeat (a database restored from a backup and edited again),
    # so a process may keep content it read under it without asking the cache.
    stamp = models.CharField(max_length=16, default=new_content_stamp, editable=False)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="content_version_single_row"),
        ]

    def __str__(self):
        return f"Content version {self.number}"
