"""The catalogue's endpoints: frameworks, one framework, criteria, a comparison. Each reads
a fixed number of queries whatever the size of the catalogue."""

import math

from django.http import Http404
from django.urls import reverse
from ninja import Path, Query, Router
from ninja.decorators import decorate_view

from comparisons.comparison import comparison_rows
from comparisons.forms import ComparePickerForm
from comparisons.models import SLUG_PATTERN, Criterion, Framework
from comparisons.reads import published_with_details, rating_cells
from questionnaire.api.caching import CATALOGUE_CACHE_CONTROL, conditional, content_etag
from questionnaire.api.guards import only_query_params
from questionnaire.api.problems import field_error, problem
from questionnaire.api.schemas import (
    IF_NONE_MATCH,
    READ_RESPONSES,
    SLUG_MAX_LENGTH,
    CompareQuery,
    ComparisonOut,
    CriterionOut,
    FrameworkDetail,
    FrameworkFilters,
    FrameworkPage,
    Problem,
)
from questionnaire.content import get_content
from questionnaire.weighing import weighed_result

router = Router(tags=["catalogue"])


def _cached(*query_params: str):
    """Conditional GETs (ETag keyed by the content) that take only ``query_params``."""
    return decorate_view(
        conditional(content_etag, CATALOGUE_CACHE_CONTROL), only_query_params(*query_params)
    )


@router.get(
    "/frameworks",
    response={200: FrameworkPage, **READ_RESPONSES, 404: Problem},
    url_name="frameworks",
    summary="Published frameworks, filtered by language and tag, a page at a time",
)
@_cached(*FrameworkFilters.model_fields)
def list_frameworks(
    request, filters: Query[FrameworkFilters], if_none_match: str | None = IF_NONE_MATCH
):
    frameworks = Framework.objects.published()
    if filters.language:
        frameworks = frameworks.filter(languages__slug=filters.language)
    if filters.tag:
        frameworks = frameworks.filter(tags__slug=filters.tag)
    count = frameworks.count()
    pages = max(1, math.ceil(count / filters.per_page))
    if filters.page > pages:
        raise Http404(f"There are {pages} pages of {filters.per_page} frameworks.")
    start = (filters.page - 1) * filters.per_page
    shown = frameworks.prefetch_related("languages", "tags")[start : start + filters.per_page]
    return {
        "count": count,
        "page": filters.page,
        "per_page": filters.per_page,
        "pages": pages,
        "next": _page_url(request, filters.page + 1) if filters.page < pages else None,
        "previous": _page_url(request, filters.page - 1) if filters.page > 1 else None,
        "items": [_summary(request, framework) for framework in shown],
    }


def _page_url(request, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def _summary(request, framework) -> dict:
    return {
        "slug": framework.slug,
        "name": framework.name,
        "language": framework.language,
        "languages": [language.slug for language in framework.languages.all()],
        "tags": [tag.slug for tag in framework.tags.all()],
        "summary": framework.summary,
        "website": framework.website,
        "url": request.build_absolute_uri(
            reverse("api-v1:framework", kwargs={"slug": framework.slug})
        ),
        "page_url": request.build_absolute_uri(framework.get_absolute_url()),
    }


@router.get(
    "/frameworks/{slug}",
    response={200: FrameworkDetail, **READ_RESPONSES, 404: Problem},
    url_name="framework",
    summary="A published framework: its ratings with their reasons, sources and review "
    "dates, its advice snippets and who uses it",
)
@_cached()
def framework_detail(
    request,
    slug: str = Path(..., pattern=SLUG_PATTERN, max_length=SLUG_MAX_LENGTH),
    if_none_match: str | None = IF_NONE_MATCH,
):
    framework = (
        published_with_details().prefetch_related("languages", "tags").filter(slug=slug).first()
    )
    if framework is None:
        raise Http404("We have no published framework by that name.")
    return _detail(request, framework)


def _detail(request, framework) -> dict:
    return {
        **_summary(request, framework),
        "ratings": [
            {
                "criterion": rating.criterion.slug,
                "criterion_name": rating.criterion.name,
                "score": rating.score,
                "rationale": rating.rationale,
                "source": rating.source_url,
                "last_reviewed": rating.last_reviewed,
            }
            for rating in framework.ratings.all()
        ],
        "snippets": [
            {"title": snippet.title, "kind": snippet.kind, "body": snippet.body}
            for snippet in framework.snippets.all()
        ],
        "used_by": framework.used_by_list,
    }


@router.get(
    "/criteria",
    response={200: list[CriterionOut], **READ_RESPONSES},
    url_name="criteria",
    summary="The active criteria frameworks are rated on, in their order",
)
@_cached()
def list_criteria(request, if_none_match: str | None = IF_NONE_MATCH):
    return Criterion.objects.filter(active=True).only(
        "slug", "name", "description", "base_importance"
    )


@router.get(
    "/compare",
    response={200: ComparisonOut, **READ_RESPONSES},
    url_name="compare",
    summary="Two to four frameworks side by side, criterion by criterion",
)
@_cached(*CompareQuery.model_fields)
def compare(request, query: Query[CompareQuery], if_none_match: str | None = IF_NONE_MATCH):
    content = get_content()
    published = sorted(content.frameworks.values(), key=lambda f: f.slug)
    # The compare picker's own rules: known slugs, two to four of them, repeats dropped.
    form = ComparePickerForm(published, data=request.GET)
    if not form.is_valid():
        errors = [field_error(["query", "f"], message) for message in form.errors["f"]]
        return problem(400, "Those frameworks cannot be compared.", errors=errors)
    slugs = set(form.cleaned_data["f"])
    return _comparison(content, [framework for framework in published if framework.slug in slugs])


def _comparison(content, frameworks) -> dict:
    """The frameworks' rows (comparisons.comparison pivots them as the compare page does) and
    their match by the scorer with every criterion at its usual importance: two queries."""
    ratings = rating_cells([framework.id for framework in frameworks])
    criteria = list(Criterion.objects.filter(active=True).only("slug", "name", "description"))
    slug_of = {criterion.id: criterion.slug for criterion in criteria}
    weights = {criterion.id: criterion.base_importance for criterion in content.snapshot.criteria}
    slugs = [framework.slug for framework in frameworks]
    ranked = {item.slug: item for item in weighed_result(content.snapshot, slugs, weights).ranking}
    return {
        "frameworks": [
            {
                "slug": framework.slug,
                "name": framework.name,
                "language": framework.language,
                "match": round(ranked[framework.slug].total, 2),
                "position": ranked[framework.slug].position,
            }
            for framework in frameworks
        ],
        "rows": [
            {
                "criterion": slug_of[row.criterion_id],
                "name": row.name,
                "cells": [
                    {
                        "framework": framework.slug,
                        "score": cell.score,
                        "rationale": cell.rationale,
                        "source": cell.source_url,
                        "last_reviewed": cell.last_reviewed,
                        "best": cell.best,
                    }
                    for framework, cell in zip(frameworks, row.cells, strict=True)
                ],
            }
            for row in comparison_rows(frameworks, criteria, ratings)
        ],
    }
