"""Load benchmark: two versions of the site under gunicorn, beside bare Django, driven by wrk.

    python -m tests.bench.run [--base COMMIT] [--duration 3] [--sizes starting,catalogue] …

For each code version (the working tree, and --base checked out in a temporary git worktree)
and each content size (the starting content; a catalogue of 200 frameworks × 40 criteria × 30
questions), the site runs under gunicorn with production settings and the version's own
gunicorn.conf.py (2 workers), on a fresh PostgreSQL database migrated by that version and
holding the same content, with Redis as its cache. Bare Django (tests/bench/hello) runs under
each version's gunicorn settings too. Every page is measured in segments, each right after a
segment of bare Django, the versions in turn, so that all see the same moments of a shared
machine. Reported: requests per second, the ratio to bare Django and to BASE, p50 and p99
latency, responses that were neither 2xx nor 3xx, and the budget (see report.py).

Only loopback is targeted; every step has a time limit; every process started runs in a
process group of its own, stopped at the end, on failure and on Ctrl-C. Results: var/bench/.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import platform
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.bench import content, report, servers, wrk
from tests.bench.processes import STARTED, BenchError, exit_on_signals

OUTPUT = servers.ROOT / "var" / "bench"


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="", help="The commit to compare the working tree with.")
    parser.add_argument("--duration", type=int, default=3, help="Seconds per segment (3).")
    parser.add_argument("--rounds", type=int, default=3, help="Segments per page and version (3).")
    parser.add_argument("--warmup", type=int, default=2, help="Seconds of warm-up per page (2).")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (16).")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2).")
    parser.add_argument("--sizes", default=",".join(content.SIZES), help="Content sizes.")
    parser.add_argument("--pages", default=",".join(content.PAGES), help="Pages to measure.")
    parser.add_argument(
        "--postgres",
        default="postgres://postgres@127.0.0.1:5432/postgres",
        help="A PostgreSQL server on loopback where the run may create databases bench_*.",
    )
    parser.add_argument("--output", type=Path, default=OUTPUT, help="Results folder.")
    args = parser.parse_args(argv)
    args.sizes = [size for size in content.SIZES if size in args.sizes.split(",")]
    args.pages = [page for page in content.PAGES if page in args.pages.split(",")]
    if not args.sizes or not args.pages:
        parser.error(f"Sizes: {', '.join(content.SIZES)}; pages: {', '.join(content.PAGES)}.")
    if not (0 < args.duration <= 60 and 1 <= args.rounds <= 10 and 0 <= args.warmup <= 30):
        parser.error("--duration must be 1-60 s, --rounds 1-10, --warmup 0-30 s.")
    return args


@dataclass
class Baseline:
    server: servers.Server
    lua: Path


def segment(args, server: servers.Server, path: str, lua: Path, log: Path, seconds: int = 0):
    load = wrk.Load(args.connections, args.threads)
    seconds = seconds or args.duration
    return wrk.run(load, server.port, path, lua, seconds, server.group, log)


def measure_page(args, size: str, page: str, sites: list, baselines: dict, log: Path):
    """Every site's rows for one page: warmed up, then measured in rounds of segments, each
    right after one of bare Django's under the same version's gunicorn settings."""
    for site in sites:
        if args.warmup:
            segment(args, site.server, site.paths[page], site.scripts[page], log, args.warmup)
    parts = {site.version.label: ([], []) for site in sites}
    for turn in range(args.rounds):
        for site in sites if turn % 2 == 0 else sites[::-1]:  # each version first in turn
            bare = baselines[site.version.label]
            measured, beside = parts[site.version.label]
            beside.append(segment(args, bare.server, "/", bare.lua, log))
            measured.append(segment(args, site.server, site.paths[page], site.scripts[page], log))
    rows = []
    for site in sites:
        measured, beside = parts[site.version.label]
        row = report.Row(
            size,
            page,
            site.version.label,
            site.paths[page],
            wrk.combine(measured),
            wrk.combine(beside),
        )
        rows.append(row)
        m = row.site
        print(
            f"   {row.version:4} {m.rps:7.0f} req/s  {row.to_baseline:4.2f} × bare Django"
            f"  p50 {m.p50_ms:5.1f} ms  p99 {m.p99_ms:6.1f} ms  non-2xx/3xx {m.bad_status}"
            f"  CPU {m.cpu_ms:.2f} ms/req",
            flush=True,
        )
    return rows


def measure_size(args, size: str, versions: list, setup, baselines: dict, log: Path):
    """Every page at one content size: (rows, what the content holds, server problems)."""
    print(f"== {size} content: databases, content and servers", flush=True)
    sites, counts = content.prepare(size, versions, setup)
    print("   " + report.counted(counts), flush=True)
    try:
        rows = []
        for page in args.pages:
            print(f"== {size} content, {content.TITLES[page]}", flush=True)
            rows += measure_page(args, size, page, sites, baselines, log)
    finally:
        for site in sites:
            STARTED.stop(site.server.process)
    return rows, counts, [problem for site in sites for problem in site.server.problems()]


def describe(args, versions: list, work: Path) -> dict:
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "versions": {version.label: version.name for version in versions},
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}",
        "wrk": f"{args.threads} threads, {args.connections} connections, {args.rounds} × "
        f"{args.duration} s per page and version (after {args.warmup} s of warm-up)",
        "gunicorn": {v.label: servers.gunicorn_settings(v, work) for v in versions},
        "content": {},
        "notes": [],
    }


def run(args, work: Path, cleanup: contextlib.ExitStack) -> tuple[list, dict]:
    versions = []
    if args.base:
        print(f"== checking out {args.base}", flush=True)
        versions.append(servers.check_out(args.base, work))
        cleanup.callback(servers.remove, versions[0])
    versions.append(servers.working_tree())
    print("== static files, Redis and bare Django", flush=True)
    static_roots = {version.label: servers.collectstatic(version, work) for version in versions}
    databases = content.Databases(args.postgres)
    cleanup.callback(databases.drop_all)
    cleanup.callback(STARTED.stop_all)  # before the databases are dropped
    setup = content.Setup(work, databases, servers.start_redis(work), static_roots)
    log = work / "wrk.log"
    baselines = {}
    for version in versions:
        server = servers.start_baseline(version, work)
        baselines[version.label] = Baseline(server, wrk.script(work / f"{server.name}.lua"))
        if args.warmup:
            segment(args, server, "/", baselines[version.label].lua, log, args.warmup)
    meta = describe(args, versions, work)
    rows = []
    for size in args.sizes:
        size_rows, counts, problems = measure_size(args, size, versions, setup, baselines, log)
        rows += size_rows
        meta["content"][size] = counts
        meta["notes"] += problems
    return rows, meta


def main(argv=None) -> int:
    args = parse_args(argv)
    exit_on_signals()
    for tool in ("wrk", "redis-server"):
        if not shutil.which(tool):
            raise BenchError(f"{tool} is not installed (Debian: apt-get install -y {tool}).")
    args.output.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    work = Path(tempfile.mkdtemp(prefix=f"run-{stamp}-", dir=args.output))
    with contextlib.ExitStack() as cleanup:
        try:
            rows, meta = run(args, work, cleanup)
        except BaseException:
            print(f"\nbench: logs kept in {work}", file=sys.stderr)
            raise
    shutil.rmtree(work, ignore_errors=True)
    text = report.write(args.output, stamp, meta, rows, report.budget(rows))
    print("\n" + text)
    print(f"Written: {args.output / f'bench-{stamp}.md'} and .json (also latest.md, latest.json)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        print(f"\nbench: {error}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
