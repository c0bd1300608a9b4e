"""The benchmark's pure parts: wrk's scripts and output, and its safety checks (the benchmark
itself is run by make bench, not by the suite)."""

import pytest

from tests.bench import wrk
from tests.bench.content import Databases, question_fields
from tests.bench.processes import BenchError, loopback_url
from tests.bench.run import parse_args

OUTPUT = (
    "Running 4s test @ http://127.0.0.1:8000/\n"
    "  2 threads and 16 connections\n"
    "  8000 requests in 4.00s, 9.00MB read\n"
    "  Non-2xx or 3xx responses: 12\n"
    'BENCH-JSON {"requests":8000,"duration_us":4000000,'
    '"errors":{"connect":0,"read":1,"write":0,"status":12,"timeout":2},'
    '"p50_us":1500,"p99_us":42250}\n'
)


def test_wrk_output_read():
    measured = wrk.parse(OUTPUT, cpu_seconds=2.0)

    assert measured.rps == 2000
    assert (measured.p50_ms, measured.p99_ms) == (1.5, 42.25)
    assert measured.requests == 8000
    assert measured.bad_status == 12  # neither 2xx nor 3xx
    assert measured.socket_errors == 3
    assert measured.cpu_ms == 0.25


def test_wrk_output_without_figures_stops_the_run():
    with pytest.raises(BenchError, match="no figures"):
        wrk.parse("unable to connect to 127.0.0.1:8000 Connection refused\n")


def test_segments_combined():
    first = wrk.Measurement(
        rps=100, p50_ms=2, p99_ms=10, requests=100, bad_status=1, socket_errors=0, cpu_ms=1
    )
    second = wrk.Measurement(
        rps=300, p50_ms=4, p99_ms=30, requests=300, bad_status=0, socket_errors=2, cpu_ms=3
    )

    both = wrk.combine([first, second])

    assert both.rps == 200  # 400 requests in 2 s
    assert both.p50_ms == 3  # the mean of the medians
    assert both.p99_ms == 30  # the worst tail
    assert (both.requests, both.bad_status, both.socket_errors) == (400, 1, 2)
    assert both.cpu_ms == 2.5  # per request


def test_scripts_escape_what_they_send(tmp_path):
    body = 'csrfmiddlewaretoken=a"b\\c&q1=2 é'

    script = wrk.script(tmp_path / "post.lua", "POST", body, {"Cookie": "csrftoken=x"}).read_text()

    assert 'wrk.method = "POST"' in script
    assert 'wrk.body = "csrfmiddlewaretoken=a\\034b\\092c&q1=2 \\195\\169"' in script
    assert 'wrk.headers["Accept-Encoding"] = "gzip, deflate, br, zstd"' in script
    assert 'wrk.headers["Cookie"] = "csrftoken=x"' in script
    assert "BENCH-JSON" in script


def test_only_loopback_is_targeted(monkeypatch):
    assert loopback_url(8000, "/advisor/") == "http://127.0.0.1:8000/advisor/"
    with pytest.raises(BenchError, match="path"):
        loopback_url(8000, "@example.com/")
    monkeypatch.setattr("tests.bench.processes.HOST", "192.0.2.1")
    with pytest.raises(BenchError, match="loopback"):
        loopback_url(8000)
    with pytest.raises(BenchError, match="loopback"):
        Databases("postgres://postgres@192.0.2.1:5432/postgres")


def test_only_benchmark_databases_are_made():
    databases = Databases("postgres://postgres@127.0.0.1:5432/postgres")
    with pytest.raises(BenchError, match="Not a benchmark database"):
        databases.create("stackadvisor")
    assert databases.made == []


def test_questionnaire_fields_read_from_the_page():
    page = '<input name="q12" value="3"><input name="q12" value="4"><input name="q7">'
    assert question_fields(page + '<input name="csrfmiddlewaretoken">') == {"q12", "q7"}


def test_options():
    args = parse_args(["--base", "abc123", "--duration", "3", "--pages", "home,result"])
    assert (args.base, args.duration, args.pages) == ("abc123", 3, ["home", "result"])
    assert args.sizes == ["starting", "catalogue"]
    with pytest.raises(SystemExit):
        parse_args(["--pages", "nothing"])
    with pytest.raises(SystemExit):
        parse_args(["--duration", "600"])
