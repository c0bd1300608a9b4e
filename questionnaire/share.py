"""A result's link-preview picture (og:image): its best matches, as bars."""

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from comparisons.colours import framework_colour
from questionnaire.models import Submission
from questionnaire.presentation import ResultView
from stackadvisor.share_images import Bar, bar_chart_png


@require_safe
def result_image(request, token):
    submission = Submission.objects.select_related("labels").filter(token=token).first()
    if submission is None:
        raise Http404("No result has this address.")
    view = ResultView.of(submission)
    winner, runner_up = view.winner, view.runner_up
    if winner is None:
        title = "No framework fits every answer"
    elif view.outcome.too_close and runner_up is not None:
        title = f"{winner.name} or {runner_up.name}: too close to call"
    else:
        title = f"Best fit: {winner.name}"
    scale = 100.0 if view.method >= 2 else max([100.0, *(item.total for item in view.ranking)])
    png = bar_chart_png(
        title,
        "Match out of 100 for one team's answers" if view.method >= 2 else "Total points",
        [
            Bar(
                item.name,
                item.total,
                scale,
                f"{item.total:.1f}",
                framework_colour(item.framework_id),
            )
            for item in view.ranking
        ],
    )
    return HttpResponse(png, content_type="image/png")
