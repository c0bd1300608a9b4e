"""Load benchmark: the site under gunicorn, next to a bare Django baseline, driven by wrk.

    python -m tests.bench.run [--duration 10] [--scales 1,50] [--pages home,compare] [--help]

For each content size (1 = the starting content; 50 = fifty times as much, made by
`manage.py make_synthetic_content`, whose docstring says what "as much" means), the site runs
under gunicorn with production settings: DEBUG off, a throwaway secret key, static files
collected with the manifest storage into var/bench/, a temporary SQLite database migrated and
loaded with the content (in /dev/shm when there is one, so that writes do not wait for a
shared disk), and Redis as its cache (a private redis-server on a loopback port, as in
production; local memory with --cache locmem or without redis-server). The baseline
(tests/bench/hello) runs under the same gunicorn settings: stackadvisor/gunicorn.conf.py when it
exists, with its environment overrides and the same on the command line (address, workers,
log file, which win over the file), else the same command-line flags for both. Worker
recycling (max_requests) is turned off for both unless --recycle-workers: at benchmark rates it
would restart workers every second and measure start-ups instead of requests.

Pages: home, GET /advisor/, POST /advisor/ (a valid submission with a CSRF token and its
cookie), a result page, a comparison and a framework page, each requested as a browser does
(saying which compressed responses it takes). Each page is warmed up, then
measured in --rounds segments, each right after a segment of the baseline, so that both see
the same moments of a machine shared with wrk and whatever else runs. Reported per page:
requests per second, p50 and p99 latency, the ratio to the baseline's requests per second in
its segments, and the CPU time gunicorn's processes used per request (steadier than requests
per second on a busy machine); then how latency grows from the first content size to the last,
and which targets hold.

Safety: only the loopback address is ever targeted; every step has a time limit; every
process started here runs in its own process group and is stopped at the end, on failure and
on Ctrl-C too. Results go to var/bench/ (git-ignored) as JSON and Markdown.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import datetime
import http.client
import ipaddress
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "var" / "bench"
HOST = "127.0.0.1"
GUNICORN_CONFIG = ROOT / "stackadvisor" / "gunicorn.conf.py"
WORKERS = 2

# Targets (ratios within one run).
TARGET_RATIO = {"result": 0.6, "compare": 0.6, "advisor-post": 0.25}
TARGET_P99_MS = 50.0
TARGET_GROWTH = 2.0

START_TIMEOUT = 60  # seconds for a server to answer its first request
STEP_TIMEOUT = 300  # seconds for any one setup command (migrate, collectstatic, …)
HTTP_TIMEOUT = 15  # seconds for one request made by the benchmark itself

# Environment variables of the caller that must not leak into the servers.
_SCRUBBED = (
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_STATIC_ROOT",
    "DJANGO_ENV_FILE",
    "GUNICORN_CMD_ARGS",
    "http_proxy",
    "https_proxy",
    "HTTP_PROXY",
    "HTTPS_PROXY",
)


class BenchError(RuntimeError):
    """The benchmark cannot go on; the message says why."""


def loopback_url(port: int, path: str = "/") -> str:
    """The only way URLs are made here: HOST is checked to be a loopback address."""
    if not ipaddress.ip_address(HOST).is_loopback:
        raise BenchError(f"Refusing to target {HOST}: the benchmark only targets loopback.")
    if not path.startswith("/"):
        raise BenchError(f"Not a path on this server: {path!r}")
    return f"http://{HOST}:{port}{path}"


# --------------------------------------------------------------------------------------------
# Processes: each in its own process group, all stopped at exit whatever happens.


class Processes:
    def __init__(self) -> None:
        self.running: list[subprocess.Popen] = []

    def start(self, command: list[str], env: dict, log: Path) -> subprocess.Popen:
        with log.open("ab") as log_file:
            process = subprocess.Popen(  # noqa: S603 - fixed argument lists, no shell
                command,
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stopped together with workers
            )
        self.running.append(process)
        return process

    def stop(self, process: subprocess.Popen, grace: float = 10.0) -> None:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=grace)
        # Workers left behind by a master that died first share its process group.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        if process in self.running:
            self.running.remove(process)

    def stop_all(self) -> None:
        for process in list(reversed(self.running)):
            self.stop(process)


PROCESSES = Processes()
atexit.register(PROCESSES.stop_all)


def _exit_on_signal(signum, frame):
    raise SystemExit(128 + signum)  # unwinds through every finally, then atexit runs


def run_step(command: list[str], env: dict, log: Path, what: str) -> str:
    """Run a setup command to completion (bounded in time); its output, or BenchError."""
    try:
        done = subprocess.run(  # noqa: S603 - fixed argument lists, no shell
            command,
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise BenchError(f"{what} took longer than {STEP_TIMEOUT} s") from error
    with log.open("a") as log_file:
        log_file.write(f"$ {' '.join(command)}\n{done.stdout}{done.stderr}\n")
    if done.returncode:
        raise BenchError(f"{what} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return done.stdout


# --------------------------------------------------------------------------------------------
# HTTP from the benchmark itself (setup and checks), loopback only, no proxies.


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: str


def request(port: int, method: str, path: str, body: str = "", headers=None) -> Reply:
    loopback_url(port, path)  # the check
    connection = http.client.HTTPConnection(HOST, port, timeout=HTTP_TIMEOUT)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        return Reply(response.status, response.headers, response.read().decode("utf-8", "replace"))
    finally:
        connection.close()


def wait_until_up(port: int, path: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"The server stopped (exit {process.returncode}):\n{_tail(log)}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            if request(port, "GET", path).status == 200:
                return
        time.sleep(0.2)
    raise BenchError(f"No answer on port {port} within {START_TIMEOUT} s:\n{_tail(log)}")


def _tail(log: Path, lines: int = 30) -> str:
    with contextlib.suppress(OSError):
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    return ""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


# --------------------------------------------------------------------------------------------
# wrk


WRK_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests":%d,"duration_us":%d,"bytes":%d,'
    .. '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},'
    .. '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
"""


