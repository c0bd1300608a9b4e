"""HTTP around the endpoints: validators and 304s, cache headers, CORS, and errors that stay
problem JSON whichever layer makes them."""

from unittest import mock

import pytest

from comparisons.models import Criterion
from questionnaire import scoring
from questionnaire.presentation import ResultView

pytestmark = pytest.mark.django_db

READS = [
    "/api/v1/frameworks",
    "/api/v1/frameworks?language=python&per_page=2",
    "/api/v1/frameworks/django",
    "/api/v1/criteria",
    "/api/v1/compare?f=django&f=flask",
    "/api/v1/questionnaire",
]


def test_every_read_has_an_etag_and_answers_304_while_the_content_is_unchanged(
    api_client, starting_content
):
    for url in READS:
        first = api_client.get(url)
        again = api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

        assert first.status_code == 200, url
        assert first["ETag"].startswith('"') and first["ETag"].endswith('"')
        assert first["Cache-Control"] == "public, max-age=60"
        assert again.status_code == 304, url
        assert again.content == b""
        assert (again["ETag"], again["Cache-Control"]) == (first["ETag"], first["Cache-Control"])
    assert len({api_client.get(url)["ETag"] for url in READS}) == len(READS)


def test_an_edit_changes_every_etag(api_client, starting_content):
    before = {url: api_client.get(url)["ETag"] for url in READS}
    Criterion.objects.filter(slug="raw-performance").update(description="Edited.")

    for url in READS:
        response = api_client.get(url, HTTP_IF_NONE_MATCH=before[url])
        assert response.status_code == 200, url
        assert response["ETag"] != before[url]


def test_a_304_costs_no_scoring(api_client, starting_content):
    url = "/api/v1/compare?f=django&f=express&f=flask"
    etag = api_client.get(url)["ETag"]

    with mock.patch.object(scoring, "score", wraps=scoring.score) as scorer:
        assert api_client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
        assert scorer.call_count == 0
        assert api_client.get(url).status_code == 200
        assert scorer.call_count == 1


def test_a_result_answers_304_without_being_built_again(api_client, first_options):
    token = api_client.post_json("/api/v1/recommendations", first_options).json()["token"]
    url = f"/api/v1/results/{token}"
    etag = api_client.get(url)["ETag"]

    with mock.patch.object(ResultView, "as_data", autospec=True) as built:
        response = api_client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["Cache-Control"] == "private, no-cache"
    assert built.call_count == 0
    # A result that is gone is gone, whatever ETag the client holds.
    from questionnaire.models import Submission

    Submission.objects.all().delete()
    assert api_client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 404


def test_any_origin_may_read_but_not_post(api_client, starting_content, first_options):
    origin = {"HTTP_ORIGIN": "https://elsewhere.example"}

    read = api_client.get("/api/v1/criteria", **origin)
    preflight = api_client.options(
        "/api/v1/recommendations",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
        **origin,
    )
    page = api_client.get("/frameworks/", **origin)

    assert read["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in read["Access-Control-Expose-Headers"]
    allowed = preflight["Access-Control-Allow-Methods"]
    assert "GET" in allowed and "POST" not in allowed
    assert "content-type" not in preflight["Access-Control-Allow-Headers"]
    assert not page.has_header("Access-Control-Allow-Origin")


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("get", "/api/v1/no-such-thing", 404),
        ("get", "/api/", 404),
        ("get", "/api/v2/frameworks", 404),
        ("get", "/api/v1/frameworks/", 404),
        ("delete", "/api/v1/criteria", 405),
        ("get", "/api/v1/recommendations", 405),
        ("put", "/api/v1/recommendations", 405),
    ],
)
def test_errors_outside_the_endpoints_are_problem_json(api_client, db, method, url, status):
    response = getattr(api_client, method)(url)

    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == status
    if status == 405:
        assert response["Allow"]


@pytest.mark.parametrize("accept", ["*/*", "text/html", "application/json"])
def test_a_body_the_site_will_not_read_is_the_api_s_problem_json(api_client, db, accept):
    body = '{"answers": [' + ", ".join(['{"question": 1, "options": [1]}'] * 3000) + "]}"

    too_large = api_client.post(
        "/api/v1/recommendations", body, content_type="application/json", HTTP_ACCEPT=accept
    )
    unknown_charset = api_client.generic(
        "POST",
        "/api/v1/recommendations",
        b"{}",
        content_type="application/json; charset=base64",
        HTTP_ACCEPT=accept,
    )

    assert too_large.status_code == 413
    assert unknown_charset.status_code == 400
    for response in (too_large, unknown_charset):
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["errors"] == []
        assert response.json()["title"] in (
            "Content Too Large",
            "Request Entity Too Large",
            "Bad Request",
        )
    # A client that asked for JSON gets the site's own reason; the others a general one.
    assert unknown_charset.json()["detail"] == (
        "Its character set is unknown."
        if accept == "application/json"
        else "The request could not be read (its length, character set or body)."
    )


def test_a_failure_is_problem_json_and_a_lost_database_a_503(api_client, starting_content):
    from django.db import OperationalError

    with mock.patch("questionnaire.api.catalogue.get_content", side_effect=RuntimeError):
        failed = api_client.get("/api/v1/compare?f=django&f=flask")
    with mock.patch("questionnaire.api.catalogue.get_content", side_effect=OperationalError):
        unavailable = api_client.get("/api/v1/compare?f=django&f=flask")

    assert failed.status_code == 500
    assert failed["Content-Type"] == "application/problem+json"
    assert "Traceback" not in failed.content.decode()
    assert unavailable.status_code == 503
    assert unavailable["Retry-After"]
