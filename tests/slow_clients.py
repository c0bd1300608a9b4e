"""Slow clients against the site: how normal visitors fare while some connections send their
requests a byte at a time.

    python -m tests.slow_clients [--setups gunicorn,threads,nginx] [--slow 0,5,20]
                                 [--kinds header,body] [--duration 30] [--help]

The site runs as production runs it: gunicorn with stackadvisor/gunicorn.conf.py (DEBUG off, a
throwaway secret key, static files collected, a temporary SQLite database migrated and loaded
with the starting content), on a free loopback port. The setups:

- gunicorn: gunicorn as stackadvisor/gunicorn.conf.py configures it (synchronous workers);
- threads: the same with GUNICORN_THREADS=4 (threaded workers);
- nginx, nginx-threads: docs/nginx.conf in front of either (nginx in a prefix folder of its own,
  on another free loopback port). All clients come from 127.0.0.1, so its per-address
  limits are left out: what is measured is the buffering and the timeouts.

For each number of slow clients, each kind (header: the request line and headers, a byte
every --interval seconds, never ending; body: a form post's headers at once, then its body a
byte at a time), the slow connections are opened, and --visitors threads then request GET /
one after the other for --duration seconds. A slow connection the server closes is opened
again at once, as an attacker's would be. Reported per row: the visitors' requests, their
latency (p50, p99, max, of those answered), the ones that timed out (--timeout) or failed,
how often and after how long the server closed a slow connection, and how many workers
gunicorn killed for silence meanwhile.

Only 127.0.0.1 is ever targeted; every process started here is stopped at the end, on
failure and on Ctrl-C too.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import secrets
import select
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests import nginx
from tests.processes import REPO_ROOT, free_port, manage, production_env

HOST = "127.0.0.1"
# What GUNICORN_THREADS=4 makes of stackadvisor/gunicorn.conf.py.
THREADED = ["--worker-class", "gthread", "--threads", "4", "--worker-connections", "4"]
# name: (what it is, gunicorn's command-line overrides, behind nginx)
SETUPS = {
    "gunicorn": ("gunicorn as configured (sync workers)", [], False),
    "threads": ("gunicorn with 4 threads per worker", THREADED, False),
    "nginx": ("nginx + gunicorn as configured", [], True),
    "nginx-threads": ("nginx + gunicorn with 4 threads per worker", THREADED, True),
}
HEADER_START = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow-client\r\nX-Padding: "
# A form post whose body never ends: a CSRF cookie, so that Django reads the body for the
# token instead of refusing the post at once, and a length under the site's 64 KB limit.
BODY_HEADERS = (
    b"POST /advisor/ HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow-client\r\n"
    b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 60000\r\n"
    b"Cookie: csrftoken=" + secrets.token_hex(16).encode() + b"\r\n\r\n"
)


def _exit_on_signal(signum, frame):
    raise SystemExit(128 + signum)  # unwinds through every finally


class Processes:
    """Servers, each in a process group of its own (its workers with it), all stopped."""

    def __init__(self) -> None:
        self.running: list[subprocess.Popen] = []

    def start(self, args: list[str], env: dict, log: Path) -> subprocess.Popen:
        with log.open("ab") as output:
            # A process group of its own: stopped together with its workers.
            process = subprocess.Popen(  # noqa: S603 - fixed argument lists, no shell
                args, cwd=REPO_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=output,
                stderr=subprocess.STDOUT, start_new_session=True
            )  # fmt: skip
        self.running.append(process)
        return process

    def stop_all(self) -> None:
        for process in reversed(self.running):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=15)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)
        self.running.clear()


def get(port: int, path: str = "/", timeout: float = 10) -> int:
    """One visitor's request on a new connection; the status."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def wait_until_up(port: int, process: subprocess.Popen, log: Path, seconds=60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"A server stopped (exit {process.returncode}):\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            if get(port, "/healthz", timeout=5) == 200:
                return
        time.sleep(0.3)
    sys.exit(f"No answer on port {port} within {seconds} s:\n{log.read_text()[-3000:]}")


# --- slow clients ------------------------------------------------------------------------


