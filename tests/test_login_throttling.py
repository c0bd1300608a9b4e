"""Admin log-in throttling (django-axes): repeated failures lock that user name out from that
address for a while, with a clear page; a success before the limit starts the count again."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from stackadvisor.client_ip import client_ip
from tests.processes import production_env, run

pytestmark = pytest.mark.django_db

PASSWORD = "editor-password"  # the editor_user fixture's
ATTACKER = "203.0.113.7"


@pytest.fixture
def limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=20)
    return 3


def log_in(client, password, username="editor", address=ATTACKER):
    return client.post(
        reverse("admin:login") + "?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def assert_locked_out(response) -> None:
    assert response.status_code == 429
    assert response["Retry-After"] == str(20 * 60)
    body = response.content.decode()
    assert "Too many failed log-in attempts" in body
    assert "paused for 20 minutes" in body
    assert "the correct password will not work until then" in body
    assert "css/site" in body  # the site's own page, in its style


def test_failures_below_the_limit_only_show_the_login_form_again(client, editor_user, limit):
    for _ in range(limit - 1):
        response = log_in(client, "wrong")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    assert logged_in(log_in(client, PASSWORD))


def test_the_limit_locks_out_even_the_right_password(client, editor_user, limit):
    for _ in range(limit):
        response = log_in(client, "wrong")
    assert_locked_out(response)  # the last failure already shows the lockout page
    assert_locked_out(log_in(client, PASSWORD))
    assert client.get(reverse("admin:index")).status_code == 302  # not logged in


def test_a_success_before_the_limit_starts_the_count_again(client, editor_user, limit):
    for _ in range(limit - 1):
        log_in(client, "wrong")
    assert logged_in(log_in(client, PASSWORD))
    client.logout()
    for _ in range(limit - 1):
        assert log_in(client, "wrong").status_code == 200
    assert logged_in(log_in(client, PASSWORD))


def test_the_lockout_is_for_that_user_name_from_that_address(
    client, editor_user, admin_user, limit
):
    for _ in range(limit):
        log_in(client, "wrong")
    assert_locked_out(log_in(client, PASSWORD))
    # The editor from another address, and another user from the same address, still can.
    assert logged_in(log_in(client, PASSWORD, address="198.51.100.20"))
    client.logout()
    assert logged_in(log_in(client, "password", username=admin_user.username))


def test_the_lockout_ends_after_the_cool_off(client, editor_user, limit):
    for _ in range(limit):
        log_in(client, "wrong")
    assert_locked_out(log_in(client, PASSWORD))
    earlier = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=21)
    AccessAttempt.objects.update(attempt_time=earlier)
    assert logged_in(log_in(client, PASSWORD))


def test_limit_and_cool_off_come_from_the_environment():
    script = (
        "import django; django.setup(); from django.conf import settings\n"
        "print(settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME.total_seconds())\n"
        "print(settings.AUTHENTICATION_BACKENDS[0], settings.MIDDLEWARE[-1])\n"
    )
    defaults = run(["-c", script], env=production_env(), timeout=60).splitlines()
    assert defaults == [
        "5 900.0",
        "axes.backends.AxesStandaloneBackend axes.middleware.AxesMiddleware",
    ]
    env = production_env(DJANGO_LOGIN_FAILURE_LIMIT="8", DJANGO_LOGIN_COOLOFF_MINUTES="45")
    assert run(["-c", script], env=env, timeout=60).splitlines()[0] == "8 2700.0"


# --- Whose address -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "", "10.0.0.5"),
        (0, "198.51.100.1", "10.0.0.5"),  # no proxy configured: the header is not trusted
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # the client's own entry is ignored
        (2, "6.6.6.6, 198.51.100.1, 10.0.0.9", "198.51.100.1"),
        (2, "198.51.100.1", "10.0.0.5"),  # fewer entries than proxies: the direct address
    ],
)
def test_the_client_address_behind_proxies(settings, proxies, forwarded_for, expected):
    settings.PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_ip(request) == expected


def test_behind_a_proxy_each_visitor_is_throttled_on_their_own(
    client, editor_user, limit, settings
):
    settings.PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(limit):
        client.post(
            reverse("admin:login"),
            {"username": "editor", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=ATTACKER,
            **proxy,
        )
    locked = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR=ATTACKER,
        **proxy,
    )
    assert locked.status_code == 429
    # The real editor comes through the same proxy from elsewhere.
    allowed = client.post(
        reverse("admin:login") + "?next=/admin/",
        {"username": "editor", "password": PASSWORD, "next": "/admin/"},
        HTTP_X_FORWARDED_FOR="198.51.100.20",
        **proxy,
    )
    assert logged_in(allowed)
