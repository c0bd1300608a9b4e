"""Reads of the catalogue that the public pages and the API share, each in a fixed number of
queries whatever the size of the catalogue."""

from django.db.models import Prefetch

from comparisons.models import AdviceSnippet, Framework, Rating


def published_with_details():
    """Published frameworks with what a framework's page shows: the active criteria's ratings
    (with their criterion) and the published snippets about it."""
    return Framework.objects.published().prefetch_related(
        Prefetch(
            "ratings",
            queryset=Rating.objects.filter(criterion__active=True).select_related("criterion"),
        ),
        Prefetch("snippets", queryset=AdviceSnippet.objects.published()),
    )


def rating_cells(framework_ids) -> dict:
    """(framework id, criterion id) → [score, rationale, source, last reviewed] of the
    frameworks' ratings on active criteria, as comparisons.comparison pivots them: one query."""
    return {
        (framework_id, criterion_id): rating
        for framework_id, criterion_id, *rating in Rating.objects.filter(
            framework_id__in=framework_ids, criterion__active=True
        ).values_list(
            "framework_id", "criterion_id", "score", "rationale", "source_url", "last_reviewed"
        )
    }