@dataclass
class SlowClients:
    """``count`` connections, each sent one more byte every ``interval`` seconds, from one
    thread; reopened whenever the server closes one (or answers: it then closes it too)."""

    port: int
    count: int
    kind: str
    interval: float
    cut_after: list[float] = field(default_factory=list)  # seconds each closed one lived

    def __post_init__(self):
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._slots: list[list] = [[None, 0.0, 0] for _ in range(self.count)]  # sock, opened, sent

    def __enter__(self) -> SlowClients:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        for sock, *_ in self._slots:
            if sock is not None:
                sock.close()

    def _next_bytes(self, sent: int) -> bytes:
        if self.kind == "body":
            return BODY_HEADERS if sent == 0 else b"a"
        return HEADER_START[sent : sent + 1] or b"a"

    def _tick(self, slot: list) -> None:
        sock, opened, sent = slot
        # Readable: an answer or the end; either way the server is done with this one.
        if sock is not None and select.select([sock], [], [], 0)[0]:
            sock = self._closed(sock, opened)
        try:
            if sock is None:
                sock = socket.create_connection((HOST, self.port), timeout=2)
                opened, sent = time.monotonic(), 0
            data = self._next_bytes(sent)
            sock.sendall(data)
            sent += len(data)
        except OSError:  # refused (tried again next time), or closed by the server
            if sock is not None:
                sock = self._closed(sock, opened)
        slot[:] = [sock, opened, sent]

    def _closed(self, sock: socket.socket, opened: float) -> None:
        self.cut_after.append(time.monotonic() - opened)
        sock.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            for slot in self._slots:
                self._tick(slot)
            self._stop.wait(self.interval)


# --- visitors and the table --------------------------------------------------------------

HEADINGS = ["setup", "slow", "kind", "requests", "p50 ms", "p99 ms", "max ms", "timeouts"]
HEADINGS += ["failed", "slow conns closed (median age)", "worker kills"]


@dataclass
class Row:
    setup: str
    slow: int
    kind: str
    latencies: list[float] = field(default_factory=list)  # seconds, of answered requests
    timeouts: int = 0
    errors: int = 0  # connections refused or reset
    failed: int = 0  # those, and answers with a status of 400 or more
    cut_after: list[float] = field(default_factory=list)
    worker_kills: int = 0

    def cells(self) -> list[str]:
        answered = sorted(self.latencies) or [None]
        shares = (0.5, 0.99, 1.0)
        figures = [answered[min(len(answered) - 1, int(s * len(answered)))] for s in shares]
        cut = f"{len(self.cut_after)} ({statistics.median(self.cut_after or [0]):.0f} s)"
        return [
            self.setup,
            str(self.slow),
            self.kind if self.slow else "–",
            str(len(self.latencies) + self.timeouts + self.errors),
            *("–" if seconds is None else f"{seconds * 1000:.0f}" for seconds in figures),
            str(self.timeouts),
            str(self.failed),
            cut if self.cut_after else "0",
            str(self.worker_kills),
        ]


def visit(port: int, until: float, timeout: float, row: Row, lock: threading.Lock) -> None:
    while time.monotonic() < until:
        started = time.monotonic()
        try:
            status = get(port, "/", timeout=timeout)
        except TimeoutError:
            status = "timeout"
        except (OSError, http.client.HTTPException):
            status = "failed"
        with lock:
            if status == "timeout":
                row.timeouts += 1
            elif status == "failed":
                row.errors += 1
                row.failed += 1
            else:
                row.latencies.append(time.monotonic() - started)
                row.failed += status >= 400
        time.sleep(0.05)  # a visitor reads the page a moment


def measure(args, row: Row, port: int, gunicorn_log: Path) -> Row:
    kills_before = gunicorn_log.read_text().count("WORKER TIMEOUT")
    slow = SlowClients(port, row.slow, row.kind, args.interval)
    with slow:
        time.sleep(args.ramp if row.slow else 0)  # the slow clients take their places first
        lock = threading.Lock()
        until = time.monotonic() + args.duration
        visitors = [
            threading.Thread(target=visit, args=(port, until, args.timeout, row, lock), daemon=True)
            for _ in range(args.visitors)
        ]
        for thread in visitors:
            thread.start()
        for thread in visitors:
            thread.join()
    row.cut_after = slow.cut_after
    row.worker_kills = gunicorn_log.read_text().count("WORKER TIMEOUT") - kills_before
    return row


