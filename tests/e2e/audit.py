"""Lighthouse scores of the public pages, served as in production: ``make audit``.

Run as ``python -m tests.e2e.audit [--preset desktop] [--fail-under 95] [PAGE ...]``.

1. Production-like settings: DEBUG off, a throwaway secret key, the manifest static storage
   (collectstatic into var/audit/static), a temporary SQLite database (migrate, the starting
   content, one result saved through the questionnaire form), no .env file.
2. gunicorn (stackadvisor/gunicorn.conf.py) on a free loopback port.
3. Lighthouse 12 (``make browser-tools``) with Chromium (CHROME_PATH, or chromium on the
   PATH) on each page: the four category scores per page, then every audit that cost a
   page points. Reports are kept in var/audit/lighthouse/.

Lighthouse's default is a mid-range phone on a throttled connection (``--preset desktop``
for a desktop). Scores move a little from run to run, performance most.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

from tests.e2e import tools
from tests.processes import Browser, Gunicorn, manage, production_env

CATEGORIES = [
    ("performance", "Performance"),
    ("accessibility", "Accessibility"),
    ("best-practices", "Best practices"),
    ("seo", "SEO"),
]
AUDIT_DIR = tools.ROOT / "var" / "audit"

# The visitor whose answers make the saved result (Django wins; the conditional question
# applies): question text prefix → answer label prefixes.
ANSWERS = {
    "Which language": ["Another language"],
    "How experienced": ["Beginners"],
    "What are you building": ["A full-featured web app"],
    "Will non-developers": ["Yes"],
    "What matters most": ["Security", "Structure"],
    "How large": ["Medium"],
}


class AuditError(RuntimeError):
    """The audit could not run to the end (its message says why)."""


class ChoiceFields(HTMLParser):
    """The questionnaire's answers as (question legend, field name, value, label)."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.inputs: dict[str, tuple[str, str, str]] = {}  # id → (legend, name, value)
        self.labels: dict[str, str] = {}  # input id → label text
        self.csrf_token = ""
        self._legend: list[str] | None = None
        self._current_legend = ""
        self._label_for: str | None = None
        self._label_text: list[str] = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "legend":
            self._legend = []
        elif tag == "input" and attributes.get("name") == "csrfmiddlewaretoken":
            self.csrf_token = attributes.get("value", "")
        elif tag == "input" and attributes.get("type") in {"radio", "checkbox"}:
            self.inputs[attributes["id"]] = (
                self._current_legend,
                attributes["name"],
                attributes["value"],
            )
        elif tag == "label" and attributes.get("for"):
            self._label_for, self._label_text = attributes["for"], []

    def handle_data(self, data):
        if self._legend is not None:
            self._legend.append(data)
        if self._label_for is not None:
            self._label_text.append(data)

    def handle_endtag(self, tag):
        if tag == "legend" and self._legend is not None:
            self._current_legend = " ".join("".join(self._legend).split())
            self._legend = None
        elif tag == "label" and self._label_for is not None:
            self.labels[self._label_for] = " ".join("".join(self._label_text).split())
            self._label_for = None

    def answers(self, wanted: dict[str, list[str]]) -> list[tuple[str, str]]:
        data = [("csrfmiddlewaretoken", self.csrf_token)]
        for question, labels in wanted.items():
            for label in labels:
                matches = [
                    (name, value)
                    for input_id, (legend, name, value) in self.inputs.items()
                    if legend.startswith(question)
                    and self.labels.get(input_id, "").startswith(label)
                ]
                if len(matches) != 1:
                    raise AuditError(f"{len(matches)} answers {label!r} to {question!r}")
                data.append(matches[0])
        return data


def save_result(base_url: str) -> str:
    """Answer the questionnaire as a visitor would (a plain POST); the result's token."""
    browser = Browser(base_url)
    form = browser.get("/advisor/")
    if form.status != 200:
        raise AuditError(f"/advisor/ answered {form.status}")
    result = browser.post("/advisor/", ChoiceFields(form.text).answers(ANSWERS))
    match = re.search(r"/results/([A-Za-z0-9_-]{22,43})/$", urllib.parse.urlsplit(result.url).path)
    if result.status != 200 or not match:
        raise AuditError(f"the questionnaire did not lead to a result ({result.status})")
    return match.group(1)


# Lighthouse now and then fails to record a page load (NO_NAVSTART, NO_FCP); it asks to be
# run again, so it is, before the audit gives up.
LIGHTHOUSE_ATTEMPTS = 3


