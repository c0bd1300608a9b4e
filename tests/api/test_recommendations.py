"""The questionnaire, recommendations and stored results through the API."""

import pytest

from comparisons.models import Framework, Rating
from questionnaire.content import get_content
from questionnaire.models import Submission
from tests.personas import CHAT_APP, DATA_APP, WEB_APP

pytestmark = pytest.mark.django_db


def test_the_questionnaire_has_its_sections_questions_options_and_conditions(
    api_client, starting_content
):
    data = api_client.get("/api/v1/questionnaire").json()

    content = get_content()
    assert data["method"] >= 1
    assert [s["id"] for s in data["sections"]] == [s.id for s in content.sections]
    questions = [q for s in data["sections"] for q in s["questions"]]
    assert [q["id"] for q in questions] == [q.id for q in content.questions()]
    conditional = [q for q in questions if q["condition"]]
    assert conditional, "the starting content has a conditional question"
    for question in conditional:
        earlier = next(q for q in questions if q["id"] == question["condition"]["question"])
        assert question["condition"]["option"] in [o["id"] for o in earlier["options"]]
    assert all(q["options"] for q in questions)


def test_answers_give_a_stored_result_with_everything_it_says(
    api_client, api_answer_data, starting_content
):
    response = api_client.post_json("/api/v1/recommendations", api_answer_data(**WEB_APP))

    assert response.status_code == 201, response.content
    data = response.json()
    submission = Submission.objects.get()
    assert data["token"] == submission.token
    assert response["Location"] == data["url"]
    assert data["url"] == f"http://testserver/api/v1/results/{submission.token}"
    assert data["page_url"] == f"http://testserver/results/{submission.token}/"
    assert response["Cache-Control"] == "no-store"
    assert data["winner"]["framework"] == "django"
    assert data["ranking"][0] == data["winner"]
    assert data["method"] == submission.result["method"]
    slug_of = dict(Framework.objects.values_list("id", "slug"))
    stored = [slug_of[r["framework_id"]] for r in submission.result["score"]["ranking"]]
    assert [item["framework"] for item in data["ranking"]] == stored
    assert len(data["ranking"][0]["breakdown"]) == 11
    assert data["why"] and data["why"][0]["framework"] == "django"
    assert isinstance(data["what_would_change"], list)
    assert data["ignored"] == []


def test_deal_breakers_say_what_ruled_a_framework_out(api_client, api_answer_data):
    data = api_client.post_json("/api/v1/recommendations", api_answer_data(**DATA_APP)).json()

    # A data-heavy project rules out the frameworks rated 2/5 or lower on data science.
    ruled_out = set(
        Rating.objects.filter(criterion__slug="data-science-ml", score__lte=2).values_list(
            "framework__slug", flat=True
        )
    )
    assert ruled_out
    assert {exclusion["framework"] for exclusion in data["excluded"]} == ruled_out
    assert not ruled_out & {item["framework"] for item in data["ranking"]}
    cause = data["excluded"][0]["causes"][0]
    assert cause["answer"].startswith("A data- or ML-heavy app")
    assert "data-science" in cause["reason"]


def test_an_answer_to_a_question_that_does_not_apply_is_ignored_and_said(
    api_client, api_answer_data
):
    answers = api_answer_data(**{**CHAT_APP, "admin_panel": "Yes"})

    response = api_client.post_json("/api/v1/recommendations", answers)

    assert response.status_code == 201
    assert len(response.json()["ignored"]) == 1
    assert "was not used" in response.json()["ignored"][0]


def test_a_stored_result_is_read_back_by_its_token(api_client, api_answer_data, submit_answers):
    made = api_client.post_json("/api/v1/recommendations", api_answer_data(**WEB_APP)).json()
    from_the_site = submit_answers(
        {
            f"q{a['question']}": [str(o) for o in a["options"]]
            for a in api_answer_data(**WEB_APP)["answers"]
        }
    )

    read = api_client.get(f"/api/v1/results/{made['token']}")
    site_result = api_client.get(f"/api/v1/results/{from_the_site}")

    assert read.status_code == 200
    assert read["Cache-Control"] == "private, no-cache"
    assert read.json() == {**made, "ignored": []}
    assert site_result.status_code == 200
    assert site_result.json()["ranking"] == made["ranking"]


