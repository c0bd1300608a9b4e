"""What search engines see: sitemap.xml, robots.txt, and the head of every public page."""

import html
import itertools
import re
import xml.etree.ElementTree as ET  # noqa: S405 - parses our own sitemap, not untrusted input

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from comparisons.comparison import canonical_spec
from comparisons.models import Framework

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def absolute(path: str) -> str:
    return ORIGIN + path


def compare_url(spec: str) -> str:
    return reverse("comparisons:compare", kwargs={"spec": spec})


def xml_of(client, path: str):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314


def sitemaps_listed(client) -> list[str]:
    """The sitemaps /sitemap.xml, a sitemap index, lists."""
    index = xml_of(client, reverse("sitemap"))
    return [loc.text for loc in index.findall("s:sitemap/s:loc", SITEMAP_NS)]


def sitemap_locations(client) -> list[str]:
    """Every address of every sitemap the index lists."""
    return [
        loc.text
        for sitemap in sitemaps_listed(client)
        for loc in xml_of(client, sitemap.removeprefix(ORIGIN)).findall("s:url/s:loc", SITEMAP_NS)
    ]


@pytest.fixture
def site(article_content, make_published_framework):
    """The starting content, a fourth published framework and an unpublished (complete) one."""
    make_published_framework(name="Hono", slug="hono")
    hidden = make_published_framework(
        name="Hidden Framework", slug="hidden-framework", published=False
    )
    return hidden


# --- sitemap.xml ------------------------------------------------------------------------------


def test_sitemap_lists_home_frameworks_and_every_pair(client, site):
    published = sorted(Framework.objects.published().values_list("slug", flat=True))
    assert len(published) == 4

    locations = sitemap_locations(client)

    assert len(locations) == len(set(locations)), "no address twice"
    assert absolute(reverse("home")) in locations
    for slug in published:
        assert absolute(reverse("comparisons:framework-detail", kwargs={"slug": slug})) in (
            locations
        )
    pairs = {
        absolute(compare_url(canonical_spec(pair))) for pair in itertools.combinations(published, 2)
    }
    assert len(pairs) == 6
    assert pairs <= set(locations)
    comparisons = {loc for loc in locations if "/compare/" in loc and loc != absolute("/compare/")}
    assert comparisons == pairs  # pairs only, each once, at its canonical (sorted) address


def test_sitemap_leaves_out_unpublished_frameworks(client, site):
    locations = sitemap_locations(client)

    assert not [loc for loc in locations if site.slug in loc]
    assert absolute(site.get_absolute_url()) not in locations


def test_every_sitemap_address_answers_200_without_a_redirect(client, site):
    for location in sitemap_locations(client):
        assert location.startswith(ORIGIN + "/")
        response = client.get(location.removeprefix(ORIGIN))
        assert response.status_code == 200, location


def test_sitemap_follows_publishing(client, site):
    site.published = True
    site.save()

    locations = sitemap_locations(client)

    assert absolute(site.get_absolute_url()) in locations
    assert absolute(compare_url(canonical_spec(["django", site.slug]))) in locations


def test_sitemap_is_an_index_of_sections_paged_before_50000_addresses(client, site, monkeypatch):
    from comparisons.sitemaps import SITEMAPS

    assert all(section.limit == 50_000 for section in SITEMAPS.values())
    assert sitemaps_listed(client) == [
        absolute(f"/sitemap-{section}.xml") for section in ("pages", "frameworks", "comparisons")
    ]
    every_address = sitemap_locations(client)
    pairs = len(list(itertools.combinations(Framework.objects.published(), 2)))
    assert pairs == 6

    # A section with more addresses than a sitemap may hold is split into pages.
    monkeypatch.setattr(SITEMAPS["comparisons"], "limit", 4)
    listed = sitemaps_listed(client)
    assert listed[-2:] == [
        absolute("/sitemap-comparisons.xml"),
        absolute("/sitemap-comparisons.xml?p=2"),
    ]
    assert sitemap_locations(client) == every_address
    assert client.get("/sitemap-comparisons.xml?p=3").status_code == 404
    assert client.get("/sitemap-nosuch.xml").status_code == 404


@pytest.mark.parametrize("slugs", [("next-vs", "nuxt"), ("vs-next", "a"), ("vs", "nuxt")])
def test_a_framework_whose_slug_would_make_its_comparison_ambiguous_cannot_be_stored(
    client, make_framework, slugs
):
    # "next-vs" + "-vs-" + "nuxt" reads back as "next" and "vs-nuxt": either the database
    # refuses such a slug, or the comparison at that address must work.
    try:
        with transaction.atomic():
            for slug in slugs:
                make_framework(name=slug.title(), slug=slug, published=True)
    except IntegrityError:
        return
    (location,) = [loc for loc in sitemap_locations(client) if "-vs-" in loc]
    assert location == absolute(compare_url(canonical_spec(slugs)))
    assert client.get(location.removeprefix(ORIGIN)).status_code == 200, (
        f"{location} is in the sitemap but not found"
    )


