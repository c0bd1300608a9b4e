"""Processes and requests of the benchmark, made safe to leave at any moment.

Every process started here runs in a process group of its own and is stopped (with its
children, such as gunicorn's workers) at exit, on failure, on Ctrl-C and on SIGTERM; every
command has a time limit; requests go to the loopback address only.
"""

from __future__ import annotations

import atexit
import contextlib
import http.client
import ipaddress
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"
STEP_TIMEOUT = 900  # seconds for one setup command (migrate, loaddata, collectstatic…)
START_TIMEOUT = 90  # seconds for a server to answer its first request
HTTP_TIMEOUT = 30  # seconds for one request made by the benchmark itself


class BenchError(RuntimeError):
    """The benchmark cannot go on; the message says why."""


def loopback_url(port: int, path: str = "/") -> str:
    """The only way addresses are made here: HOST must be a loopback address."""
    if not ipaddress.ip_address(HOST).is_loopback:
        raise BenchError(f"Refusing to target {HOST}: the benchmark only targets loopback.")
    if not path.startswith("/"):
        raise BenchError(f"Not a path on this server: {path!r}")
    return f"http://{HOST}:{port}{path}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class _Started:
    """The processes started and not yet stopped."""

    def __init__(self) -> None:
        self.running: list[subprocess.Popen] = []

    def start(self, command: list[str], cwd: Path, env: dict, out: Path, err: Path):
        with out.open("ab") as stdout, err.open("ab") as stderr:
            process = subprocess.Popen(  # noqa: S603 - fixed argument lists, no shell
                command,
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=stdout,
                stderr=stderr,
                start_new_session=True,  # a process group of its own, workers included
            )
        self.running.append(process)
        return process

    def stop(self, process: subprocess.Popen, grace: float = 10.0) -> None:
        if process.poll() is None:
            _signal_group(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                _signal_group(process.pid, signal.SIGKILL)
                process.wait(timeout=grace)
        _signal_group(process.pid, signal.SIGKILL)  # workers left by a master that died first
        if process in self.running:
            self.running.remove(process)

    def stop_all(self) -> None:
        for process in reversed(list(self.running)):
            self.stop(process)


def _signal_group(group: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, signum)


STARTED = _Started()
atexit.register(STARTED.stop_all)


def exit_on_signals() -> None:
    """SIGTERM and SIGHUP end the run as Ctrl-C does: through every `finally`, then atexit."""

    def leave(signum, frame):
        raise SystemExit(128 + signum)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, leave)


def run_step(command: list[str], cwd: Path, env: dict, log: Path, timeout=STEP_TIMEOUT) -> str:
    """Run a command to completion within `timeout` seconds; its output, or BenchError."""
    try:
        done = subprocess.run(  # noqa: S603 - fixed argument lists, no shell
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            start_new_session=True,
        )
    except subprocess.TimeoutExpired as error:
        raise BenchError(f"{' '.join(command)} took longer than {timeout} s") from error
    with log.open("a") as out:
        out.write(f"$ {' '.join(command)}\n{done.stdout}{done.stderr}\n")
    if done.returncode:
        raise BenchError(
            f"{' '.join(command)} failed (exit {done.returncode}):\n{done.stderr[-3000:]}"
        )
    return done.stdout


def tail(path: Path, lines: int = 30) -> str:
    with contextlib.suppress(OSError):
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    return ""


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
            raise BenchError(f"The server stopped (exit {process.returncode}):\n{tail(log)}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            if request(port, "GET", path).status == 200:
                return
        time.sleep(0.2)
    raise BenchError(f"No answer on port {port} within {START_TIMEOUT} s:\n{tail(log)}")


def group_cpu_seconds(group: int) -> float:
    """CPU time (user + system) used so far by a process group: its live processes, and the
    children they have waited for (gunicorn's master reaps its workers)."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == group:  # pgrp
                ticks += sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    return ticks / os.sysconf("SC_CLK_TCK")