@pytest.mark.parametrize("token", ["A" * 22, "x" * 43])
def test_an_unknown_result_is_not_found(api_client, db, token):
    response = api_client.get(f"/api/v1/results/{token}")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_a_token_of_the_wrong_shape_is_refused(api_client, db):
    response = api_client.get("/api/v1/results/short")

    assert response.status_code == 400
    assert response.json()["errors"][0]["path"] == ["path", "token"]


def _refused(response, *paths) -> list:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert Submission.objects.count() == 0
    problem = response.json()
    assert problem["status"] == 400
    found = [error["path"] for error in problem["errors"]]
    for path in paths:
        assert path in found, (path, found)
    return problem["errors"]


def test_invalid_answers_are_refused_field_by_field_and_nothing_is_saved(
    api_client, api_answer_data
):
    answers = api_answer_data(**CHAT_APP)["answers"]
    first, second = answers[0], answers[1]
    other_question_option = second["options"][0]

    _refused(
        api_client.post_json(
            "/api/v1/recommendations",
            {"answers": [{**first, "options": [other_question_option]}, *answers[1:]]},
        ),
        ["body", "answers", 0, "options"],
    )
    _refused(
        api_client.post_json("/api/v1/recommendations", {"answers": answers[1:]}),
        ["body", "answers"],
    )
    _refused(
        api_client.post_json(
            "/api/v1/recommendations", {"answers": [*answers, {"question": 99999, "options": []}]}
        ),
        ["body", "answers", len(answers), "question"],
    )
    several = {**first, "options": [first["options"][0], first["options"][0] + 1]}
    _refused(
        api_client.post_json("/api/v1/recommendations", {"answers": [several, *answers[1:]]}),
        ["body", "answers", 0, "options"],
    )


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"answers": [], "colour": "blue"}, ["body", "colour"]),
        ({"answers": [{"question": 1, "options": [], "why": "x"}]}, ["body", "answers", 0, "why"]),
        ({"answers": [{"question": "1", "options": []}]}, ["body", "answers", 0, "question"]),
        ({"answers": [{"question": 1, "options": [True]}]}, ["body", "answers", 0, "options", 0]),
        ({"answers": "all of them"}, ["body", "answers"]),
        ({}, ["body", "answers"]),
        ([1, 2], ["body"]),
    ],
)
def test_unknown_or_mistyped_fields_are_refused(api_client, starting_content, body, path):
    errors = _refused(api_client.post_json("/api/v1/recommendations", body))

    assert path in [error["path"] for error in errors]


@pytest.mark.parametrize("body", ["{", "null", '"answers"', "[1"])
def test_a_body_that_is_not_a_json_object_is_refused(api_client, starting_content, body):
    response = api_client.post("/api/v1/recommendations", body, content_type="application/json")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert Submission.objects.count() == 0


def test_a_form_encoded_body_is_refused(api_client, starting_content):
    response = api_client.post(
        "/api/v1/recommendations", "q1=1", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 415
    assert response["Content-Type"] == "application/problem+json"
    assert Submission.objects.count() == 0


def test_a_client_asking_too_often_is_throttled(api_client, api_answer_data, settings):
    settings.API_RECOMMENDATION_RATE = "2/m"
    answers = api_answer_data(**CHAT_APP)

    statuses = [
        api_client.post_json("/api/v1/recommendations", answers).status_code for _ in range(3)
    ]
    other = api_client.post_json("/api/v1/recommendations", answers, REMOTE_ADDR="192.0.2.9")

    assert statuses == [201, 201, 429]
    refused = api_client.post_json("/api/v1/recommendations", answers)
    assert refused["Content-Type"] == "application/problem+json"
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["status"] == 429
    assert other.status_code == 201
    assert Submission.objects.count() == 3
    # Reading is never throttled.
    assert api_client.get("/api/v1/questionnaire").status_code == 200
