"""The production checks in stackadvisor/settings.py, exercised in fresh processes.

Settings are read once per process, so each case starts ``manage.py`` (or a tiny script)
in a subprocess with a clean environment: no DJANGO_* variables, no DATABASE_URL or
REDIS_URL, and DJANGO_ENV_FILE="" so a developer's .env file cannot leak in.
"""

import contextlib
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = secrets.token_urlsafe(50)
GOOD_HOSTS = "stackadvisor.example.com"


def clean_env(**extra: str) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_") and name not in {"DATABASE_URL", "REDIS_URL"}
    }
    env["DJANGO_ENV_FILE"] = ""
    env["DJANGO_SETTINGS_MODULE"] = "stackadvisor.settings"
    env.update(extra)
    return env


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, *args],
        cwd=REPO_ROOT,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )


def manage_check(**env: str) -> subprocess.CompletedProcess:
    return run(["manage.py", "check"], **env)


def print_settings(*expressions: str, **env: str) -> list[str]:
    """Set Django up in a subprocess and return ``str()`` of each expression, in order."""
    script = "import django; django.setup(); from django.conf import settings\n" + "".join(
        f"print({expression})\n" for expression in expressions
    )
    result = run(["-c", script], **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def assert_refused(result: subprocess.CompletedProcess, *mentions: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert "refuses to start" in result.stderr
    for mention in mentions:
        assert mention in result.stderr


def test_clean_environment_really_is_clean():
    env = clean_env()
    assert {name for name in env if name.startswith("DJANGO_")} == {
        "DJANGO_ENV_FILE",
        "DJANGO_SETTINGS_MODULE",
    }
    assert "DATABASE_URL" not in env
    assert "REDIS_URL" not in env


# (a) Nothing configured, DEBUG unset: refused, with a message and no traceback.
def test_no_secret_key_and_no_debug_is_refused_without_traceback():
    result = manage_check()
    assert_refused(result, "DJANGO_SECRET_KEY")


def test_message_also_mentions_missing_hosts_and_the_development_way_out():
    result = manage_check()
    assert_refused(result, "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DJANGO_DEBUG=true")


def test_debug_false_explicitly_is_still_checked():
    assert_refused(manage_check(DJANGO_DEBUG="false"), "DJANGO_SECRET_KEY")


# (b) Weak keys are refused even with hosts set.
@pytest.mark.parametrize(
    "key",
    [
        "short-secret-key",
        secrets.token_urlsafe(50)[:49],
        "django-insecure-" + secrets.token_urlsafe(50),
        "ab" * 40,
    ],
    ids=["short", "49-chars", "django-insecure", "low-variety"],
)
def test_weak_secret_key_is_refused(key):
    result = manage_check(DJANGO_SECRET_KEY=key, DJANGO_ALLOWED_HOSTS=GOOD_HOSTS)
    assert_refused(result, "DJANGO_SECRET_KEY")
    assert "DJANGO_ALLOWED_HOSTS must" not in result.stderr


# (c) A good key is not enough: the hosts must be listed, and not as "*".
def test_good_key_without_allowed_hosts_is_refused():
    result = manage_check(DJANGO_SECRET_KEY=GOOD_KEY)
    assert_refused(result, "DJANGO_ALLOWED_HOSTS")
    assert "DJANGO_SECRET_KEY must" not in result.stderr


@pytest.mark.parametrize("hosts", ["*", "stackadvisor.example.com,*"])
def test_wildcard_allowed_hosts_is_refused(hosts):
    result = manage_check(DJANGO_SECRET_KEY=GOOD_KEY, DJANGO_ALLOWED_HOSTS=hosts)
    assert_refused(result, "DJANGO_ALLOWED_HOSTS")


# (d) A good key and hosts: the checks pass.
def test_good_key_and_hosts_start():
    result = manage_check(DJANGO_SECRET_KEY=GOOD_KEY, DJANGO_ALLOWED_HOSTS=GOOD_HOSTS)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


# (e) Development: DEBUG on with nothing else configured still starts.
def test_debug_with_nothing_else_starts():
    result = manage_check(DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert "refuses to start" not in result.stderr


def test_debug_gets_a_random_key_and_local_hosts():
    printed = print_settings(
        "len(settings.SECRET_KEY)", "settings.ALLOWED_HOSTS", DJANGO_DEBUG="true"
    )
    key_length, hosts = printed
    assert int(key_length) >= 50
    assert hosts == "['127.0.0.1', 'localhost']"


# (f) DEBUG defaults to off.
def test_debug_defaults_to_off():
    printed = print_settings(
        "settings.DEBUG", DJANGO_SECRET_KEY=GOOD_KEY, DJANGO_ALLOWED_HOSTS=GOOD_HOSTS
    )
    assert printed == ["False"]


def test_debug_can_be_turned_on():
    assert print_settings("settings.DEBUG", DJANGO_DEBUG="true") == ["True"]


# (g) Cache and database come from REDIS_URL and DATABASE_URL.
PRODUCTION = {"DJANGO_SECRET_KEY": GOOD_KEY, "DJANGO_ALLOWED_HOSTS": GOOD_HOSTS}


def test_redis_url_selects_the_redis_cache():
    printed = print_settings(
        "settings.CACHES['default']['BACKEND']",
        "settings.CACHES['default']['LOCATION']",
        REDIS_URL="redis://127.0.0.1:6379/0",
        **PRODUCTION,
    )
    assert printed == ["django.core.cache.backends.redis.RedisCache", "redis://127.0.0.1:6379/0"]


def test_without_redis_url_the_cache_is_local_memory():
    printed = print_settings("settings.CACHES['default']['BACKEND']", **PRODUCTION)
    assert printed == ["django.core.cache.backends.locmem.LocMemCache"]


@pytest.mark.parametrize(
    ("url", "engine", "name"),
    [
        ("sqlite:////tmp/x.sqlite3", "django.db.backends.sqlite3", "/tmp/x.sqlite3"),  # noqa: S108
        ("postgres://postgres@127.0.0.1:5432/x", "django.db.backends.postgresql", "x"),
    ],
)
def test_database_url_selects_the_engine(url, engine, name):
    printed = print_settings(
        "settings.DATABASES['default']['ENGINE']",
        "settings.DATABASES['default']['NAME']",
        DATABASE_URL=url,
        **PRODUCTION,
    )
    assert printed == [engine, name]


def test_without_database_url_sqlite_in_var_is_used():
    [printed] = print_settings("settings.DATABASES['default']['NAME']", **PRODUCTION)
    assert Path(printed) == REPO_ROOT / "var" / "db.sqlite3"


def test_a_sqlite_database_writes_ahead_and_waits_for_the_write_lock(tmp_path):
    database = tmp_path / "site.sqlite3"
    printed = print_settings(
        "__import__('django.db').db.connection.cursor().execute('PRAGMA journal_mode')"
        ".fetchone()[0]",
        "__import__('django.db').db.connection.transaction_mode",
        DATABASE_URL=f"sqlite:///{database}",
        **PRODUCTION,
    )
    assert printed == ["wal", "IMMEDIATE"]
    # The mode belongs to the file: any other connection to it writes ahead too.
    import sqlite3

    with contextlib.closing(sqlite3.connect(database)) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_postgresql_gets_no_sqlite_options_and_a_short_connect_timeout():
    [printed] = print_settings(
        "settings.DATABASES['default'].get('OPTIONS', {})",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/x",
        **PRODUCTION,
    )
    # An unreachable server answers the styled 503 long before gunicorn's timeout.
    assert printed == "{'connect_timeout': 5}"
