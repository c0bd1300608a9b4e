"""What a run measured: the table, the budget and the files they go to."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tests.bench.content import TITLES
from tests.bench.wrk import Measurement

# The budget: what the working tree must keep, measured in the same run as BASE.
MIN_SPEED_RATIO = 0.8  # HEAD's requests per second / BASE's, on every page
MAX_P99_MS = 50.0  # at the run's connections (16)


@dataclass
class Row:
    """One page of one version at one content size, and the baseline measured beside it."""

    size: str
    page: str
    version: str  # BASE or HEAD
    path: str
    site: Measurement
    baseline: Measurement

    @property
    def to_baseline(self) -> float:
        return self.site.rps / self.baseline.rps if self.baseline.rps else 0.0

    def as_dict(self) -> dict:
        return {
            "size": self.size,
            "page": self.page,
            "version": self.version,
            "path": self.path,
            **self.site.as_dict(),
            "to_baseline": round(self.to_baseline, 4),
            "baseline": self.baseline.as_dict(),
        }


def speed_ratios(rows: list[Row]) -> dict[tuple[str, str], float]:
    """HEAD's requests per second over BASE's, by (size, page)."""
    rps = {(row.size, row.page, row.version): row.site.rps for row in rows}
    return {
        (size, page): rps[size, page, "HEAD"] / rps[size, page, "BASE"]
        for size, page, version in rps
        if version == "BASE" and rps[size, page, "BASE"] and (size, page, "HEAD") in rps
    }


def budget(rows: list[Row]) -> list[dict]:
    """Every check of the budget on the working tree (HEAD), passed or not."""
    ratios = speed_ratios(rows)
    checks = []
    for row in rows:
        if row.version != "HEAD":
            continue
        where = {"size": row.size, "page": row.page}
        if (row.size, row.page) in ratios:
            ratio = ratios[row.size, row.page]
            checks.append(
                {
                    **where,
                    "check": f"HEAD/BASE req/s ≥ {MIN_SPEED_RATIO:.2f}",
                    "value": round(ratio, 3),
                    "passed": ratio >= MIN_SPEED_RATIO,
                }
            )
        p99 = row.site.p99_ms
        checks.append(
            {
                **where,
                "check": f"p99 ≤ {MAX_P99_MS:g} ms",
                "value": round(p99, 1),
                "passed": p99 <= MAX_P99_MS,
            }
        )
        errors = row.site.bad_status + row.site.socket_errors
        checks.append({**where, "check": "no errors", "value": errors, "passed": errors == 0})
    return checks


def counted(counts: dict) -> str:
    return ", ".join(f"{n} {what.replace('_', ' ')}" for what, n in counts.items())


def _errors(measurement: Measurement) -> str:
    text = str(measurement.bad_status)
    if measurement.socket_errors:
        text += f" (+{measurement.socket_errors} socket errors)"
    return text


def _result_lines(size: str, rows: list[Row], ratios: dict) -> list[str]:
    lines = [
        "| Page | Version | req/s | × bare Django | p50 ms | p99 ms | non-2xx/3xx "
        "| CPU ms/req | HEAD/BASE req/s |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        if row.size != size:
            continue
        ratio = ratios.get((size, row.page)) if row.version == "HEAD" else None
        lines.append(
            f"| {TITLES[row.page]} | {row.version} | {row.site.rps:.0f} | {row.to_baseline:.2f} "
            f"| {row.site.p50_ms:.1f} | {row.site.p99_ms:.1f} | {_errors(row.site)} "
            f"| {row.site.cpu_ms:.2f} | {'' if ratio is None else f'{ratio:.2f}'} |"
        )
    return lines


def _budget_lines(checks: list[dict]) -> list[str]:
    failed = [check for check in checks if not check["passed"]]
    verdict = "PASS" if not failed else f"FAIL ({len(failed)} of {len(checks)} checks)"
    lines = [
        f"Budget on HEAD: every page keeps ≥ {MIN_SPEED_RATIO:.0%} of BASE's requests per second "
        f"(when there is a BASE), p99 ≤ {MAX_P99_MS:g} ms, no errors. **{verdict}**",
        "",
    ]
    if failed:
        lines += ["| Content | Page | Check | Value |", "|---|---|---|---:|"]
        lines += [
            f"| {c['size']} | {TITLES[c['page']]} | {c['check']} | {c['value']} |" for c in failed
        ]
    return lines


def markdown(meta: dict, rows: list[Row], checks: list[dict]) -> str:
    versions = " → ".join(f"{label} {name}" for label, name in meta["versions"].items())
    lines = [
        f"# StackAdvisor load benchmark, {meta['date']}",
        "",
        f"{versions}. {meta['machine']}. wrk: {meta['wrk']}.",
        "",
        "gunicorn: "
        + "; ".join(
            f"{label}: " + ", ".join(f"{key} {value}" for key, value in settings.items())
            for label, settings in meta["gunicorn"].items()
        )
        + ". Site: production settings, PostgreSQL, Redis cache. "
        "Bare Django: tests/bench/hello under the same gunicorn settings, measured in "
        "alternation with each page.",
    ]
    ratios = speed_ratios(rows)
    for size, counts in meta["content"].items():
        lines += ["", f"## {size} content", ""]
        lines += [counted(counts) + ".", ""]
        lines += _result_lines(size, rows, ratios)
    lines += ["", "## Budget", "", *_budget_lines(checks)]
    if meta["notes"]:
        lines += ["", "## Notes", "", *(f"- {note}" for note in meta["notes"])]
    return "\n".join(lines) + "\n"


def write(directory: Path, stamp: str, meta: dict, rows: list[Row], checks: list[dict]) -> str:
    """The report as JSON and Markdown in `directory` (also as latest.*); the Markdown."""
    text = markdown(meta, rows, checks)
    data = {"meta": meta, "results": [row.as_dict() for row in rows], "budget": checks}
    for name in (f"bench-{stamp}", "latest"):
        (directory / f"{name}.json").write_text(json.dumps(data, indent=2) + "\n")
        (directory / f"{name}.md").write_text(text)
    return text
