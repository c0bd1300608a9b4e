"""The saved result: its page and its JSON, how it stays the same after content edits, how
it is recomputed, and which addresses do not exist."""

import re

import pytest
from django.test.utils import override_script_prefix

from comparisons.content_version import current_content_version
from comparisons.models import Criterion, Framework, Rating
from questionnaire.models import (
    DealBreaker,
    Option,
    Question,
    Submission,
)
from questionnaire.presentation import ResultView
from tests.personas import CHAT_APP, DATA_APP, PROTOTYPE, WEB_APP

pytestmark = pytest.mark.django_db

PERSONAS = {"chat": CHAT_APP, "web": WEB_APP, "prototype": PROTOTYPE, "data": DATA_APP}


def result_json(client, token: str) -> dict:
    response = client.get(f"/results/{token}.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def result_page(client, html_page, token: str):
    response = client.get(f"/results/{token}/")
    assert response.status_code == 200
    return html_page(response)


def published_slugs() -> set[str]:
    return set(Framework.objects.published().values_list("slug", flat=True))


def points_in(text: str) -> float:
    match = re.search(r"(-?\d+(?:\.\d+)?) points$", text)
    assert match, text
    return float(match.group(1))


# --- The page -------------------------------------------------------------------------------


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
        assert row.startswith(f"{item['position']}. {item['name']}")
        assert points_in(row) == pytest.approx(item["total"], abs=0.051)
    hrefs = [a.get("href", "") for a in page.find_all("a")]
    links = [href for href in hrefs if re.fullmatch(r"/frameworks/[a-z0-9-]+/", href)]
    assert [f"/frameworks/{slug}/" for slug in ranked] == links[: len(ranked)]

    # The breakdown: one row per criterion (in the editors' order), then the answer points.
    criteria = list(Criterion.objects.order_by("order", "name").values_list("name", flat=True))
    assert page.texts("th", scope="row") == [*criteria, "Answer-specific points", "Total"]
    names = [item["name"] for item in data["ranking"]]
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


def test_result_page_says_what_would_change_the_answer(
    client, answer_form_data, submit_answers, html_page
):
    token = submit_answers(answer_form_data(**PROTOTYPE))
    data = result_json(client, token)
    page_changes = result_page(client, html_page, token).section("change-title")

    changes = data["what_would_change"]
    assert changes, "a prototype answer set has close alternatives"
    for change in changes:
        (removed,) = change["remove"]
        (added,) = change["add"]
        assert (
            f"To “{change['question']}”, answering “{added}” instead of “{removed}” would make "
            f"{change['new_winner']} the best fit." in page_changes
        )


def test_result_page_says_when_no_single_change_matters(
    client, answer_form_data, submit_answers, html_page
):
    token = submit_answers(answer_form_data(**WEB_APP))
    assert result_json(client, token)["what_would_change"] == []
    assert "No single change to your answers would change the recommendation" in (
        result_page(client, html_page, token).section("change-title")
    )


@pytest.mark.parametrize("persona", ["chat", "prototype"])
def test_what_would_change_is_true(client, answer_form_data, submit_answers, persona):
    """Making each listed change and submitting again really gives the named winner."""
    form_data = answer_form_data(**PERSONAS[persona])
    changes = result_json(client, submit_answers(form_data))["what_would_change"]
    assert changes
    for change in changes:
        question = Question.objects.get(text=change["question"])
        name = f"q{question.pk}"
        current = form_data[name] if isinstance(form_data[name], list) else [form_data[name]]
        removed = {str(question.options.get(label=label).pk) for label in change["remove"]}
        added = [str(question.options.get(label=label).pk) for label in change["add"]]
        changed = {**form_data, name: [v for v in current if v not in removed] + added}
        chosen = {
            v for value in changed.values() for v in (value if isinstance(value, list) else [value])
        }
        for hidden in Question.objects.filter(condition__isnull=False):
            if str(hidden.condition_id) not in chosen:
                changed.pop(f"q{hidden.pk}", None)
        new = result_json(client, submit_answers(changed))
        assert new["winner"]["name"] == change["new_winner"], change


def test_result_page_lists_ruled_out_frameworks_with_reasons(
    client, answer_form_data, submit_answers, html_page
):
    token = submit_answers(answer_form_data(**DATA_APP))
    data = result_json(client, token)
    page = result_page(client, html_page, token)

    option = Option.objects.get(label__startswith="A data- or ML-heavy app")
    breaker = DealBreaker.objects.get(option=option)
    assert data["excluded"] == [
        {
            "framework": breaker.framework.slug,
            "name": breaker.framework.name,
            "causes": [
                {"question": option.question.text, "answer": option.label, "reason": breaker.reason}
            ],
        }
    ]
    assert page.section("excluded-title") == (
        f"Ruled out {breaker.framework.name}: {breaker.reason} "
        f"(you answered “{option.label}” to “{option.question.text}”)"
    )
    assert breaker.framework.name not in page.section("ranking-title")


def test_result_page_without_exclusions_has_no_ruled_out_section(
    client, answer_form_data, submit_answers, html_page
):
    token = submit_answers(answer_form_data(**CHAT_APP))
    assert result_json(client, token)["excluded"] == []
    assert not result_page(client, html_page, token).has("excluded-title")


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


# --- The JSON -------------------------------------------------------------------------------


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
    for item in data["ranking"]:
        assert [line["criterion"] for line in item["breakdown"]] == slugs
        criteria_points = sum(line["points"] for line in item["breakdown"])
        assert criteria_points == pytest.approx(item["fit"], abs=0.01)
        assert criteria_points + item["affinity"] == pytest.approx(item["total"], abs=0.01)
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
        "Which language is your team strongest in?": ["Both equally, or neither yet"],
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


# --- Stable results and recomputing ---------------------------------------------------------


def lower_express_performance():
    rating = Rating.objects.get(framework__slug="express", criterion__slug="raw-performance")
    assert rating.score == 5
    rating.score = 1
    rating.save()


def test_result_stays_the_same_after_a_content_edit(
    client, answer_form_data, submit_answers, html_page
):
    token = submit_answers(answer_form_data(**CHAT_APP))
    before = result_json(client, token)
    page_before = result_page(client, html_page, token)
    assert not page_before.find_all("form", action=f"/results/{token}/recompute/")
    version = current_content_version()

    lower_express_performance()

    assert current_content_version() == version + 1
    after = result_json(client, token)
    assert after["ranking"] == before["ranking"]
    assert after["winner"] == before["winner"]
    assert after["excluded"] == before["excluded"]
    assert after["what_would_change"] == before["what_would_change"]
    assert after["content_version"] == before["content_version"] == version
    assert after["content_changed_since"] is True

    page = result_page(client, html_page, token)
    assert page.texts("li", class_="ranking-row") == page_before.texts("li", class_="ranking-row")
    assert "have changed since this result was made" in page.text
    (form,) = page.find_all("form", action=f"/results/{token}/recompute/")
    assert form["method"] == "post"
    assert "Recompute with today's content" in page.texts("button", type="submit")


def test_result_survives_its_framework_being_deleted(
    client, answer_form_data, submit_answers, html_page
):
    token = submit_answers(answer_form_data(**CHAT_APP))
    before = result_json(client, token)
    assert before["winner"]["framework"] == "express"

    Framework.objects.get(slug="express").delete()

    assert result_json(client, token)["ranking"] == before["ranking"]
    page = result_page(client, html_page, token)
    assert page.text_of("winner-title") == "Express"


def test_recompute_makes_a_new_result_and_keeps_the_old_one(
    client, answer_form_data, submit_answers
):
    token = submit_answers(answer_form_data(**CHAT_APP))
    old = Submission.objects.get(token=token)
    old_fields = (old.answers, old.result, old.content_version, old.labels_id, old.created_at)
    before = result_json(client, token)
    lower_express_performance()

    response = client.post(f"/results/{token}/recompute/")

    assert response.status_code == 303
    new_token = response["Location"].removeprefix("/results/").removesuffix("/")
    assert response["Location"] == f"/results/{new_token}/"
    assert new_token != token
    assert Submission.objects.count() == 2
    new = Submission.objects.get(token=new_token)
    assert new.recomputed_from_id == old.pk
    assert new.answers == old.answers
    assert new.content_version == current_content_version() == old.content_version + 1
    old.refresh_from_db()
    assert (old.answers, old.result, old.content_version, old.labels_id, old.created_at) == (
        old_fields
    )
    # The edit made a new content version: its results have labels of their own.
    assert new.labels_id != old.labels_id
    assert result_json(client, token) == {**before, "content_changed_since": True}

    # The new result uses today's ratings: Express lost 4 steps on raw performance.
    recomputed = result_json(client, new_token)
    assert recomputed["content_changed_since"] is False

    def express(data):
        (item,) = [i for i in data["ranking"] if i["framework"] == "express"]
        return item

    (line,) = [
        line for line in express(recomputed)["breakdown"] if line["criterion"] == "raw-performance"
    ]
    assert line["rating"] == 1
    assert express(recomputed)["total"] < express(before)["total"]


def test_recompute_after_the_questionnaire_changed_asks_to_finish_it(
    client, answer_form_data, submit_answers, html_page
):
    form_data = answer_form_data(**CHAT_APP)
    token = submit_answers(form_data)
    section = Question.objects.get(text="What are you building?").section
    new_question = Question.objects.create(section=section, text="Which database?", order=99)
    new_question.options.create(label="PostgreSQL")

    response = client.post(f"/results/{token}/recompute/")

    assert response.status_code == 400
    assert Submission.objects.count() == 1
    page = html_page(response)
    assert "The questionnaire has changed since your earlier result" in page.text
    assert "Which database?: Please answer this question." in page.text_of("form-errors")
    for name, value in form_data.items():
        values = value if isinstance(value, list) else [value]
        checked = {a["value"] for a in page.find_all("input", name=name) if "checked" in a}
        assert checked == set(values)


# --- Addresses that do not exist ------------------------------------------------------------


def test_unknown_but_well_formed_token_is_not_found(client, starting_content):
    token = "A" * 22
    assert client.get(f"/results/{token}/").status_code == 404
    assert client.get(f"/results/{token}.json").status_code == 404
    assert client.post(f"/results/{token}/recompute/").status_code == 404
    assert Submission.objects.count() == 0


@pytest.mark.parametrize(
    "token",
    ["short", "A" * 21, "A" * 44, "A" * 21 + "!", "A" * 21 + "=", "A" * 21 + "%20", "Ä" * 22],
)
def test_malformed_token_is_not_found(client, answer_form_data, submit_answers, token):
    real = submit_answers(answer_form_data(**CHAT_APP))
    for candidate in (token, real[:21], real + "A" * (44 - len(real))):
        assert client.get(f"/results/{candidate}/").status_code == 404
        assert client.get(f"/results/{candidate}.json").status_code == 404
        assert client.post(f"/results/{candidate}/recompute/").status_code == 404
    assert Submission.objects.count() == 1


def test_wrong_methods_are_not_allowed(client, answer_form_data, submit_answers):
    token = submit_answers(answer_form_data(**CHAT_APP))
    assert client.get(f"/results/{token}/recompute/").status_code == 405
    assert client.post(f"/results/{token}/").status_code == 405
    assert client.post(f"/results/{token}.json").status_code == 405
    assert client.head(f"/results/{token}/").status_code == 200
    assert Submission.objects.count() == 1


def test_a_site_served_under_a_path_redirects_to_its_results_there(client, answer_form_data):
    # What the WSGI handler sets from SCRIPT_NAME (the test client does not).
    with override_script_prefix("/stackadvisor/"):
        response = client.post("/advisor/", answer_form_data(**CHAT_APP))
    token = Submission.objects.get().token
    assert response.status_code == 303
    assert response["Location"] == f"/stackadvisor/results/{token}/"
    # The same process serving the site at the root redirects to its own address.
    location = client.post("/advisor/", answer_form_data(**CHAT_APP))["Location"]
    assert location == f"/results/{Submission.objects.exclude(token=token).get().token}/"
