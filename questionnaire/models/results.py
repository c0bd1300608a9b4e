"""Visitors' results: each submission, and the labels its ids stand for."""

import secrets

from django.db import models
from django.db.models import F, Q
from django.utils import timezone


def new_submission_token() -> str:
    # 16 random bytes = 128 bits, URL-safe base64 without padding (22 characters).
    return secrets.token_urlsafe(16)


class ResultLabels(models.Model):
    """The names and texts results show (frameworks, criteria, questions, answers, reasons,
    advice, ratings), stored once per state of the content for all of its results.

    A result record holds ids and numbers; this row holds what they stand for, as they read
    when the result was computed. It is written with the first result of a content state and
    never changes: an edit makes a new content version, and its first result a new row. So a
    shared result still reads as it did after any later edit, and the texts are not copied
    into every submission.
    """

    content_version = models.PositiveIntegerField()
    # ContentVersion.stamp, or a random one of its own for content that changed while it was
    # read: such labels are never shared.
    content_stamp = models.CharField(max_length=32)
    labels = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "result labels"
        constraints = [
            models.UniqueConstraint(
                fields=["content_version", "content_stamp"],
                name="result_labels_one_per_content_state",
            ),
        ]

    def __str__(self):
        return f"Result labels of content version {self.content_version}"


class SubmissionQuerySet(models.QuerySet):
    def mark_opened(self, token: str) -> bool:
        """Whether a result with this token exists; if so, it is marked as opened today.
        One query, and one more the first time it is opened on a day."""
        # .order_by(): one row by a unique key needs no sorting (first() would sort).
        found = list(self.filter(token=token).order_by().values_list("last_opened_on")[:1])
        if not found:
            return False
        today = timezone.localdate()
        if found[0][0] != today:
            self.filter(token=token).update(last_opened_on=today)
        return True

    def prunable(self, *, created_before, not_opened_since):
        """Results made before ``created_before`` that nobody opened since ``not_opened_since``
        (a date; a result never opened counts from the day it was made)."""
        return self.filter(created_at__lt=created_before).filter(
            Q(last_opened_on__lt=not_opened_since)
            | Q(last_opened_on__isnull=True, created_at__date__lt=not_opened_since)
        )


class Submission(models.Model):
    """A visitor's answers and the result computed from them, frozen at that moment."""

    token = models.CharField(
        max_length=43, unique=True, default=new_submission_token, editable=False
    )
    answers = models.JSONField(help_text="Question id → chosen option ids, as submitted.")
    result = models.JSONField(help_text="The computed recommendation, as shown on its page.")
    content_version = models.PositiveIntegerField(
        help_text="The content version the result was computed with."
    )
    labels = models.ForeignKey(
        ResultLabels,
        on_delete=models.PROTECT,
        related_name="submissions",
        help_text="The texts the result's ids stand for, as they read when it was computed.",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    last_opened_on = models.DateField(
        null=True,
        blank=True,
        help_text="The last day someone opened the result's page or data (none: not since "
        "it was made).",
    )
    recomputed_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recomputations",
        help_text="The earlier result this one recomputed with newer content, if any.",
    )

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(token__regex=r"^[A-Za-z0-9_-]{22,43}$"),  # noqa: S106 - not a password
                name="submission_token_format",
            ),
            models.CheckConstraint(
                condition=~Q(recomputed_from=F("id")), name="submission_not_recomputed_from_itself"
            ),
        ]

    def __str__(self):
        return f"Result {self.token[:6]}… ({self.created_at:%Y-%m-%d %H:%M})"
