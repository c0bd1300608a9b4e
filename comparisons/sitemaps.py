"""The sitemaps: the site's pages, framework pages and every pair of published frameworks,
each a section of the sitemap index at /sitemap.xml (pages of at most 50,000 addresses)."""

import itertools

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from comparisons.comparison import canonical_spec
from comparisons.models import Framework


class StaticPagesSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return ["home", "comparisons:framework-list", "comparisons:compare-redirect"]

    def location(self, item):
        return reverse(item)


class FrameworkSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Framework.objects.published().only("slug", "updated_at").order_by("slug")

    def lastmod(self, framework):
        return framework.updated_at


class ComparisonSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        slugs = sorted(Framework.objects.published().values_list("slug", flat=True))
        return [canonical_spec(pair) for pair in itertools.combinations(slugs, 2)]

    def location(self, spec):
        return reverse("comparisons:compare", kwargs={"spec": spec})


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "frameworks": FrameworkSitemap,
    "comparisons": ComparisonSitemap,
}
