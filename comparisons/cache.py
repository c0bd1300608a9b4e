"""A cache that never takes the site down: if the cache server is unreachable, callers fall
back to the database and a warning is logged, instead of the request failing."""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)


def cache_get(key: str):
    """The cached value, or None when absent or when the cache cannot be reached."""
    try:
        return cache.get(key)
    except Exception:  # any backend error: connection refused, timeout, bad pickle
        logger.warning("Cache unavailable while reading %s; using the database", key, exc_info=True)
        return None


def cache_set(key: str, value, timeout: int | None = 24 * 3600) -> None:
    try:
        cache.set(key, value, timeout)
    except Exception:
        logger.warning("Cache unavailable while writing %s; not cached", key, exc_info=True)
