"""When a dependency fails: Redis unreachable (pages still served from the database), the
database unreachable (a styled 503 with Retry-After, /healthz naming it), and any other error
(a 500 page that gives nothing away)."""

import json
import logging
import os
import time

import pytest
from django.core.cache import caches
from django.test import override_settings

from stackadvisor import cache as content_cache
from tests.processes import free_port, production_env, run

pytestmark = pytest.mark.django_db

# A complete set of answers to the starting questionnaire.
ANSWERS = {
    "language": "JavaScript",
    "experience": "Some",
    "building": "A real-time app",
    "priorities": ["Speed"],
    "scale": "Large",
}


def redis_cache_settings(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "failures-test",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.fixture
def unreachable_redis():
    """The cache is Redis on a loopback port where nothing listens."""
    url = f"redis://127.0.0.1:{free_port()}/0"
    content_cache.reset()
    with override_settings(REDIS_URL=url, CACHES=redis_cache_settings(url)):
        yield url
    caches["default"].close()
    content_cache.reset()


def test_pages_are_served_from_the_database_when_redis_is_unreachable(
    client, starting_content, answer_form_data, unreachable_redis, caplog
):
    caplog.set_level(logging.WARNING, logger="stackadvisor.cache")
    started = time.monotonic()
    for url in ["/", "/advisor/", "/compare/django-vs-express/", "/frameworks/django/"]:
        assert client.get(url).status_code == 200, url
    response = client.post("/advisor/", answer_form_data(**ANSWERS))
    assert response.status_code == 303
    assert client.get(response["Location"]).status_code == 200
    assert time.monotonic() - started < 20

    warnings = [r for r in caplog.records if r.name == "stackadvisor.cache"]
    assert warnings and all(r.levelno == logging.WARNING for r in warnings)
    assert "Cache unavailable" in warnings[0].getMessage()
    # One warning for the outage, not one per request.
    assert len(warnings) == 1


def test_the_cache_is_tried_again_after_a_while(unreachable_redis, monkeypatch, caplog):
    caplog.set_level(logging.WARNING, logger="stackadvisor.cache")
    assert content_cache.cache_get("some-key") is None
    assert not content_cache.cache_available()
    # Skipped while the outage is fresh: no second attempt, no second warning.
    assert content_cache.cache_get("some-key") is None
    assert len(caplog.records) == 1
    later = time.monotonic() + content_cache.RETRY_AFTER_SECONDS + 1
    monkeypatch.setattr(content_cache.time, "monotonic", lambda: later)
    assert content_cache.cache_available()
    content_cache.cache_set("some-key", "value")  # tried again, fails again, warns again
    assert len(caplog.records) == 2


def test_healthz_names_an_unreachable_cache_but_stays_in_rotation(unreachable_redis, client):
    response = client.get("/healthz")
    assert response.status_code == 200  # pages are still served from the database
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "unavailable"},
    }


def test_healthz_checks_redis_when_it_is_the_cache(client, settings):
    """Without REDIS_URL (the first CI pass) only the database is checked; with it (the
    second pass, a real Redis) the cache too."""
    response = client.get("/healthz")
    assert response.status_code == 200
    expected = {"database": "ok", "cache": "ok"} if settings.REDIS_URL else {"database": "ok"}
    assert response.json() == {"status": "ok", "checks": expected}


def test_sessions_csrf_and_login_throttling_never_use_the_cache(settings):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert not getattr(settings, "CSRF_USE_SESSIONS", False)
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"


def test_an_editor_can_log_in_while_redis_is_unreachable(client, editor_user, unreachable_redis):
    page = client.get("/admin/login/")
    assert page.status_code == 200
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": "editor-password"},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


# --- The database unreachable ---------------------------------------------------------------


