"""The production image's pieces, tested outside a container: the gunicorn settings, the
entry point script, the health check and the Dockerfile's references."""

import importlib.util
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from questionnaire.starting_content import read_starting_content
from tests.processes import REPO_ROOT, Gunicorn, production_env, run

GUNICORN_CONF = REPO_ROOT / "stackadvisor" / "gunicorn.conf.py"
ENTRYPOINT = REPO_ROOT / "stackadvisor" / "docker-entrypoint.sh"
GUNICORN_VARIABLES = [
    "GUNICORN_BIND",
    "GUNICORN_WORKERS",
    "GUNICORN_THREADS",
    "GUNICORN_TIMEOUT",
    "GUNICORN_LOG_LEVEL",
    "WEB_CONCURRENCY",
]


@pytest.fixture
def gunicorn_conf(monkeypatch):
    """``gunicorn_conf(VAR=value, ...)``: the config module, freshly executed under exactly
    these gunicorn variables."""

    def load(**env):
        for name in GUNICORN_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        spec = importlib.util.spec_from_file_location("gunicorn_conf_under_test", GUNICORN_CONF)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return load


# --- gunicorn settings ----------------------------------------------------------------------


def test_gunicorn_defaults(gunicorn_conf):
    conf = gunicorn_conf()
    assert conf.bind == ["0.0.0.0:8000"]
    assert conf.workers == 2 * conf.cpu_count() + 1
    # Synchronous workers behind the proxy; threaded ones when asked for (below).
    assert (conf.worker_class, conf.threads) == ("sync", 1)
    assert conf.keepalive == 0
    assert conf.timeout == 20
    assert conf.graceful_timeout == 30
    assert conf.accesslog == "-"  # access log on standard output
    assert conf.errorlog == "-"
    assert conf.control_socket_disable is True
    assert conf.max_requests > 0 and conf.max_requests_jitter > 0


def test_gunicorn_settings_come_from_the_environment(gunicorn_conf):
    conf = gunicorn_conf(
        GUNICORN_BIND="127.0.0.1:9123",
        GUNICORN_WORKERS="3",
        GUNICORN_THREADS="4",
        GUNICORN_TIMEOUT="75",
        GUNICORN_LOG_LEVEL="warning",
    )
    assert conf.bind == ["127.0.0.1:9123"]
    assert (conf.workers, conf.threads, conf.timeout) == (3, 4, 75)
    # More than one thread: threaded workers, each taking a connection only when a thread is
    # free for it.
    assert conf.worker_class == "gthread"
    assert gunicorn_conf(GUNICORN_THREADS="2").worker_connections == 2
    assert conf.loglevel == "warning"


def test_web_concurrency_sets_the_workers_unless_gunicorn_workers_does(gunicorn_conf):
    assert gunicorn_conf(WEB_CONCURRENCY="6").workers == 6
    assert gunicorn_conf(WEB_CONCURRENCY="6", GUNICORN_WORKERS="2").workers == 2


@pytest.mark.parametrize("value", ["0", "-1", "many"])
def test_a_nonsensical_worker_count_is_refused(gunicorn_conf, value):
    with pytest.raises(ValueError, match="GUNICORN_WORKERS|invalid literal"):
        gunicorn_conf(GUNICORN_WORKERS=value)


@pytest.mark.parametrize(
    ("cpu_max", "expected"),
    [("200000 100000\n", 2), ("150000 100000\n", 2), ("50000 100000\n", 1), ("max 100000\n", None)],
)
def test_cpu_count_follows_a_container_cpu_quota(gunicorn_conf, tmp_path, cpu_max, expected):
    conf = gunicorn_conf()
    cgroup_file = tmp_path / "cpu.max"
    cgroup_file.write_text(cpu_max)
    unlimited = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    assert conf.cpu_count(cgroup_file) == (expected or unlimited or os.cpu_count())
    assert conf.cpu_count(tmp_path / "absent") >= 1


def test_gunicorn_itself_reads_the_config(tmp_path):
    output = run(
        ["-m", "gunicorn", "-c", str(GUNICORN_CONF), "--print-config", "stackadvisor.wsgi"],
        env=production_env(GUNICORN_WORKERS="3", GUNICORN_BIND="127.0.0.1:9124"),
        timeout=60,
    )
    printed = dict(re.findall(r"^(\w+)\s*=\s*(.*)$", output, flags=re.MULTILINE))
    assert printed["workers"] == "3"
    assert printed["worker_class"] == "sync"
    assert printed["bind"] == "['127.0.0.1:9124']"
    assert printed["accesslog"] == "-"
    assert printed["control_socket_disable"] == "True"


