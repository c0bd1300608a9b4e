"""Remove old results nobody opens any more, so that stored results do not pile up for ever.

    manage.py prune_submissions --older-than-days 365 --unopened-days 90 [--dry-run]

A result is removed when it was made more than --older-than-days ago and nobody has opened
its page, its data or its comparison for --unopened-days. Labels rows that no result uses
any more go too, except those of the current content, which new results share. A result
that recomputed a removed one keeps its own record; it only loses the link back.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from comparisons.content_version import current_content_version
from questionnaire.models import ResultLabels, Submission


def positive_days(value: str) -> int:
    days = int(value)
    if days < 1:
        raise ValueError(value)
    return days


class Command(BaseCommand):
    help = (
        "Remove results made more than --older-than-days ago that nobody has opened for "
        "--unopened-days, and the labels no result uses any more."
    )

    def add_arguments(self, parser):
        for name, default in (("--older-than-days", 365), ("--unopened-days", 90)):
            parser.add_argument(name, type=positive_days, default=default, metavar="DAYS")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be removed, remove nothing."
        )

    def handle(self, *args, older_than_days, unopened_days, dry_run, **options):
        if unopened_days > older_than_days:
            raise CommandError("--unopened-days cannot be more than --older-than-days.")
        now = timezone.now()
        results = Submission.objects.prunable(
            created_before=now - timedelta(days=older_than_days),
            not_opened_since=timezone.localdate(now) - timedelta(days=unopened_days),
        )
        kept = Submission.objects.exclude(pk__in=results.values("pk"))
        labels = ResultLabels.objects.exclude(pk__in=kept.values("labels_id")).exclude(
            content_version=current_content_version()
        )
        with transaction.atomic():
            count, labels_count = results.count(), labels.count()
            if not dry_run:
                results.delete()
                labels.delete()
        verb = "Would remove" if dry_run else "Removed"
        self.stdout.write(f"{verb} {count} result(s) and {labels_count} unused labels row(s).")
