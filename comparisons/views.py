"""Public pages about frameworks. Views stay thin: queries live in querysets and services."""

import itertools
import logging

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from comparisons.colours import framework_colour
from comparisons.comparison import (
    IMPORTANCE_SCALE,
    MAX_FRAMEWORKS,
    MIN_FRAMEWORKS,
    ONLY_DIFFERENCES,
    InvalidComparison,
    addable,
    canonical_spec,
    comparison_rows,
    differing_rows,
    parse_comparison,
    ratings_chart,
    removal_specs,
)
from comparisons.forms import ComparePickerForm, FrameworkFilterForm
from comparisons.models import AdviceSnippet, Criterion, Framework, Language, Tag
from comparisons.reads import published_with_details, rating_cells
from stackadvisor.page_cache import cache_page_by_content

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


def _unfiltered(request) -> bool:
    return not request.GET


@require_safe
@cache_page_by_content(only_if=_unfiltered)
def framework_list(request):
    """The grid of published frameworks, filtered by ?language= and ?tag=, with boxes that
    send the ticked ones to the compare picker."""
    published = Framework.objects.published()
    languages = Language.objects.filter(frameworks__in=published).distinct()
    tags = Tag.objects.filter(frameworks__in=published).distinct()
    bound = "language" in request.GET or "tag" in request.GET
    form = FrameworkFilterForm(languages, tags, data=request.GET if bound else None)
    frameworks = published.prefetch_related("languages", "tags")
    status = 200
    if bound and form.is_valid():
        frameworks = form.filter(frameworks)
    elif bound:
        status = 400
    return render(
        request,
        "comparisons/framework_list.html",
        {"frameworks": frameworks, "form": form, "filtered": bound and status == 200},
        status=status,
    )


@require_safe
@cache_page_by_content
def framework_detail(request, slug):
    framework = get_object_or_404(published_with_details(), slug=slug)
    others = [
        (other, canonical_spec([framework.slug, other.slug]))
        for other in Framework.objects.published().exclude(pk=framework.pk).only("name", "slug")
    ]
    return render(
        request,
        "comparisons/framework_detail.html",
        {"framework": framework, "comparisons": others},
    )


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


def _all_criteria(request, spec) -> bool:
    """Only the page of every criterion is cached: the cache ignores the query string, so a
    filtered page (or a refused filter) must never be stored or served as that page."""
    return "only" not in request.GET


@require_safe
@cache_page_by_content(only_if=_all_criteria)
def compare(request, spec):
    """Two to four frameworks side by side; ?only=differences keeps the rows where they are
    not all rated the same. Any other ?only= is refused (400) with the whole comparison."""
    try:
        slugs = parse_comparison(spec)
    except InvalidComparison as problem:
        return _comparison_not_found(request, str(problem))
    published = list(Framework.objects.published().only("name", "slug", "language", "summary"))
    by_slug = {framework.slug: framework for framework in published}
    missing = [slug for slug in slugs if slug not in by_slug]
    if missing:
        return _comparison_not_found(
            request, f"We have no published framework called “{', '.join(missing)}”."
        )
    # Only an address that names real frameworks is worth a permanent redirect; it keeps
    # the query string (?only=differences stays on).
    canonical = canonical_spec(slugs)
    if spec != canonical:
        query = request.GET.urlencode()
        target = reverse("comparisons:compare", kwargs={"spec": canonical})
        return redirect(f"{target}?{query}" if query else target, permanent=True)
    frameworks = [by_slug[slug] for slug in sorted(slugs)]
    context = comparison_context(frameworks, published)
    only = request.GET.getlist("only")
    filtered = only == [ONLY_DIFFERENCES]
    context.update(_changes(canonical, frameworks, published, context["rows"], filtered))
    if only and not filtered:
        context["only_problem"] = (
            f"“{' '.join(only)}” is not a way to narrow this comparison (only "
            f"“{ONLY_DIFFERENCES}” is), so here are all the criteria."
        )
        return render(request, "comparisons/compare.html", context, status=400)
    if filtered:
        context["rows"] = context["differing_rows"]
        context["chart"] = ratings_chart(context["rows"], colours_of(frameworks))
    return render(request, "comparisons/compare.html", context)


def _changes(spec, frameworks, published, rows, filtered: bool) -> dict:
    """What the compare page needs to show only the differences, and to remove or add a
    framework. A removal keeps the differences-only view; an addition goes through the
    picker (/compare/?f=…), which leads to the whole comparison at its canonical address."""
    query = f"?only={ONLY_DIFFERENCES}" if filtered else ""
    by_slug = {framework.slug: framework for framework in frameworks}
    return {
        "only_differences": filtered,
        "only_differences_value": ONLY_DIFFERENCES,
        "compare_path": reverse("comparisons:compare", kwargs={"spec": spec}),
        "criteria_count": len(rows),
        "differing_rows": differing_rows(rows),
        "removals": [
            (by_slug[slug], reverse("comparisons:compare", kwargs={"spec": without}) + query)
            for slug, without in removal_specs(by_slug)
        ],
        "additions": addable(by_slug, published),
        "max_frameworks": MAX_FRAMEWORKS,
        "names_listed": _listed([framework.name for framework in frameworks]),
    }


def _listed(names: list[str]) -> str:
    """['A', 'B', 'C'] → 'A, B and C'."""
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


def comparison_context(frameworks, published) -> dict:
    """Rows, verdicts and related links for the selected frameworks (in the order given),
    in three queries: criteria, their ratings (with their sources and review dates), the
    snippets about them."""
    ids = [framework.id for framework in frameworks]
    criteria = list(
        Criterion.objects.filter(active=True).only("name", "slug", "description", "base_importance")
    )
    ratings = rating_cells(ids)
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
        "chart": ratings_chart(rows, colours_of(frameworks)),
        # (framework, its colour): the chart's legend.
        "legend": list(zip(frameworks, colours_of(frameworks), strict=True)),
        "verdicts": verdicts,
        "related_snippets": related,
        "other_comparisons": other_comparisons,
        "title_names": " vs ".join(framework.name for framework in frameworks),
        "spec": canonical_spec(framework.slug for framework in frameworks),
        # The "weigh them by your priorities" form: each criterion at its usual importance.
        "weight_fields": [
            {"slug": c.slug, "name": c.name, "value": c.base_importance} for c in criteria
        ],
        "importance_scale": IMPORTANCE_SCALE,
    }


def colours_of(frameworks) -> list[str]:
    return [framework_colour(framework.id) for framework in frameworks]


def _comparison_not_found(request, problem: str):
    frameworks = Framework.objects.published().only("name", "slug")
    return render(
        request,
        "comparisons/compare_not_found.html",
        {"problem": problem, "frameworks": frameworks},
        status=404,
    )
