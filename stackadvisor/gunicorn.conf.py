"""gunicorn settings: `gunicorn -c stackadvisor/gunicorn.conf.py stackadvisor.wsgi`.

Every value can be changed from the environment (see docs/deploy.md):

GUNICORN_BIND      address to listen on (default 0.0.0.0:8000)
GUNICORN_WORKERS   worker processes (default: WEB_CONCURRENCY if set, else 2 x the CPUs
                   this process may use, plus 1)
GUNICORN_THREADS   threads per worker (default 1: synchronous workers; more: threaded ones)
GUNICORN_TIMEOUT   seconds a request may take before its worker is restarted (default 20)
GUNICORN_LOG_LEVEL gunicorn's own log level (default info)

gunicorn must run behind a buffering reverse proxy (docs/nginx.conf): it does not bound how
long a client may take to send its request, and the proxy hands it only complete requests.
There, synchronous workers serve the most requests per second (docs/performance.md). Without
the proxy, a client sending its request slowly holds a synchronous worker until the timeout
restarts it (20 s); with GUNICORN_THREADS above 1, the workers are threaded ("gthread") and
such a client holds one thread, not a worker, and a worker whose threads are all busy takes no
new connection (worker_connections equals threads), which another worker then takes. Either
way, enough slow clients take every worker or thread: only the proxy keeps them away.
`make slow-clients` measures all three.
"""

import math
import os
from pathlib import Path


def _env_int(name: str, default: int, minimum: int = 1) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    number = int(value)
    if number < minimum:
        raise ValueError(f"{name} must be at least {minimum} (got {number})")
    return number


def cpu_count(cgroup_cpu_max: Path = Path("/sys/fs/cgroup/cpu.max")) -> int:
    """The CPUs this process may really use: a container's CPU quota (cgroup v2) when it has
    one, else the CPUs it may be scheduled on, else the machine's."""
    try:
        quota, period = cgroup_cpu_max.read_text().split()[:2]
        if quota != "max":
            return max(1, math.ceil(int(quota) / int(period)))
    except (OSError, ValueError):
        pass
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


bind = [os.environ.get("GUNICORN_BIND", "").strip() or "0.0.0.0:8000"]  # noqa: S104 - in a container
workers = _env_int("GUNICORN_WORKERS", _env_int("WEB_CONCURRENCY", 2 * cpu_count() + 1))
threads = _env_int("GUNICORN_THREADS", 1)
# Behind the proxy, one request at a time per worker costs least; threads only pay off for
# clients that reach gunicorn directly.
worker_class = "gthread" if threads > 1 else "sync"
# A threaded worker accepts a connection only when a thread is free for it: one with more
# would queue it behind slow clients instead of leaving it to a free worker.
worker_connections = threads
# That leaves no room for connections kept open between requests (the proxy opens one per
# request anyway); saying so spares gunicorn's warning, and a connection that has sent
# nothing after its first 5 s is then closed at once instead of waiting longer.
keepalive = 0
# Pages take milliseconds; a synchronous worker held this long is restarted. (Threaded
# workers are watched only for their main loop: the proxy's proxy_read_timeout answers a
# visitor whose page takes longer.)
timeout = _env_int("GUNICORN_TIMEOUT", 20)
graceful_timeout = 30
# Restart workers now and then, so that a slow leak never grows unbounded.
max_requests = 5000
max_requests_jitter = 500

# Logs to standard output and error, for the container's log collector.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The usual combined format plus the time taken, in milliseconds.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'

# Heartbeat files in memory rather than on a possibly slow container disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# No runtime control socket: nothing uses it, and it would be one more way in.
control_socket_disable = True
