"""The result page: the winner, the ranking and the breakdown, the links to comparisons,
sharing and printing, and the advice and answers it shows."""

import re

import pytest

from comparisons.models import Criterion, Framework, Rating
from questionnaire.models import Submission
from questionnaire.presentation import BREAKDOWN_COLUMNS, ResultView
from tests.personas import CHAT_APP, PROTOTYPE, WEB_APP
from tests.questionnaire.result_reading import PERSONAS, result_json, result_page

pytestmark = pytest.mark.django_db


# "1. Django 97.0 points", then a note when no answer's rule reached it.
RANKING_ROW = re.compile(
    r"(?P<name>\d+\. .+?) (?P<points>-?\d+(?:\.\d+)? points)"
    r"(?P<note> Judged on its ratings alone: none of your answers spoke to it\.)?"
)


def published_slugs() -> set[str]:
    return set(Framework.objects.published().values_list("slug", flat=True))


def points_in(text: str) -> float:
    match = re.search(r"(-?\d+(?:\.\d+)?) points$", text)
    assert match, text
    return float(match.group(1))


@pytest.mark.parametrize("persona", PERSONAS)
def test_result_page_shows_winner_ranking_and_breakdown(
    client, answer_form_data, submit_answers, html_page, persona
):
    token = submit_answers(answer_form_data(**PERSONAS[persona]))
    data = result_json(client, token)
    page = result_page(client, html_page, token)

    # The winner.
    winner = data["winner"]
    if data["too_close"]:
        runner_up = data["ranking"][1]
        assert data["margin"] < 3
        assert page.text_of("winner-title") == f"{winner['name']} or {runner_up['name']}"
    else:
        assert page.text_of("winner-title") == winner["name"]
    assert page.section("winner-title").startswith(
        "Too close to call" if data["too_close"] else "Best fit for you"
    )

    # Every framework not ruled out is ranked, in the JSON's order, with its total.
    excluded = {item["framework"] for item in data["excluded"]}
    ranked = [item["framework"] for item in data["ranking"]]
    assert set(ranked) == published_slugs() - excluded
    assert len(ranked) == len(set(ranked))
    rows = page.texts("li", class_="ranking-row")
    assert len(rows) == len(data["ranking"])
    for row, item in zip(rows, data["ranking"], strict=True):
        match = RANKING_ROW.fullmatch(row)
        assert match, row
        assert match["name"] == f"{item['position']}. {item['name']}"
        assert points_in(match["points"]) == pytest.approx(item["total"], abs=0.051)
        # The note says exactly when no answer's rule reached the framework.
        assert (match["note"] is not None) == (not item["affinity_lines"]), (row, item)
    hrefs = [a.get("href", "") for a in page.find_all("a")]
    links = [href for href in hrefs if re.fullmatch(r"/frameworks/[a-z0-9-]+/", href)]
    assert [f"/frameworks/{slug}/" for slug in ranked] == links[: len(ranked)]

    # The breakdown: one row per criterion (in the editors' order), then the answer points;
    # a column for each of the best ranked frameworks.
    criteria = list(Criterion.objects.order_by("order", "name").values_list("name", flat=True))
    assert page.texts("th", scope="row") == [*criteria, "Answer-specific points", "Total"]
    names = [item["name"] for item in data["ranking"][:BREAKDOWN_COLUMNS]]
    assert page.texts("th", scope="col") == ["Criterion", "Importance", *names]
    for slug in excluded:
        assert Framework.objects.get(slug=slug).name not in names


def test_the_breakdown_keeps_the_editors_order_of_criteria_not_their_ids(
    client, answer_form_data, submit_answers, html_page
):
    # Reversed, so that the editors' order differs from the order of the ids (PostgreSQL's
    # jsonb would give a JSON object's keys back in an order of its own).
    for position, criterion in enumerate(Criterion.objects.order_by("-id")):
        criterion.order = position
        criterion.save()
    token = submit_answers(answer_form_data(**WEB_APP))
    page = result_page(client, html_page, token)

    criteria = list(Criterion.objects.order_by("-id").values_list("name", flat=True))
    assert page.texts("th", scope="row") == [*criteria, "Answer-specific points", "Total"]


