from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from comparisons import views as comparison_views
from comparisons.sitemaps import SITEMAPS
from stackadvisor import views as site_views

admin.site.site_header = "StackAdvisor editors"
admin.site.site_title = "StackAdvisor admin"
admin.site.index_title = "Content"

urlpatterns = [
    path("", comparison_views.home, name="home"),
    path("healthz", site_views.healthz, name="healthz"),
    path("robots.txt", site_views.robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("", include("comparisons.urls")),
    path("", include("questionnaire.urls")),
]

handler404 = "stackadvisor.views.page_not_found"
handler500 = "stackadvisor.views.server_error"
