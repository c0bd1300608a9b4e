"""Site-wide views: the health check, robots.txt, and the pages for errors and refusals.

Error pages are rendered without a request context where the database may be down: nothing
on them touches it (no context processors, no user, no session).
"""

import logging
import sys

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from stackadvisor.refusals import refusal, wants_json

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    """Readiness for load balancers and the container, naming each dependency's state.

    503 only when the database is unreachable: pages cannot be served then. A lost Redis
    (checked when REDIS_URL is set) is reported as "degraded" with 200, because pages are
    still served from the database — answering 503 would make a load balancer take every
    server out of rotation during a cache outage.
    """
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:
        logger.exception("Health check: the database is unreachable")
        checks["database"] = "unavailable"
    if settings.REDIS_URL:
        try:
            cache.set("healthz", "ok", 10)
            if cache.get("healthz") != "ok":
                raise RuntimeError("the cache did not return the value just written")
            checks["cache"] = "ok"
        except Exception:
            logger.exception("Health check: the cache is unreachable")
            checks["cache"] = "unavailable"
    if checks["database"] != "ok":
        status = "unavailable"
    elif any(state != "ok" for state in checks.values()):
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse(
        {"status": status, "checks": checks}, status=503 if status == "unavailable" else 200
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


# How long a visitor is asked to wait when the database is unreachable.
DATABASE_RETRY_AFTER_SECONDS = 30


def is_database_unavailable(exception: BaseException | None) -> bool:
    """Connection refused, connection lost, server shutting down, database locked…"""
    return isinstance(exception, OperationalError | InterfaceError)


def database_unavailable(request) -> HttpResponse:
    """The styled 503 page (or JSON, if asked for), rendered without touching the database."""
    return refusal(
        request,
        503,
        "StackAdvisor is temporarily unavailable",
        "We cannot reach our data right now. This is on our side and usually passes within "
        "a minute: please try again shortly.",
        retry_after=DATABASE_RETRY_AFTER_SECONDS,
    )


def server_error(request):
    """The 500 page (JSON, if asked for); a 503 instead when the error is an unreachable
    database.

    Rendered without a request context: this page must work when the database is down.
    Nothing about the error itself ever reaches the page (it is in the log)."""
    if is_database_unavailable(sys.exc_info()[1]):
        return database_unavailable(request)
    if wants_json(request):
        return refusal(request, 500, "Something went wrong on our side", "Please try again.")
    return HttpResponseServerError(loader.get_template("500.html").render())


def csrf_failure(request, reason=""):
    """A form whose CSRF check failed (settings.CSRF_FAILURE_VIEW): nothing was saved."""
    return refusal(
        request,
        403,
        "This form could not be accepted",
        "For your security, a form is taken only from the page that showed it, with cookies "
        "allowed for this site. Nothing was saved: please go back, reload the page and send "
        "it again.",
    )


def login_locked_out(request, original_response=None, credentials=None):
    """What django-axes answers once a user name is locked out from an address (429)."""
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = max(1, round(cool_off.total_seconds() / 60))
    response = render(
        request,
        "axes_lockout.html",
        {"cooloff_minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


@require_safe
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.ADMIN_PATH}",
        # Results are personal; they are shared by link, not meant for search engines.
        "Disallow: /results/",
        f"Sitemap: {sitemap_url}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
