"""Public pages about frameworks. Views stay thin: queries live in querysets and services."""

import itertools
import logging
import sys

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Prefetch
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from comparisons.comparison import (
    MAX_FRAMEWORKS,
    MIN_FRAMEWORKS,
    InvalidComparison,
    canonical_spec,
    comparison_rows,
    parse_comparison,
    ratings_chart,
)
from comparisons.forms import ComparePickerForm
from comparisons.models import AdviceSnippet, Criterion, Framework, Rating
from comparisons.page_cache import cache_page_by_content

logger = logging.getLogger(__name__)


# How many frameworks the home page lists, and how many comparisons it suggests among them.
HOME_FRAMEWORKS_SHOWN = 12
HOME_COMPARISONS_SHOWN = 8


@require_safe
@cache_page_by_content
def home(request):
    frameworks = list(
        Framework.objects.published().only("name", "slug", "language", "summary")[
            :HOME_FRAMEWORKS_SHOWN
        ]
    )
    return render(
        request,
        "comparisons/home.html",
        {"frameworks": frameworks, "popular_comparisons": popular_comparisons(frameworks)},
    )


def popular_comparisons(frameworks) -> list[tuple[str, str]]:
    """Every pair of the listed frameworks, then all of them together when that fits."""
    comparisons = [
        (" vs ".join(framework.name for framework in pair), canonical_spec(f.slug for f in pair))
        for pair in itertools.combinations(sorted(frameworks, key=lambda f: f.slug), 2)
    ][:HOME_COMPARISONS_SHOWN]
    if MIN_FRAMEWORKS < len(frameworks) <= MAX_FRAMEWORKS:
        comparisons.append(
            (
                " vs ".join(f.name for f in sorted(frameworks, key=lambda f: f.slug)),
                canonical_spec(f.slug for f in frameworks),
            )
        )
    return comparisons


@require_safe
@cache_page_by_content
def framework_list(request):
    frameworks = Framework.objects.published()
    return render(request, "comparisons/framework_list.html", {"frameworks": frameworks})


@require_safe
@cache_page_by_content
def framework_detail(request, slug):
    framework = get_object_or_404(
        Framework.objects.published().prefetch_related(
            Prefetch("ratings", queryset=Rating.objects.select_related("criterion")),
            Prefetch("snippets", queryset=AdviceSnippet.objects.published()),
        ),
        slug=slug,
    )
    others = [
        (other, canonical_spec([framework.slug, other.slug]))
        for other in Framework.objects.published().exclude(pk=framework.pk).only("name", "slug")
    ]
    return render(
        request,
        "comparisons/framework_detail.html",
        {"framework": framework, "comparisons": others},
    )


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


def database_unavailable() -> HttpResponse:
    """The styled 503 page, rendered without a request context: nothing here touches the
    database (no context processors, no user, no session)."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """The 500 page; a 503 instead when the error is an unreachable database.

    Rendered without a request context: this page must work when the database is down.
    Nothing about the error itself ever reaches the page (it is in the log)."""
    if is_database_unavailable(sys.exc_info()[1]):
        return database_unavailable()
    return HttpResponseServerError(loader.get_template("500.html").render())


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
def compare_picker(request):
    """/compare/?f=a&f=b: validate the choice and redirect to the one canonical address."""
    frameworks = list(Framework.objects.published().only("name", "slug"))
    # Only a choice binds the form: other parameters (utm_source=…) are a plain visit.
    form = ComparePickerForm(frameworks, data=request.GET if "f" in request.GET else None)
    if form.is_valid():
        return redirect("comparisons:compare", spec=canonical_spec(form.cleaned_data["f"]))
    status = 400 if form.is_bound else 200
    return render(request, "comparisons/compare_picker.html", {"form": form}, status=status)


@require_safe
@cache_page_by_content
def compare(request, spec):
    try:
        slugs = parse_comparison(spec)
    except InvalidComparison as problem:
        return _comparison_not_found(request, str(problem))
    canonical = canonical_spec(slugs)
    if spec != canonical:
        return redirect("comparisons:compare", spec=canonical, permanent=True)
    published = list(Framework.objects.published().only("name", "slug", "language", "summary"))
    by_slug = {framework.slug: framework for framework in published}
    missing = [slug for slug in slugs if slug not in by_slug]
    if missing:
        return _comparison_not_found(
            request, f"We have no published framework called “{', '.join(missing)}”."
        )
    frameworks = [by_slug[slug] for slug in sorted(slugs)]
    context = comparison_context(frameworks, published)
    return render(request, "comparisons/compare.html", context)


def comparison_context(frameworks, published) -> dict:
    """Rows, verdicts and related links for the selected frameworks (in the order given),
    in three queries: criteria, their ratings, the snippets about them."""
    ids = [framework.id for framework in frameworks]
    criteria = list(Criterion.objects.only("name", "description"))
    ratings = {
        (framework_id, criterion_id): (score, rationale, source)
        for framework_id, criterion_id, score, rationale, source in Rating.objects.filter(
            framework_id__in=ids
        ).values_list("framework_id", "criterion_id", "score", "rationale", "source_url")
    }
    snippets = list(AdviceSnippet.objects.published().filter(frameworks__in=ids).distinct())
    rows = comparison_rows(frameworks, criteria, ratings)
    selected = {framework.slug for framework in frameworks}
    verdicts = [snippet for snippet in snippets if snippet.kind == AdviceSnippet.Kind.VERDICT]
    related = [snippet for snippet in snippets if snippet.kind != AdviceSnippet.Kind.VERDICT]
    other_comparisons = [
        (framework, other, canonical_spec([framework.slug, other.slug]))
        for framework in frameworks
        for other in published
        if other.slug not in selected
    ][:12]
    return {
        "frameworks": frameworks,
        # (framework, its personal match or None): a personalised comparison fills the match.
        "columns": [(framework, None) for framework in frameworks],
        "rows": rows,
        "chart": ratings_chart(rows, len(frameworks)),
        "verdicts": verdicts,
        "related_snippets": related,
        "other_comparisons": other_comparisons,
        "title_names": " vs ".join(framework.name for framework in frameworks),
    }


def _comparison_not_found(request, problem: str):
    frameworks = Framework.objects.published().only("name", "slug")
    return render(
        request,
        "comparisons/compare_not_found.html",
        {"problem": problem, "frameworks": frameworks},
        status=404,
    )


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
