"""Public pages: home, health check, error pages and the framework detail page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stackadvisor import views

pytestmark = pytest.mark.django_db

NOT_FOUND_PHRASE = "We could not find that page"
SERVER_ERROR_PHRASE = "Something went wrong on our side"


def test_home_lists_published_frameworks_only(client, make_framework):
    shown = make_framework(name="Visible Framework", slug="visible", published=True)
    hidden = make_framework(name="Hidden Framework", slug="hidden", published=False)

    response = client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    assert shown.name in page
    assert shown.get_absolute_url() in page
    assert hidden.name not in page
    assert hidden.get_absolute_url() not in page
    assert list(response.context["frameworks"]) == [shown]


def test_home_without_published_frameworks_says_so(client, make_framework):
    make_framework(published=False)
    response = client.get("/")
    assert response.status_code == 200
    assert "No frameworks are published yet" in response.content.decode()


def test_healthz_reports_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    payload = response.json()
    assert payload["status"] == "ok"
    # (and "cache" when REDIS_URL is set: tests/test_failures.py)
    assert payload["checks"]["database"] == "ok"


def test_unknown_address_uses_the_styled_404_page(client):
    response = client.get("/no-such-page/anywhere/")

    assert response.status_code == 404
    page = response.content.decode()
    assert NOT_FOUND_PHRASE in page
    assert "Page not found — StackAdvisor" in page
    assert "404.html" in [template.name for template in response.templates]


def test_server_error_handler_renders_the_styled_500_page(rf):
    response = views.server_error(rf.get("/boom/"))

    assert response.status_code == 500
    page = response.content.decode()
    assert SERVER_ERROR_PHRASE in page
    assert "Something went wrong — StackAdvisor" in page


def test_server_error_handler_works_without_a_database(rf, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = views.server_error(rf.get("/boom/"))
    assert response.status_code == 500


def test_framework_detail_shows_every_rating(client, make_framework, make_criterion, make_rating):
    framework = make_framework(published=True, name="Flask", slug="flask")
    ratings = [
        make_rating(
            framework=framework,
            criterion=make_criterion(name=f"Quality {score}"),
            score=score,
            rationale=f"Reason for scoring {score}, spelled out.",
        )
        for score in range(1, 6)
    ]
    # Another published framework, rated on the same criteria (so visitors see it too).
    other = make_framework(published=True)
    for rating in ratings:
        make_rating(
            framework=other,
            criterion=rating.criterion,
            rationale=f"A rating of another framework on {rating.criterion.name}.",
        )

    response = client.get(f"/frameworks/{framework.slug}/")

    assert response.status_code == 200
    assert client.get(f"/frameworks/{other.slug}/").status_code == 200
    page = response.content.decode()
    assert "Flask" in page
    for rating in ratings:
        assert rating.criterion.name in page
        assert f"{rating.score}/5" in page
        assert rating.rationale in page
    assert "A rating of another framework" not in page


def test_unpublished_framework_page_is_not_found(client, make_framework, make_rating):
    framework = make_framework(published=False, slug="secret")
    make_rating(framework=framework)

    response = client.get("/frameworks/secret/")

    assert response.status_code == 404
    assert NOT_FOUND_PHRASE in response.content.decode()


def test_framework_page_for_unknown_slug_is_not_found(client):
    assert client.get("/frameworks/nothing-here/").status_code == 404


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_framework_detail_query_count_does_not_grow_with_ratings(
    client, make_framework, make_criterion, make_rating, make_snippet
):
    # Guards against the N+1 of the ratings table: one query per rating to load its
    # criterion (rating.criterion.name in the template) unless the view prefetches the
    # ratings with select_related("criterion"); likewise one per snippet. A framework is
    # shown only once rated on every active criterion, so more ratings take more criteria:
    # the same page is counted with one criterion, then with forty-one.
    first = make_criterion()
    framework = make_framework(published=True)
    make_rating(framework=framework, criterion=first)
    make_snippet(frameworks=[framework])

    client.get(framework.get_absolute_url())  # warm any per-process caches first
    with_one = count_queries(client, framework.get_absolute_url())

    for _ in range(40):
        make_rating(framework=framework, criterion=make_criterion())
    for _ in range(5):
        make_snippet(frameworks=[framework])
    with_forty_one = count_queries(client, framework.get_absolute_url())

    assert framework.ratings.count() == 41
    assert with_forty_one == with_one
