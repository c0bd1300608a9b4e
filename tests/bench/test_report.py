"""The benchmark's report: the table, the ratios and the budget."""

from tests.bench.report import Row, budget, markdown, speed_ratios
from tests.bench.wrk import Measurement


def measured(rps, p99=10.0, bad_status=0):
    return Measurement(
        rps=rps,
        p50_ms=5,
        p99_ms=p99,
        requests=1000,
        bad_status=bad_status,
        socket_errors=0,
        cpu_ms=1.5,
    )


BARE = measured(2000)
ROWS = [
    Row("starting", "home", "BASE", "/", measured(1000), BARE),
    Row("starting", "home", "HEAD", "/", measured(900), BARE),
    Row("starting", "advisor-post", "BASE", "/advisor/", measured(300), BARE),
    Row("starting", "advisor-post", "HEAD", "/advisor/", measured(200, p99=80.5), BARE),
    Row("catalogue", "home", "BASE", "/", measured(800), BARE),
    Row("catalogue", "home", "HEAD", "/", measured(800, bad_status=3), BARE),
]
META = {
    "date": "2025-01-01T00:00:00+00:00",
    "versions": {"BASE": "abc1234", "HEAD": "def5678"},
    "machine": "x86_64, 2 CPUs",
    "wrk": "2 threads, 16 connections",
    "gunicorn": {"BASE": {"workers": "2"}, "HEAD": {"workers": "2"}},
    "content": {"starting": {"frameworks": 3}, "catalogue": {"frameworks": 200}},
    "notes": [],
}


def test_ratios():
    assert ROWS[0].to_baseline == 0.5
    ratios = speed_ratios(ROWS)
    assert ratios == {
        ("starting", "home"): 0.9,
        ("starting", "advisor-post"): 200 / 300,
        ("catalogue", "home"): 1.0,
    }


def test_the_budget_judges_the_working_tree():
    checks = budget(ROWS)

    assert len(checks) == 3 * 3  # three checks on each of HEAD's rows
    failed = {(c["size"], c["page"], c["check"]) for c in checks if not c["passed"]}
    assert failed == {
        ("starting", "advisor-post", "HEAD/BASE req/s ≥ 0.80"),
        ("starting", "advisor-post", "p99 ≤ 50 ms"),
        ("catalogue", "home", "no errors"),
    }


def test_without_base_there_is_no_ratio_to_check():
    head_only = [row for row in ROWS if row.version == "HEAD"]
    assert speed_ratios(head_only) == {}
    assert {c["check"] for c in budget(head_only)} == {"p99 ≤ 50 ms", "no errors"}


def test_markdown_table():
    text = markdown(META, ROWS, budget(ROWS))

    assert "BASE abc1234 → HEAD def5678" in text
    assert "## catalogue content" in text
    assert "| GET / | HEAD | 900 | 0.45 | 5.0 | 10.0 | 0 | 1.50 | 0.90 |" in text
    assert "| GET / | BASE | 1000 | 0.50 | 5.0 | 10.0 | 0 | 1.50 |  |" in text
    assert "**FAIL (3 of 9 checks)**" in text
    assert "| starting | POST /advisor/ | p99 ≤ 50 ms | 80.5 |" in text