def _lua_string(text: str) -> str:
    """A Lua string literal: anything but plain ASCII letters, digits and a few safe marks is
    written as a three-digit decimal escape (bytes of its UTF-8 encoding)."""
    safe = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.=&%;/:, ")
    return (
        '"'
        + "".join(chr(byte) if chr(byte) in safe else f"\\{byte:03d}" for byte in text.encode())
        + '"'
    )


# What a browser's request says about the responses it takes: every request wrk makes, to the
# site and to the baseline, says the same.
BROWSER_HEADERS = {"Accept-Encoding": "gzip, deflate, br, zstd"}


def wrk_script(directory: Path, name: str, method="GET", body="", headers=None) -> Path:
    lines = [f"wrk.method = {_lua_string(method)}"]
    if body:
        lines.append(f"wrk.body = {_lua_string(body)}")
    for header, value in {**BROWSER_HEADERS, **(headers or {})}.items():
        lines.append(f"wrk.headers[{_lua_string(header)}] = {_lua_string(value)}")
    script = directory / f"{name}.lua"
    script.write_text("\n".join(lines) + "\n" + WRK_DONE)
    return script


@dataclass
class Measurement:
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    mean_ms: float
    requests: int
    errors: dict
    bytes_per_request: float
    server_cpu_ms: float  # CPU time of the server's processes per request

    def as_dict(self) -> dict:
        return {key: getattr(self, key) for key in self.__dataclass_fields__}


def combine(parts: list[Measurement]) -> Measurement:
    """Segments of one measurement as one: requests per second over the whole time, the
    mean of the medians, and the worst of the tails."""
    seconds = sum(part.requests / part.rps for part in parts)
    requests = sum(part.requests for part in parts)
    errors: dict = {}
    for part in parts:
        for kind, count in part.errors.items():
            errors[kind] = errors.get(kind, 0) + count
    return Measurement(
        rps=requests / seconds,
        p50_ms=sum(part.p50_ms for part in parts) / len(parts),
        p90_ms=max(part.p90_ms for part in parts),
        p99_ms=max(part.p99_ms for part in parts),
        max_ms=max(part.max_ms for part in parts),
        mean_ms=sum(part.mean_ms * part.requests for part in parts) / requests,
        requests=requests,
        errors=errors,
        bytes_per_request=sum(part.bytes_per_request * part.requests for part in parts) / requests,
        server_cpu_ms=sum(part.server_cpu_ms * part.requests for part in parts) / requests,
    )


