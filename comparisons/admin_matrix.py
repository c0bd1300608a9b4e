"""The ratings matrix for editors: every framework (a row) against every active criterion (a
column), each cell its rating, marked when missing or not reviewed for 12 months. Frameworks
are rows so that the page never scrolls sideways however many there are."""

import datetime

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from comparisons.models import Criterion, Framework, Rating

PERMISSION = "comparisons.view_rating"
STALE_AFTER = datetime.timedelta(days=365)


def matrix_rows(frameworks, criteria, ratings, today) -> list[dict]:
    """Per framework, a cell per criterion: (state, text, address), state one of "missing",
    "stale" and "ok"."""
    rows = []
    for framework in frameworks:
        cells = []
        for criterion in criteria:
            rating = ratings.get((framework.pk, criterion.pk))
            if rating is None:
                address = reverse("admin:comparisons_framework_change", args=[framework.pk])
                cells.append({"state": "missing", "text": "missing", "address": address})
                continue
            reviewed = rating.last_reviewed
            stale = reviewed is None or today - reviewed > STALE_AFTER
            cells.append(
                {
                    "state": "stale" if stale else "ok",
                    "text": f"{rating.score}/5" + (" (stale)" if stale else ""),
                    "address": reverse("admin:comparisons_rating_change", args=[rating.pk]),
                }
            )
        rows.append({"framework": framework, "cells": cells})
    return rows


def ratings_matrix_view(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    frameworks = list(Framework.objects.order_by("name").only("name", "published"))
    criteria = list(Criterion.objects.filter(active=True).only("name"))
    ratings = {
        (rating.framework_id, rating.criterion_id): rating
        for rating in Rating.objects.filter(criterion__active=True).only(
            "framework_id", "criterion_id", "score", "last_reviewed"
        )
    }
    rows = matrix_rows(frameworks, criteria, ratings, timezone.localdate())
    context = {
        **admin.site.each_context(request),
        "title": "Ratings matrix",
        "criteria": criteria,
        "rows": rows,
        "missing": sum(cell["state"] == "missing" for row in rows for cell in row["cells"]),
        "stale": sum(cell["state"] == "stale" for row in rows for cell in row["cells"]),
    }
    return render(request, "admin/ratings_matrix.html", context)
