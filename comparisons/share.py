"""A comparison's link-preview picture (og:image): each framework's average rating over the
active criteria, as bars."""

from django.db.models import Avg, Count, Q
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from comparisons.colours import framework_colour
from comparisons.comparison import InvalidComparison, canonical_spec, parse_comparison
from comparisons.models import Framework
from stackadvisor.page_cache import cache_page_by_content
from stackadvisor.share_images import Bar, bar_chart_png


@require_safe
@cache_page_by_content
def compare_image(request, spec):
    try:
        slugs = parse_comparison(spec)
    except InvalidComparison as problem:
        raise Http404(str(problem)) from None
    if spec != canonical_spec(slugs):
        raise Http404("Only a comparison's canonical address has a picture.")
    active = Q(ratings__criterion__active=True)
    frameworks = list(
        Framework.objects.published()
        .filter(slug__in=slugs)
        .annotate(
            average=Avg("ratings__score", filter=active), rated=Count("ratings", filter=active)
        )
        .order_by("slug")
    )
    if len(frameworks) != len(slugs):
        raise Http404("We have no published framework by one of those names.")
    criteria = max((framework.rated for framework in frameworks), default=0)
    png = bar_chart_png(
        " vs ".join(framework.name for framework in frameworks),
        f"Average rating over {criteria} criteria, each with its reason",
        [
            Bar(f.name, f.average or 0, 5, f"{f.average or 0:.1f} / 5", framework_colour(f.id))
            for f in frameworks
        ],
    )
    return HttpResponse(png, content_type="image/png")