@pytest.mark.urls("tests.urls_errors")
def test_a_view_that_cannot_reach_the_database_answers_a_styled_503(client, caplog):
    caplog.set_level(logging.ERROR)
    response = client.get("/database-down/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    assert "temporarily unavailable" in body
    assert "css/site" in body  # the site's own style
    assert "port 1" not in body and "Traceback" not in body
    assert any("Database unavailable" in record.getMessage() for record in caplog.records)


def test_the_500_handler_answers_503_for_a_database_error_raised_outside_views(rf):
    """E.g. the session middleware saving a session after the view: Django hands such
    errors to the 500 handler, not to middleware."""
    from django.db.utils import InterfaceError, OperationalError

    from stackadvisor.views import server_error

    for error in (OperationalError("server closed the connection"), InterfaceError("closed")):
        try:
            raise error
        except type(error):
            response = server_error(rf.get("/"))
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
    try:
        raise ValueError("anything else")
    except ValueError:
        assert server_error(rf.get("/")).status_code == 500


DATABASE_DOWN_SCRIPT = """
import json
import django
django.setup()
from tests.clients import FormClient as Client

client = Client(raise_request_exception=False, HTTP_HOST="localhost")
pages = {}
for url in ["/", "/advisor/", "/compare/django-vs-express/", "/frameworks/", "/healthz",
            "/results/AAAAAAAAAAAAAAAAAAAAAA.json"]:
    response = client.get(url)
    pages[url] = {
        "status": response.status_code,
        "retry_after": response.get("Retry-After"),
        "csp": response.get("Content-Security-Policy", ""),
        "type": response.get("Content-Type", ""),
        "body": response.content.decode(),
    }
print(json.dumps(pages))
"""


def unreachable_database_url(tmp_path) -> str:
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return f"postgres://postgres@127.0.0.1:{free_port()}/stackadvisor"
    return f"sqlite:///{tmp_path / 'missing-folder' / 'db.sqlite3'}"


def pages_with_the_database_down(tmp_path, static_root, **env) -> dict:
    """Each page, as a production process serves it when its database cannot be reached."""
    env = production_env(
        DATABASE_URL=unreachable_database_url(tmp_path), DJANGO_STATIC_ROOT=str(static_root), **env
    )
    secret = env["DJANGO_SECRET_KEY"]
    pages = json.loads(run(["-c", DATABASE_DOWN_SCRIPT], env=env, timeout=120).splitlines()[-1])
    for url, page in pages.items():
        assert secret not in page["body"], url
        assert "Traceback" not in page["body"], url
    return pages


def test_pages_answer_503_when_the_database_is_unreachable(tmp_path, collected_static):
    """With REDIS_URL set (the second CI pass), the cache is a working Redis, and /healthz
    tells the two apart."""
    redis_url = os.environ.get("REDIS_URL", "")
    pages = pages_with_the_database_down(
        tmp_path, collected_static, **({"REDIS_URL": redis_url} if redis_url else {})
    )
    for url in ["/", "/advisor/", "/compare/django-vs-express/", "/frameworks/"]:
        page = pages[url]
        assert page["status"] == 503, (url, page["body"][:500])
        assert page["retry_after"] == "30"
        assert "temporarily unavailable" in page["body"]
        assert "default-src 'none'" in page["csp"]
    result_data = pages["/results/AAAAAAAAAAAAAAAAAAAAAA.json"]
    assert result_data["status"] == 503 and result_data["retry_after"] == "30"
    assert result_data["type"] == "application/problem+json"
    assert json.loads(result_data["body"])["status"] == 503
    assert pages["/healthz"]["status"] == 503
    checks = (
        {"database": "unavailable", "cache": "ok"} if redis_url else {"database": "unavailable"}
    )
    assert json.loads(pages["/healthz"]["body"]) == {"status": "unavailable", "checks": checks}


def test_healthz_names_both_when_both_are_down(tmp_path, collected_static):
    pages = pages_with_the_database_down(
        tmp_path, collected_static, REDIS_URL=f"redis://127.0.0.1:{free_port()}/0"
    )
    assert pages["/healthz"]["status"] == 503
    assert json.loads(pages["/healthz"]["body"]) == {
        "status": "unavailable",
        "checks": {"database": "unavailable", "cache": "unavailable"},
    }


# --- Any other error --------------------------------------------------------------------------

SETTING_NAMES = ["SECRET_KEY", "DATABASES", "ALLOWED_HOSTS", "INSTALLED_APPS", "DEBUG"]


@pytest.mark.urls("tests.urls_errors")
def test_a_500_gives_nothing_away(client, settings, caplog):
    assert not settings.DEBUG
    client.raise_request_exception = False
    caplog.set_level(logging.ERROR)
    response = client.get("/crash/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body
    assert "Traceback" not in body
    assert "Something broke" not in body  # not even the exception's message
    assert settings.SECRET_KEY not in body
    for name in SETTING_NAMES:
        assert name not in body, name
    assert "default-src 'none'" in response["Content-Security-Policy"]
    # It is all in the log, for the people running the site.
    assert any(record.exc_info for record in caplog.records)


def test_a_request_for_another_host_gets_a_400_not_a_500(client):
    response = client.get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert "We could not read that request" in response.content.decode()
