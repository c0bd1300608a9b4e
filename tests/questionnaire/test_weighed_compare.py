"""Weighing a comparison by your own priorities, without the questionnaire: a GET form on the
compare page leads to the personalised view a result's comparison gives."""

import pytest

from comparisons.models import Criterion
from tests.comparisons.conftest import parse_compare_table

pytestmark = pytest.mark.django_db

WEIGHED = "/compare/django-vs-express/weighed/"


def only(slug: str) -> dict:
    """Every criterion at 0 but one at 10."""
    weights = {c.slug: "0" for c in Criterion.objects.filter(active=True)}
    weights[slug] = "10"
    return weights


def test_the_compare_page_offers_the_form_at_the_usual_importances(client, starting_content):
    page = client.get("/compare/django-vs-express/").text
    assert f'<form method="get" action="{WEIGHED}">' in page
    for criterion in Criterion.objects.filter(active=True):
        select = page[page.index(f'name="{criterion.slug}"') :]
        select = select[: select.index("</select>")]
        assert f'<option value="{criterion.base_importance}" selected>' in select


def test_weighing_ranks_the_frameworks_by_the_chosen_importance(client, starting_content):
    response = client.get(WEIGHED, only("security"))

    assert response.status_code == 200
    page = response.text
    assert "weighed by your priorities" in page
    table = parse_compare_table(response)
    # Security alone counts: Django is rated 5/5 (a match of 100), Express 2/5 (25).
    assert table.rows[0].name == "Security out of the box"
    assert table.rows[0].header.startswith("Security out of the box weighs most for you")
    assert "Your match: <strong>100.0</strong> (#1)" in page
    assert "Your match: <strong>25.0</strong> (#2)" in page
    assert 'id="weigh-security"' in page and '<option value="10" selected>' in page


def test_a_result_and_the_same_importances_chosen_by_hand_order_the_rows_alike(
    client, starting_content, answer_form_data, submit_answers
):
    from tests.personas import WEB_APP

    token = submit_answers(answer_form_data(**WEB_APP))
    data = client.get(f"/results/{token}.json").json()
    top = sorted(item["framework"] for item in data["ranking"][:2])
    weights = {item["criterion"]: str(min(item["weight"], 10)) for item in data["weights"]}
    by_hand = parse_compare_table(client.get(f"/compare/{'-vs-'.join(top)}/weighed/", weights))
    from_result = parse_compare_table(client.get(f"/results/{token}/compare/"))
    assert [row.name for row in by_hand.rows] == [row.name for row in from_result.rows][
        : len(by_hand.rows)
    ]


@pytest.mark.parametrize("value", ["11", "-1", "lots", ""])
def test_a_refused_importance_is_a_400_that_names_it_and_weighs_as_usual(
    client, starting_content, value
):
    response = client.get(WEIGHED, {"security": value} if value else {"security": "x"})

    assert response.status_code == 400
    assert "Choose an importance from 0 to 10 for Security out of the box." in response.text


def test_addresses_of_the_weighed_view(client, starting_content):
    assert client.get("/compare/django-vs-nosuch/weighed/").status_code == 404
    response = client.get("/compare/express-vs-django/weighed/?security=10")
    assert response.status_code == 302
    assert response["Location"] == f"{WEIGHED}?security=10"
