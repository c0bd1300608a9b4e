"""The ratings matrix: every framework against every active criterion, missing and stale
ratings marked, in a fixed number of queries."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comparisons.models import Criterion, Framework, Rating

pytestmark = pytest.mark.django_db

MATRIX = "/admin/ratings-matrix/"


def cell(page, framework: str, criterion: str) -> dict:
    names = [c.name for c in page.context["criteria"]]
    (row,) = [row for row in page.context["rows"] if row["framework"].name == framework]
    return row["cells"][names.index(criterion)]


def test_missing_and_stale_ratings_are_marked(editor_client, starting_content, make_framework):
    make_framework(name="Halfway")
    old = Rating.objects.get(framework__slug="django", criterion__slug="security")
    old.last_reviewed = timezone.localdate() - datetime.timedelta(days=400)
    old.save()

    page = editor_client.get(MATRIX)

    assert page.status_code == 200
    active = Criterion.objects.filter(active=True).count()
    assert page.context["missing"] == active  # Halfway, rated on nothing
    assert page.context["stale"] == 1
    stale = cell(page, "Django", "Security out of the box")
    assert stale["state"] == "stale" and stale["text"] == "5/5 (stale)"
    assert stale["address"] == f"/admin/comparisons/rating/{old.pk}/change/"
    assert cell(page, "Halfway", "Scalability")["state"] == "missing"
    flask = Rating.objects.get(framework__slug="flask", criterion__slug="scalability")
    fine = cell(page, "Flask", "Scalability")
    assert (fine["state"], fine["text"]) == ("ok", f"{flask.score}/5")
    assert 'class="matrix-missing"' in page.text and "(draft)" in page.text


def test_only_staff_allowed_to_view_ratings_see_it(client, django_user_model, starting_content):
    assert client.get(MATRIX).status_code == 302
    staff = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get(MATRIX).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_rating"))
    assert client.get(MATRIX).status_code == 200


def test_the_query_count_does_not_grow_with_the_catalogue(
    editor_client, starting_content, big_grid
):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get(MATRIX).status_code == 200
        return len(queries)

    small = count()
    big_grid(frameworks=200, criteria=20)
    assert Framework.objects.count() > 200
    assert count() == small
