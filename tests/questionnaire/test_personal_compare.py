"""The personalised comparison (/results/<token>/compare/): the result's top frameworks side by
side, in the result's order and with its scores, rows ordered by the visitor's weights.

Every answer set goes through the real questionnaire (POST /advisor/), and expectations come
from that result's own JSON and page, so nothing here is a copy of a computed number.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comparisons.models import Criterion, Framework, Rating
from questionnaire.models import Question
from questionnaire.presentation import HEAVY_WEIGHT_SHARE
from questionnaire.views import PERSONAL_COMPARISON_SIZE
from tests.comparisons.conftest import build_grid, parse_compare_table
from tests.personas import CHAT_APP, DATA_APP, PROTOTYPE, WEB_APP

pytestmark = pytest.mark.django_db

PERSONAS = {
    "chat": CHAT_APP,
    "web-app": WEB_APP,
    "prototype": PROTOTYPE,
    "data": DATA_APP,  # rules out every framework weak at data science, Express among them
    # A Go team: a Python one building an API is rightly sent to FastAPI, as the data persona
    # is, and every persona here is meant to have a winner of its own.
    "api": {
        "language": "Go",
        "experience": "Experienced",
        "building": "An API or microservices",
        "priorities": ["Freedom and control", "Getting a first version"],
        "scale": "Medium",
    },
}
MATCH = re.compile(r"Your match: (-?\d+(?:\.\d+)?) \(#(\d+)\)$")
IMPORTANCE = re.compile(r"Importance for you: (\d+)\.")
HEAVY_BADGE = "weighs most for you"
PRIORITIES_LINK = "with my priorities"


def answers_from_rows(pick: int) -> dict:
    """Valid answers built from the Question and Option rows alone: the ``pick``-th answer
    (wrapping round) to every required question that is shown, in the questionnaire's order."""
    data, chosen = {}, set()
    for question in Question.objects.filter(published=True).prefetch_related("options"):
        visible = question.condition_id is None or question.condition_id in chosen
        if not (visible and question.required):
            continue
        options = list(question.options.all())
        option = options[pick % len(options)]
        chosen.add(option.pk)
        value = str(option.pk)
        data[f"q{question.pk}"] = [value] if question.kind == Question.Kind.MULTIPLE else value
    return data


def submit(client, data) -> tuple[str, object]:
    """POST the answers and follow to the result page; returns (token, result response)."""
    response = client.post(reverse("questionnaire:advisor"), data, follow=True)
    assert response.status_code == 200
    ((location, status),) = response.redirect_chain
    assert status == 303
    match = re.fullmatch(r"/results/([A-Za-z0-9_-]{22,43})/", location)
    assert match, location
    return match.group(1), response


def priorities_link(page) -> tuple[str, str]:
    """(href, text) of the result page's "… with my priorities" link."""
    found = [
        (attrs["href"], text)
        for tag, attrs, text in page.elements
        if tag == "a" and PRIORITIES_LINK in text
    ]
    assert len(found) == 1, found
    return found[0]


def result_scores_shown(page) -> dict[str, str]:
    """Framework name → total as the result page prints it ("97.0")."""
    shown = {}
    for text in page.texts("li", class_="ranking-row"):
        match = re.fullmatch(
            r"\d+\. (.+) (-?\d+(?:\.\d+)?) points( Judged on its ratings alone: .*)?", text
        )
        assert match, text
        shown[match.group(1)] = match.group(2)
    return shown


def check_personal_comparison(client, html_page, data) -> dict:
    """Answer, follow to the result, open its personal comparison and check it against the
    result. Returns the result's JSON."""
    token, result_response = submit(client, data)
    result_page = html_page(result_response)
    href, link_text = priorities_link(result_page)
    assert href == reverse("questionnaire:personal-compare", kwargs={"token": token})
    result = client.get(reverse("questionnaire:result-data", kwargs={"token": token})).json()
    ranking = result["ranking"]
    top = ranking[:PERSONAL_COMPARISON_SIZE]
    assert link_text == f"Compare the top {len(top)} with my priorities"

    response = client.get(href)

    assert response.status_code == 200
    assert "comparisons/compare.html" in [t.name for t in response.templates]
    table = parse_compare_table(response)
    page = html_page(response)

    # Columns: the result's ranking order, each with the result's own score and position.
    assert table.columns == [item["name"] for item in top]
    shown_totals = result_scores_shown(result_page)
    for column, item in zip(table.column_texts, top, strict=True):
        match = MATCH.search(column)
        assert match, column
        assert match.group(1) == shown_totals[item["name"]]
        assert abs(float(match.group(1)) - item["total"]) <= 0.05 + 1e-9
        assert int(match.group(2)) == item["position"]
    assert page.texts("h1") == [
        " vs ".join(item["name"] for item in top) + ", weighed by your priorities"
    ]

    # Rows: every criterion, heaviest first (ties in the editors' order), weights shown.
    weights = {entry["criterion"]: entry["weight"] for entry in result["weights"]}
    criteria = list(Criterion.objects.all())
    expected = sorted(criteria, key=lambda criterion: -weights.get(criterion.slug, 0))
    assert [row.name for row in table.rows] == [criterion.name for criterion in expected]
    shown_weights = [int(IMPORTANCE.search(row.header).group(1)) for row in table.rows]
    assert shown_weights == [weights.get(criterion.slug, 0) for criterion in expected]
    assert shown_weights == sorted(shown_weights, reverse=True)
    top_weight = shown_weights[0]
    assert top_weight > 0
    assert HEAVY_BADGE in table.rows[0].header
    for row, weight in zip(table.rows, shown_weights, strict=True):
        assert (HEAVY_BADGE in row.header) == (weight >= HEAVY_WEIGHT_SHARE * top_weight), row
    assert any(HEAVY_BADGE not in row.header for row in table.rows)

    # Cells: the editors' ratings of those frameworks.
    frameworks = [Framework.objects.get(slug=item["framework"]) for item in top]
    ratings = {(r.framework_id, r.criterion_id): r for r in Rating.objects.all()}
    for row, criterion in zip(table.rows, expected, strict=True):
        for cell, framework in zip(row.cells, frameworks, strict=True):
            rating = ratings.get((framework.id, criterion.id))
            if rating is None:
                assert cell.text == "Not rated yet"
            else:
                assert cell.text.startswith(f"{rating.score}/5")
                assert rating.rationale in cell.text
    return result