def test_each_breakdown_cell_gives_the_points_and_the_rating(
    client, answer_form_data, submit_answers, html_page
):
    # One rating missing: its cell says so.
    Rating.objects.filter(framework__slug="flask", criterion__slug="learning-curve").delete()
    token = submit_answers(answer_form_data(**PROTOTYPE))
    data = result_json(client, token)
    cells = result_page(client, html_page, token).texts("td")

    columns = data["ranking"][:5]
    weights = {line["criterion"]: line["weight"] for line in data["weights"]}
    seen_not_rated = 0
    for criterion in Criterion.objects.order_by("order", "name"):
        row, cells = cells[: 1 + len(columns)], cells[1 + len(columns) :]
        assert row[0] == str(weights[criterion.slug])
        for text, item in zip(row[1:], columns, strict=True):
            line = next(line for line in item["breakdown"] if line["criterion"] == criterion.slug)
            points, rating = re.fullmatch(r"(\d+\.\d) \((\d/5|not rated)\)", text).groups()
            assert float(points) == pytest.approx(line["points"], abs=0.051), text
            assert rating == ("not rated" if line["rating"] is None else f"{line['rating']}/5")
            seen_not_rated += rating == "not rated"
    assert seen_not_rated == any(item["framework"] == "flask" for item in columns)


def test_the_breakdown_shows_the_top_five_and_points_to_the_rest(
    client, large_content, submit_answers, html_page
):
    content = large_content(frameworks=8, criteria=4, questions=6)
    token = submit_answers(content.form_data())
    data = result_json(client, token)
    page = result_page(client, html_page, token)

    assert len(page.texts("li", class_="ranking-row")) == len(data["ranking"]) >= 7
    top_five = [item["name"] for item in data["ranking"][:5]]
    assert page.texts("th", scope="col") == ["Criterion", "Importance", *top_five]
    totals = [float(text) for text in page.texts("strong") if re.fullmatch(r"-?\d+\.\d", text)]
    assert totals == [round(item["total"], 1) for item in data["ranking"][:5]]
    left_out = len(data["ranking"]) - 5
    assert f"The table shows the top 5; the other {left_out} frameworks are in" in page.section(
        "breakdown-title"
    )
    assert {"href": f"/results/{token}.json"} in page.find_all("a")


def test_compare_links_lead_to_the_canonical_comparison(
    client, answer_form_data, submit_answers, html_page
):
    token = submit_answers(answer_form_data(**CHAT_APP))
    ranking = result_json(client, token)["ranking"]
    page = result_page(client, html_page, token)

    hrefs = [a["href"] for a in page.find_all("a") if a["href"].startswith("/compare/?")]
    top = [item["framework"] for item in ranking]
    assert hrefs == [
        "/compare/?" + "&".join(f"f={slug}" for slug in top[:2]),
        "/compare/?" + "&".join(f"f={slug}" for slug in top[:3]),
    ]
    for href, count in zip(hrefs, (2, 3), strict=True):
        response = client.get(href)
        assert response.status_code in (301, 302)
        assert response["Location"] == "/compare/" + "-vs-".join(sorted(top[:count])) + "/"
        comparison = client.get(response["Location"])
        assert comparison.status_code == 200
        for item in ranking[:count]:
            assert item["name"] in comparison.content.decode()


def test_result_page_offers_its_absolute_link_and_prints_well(
    client, answer_form_data, submit_answers, html_page
):
    token = submit_answers(answer_form_data(**WEB_APP))
    page = result_page(client, html_page, token)

    (share,) = page.find_all("input", id="share-url")
    assert share["value"] == f"http://testserver/results/{token}/"
    assert "readonly" in share
    assert client.get(share["value"].removeprefix("http://testserver")).status_code == 200
    assert page.find_all("button", data_copy_target="share-url")

    (print_css,) = page.find_all("link", rel="stylesheet", media="print")
    assert print_css["href"].endswith("css/print.css")
    stylesheet = client.get(print_css["href"])
    assert stylesheet.status_code == 200
    content = b"".join(stylesheet.streaming_content)
    assert b".no-print" in content
    assert page.find_all("meta", name="robots", content="noindex")
    assert page.find_all("a", href=f"/results/{token}.json")


def test_result_page_shows_advice_answers_and_verdict(
    client, answer_form_data, submit_answers, html_page
):
    token = submit_answers(answer_form_data(**WEB_APP))
    page = result_page(client, html_page, token)
    submission = Submission.objects.get(token=token)

    assert page.texts("dt") == [item["question"] for item in ResultView.of(submission).answers()]
    assert page.texts("dd") == [
        ", ".join(item["answers"]) for item in ResultView.of(submission).answers()
    ]
    assert "Pick Django if…" in page.section("why-title")
    assert "Freedom or structure?" in page.section("advice-title")
