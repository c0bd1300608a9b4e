from django.conf import settings


def site(request):
    """Values every page template needs (site name, canonical URL of the page)."""
    return {
        "site_name": settings.SITE_NAME,
        "canonical_url": request.build_absolute_uri(request.path),
    }
