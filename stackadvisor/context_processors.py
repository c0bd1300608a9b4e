from django.conf import settings
from django.core.exceptions import DisallowedHost


def site(request):
    """Values every page template needs (site name, canonical URL of the page)."""
    try:
        canonical_url = request.build_absolute_uri(request.path)
    except DisallowedHost:
        # The 400 page for a request naming a host this site does not answer to.
        canonical_url = None
    return {"site_name": settings.SITE_NAME, "canonical_url": canonical_url}