@pytest.mark.parametrize(
    "slugs", [("devs", "vsphere"), ("kit-vs2", "nuxt"), ("canvas-kit", "vsx", "a-b-c")]
)
def test_slugs_with_vs_inside_a_word_get_working_comparison_addresses(
    client, make_framework, slugs
):
    for slug in slugs:
        make_framework(name=slug.title(), slug=slug, published=True)

    locations = [loc for loc in sitemap_locations(client) if "-vs-" in loc]

    assert len(locations) == len(list(itertools.combinations(slugs, 2)))
    for location in locations:
        assert client.get(location.removeprefix(ORIGIN)).status_code == 200, location


# --- robots.txt -------------------------------------------------------------------------------


def test_robots_txt_points_to_the_sitemap_and_keeps_private_pages_out(client, site):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {absolute(reverse('sitemap'))}" in lines
    assert f"Disallow: {reverse('admin:index')}" in lines
    assert "Disallow: /admin/" in lines  # the default admin address (tests/settings.py)
    result_path = reverse("questionnaire:result", kwargs={"token": "a" * 22})
    assert "Disallow: /results/" in lines and result_path.startswith("/results/")
    disallowed = [line.removeprefix("Disallow: ") for line in lines if line.startswith("Disallow")]
    for public in ("/", "/frameworks/", "/compare/", "/advisor/", compare_url("django-vs-flask")):
        assert not any(public.startswith(prefix) for prefix in disallowed), public


def test_robots_txt_uses_the_host_it_is_served_on(client, site, settings):
    settings.ALLOWED_HOSTS = ["stackadvisor.example"]

    response = client.get("/robots.txt", headers={"host": "stackadvisor.example"}, secure=True)

    assert "Sitemap: https://stackadvisor.example/sitemap.xml" in response.content.decode()


# --- The head of every public page ------------------------------------------------------------

# (address asked for, canonical address)
PUBLIC_PAGES = [
    ("/", "/"),
    ("/?utm_source=newsletter", "/"),
    ("/frameworks/", "/frameworks/"),
    ("/frameworks/django/", "/frameworks/django/"),
    ("/frameworks/hono/", "/frameworks/hono/"),
    ("/compare/django-vs-express/", "/compare/django-vs-express/"),
    ("/compare/express-vs-django/", "/compare/django-vs-express/"),
    ("/compare/Flask-vs-Express-vs-Django/", "/compare/django-vs-express-vs-flask/"),
    (
        "/compare/hono-vs-flask-vs-express-vs-django/",
        canonical_spec(["django", "express", "hono", "flask"]),
    ),
    ("/compare/", "/compare/"),
    ("/compare/?utm_source=newsletter", "/compare/"),
    ("/advisor/", "/advisor/"),
]


def head_tags(markup: str) -> dict:
    """The <head>'s title, canonical links and meta tags (by name or property)."""
    head = markup.split("</head>", 1)[0]
    titles = re.findall(r"<title>(.*?)</title>", head, re.DOTALL)
    canonicals = re.findall(r'<link rel="canonical" href="([^"]*)">', head)
    meta = {}
    for _attribute, key, content in re.findall(
        r'<meta (name|property)="([^"]+)" content="([^"]*)">', head
    ):
        meta.setdefault(key, []).append(content)
    return {"titles": titles, "canonicals": canonicals, "meta": meta}


@pytest.mark.parametrize(("path", "canonical"), PUBLIC_PAGES)
def test_public_page_has_one_canonical_link_and_its_meta_tags(client, site, path, canonical):
    if not canonical.startswith("/"):
        canonical = compare_url(canonical)

    response = client.get(path, follow=True)

    assert response.status_code == 200
    assert response.request["PATH_INFO"] == canonical
    markup = response.content.decode()
    assert markup.count('rel="canonical"') == 1
    head = head_tags(markup)
    assert head["canonicals"] == [absolute(canonical)]
    (title,) = head["titles"]
    assert title.strip(), "a non-empty title"
    assert "<" not in title and "\n" not in title.strip(), f"markup in the title: {title!r}"
    meta = head["meta"]
    assert len(meta.get("description", [])) == 1 and meta["description"][0].strip()
    for key in ("og:title", "og:description"):
        assert len(meta.get(key, [])) == 1 and meta[key][0].strip(), key
    assert meta["og:url"] == [absolute(canonical)]


@pytest.mark.parametrize("spec", ["django-vs-express", "django-vs-express-vs-flask"])
def test_compare_page_title_and_description_name_the_frameworks(client, site, spec):
    names = [Framework.objects.get(slug=slug).name for slug in spec.split("-vs-")]

    head = head_tags(client.get(compare_url(spec)).content.decode())

    joined = " vs ".join(names)
    assert head["titles"][0].startswith(joined)
    assert joined in head["meta"]["description"][0]
    assert joined in head["meta"]["og:title"][0]


def test_framework_page_title_and_description_come_from_the_framework(client, site):
    django = Framework.objects.get(slug="django")

    head = head_tags(client.get(django.get_absolute_url()).content.decode())

    assert head["titles"][0].startswith(django.name)
    description = head["meta"]["description"][0]
    assert len(description) <= 155
    assert django.summary.startswith(html.unescape(description).removesuffix("…"))


def test_pages_that_are_not_found_ask_not_to_be_indexed(client, site):
    markup = client.get(compare_url("django-vs-nosuch")).content.decode()

    assert head_tags(markup)["meta"]["robots"] == ["noindex"]
