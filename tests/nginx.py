"""docs/nginx.conf outside a container: checked with ``nginx -t``, or run in front of a
gunicorn on loopback, each time with a prefix folder of its own (pid, logs, temporary files),
as whatever user runs the tests.

The checked-in file is written for docs/compose.yaml: its upstream is the ``web`` service
and it listens on port 80. ``site_config`` puts a loopback address in their place (``web``
resolves nowhere else), and nothing else changes unless asked.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
from pathlib import Path

from tests.processes import REPO_ROOT

NGINX_CONF = REPO_ROOT / "docs" / "nginx.conf"
UPSTREAM_SERVER = re.compile(r"^(\s*)server\s+web:8000;", re.MULTILINE)
LISTEN = re.compile(r"^(\s*)listen\s+80\s+default_server;", re.MULTILINE)
# The per-address limits in use (not their zones, nor the statuses they answer with).
LIMITS = re.compile(r"^\s*limit_(?:req|conn)\s+\S.*\n", re.MULTILINE)


def nginx_binary() -> str | None:
    """nginx on PATH, or where Debian puts it (sbin is not on every user's PATH)."""
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None


def _replace_once(pattern: re.Pattern, replacement: str, text: str) -> str:
    changed, count = pattern.subn(replacement, text)
    if count != 1:
        raise ValueError(f"{NGINX_CONF.name}: expected one line matching {pattern.pattern!r}")
    return changed


def site_config(upstream: str, listen: str | None = None, limits: bool = True) -> str:
    """The checked-in file with ``upstream`` (host:port) as its app server, listening on
    ``listen`` when given; without the per-address limits when ``limits`` is false (tests
    whose clients all come from 127.0.0.1)."""
    text = _replace_once(UPSTREAM_SERVER, rf"\1server {upstream};", NGINX_CONF.read_text())
    if listen is not None:
        text = _replace_once(LISTEN, rf"\1listen {listen} default_server;", text)
    if not limits:
        text = LIMITS.sub("", text)
    return text


def main_config(prefix: Path, site: Path) -> str:
    """A main nginx.conf around ``site``: the http block sets what the official image's
    nginx.conf sets before it includes conf.d/*.conf (so a directive the site file repeats
    fails here as it would there), and keeps every path inside ``prefix``."""
    paths = "\n".join(
        f"    {kind}_temp_path {prefix / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # Started by root, nginx would run its workers as "nobody", which cannot read the prefix.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else ""
    return f"""{user}pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
daemon off;
worker_processes 1;
events {{
    worker_connections 1024;
}}
http {{
    default_type application/octet-stream;
    sendfile on;
    keepalive_timeout 65;
    access_log off;
{paths}
    include {site};
}}
"""


def write_prefix(prefix: Path, upstream: str, listen: str | None = None, limits=True) -> Path:
    """The site file and the main file in ``prefix``; the main file's path."""
    prefix.mkdir(parents=True, exist_ok=True)
    site = prefix / "stackadvisor.conf"
    site.write_text(site_config(upstream, listen, limits))
    main = prefix / "nginx.conf"
    main.write_text(main_config(prefix, site))
    return main


def command(nginx: str, prefix: Path, *extra: str) -> list[str]:
    """nginx on the prefix's files; -e: its very first messages go there too, not to the
    system's log folder."""
    main = prefix / "nginx.conf"
    return [nginx, "-p", str(prefix), "-c", str(main), "-e", str(prefix / "error.log"), *extra]


def check(nginx: str, prefix: Path) -> subprocess.CompletedProcess:
    """``nginx -t`` on the files in ``prefix``."""
    return subprocess.run(  # noqa: S603 - nginx, fixed arguments
        command(nginx, prefix, "-t"), capture_output=True, text=True, timeout=30, check=False
    )
