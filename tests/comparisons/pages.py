"""Helpers for the tests of the public comparison pages: addresses, the published
frameworks, links and snippet text as the pages show them. Expected values come from the
database rows, never from copies of the page text."""

import html
import re

from django.urls import reverse
from django.utils.html import strip_tags

from comparisons.markdown import render_markdown
from comparisons.models import AdviceSnippet, Framework

STARTING_SPECS = [
    "django-vs-express",
    "django-vs-flask",
    "express-vs-flask",
    "django-vs-express-vs-flask",
]
COMPARE_LINK = re.compile(r"^/compare/([^/?]+)/$")


def compare_url(spec: str) -> str:
    return reverse("comparisons:compare", kwargs={"spec": spec})


def published() -> list[Framework]:
    return list(Framework.objects.published())


def visible_text(markdown: str) -> str:
    """A snippet body as the page shows it once tags are gone."""
    return " ".join(html.unescape(strip_tags(render_markdown(markdown))).split())


def links(page, pattern=COMPARE_LINK) -> list[str]:
    """Every ``a`` href on the page matching ``pattern``, in document order."""
    return [a["href"] for a in page.find_all("a") if pattern.match(a.get("href", ""))]


def remove_links(page) -> list[str]:
    """The href of every "Remove" link of a compare page, in document order."""
    return [a["href"] for a in page.find_all("a", class_="compare-remove")]


def suggested_links(page) -> list[str]:
    """Links to other comparisons (see ``links``), leaving out the "Remove" links."""
    removals = set(remove_links(page))
    return [href for href in links(page) if href not in removals]


def link_texts(page, href: str) -> list[str]:
    return [text for tag, attrs, text in page.elements if tag == "a" and attrs.get("href") == href]


def template_names(response) -> list[str]:
    return [template.name for template in response.templates]


def verdicts_of(framework) -> list[AdviceSnippet]:
    return list(
        AdviceSnippet.objects.published().filter(
            kind=AdviceSnippet.Kind.VERDICT, frameworks=framework
        )
    )
