from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from comparisons import views as comparison_views
from comparisons.admin_matrix import ratings_matrix_view
from comparisons.sitemaps import SITEMAPS
from questionnaire.admin_analytics import analytics_view
from stackadvisor import views as site_views
from stackadvisor.admin_history import recent_changes_view

admin.site.site_header = "StackAdvisor editors"
admin.site.site_title = "StackAdvisor admin"
admin.site.index_title = "Content"

urlpatterns = [
    path("", comparison_views.home, name="home"),
    path("healthz", site_views.healthz, name="healthz"),
    path("robots.txt", site_views.robots_txt, name="robots-txt"),
    # An index of one sitemap per section; Django splits a section into pages of at most
    # 50,000 addresses (Sitemap.limit), which the index lists.
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    # Staff analytics, inside the admin (its login and look), before the admin's own pages.
    path(
        f"{settings.ADMIN_PATH}analytics/",
        admin.site.admin_view(analytics_view),
        name="admin-analytics",
    ),
    path(
        f"{settings.ADMIN_PATH}ratings-matrix/",
        admin.site.admin_view(ratings_matrix_view),
        name="admin-ratings-matrix",
    ),
    path(
        f"{settings.ADMIN_PATH}recent-changes/",
        admin.site.admin_view(recent_changes_view),
        name="admin-recent-changes",
    ),
    path(settings.ADMIN_PATH, admin.site.urls),
    # The public read API; docs/api.md describes it.
    path("api/v1/", include("questionnaire.api.urls")),
    path("", include("comparisons.urls")),
    path("", include("questionnaire.urls")),
]

handler404 = "stackadvisor.views.page_not_found"
handler500 = "stackadvisor.views.server_error"
