"""The saved result's JSON: everything the page shows, adding up, with the questions and
answers named."""

import pytest

from comparisons.models import Criterion, Rating
from questionnaire.models import Submission
from questionnaire.presentation import ResultView
from tests.personas import WEB_APP
from tests.questionnaire.result_reading import PERSONAS, result_json

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", PERSONAS)
def test_result_json_has_everything_and_adds_up(client, answer_form_data, submit_answers, persona):
    token = submit_answers(answer_form_data(**PERSONAS[persona]))
    data = result_json(client, token)
    submission = Submission.objects.get(token=token)

    assert data["token"] == token
    assert data["content_version"] == submission.content_version
    assert data["content_changed_since"] is False
    assert {"answers", "ranking", "excluded", "winner", "weights", "what_would_change"} <= set(data)
    assert data["answers"] == ResultView.of(submission).answers()
    assert data["winner"] == data["ranking"][0]
    slugs = list(Criterion.objects.order_by("order", "name").values_list("slug", flat=True))
    assert [item["criterion"] for item in data["weights"]] == slugs
    assert data["method"] == 2
    stake = data["answer_points_at_stake"]
    scale = 100 / (100 + stake["gained"] + stake["lost"])
    assert stake["gained"] >= max(item["affinity"] for item in data["ranking"])
    for item in data["ranking"]:
        assert [line["criterion"] for line in item["breakdown"]] == slugs
        criteria_points = sum(line["points"] for line in item["breakdown"])
        assert criteria_points == pytest.approx(scale * item["fit"], abs=0.01)
        assert item["answer_points"] == pytest.approx(scale * item["affinity"], abs=0.01)
        assert criteria_points + item["answer_points"] + scale * stake["lost"] == pytest.approx(
            item["total"], abs=0.01
        )
        assert 0 <= item["total"] <= 100
        assert item["affinity"] == sum(line["points"] for line in item["affinity_lines"])
        for line in item["breakdown"]:
            rating = Rating.objects.get(
                framework__slug=item["framework"], criterion__slug=line["criterion"]
            )
            assert line["rating"] == rating.score
    totals = [item["total"] for item in data["ranking"]]
    assert totals == sorted(totals, reverse=True)
    assert [item["position"] for item in data["ranking"]] == list(
        range(1, len(data["ranking"]) + 1)
    )


def test_result_json_answers_name_the_questions_and_answers(
    client, answer_form_data, submit_answers
):
    token = submit_answers(answer_form_data(**WEB_APP))
    answers = {item["question"]: item["answers"] for item in result_json(client, token)["answers"]}
    assert answers == {
        "Which language is your team strongest in?": [
            "Another language, several equally, or none yet"
        ],
        "How experienced is your team with backend development?": [
            "Beginners: this is our first backend"
        ],
        "What are you building?": ["A full-featured web app with user accounts and an admin"],
        "Will non-developers manage data through an admin panel?": ["Yes"],
        "What matters most to you?": [
            "Structure and ready-made tools",
            "Security out of the box",
        ],
        "How large do you expect the project to grow?": ["Medium: a product with steady traffic"],
    }
