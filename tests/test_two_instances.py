"""Scaling out: two gunicorn instances share one database and one cache (Redis when
REDIS_URL is set), and an editor's change made through one is seen through the other on the
very next request.

The database is a dedicated one this test creates and drops: a PostgreSQL database next to
DATABASE_URL's when that is PostgreSQL, else a temporary SQLite file. Without REDIS_URL each
instance has its own local-memory cache, and the content version alone must make the change
visible — which is worth proving too.
"""

import json
import os
import secrets
import urllib.parse
from contextlib import ExitStack

import pytest

from tests.processes import Browser, Gunicorn, form_fields, manage, production_env

SETUP_SCRIPT = """
import json
from django.contrib.auth.models import Group, User
from comparisons.models import Rating
from questionnaire.models import Section

editor = User.objects.create_user("{username}", password="{password}", is_staff=True)
editor.groups.add(Group.objects.get(name="Editors"))
rating = Rating.objects.select_related("criterion").get(
    framework__slug="django", criterion__slug="learning-curve"
)
section = Section.objects.order_by("order", "id").first()
print(json.dumps({{
    "rating": rating.pk, "rationale": rating.rationale, "score": rating.score,
    "section": section.pk, "section_title": section.title,
}}))
"""


def _is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://", "pgsql://"))


@pytest.fixture
def shared_database_url(tmp_path):
    """A database for this test alone, dropped afterwards."""
    base_url = os.environ.get("DATABASE_URL", "")
    if not _is_postgres(base_url):
        yield f"sqlite:///{tmp_path / 'shared.sqlite3'}"
        return

    import psycopg
    from psycopg import sql

    name = f"stackadvisor_two_instances_{os.getpid()}"
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with psycopg.connect(base_url, autocommit=True, connect_timeout=10) as connection:
        connection.execute(drop)
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urllib.parse.urlsplit(base_url)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(base_url, autocommit=True, connect_timeout=10) as connection:
            connection.execute(drop)


@pytest.fixture
def shared_cache():
    """(REDIS_URL or "", a key prefix of this test's own); the prefix's keys are removed."""
    redis_url = os.environ.get("REDIS_URL", "")
    prefix = f"two-instances-{os.getpid()}-{secrets.token_hex(4)}"
    yield redis_url, prefix
    if redis_url:
        import redis

        client = redis.Redis.from_url(redis_url, socket_timeout=5)
        keys = list(client.scan_iter(f"{prefix}:*"))
        if keys:
            client.delete(*keys)


def log_in(browser: Browser, admin_path: str, username: str, password: str) -> None:
    login = browser.get(f"/{admin_path}login/?next=/{admin_path}")
    assert login.status == 200, login.text[:500]
    fields = form_fields(login.text, "login-form", username=username, password=password)
    landed = browser.post(f"/{admin_path}login/?next=/{admin_path}", fields)
    assert landed.status == 200 and landed.url.endswith(f"/{admin_path}"), landed.text[:2000]


def change_in_admin(browser: Browser, path: str, form_id: str, **changes: str) -> None:
    page = browser.get(path)
    assert page.status == 200, page.text[:500]
    saved = browser.post(path, form_fields(page.text, form_id, **changes))
    assert saved.status == 200, saved.text[:2000]
    assert "was changed successfully" in saved.text, saved.text[:4000]


def test_an_edit_through_one_instance_is_seen_through_the_other(
    collected_static, shared_database_url, shared_cache
):
    redis_url, prefix = shared_cache
    env = production_env(
        DATABASE_URL=shared_database_url,
        DJANGO_CACHE_KEY_PREFIX=prefix,
        DJANGO_STATIC_ROOT=str(collected_static),
        # Plain HTTP on loopback: the session cookie must travel without TLS.
        DJANGO_SECURE_COOKIES="false",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    manage("migrate", "--no-input", env=env)
    manage("load_starting_content", env=env)
    username, password = "two-instances-editor", secrets.token_urlsafe(16)
    script = SETUP_SCRIPT.format(username=username, password=password)
    before = json.loads(manage("shell", "--no-imports", "-c", script, env=env))
    new_rationale = f"Checked again through instance A ({secrets.token_hex(4)})."
    new_score = "5" if before["score"] != 5 else "1"
    new_title = f"Renamed through instance A {secrets.token_hex(4)}"

    with ExitStack() as servers:
        a = servers.enter_context(Gunicorn(env))
        b = servers.enter_context(Gunicorn(env))
        assert a.port != b.port
        visitor = Browser(b.base_url)

        # B serves the current content (and caches the questionnaire under its version).
        compare = visitor.get("/compare/django-vs-express/")
        assert compare.status == 200
        assert compare.shows(before["rationale"])
        assert not compare.shows(new_rationale)
        advisor = visitor.get("/advisor/")
        assert advisor.status == 200
        assert advisor.shows(before["section_title"])

        # An editor changes a rating and a section title through A's admin.
        editor = Browser(a.base_url)
        log_in(editor, "admin/", username, password)
        change_in_admin(
            editor,
            f"/admin/comparisons/rating/{before['rating']}/change/",
            "rating_form",
            score=new_score,
            rationale=new_rationale,
        )
        change_in_admin(
            editor,
            f"/admin/questionnaire/section/{before['section']}/change/",
            "section_form",
            title=new_title,
        )

        # B's very next requests show both changes.
        compare = visitor.get("/compare/django-vs-express/")
        assert compare.status == 200
        assert compare.shows(new_rationale)
        assert not compare.shows(before["rationale"])
        advisor = visitor.get("/advisor/")
        assert advisor.status == 200
        assert advisor.shows(new_title)
        assert not advisor.shows(before["section_title"])

        # And so does A's public side.
        assert Browser(a.base_url).get("/advisor/").shows(new_title)

    if redis_url:
        # The questionnaire content really went through the shared Redis.
        import redis

        client = redis.Redis.from_url(redis_url, socket_timeout=5)
        assert list(client.scan_iter(f"{prefix}:*questionnaire-content*"))
