"""Validators for the API's GETs: an ETag per address and content state, so that a client (or
a cache) holding the current representation gets 304 Not Modified for the price of reading the
content version, before anything is loaded, pivoted or scored.

A representation changes only when the content changes (every content write bumps its
version, comparisons.content_version) or when this API's output changes on a deploy
(REPRESENTATION, below). Results also say whether the content changed since they were made,
so theirs are keyed by the content state too.
"""

import functools
import hashlib

from django.utils.cache import get_conditional_response

from comparisons.content_version import current_content_state
from questionnaire.models import Submission

# Bump when a deploy changes what an address returns for the same content, so that no client
# keeps an older representation as current.
REPRESENTATION = 1
# The catalogue may be kept a minute by anyone, then revalidated (cheaply, with the ETag);
# results are personal, as on the site: never in a shared cache.
CATALOGUE_CACHE_CONTROL = "public, max-age=60"
RESULT_CACHE_CONTROL = "private, no-cache"


def _etag(request, number: int, stamp: str) -> str:
    key = f"{REPRESENTATION}\n{number}\n{stamp}\n{request.get_full_path()}"
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def content_etag(request, **kwargs) -> str:
    """The address's ETag under the current content."""
    return _etag(request, *current_content_state())


def result_etag(request, token: str, **kwargs) -> str | None:
    """None when there is no such result (the endpoint then answers 404). Asking for a result,
    conditionally or not, counts as opening it (see prune_submissions)."""
    if not Submission.objects.mark_opened(token):
        return None
    return content_etag(request)


def conditional(etag_of, cache_control: str):
    """A view decorator (for django-ninja's decorate_view): 304 when the client's
    If-None-Match holds the current ETag, without running the endpoint; otherwise the
    endpoint's response, with ETag and Cache-Control when it is a 200."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            etag = etag_of(request, **kwargs)
            if etag is None:
                return view(request, *args, **kwargs)
            not_modified = get_conditional_response(request, etag=etag)
            response = not_modified or view(request, *args, **kwargs)
            if response.status_code in (200, 304):
                response["ETag"] = etag
                response["Cache-Control"] = cache_control
            return response

        return wrapper

    return decorator
