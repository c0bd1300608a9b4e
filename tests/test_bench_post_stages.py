"""The write path's stage profile (`make bench-post-stages`) times the site's own functions
inside real requests, and leaves the process as it found it."""

import gc

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from questionnaire import presentation, scoring, views
from questionnaire.models import Submission, SubmissionManager
from questionnaire.scoring import changes
from questionnaire.services import get_content
from stackadvisor import handler
from tests.bench import post_stages
from tests.bench.targets import first_answers

pytestmark = pytest.mark.django_db

TIMED = [
    (handler, "parse_form_body"),
    (views, "plainly_valid_submission"),
    (scoring.Scorer, "resolve_and_score"),
    (changes, "answer_changes"),
    (presentation, "build_record"),
    (SubmissionManager, "add"),
]


@pytest.fixture
def connections_kept():
    """Requests sent to the WSGI handler itself keep the test's database connection, as the
    test client's do: closing it at a request's start or end would end the test's transaction
    (on PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_stages_are_timed_inside_valid_submissions(starting_content, connections_kept):
    originals = [getattr(owner, name) for owner, name in TIMED]
    threshold, frozen = gc.get_threshold(), gc.get_freeze_count()
    submissions = Submission.objects.count()

    figures = post_stages.measure(first_answers(get_content()), rounds=2, calls=3)

    # Every request was a valid submission (measure raises on any other answer than 303).
    assert Submission.objects.count() == submissions + post_stages.WARM_UP_REQUESTS + 2 * 3
    assert set(figures) == {key for key, _ in post_stages.STAGES}
    # Each stage ran in every request (the starting content has answers that change the
    # winner), and the request took longer than its timed stages ("rest" is what is left).
    assert all(seconds > 0 for seconds in figures.values()), figures

    assert [getattr(owner, name) for owner, name in TIMED] == originals
    assert (gc.get_threshold(), gc.get_freeze_count()) == (threshold, frozen)


def test_report_gives_each_stage_with_its_growth():
    stages = {key: 10.0 for key, _ in post_stages.STAGES}
    runs = [
        {"scale": 1, "counts": {"questions": 6}, "stages": {**stages, "request": 100.0}},
        {
            "scale": 50,
            "counts": {"questions": 300},
            "stages": {**stages, "validate": 35.0, "request": 200.0},
        },
    ]
    meta = {"started": "2026-11-30T00:00:00+00:00", "machine": "x", "rounds": 2, "calls": 3}
    report = post_stages.markdown_report(meta, runs)
    assert "| Validating the answers | 10.0 | 35.0 | 3.50× | 18% |" in report
    assert "| The whole request, in-process | 100.0 | 200.0 | 2.00× | 100% |" in report
    assert "1×: 6 questions; 50×: 300 questions." in report
