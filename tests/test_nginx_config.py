"""docs/nginx.conf, the proxy in front of gunicorn: nginx accepts it the way the official
image includes it, it buffers requests and answers with bounded timeouts, compresses only
what holds no secret, and docs/compose.yaml puts it in front of the app as the only
published port.

Without nginx, the check by nginx itself is skipped locally, saying how to install it; with
CI=true it fails instead (.ci/run installs nginx).
"""

import contextlib
import re
import socket
import subprocess
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests import nginx
from tests.e2e.tools import in_ci
from tests.processes import REPO_ROOT, free_port

COMPOSE = REPO_ROOT / "docs" / "compose.yaml"
DEPLOY = REPO_ROOT / "docs" / "deploy.md"


@pytest.fixture
def nginx_binary() -> str:
    found = nginx.nginx_binary()
    if found is None:
        problem = "nginx is not installed (apt-get update && apt-get install -y nginx)"
        if in_ci():
            pytest.fail(f"CI must check docs/nginx.conf, but {problem}", pytrace=False)
        pytest.skip(problem)
    return found


def without_comments(text: str) -> str:
    return re.sub(r"#.*", "", text)


def block(text: str, opening: str) -> str:
    """What is between the braces of the block that starts with ``opening``."""
    start = text.index(opening + " {") + len(opening) + 2
    depth, end = 1, start
    while depth:
        depth += {"{": 1, "}": -1}.get(text[end], 0)
        end += 1
    return text[start : end - 1]


def directives(text: str) -> dict[str, list[str]]:
    """Each directive of ``text`` (nested blocks included) with the values it is given."""
    found: dict[str, list[str]] = {}
    for name, value in re.findall(r"^\s*(\w+)\s+([^;{]*);", text, flags=re.MULTILINE):
        found.setdefault(name, []).append(" ".join(value.split()))
    return found


CONFIG = without_comments(nginx.NGINX_CONF.read_text())
SERVER = block(CONFIG, "server")
STATIC = block(SERVER, "location /static/")


def test_nginx_accepts_the_config_where_the_official_image_includes_it(nginx_binary, tmp_path):
    # Only the address of the app server (the compose service `web` resolves nowhere else)
    # and the port (80 would need root) are changed.
    nginx.write_prefix(tmp_path, "127.0.0.1:8000", listen=f"127.0.0.1:{free_port()}")
    result = nginx.check(nginx_binary, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_requests_and_answers_are_buffered_with_bounded_timeouts():
    server = directives(SERVER)
    assert server["proxy_request_buffering"] == ["on"]
    assert server["proxy_buffering"] == ["on"]
    assert server["client_max_body_size"] == ["1m"]
    for name in (
        "client_header_timeout",
        "client_body_timeout",
        "send_timeout",
        "keepalive_timeout",
        "proxy_connect_timeout",
        "proxy_read_timeout",
    ):
        (value,) = server[name]
        assert re.fullmatch(r"\d+s", value) and int(value[:-1]) <= 30, (name, value)


def test_the_app_gets_host_and_the_forwarded_headers_it_reads():
    headers = dict(value.split(" ", 1) for value in directives(SERVER)["proxy_set_header"])
    assert headers == {
        "Host": "$http_host",
        "X-Forwarded-For": "$proxy_add_x_forwarded_for",
        "X-Forwarded-Proto": "$scheme",
    }
    # Set in the server block only: a location that set any would drop them all there.
    assert "proxy_set_header" not in directives(block(SERVER, "location /"))
    assert "proxy_set_header" not in directives(STATIC)


class Upstream(BaseHTTPRequestHandler):
    """An app server that answers every GET with 4 KB of the type its address suggests."""

    def do_GET(self):  # noqa: N802 - the name http.server calls
        kind = "text/css" if self.path.endswith(".css") else "text/html; charset=utf-8"
        body = b"<p>compressible</p>" * 200
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def proxied(nginx_binary, tmp_path):
    """nginx with the checked-in config in front of Upstream; its base URL."""
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    port = free_port()
    nginx.write_prefix(tmp_path, f"127.0.0.1:{upstream.server_port}", f"127.0.0.1:{port}")
    process = subprocess.Popen(nginx.command(nginx_binary, tmp_path))  # noqa: S603
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        upstream.shutdown()


@pytest.mark.parametrize(
    ("path", "compressed"),
    [
        ("/", True),
        ("/frameworks/django/", True),
        ("/compare/django-vs-express/", True),
        ("/sitemap.xml", True),
        ("/sitemap-comparisons.xml", True),
        ("/static/css/site.css", True),
        # A CSRF token or a session may be on these: never compressed (BREACH).
        ("/advisor/", False),
        ("/results/AAAAAAAAAAAAAAAAAAAAAA/", False),
        ("/admin/login/", False),
    ],
)
def test_only_what_holds_no_secret_is_compressed(proxied, path, compressed):
    request = urllib.request.Request(proxied + path, headers={"Accept-Encoding": "gzip"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        assert response.status == 200
        assert (response.headers.get("Content-Encoding") == "gzip") is compressed


def test_rate_limits_count_pages_not_static_files():
    assert "limit_req" in directives(block(SERVER, "location /"))
    assert "limit_req" not in directives(STATIC)


def compose_services() -> dict[str, str]:
    """Each service of docs/compose.yaml with its lines (the file is simple enough)."""
    text = COMPOSE.read_text().split("\nservices:\n", 1)[1].split("\nvolumes:\n", 1)[0]
    parts = re.split(r"^  (\w+):\n", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_compose_publishes_only_nginx_with_the_checked_in_config():
    services = compose_services()
    assert {"nginx", "web", "db", "redis"} <= set(services)
    assert [name for name, lines in services.items() if "ports:" in lines] == ["nginx"]
    assert "./nginx.conf:/etc/nginx/conf.d/default.conf:ro" in services["nginx"]
    # The app counts nginx's entry of X-Forwarded-For as the client's address.
    assert 'DJANGO_PROXY_COUNT: "1"' in services["web"]


def test_redis_is_bounded_in_compose_and_in_the_deployment_guide():
    redis = compose_services()["redis"]
    assert re.search(r'"--maxmemory", "\d+mb"', redis), redis
    assert '"--maxmemory-policy", "allkeys-lru"' in redis
    guide = DEPLOY.read_text()
    assert "maxmemory" in guide and "allkeys-lru" in guide
    assert "docs/nginx.conf" in guide
