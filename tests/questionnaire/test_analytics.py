"""The staff analytics page: results per day, outcomes, answer frequencies and how decisive
each question is, over a period, in a fixed number of queries whatever the number of
results."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from questionnaire.models import Submission
from tests.personas import CHAT_APP, PROTOTYPE, WEB_APP

pytestmark = pytest.mark.django_db

ANALYTICS = "/admin/analytics/"


@pytest.fixture
def three_results(starting_content, answer_form_data, submit_answers):
    tokens = [submit_answers(answer_form_data(**p)) for p in (CHAT_APP, WEB_APP, PROTOTYPE)]
    return list(Submission.objects.filter(token__in=tokens))


def test_the_page_counts_outcomes_answers_and_decisive_questions(editor_client, three_results):
    page = editor_client.get(ANALYTICS)

    assert page.status_code == 200
    found = page.context["found"]
    assert found.results == 3
    assert sum(count for _, count in found.per_day) == 3
    assert sum(found.outcomes.values()) == 3
    assert found.outcomes["Express"] == 1 and found.outcomes["Django"] == 1
    language = found.answers["Which language is your team strongest in?"]
    assert language["JavaScript or TypeScript"] == 1
    assert language["Another language, several equally, or none yet"] == 2
    # Decisive: the results whose stored "what would change" names the question.
    expected = sum(
        any(change[0] == question_id for change in s.result["score"]["changes"])
        for s in three_results
        for question_id, _ in s.result["answers"]
        if s.labels.labels["questions"][str(question_id)]
        == "How large do you expect the project to grow?"
    )
    (row,) = [r for r in page.context["decisiveness"] if r["question"].startswith("How large")]
    assert (row["answered"], row["decisive"]) == (3, expected)
    assert "<svg" in page.text and "How decisive each question is" in page.text


def test_the_period_filters_and_a_wrong_period_is_refused(editor_client, three_results):
    old = three_results[0]
    Submission.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=40)
    )
    since = (timezone.now() - datetime.timedelta(days=7)).date().isoformat()

    assert editor_client.get(ANALYTICS, {"start": since}).context["found"].results == 2
    refused = editor_client.get(ANALYTICS, {"start": "2026-12-09", "end": "2026-12-01"})
    assert refused.status_code == 400
    assert "The period must start before it ends." in refused.text
    assert editor_client.get(ANALYTICS, {"start": "not a date"}).status_code == 400


def test_only_staff_with_the_permission_see_it(client, django_user_model, three_results):
    assert client.get(ANALYTICS).status_code == 302  # to the admin's log-in
    staff = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get(ANALYTICS).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_submission"))
    assert client.get(ANALYTICS).status_code == 200


def count_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(ANALYTICS).status_code == 200
    return len(queries)


def test_the_query_count_is_the_same_for_10_and_100000_results(editor_client, three_results):
    template = three_results[0]
    now = timezone.now()

    def clone(count):
        Submission.objects.bulk_create(
            (
                Submission(
                    token=f"bulk{count}-{i:07d}".ljust(22, "x"),
                    answers=template.answers,
                    result=template.result,
                    content_version=template.content_version,
                    labels_id=template.labels_id,
                    created_at=now - datetime.timedelta(hours=i % 2000),
                )
                for i in range(count)
            ),
            batch_size=5000,
        )

    clone(7)
    small = count_queries(editor_client)
    clone(100_000 - 10)
    assert Submission.objects.count() == 100_000
    large = count_queries(editor_client)
    print(f"analytics queries: 10 results {small}, 100,000 results {large}")
    assert small == large == PINNED_QUERIES


# The session and the user; the user's and the user's groups' permissions; then the results
# per day, the labels of the results' states of the content, and the results, streamed.
PINNED_QUERIES = 7
