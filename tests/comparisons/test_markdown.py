"""Editor-written Markdown is rendered inert wherever it is shown.

The same hostile body is pushed through ``render_markdown``, the ``|markdown`` template
filter, the public framework page and the admin's snippet preview.
"""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from comparisons.markdown import render_markdown

HOSTILE_BODY = (
    "<script>alert(1)</script><img src=x onerror=alert(1)>\n\n"
    '<iframe src="https://x"></iframe>\n\n'
    "<style>body{}</style>\n\n"
    "[x](javascript:alert(1))\n\n"
    '<a href="https://ok.example" onclick="evil()">ok</a>\n'
)
# The same payloads inline, inside a paragraph of ordinary text.
HOSTILE_INLINE = (
    "Hello <script>alert(1)</script> and <img src=x onerror=alert(1)> and "
    '<iframe src="https://x"></iframe> and <style>body{}</style> and '
    '[x](javascript:alert(1)) and <a href="https://ok.example" onclick="evil()">ok</a>.'
)
FORBIDDEN = ["<script", "onerror", "<iframe", "<style", "javascript:", "onclick"]

NORMAL_BODY = (
    "Pick it for **bold** reasons:\n\n"
    "- first point\n"
    "- second point\n\n"
    "Read [the guide](https://guide.example.com/start)."
)


def assert_inert(html: str) -> None:
    lowered = html.lower()
    found = [marker for marker in FORBIDDEN if marker in lowered]
    assert not found, f"unsafe markup survived: {found} in {html!r}"
    assert "alert(1)</script>" not in lowered


def render_with_filter(body: str) -> str:
    return Template("{% load markdown_extras %}{{ body|markdown }}").render(Context({"body": body}))


def preview_html(page: str) -> str:
    match = re.search(r'<div class="snippet-preview">(.*?)</div>', page, re.DOTALL)
    assert match, "the admin page has no snippet preview"
    return match.group(1)


def snippet_body_html(page: str) -> str:
    match = re.search(r'<div class="snippet-body">(.*?)</div>', page, re.DOTALL)
    assert match, "the framework page shows no snippet body"
    return match.group(1)


# --- render_markdown and the template filter ----------------------------------------------


@pytest.mark.parametrize("body", [HOSTILE_BODY, HOSTILE_INLINE], ids=["blocks", "inline"])
@pytest.mark.parametrize("render", [render_markdown, render_with_filter], ids=["func", "filter"])
def test_hostile_markup_is_rendered_inert(render, body):
    html = render(body)
    assert_inert(html)
    # What is safe is kept: the harmless link and its text.
    assert 'href="https://ok.example"' in html
    assert ">ok</a>" in html


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<iframe src="https://x"></iframe>',
        "<style>body{}</style>",
        "[x](javascript:alert(1))",
        '<a href="https://ok.example" onclick="evil()">ok</a>',
        "<SCRIPT>alert(1)</SCRIPT>",
        "[x](JaVaScRiPt:alert(1))",
        '<object data="x"></object><embed src="x">',
    ],
)
def test_each_payload_alone_is_inert(payload):
    html = render_markdown(payload)
    assert_inert(html)
    assert "<object" not in html
    assert "<embed" not in html


@pytest.mark.parametrize("render", [render_markdown, render_with_filter], ids=["func", "filter"])
def test_normal_markdown_survives(render):
    html = render(NORMAL_BODY)
    assert "<strong>bold</strong>" in html
    assert re.search(r"<ul>\s*<li>first point</li>\s*<li>second point</li>\s*</ul>", html)
    assert re.search(r'<a [^>]*href="https://guide\.example\.com/start"[^>]*>the guide</a>', html)


@pytest.mark.parametrize("render", [render_markdown, render_with_filter], ids=["func", "filter"])
def test_links_get_rel_nofollow(render):
    html = render(NORMAL_BODY + "\n\n" + HOSTILE_BODY)
    anchors = re.findall(r"<a\b[^>]*>", html)
    assert len(anchors) >= 2
    for anchor in anchors:
        rel = re.search(r'rel="([^"]*)"', anchor)
        assert rel, f"link without rel: {anchor}"
        assert "nofollow" in rel.group(1).split()


def test_filter_output_is_not_escaped_again():
    assert "&lt;strong&gt;" not in render_with_filter("**bold**")


def test_empty_body_renders_empty():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


# --- Pages that show snippets -------------------------------------------------------------


@pytest.mark.django_db
def test_public_framework_page_shows_snippet_inert(client, make_framework, make_snippet):
    framework = make_framework(published=True, slug="django")
    make_snippet(title="Careful advice", body=HOSTILE_BODY, frameworks=[framework])

    response = client.get(f"/frameworks/{framework.slug}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Careful advice" in page
    body = snippet_body_html(page)
    assert 'href="https://ok.example"' in body
    assert_inert(body)
    assert_inert(page)  # the public page carries no scripts of its own


@pytest.mark.django_db
def test_public_framework_page_renders_markdown(client, make_framework, make_snippet):
    framework = make_framework(published=True)
    make_snippet(body=NORMAL_BODY, frameworks=[framework])

    body = snippet_body_html(client.get(framework.get_absolute_url()).content.decode())

    assert "<strong>bold</strong>" in body
    assert "<li>first point</li>" in body


@pytest.mark.django_db
def test_admin_snippet_preview_is_inert(admin_client, make_snippet):
    snippet = make_snippet(body=HOSTILE_BODY)

    response = admin_client.get(
        reverse("admin:comparisons_advicesnippet_change", args=[snippet.pk])
    )

    assert response.status_code == 200
    page = response.content.decode()
    preview = preview_html(page)
    assert 'href="https://ok.example"' in preview
    assert_inert(preview)
    # The raw body is still editable, but only escaped inside the textarea.
    assert "alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.django_db
def test_admin_snippet_preview_renders_markdown(admin_client, make_snippet):
    snippet = make_snippet(body=NORMAL_BODY)

    response = admin_client.get(
        reverse("admin:comparisons_advicesnippet_change", args=[snippet.pk])
    )

    preview = preview_html(response.content.decode())
    assert "<strong>bold</strong>" in preview
    assert "nofollow" in preview
