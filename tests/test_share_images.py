"""Link-preview pictures (og:image) of comparison and result pages, drawn from the ratings
and the scores."""

from io import BytesIO

import pytest
from PIL import Image

from stackadvisor.share_images import HEIGHT, WIDTH, Bar, bar_chart_png
from tests.personas import CHAT_APP

pytestmark = pytest.mark.django_db


def picture(response) -> Image.Image:
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(BytesIO(response.content))
    assert image.size == (WIDTH, HEIGHT) == (1200, 630)
    return image.convert("RGB")


def bar_pixels(image: Image.Image, row: int) -> int:
    """How many pixels of a bar row are not the empty track or the background: the longer
    the bar, the more."""
    top = 240 + row * (HEIGHT - 270) / 3
    box = image.crop((360, int(top) + 10, 1020, int(top) + 30))
    blank = {(233, 236, 239), (255, 255, 255)}
    return sum(1 for pixel in box.get_flattened_data() if pixel not in blank)


def test_a_comparison_page_points_to_its_picture(client, starting_content):
    page = client.get("/compare/django-vs-express-vs-flask/").text
    address = "http://testserver/compare/django-vs-express-vs-flask/og.png"
    assert f'<meta property="og:image" content="{address}">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page


def test_a_comparison_picture_draws_the_average_ratings(client, starting_content):
    from comparisons.models import Rating

    Rating.objects.filter(framework__slug="express").update(score=5)
    Rating.objects.filter(framework__slug="flask").update(score=1)

    image = picture(client.get("/compare/django-vs-express-vs-flask/og.png"))

    # Django, Express, Flask: Express rated 5 everywhere has the full bar, Flask rated 1 a fifth.
    django, express, flask = (bar_pixels(image, row) for row in range(3))
    assert express > django > flask > 0
    assert abs(flask * 5 - express) < express * 0.1


def test_a_result_page_points_to_its_picture(
    client, starting_content, answer_form_data, submit_answers
):
    token = submit_answers(answer_form_data(**CHAT_APP))
    page = client.get(f"/results/{token}/").text
    assert f'<meta property="og:image" content="http://testserver/results/{token}/og.png">' in page
    picture(client.get(f"/results/{token}/og.png"))


@pytest.mark.parametrize(
    "address",
    [
        "/compare/django-vs-nosuch/og.png",
        "/compare/express-vs-django/og.png",  # not the canonical address
        "/compare/django/og.png",
        "/results/AAAAAAAAAAAAAAAAAAAAAA/og.png",
    ],
)
def test_pictures_of_pages_that_do_not_exist_are_not_found(client, starting_content, address):
    assert client.get(address).status_code == 404


def test_long_names_are_cut_to_fit():
    png = bar_chart_png("A" * 200, "Subtitle", [Bar("B" * 100, 3, 5, "3.0 / 5")])
    assert Image.open(BytesIO(png)).size == (1200, 630)
