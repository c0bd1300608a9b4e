"""The catalogue endpoints: frameworks (filtered, paginated), one framework, criteria and
comparisons, read from the starting content."""

import datetime

import pytest

from comparisons.models import AdviceSnippet, Criterion, Framework, Rating

pytestmark = pytest.mark.django_db


def test_frameworks_lists_every_published_framework_in_name_order(api_client, starting_content):
    response = api_client.get("/api/v1/frameworks")

    assert response.status_code == 200
    page = response.json()
    published = list(Framework.objects.published().values_list("slug", flat=True))
    assert page["count"] == len(published) == 15
    assert [item["slug"] for item in page["items"]] == published
    assert (page["page"], page["pages"], page["next"], page["previous"]) == (1, 1, None, None)
    django = next(item for item in page["items"] if item["slug"] == "django")
    assert django["languages"] == ["python"]
    assert django["tags"] == ["batteries-included"]
    assert django["url"] == "http://testserver/api/v1/frameworks/django"
    assert django["page_url"] == "http://testserver/frameworks/django/"


def test_frameworks_are_filtered_by_language_and_tag(api_client, starting_content):
    python = api_client.get("/api/v1/frameworks?language=python").json()
    micro_python = api_client.get("/api/v1/frameworks?language=python&tag=micro").json()
    nothing = api_client.get("/api/v1/frameworks?language=cobol").json()

    assert {item["slug"] for item in python["items"]} == {"django", "flask", "fastapi"}
    assert {item["slug"] for item in micro_python["items"]} == {"flask", "fastapi"}
    assert (nothing["count"], nothing["items"]) == (0, [])


def test_frameworks_come_a_page_at_a_time(api_client, starting_content):
    first = api_client.get("/api/v1/frameworks?per_page=4").json()
    last = api_client.get("/api/v1/frameworks?per_page=4&page=4").json()
    beyond = api_client.get("/api/v1/frameworks?per_page=4&page=5")

    assert (first["count"], first["pages"], len(first["items"])) == (15, 4, 4)
    assert first["next"] == "http://testserver/api/v1/frameworks?per_page=4&page=2"
    assert first["previous"] is None
    assert len(last["items"]) == 3 and last["next"] is None
    assert last["previous"] == "http://testserver/api/v1/frameworks?per_page=4&page=3"
    every = [
        item["slug"]
        for page in range(1, 5)
        for item in api_client.get(f"/api/v1/frameworks?per_page=4&page={page}").json()["items"]
    ]
    assert every == list(Framework.objects.published().values_list("slug", flat=True))
    assert beyond.status_code == 404
    assert beyond["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("query", "path"),
    [
        ("page=0", ["query", "page"]),
        ("per_page=101", ["query", "per_page"]),
        ("page=two", ["query", "page"]),
        ("language=Py thon", ["query", "language"]),
        ("lang=python", ["query", "lang"]),
    ],
)
def test_a_bad_or_unknown_query_parameter_is_refused(api_client, starting_content, query, path):
    response = api_client.get(f"/api/v1/frameworks?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400 and problem["title"] == "Bad Request"
    assert [error["path"] for error in problem["errors"]] == [path]


def test_a_framework_has_its_ratings_snippets_and_users(api_client, starting_content):
    django = Framework.objects.get(slug="django")
    rating = Rating.objects.filter(framework=django).select_related("criterion").first()
    rating.source_url = "https://docs.djangoproject.com/"
    rating.last_reviewed = datetime.date(2026, 3, 1)
    rating.save()

    data = api_client.get("/api/v1/frameworks/django").json()

    assert data["name"] == "Django"
    assert data["used_by"] == django.used_by_list and data["used_by"]
    assert len(data["ratings"]) == Criterion.objects.filter(active=True).count() == 11
    shown = next(r for r in data["ratings"] if r["criterion"] == rating.criterion.slug)
    assert shown == {
        "criterion": rating.criterion.slug,
        "criterion_name": rating.criterion.name,
        "score": rating.score,
        "rationale": rating.rationale,
        "source": "https://docs.djangoproject.com/",
        "last_reviewed": "2026-03-01",
    }
    snippets = AdviceSnippet.objects.published().filter(frameworks=django)
    assert {s["title"] for s in data["snippets"]} == {s.title for s in snippets}
    assert data["snippets"]


def test_an_unknown_or_unpublished_framework_is_not_found(api_client, starting_content):
    Framework.objects.filter(slug="flask").update(published=False)

    for slug in ["no-such-framework", "flask"]:
        response = api_client.get(f"/api/v1/frameworks/{slug}")
        assert response.status_code == 404, slug
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["errors"] == []


def test_criteria_are_the_active_ones_in_their_order(api_client, starting_content):
    data = api_client.get("/api/v1/criteria").json()

    active = Criterion.objects.filter(active=True)
    assert [c["slug"] for c in data] == [c.slug for c in active]
    assert data[0].keys() == {"slug", "name", "description", "base_importance"}


def test_a_comparison_has_a_row_per_criterion_and_each_framework_s_match(
    api_client, starting_content
):
    data = api_client.get("/api/v1/compare?f=flask&f=django&f=express").json()

    assert [f["slug"] for f in data["frameworks"]] == ["django", "express", "flask"]
    assert sorted(f["position"] for f in data["frameworks"]) == [1, 2, 3]
    assert all(0 <= f["match"] <= 100 for f in data["frameworks"])
    assert len(data["rows"]) == 11
    row = data["rows"][0]
    rating = Rating.objects.get(framework__slug="express", criterion__slug=row["criterion"])
    cell = row["cells"][1]
    assert (cell["framework"], cell["score"], cell["rationale"]) == (
        "express",
        rating.score,
        rating.rationale,
    )
    scores = [c["score"] for c in row["cells"]]
    if len(set(scores)) > 1:
        assert [c["best"] for c in row["cells"]] == [s == max(scores) for s in scores]


@pytest.mark.parametrize(
    "query",
    ["f=django", "f=django&f=django", "f=a&f=b&f=c&f=d&f=e", "f=django&f=cobol-on-wheels", ""],
)
def test_a_comparison_needs_two_to_four_known_frameworks(api_client, starting_content, query):
    response = api_client.get(f"/api/v1/compare?{query}")

    assert response.status_code == 400
    assert response.json()["errors"][0]["path"] == ["query", "f"]
