"""Where a questionnaire submission's time goes, stage by stage, at each content size.

    python -m tests.bench.post_stages [--scales 1,50] [--rounds 15] [--calls 200]

The load benchmark (tests.bench.run) measures POST /advisor/ as a whole, under gunicorn and
wrk. This sends the same valid submission, with the same content (a database migrated and
loaded as the load benchmark's, then multiplied by `manage.py make_synthetic_content`),
through the site's WSGI handler in one process, and times the stages of each request from
inside: the functions below are wrapped by timers while it runs.

- reading the form body (stackadvisor.handler.parse_form_body);
- validating the answers (questionnaire.forms.plainly_valid_submission);
- resolving the answers and ranking the frameworks (questionnaire.scoring.Scorer's
  resolve_and_score, what-would-change aside);
- what would change the winner (questionnaire.scoring.changes.answer_changes);
- building the stored record (questionnaire.presentation.build_record);
- writing the row (Submission.objects.add);
- the rest: Django's handler and middleware, the CSRF check, reading the content, the redirect.

Requests run in --rounds rounds of --calls, with the garbage collector set up as in the site's
gunicorn workers (stackadvisor/gunicorn.conf.py); the median over rounds of the time per
request is reported, in µs, and how it grows from the first content size to the last. This
is the profile behind the load benchmark's POST figures: the CPU time of the same request
under load is higher (two workers and wrk share two cores), but its parts weigh about the
same. Results go to var/bench/ (git-ignored) as post-stages-<time>.json and .md, and
post-stages-latest.json and .md.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import io
import json
import os
import platform
import runpy
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from tests.bench.run import OUTPUT, ROOT, app_env, prepare_database

# (key, what the report calls it); "ranking" and "changes" are parts of one scoring call.
STAGES = (
    ("parse", "Reading the form body"),
    ("validate", "Validating the answers"),
    ("ranking", "Ranking the frameworks"),
    ("changes", "What would change the winner"),
    ("record", "Building the record"),
    ("insert", "Writing the row (INSERT)"),
    ("rest", "The rest: middleware, CSRF check, reading the content, redirect"),
    ("request", "The whole request, in-process"),
)
# Requests before timing: the content read and cached, every path taken once.
WARM_UP_REQUESTS = 20


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scales", default="1,50", help="Content sizes, comma-separated (default 1,50)."
    )
    parser.add_argument("--rounds", type=int, default=15, help="Rounds of requests (15).")
    parser.add_argument("--calls", type=int, default=200, help="Requests per round (200).")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="Results folder.")
    # Internal: time the stages inside the site's environment (see main).
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.scales = [int(scale) for scale in args.scales.split(",")]
    if args.scales[0] != 1 and len(args.scales) > 1:
        parser.error("The first content size is the reference; make it 1.")
    if not 1 <= args.rounds <= 100 or not 1 <= args.calls <= 10_000:
        parser.error("--rounds must be 1-100 and --calls 1-10000.")
    return args


class StageTimes:
    """Time spent in some of the site's functions while requests run: each is replaced by a
    wrapper that adds up its own time, until ``restore``."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._replaced: list[tuple[object, str, object]] = []

    def wrap(self, owner, name: str, stage: str) -> None:
        function = getattr(owner, name)
        seconds = self.seconds
        seconds[stage] = 0.0
        clock = time.perf_counter

        def timed(*args, **kwargs):
            started = clock()
            try:
                return function(*args, **kwargs)
            finally:
                seconds[stage] += clock() - started

        self._replaced.append((owner, name, function))
        setattr(owner, name, timed)

    def reset(self) -> None:
        for stage in self.seconds:
            self.seconds[stage] = 0.0

    def restore(self) -> None:
        for owner, name, function in reversed(self._replaced):
            setattr(owner, name, function)


