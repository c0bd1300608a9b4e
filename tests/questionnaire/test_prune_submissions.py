"""prune_submissions removes old results nobody opens any more, and only those."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from comparisons.content_version import current_content_version
from questionnaire.models import ResultLabels, Submission

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture
def results(make_submission):
    """Results by name, each made and last opened some days ago (None: never opened)."""

    def make(created: int, opened: int | None):
        # Of an earlier content version: their labels go once no result uses them.
        submission = make_submission(content_version=current_content_version() - 1)
        Submission.objects.filter(pk=submission.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=created),
            last_opened_on=None if opened is None else days_ago(opened),
        )
        return submission

    return {
        "old, forgotten": make(400, 200),
        "old, never opened": make(400, None),
        "old, opened lately": make(400, 10),
        "recent, forgotten": make(100, 95),
    }


def prune(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(
        "prune_submissions", "--older-than-days", "365", "--unopened-days", "90", *args, stdout=out
    )
    return out.getvalue()


def test_old_results_nobody_opens_are_removed_with_their_labels(results):
    kept = {"old, opened lately", "recent, forgotten"}
    labels = {name: submission.labels_id for name, submission in results.items()}

    report = prune()

    assert set(Submission.objects.values_list("pk", flat=True)) == {
        results[name].pk for name in kept
    }
    assert set(ResultLabels.objects.values_list("pk", flat=True)) == {labels[n] for n in kept}
    assert report.strip() == "Removed 2 result(s) and 2 unused labels row(s)."


def test_a_dry_run_says_what_it_would_remove_and_removes_nothing(results):
    report = prune("--dry-run")

    assert report.strip() == "Would remove 2 result(s) and 2 unused labels row(s)."
    assert Submission.objects.count() == 4


def test_the_current_contents_labels_are_kept_for_new_results(make_submission):
    current = ResultLabels.objects.create(
        content_version=current_content_version(), content_stamp="now", labels={}
    )
    old = make_submission(labels=current)
    Submission.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=400)
    )

    prune()

    assert not Submission.objects.exists()
    assert ResultLabels.objects.filter(pk=current.pk).exists()


def test_a_recomputation_of_a_removed_result_stays(results, make_submission):
    recomputed = make_submission(recomputed_from=results["old, forgotten"])

    prune()

    recomputed.refresh_from_db()
    assert recomputed.recomputed_from is None


def test_opening_a_result_keeps_it(results):
    old = results["old, forgotten"]
    # The day it is opened, read around the call: a run may cross midnight (TODAY is the
    # day the tests were collected).
    before = timezone.localdate()
    assert Submission.objects.mark_opened(old.token)  # as its page, data or comparison do
    opened_on = {before, timezone.localdate()}

    prune()

    assert Submission.objects.filter(pk=old.pk).exists()
    assert Submission.objects.get(pk=old.pk).last_opened_on in opened_on


@pytest.mark.parametrize(
    "args",
    [("--older-than-days", "0"), ("--unopened-days", "-3"), ("--older-than-days", "10")],
)
def test_bad_arguments_are_refused_and_nothing_is_removed(results, args):
    with pytest.raises(CommandError):
        call_command("prune_submissions", *args)
    assert Submission.objects.count() == 4
