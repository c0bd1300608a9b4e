"""wrk: the request scripts it runs, its runs, and what they measured."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

from tests.bench.processes import BenchError, group_cpu_seconds, loopback_url

# Every request, to the site and to the baseline, says which compressed responses it takes,
# as a browser's does.
BROWSER_HEADERS = {"Accept-Encoding": "gzip, deflate, br, zstd"}

# Printed by wrk at the end of a run: the figures, as one line of JSON.
DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests":%d,"duration_us":%d,'
    .. '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},'
    .. '"p50_us":%d,"p99_us":%d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""
_SAFE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.=&%;/:, ")


def lua_string(text: str) -> str:
    """A Lua string literal: all but a few plain characters as decimal escapes of their
    UTF-8 bytes."""
    return '"' + "".join(chr(b) if chr(b) in _SAFE else f"\\{b:03d}" for b in text.encode()) + '"'


def script(path: Path, method: str = "GET", body: str = "", headers=None) -> Path:
    lines = [f"wrk.method = {lua_string(method)}"]
    if body:
        lines.append(f"wrk.body = {lua_string(body)}")
    for name, value in {**BROWSER_HEADERS, **(headers or {})}.items():
        lines.append(f"wrk.headers[{lua_string(name)}] = {lua_string(value)}")
    path.write_text("\n".join(lines) + "\n" + DONE)
    return path


@dataclass
class Measurement:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    bad_status: int  # responses that were neither 2xx nor 3xx
    socket_errors: int  # connect, read, write errors and time-outs
    cpu_ms: float  # CPU time of the server's processes per request

    def as_dict(self) -> dict:
        return asdict(self)


def parse(output: str, cpu_seconds: float = 0.0) -> Measurement:
    """The figures of wrk's output (printed by DONE)."""
    match = re.search(r"^BENCH-JSON (\{.*\})$", output, re.MULTILINE)
    if not match:
        raise BenchError(f"wrk printed no figures:\n{output[-2000:]}")
    data = json.loads(match.group(1))
    requests, errors = data["requests"], data["errors"]
    return Measurement(
        rps=requests / (data["duration_us"] / 1e6),
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        requests=requests,
        bad_status=errors["status"],
        socket_errors=sum(count for kind, count in errors.items() if kind != "status"),
        cpu_ms=1000 * cpu_seconds / max(1, requests),
    )


def combine(parts: list[Measurement]) -> Measurement:
    """Segments of one measurement as one: requests per second over their whole time, the
    mean of their medians and the worst of their 99th percentiles."""
    requests = sum(part.requests for part in parts)
    seconds = sum(part.requests / part.rps for part in parts if part.rps)
    return Measurement(
        rps=requests / seconds if seconds else 0.0,
        p50_ms=sum(part.p50_ms for part in parts) / len(parts),
        p99_ms=max(part.p99_ms for part in parts),
        requests=requests,
        bad_status=sum(part.bad_status for part in parts),
        socket_errors=sum(part.socket_errors for part in parts),
        cpu_ms=sum(part.cpu_ms * part.requests for part in parts) / max(1, requests),
    )


@dataclass(frozen=True)
class Load:
    """How wrk loads a server."""

    connections: int = 16
    threads: int = 2


def run(load: Load, port: int, path: str, lua: Path, seconds: int, group: int, log: Path):
    """wrk for `seconds` on one page of the server whose process group is `group`."""
    command = [
        shutil.which("wrk") or "wrk",
        f"-t{load.threads}",
        f"-c{load.connections}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
        "-s",
        str(lua),
        loopback_url(port, path),
    ]
    cpu_before = group_cpu_seconds(group)
    try:
        done = subprocess.run(  # noqa: S603 - fixed argument list, loopback address
            command, capture_output=True, text=True, timeout=seconds + 30, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise BenchError(f"wrk did not finish within {seconds + 30} s on {path}") from error
    cpu = group_cpu_seconds(group) - cpu_before
    with log.open("a") as out:
        out.write(f"$ {' '.join(command)}\n{done.stdout}{done.stderr}\n")
    if done.returncode:
        raise BenchError(f"wrk failed on {path}:\n{done.stdout}\n{done.stderr}")
    return parse(done.stdout, cpu)