@pytest.mark.parametrize("persona", PERSONAS)
def test_personal_comparison_follows_the_result(client, answer_form_data, html_page, persona):
    result = check_personal_comparison(client, html_page, answer_form_data(**PERSONAS[persona]))

    if persona == "data":
        excluded = [item["framework"] for item in result["excluded"]]
        assert "express" in excluded
        assert len(result["ranking"]) == Framework.objects.published().count() - len(excluded)


def test_personas_have_different_winners(client, answer_form_data, html_page):
    winners = {
        persona: check_personal_comparison(client, html_page, answer_form_data(**answers))[
            "ranking"
        ][0]["framework"]
        for persona, answers in PERSONAS.items()
    }

    # Every persona has its own winner, so column orders really differ.
    assert len(set(winners.values())) == len(PERSONAS), winners


@pytest.mark.parametrize("pick", [0, 1, 2, 3])
def test_personal_comparison_for_answers_built_from_the_rows(
    client, starting_content, html_page, pick
):
    check_personal_comparison(client, html_page, answers_from_rows(pick))


def test_unpublished_framework_is_left_out_and_the_order_kept(client, answer_form_data, html_page):
    token, _ = submit(client, answer_form_data(**PERSONAS["web-app"]))
    ranking = client.get(f"/results/{token}.json").json()["ranking"]
    assert len(ranking) >= 3
    Framework.objects.filter(slug=ranking[1]["framework"]).update(published=False)

    table = parse_compare_table(client.get(f"/results/{token}/compare/"))

    assert table.columns == [ranking[0]["name"], ranking[2]["name"]]


def test_fewer_than_two_published_frameworks_is_not_found(client, answer_form_data):
    token, _ = submit(client, answer_form_data(**PERSONAS["data"]))
    ranking = client.get(f"/results/{token}.json").json()["ranking"]
    assert len(ranking) >= 3
    # Unpublished one by one from the last: two left are still compared, one is not.
    for item in reversed(ranking[2:]):
        Framework.objects.filter(slug=item["framework"]).update(published=False)
    assert client.get(f"/results/{token}/compare/").status_code == 200
    Framework.objects.filter(slug=ranking[1]["framework"]).update(published=False)

    assert client.get(f"/results/{token}/compare/").status_code == 404


@pytest.mark.parametrize(
    "token",
    [
        "A" * 22,  # well-formed, unknown
        "unknown_but_well-formed_token",
        "short",  # not a token at all
        "A" * 44,
    ],
)
def test_unknown_token_is_not_found(client, answer_form_data, token):
    submit(client, answer_form_data(**PERSONAS["chat"]))  # some result exists

    assert client.get(f"/results/{token}/compare/").status_code == 404


def test_personal_comparison_only_answers_safe_methods(client, answer_form_data):
    token, _ = submit(client, answer_form_data(**PERSONAS["chat"]))

    assert client.post(f"/results/{token}/compare/").status_code == 405


# --- Query counts -----------------------------------------------------------------------------


def personal_comparison_queries(client, data) -> tuple[int, int]:
    token, _ = submit(client, data)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/results/{token}/compare/")
    assert response.status_code == 200
    return len(queries), response.content.decode().count("Importance for you:")


def test_personal_comparison_query_count_does_not_grow_with_the_content(client, answer_form_data):
    # N+1 guarded: a query per shown framework (to find it by slug), per cell or per row
    # (ratings), and per framework for its verdicts and advice.
    data = answer_form_data(**PERSONAS["chat"])
    small_criteria = Criterion.objects.count()
    small, small_rows = personal_comparison_queries(client, data)

    build_grid(frameworks=200, criteria=40)
    large, large_rows = personal_comparison_queries(client, data)

    print(f"personal comparison queries: starting content {small}, 200 × 40 grid {large}")
    assert small_rows == small_criteria
    assert large_rows == Criterion.objects.count() == small_criteria + 40
    assert large == small
    assert small <= 6
