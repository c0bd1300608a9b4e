"""The code versions compared and the servers that run them: gunicorn for the site and for the
bare Django baseline, and a private Redis for the site's cache."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.bench.processes import (
    HOST,
    START_TIMEOUT,
    STARTED,
    BenchError,
    free_port,
    run_step,
    tail,
    wait_until_up,
)

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 2
GIT_TIMEOUT = 120


@dataclass
class Version:
    """One version of the code: a commit checked out in a temporary worktree, or the
    working tree itself."""

    label: str  # BASE or HEAD
    name: str  # what the report calls it: a short commit id
    root: Path
    temporary: bool = False

    def manage(self, env: dict, log: Path, *args: str) -> str:
        return run_step([sys.executable, "manage.py", *args], self.root, env, log)


def git(*args: str) -> str:
    try:
        done = subprocess.run(  # noqa: S603 - fixed argument lists, no shell
            ["git", *args],  # noqa: S607 - git from PATH, as make does
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise BenchError(f"git {' '.join(args)} took longer than {GIT_TIMEOUT} s") from error
    if done.returncode:
        raise BenchError(f"git {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout.strip()


def working_tree() -> Version:
    name = git("rev-parse", "--short", "HEAD")
    if git("status", "--porcelain"):
        name += " with uncommitted changes"
    return Version("HEAD", name, ROOT)


def check_out(commit: str, directory: Path) -> Version:
    """`commit` in a new worktree under `directory` (removed by remove())."""
    full = git("rev-parse", "--verify", "--end-of-options", f"{commit}^{{commit}}")
    path = directory / f"base-{full[:12]}"
    git("worktree", "add", "--detach", str(path), full)
    return Version("BASE", git("rev-parse", "--short", full), path, temporary=True)


def remove(version: Version) -> None:
    if version.temporary:
        with contextlib.suppress(BenchError):
            git("worktree", "remove", "--force", str(version.root))
        shutil.rmtree(version.root, ignore_errors=True)
        git("worktree", "prune")


# -- environments -------------------------------------------------------------------------


def clean_env(pythonpath: Path) -> dict:
    """The caller's environment without any of the settings the servers read."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "GUNICORN_", "BENCH_"))
        and name.lower() not in {"http_proxy", "https_proxy", "all_proxy"}
        and name not in {"DATABASE_URL", "REDIS_URL", "WEB_CONCURRENCY", "PYTHONPATH"}
    }
    env.update(PYTHONPATH=str(pythonpath), NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1")
    return env


def site_env(version: Version, database_url: str, redis_url: str, static_root: Path) -> dict:
    """Production settings, as a deployment has them, with a throwaway secret key."""
    return {
        **clean_env(version.root),
        "DJANGO_SETTINGS_MODULE": "stackadvisor.settings",
        "DJANGO_ENV_FILE": "",  # never a developer's .env (which turns DEBUG on)
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": f"{HOST},localhost",
        "DJANGO_SECURE_COOKIES": "false",  # plain HTTP on loopback
        # Every request comes from one address here; in production each visitor has theirs.
        "DJANGO_SUBMISSION_RATE": "1000000/m",
        "DJANGO_STATIC_ROOT": str(static_root),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
    }


def collectstatic(version: Version, directory: Path) -> Path:
    """The version's static files, collected with the manifest storage; their folder."""
    static_root = directory / f"static-{version.label.lower()}"
    env = site_env(version, f"sqlite:///{directory / 'unused.sqlite3'}", "", static_root)
    version.manage(env, directory / "setup.log", "collectstatic", "--no-input", "-v", "0")
    return static_root


# -- gunicorn -------------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    version: Version
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def group(self) -> int:
        """The process group: gunicorn's master and its workers."""
        return self.process.pid

    def problems(self) -> list[str]:
        lines = tail(self.log, 5000).splitlines()
        found = [line for line in lines if re.search(r"Traceback|ERROR|CRITICAL|TIMEOUT", line)]
        return [f"{self.name}: {line}" for line in found[:5]]


def gunicorn_command(version: Version, app: str, port: int) -> list[str]:
    """The version's own gunicorn.conf.py; on the command line (which wins over it) only the
    address, the number of workers, and no worker recycling: at these rates a worker would be
    replaced every few seconds, and the run would measure start-ups."""
    command = [sys.executable, "-m", "gunicorn"]
    config = version.root / "stackadvisor" / "gunicorn.conf.py"
    if config.is_file():
        command += ["--config", str(config)]
    return command + [
        *("--bind", f"{HOST}:{port}", "--workers", str(WORKERS), "--max-requests", "0"),
        app,
    ]


def gunicorn_env(env: dict, port: int) -> dict:
    """The config file's own environment overrides, saying the same."""
    return {
        **env,
        "GUNICORN_BIND": f"{HOST}:{port}",
        "GUNICORN_WORKERS": str(WORKERS),
        "WEB_CONCURRENCY": str(WORKERS),
    }


def start_gunicorn(version: Version, app: str, env: dict, cwd: Path, log_dir: Path, name: str):
    """gunicorn on a free loopback port, answering (on /healthz for the site) when returned."""
    port = free_port()
    log = log_dir / f"{name}.log"
    process = STARTED.start(
        gunicorn_command(version, app, port),
        cwd,
        gunicorn_env(env, port),
        out=log_dir / f"{name}.access.log",  # the config's access log goes to standard output
        err=log,
    )
    server = Server(name, version, port, process, log)
    wait_until_up(port, "/" if app == BASELINE_APP else "/healthz", process, log)
    return server


def start_site(version: Version, env: dict, log_dir: Path, name: str) -> Server:
    return start_gunicorn(version, "stackadvisor.wsgi", env, version.root, log_dir, name)


BASELINE_APP = "tests.bench.hello.wsgi"


def baseline_env() -> dict:
    return {
        **clean_env(ROOT),
        "DJANGO_SETTINGS_MODULE": "tests.bench.hello.settings",
        "BENCH_HELLO_SECRET_KEY": secrets.token_urlsafe(50),
    }


def start_baseline(version: Version, log_dir: Path) -> Server:
    """Bare Django (tests/bench/hello, of the working tree) under the version's gunicorn
    settings."""
    name = f"baseline-{version.label.lower()}"
    return start_gunicorn(version, BASELINE_APP, baseline_env(), ROOT, log_dir, name)


def gunicorn_settings(version: Version, log_dir: Path) -> dict:
    """What gunicorn makes of the version's settings, for the report."""
    port = free_port()
    command = gunicorn_command(version, BASELINE_APP, port) + ["--print-config"]
    env = gunicorn_env(baseline_env(), port)
    output = run_step(command, ROOT, env, log_dir / "setup.log", timeout=60)
    wanted = ("worker_class", "workers", "threads", "keepalive", "timeout", "max_requests")
    settings = {}
    for line in output.splitlines():
        key, _, value = line.partition("=")
        if key.strip() in wanted:
            settings[key.strip()] = value.strip()
    return settings


# -- Redis ----------------------------------------------------------------------------------


def start_redis(log_dir: Path) -> str:
    """A private, memory-only redis-server on a free loopback port: its address, without the
    database number (each site gets one of its own)."""
    port = free_port()
    log = log_dir / "redis.log"
    command = [shutil.which("redis-server") or "redis-server", "--bind", HOST, "--port", str(port)]
    command += ["--save", "", "--appendonly", "no", "--protected-mode", "yes"]
    process = STARTED.start(command, log_dir, clean_env(ROOT), out=log, err=log)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"redis-server stopped (exit {process.returncode}):\n{tail(log)}")
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), 1) as probe:
            probe.sendall(b"PING\r\n")
            if probe.recv(16).startswith(b"+PONG"):
                return f"redis://{HOST}:{port}"
        time.sleep(0.1)
    raise BenchError(f"redis-server did not answer within {START_TIMEOUT} s")
