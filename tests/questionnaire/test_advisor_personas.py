"""The questionnaire page, end to end through the real views: personas get the framework
the article recommends, and a data-heavy app is never recommended Express."""

import itertools

import pytest

from comparisons.models import Framework
from questionnaire.models import DealBreaker, Option
from tests.personas import CHAT_APP, PROTOTYPE, WEB_APP
from tests.questionnaire.advisor_answers import BUILDING, DATA_APP

pytestmark = pytest.mark.django_db

PERSONAS = {
    "javascript team building a real-time chat app": (CHAT_APP, "express"),
    "an API where speed matters": (
        {
            "language": "Both equally, or neither yet",
            "experience": "Experienced",
            "building": "An API",
            "priorities": ["Speed"],
            "scale": "Large",
        },
        "express",
    ),
    "beginners building a full-featured web app": (WEB_APP, "django"),
    "a small prototype where simplicity and control matter": (PROTOTYPE, "flask"),
}


def result_data(client, token: str) -> dict:
    response = client.get(f"/results/{token}.json")
    assert response.status_code == 200
    return response.json()


def post_and_follow(client, data):
    """POST the answers, check the 303, GET the result page; returns (token, page response)."""
    response = client.post("/advisor/", data)
    assert response.status_code == 303, response.content.decode()[:2000]
    location = response["Location"]
    page = client.get(location)
    assert page.status_code == 200
    token = location.removeprefix("/results/").removesuffix("/")
    return token, page


@pytest.mark.parametrize("persona", PERSONAS)
def test_persona_gets_the_expected_framework(client, answer_form_data, html_page, persona):
    answers, expected = PERSONAS[persona]

    token, response = post_and_follow(client, answer_form_data(**answers))

    data = result_data(client, token)
    assert data["winner"]["framework"] == expected
    assert data["ranking"][0]["framework"] == expected
    name = Framework.objects.get(slug=expected).name
    page = html_page(response)
    assert page.text_of("winner-title") == name
    assert page.section("winner-title").startswith(f"Best fit for you {name}")
    assert page.section("why-title").startswith(f"Why {name}")
    assert page.find_all("title")
    assert f"{name} is your best fit" in page.text


PRIORITY_SETS = [
    ["Speed"],
    ["Structure", "Security"],
    ["Simplicity", "Freedom and control"],
    ["Getting a first version"],
]


def test_data_heavy_app_never_recommends_express_and_says_why(client, answer_form_data, html_page):
    """Every language × experience × scale × a few priority sets: Express is ruled out by
    the data answer, with the reason and the answer named, and never wins."""
    data_option = Option.objects.get(label=DATA_APP)
    breaker = DealBreaker.objects.get(option=data_option, framework__slug="express")
    python_frameworks = {"django", "flask"}
    combinations = list(
        itertools.product(
            ["JavaScript", "Python", "Both equally"],
            ["Beginners", "Some", "Experienced"],
            ["Small", "Medium", "Large"],
            PRIORITY_SETS,
        )
    )
    assert len(combinations) == 108
    for language, experience, scale, priorities in combinations:
        answers = answer_form_data(
            language=language,
            experience=experience,
            building=DATA_APP,
            priorities=priorities,
            scale=scale,
        )
        token, response = post_and_follow(client, answers)
        data = result_data(client, token)
        case = (language, experience, scale, priorities)

        assert data["winner"]["framework"] in python_frameworks, case
        assert "express" not in {item["framework"] for item in data["ranking"]}, case
        assert [item["framework"] for item in data["excluded"]] == ["express"], case
        (exclusion,) = data["excluded"]
        assert exclusion["causes"] == [
            {"question": BUILDING, "answer": DATA_APP, "reason": breaker.reason}
        ], case
        ruled_out = html_page(response).section("excluded-title")
        assert f"Express: {breaker.reason} (you answered “{DATA_APP}” to “{BUILDING}”)" in (
            ruled_out
        ), case
