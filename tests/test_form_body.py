"""Form bodies read by the site's WSGI handler (stackadvisor.handler) come out exactly as
Django's own QueryDict reads them, and every request Django answers differently still is."""

import contextlib
import re
import sys
from urllib.parse import urlencode

import pytest
from django.core.exceptions import TooManyFieldsSent
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import QueryDict
from django.test import RequestFactory
from hypothesis import given, settings
from hypothesis import strategies as st

from questionnaire.models import Submission
from stackadvisor.handler import FormBodyRequest, SiteWSGIHandler, parse_form_body

# Keys and values with what url-encoding has to escape or may meet: separators, "+", "%",
# spaces, non-ASCII letters, and an empty string.
TEXT = st.text(alphabet=st.sampled_from("ab=&;+% é中\n0"), max_size=6)


def assert_same_query_dict(ours: QueryDict, django: QueryDict) -> None:
    assert type(ours) is QueryDict
    assert list(ours.lists()) == list(django.lists())
    assert ours.encoding == django.encoding
    with pytest.raises(AttributeError, match="immutable"):
        ours["x"] = "y"
    copy = ours.copy()
    copy.appendlist("x", "y")  # a copy is mutable, and the original is left alone
    assert "x" not in ours or ours.getlist("x") == django.getlist("x")


@settings(max_examples=300)
@given(st.lists(st.tuples(TEXT, TEXT), max_size=12))
def test_encoded_fields_read_as_django_reads_them(pairs):
    body = urlencode(pairs).encode()
    assert_same_query_dict(parse_form_body(body), QueryDict(body, encoding="utf-8"))


@settings(max_examples=300)
@given(st.binary(max_size=40) | st.builds(lambda s: s.encode(), TEXT))
def test_any_bytes_read_as_django_reads_them(body):
    # Raw bytes too: bare separators, malformed escapes, bytes that are not UTF-8.
    assert_same_query_dict(parse_form_body(body), QueryDict(body, encoding="utf-8"))


@pytest.mark.parametrize(
    "body",
    [b"", b"&", b"a", b"a=", b"=b", b"a=1&&a=2&", b"a==b&c=d=e", b"q1=2&q1=3&q2=4", b"a=%31+2"],
)
def test_bodies_with_and_without_escapes_read_as_django_reads_them(body):
    assert_same_query_dict(parse_form_body(body), QueryDict(body, encoding="utf-8"))


@pytest.mark.parametrize("body", [b"a=1&b=2&c=3&d=4", b"a=%31&b=2&c=3&d=4", b"a&b&c&"])
def test_too_many_fields_is_refused_as_django_refuses_it(settings, body):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 3
    with pytest.raises(TooManyFieldsSent):
        QueryDict(body, encoding="utf-8")
    with pytest.raises(TooManyFieldsSent):
        parse_form_body(body)
    assert parse_form_body(b"a=1&b=2&c=3").getlist("c") == ["3"]
    assert parse_form_body(b"a=%31&b=2&c=3").getlist("a") == ["1"]


def post_request(body, content_type="application/x-www-form-urlencoded"):
    environ = RequestFactory().post("/advisor/", body, content_type=content_type).environ
    return FormBodyRequest(environ)


def test_a_form_body_is_read_once_into_post_with_no_files():
    request = post_request("a=1&a=2&b=%C3%A9")
    assert list(request.POST.lists()) == [("a", ["1", "2"]), ("b", ["é"])]
    assert request.POST is request.POST
    assert not request.FILES


def test_a_closed_request_lets_its_form_data_go():
    request = post_request("a=1&a=2")
    form_data = request.POST
    held = sys.getrefcount(form_data)
    request.close()  # as Django does when the response is closed
    assert sys.getrefcount(form_data) == held - 1  # the request holds it no more
    assert "_post" not in vars(request)
    assert list(request.POST.lists()) == [("a", ["1", "2"])]  # read again if asked


