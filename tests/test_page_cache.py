"""Whole-page caching (stackadvisor.page_cache): a stored page is served as it was, an edit
replaces it at once, and nothing that belongs to one visitor is ever stored or shared.

The test settings turn the cache off (PAGE_CACHE_SECONDS = 0); these tests turn it on. A page
served from the cache renders no template, so `response.templates` tells a hit from a miss.
"""

import re

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse

from comparisons.content_version import bump_content_version
from comparisons.models import Framework, Rating
from questionnaire.models import Submission
from stackadvisor.page_cache import shareable
from tests.clients import FormClient as Client
from tests.personas import CHAT_APP

pytestmark = pytest.mark.django_db

COMPARE = "/compare/django-vs-express/"
TOKEN_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def page_cache(settings, clear_cache, starting_content):
    """The starting content, an empty cache, and whole-page caching on."""
    settings.PAGE_CACHE_SECONDS = 3600


def from_cache(response) -> bool:
    return not response.templates


def test_a_stored_page_is_served_as_it_was_for_one_query(
    client, page_cache, django_assert_num_queries
):
    first = client.get(COMPARE)
    assert first.status_code == 200 and not from_cache(first)

    with django_assert_num_queries(1):  # the content version
        second = client.get(COMPARE)

    assert second.status_code == 200 and from_cache(second)
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    # Middleware still runs on a stored page: its security headers are there.
    assert second["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in second


@pytest.mark.parametrize("path", ["/", "/frameworks/", "/frameworks/django/", COMPARE])
def test_public_pages_are_stored(client, page_cache, path):
    assert not from_cache(client.get(path))
    assert from_cache(client.get(path))


def test_an_edit_is_shown_at_once(client, page_cache):
    assert "Sturdy and quick." not in client.get(COMPARE).content.decode()

    rating = Rating.objects.get(framework__slug="django", criterion__slug="security")
    rating.rationale = "Sturdy and quick."
    rating.save()

    response = client.get(COMPARE)
    assert not from_cache(response)
    assert "Sturdy and quick." in response.content.decode()


def test_the_page_is_stored_under_the_content_version(client, page_cache):
    """A new content version alone (no content changed) has the page made again, and stored
    under it."""
    assert not from_cache(client.get("/frameworks/django/"))
    assert from_cache(client.get("/frameworks/django/"))

    bump_content_version()

    assert not from_cache(client.get("/frameworks/django/"))
    assert from_cache(client.get("/frameworks/django/"))


def test_an_edit_that_skips_save_is_shown_at_once(client, page_cache):
    client.get("/frameworks/django/")
    Framework.objects.filter(slug="django").update(summary="A summary nobody has seen.")

    response = client.get("/frameworks/django/")
    assert not from_cache(response)
    assert "A summary nobody has seen." in response.content.decode()


def test_each_host_gets_its_own_page(page_cache):
    local = Client(HTTP_HOST="localhost").get("/")
    loopback = Client(HTTP_HOST="127.0.0.1").get("/")

    assert not from_cache(local) and not from_cache(loopback)
    assert '<link rel="canonical" href="http://localhost/">' in local.content.decode()
    assert '<link rel="canonical" href="http://127.0.0.1/">' in loopback.content.decode()


def test_the_query_string_does_not_make_another_page(client, page_cache):
    client.get("/")
    assert from_cache(client.get("/?utm_source=newsletter"))


def test_the_questionnaire_gives_every_visitor_their_own_token(
    page_cache, answer_form_data, submit_answers
):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)

    first_page = first.get("/advisor/")
    second_page = second.get("/advisor/")

    assert not from_cache(first_page) and from_cache(second_page)
    first_token = TOKEN_INPUT.search(first_page.content.decode()).group(1)
    second_token = TOKEN_INPUT.search(second_page.content.decode()).group(1)
    assert first_token != second_token
    # Each visitor gets their CSRF cookie, as with a page rendered for them…
    assert first_page.cookies["csrftoken"].value != second_page.cookies["csrftoken"].value
    # … and the pages differ only by the token.
    assert first_page.content.decode().replace(first_token, "") == (
        second_page.content.decode().replace(second_token, "")
    )
    # The token of the stored page works, and only with its own cookie.
    data = answer_form_data(**CHAT_APP)
    response = second.post("/advisor/", {**data, "csrfmiddlewaretoken": second_token})
    assert response.status_code == 303
    assert (
        Client(enforce_csrf_checks=True)
        .post("/advisor/", {**data, "csrfmiddlewaretoken": second_token})
        .status_code
        == 403
    )


