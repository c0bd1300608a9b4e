"""The questionnaire page, end to end through the real views: personas get the framework
the article recommends, and a data-heavy app is never recommended Express."""

import itertools

import pytest

from comparisons.models import Framework
from questionnaire.models import DealBreaker, Option
from tests.personas import CHAT_APP, PROTOTYPE, WEB_APP
from tests.questionnaire.advisor_answers import BUILDING, DATA_APP

pytestmark = pytest.mark.django_db

ARTICLE_FRAMEWORKS = ("express", "django", "flask")
# (answers, the article's pick among its three frameworks, what makes a framework the same
# kind of pick: the overall winner from the whole catalogue must have it)
PERSONAS = {
    "javascript team building a real-time chat app": (
        CHAT_APP,
        "express",
        ("a Node framework", lambda f: f.languages.filter(key="javascript").exists()),
    ),
    "an API where speed matters": (
        {
            "language": "Another language, several equally, or none yet",
            "experience": "Experienced",
            "building": "An API",
            "priorities": ["Speed"],
            "scale": "Large",
        },
        "express",
        ("rated 5/5 for raw performance and for scalability", lambda f: rated_5(f, SPEED)),
    ),
    "beginners building a full-featured web app": (
        WEB_APP,
        "django",
        ("batteries included", lambda f: f.tags.filter(key="batteries-included").exists()),
    ),
    "a small prototype where simplicity and control matter": (
        PROTOTYPE,
        "flask",
        ("rated 5/5 for prototyping speed", lambda f: rated_5(f, ["prototyping-speed"])),
    ),
}
SPEED = ["raw-performance", "scalability"]


def rated_5(framework, criteria) -> bool:
    return framework.ratings.filter(criterion__key__in=criteria, score=5).count() == len(criteria)


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
def test_persona_gets_the_articles_pick_and_a_winner_of_its_kind(
    client, answer_form_data, html_page, persona
):
    answers, pick, (kind, is_of_kind) = PERSONAS[persona]

    token, response = post_and_follow(client, answer_form_data(**answers))

    data = result_data(client, token)
    among_the_articles = [
        item["framework"] for item in data["ranking"] if item["framework"] in ARTICLE_FRAMEWORKS
    ]
    assert among_the_articles[0] == pick
    winner = Framework.objects.get(slug=data["winner"]["framework"])
    assert data["ranking"][0]["framework"] == winner.slug
    assert is_of_kind(winner), f"{winner.name} is not {kind}"
    page = html_page(response)
    assert page.text_of("winner-title").startswith(winner.name)
    assert page.section("why-title").startswith(f"Why {winner.name}")
    if not data["too_close"]:
        assert page.section("winner-title").startswith(f"Best fit for you {winner.name}")
        assert f"{winner.name} is your best fit" in page.text


PRIORITY_SETS = [
    ["Speed"],
    ["Structure", "Security"],
    ["Simplicity", "Freedom and control"],
    ["Getting a first version"],
]


def test_data_heavy_app_never_recommends_express_and_says_why(client, answer_form_data, html_page):
    """Every language × experience × scale × a few priority sets: Express, and every
    framework rated as low on data science, is ruled out by the data answer, with the reason
    and the answer named; a Python framework wins."""
    data_option = Option.objects.get(label=DATA_APP)
    breaker = DealBreaker.objects.get(option=data_option)
    python_frameworks = set(
        Framework.objects.filter(languages__key="python").values_list("slug", flat=True)
    )
    ruled_out_by_rating = sorted(
        Framework.objects.filter(
            ratings__criterion=breaker.criterion, ratings__score__lte=breaker.threshold
        ).values_list("slug", flat=True)
    )
    assert "express" in ruled_out_by_rating
    combinations = list(
        itertools.product(
            ["JavaScript", "Python", "Another language"],
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
        excluded = {item["framework"]: item for item in data["excluded"]}
        assert sorted(excluded) == ruled_out_by_rating, case
        exclusion = excluded["express"]
        assert exclusion["causes"] == [
            {
                "question": BUILDING,
                "answer": DATA_APP,
                "reason": breaker.reason,
                "rule": f"frameworks rated 2/5 or lower on {breaker.criterion.name}",
            }
        ], case
        ruled_out = html_page(response).section("excluded-title")
        assert (
            f"Express: {breaker.reason} This rules out frameworks rated 2/5 or lower on "
            f"{breaker.criterion.name}. (You answered “{DATA_APP}” to “{BUILDING}”)"
        ) in ruled_out, case
