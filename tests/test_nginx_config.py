"""docs/nginx.conf, the proxy in front of gunicorn: nginx accepts it the way the official
image includes it, it buffers requests and answers with bounded timeouts, compresses no page,
and docs/compose.yaml puts it in front of the app as the only published port.

Without nginx, the check by nginx itself is skipped locally, saying how to install it; with
CI=true it fails instead (.ci/run installs nginx).
"""

import re

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


def test_only_static_files_are_compressed():
    server_level = directives(SERVER.replace(STATIC, ""))
    assert server_level["gzip"] == ["off"]
    assert directives(STATIC)["gzip"] == ["on"]
    assert "text/html" not in STATIC


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