def settle(port: int, seconds: float = 90) -> None:
    """Until the site answers again (sync workers may still be stuck on a closed client)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, http.client.HTTPException):
            if get(port, "/", timeout=5) == 200:
                return
        time.sleep(0.5)


def print_table(rows: list[Row]) -> None:
    table = [HEADINGS, *(row.cells() for row in rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(HEADINGS))]
    for number, line in enumerate(table):
        print("| " + " | ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)) + " |")
        if number == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")


# --- servers -----------------------------------------------------------------------------


def prepare_site(work: Path) -> dict[str, str]:
    env = production_env(
        DATABASE_URL=f"sqlite:///{work / 'site.sqlite3'}",
        DJANGO_STATIC_ROOT=str(work / "staticfiles"),
    )
    print("== collectstatic, migrate, load_starting_content", flush=True)
    manage("collectstatic", "--no-input", "-v", "0", env=env)
    manage("migrate", "--no-input", "-v", "0", env=env)
    manage("load_starting_content", env=env)
    return env


def start_setup(args, name: str, env: dict, work: Path, processes: Processes):
    """The setup's servers; the port its visitors use, and gunicorn's log."""
    _, overrides, behind_nginx = SETUPS[name]
    port = free_port()
    log = work / f"gunicorn-{name}.log"
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", "stackadvisor/gunicorn.conf.py"]
    command = [*gunicorn, *overrides, *shlex.split(args.gunicorn_args), "stackadvisor.wsgi"]
    server = processes.start(command, {**env, "GUNICORN_BIND": f"{HOST}:{port}"}, log)
    wait_until_up(port, server, log)
    if not behind_nginx:
        return port, log
    prefix = work / f"nginx-{name}"
    front = free_port()
    nginx.write_prefix(prefix, f"{HOST}:{port}", listen=f"{HOST}:{front}", limits=False)
    proxy = processes.start(nginx.command(args.nginx, prefix), env, prefix / "output.log")
    wait_until_up(front, proxy, prefix / "error.log")
    return front, log


def run(args, rows: list[Row]) -> None:
    processes = Processes()
    scratch = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None  # noqa: S108
    with tempfile.TemporaryDirectory(prefix="slow-clients-", dir=scratch) as temporary:
        work = Path(temporary)
        env = prepare_site(work)
        try:
            for name in args.setups:
                print(f"== {name}: {SETUPS[name][0]}", flush=True)
                port, log = start_setup(args, name, env, work, processes)
                for count, kind in args.rows:
                    rows.append(measure(args, Row(name, count, kind), port, log))
                    print_table(rows[-1:])
                    settle(port)
                processes.stop_all()
        finally:
            processes.stop_all()


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--setups", default="gunicorn,threads,nginx", help="Of: " + ",".join(SETUPS)
    )
    parser.add_argument("--slow", default="0,5,20", help="Numbers of slow clients (0,5,20).")
    parser.add_argument("--kinds", default="header,body", help="header, body or both.")
    parser.add_argument("--duration", type=float, default=30, help="Seconds per row (30).")
    parser.add_argument("--visitors", type=int, default=4, help="Visitor threads (4).")
    parser.add_argument("--timeout", type=float, default=10, help="A visitor's limit (10 s).")
    parser.add_argument("--interval", type=float, default=2, help="Seconds between bytes (2).")
    parser.add_argument("--ramp", type=float, default=3, help="Slow clients' head start (3 s).")
    parser.add_argument(
        "--gunicorn-args", default="", help='More gunicorn options, e.g. "--threads 8".'
    )
    args = parser.parse_args(argv)
    args.setups = args.setups.split(",")
    unknown = set(args.setups) - set(SETUPS)
    kinds = args.kinds.split(",")
    if unknown or set(kinds) - {"header", "body"}:
        parser.error(f"Unknown setups or kinds: {sorted(unknown) or kinds}.")
    counts = [int(n) for n in args.slow.split(",")]
    args.rows = [(n, kind) for n in counts for kind in (kinds if n else ["–"])]
    if not 0 < args.duration <= 120 or not 1 <= args.visitors <= 32:
        parser.error("--duration must be in (0, 120] s and --visitors in 1-32.")
    args.nginx = nginx.nginx_binary()
    if any(SETUPS[name][2] for name in args.setups) and not args.nginx:
        parser.error("The nginx setups need nginx (Debian: apt-get install -y nginx).")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _exit_on_signal)
    signal.signal(signal.SIGHUP, _exit_on_signal)
    rows: list[Row] = []
    try:
        run(args, rows)
    finally:  # what was measured, also when interrupted
        print(
            f"\n{args.visitors} visitors, each GET / on a new connection, then 50 ms of pause, "
            f"for {args.duration:g} s (timeout {args.timeout:g} s); slow clients send a byte "
            f"every {args.interval:g} s, from {args.ramp:g} s before. "
            + "; ".join(f"{name}: {SETUPS[name][0]}" for name in args.setups)
            + (f"; gunicorn also given {args.gunicorn_args!r}" if args.gunicorn_args else "")
            + ".\n"
        )
        print_table(rows)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
