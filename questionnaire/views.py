"""Questionnaire pages. Views stay thin: forms validate, services score and save."""

import functools

from django.db import connection
from django.http import Http404, HttpResponseRedirect, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import get_script_prefix, get_urlconf, reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from comparisons.content_version import current_content_version
from comparisons.models import ContentVersion, Framework
from comparisons.page_cache import (
    cache_page_by_content,
    csrf_placeholder_context,
    forgotten_when_urlconf_changes,
)
from comparisons.views import comparison_context
from questionnaire.forms import AdvisorForm, field_name, plainly_valid_submission
from questionnaire.models import Submission
from questionnaire.presentation import ResultView, personal_weighting
from questionnaire.services import get_content, last_read_content, save_submission


@require_http_methods(["GET", "HEAD", "POST"])
# The questionnaire is the same for everyone but for the CSRF token: it is rendered once per
# content version, and each visitor gets it with their own token.
@cache_page_by_content(csrf_placeholder=True)
def advisor(request):
    if request.method == "POST":
        return _submit_answers(request)
    context = {"form": AdvisorForm(get_content()), **csrf_placeholder_context(request)}
    return render(request, "questionnaire/advisor.html", context)


def _submit_answers(request):
    """A valid submission is saved and redirected to its result; any other gets the
    questionnaire again, saying what is wrong, with status 400."""
    # The usual submission costs one query: it is read and scored with the content this
    # process read last, and its INSERT writes it only if that is still the current content.
    last_read = last_read_content()
    if last_read is not None:
        read = plainly_valid_submission(last_read, request.POST)
        if read is not None:
            token = save_submission(last_read, read.answers, only_if_current=True)
            if token is not None:
                return redirect_see_other(token)
    # Otherwise (no content read yet, the content has changed since, or answers the form must
    # check) the same with the current content, read first.
    content = get_content()
    if content is not last_read:
        # The usual valid submission is read without building the form; anything else goes
        # through the form, which says what is wrong.
        read = plainly_valid_submission(content, request.POST)
        if read is not None:
            return redirect_see_other(save_submission(content, read.answers))
    form = AdvisorForm(content, data=request.POST)
    if form.is_valid():
        return redirect_see_other(save_submission(content, form.cleaned_answers))
    context = {"form": form, **csrf_placeholder_context(request)}
    return render(request, "questionnaire/advisor.html", context, status=400)


def redirect_see_other(token: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(result_url(token))
    response.status_code = 303  # after a POST, the browser GETs the result page
    return response


def _content_versions(token) -> tuple[int, int | None]:
    """The current content version, and the one this result was computed with (None when
    there is no such result).

    One plain query: cached result pages ask on every request (building it through the ORM
    costs many times what the database takes to answer)."""
    submissions = connection.ops.quote_name(Submission._meta.db_table)
    versions = connection.ops.quote_name(ContentVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT v.number, s.content_version FROM {versions} v "  # noqa: S608 - no input
            f"LEFT JOIN {submissions} s ON s.token = %s WHERE v.id = 1",
            [token],
        )
        row = cursor.fetchone()
    if row is None:  # no version row yet (a flushed test database): make it, ask again
        current_content_version()
        return _content_versions(token)
    return row[0], row[1]


def _cached_while_content_unchanged(request, token):
    """Cache a result page only while it exists and today's content is the one it was
    computed with: otherwise its page offers to recompute, a form with a CSRF token."""
    current, computed_with = _content_versions(token)
    return current, token if computed_with == current else None


def _cached_while_it_exists(request, token):
    current, computed_with = _content_versions(token)
    return current, token if computed_with is not None else None


def _submission_or_404(token):
    return get_object_or_404(
        Submission.objects.only("token", "result", "content_version", "labels", "created_at"),
        token=token,
    )


@require_safe
@cache_page_by_content(lookup=_cached_while_content_unchanged)
def result(request, token):
    submission = _submission_or_404(token)
    view = ResultView.of(submission)
    context = {
        "submission": submission,
        "result": view,
        "content_changed": current_content_version() != submission.content_version,
        "share_url": request.build_absolute_uri(result_url(submission.token)),
    }
    return render(request, "questionnaire/result.html", context)


def result_url(token: str) -> str:
    """``reverse("questionnaire:result", kwargs={"token": token})`` for a stored token.

    Every submission redirects here, and reversing costs more than the rest of the redirect:
    the address is reversed once per script prefix and URLconf, with a token standing in,
    and a token (URL-safe characters only, which reversing leaves as they are) goes in its
    place."""
    before, after = _result_url_around(get_script_prefix(), get_urlconf())
    return before + token + after


# A well-formed token that no URL pattern contains.
_STAND_IN_TOKEN = "0" * 43


@functools.lru_cache(maxsize=64)
def _result_url_around(prefix: str, urlconf) -> tuple[str, str]:
    """The result address before and after the token, under this script prefix and URLconf."""
    url = reverse("questionnaire:result", kwargs={"token": _STAND_IN_TOKEN}, urlconf=urlconf)
    before, _, after = url.partition(_STAND_IN_TOKEN)
    return before, after


forgotten_when_urlconf_changes(_result_url_around)


@require_safe
def result_data(request, token):
    submission = _submission_or_404(token)
    data = ResultView.of(submission).as_data(
        submission.token, submission.content_version, current_content_version()
    )
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@require_POST
def recompute(request, token):
    """Score the same answers with today's content, as a new result (the old one stays)."""
    submission = _submission_or_404(token)
    content = get_content()
    form = AdvisorForm(content, data=_answers_as_form_data(submission.answers))
    if not form.is_valid():
        # The questionnaire changed under these answers: let the visitor finish it, with
        # everything that still applies filled in.
        return render(
            request,
            "questionnaire/advisor.html",
            {"form": form, "recomputing": submission},
            status=400,
        )
    return redirect_see_other(
        save_submission(content, form.cleaned_answers, recomputed_from=submission)
    )


def _answers_as_form_data(stored_answers: dict):
    data = QueryDict(mutable=True)
    for question_id, option_ids in stored_answers.items():
        data.setlist(field_name(int(question_id)), [str(option_id) for option_id in option_ids])
    return data


# A personalised comparison shows the result's top frameworks, as many as fit side by side.
PERSONAL_COMPARISON_SIZE = 3


@require_safe
@cache_page_by_content(lookup=_cached_while_it_exists)
def personal_comparison(request, token):
    """The result's top frameworks side by side, weighed by the visitor's own priorities.

    Columns keep the result's order and scores, so it ranks exactly as the result did; rows
    are ordered by how much each criterion weighed for this visitor.
    """
    submission = _submission_or_404(token)
    result_view = ResultView.of(submission)
    top = result_view.ranking[:PERSONAL_COMPARISON_SIZE]
    published = list(Framework.objects.published().only("name", "slug", "language", "summary"))
    by_slug = {framework.slug: framework for framework in published}
    frameworks = [by_slug[item.slug] for item in top if item.slug in by_slug]
    if len(frameworks) < 2:
        raise Http404("This result has fewer than two frameworks still published to compare.")
    context = comparison_context(frameworks, published)
    context.update(personal_weighting(result_view, context["rows"], frameworks))
    context["submission"] = submission
    return render(request, "comparisons/compare.html", context)