def run_lighthouse(url: str, report: Path, preset: str) -> dict:
    errors = []
    for _ in range(LIGHTHOUSE_ATTEMPTS):
        report.unlink(missing_ok=True)
        with tempfile.TemporaryDirectory(prefix="lighthouse-profile-") as profile:
            chrome_flags = " ".join(
                ["--headless=new", *tools.CHROMIUM_FLAGS, f"--user-data-dir={profile}"]
            )
            command = [
                tools.node_path(),
                str(tools.LIGHTHOUSE_CLI),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                f"--chrome-flags={chrome_flags}",
                "--only-categories=" + ",".join(key for key, _ in CATEGORIES),
            ]
            if preset == "desktop":
                command.append("--preset=desktop")
            completed = subprocess.run(  # noqa: S603 - fixed arguments
                command,
                env={**os.environ, "CHROME_PATH": tools.chromium_path()},
                capture_output=True,
                text=True,
                timeout=240,
            )
        if completed.returncode == 0 and report.is_file():
            result = json.loads(report.read_text())
            if not result.get("runtimeError"):
                return result
            errors.append(result["runtimeError"].get("message", "runtime error"))
        else:
            errors.append(f"exit {completed.returncode}: {completed.stderr.strip()[-1500:]}")
    raise AuditError(
        f"Lighthouse failed on {url} {LIGHTHOUSE_ATTEMPTS} times:\n" + "\n".join(errors)
    )


def scores(lighthouse: dict) -> dict[str, int | None]:
    return {
        key: None
        if lighthouse["categories"][key]["score"] is None
        else round(lighthouse["categories"][key]["score"] * 100)
        for key, _ in CATEGORIES
    }


def lost_points(lighthouse: dict, category: str) -> list[str]:
    """The audits of a category that did not fully pass, heaviest first."""
    audits = lighthouse["audits"]
    lines = []
    for ref in sorted(
        lighthouse["categories"][category]["auditRefs"], key=lambda ref: -ref["weight"]
    ):
        audit = audits[ref["id"]]
        if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
            value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
            lines.append(
                f"{audit['title']}{value} — score {audit['score']:.2f}, weight {ref['weight']:.1f}"
            )
    return lines


def print_table(rows: list[tuple[str, dict]]) -> None:
    width = max(len(name) for name, _ in rows)
    header = f"{'Page':<{width}}  " + "  ".join(f"{title:>14}" for _, title in CATEGORIES)
    print(header)
    print("-" * len(header))
    for name, page_scores in rows:
        cells = [
            "—" if page_scores[key] is None else str(page_scores[key]) for key, _ in CATEGORIES
        ]
        print(f"{name:<{width}}  " + "  ".join(f"{cell:>14}" for cell in cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", help="page names to audit (default: all)")
    parser.add_argument("--preset", choices=["mobile", "desktop"], default="mobile")
    parser.add_argument(
        "--fail-under",
        type=int,
        default=0,
        help="exit with status 1 if any score is lower (default 0: only report)",
    )
    args = parser.parse_args(argv)

    problem = tools.missing("chromium", "lighthouse")
    if problem:
        print(f"make audit cannot run: {problem}", file=sys.stderr)
        return 2

    static_root = AUDIT_DIR / "static"
    reports = AUDIT_DIR / "lighthouse"
    shutil.rmtree(reports, ignore_errors=True)
    reports.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="stackadvisor-audit-") as workdir:
        env = production_env(
            DJANGO_STATIC_ROOT=str(static_root),
            DATABASE_URL=f"sqlite:///{Path(workdir) / 'db.sqlite3'}",
            # Plain HTTP on loopback: the cookies must not be HTTPS-only here.
            DJANGO_SECURE_COOKIES="false",
            DJANGO_LOG_LEVEL="WARNING",
            GUNICORN_LOG_LEVEL="warning",
        )
        print("Preparing: collectstatic, migrate, starting content…", flush=True)
        manage("collectstatic", "--no-input", "--clear", "--verbosity", "0", env=env)
        manage("migrate", "--no-input", "--verbosity", "0", env=env)
        manage("load_starting_content", env=env)

        with Gunicorn(env, workers=2) as server:
            token = save_result(server.base_url)
            pages = tools.audited_pages(token)
            if args.pages:
                unknown = set(args.pages) - {name for name, _ in pages}
                if unknown:
                    parser.error(f"unknown pages {sorted(unknown)}; pages: {[n for n, _ in pages]}")
                pages = [(name, path) for name, path in pages if name in args.pages]
            print(f"Lighthouse ({args.preset}) on {server.base_url}", flush=True)
            rows, details = [], []
            for name, path in pages:
                slug = re.sub(r"[^a-z0-9]+", "-", name)
                result = run_lighthouse(
                    server.base_url + path, reports / f"{slug}.json", args.preset
                )
                page_scores = scores(result)
                rows.append((name, page_scores))
                print(
                    f"  {name}: "
                    + ", ".join(f"{title} {page_scores[key]}" for key, title in CATEGORIES),
                    flush=True,
                )
                for key, title in CATEGORIES:
                    if page_scores[key] is not None and page_scores[key] < 100:
                        details.extend(
                            f"{name} · {title}: {line}" for line in lost_points(result, key)
                        )

    print()
    print_table(rows)
    if details:
        print("\nWhere points were lost:")
        for line in details:
            print(f"  {line}")
    print(f"\nReports: {reports.relative_to(tools.ROOT)}/")
    lowest = min(
        (score for _, page_scores in rows for score in page_scores.values() if score is not None),
        default=100,
    )
    if lowest < args.fail_under:
        print(f"Lowest score {lowest} is under {args.fail_under}.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except AuditError as error:
        print(f"make audit failed: {error}", file=sys.stderr)
        sys.exit(1)
