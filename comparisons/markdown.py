"""Editor-written Markdown to HTML that is safe to put on a public page.

Markdown lets raw HTML through, so its output goes through nh3 (the Ammonia sanitiser): an
allow-list of tags and attributes, so no script, iframe, style or on* handler survives, and
links get rel="noopener noreferrer nofollow".
"""

import functools
import threading

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


_converters = threading.local()


def _to_html(text: str) -> str:
    # One converter per thread, reset between texts: building one costs more than most
    # conversions.
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = markdown_lib.Markdown(output_format="html")
    return converter.reset().convert(text)


# The same texts (advice, verdicts) are shown again and again.
@functools.lru_cache(maxsize=2048)
def render_markdown(text: str) -> SafeString:
    html = _to_html(text or "")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        # Drop the contents of dangerous elements too, not just the tags around them.
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template"},
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above