def group_cpu_seconds(group: int) -> float:
    """CPU time (user + system) used so far by a process group: its live processes, and the
    workers gunicorn's master has reaped (counted in the master's children's times)."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == group:  # pgrp
                # utime, stime, and cutime, cstime: those of its children it has waited for
                ticks += sum(int(value) for value in fields[11:15])
    return ticks / os.sysconf("SC_CLK_TCK")


def run_wrk(
    args, port: int, path: str, script: Path, duration: int, log: Path, server: int
) -> Measurement:
    """wrk on one address of the server whose process group is `server`."""
    url = loopback_url(port, path)
    command = [
        shutil.which("wrk") or "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{duration}s",
        "--latency",
        "--timeout",
        "5s",
        "-s",
        str(script),
        url,
    ]
    cpu_before = group_cpu_seconds(server)
    try:
        done = subprocess.run(  # noqa: S603 - fixed argument list, loopback URL
            command, capture_output=True, text=True, timeout=duration + 30, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise BenchError(f"wrk did not finish within {duration + 30:g} s on {path}") from error
    cpu = group_cpu_seconds(server) - cpu_before
    with log.open("a") as log_file:
        log_file.write(f"$ {' '.join(command)}\n{done.stdout}{done.stderr}\n")
    match = re.search(r"^BENCH-JSON (.*)$", done.stdout, re.MULTILINE)
    if done.returncode or not match:
        raise BenchError(f"wrk failed on {path}:\n{done.stdout}\n{done.stderr}")
    data = json.loads(match.group(1))
    seconds = data["duration_us"] / 1e6
    return Measurement(
        rps=data["requests"] / seconds,
        p50_ms=data["p50_us"] / 1000,
        p90_ms=data["p90_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        max_ms=data["max_us"] / 1000,
        mean_ms=data["mean_us"] / 1000,
        requests=data["requests"],
        errors={key: value for key, value in data["errors"].items() if value},
        bytes_per_request=data["bytes"] / max(1, data["requests"]),
        server_cpu_ms=1000 * cpu / max(1, data["requests"]),
    )


# --------------------------------------------------------------------------------------------
# Servers


def gunicorn_command(app: str, port: int, log: Path, recycle_workers: bool = False) -> list[str]:
    """The same settings for the site and the baseline; only the app and the port differ."""
    command = [sys.executable, "-m", "gunicorn"]
    if GUNICORN_CONFIG.is_file():
        command += ["--config", str(GUNICORN_CONFIG)]
    # Given on the command line, these win over the config file (and match the environment
    # overrides gunicorn_env sets for it).
    command += [
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(WORKERS),
        "--no-control-socket",
        "--error-logfile",
        str(log),
        "--log-level",
        "warning",
    ]
    if not recycle_workers:
        # A worker restarted every thousand requests would restart every second or so here,
        # and the run would measure start-ups (and emptied local caches), not requests.
        command += ["--max-requests", "0"]
    return command + [app]


def gunicorn_env(env: dict, port: int) -> dict:
    """The config file's own environment overrides (stackadvisor/gunicorn.conf.py)."""
    return {
        **env,
        "GUNICORN_BIND": f"{HOST}:{port}",
        "GUNICORN_WORKERS": str(WORKERS),
        "GUNICORN_LOG_LEVEL": "warning",
        "WEB_CONCURRENCY": str(WORKERS),
    }


def base_env() -> dict:
    env = {key: value for key, value in os.environ.items() if key not in _SCRUBBED}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    return env


def app_env(
    database: Path,
    static_root: Path,
    secret_key: str,
    redis_url: str = "",
    settings_module: str = "stackadvisor.settings",
) -> dict:
    env = base_env()
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        DJANGO_ENV_FILE="",  # never the developer's .env (which turns DEBUG on)
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secret_key,
        DJANGO_ALLOWED_HOSTS=f"{HOST},localhost",
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_STATIC_ROOT=str(static_root),
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def hello_env(secret_key: str) -> dict:
    env = base_env()
    env.update(
        DJANGO_SETTINGS_MODULE="tests.bench.hello.settings",
        DJANGO_ENV_FILE="",
        BENCH_HELLO_SECRET_KEY=secret_key,
    )
    return env