def test_a_client_still_sending_its_request_holds_a_thread_not_the_worker(tmp_path):
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'slow.sqlite3'}")
    with (
        Gunicorn({**env, "GUNICORN_THREADS": "2"}, workers=1) as server,
        socket.create_connection(("127.0.0.1", server.port), timeout=5) as slow,
    ):
        slow.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ")  # and no more
        time.sleep(0.5)  # for the worker to give it a thread
        request = urllib.request.Request(server.base_url + "/healthz")  # noqa: S310
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            assert response.status == 200


# --- the entry point --------------------------------------------------------------------------


@pytest.fixture
def fake_gunicorn(tmp_path):
    """A bin/ folder with ``python`` (this interpreter) and a ``gunicorn`` that records its
    arguments, folder and process id in gunicorn-called.txt instead of serving."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    record = tmp_path / "gunicorn-called.txt"
    scripts = {
        "python": f'#!/bin/sh\nexec "{sys.executable}" "$@"\n',
        "gunicorn": f'#!/bin/sh\nprintf "%s\\n" "$$" "$(pwd)" "$*" > "{record}"\n',
    }
    for name, text in scripts.items():
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    return bin_dir, record


def entrypoint_env(tmp_path, bin_dir, **extra):
    return production_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'entrypoint.sqlite3'}",
        PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        **extra,
    )


def run_entrypoint(env, *args, cwd=None):
    process = subprocess.Popen(  # noqa: S603 - our own script
        ["/bin/sh", str(ENTRYPOINT), *args],
        cwd=cwd or "/",
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    stdout, stderr = process.communicate(timeout=180)
    return process, stdout, stderr


def applied_migrations(database: Path) -> set[str]:
    with sqlite3.connect(database) as connection:
        return {app for (app,) in connection.execute("SELECT app FROM django_migrations")}


def count(database: Path, table: str) -> int:
    with sqlite3.connect(database) as connection:
        return connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608


def test_entrypoint_migrates_then_execs_gunicorn_with_the_config(tmp_path, fake_gunicorn):
    bin_dir, record = fake_gunicorn
    process, stdout, stderr = run_entrypoint(entrypoint_env(tmp_path, bin_dir))

    assert process.returncode == 0, stderr
    database = tmp_path / "entrypoint.sqlite3"
    assert {"comparisons", "questionnaire", "auth", "sessions", "axes"} <= applied_migrations(
        database
    )
    assert count(database, "comparisons_framework") == 0  # starting content not asked for
    pid, folder, arguments = record.read_text().splitlines()
    # exec: gunicorn took the script's own process (so it gets the container's signals).
    assert int(pid) == process.pid
    assert Path(folder) == REPO_ROOT  # wherever it was started from
    assert arguments == "-c stackadvisor/gunicorn.conf.py stackadvisor.wsgi"


def test_entrypoint_loads_the_starting_content_when_asked_and_only_once(tmp_path, fake_gunicorn):
    bin_dir, record = fake_gunicorn
    env = entrypoint_env(tmp_path, bin_dir, DJANGO_LOAD_STARTING_CONTENT="true")
    database = tmp_path / "entrypoint.sqlite3"

    frameworks = len(read_starting_content()["frameworks"])

    process, stdout, stderr = run_entrypoint(env)
    assert process.returncode == 0, stderr
    assert count(database, "comparisons_framework") == frameworks
    assert "Loaded starting content" in stdout

    # A restart: migrations and loading are no-ops, and an editor's deletion stays deleted.
    with sqlite3.connect(database) as connection:
        connection.execute("DELETE FROM comparisons_rating")
    record.unlink()
    process, stdout, stderr = run_entrypoint(env)
    assert process.returncode == 0, stderr
    assert count(database, "comparisons_framework") == frameworks
    assert count(database, "comparisons_rating") == 0
    assert record.exists()


def test_entrypoint_stops_before_gunicorn_when_migrations_fail(tmp_path, fake_gunicorn):
    bin_dir, record = fake_gunicorn
    env = entrypoint_env(tmp_path, bin_dir)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'no-such-folder' / 'db.sqlite3'}"
    process, stdout, stderr = run_entrypoint(env)
    assert process.returncode != 0
    assert not record.exists()


def test_entrypoint_runs_a_given_command_instead(tmp_path, fake_gunicorn):
    bin_dir, record = fake_gunicorn
    env = entrypoint_env(tmp_path, bin_dir)
    process, stdout, stderr = run_entrypoint(env, "python", "manage.py", "showmigrations", "axes")
    assert process.returncode == 0, stderr
    assert "[ ]" in stdout  # listed, not applied: the command ran instead of the migrations
    assert not record.exists()


# --- the health check -------------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def healthcheck(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-m", "stackadvisor.healthcheck"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_health_check_passes_with_only_the_public_host_allowed_and_https_enforced(tmp_path):
    """The loopback address is not an allowed host, and plain HTTP is redirected: the
    container's check still gets its 200, while a visitor's plain-HTTP request is
    redirected."""
    env = production_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'health.sqlite3'}",
        DJANGO_ALLOWED_HOSTS="stackadvisor.example.com",
        DJANGO_SECURE_SSL_REDIRECT="true",
    )
    with Gunicorn(env) as server:
        check_env = {**env, "GUNICORN_BIND": f"0.0.0.0:{server.port}"}
        result = healthcheck(check_env)
        assert result.returncode == 0, result.stderr + server.log()

        request = urllib.request.Request(  # noqa: S310 - loopback
            server.base_url + "/", headers={"Host": "stackadvisor.example.com"}
        )
        opener = urllib.request.build_opener(NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as redirected:
            opener.open(request, timeout=10)
        assert redirected.value.code == 301
        assert redirected.value.headers["Location"] == "https://stackadvisor.example.com/"

    # The server is gone: the check fails.
    assert healthcheck(check_env).returncode == 1


@pytest.mark.parametrize(
    ("allowed", "expected"),
    [
        ("stackadvisor.example.com,localhost", "stackadvisor.example.com"),
        (".example.com", "example.com"),
        (" , *, www.example.com", "www.example.com"),
        ("", "localhost"),
    ],
)
def test_health_check_names_an_allowed_host(monkeypatch, allowed, expected):
    from stackadvisor import healthcheck as module

    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", allowed)
    assert module.host_header() == expected


@pytest.mark.parametrize(
    ("bind", "url"),
    [
        ("", "http://127.0.0.1:8000/healthz"),
        ("0.0.0.0:9000", "http://127.0.0.1:9000/healthz"),
        ("[::]:9001", "http://127.0.0.1:9001/healthz"),
    ],
)
def test_health_check_asks_the_bound_port(monkeypatch, bind, url):
    from stackadvisor import healthcheck as module

    monkeypatch.setenv("GUNICORN_BIND", bind)
    assert module.health_url() == url


# --- the Dockerfile ---------------------------------------------------------------------------


def test_dockerfile_copies_only_what_exists_and_uses_these_pieces():
    dockerfile = (REPO_ROOT / "Dockerfile").read_text()
    sources = re.findall(r"^COPY (?!--from)(\S+) \S+$", dockerfile, flags=re.MULTILINE)
    assert sources
    for source in sources:
        assert (REPO_ROOT / source).exists(), source
    assert 'ENTRYPOINT ["sh", "/app/stackadvisor/docker-entrypoint.sh"]' in dockerfile
    assert '"-m", "stackadvisor.healthcheck"' in dockerfile
    assert re.search(r"^USER 10001:10001$", dockerfile, flags=re.MULTILINE)
    assert "collectstatic" in dockerfile
    assert "gunicorn -c stackadvisor/gunicorn.conf.py stackadvisor.wsgi" in ENTRYPOINT.read_text()


# --- Documentation ----------------------------------------------------------------------------


def test_every_environment_variable_is_in_the_readme_table():
    sources = [
        (REPO_ROOT / "stackadvisor" / "settings.py").read_text(),
        GUNICORN_CONF.read_text(),
        ENTRYPOINT.read_text(),
    ]
    names = set()
    for source in sources:
        names |= set(
            re.findall(r"\b((?:DJANGO|GUNICORN)_[A-Z_]+|DATABASE_[A-Z_]+|REDIS_URL)\b", source)
        )
    names -= {"DJANGO_SETTINGS_MODULE"}
    readme = (REPO_ROOT / "README.md").read_text()
    table = {
        name
        for row in readme.splitlines()
        if row.startswith("| `")
        for name in re.findall(r"`([A-Z_]+)`", row.split("|")[1])
    }
    assert names - table == set()
