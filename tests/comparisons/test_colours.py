"""Each framework's colour: the same wherever it is drawn, and dark enough to see."""

import pytest

from comparisons.colours import contrast_with_white, framework_colour


def rgb(colour: str) -> tuple[float, float, float]:
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))


@pytest.mark.parametrize("framework_id", range(1, 201))
def test_every_colour_has_3_to_1_contrast_against_white(framework_id):
    assert contrast_with_white(rgb(framework_colour(framework_id))) >= 3


def test_frameworks_added_one_after_another_get_different_colours():
    assert len({framework_colour(framework_id) for framework_id in range(1, 16)}) == 15


@pytest.mark.django_db
def test_a_framework_has_its_colour_on_the_compare_page_the_result_and_its_chart(
    client, starting_content, answer_form_data, submit_answers
):
    from comparisons.models import Framework
    from tests.personas import CHAT_APP

    express = Framework.objects.get(slug="express")
    colour = framework_colour(express.pk)
    for spec in ("express-vs-flask", "django-vs-express-vs-fastify"):
        page = client.get(f"/compare/{spec}/").text
        assert page.count(f'fill="{colour}"') >= 1 + 11  # the legend, the chart's bars
    token = submit_answers(answer_form_data(**CHAT_APP))
    result = client.get(f"/results/{token}/").text
    ranking = result[result.index('id="ranking-title"') :]
    row = ranking[ranking.index(">Express<") :]
    assert f'fill="{colour}"' in row[: row.index("</li>")]
    personal = client.get(f"/results/{token}/compare/").text
    assert f'fill="{colour}"' in personal
