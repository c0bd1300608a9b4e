from django.conf import settings
from django.core.exceptions import DisallowedHost

# Pages with a link-preview picture of their own, served at the page's address + "og.png".
SHARE_IMAGE_PAGES = {"comparisons:compare", "questionnaire:result"}


def site(request):
    """Values every page template needs (site name, canonical URL of the page, and its
    link-preview picture where it has one)."""
    try:
        canonical_url = request.build_absolute_uri(request.path)
    except DisallowedHost:
        # The 400 page for a request naming a host this site does not answer to.
        canonical_url = None
    match = getattr(request, "resolver_match", None)
    share_image = None
    if canonical_url and match is not None and match.view_name in SHARE_IMAGE_PAGES:
        share_image = canonical_url + "og.png"
    return {
        "site_name": settings.SITE_NAME,
        "canonical_url": canonical_url,
        "share_image": share_image,
    }
