"""The container's health check: `python -m stackadvisor.healthcheck` exits 0 when /healthz
answers 200, else 1. Standard library only, so it stays quick and light.

It asks gunicorn on the loopback interface, naming a host from DJANGO_ALLOWED_HOSTS in the
Host header, so Django's host validation accepts the request without the loopback address
having to be an allowed host. /healthz is exempt from the HTTPS redirect.
"""

import os
import sys
import urllib.error
import urllib.request


def health_url() -> str:
    bind = os.environ.get("GUNICORN_BIND", "").strip() or "0.0.0.0:8000"  # noqa: S104
    port = bind.rsplit(":", 1)[-1] if ":" in bind else "8000"
    return f"http://127.0.0.1:{port}/healthz"


def host_header() -> str:
    """The first allowed host, as a name a request can carry ('.example.com' matches
    'example.com'); 'localhost' when none is set."""
    for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(","):
        host = host.strip().lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def main() -> int:
    request = urllib.request.Request(health_url(), headers={"Host": host_header()})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=4) as response:  # noqa: S310
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as error:
        print(f"Health check failed: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
