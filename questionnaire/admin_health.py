"""The "Content health" admin page (/admin/content-health/): questionnaire.health's report.

Staff only (the admin's login), and only for those with the ``view_content_health``
permission (migration 0013 gives it to the Editors group): a staff user without it gets 403.
"""

from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from questionnaire.content import get_content
from questionnaire.health import build_report

PERMISSION = "questionnaire.view_content_health"


def content_health(request, site: AdminSite):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    context = {
        **site.each_context(request),
        "title": "Content health",
        # The published content's snapshot, as visitors are scored against it.
        "report": build_report(get_content().snapshot, timezone.localdate()),
    }
    return TemplateResponse(request, "admin/content_health.html", context)


def add_to(site: AdminSite) -> None:
    """Serve the page from ``site``'s URLs, as ``admin:content-health``.

    ``admin_view`` sends a visitor who is not logged in as staff to the login page and
    marks the response never to be cached."""
    site_urls = site.get_urls

    def get_urls():
        view = site.admin_view(lambda request: content_health(request, site))
        # Ahead of the site's own URLs, which end with a catch-all.
        return [path("content-health/", view, name="content-health"), *site_urls()]

    site.get_urls = get_urls