def start_gunicorn(args, app: str, env: dict, directory: Path, name: str):
    """Start gunicorn on a free loopback port: (process, port, error log)."""
    port = free_port()
    log = directory / f"gunicorn-{name}.log"
    process = PROCESSES.start(
        gunicorn_command(app, port, log, args.recycle_workers),
        gunicorn_env(env, port),
        directory / f"gunicorn-{name}-stdout.log",  # the access log, when the config has one
    )
    return process, port, log


def gunicorn_settings(args, env: dict, app: str, log: Path) -> dict:
    """The settings gunicorn resolves (config file + command line), for the report."""
    port = free_port()
    command = gunicorn_command(app, port, log, args.recycle_workers) + ["--print-config"]
    output = run_step(command, gunicorn_env(env, port), log, "gunicorn --print-config")
    wanted = (
        "worker_class",
        "workers",
        "threads",
        "keepalive",
        "timeout",
        "max_requests",
        "preload_app",
        "accesslog",
    )
    settings = {}
    for line in output.splitlines():
        key, _, value = line.partition("=")
        if key.strip() in wanted:
            settings[key.strip()] = value.strip()
    return settings


def start_redis(directory: Path):
    """A private, memory-only Redis on a free loopback port: (process, URL)."""
    port = free_port()
    log = directory / "redis.log"
    process = PROCESSES.start(
        [
            shutil.which("redis-server") or "redis-server",
            "--bind",
            HOST,
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--protected-mode",
            "yes",
        ],
        base_env(),
        log,
    )
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"redis-server stopped (exit {process.returncode}):\n{_tail(log)}")
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), 1) as probe:
            probe.sendall(b"PING\r\n")
            if probe.recv(16).startswith(b"+PONG"):
                return process, f"redis://{HOST}:{port}/0"
        time.sleep(0.1)
    raise BenchError(f"redis-server did not answer within {START_TIMEOUT} s")


# --------------------------------------------------------------------------------------------
# The run


@dataclass
class ScaleRun:
    scale: int
    counts: dict
    pages: dict = field(default_factory=dict)  # page name → Measurement
    baseline: dict = field(default_factory=dict)  # page name → the baseline measured with it
    paths: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    scripts: dict = field(default_factory=dict)  # page name → wrk script
    port: int = 0
    group: int = 0  # the server's process group
    log: Path | None = None

    def ratio(self, name: str) -> float:
        return self.pages[name].rps / self.baseline[name].rps


PAGE_ORDER = ["home", "advisor", "advisor-post", "result", "compare", "framework"]
PAGE_TITLES = {
    "home": "GET /",
    "advisor": "GET /advisor/",
    "advisor-post": "POST /advisor/",
    "result": "GET result page",
    "compare": "GET compare page",
    "framework": "GET framework page",
}


def prepare_database(scale: int, work: Path, env: dict, log: Path) -> dict:
    python = sys.executable
    run_step([python, "manage.py", "migrate", "--no-input", "-v", "0"], env, log, "migrate")
    run_step([python, "manage.py", "load_starting_content"], env, log, "load_starting_content")
    if scale > 1:
        run_step(
            [
                python,
                "manage.py",
                "make_synthetic_content",
                "--scale",
                str(scale),
                "--throwaway-database",
            ],
            env,
            log,
            "make_synthetic_content",
        )
    return json.loads(run_step([python, "-m", "tests.bench.targets"], env, log, "targets"))


def post_setup(port: int, answers: dict) -> tuple[str, dict, str]:
    """A valid questionnaire POST (body and headers, with a CSRF token and its cookie), and
    the result page one such POST makes."""
    page = request(port, "GET", "/advisor/")
    if page.status != 200:
        raise BenchError(f"GET /advisor/ answered {page.status}")
    cookies = [
        value.split(";", 1)[0]
        for value in page.headers.get_all("Set-Cookie") or []
        if value.startswith("csrftoken=")
    ]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
    if not cookies or not token:
        raise BenchError("GET /advisor/ gave no CSRF cookie or token")
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


