"""A cache that never takes the site down: if the cache server is unreachable, callers fall
back to the database and a warning is logged, instead of the request failing.

After a failure the cache is left alone for RETRY_AFTER_SECONDS, so that while it is down a
request does not wait for its timeouts again and again, and the log gets one warning per
outage rather than one per request.
"""

import logging
import threading
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 15.0

_lock = threading.Lock()
_unavailable_until = 0.0  # time.monotonic() before which the cache is skipped


def cache_available() -> bool:
    return time.monotonic() >= _unavailable_until


def report_failure(action: str, key: str) -> None:
    """Note that the cache failed: it is left alone for RETRY_AFTER_SECONDS, with one warning
    per outage."""
    global _unavailable_until
    with _lock:
        already_known = not cache_available()
        _unavailable_until = time.monotonic() + RETRY_AFTER_SECONDS
    if not already_known:
        logger.warning(
            "Cache unavailable while %s %s; using the database for the next %.0f s",
            action,
            key,
            RETRY_AFTER_SECONDS,
            exc_info=True,
        )


def reset() -> None:
    """Forget an earlier failure: the next call tries the cache again."""
    global _unavailable_until
    with _lock:
        _unavailable_until = 0.0


def cache_get(key: str):
    """The cached value, or None when absent or when the cache cannot be reached."""
    if not cache_available():
        return None
    try:
        return cache.get(key)
    except Exception:  # any backend error: connection refused, timeout, bad pickle
        report_failure("reading", key)
        return None


def cache_set(key: str, value, timeout: int | None = 24 * 3600) -> None:
    if not cache_available():
        return
    try:
        cache.set(key, value, timeout)
    except Exception:
        report_failure("writing", key)