def test_a_form_body_in_another_charset_is_refused_as_django_refuses_it():
    from django.core.exceptions import BadRequest

    request = post_request("a=1", "application/x-www-form-urlencoded; charset=latin-1")
    with pytest.raises(BadRequest):
        request.POST  # noqa: B018 - reading it is the test
    assert not request.POST  # read again (by the error page), it is empty, not a new error


def test_other_bodies_are_left_to_django():
    multipart = RequestFactory().post("/advisor/", {"a": ["1", "2"]})
    assert list(FormBodyRequest(multipart.environ).POST.lists()) == [("a", ["1", "2"])]
    json_body = post_request('{"a": 1}', "application/json")
    assert not json_body.POST


# Through the handler gunicorn runs, CSRF check included.


@contextlib.contextmanager
def database_connection_kept():
    """As Django's test client does: a request must not close the connection that holds the
    test's transaction (which the handler does at each request's start and end)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


class Browser:
    """Requests to a SiteWSGIHandler, keeping the CSRF cookie like a browser."""

    def __init__(self):
        self.handler = SiteWSGIHandler()
        self.cookie = ""

    def request(self, method, path, body="", content_type="application/x-www-form-urlencoded"):
        factory = RequestFactory(HTTP_COOKIE=self.cookie, HTTP_REFERER="https://testserver/")
        if method == "GET":
            environ = factory.get(path).environ
        else:
            environ = factory.generic(method, path, body, content_type=content_type).environ
        reply = {}

        def start_response(status, headers, exc_info=None):
            reply.update(status=int(status.split()[0]), headers=headers)

        with database_connection_kept():
            response = self.handler(environ, start_response)
            try:
                content = b"".join(response)
            finally:
                response.close()
        for name, value in reply["headers"]:
            if name == "Set-Cookie" and value.strip().startswith("csrftoken="):
                self.cookie = value.strip().split(";", 1)[0]
        return reply["status"], dict(reply["headers"]), content.decode()


@pytest.mark.django_db
def test_the_questionnaire_is_saved_through_the_sites_handler(answer_form_data, monkeypatch):
    from stackadvisor import handler

    bodies_read = []

    def parse_and_note(body):
        bodies_read.append(body)
        return parse_form_body(body)

    monkeypatch.setattr(handler, "parse_form_body", parse_and_note)
    browser = Browser()
    status, _, page = browser.request("GET", "/advisor/")
    assert status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    answers = answer_form_data(
        language="JavaScript",
        experience="Some",
        building="A real-time app",
        priorities=["Speed", "Security"],
        scale="Large",
    )
    as_lists = {
        name: value if isinstance(value, list) else [value] for name, value in answers.items()
    }
    fields = [("csrfmiddlewaretoken", token)]
    fields += [(name, value) for name, values in as_lists.items() for value in values]

    status, headers, _ = browser.request("POST", "/advisor/", urlencode(fields))

    assert status == 303
    assert bodies_read == [urlencode(fields).encode()]  # read once, by the site's parser
    submission = Submission.objects.get()
    assert headers["Location"] == f"/results/{submission.token}/"
    assert submission.answers == {
        name.removeprefix("q"): [int(value) for value in values]
        for name, values in as_lists.items()
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("q1=1", "application/x-www-form-urlencoded; charset=latin-1"),
        ("&".join(f"q{i}=1" for i in range(20)), "application/x-www-form-urlencoded"),
    ],
    ids=["not UTF-8", "too many fields"],
)
def test_a_body_the_site_cannot_read_answers_400(settings, body, content_type):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    browser = Browser()
    browser.request("GET", "/advisor/")
    status, _, page = browser.request("POST", "/advisor/", body, content_type)
    assert status == 400
    assert "Bad request" in page
    assert not Submission.objects.exists()


@pytest.mark.django_db
def test_the_sites_handler_still_checks_the_csrf_token():
    browser = Browser()
    browser.request("GET", "/advisor/")
    status, _, _ = browser.request("POST", "/advisor/", "csrfmiddlewaretoken=wrong")
    assert status == 403
    assert not Submission.objects.exists()


def test_gunicorn_serves_the_sites_handler():
    from stackadvisor import wsgi

    assert isinstance(wsgi.application, SiteWSGIHandler)
