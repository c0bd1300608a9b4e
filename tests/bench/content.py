"""The content each version serves, and the site serving it: for every content size, a fresh
PostgreSQL database per version, migrated by that version's own code and holding the same
content (made once by the working tree's code, then exported and loaded into the others).
"""

from __future__ import annotations

import ipaddress
import itertools
import json
import os
import re
import sys
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from tests.bench import wrk
from tests.bench.processes import BenchError, loopback_url, request, run_step
from tests.bench.servers import ROOT, Server, Version, site_env, start_site

# How each content size is made, by the working tree's manage.py.
SIZES = {
    "starting": ["load_starting_content"],
    "catalogue": [
        *("shell", "--no-imports", "-c"),
        "from tests.bench.synthetic import make_catalogue; make_catalogue(200, 40, 30)",
    ],
}
PAGES = ["home", "advisor", "advisor-post", "result", "compare", "framework"]
TITLES = {
    "home": "GET /",
    "advisor": "GET /advisor/",
    "advisor-post": "POST /advisor/",
    "result": "GET result page",
    "compare": "GET comparison",
    "framework": "GET framework page",
}


class Databases:
    """Databases this run makes on a PostgreSQL server on loopback; drop_all() drops them."""

    def __init__(self, admin_url: str):
        self.parts = urllib.parse.urlsplit(admin_url)
        host = self.parts.hostname or ""
        if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
            raise BenchError(f"Refusing {host}: the benchmark only uses servers on loopback.")
        self.admin_url = admin_url
        self.made: list[str] = []

    def _execute(self, statement: str, name: str) -> None:
        import psycopg
        from psycopg import sql

        query = sql.SQL(statement).format(sql.Identifier(name))
        with psycopg.connect(self.admin_url, autocommit=True, connect_timeout=10) as connection:
            connection.execute("SET statement_timeout = '120s'")
            connection.execute(query)

    def create(self, name: str) -> str:
        """A new, empty database (named bench_…): its URL."""
        if not re.fullmatch(r"bench_[a-z0-9_]{1,50}", name):
            raise BenchError(f"Not a benchmark database name: {name}")
        self._execute("CREATE DATABASE {}", name)
        self.made.append(name)
        return urllib.parse.urlunsplit(self.parts._replace(path=f"/{name}"))

    def drop_all(self) -> None:
        while self.made:
            self._execute("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.made.pop())


@dataclass
class Site:
    """One version serving one content size."""

    version: Version
    server: Server
    paths: dict = field(default_factory=dict)  # page → path
    scripts: dict = field(default_factory=dict)  # page → wrk script
    questions: frozenset = frozenset()  # the questionnaire's fields on GET /advisor/


@dataclass
class Setup:
    """Where the run keeps things, and what every site shares."""

    directory: Path
    databases: Databases
    redis_url: str
    static_roots: dict  # version label → collected static files
    cache_numbers: itertools.count = field(default_factory=itertools.count)

    def env(self, version: Version, database_url: str) -> dict:
        # A Redis database of its own for every site: no site reads another's cache.
        redis = f"{self.redis_url}/{next(self.cache_numbers)}"
        return site_env(version, database_url, redis, self.static_roots[version.label])


def prepare(size: str, versions: list[Version], setup: Setup) -> tuple[list[Site], dict]:
    """Every version serving the same content of this size: the sites (in the order of
    `versions`, the working tree last) and what the content holds."""
    directory = setup.directory / size
    directory.mkdir()
    log = directory / "setup.log"
    head, others = versions[-1], versions[:-1]
    fixture = directory / "content.json"
    envs = {}
    for version in [head, *others]:  # the working tree makes the content
        name = f"bench_{os.getpid()}_{version.label}_{size}".lower()
        envs[version.label] = env = setup.env(version, setup.databases.create(name))
        version.manage(env, log, "migrate", "--no-input", "-v", "0")
        if version is head:
            version.manage(env, log, *SIZES[size])
            version.manage(env, log, "export_content", "--output", str(fixture))
        else:
            version.manage(env, log, "loaddata", str(fixture), "-v", "0")
    command = [sys.executable, "-m", "tests.bench.targets"]
    targets = json.loads(run_step(command, ROOT, envs[head.label], log))
    sites = []
    for version in versions:
        name = f"site-{version.label}-{size}".lower()
        server = start_site(version, envs[version.label], directory, name)
        sites.append(make_ready(Site(version, server), targets, directory))
    if len({site.questions for site in sites}) != 1 or not sites[0].questions:
        raise BenchError(f"The versions do not serve the same questionnaire ({size} content).")
    return sites, {**targets["counts"], "questions on /advisor/": len(sites[0].questions)}


def make_ready(site: Site, targets: dict, directory: Path) -> Site:
    """The site's pages, checked, with a wrk script for each."""
    port = site.server.port
    body, headers, result = valid_post(port, targets["answers"])
    site.paths = {
        "home": "/",
        "advisor": "/advisor/",
        "advisor-post": "/advisor/",
        "result": result,
        "compare": f"/compare/{targets['compare']}/",
        "framework": f"/frameworks/{targets['framework']}/",
    }
    prefix = site.server.name
    for page, path in site.paths.items():
        lua = directory / f"{prefix}-{page}.lua"
        if page == "advisor-post":
            site.scripts[page] = wrk.script(lua, "POST", body, headers)
            continue
        reply = request(port, "GET", path)
        if reply.status != 200:
            raise BenchError(f"{site.server.name}: {path} answered {reply.status}")
        site.scripts[page] = wrk.script(lua)
    site.questions = frozenset(question_fields(request(port, "GET", "/advisor/").body))
    return site


def question_fields(page: str) -> set[str]:
    """The questionnaire's fields on a GET /advisor/ page."""
    return set(re.findall(r'name="(q\d+)"', page))


def valid_post(port: int, answers: dict) -> tuple[str, dict, str]:
    """A valid questionnaire submission (body and headers, with a CSRF token and its cookie),
    and the result page it made."""
    page = request(port, "GET", "/advisor/")
    cookies = [
        value.split(";", 1)[0]
        for value in page.headers.get_all("Set-Cookie") or []
        if value.startswith("csrftoken=")
    ]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
    if page.status != 200 or not cookies or not token:
        raise BenchError(f"GET /advisor/ answered {page.status}, without a CSRF cookie or token")
    fields = [("csrfmiddlewaretoken", token.group(1))]
    fields += [(name, value) for name, values in answers.items() for value in values]
    body = urllib.parse.urlencode(fields)
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": cookies[0],
        "Referer": loopback_url(port, "/advisor/"),
    }
    reply = request(port, "POST", "/advisor/", body, headers)
    location = reply.headers.get("Location", "")
    if reply.status != 303 or not location.startswith("/results/"):
        raise BenchError(f"POST /advisor/ answered {reply.status}: {reply.body[:2000]}")
    return body, headers, location
