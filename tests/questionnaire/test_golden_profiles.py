"""Golden profiles: the article's readers ship as profiles that pass; the admin lists pass or
fail, refuses answers the questionnaire would refuse, and an edit that changes a profile's or
recent results' winner is shown before it is saved, with "Save anyway" and "Cancel"."""

import pytest
from reversion.models import Revision

from comparisons.models import Rating
from questionnaire.content import get_content
from questionnaire.golden import check_profile
from questionnaire.models import GoldenProfile, Option
from tests.admin_forms import admin_url, change_form_data, form_errors
from tests.personas import CHAT_APP

pytestmark = pytest.mark.django_db

CHAT_PROFILE = "JavaScript team building a real-time chat app"


def express_real_time() -> Rating:
    return Rating.objects.get(framework__key="express", criterion__key="real-time")


def rating_post(client, rating: Rating, score: int) -> dict:
    page = client.get(admin_url(Rating, "change", rating.pk))
    data = change_form_data(page)
    data["score"] = str(score)
    return data


def test_the_articles_readers_ship_as_passing_golden_profiles(starting_content):
    content = get_content()
    profiles = GoldenProfile.objects.prefetch_related("answers", "expected_winners")
    checks = {p.name: check_profile(content, p) for p in profiles}

    assert len(checks) == 4
    assert {name: check.winner_name for name, check in checks.items()} == {
        CHAT_PROFILE: "Express",
        "Experienced team building an API where speed matters": "ASP.NET Core",
        "Beginners building a full web app with an admin": "Django",
        "Small prototype, kept simple": "Flask",
    }
    assert all(check.passes for check in checks.values()), checks


def test_the_list_says_which_pass_and_why_one_fails(starting_content, editor_client):
    profile = GoldenProfile.objects.get(name=CHAT_PROFILE)
    flask = GoldenProfile.objects.get(key="article-prototype").expected_winners.get()
    profile.expected_winners.set([flask])

    response = editor_client.get(admin_url(GoldenProfile, "changelist"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "3 of 4 pass with the content now." in html
    assert "Fails: gets Express, expected Flask." in html
    assert html.count("Passes: gets") == 3


def profile_form(client, **changes) -> dict:
    page = client.get(admin_url(GoldenProfile, "add"))
    assert page.status_code == 200
    chat = GoldenProfile.objects.get(name=CHAT_PROFILE)
    data = {
        "name": "A new profile",
        "note": "Why.",
        "answers": [str(pk) for pk in chat.answers.values_list("pk", flat=True)],
        "expected_winners": [str(pk) for pk in chat.expected_winners.values_list("pk", flat=True)],
    }
    data.update(changes)
    return data


def test_an_editor_adds_a_profile_with_the_questionnaires_answers(starting_content, editor_client):
    response = editor_client.post(admin_url(GoldenProfile, "add"), profile_form(editor_client))

    assert response.status_code == 302, form_errors(response)
    profile = GoldenProfile.objects.get(name="A new profile")
    assert check_profile(get_content(), profile).passes


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("two answers to one question", "Choose only one answer"),
        ("no answer to a required question", "Please answer this question"),
    ],
)
def test_answers_the_questionnaire_refuses_are_refused(
    starting_content, editor_client, change, message
):
    data = profile_form(editor_client)
    if change == "two answers to one question":
        data["answers"].append(str(Option.objects.get(key="language/python").pk))
    else:
        data["answers"].remove(str(Option.objects.get(key="language/javascript").pk))

    response = editor_client.post(admin_url(GoldenProfile, "add"), data)

    assert response.status_code == 200
    assert "The questionnaire would refuse these answers" in response.content.decode()
    assert message.split(":")[0] in response.content.decode()
    assert not GoldenProfile.objects.filter(name="A new profile").exists()


def test_an_edit_that_flips_a_profile_is_shown_before_it_is_saved(
    starting_content, editor_client, client, answer_form_data, submit_answers
):
    for _ in range(3):
        submit_answers(answer_form_data(**CHAT_APP))
    rating = express_real_time()
    revisions = Revision.objects.count()
    url = admin_url(Rating, "change", rating.pk)

    response = editor_client.post(url, rating_post(editor_client, rating, 1))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Check before saving" in html and "Nothing is saved yet." in html
    assert CHAT_PROFILE in html
    assert "3 of the last 3 results (100.0%) would get a different winner" in html
    assert "Save anyway" in html and f'href="{url}"' in html  # Cancel: back, unsaved
    rating.refresh_from_db()
    assert rating.score == 5
    assert Revision.objects.count() == revisions
    assert "was changed successfully" not in html

    confirmed = editor_client.post(url, confirm_data(html))

    assert confirmed.status_code == 302
    rating.refresh_from_db()
    assert rating.score == 1
    assert Revision.objects.count() == revisions + 1


def confirm_data(html: str) -> dict:
    """The confirm page's form, as a browser sends it."""
    from html.parser import HTMLParser

    fields: dict[str, list[str]] = {}

    class Inputs(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attributes = dict(attrs)
            if tag == "input" and attributes.get("type") == "hidden":
                fields.setdefault(attributes["name"], []).append(attributes.get("value", ""))

    Inputs().feed(html[html.index('class="impact-choice"') :])
    return fields


def test_an_edit_that_flips_nothing_is_saved_at_once(starting_content, editor_client):
    rating = express_real_time()
    url = admin_url(Rating, "change", rating.pk)
    data = rating_post(editor_client, rating, 5)
    data["rationale"] = "Reworded, same score."

    response = editor_client.post(url, data, follow=True)

    assert response.redirect_chain
    assert "no winner changes" in response.content.decode()
    rating.refresh_from_db()
    assert rating.rationale == "Reworded, same score."


def test_an_invalid_edit_shows_its_errors_and_saves_nothing(starting_content, editor_client):
    rating = express_real_time()
    response = editor_client.post(
        admin_url(Rating, "change", rating.pk), rating_post(editor_client, rating, 9)
    )

    assert response.status_code == 200
    assert "Check before saving" not in response.content.decode()
    rating.refresh_from_db()
    assert rating.score == 5


def test_golden_profiles_need_the_permission(starting_content, client, django_user_model):
    url = admin_url(GoldenProfile, "changelist")
    assert client.get(url).status_code == 302
    staff = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get(url).status_code == 403
