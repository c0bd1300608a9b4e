"""Requests the site will not take: uploads, bodies too large or incomplete, repeated answers,
too many submissions from one address. Each is refused with a styled page (or JSON, when
asked for) carrying the site's headers, and nothing is saved or written to disk."""

import json
import logging
import socket
import sqlite3
from urllib.parse import urlencode

import pytest
from django.core.cache import caches
from django.test import override_settings

from questionnaire.models import Submission
from stackadvisor.log_filters import SecurityRefusalsOnOneLine
from tests.personas import CHAT_APP
from tests.processes import Browser, Gunicorn, manage, production_env, run

pytestmark = pytest.mark.django_db

BOUNDARY = "----limits"


def multipart(size: int) -> bytes:
    """A form with one answer and a file of ``size`` bytes, as a browser uploads it."""
    return b"".join(
        [
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="q1"\r\n\r\n1\r\n'.encode(),
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
            'filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode(),
            b"\0" * size,
            f"\r\n--{BOUNDARY}--\r\n".encode(),
        ]
    )


@pytest.fixture
def upload_dir(settings, tmp_path):
    """Where Django would write an uploaded file too large for memory."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("size", "status"), [(1024, 400), (3 * 1024**2, 413), (200 * 1024**2, 413)]
)
def test_uploads_are_refused_before_anything_is_written(
    client, starting_content, upload_dir, size, status
):
    response = client.generic(
        "POST",
        "/advisor/",
        multipart(size),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )

    assert response.status_code == status
    assert list(upload_dir.iterdir()) == []
    assert Submission.objects.count() == 0
    assert "X-Content-Type-Options" in response and "Content-Security-Policy" in response
    assert "StackAdvisor" in response.content.decode()  # the site's styled page


def test_a_refusal_is_json_for_a_client_that_asks_for_it(client, starting_content):
    response = client.generic(
        "POST",
        "/advisor/",
        multipart(1024),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 400 and response.json()["title"]


def test_a_megabyte_body_is_too_large_not_bad(client, starting_content):
    response = client.post("/advisor/", {"padding": "x" * 1024**2})
    assert response.status_code == 413
    assert Submission.objects.count() == 0


def test_an_answer_sent_490_times_is_stored_once(client, answer_form_data):
    data = answer_form_data(**CHAT_APP)
    question, (option,) = next((k, v) for k, v in data.items() if isinstance(v, list))
    data[question] = [option] * 490

    response = client.post("/advisor/", data)

    assert response.status_code == 303
    assert Submission.objects.get().answers[question[1:]] == [int(option)]


def test_a_client_sending_too_many_answers_is_throttled(client, settings, answer_form_data):
    settings.SUBMISSION_RATE = "3/m"
    data = answer_form_data(**CHAT_APP)
    other = {"REMOTE_ADDR": "192.0.2.7"}

    statuses = [client.post("/advisor/", data).status_code for _ in range(4)]
    refused = client.post("/advisor/", data)

    assert statuses == [303, 303, 303, 429]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Too many answers in a row" in refused.content.decode()
    assert Submission.objects.count() == 3
    # Another address is counted on its own, and reading is never throttled.
    assert client.post("/advisor/", data, **other).status_code == 303
    assert client.get("/advisor/").status_code == 200


def test_throttling_lets_submissions_through_when_the_cache_is_down(
    client, settings, answer_form_data
):
    from stackadvisor import cache as site_cache
    from tests.processes import free_port
    from tests.test_failures import redis_cache_settings

    data = answer_form_data(**CHAT_APP)
    settings.SUBMISSION_RATE = "1/m"
    site_cache.reset()
    try:
        unreachable = redis_cache_settings(f"redis://127.0.0.1:{free_port()}/0")
        with override_settings(CACHES=unreachable):
            assert [client.post("/advisor/", data).status_code for _ in range(3)] == [303] * 3
    finally:
        caches["default"].close()
        site_cache.reset()


@pytest.mark.parametrize(
    ("request_kwargs", "logger"),
    [
        ({"HTTP_HOST": "attacker.example"}, "django.security.DisallowedHost"),
        ({"data": {f"f{i}": "1" for i in range(501)}}, "django.security.TooManyFieldsSent"),
    ],
    ids=["bad host", "too many fields"],
)
def test_refused_requests_are_logged_on_one_warning_line(client, caplog, request_kwargs, logger):
    caplog.set_level(logging.INFO)
    response = client.post("/advisor/", **request_kwargs)

    assert response.status_code == 400
    (record,) = [r for r in caplog.records if r.name == logger]
    # The site's console handler rewrites it (again, if it already has: it is idempotent).
    console = next(
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, SecurityRefusalsOnOneLine) for f in handler.filters)
    )
    assert console.filter(record)
    assert record.levelno == logging.WARNING and record.exc_info is None
    assert "\n" not in console.format(record)


def test_a_body_too_large_is_refused_without_a_traceback(client, caplog):
    caplog.set_level(logging.INFO)
    assert client.post("/advisor/", {"padding": "x" * 70_000}).status_code == 413
    assert all(r.levelno <= logging.WARNING and not r.exc_info for r in caplog.records)


# --- Through gunicorn, as production serves it -------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory, collected_static):
    """The site under gunicorn with production settings and the starting content; yields
    (server, valid answers as a url-encoded body, database path)."""
    database = tmp_path_factory.mktemp("limits") / "db.sqlite3"
    env = production_env(
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_STATIC_ROOT=str(collected_static),
        DJANGO_SECURE_COOKIES="false",
    )
    manage("migrate", "--no-input", env=env)
    manage("load_starting_content", env=env)
    answers = json.loads(run(["-m", "tests.bench.targets"], env=env).splitlines()[-1])["answers"]
    with Gunicorn(env) as server:
        yield server, urlencode(answers, doseq=True), database


def submissions_in(database) -> int:
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT count(*) FROM questionnaire_submission").fetchone()[0]


def raw_post(server, browser: Browser, body: bytes, declared: int) -> bytes:
    """POST /advisor/ declaring ``declared`` bytes, send ``body``, then stop sending (as a
    client that hangs up does); the server's answer."""
    token = next(c.value for c in browser.cookies if c.name == "csrftoken")
    head = (
        f"POST /advisor/ HTTP/1.1\r\nHost: localhost\r\nCookie: csrftoken={token}\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {declared}\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as connection:
        connection.sendall(head + body)
        connection.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer


def test_a_truncated_body_is_refused_and_nothing_saved(site):
    server, answers, database = site
    browser = Browser(f"http://localhost:{server.port}")
    browser.get("/advisor/")
    token = next(c.value for c in browser.cookies if c.name == "csrftoken")
    body = f"csrfmiddlewaretoken={token}&{answers}&note=sent-in-full".encode()
    before = submissions_in(database)

    truncated = raw_post(server, browser, body[:-6], declared=len(body))
    complete = raw_post(server, browser, body, declared=len(body))

    assert truncated.startswith(b"HTTP/1.1 400"), truncated[:300]
    assert b"arrived incomplete" in truncated
    assert complete.startswith(b"HTTP/1.1 303"), complete[:300]
    assert submissions_in(database) == before + 1


def test_a_large_upload_is_answered_before_it_is_sent(site):
    server, _, database = site
    declared = 200 * 1024**2
    head = (
        "POST /advisor/ HTTP/1.1\r\nHost: localhost\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
        f"Content-Length: {declared}\r\nConnection: close\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as connection:
        connection.sendall(head + multipart(1024))  # a start only: the rest never comes
        answer = connection.recv(65536)

    assert answer.startswith(b"HTTP/1.1 413"), answer[:300]
    assert b"Content-Security-Policy" in answer