def measure(answers: dict[str, list[str]], rounds: int, calls: int) -> dict[str, float]:
    """Median µs per request of each stage; runs inside the site's environment."""
    import django

    django.setup()

    from django.http import HttpRequest
    from django.middleware.csrf import get_token

    from questionnaire import presentation, scoring, views
    from questionnaire.models import SubmissionManager
    from questionnaire.scoring import changes
    from stackadvisor import handler
    from stackadvisor.wsgi import application

    # A CSRF cookie and a form token that matches it, as a visitor's browser sends them.
    token_request = HttpRequest()
    form_token = get_token(token_request)
    cookie = f"csrftoken={token_request.META['CSRF_COOKIE']}"
    fields = [("csrfmiddlewaretoken", form_token)]
    fields += [(name, value) for name, values in answers.items() for value in values]
    body = urllib.parse.urlencode(fields).encode()

    def post() -> None:
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/advisor/",
            "SCRIPT_NAME": "",
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_COOKIE": cookie,
            "HTTP_REFERER": "http://127.0.0.1/advisor/",
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body),
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
        }
        statuses = []
        response = application(environ, lambda status, *_: statuses.append(status))
        b"".join(response)
        response.close()
        if not statuses[0].startswith("303"):
            raise RuntimeError(f"POST /advisor/ answered {statuses[0]}, not 303")

    for _ in range(WARM_UP_REQUESTS):
        post()
    # The garbage collector as a gunicorn worker of the site sets it up once loaded (and as
    # it was afterwards, for a caller that goes on).
    threshold, frozen = gc.get_threshold(), gc.get_freeze_count()
    gunicorn_config = runpy.run_path(str(ROOT / "stackadvisor" / "gunicorn.conf.py"))
    gunicorn_config["post_worker_init"](None)

    times = StageTimes()
    times.wrap(handler, "parse_form_body", "parse")
    times.wrap(views, "plainly_valid_submission", "validate")
    times.wrap(scoring.Scorer, "resolve_and_score", "scoring")
    times.wrap(changes, "answer_changes", "changes")
    times.wrap(presentation, "build_record", "record")
    times.wrap(SubmissionManager, "add", "insert")
    per_round: dict[str, list[float]] = {key: [] for key, _ in STAGES}
    try:
        for _ in range(rounds):
            times.reset()
            started = time.perf_counter()
            for _ in range(calls):
                post()
            elapsed = time.perf_counter() - started
            spent = {stage: seconds / calls * 1e6 for stage, seconds in times.seconds.items()}
            request = elapsed / calls * 1e6
            figures = {
                "parse": spent["parse"],
                "validate": spent["validate"],
                "ranking": spent["scoring"] - spent["changes"],
                "changes": spent["changes"],
                "record": spent["record"],
                "insert": spent["insert"],
                "rest": request
                - spent["parse"]
                - spent["validate"]
                - spent["scoring"]
                - spent["record"]
                - spent["insert"],
                "request": request,
            }
            for key, value in figures.items():
                per_round[key].append(value)
    finally:
        times.restore()
        if not frozen:
            gc.unfreeze()
        gc.set_threshold(*threshold)
    return {key: statistics.median(values) for key, values in per_round.items()}


def measure_scale(args, scale: int, work: Path) -> dict:
    """A database with `scale` times the starting content, and its stages' times."""
    directory = work / f"scale-{scale}"
    directory.mkdir()
    env = app_env(directory / "db.sqlite3", work / "static", secrets.token_urlsafe(50))
    targets = prepare_database(scale, directory, env, directory / "setup.log")
    answers_file = directory / "answers.json"
    answers_file.write_text(json.dumps(targets["answers"]))
    command = [
        sys.executable,
        "-m",
        "tests.bench.post_stages",
        "--measure",
        str(answers_file),
        "--rounds",
        str(args.rounds),
        "--calls",
        str(args.calls),
    ]
    completed = subprocess.run(  # noqa: S603 - our own module, fixed arguments
        command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=1800, check=False
    )
    if completed.returncode:
        raise SystemExit(f"Timing the {scale}× stages failed:\n{completed.stderr[-3000:]}")
    return {"scale": scale, "counts": targets["counts"], "stages": json.loads(completed.stdout)}


def markdown_report(meta: dict, runs: list[dict]) -> str:
    first, last = runs[0], runs[-1]
    header = "| Stage | " + " | ".join(f"{run['scale']}× µs" for run in runs)
    rule = "|---|" + "---:|" * len(runs)
    if len(runs) > 1:
        header += (
            f" | growth {last['scale']}× / {first['scale']}× "
            f"| share of the {last['scale']}× request"
        )
        rule += "---:|---:|"
    lines = [
        "# Questionnaire submission, stage by stage",
        "",
        f"{meta['started']} · {meta['machine']} · {meta['rounds']} rounds of {meta['calls']} "
        "valid submissions through the site's WSGI handler in one process, each stage timed "
        "from inside; median per request over the rounds.",
        "",
        "Content: "
        + "; ".join(
            f"{run['scale']}×: "
            + ", ".join(f"{count} {what}" for what, count in run["counts"].items())
            for run in runs
        )
        + ".",
        "",
        header + " |",
        rule,
    ]
    for key, label in STAGES:
        cells = [f"{run['stages'][key]:.1f}" for run in runs]
        if len(runs) > 1:
            before, after = first["stages"][key], last["stages"][key]
            cells.append(f"{after / before:.2f}×" if before > 0 else "–")
            cells.append(f"{after / last['stages']['request']:.0%}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.measure is not None:
        answers = json.loads(args.measure.read_text())
        print(json.dumps(measure(answers, args.rounds, args.calls)))
        return 0
    args.output.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now(datetime.UTC)
    meta = {
        "started": started.isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}",
        "rounds": args.rounds,
        "calls": args.calls,
    }
    # In memory when there is /dev/shm, as the load benchmark's databases.
    temporary_root = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None  # noqa: S108
    with tempfile.TemporaryDirectory(prefix="stackadvisor-stages-", dir=temporary_root) as work:
        runs = []
        for scale in args.scales:
            print(f"== {scale}× content", flush=True)
            runs.append(measure_scale(args, scale, Path(work)))
    report = markdown_report(meta, runs)
    print(report)
    stamp = started.strftime("%Y%m%d-%H%M%S")
    for name in (f"post-stages-{stamp}", "post-stages-latest"):
        (args.output / f"{name}.json").write_text(
            json.dumps({"meta": meta, "runs": runs}, indent=2) + "\n"
        )
        (args.output / f"{name}.md").write_text(report)
    print(f"Written: {args.output / f'post-stages-{stamp}'}.json and .md (also post-stages-latest)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
