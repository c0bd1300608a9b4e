"""Saving a visitor's answers with the result computed from them.

A submission stores its answers and its record (questionnaire.records), and points to the
labels of the content state it was scored with; the labels row is written with the first
result of that state. The submission is written in a transaction that first checks that this
content is still the current one: a result never records content an edit has already
replaced. (Should an edit land meanwhile, the answers are scored again with the new content,
which ignores answers to questions it no longer has.)
"""

import secrets

from django.db import transaction

from comparisons.models import ContentVersion
from questionnaire.content import Content, get_content
from questionnaire.models import ResultLabels, Submission
from questionnaire.records import LABELS_SCHEMA, build_labels, build_record


class ContentChanged(Exception):
    """The content changed between reading it and saving a result scored with it."""


def save_submission(
    content: Content, answers: dict[int, tuple[int, ...]], recomputed_from=None
) -> Submission:
    """Score valid answers with ``content`` and store them with their result, if that is
    still the current content.

    Should an edit have landed since, the answers are scored again with the content read
    then, which is saved as it is: edits are rare, and a visitor never waits on them."""
    try:
        return _save(content, answers, recomputed_from, check=True)
    except ContentChanged:
        return _save(get_content(), answers, recomputed_from, check=False)


def _save(content: Content, answers, recomputed_from, *, check: bool) -> Submission:
    effective, result = content.scorer.resolve_and_score(answers, include_breakdown=False)
    record = build_record(content, effective, result)
    # Written (committed) on its own, before the result: a row this process remembers must
    # never be one that a rolled-back transaction took away again.
    labels_id = result_labels_id(content)
    with transaction.atomic():
        if check and not _is_current(content):
            raise ContentChanged
        return Submission.objects.create(
            # Question ids become the keys' strings once written as JSON.
            answers={question_id: list(option_ids) for question_id, option_ids in answers.items()},
            result=record,
            content_version=content.version,
            labels_id=labels_id,
            recomputed_from=recomputed_from,
        )


def _is_current(content: Content) -> bool:
    return (
        bool(content.stamp)
        and ContentVersion.objects.filter(
            pk=1, number=content.version, stamp=content.stamp
        ).exists()
    )


# (content version, stamp) → id of its labels row, for the last few content states: the row
# never changes once written, so a process looks it up once per state.
_labels_ids: dict[tuple[int, str], int] = {}
LABELS_IDS_KEPT = 8


def result_labels_id(content: Content) -> int:
    """The id of the labels row of this content's state, written if it has none yet. Content
    read while an edit landed may mix two states: it gets a row of its own, never shared."""
    if not content.stamp:
        return ResultLabels.objects.create(
            content_version=content.version,
            content_stamp=f"unshared-{secrets.token_hex(8)}",
            labels=build_labels(content),
        ).pk
    key = (content.version, content.stamp)
    if key not in _labels_ids:
        # get_or_create: two processes writing the first result at once make one row.
        labels, _ = ResultLabels.objects.only("id").get_or_create(
            content_version=content.version,
            content_stamp=f"{content.stamp}/labels-{LABELS_SCHEMA}",
            defaults={"labels": lambda: build_labels(content)},
        )
        if len(_labels_ids) >= LABELS_IDS_KEPT:  # versions only move on: forget the old ones
            _labels_ids.clear()
        _labels_ids[key] = labels.pk
    return _labels_ids[key]


def forget_labels_ids() -> None:
    """Only a database rolled back to an earlier state (between tests) makes them wrong."""
    _labels_ids.clear()