def prepare_scale(args, scale: int, work: Path, static_root: Path, redis_url: str) -> ScaleRun:
    """A database with `scale` times the starting content, and the site serving it."""
    directory = work / f"scale-{scale}"
    directory.mkdir()
    log = directory / "setup.log"
    database = args.database_dir / f"scale-{scale}.sqlite3"
    env = app_env(database, static_root, secrets.token_urlsafe(50), redis_url, args.settings)
    env["DJANGO_CACHE_KEY_PREFIX"] = f"bench-{scale}"  # one Redis serves every content size
    print(f"== {scale}× content: preparing the database", flush=True)
    targets = prepare_database(scale, directory, env, log)
    run = ScaleRun(scale=scale, counts=targets["counts"])
    print("   " + ", ".join(f"{n} {what}" for what, n in run.counts.items()), flush=True)

    server, run.port, run.log = start_gunicorn(args, "stackadvisor.wsgi", env, directory, "app")
    run.group = server.pid  # its process group: gunicorn's master and workers
    wait_until_up(run.port, "/healthz", server, run.log)
    body, headers, result_path = post_setup(run.port, targets["answers"])
    run.paths = {
        "home": "/",
        "advisor": "/advisor/",
        "advisor-post": "/advisor/",
        "result": result_path,
        "compare": f"/compare/{targets['compare']}/",
        "framework": f"/frameworks/{targets['framework']}/",
    }
    run.scripts = {name: wrk_script(directory, name) for name in run.paths}
    run.scripts["advisor-post"] = wrk_script(directory, "advisor-post", "POST", body, headers)
    for name, path in run.paths.items():
        if name == "advisor-post":
            continue
        reply = request(run.port, "GET", path)
        if reply.status != 200:
            raise BenchError(f"{path} answered {reply.status}")
        if name == "result" and "csrfmiddlewaretoken" in reply.body:
            run.notes.append("The result page holds a form with a CSRF token.")
    return run


