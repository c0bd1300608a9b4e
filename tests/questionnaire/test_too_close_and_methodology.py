"""A too-close result says "X or Y" everywhere and makes both cases; /methodology/ states the
method the results record."""

import pytest

from questionnaire.models import ScoringSettings, Submission
from questionnaire.scoring import METHOD_VERSION

pytestmark = pytest.mark.django_db

# The API persona: ASP.NET Core and Fastify come out under a point apart.
CLOSE = {
    "language": "Another language",
    "experience": "Experienced",
    "building": "An API",
    "priorities": ["Speed"],
    "scale": "Large",
}


def test_a_too_close_result_names_both_finalists_and_makes_both_cases(
    client, answer_form_data, submit_answers, html_page
):
    token = submit_answers(answer_form_data(**CLOSE))
    data = client.get(f"/results/{token}.json").json()
    assert data["too_close"] and data["margin"] < ScoringSettings.objects.get().too_close_margin
    winner, runner_up = (item["name"] for item in data["ranking"][:2])
    page = html_page(client.get(f"/results/{token}/"))

    assert page.texts("title")[0].startswith(f"{winner} or {runner_up}: too close to call")
    assert page.text_of("winner-title") == f"{winner} or {runner_up}"
    shown = [round(item["total"], 1) for item in data["ranking"][:2]]
    # The margin is the difference of the scores as shown.
    assert data["margin"] == pytest.approx(shown[0] - shown[1], abs=1e-9)
    assert f"a margin of {data['margin']:.1f} points" in page.text
    assert page.section("why-title").startswith(f"Why {winner}")
    assert page.section("why-runner-up-title").startswith(f"Why {runner_up}")
    assert [case["framework"] for case in data["why"]] == [
        item["framework"] for item in data["ranking"][:2]
    ]


def test_a_clear_result_makes_the_winners_case_only(client, answer_form_data, submit_answers):
    token = submit_answers(answer_form_data(**{**CLOSE, "language": "Go"}))
    data = client.get(f"/results/{token}.json").json()
    assert not data["too_close"]
    assert [case["framework"] for case in data["why"]] == [data["winner"]["framework"]]
    assert 'id="why-runner-up-title"' not in client.get(f"/results/{token}/").text


def test_results_record_the_method_the_methodology_page_states(
    client, answer_form_data, submit_answers
):
    token = submit_answers(answer_form_data(**CLOSE))
    assert Submission.objects.get(token=token).result["method"] == METHOD_VERSION
    assert client.get(f"/results/{token}.json").json()["method"] == METHOD_VERSION
    assert "/methodology/" in client.get(f"/results/{token}/").text

    page = client.get("/methodology/")
    assert page.status_code == 200
    text = page.text
    assert f"scoring method {METHOD_VERSION}" in text
    assert "Match</strong> = 100 × (fit + answer points + L) ÷ (100 + G + L)" in text
    assert 'id="method-1"' in text and 'id="method-2"' in text
    margin = ScoringSettings.objects.get().too_close_margin
    assert f"under {margin:.1f} points" in text