def test_a_post_is_never_served_from_the_cache(client, page_cache, answer_form_data):
    client.get("/advisor/")
    before = Submission.objects.count()

    response = client.post("/advisor/", answer_form_data(**CHAT_APP))

    assert response.status_code == 303
    assert Submission.objects.count() == before + 1


def test_a_result_page_is_stored_until_the_result_is_deleted(
    client, page_cache, answer_form_data, submit_answers, django_assert_num_queries
):
    token = submit_answers(answer_form_data(**CHAT_APP))
    for path in (f"/results/{token}/", f"/results/{token}/compare/"):
        assert not from_cache(client.get(path))
        with django_assert_num_queries(2):  # the result still exists; the content version
            assert from_cache(client.get(path))

    Submission.objects.filter(token=token).delete()

    assert client.get(f"/results/{token}/").status_code == 404
    assert client.get(f"/results/{token}/compare/").status_code == 404


def test_a_result_page_that_offers_to_recompute_is_never_stored(
    page_cache, answer_form_data, submit_answers
):
    token = submit_answers(answer_form_data(**CHAT_APP))
    # The content changed since: the page offers to recompute, a form with a CSRF token.
    Framework.objects.filter(slug="django").update(summary="Edited since.")

    pages = [Client().get(f"/results/{token}/") for _ in range(2)]

    tokens = []
    for page in pages:
        assert page.status_code == 200 and not from_cache(page)
        assert f'action="/results/{token}/recompute/"' in page.content.decode()
        tokens.append(TOKEN_INPUT.search(page.content.decode()).group(1))
    assert tokens[0] != tokens[1]


def test_with_the_cache_off_every_page_is_rendered(client, settings, clear_cache, starting_content):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(COMPARE)
    assert not from_cache(client.get(COMPARE))


# --- What may be shared -----------------------------------------------------------------


@pytest.fixture
def plain_request(rf):
    request = rf.get("/")
    request.session = SessionStore()
    return request


def test_a_plain_page_may_be_shared(plain_request):
    assert shareable(plain_request, HttpResponse("<p>Hello</p>"))


def test_a_page_that_sets_a_cookie_is_not_shared(plain_request):
    response = HttpResponse("<p>Hello</p>")
    response.set_cookie("theme", "dark")
    assert not shareable(plain_request, response)


def test_a_page_that_used_a_csrf_token_is_not_shared(plain_request):
    plain_request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    assert not shareable(plain_request, HttpResponse("<p>Hello</p>"))


def test_a_page_with_a_token_in_it_is_not_shared(plain_request):
    page = '<input type="hidden" name="csrfmiddlewaretoken" value="abc">'
    assert not shareable(plain_request, HttpResponse(page))


def test_a_page_that_read_the_session_is_not_shared(plain_request):
    plain_request.session.get("anything")
    assert not shareable(plain_request, HttpResponse("<p>Hello</p>"))


def test_a_page_that_used_a_csp_nonce_is_not_shared(plain_request):
    from csp.middleware import CSPMiddleware

    CSPMiddleware(lambda request: None).process_request(plain_request)
    assert shareable(plain_request, HttpResponse("<p>Hello</p>"))
    str(plain_request.csp_nonce)  # as a template printing it does
    assert not shareable(plain_request, HttpResponse("<p>Hello</p>"))


@pytest.mark.parametrize(
    "response",
    [
        HttpResponse("Not here", status=404),
        HttpResponse(status=302),
        HttpResponse("<p>Hello</p>", headers={"Cache-Control": "private"}),
        HttpResponse("<p>Hello</p>", headers={"Cache-Control": "no-store"}),
        HttpResponse("<p>Hello</p>", headers={"Vary": "Cookie"}),
    ],
)
def test_other_answers_are_not_shared(plain_request, response):
    assert not shareable(plain_request, response)


def test_a_result_page_is_served_when_the_version_row_is_missing(
    client, page_cache, answer_form_data, submit_answers
):
    from comparisons.models import ContentVersion

    token = submit_answers(answer_form_data(**CHAT_APP))
    ContentVersion.objects.all().delete()  # as in a flushed database

    assert client.get(f"/results/{token}/").status_code == 200
    assert ContentVersion.objects.filter(pk=1).exists()


def test_a_process_serves_its_own_copy_without_asking_the_shared_cache(client, page_cache):
    from django.core.cache import cache

    client.get(COMPARE)
    cache.clear()  # the shared cache forgets; this process still has the page

    assert from_cache(client.get(COMPARE))


def test_a_process_copy_follows_edits(client, page_cache):
    client.get(COMPARE)
    Rating.objects.filter(framework__slug="django").update(rationale="Reviewed again.")

    response = client.get(COMPARE)
    assert not from_cache(response)
    assert "Reviewed again." in response.content.decode()