def measure_pages(args, runs: list[ScaleRun], hello_port: int, hello_group: int, work: Path):
    """Every page at every content size. Segments alternate: baseline, page at the first
    size, baseline, page at the next size… so that each page and its baseline, and each page
    at both sizes, see the same moments of a machine they share with wrk and everything else.
    """
    hello_script = wrk_script(work, "baseline")
    wrk_log = work / "wrk.log"
    segment = max(1, args.duration // args.rounds)  # wrk counts whole seconds
    if args.warmup:
        run_wrk(args, hello_port, "/", hello_script, args.warmup, wrk_log, hello_group)
    for name in args.pages:
        print(f"\n   {PAGE_TITLES[name]}", flush=True)
        pages: dict[int, list] = {run.scale: [] for run in runs}
        baselines: dict[int, list] = {run.scale: [] for run in runs}
        for run in runs:  # warm every worker
            if args.warmup:
                path, script = run.paths[name], run.scripts[name]
                run_wrk(args, run.port, path, script, args.warmup, wrk_log, run.group)
        for _ in range(args.rounds):
            for run in runs:
                baselines[run.scale].append(
                    run_wrk(args, hello_port, "/", hello_script, segment, wrk_log, hello_group)
                )
                path, script = run.paths[name], run.scripts[name]
                pages[run.scale].append(
                    run_wrk(args, run.port, path, script, segment, wrk_log, run.group)
                )
        for run in runs:
            page, baseline = combine(pages[run.scale]), combine(baselines[run.scale])
            run.pages[name], run.baseline[name] = page, baseline
            errors = f"  errors {page.errors}" if page.errors else ""
            print(
                f"   {run.scale:>4}× {page.rps:7.0f} req/s  p50 {page.p50_ms:6.1f} ms"
                f"  p99 {page.p99_ms:6.1f} ms  CPU {page.server_cpu_ms:5.2f} ms  │ baseline"
                f" {baseline.rps:6.0f} req/s  p99 {baseline.p99_ms:6.1f} ms"
                f"  CPU {baseline.server_cpu_ms:5.2f} ms  → ratio {run.ratio(name):.2f}{errors}",
                flush=True,
            )


def _server_problems(log: Path) -> list[str]:
    text = _tail(log, 2000)
    problems = [
        line for line in text.splitlines() if re.search(r"ERROR|CRITICAL|Traceback|timeout", line)
    ]
    return [f"server log: {line}" for line in problems[:10]]


# --------------------------------------------------------------------------------------------
# Report


def evaluate(runs: list[ScaleRun]) -> tuple[dict, list[dict]]:
    growth = {}
    first, last = runs[0], runs[-1]
    if len(runs) > 1:
        for name in first.pages:
            small, large = first.pages[name], last.pages[name]
            growth[name] = {
                "p50": large.p50_ms / small.p50_ms,
                "p99": large.p99_ms / small.p99_ms,
                "mean": large.mean_ms / small.mean_ms,
                "rps": small.rps / large.rps,  # time per request
                "server_cpu": large.server_cpu_ms / small.server_cpu_ms,
            }
    targets = []
    for run in runs:
        for name, minimum in TARGET_RATIO.items():
            if name not in run.pages:
                continue
            ratio = run.ratio(name)
            targets.append(
                {
                    "target": f"{PAGE_TITLES[name]} ≥ {minimum:g} × baseline req/s",
                    "scale": run.scale,
                    "value": round(ratio, 3),
                    "holds": ratio >= minimum,
                }
            )
        for name in run.pages:
            p99 = run.pages[name].p99_ms
            targets.append(
                {
                    "target": f"{PAGE_TITLES[name]} p99 ≤ {TARGET_P99_MS:g} ms",
                    "scale": run.scale,
                    "value": round(p99, 2),
                    "holds": p99 <= TARGET_P99_MS,
                }
            )
        for name, measurement in run.pages.items():
            if measurement.errors:
                targets.append(
                    {
                        "target": f"{PAGE_TITLES[name]} answers without errors",
                        "scale": run.scale,
                        "value": measurement.errors,
                        "holds": False,
                    }
                )
    for name, figures in growth.items():
        targets.append(
            {
                "target": f"{PAGE_TITLES[name]} latency (p50) at {last.scale}× ≤ "
                f"{TARGET_GROWTH:g} × at {first.scale}×",
                "scale": last.scale,
                "value": round(figures["p50"], 2),
                "holds": figures["p50"] <= TARGET_GROWTH,
            }
        )
    return growth, targets


def markdown_report(meta: dict, runs: list[ScaleRun], growth: dict, targets: list) -> str:
    lines = [
        "# StackAdvisor load benchmark",
        "",
        f"{meta['started']} · {meta['machine']} · wrk {meta['wrk']['threads']} threads, "
        f"{meta['wrk']['connections']} connections, {meta['wrk']['duration_s']:g} s per page "
        f"(after {meta['wrk']['warmup_s']:g} s of warm-up)",
        "",
        f"gunicorn: {meta['gunicorn']['source']}; worker recycling "
        f"{meta['gunicorn']['worker_recycling']}; resolved "
        + ", ".join(f"{k}={v}" for k, v in meta["gunicorn"]["settings"].items())
        + ".",
        "",
        f"Site: settings {meta['settings']}, DEBUG off, {meta['database']}, cache: "
        f"{meta['cache']}, static files collected "
        "with the manifest storage. Baseline: tests/bench/hello (no apps, no middleware, no "
        "database) under the same gunicorn settings.",
        "",
        "Every request says `Accept-Encoding: "
        + BROWSER_HEADERS["Accept-Encoding"]
        + "`, as browsers' do.",
        "",
        "Each page is measured in segments, each right after a segment of the baseline, and its "
        "ratio is to the baseline's requests per second over those segments. req/s is over "
        "all of a page's segments, p50 their mean and p99 the worst of them. Server CPU is "
        "the CPU time gunicorn's processes used per request (from /proc): less sensitive than "
        "requests per second to what else the machine is doing.",
    ]
    for run in runs:
        lines += [
            "",
            f"## {run.scale}× content",
            "",
            ", ".join(f"{n} {what}" for what, n in run.counts.items()) + ".",
            "Baseline, measured alternately with each page: "
            f"{min(m.rps for m in run.baseline.values()):.0f} to "
            f"{max(m.rps for m in run.baseline.values()):.0f} req/s, p50 "
            f"{min(m.p50_ms for m in run.baseline.values()):.1f} to "
            f"{max(m.p50_ms for m in run.baseline.values()):.1f} ms.",
            "",
            "| Page | Path | req/s | p50 ms | p99 ms | ratio to baseline | baseline req/s "
            "| baseline p99 ms | server CPU ms/request (baseline's) |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name in run.pages:
            m = run.pages[name]
            lines.append(
                f"| {PAGE_TITLES[name]} | `{run.paths[name]}` | {m.rps:.0f} | {m.p50_ms:.1f} "
                f"| {m.p99_ms:.1f} | {run.ratio(name):.2f} | {run.baseline[name].rps:.0f} "
                f"| {run.baseline[name].p99_ms:.1f} "
                f"| {m.server_cpu_ms:.2f} ({run.baseline[name].server_cpu_ms:.2f}) |"
            )
        for note in run.notes:
            lines.append(f"\nNote: {note}")
    if growth:
        first, last = runs[0].scale, runs[-1].scale
        lines += [
            "",
            f"## Latency growth, {last}× against {first}× content",
            "",
            "Both sizes are measured in alternate segments of the same run.",
            "",
            "| Page | p50 | p99 | mean | time per request (1/req/s) | server CPU per request |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, g in growth.items():
            lines.append(
                f"| {PAGE_TITLES[name]} | {g['p50']:.2f}× | {g['p99']:.2f}× | {g['mean']:.2f}× "
                f"| {g['rps']:.2f}× | {g['server_cpu']:.2f}× |"
            )
    lines += ["", "## Targets", "", "| Target | Content | Value | Holds |", "|---|---:|---:|---|"]
    for target in targets:
        lines.append(
            f"| {target['target']} | {target['scale']}× | {target['value']} "
            f"| {'yes' if target['holds'] else '**no**'} |"
        )
    return "\n".join(lines) + "\n"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="Seconds per page (10).")
    parser.add_argument("--warmup", type=int, default=2, help="Seconds of warm-up (2).")
    parser.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="Each page's time is split in this many segments, each after one of the "
        "baseline's (2).",
    )
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (16).")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2).")
    parser.add_argument(
        "--scales", default="1,50", help="Content sizes, comma-separated (default 1,50)."
    )
    parser.add_argument("--output", type=Path, default=OUTPUT, help="Results folder.")
    parser.add_argument(
        "--cache",
        choices=["redis", "locmem"],
        default="redis" if shutil.which("redis-server") else "locmem",
        help="The site's cache: a private Redis on loopback, as in production (the default "
        "when redis-server is installed), or local memory.",
    )
    parser.add_argument(
        "--database-dir",
        type=Path,
        default=Path("/dev/shm") if os.access("/dev/shm", os.W_OK) else OUTPUT,  # noqa: S108
        help="Where the temporary databases go (default: /dev/shm, in memory, when there is "
        "one: the write path is then measured without waiting for the disk).",
    )
    parser.add_argument(
        "--recycle-workers",
        action="store_true",
        help="Keep the config file's max_requests (by default the run turns it off).",
    )
    parser.add_argument(
        "--settings",
        default="stackadvisor.settings",
        help="The site's settings module (default stackadvisor.settings): another one, found "
        "on PYTHONPATH, measures a settings change before it is made.",
    )
    parser.add_argument(
        "--pages",
        default=",".join(PAGE_ORDER),
        help=f"Pages to measure, comma-separated (default: all of {','.join(PAGE_ORDER)}).",
    )
    args = parser.parse_args(argv)
    args.pages = [name for name in PAGE_ORDER if name in args.pages.split(",")]
    if not args.pages:
        parser.error(f"--pages names none of {', '.join(PAGE_ORDER)}.")
    args.scales = [int(scale) for scale in args.scales.split(",")]
    if args.scales[0] != 1 and len(args.scales) > 1:
        parser.error("The first content size is the reference; make it 1.")
    if not 0 < args.duration <= 120 or not 0 <= args.warmup <= 30 or not 1 <= args.rounds <= 10:
        parser.error("--duration must be in (0, 120] s, --warmup in [0, 30] s, --rounds 1-10.")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _exit_on_signal)
    if not shutil.which("wrk"):
        raise BenchError("wrk is not installed (Debian: apt-get install -y wrk; make bench does).")
    wrk_version = subprocess.run(  # noqa: S603 - fixed command
        [shutil.which("wrk"), "--version"], capture_output=True, text=True, timeout=10, check=False
    ).stdout.split("\n")[0]
    args.output.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now(datetime.UTC)
    stamp = started.strftime("%Y%m%d-%H%M%S")
    with (
        tempfile.TemporaryDirectory(prefix="run-", dir=args.output) as temporary,
        tempfile.TemporaryDirectory(prefix="stackadvisor-bench-", dir=args.database_dir) as db,
    ):
        work = Path(temporary)
        args.database_dir = Path(db)
        static_root = args.output / "staticfiles"
        secret_key = secrets.token_urlsafe(50)
        env = app_env(work / "collectstatic.sqlite3", static_root, secret_key)
        print("== collectstatic (manifest storage) into", static_root, flush=True)
        run_step(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "--clear", "-v", "0"],
            env,
            work / "setup.log",
            "collectstatic",
        )
        hello = hello_env(secrets.token_urlsafe(50))
        redis_url = ""
        if args.cache == "redis":
            _, redis_url = start_redis(work)
        meta = {
            "started": started.isoformat(timespec="seconds"),
            "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python "
            f"{platform.python_version()}",
            "wrk": {
                "version": wrk_version,
                "threads": args.threads,
                "connections": args.connections,
                "duration_s": args.duration,
                "warmup_s": args.warmup,
            },
            "gunicorn": {
                "source": f"{GUNICORN_CONFIG.relative_to(ROOT)} with command-line overrides"
                if GUNICORN_CONFIG.is_file()
                else "command-line flags only (no stackadvisor/gunicorn.conf.py)",
                "command": gunicorn_command("<app>", 0, Path("<log>"), args.recycle_workers)[1:],
                "settings": gunicorn_settings(
                    args, hello, "tests.bench.hello.wsgi", work / "print-config.log"
                ),
                "worker_recycling": "as configured"
                if args.recycle_workers
                else "off (--max-requests 0)",
            },
            "cache": "Redis (a private redis-server on loopback)"
            if redis_url
            else "local memory (per worker)",
            "database": f"SQLite (a temporary file in {args.database_dir.parent})",
            "settings": args.settings,
        }
        runs = []
        try:
            baseline, hello_port, hello_log = start_gunicorn(
                args, "tests.bench.hello.wsgi", hello, work, "baseline"
            )
            wait_until_up(hello_port, "/", baseline, hello_log)
            for scale in args.scales:
                runs.append(prepare_scale(args, scale, work, static_root, redis_url))
            measure_pages(args, runs, hello_port, baseline.pid, work)
        finally:
            PROCESSES.stop_all()
        for run in runs:
            run.notes.extend(_server_problems(run.log))
        growth, targets = evaluate(runs)
        report = {
            "meta": meta,
            "runs": [
                {
                    "scale": run.scale,
                    "counts": run.counts,
                    "paths": run.paths,
                    "pages": {
                        name: {
                            **m.as_dict(),
                            "baseline": run.baseline[name].as_dict(),
                            "ratio": run.ratio(name),
                        }
                        for name, m in run.pages.items()
                    },
                    "notes": run.notes,
                }
                for run in runs
            ],
            "growth": growth,
            "targets": targets,
        }
        markdown = markdown_report(meta, runs, growth, targets)
        for name in (f"bench-{stamp}", "latest"):
            (args.output / f"{name}.json").write_text(json.dumps(report, indent=2) + "\n")
            (args.output / f"{name}.md").write_text(markdown)
    print("\n" + markdown)
    print(f"Written: {args.output / f'bench-{stamp}.json'} and .md (also latest.json, latest.md)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        print(f"\nbench: {error}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
