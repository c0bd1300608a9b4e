"""Questionnaire pages. Views stay thin: forms validate, submissions score and save."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from comparisons.comparison import InvalidComparison, canonical_spec, parse_comparison
from comparisons.content_version import current_content_version
from comparisons.models import Framework
from comparisons.views import comparison_context
from questionnaire import scoring
from questionnaire.content import get_content
from questionnaire.forms import AdvisorForm, field_name
from questionnaire.models import ScoringSettings, Submission
from questionnaire.presentation import ResultView, personal_weighting
from questionnaire.submissions import save_submission
from questionnaire.weighing import WeightsForm, weighed_result
from stackadvisor.decorators import noindex
from stackadvisor.page_cache import cache_page_by_content, csrf_placeholder_context
from stackadvisor.throttling import throttle_posts


@require_http_methods(["GET", "HEAD", "POST"])
@throttle_posts("submissions")
# The questionnaire is the same for everyone but for the CSRF token: it is rendered once per
# content version, and each visitor gets it with their own token.
@cache_page_by_content(csrf_placeholder=True)
def advisor(request):
    """A valid submission is saved and redirected to its result; any other gets the
    questionnaire again, saying what is wrong, with status 400. Answers to questions that
    did not apply are left out, and the result page says so (a message for this visitor)."""
    content = get_content()
    if request.method != "POST":
        form = AdvisorForm(content)
        context = {"form": form, **csrf_placeholder_context(request)}
        return render(request, "questionnaire/advisor.html", context)
    form = AdvisorForm(content, data=request.POST)
    if form.is_valid():
        token = save_submission(content, form.cleaned_answers).token
        for note in form.ignored_notes():
            messages.info(request, note)
        return redirect_see_other(token)
    return render(request, "questionnaire/advisor.html", {"form": form}, status=400)


@require_safe
@cache_page_by_content
def methodology(request):
    """How a result is computed, the method's version and what changed between versions."""
    margin = ScoringSettings.objects.values_list("too_close_margin", flat=True).first() or 0
    return render(
        request,
        "questionnaire/methodology.html",
        {"method": scoring.METHOD_VERSION, "too_close_margin": margin},
    )


def redirect_see_other(token: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(reverse("questionnaire:result", kwargs={"token": token}))
    response.status_code = 303  # after a POST, the browser GETs the result page
    return response


def _submission_or_404(token) -> Submission:
    submission = get_object_or_404(Submission.objects.select_related("labels"), token=token)
    today = timezone.localdate()
    if submission.last_opened_on != today:  # once a day: see prune_submissions
        Submission.objects.filter(pk=submission.pk).update(last_opened_on=today)
    return submission


def _result_opened(request, token) -> bool:
    """Whether the result exists; if so, it is marked as opened today (once a day at most:
    results nobody opens any more are pruned, see prune_submissions)."""
    return Submission.objects.mark_opened(token)


def personal_page(view):
    """Results are personal: shared by link, kept out of shared caches and search engines.
    Applied above the page cache, which keeps only what is the same for everyone."""
    return cache_control(private=True)(noindex(view))


@require_safe
@personal_page
@cache_page_by_content(only_if=_result_opened)
def result(request, token):
    submission = _submission_or_404(token)
    view = ResultView.of(submission)
    context = {
        "submission": submission,
        "result": view,
        "content_changed": current_content_version() != submission.content_version,
        "share_url": request.build_absolute_uri(
            reverse("questionnaire:result", kwargs={"token": submission.token})
        ),
    }
    return render(request, "questionnaire/result.html", context)


@require_safe
@personal_page
def result_data(request, token):
    submission = _submission_or_404(token)
    data = ResultView.of(submission).as_data(
        submission.token, submission.content_version, current_content_version()
    )
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@require_POST
@throttle_posts("submissions")
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
    saved = save_submission(content, form.cleaned_answers, recomputed_from=submission)
    return redirect_see_other(saved.token)


def _answers_as_form_data(stored_answers: dict):
    data = QueryDict(mutable=True)
    for question_id, option_ids in stored_answers.items():
        data.setlist(field_name(int(question_id)), [str(option_id) for option_id in option_ids])
    return data


# A personalised comparison shows the result's top frameworks, as many as fit side by side.
PERSONAL_COMPARISON_SIZE = 3


@require_safe
@personal_page
@cache_page_by_content(only_if=_result_opened)
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
    weights = dict(result_view.weights)
    context.update(personal_weighting(weights, result_view.ranking, context["rows"], frameworks))
    context["submission"] = submission
    return render(request, "comparisons/compare.html", context)


@require_safe
def weighed_comparison(request, spec):
    """A comparison weighed by the importance the visitor gives each criterion on the compare
    page (``?<criterion slug>=<0–10>``), without the questionnaire: the personalised view a
    result's comparison gives. A refused importance gives a 400 with the usual weights."""
    try:
        slugs = parse_comparison(spec)
    except InvalidComparison as problem:
        raise Http404(str(problem)) from None
    canonical = canonical_spec(slugs)
    if spec != canonical:
        address = reverse("questionnaire:weighed-compare", kwargs={"spec": canonical})
        return HttpResponseRedirect(f"{address}?{request.GET.urlencode()}")
    published = list(Framework.objects.published().only("name", "slug", "language", "summary"))
    by_slug = {framework.slug: framework for framework in published}
    if any(slug not in by_slug for slug in slugs):
        raise Http404("We have no published framework by one of those names.")
    frameworks = [by_slug[slug] for slug in sorted(slugs)]
    content = get_content()
    form = WeightsForm(content.snapshot.criteria, data=request.GET)
    valid = form.is_valid()
    weights = form.weights() if valid else {c.id: c.base_importance for c in form.criteria}
    result = weighed_result(content.snapshot, slugs, weights)
    context = comparison_context(frameworks, published)
    context.update(personal_weighting(weights, result.ranking, context["rows"], frameworks))
    context.update({"weighed": True, "weight_fields": form.fields_shown(), "spec": canonical})
    return render(request, "comparisons/compare.html", context, status=200 if valid else 400)
