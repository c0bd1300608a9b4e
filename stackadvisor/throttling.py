"""How often one client address may do something costly, counted in the shared cache with
django-ratelimit.

A throttled request gets 429 with Retry-After. Should the cache be unreachable, requests
are let through: losing Redis may slow the site, never stop it.
"""

import functools
import logging

from django.conf import settings
from django_ratelimit.core import get_usage

from stackadvisor.cache import cache_available, report_failure
from stackadvisor.client_ip import client_ip
from stackadvisor.refusals import refusal

logger = logging.getLogger(__name__)


def _client_key(group, request) -> str:
    return client_ip(request) or "unknown"


def seconds_to_wait(request, group: str, rate: str) -> int | None:
    """Counts this request; how long the client must wait if it is over ``rate`` (e.g.
    "30/m"), else None."""
    if not cache_available():
        return None
    try:
        usage = get_usage(
            request, group=group, key=_client_key, rate=rate, method="POST", increment=True
        )
    except Exception:  # any cache error: connection refused, timeout
        report_failure("counting", group)
        return None
    if usage is None or not usage["should_limit"]:
        return None
    return max(1, usage["time_left"])


def _too_many_answers(request, wait: int):
    return refusal(
        request,
        429,
        "Too many answers in a row",
        "You sent the questionnaire many times in a short while, so this one was not saved.",
        retry_after=wait,
    )


def throttle_posts(group: str, rate_setting: str = "SUBMISSION_RATE", refuse=_too_many_answers):
    """Limit a view's POSTs per client address to the rate in ``settings.<rate_setting>``
    (read per request, so it can be changed in tests); over it, ``refuse(request, wait)``
    answers instead of the view (with Retry-After)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST":
                rate = getattr(settings, rate_setting)
                wait = seconds_to_wait(request, group, rate)
                if wait is not None:
                    logger.warning("Throttled %s from %s", group, client_ip(request))
                    return refuse(request, wait)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
