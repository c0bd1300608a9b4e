"""Running the site as production does, in separate processes: manage.py commands and
gunicorn servers on loopback ports, each with a clean environment of its own.

Everything here is bounded by timeouts, and servers are always stopped (see ``Gunicorn``).
"""

from __future__ import annotations

import html
import http.cookiejar
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ALLOWED_HOSTS = "127.0.0.1,localhost"


def production_env(**extra: str) -> dict[str, str]:
    """The environment of a production process: DEBUG off, a fresh random key, nothing
    inherited from DJANGO_*, DATABASE_URL or REDIS_URL, no .env file. ``extra`` on top."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "GUNICORN_"))
        and name not in {"DATABASE_URL", "REDIS_URL", "WEB_CONCURRENCY", "PYTEST_ADDOPTS"}
    }
    env.update(
        DJANGO_ENV_FILE="",
        DJANGO_SETTINGS_MODULE="stackadvisor.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=ALLOWED_HOSTS,
    )
    env.update(extra)
    return env


def run(args: list[str], env: dict[str, str], timeout: float = 180) -> str:
    """Run ``python ARGS`` in the repository; its output, or a failure showing it."""
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, (
        f"python {' '.join(args)} exited {result.returncode}\n"
        f"stdout:\n{result.stdout[-3000:]}\nstderr:\n{result.stderr[-3000:]}"
    )
    return result.stdout


def manage(*args: str, env: dict[str, str], timeout: float = 180) -> str:
    return run(["manage.py", *args], env=env, timeout=timeout)


def free_port() -> int:
    """A loopback port nothing listens on (the kernel's choice, released at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """``with Gunicorn(env) as server:`` gunicorn with stackadvisor/gunicorn.conf.py on a free
    loopback port, ready (its /healthz answered) when the block starts, stopped when it ends
    whatever happens."""

    def __init__(self, env: dict[str, str], workers: int = 1, startup_timeout: float = 60):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": str(workers),
        }
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen | None = None
        self.log_path: Path | None = None

    def __enter__(self) -> Gunicorn:
        log = self._log_file()
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "stackadvisor/gunicorn.conf.py",
                "stackadvisor.wsgi",
            ],
            cwd=REPO_ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def _log_file(self):
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in __enter__
            mode="w", prefix=f"gunicorn-{self.port}-", suffix=".log", delete=False
        )
        self.log_path = Path(handle.name)
        return handle

    def log(self) -> str:
        return self.log_path.read_text() if self.log_path and self.log_path.exists() else ""

    def _wait_until_ready(self) -> None:
        # Named as the first allowed host, as the container's health check does.
        host = self.env.get("DJANGO_ALLOWED_HOSTS", ALLOWED_HOSTS).split(",")[0].strip()
        probe = urllib.request.Request(self.base_url + "/healthz", headers={"Host": host})  # noqa: S310
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited {self.process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(probe, timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        raise AssertionError(f"gunicorn not ready in {self.startup_timeout} s:\n{self.log()}")

    def stop(self) -> None:
        """Stop gunicorn (SIGTERM, then SIGKILL after 15 s) and remove its log."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        if self.log_path is not None:
            self.log_path.unlink(missing_ok=True)


@dataclass
class Page:
    status: int
    headers: dict[str, str]
    text: str
    url: str

    def shows(self, words: str) -> bool:
        """Whether the page's markup, character references resolved, contains ``words``."""
        return words in html.unescape(self.text)


class Browser:
    """A minimal browser for one server: keeps cookies, follows redirects, and posts forms
    with the CSRF token that the page gave it."""

    def __init__(self, base_url: str, timeout: float = 30):
        self.base_url = base_url
        self.timeout = timeout
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def request(self, path: str, data: dict | list | None = None) -> Page:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body)  # noqa: S310
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return Page(
                    response.status,
                    dict(response.headers.items()),
                    response.read().decode(),
                    response.url,
                )
        except urllib.error.HTTPError as error:
            return Page(error.code, dict(error.headers.items()), error.read().decode(), path)

    def get(self, path: str) -> Page:
        return self.request(path)

    def post(self, path: str, data: dict | list) -> Page:
        return self.request(path, data)


class FormFields(HTMLParser):
    """The (name, value) pairs a browser would submit for the <form id=form_id> of a page:
    text-like inputs, checked boxes, selected options, textareas."""

    def __init__(self, markup: str, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.fields: list[tuple[str, str]] = []
        self._in_form = False
        self.done = False
        # name, selected values, the value a browser sends when none is selected
        self._select: tuple[str, list[str], list[str]] | None = None
        self._textarea: tuple[str, list[str]] | None = None
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        attributes = {name: value if value is not None else "" for name, value in attrs}
        if tag == "form" and not self.done and attributes.get("id") == self.form_id:
            self._in_form = True
        if not self._in_form:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            self._input(name, attributes)
        elif tag == "select" and name:
            # With nothing selected, a single choice sends its first option, a multiple none.
            self._select = (name, [], [] if "multiple" in attributes else [None])
        elif tag == "option" and self._select is not None:
            value = attributes.get("value", "")
            if self._select[2] == [None]:
                self._select[2][0] = value
            if "selected" in attributes:
                self._select[1].append(value)
        elif tag == "textarea" and name:
            self._textarea = (name, [])

    def _input(self, name: str, attributes: dict) -> None:
        kind = attributes.get("type", "text").lower()
        if kind in {"submit", "button", "image", "reset", "file"}:
            return
        if kind in {"checkbox", "radio"} and "checked" not in attributes:
            return
        self.fields.append((name, attributes.get("value", "on" if kind == "checkbox" else "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self._in_form:
            self._in_form = False
            self.done = True
        elif tag == "select" and self._select is not None:
            name, selected, fallback = self._select
            self.fields += [(name, value) for value in (selected or fallback) if value is not None]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, parts = self._textarea
            # Browsers drop the one newline that follows <textarea>.
            self.fields.append((name, re.sub(r"^\r?\n", "", "".join(parts))))
            self._textarea = None


def form_fields(markup: str, form_id: str, **changes: str) -> list[tuple[str, str]]:
    """The fields of the form with this id as a browser would send them, with ``changes``."""
    parsed = FormFields(markup, form_id)
    assert parsed.done, f"no complete <form id={form_id!r}> on the page"
    fields = [(name, changes.get(name, value)) for name, value in parsed.fields]
    missing = set(changes) - {name for name, _ in fields}
    assert not missing, f"the form has no fields {sorted(missing)}"
    return fields
