"""Whole-page caching of public pages, keyed by the content version, on Django's cache API.

A stored page is the view's own response (status, body, headers), served again as it was; the
middleware then adds its headers (security, CSP) as on any response. The key holds the content
version, so an edit made through any worker is seen by the next request everywhere, and the
previous version's pages simply expire.

A page is stored only when it is the same for every visitor: not when the view answered
anything but 200, set a cookie, read the session, showed the visitor's messages, made a CSRF
token or a CSP nonce, or said Cache-Control private/no-store. The questionnaire is the same for
everyone but for its CSRF token: with ``csrf_placeholder=True`` it is rendered once with a
placeholder where the token goes (see ``csrf_placeholder_context``), and each visitor gets it
with their own token put in.

Pages are stored in the shared cache (Redis in production), and each process keeps those it
served lately in its own memory too (the "local" cache, Django's LocMemCache): a key's page
never changes, so that copy is never wrong, and it spares a round trip to Redis.

PAGE_CACHE_SECONDS (default 3600) bounds how long an unused page takes room; 0 turns it off.
"""

import functools
import hashlib
import secrets

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token

from comparisons.content_version import current_content_state
from stackadvisor.cache import cache_get, cache_set

DEFAULT_PAGE_CACHE_SECONDS = 3600
# Headers that belong to one response, not to the page.
_PRIVATE = {"set-cookie", "vary", "date", "expires", "last-modified", "etag"}
_NOT_SHAREABLE_CACHE_CONTROL = ("private", "no-store", "no-cache")


def page_cache_seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", DEFAULT_PAGE_CACHE_SECONDS))


def cache_page_by_content(view=None, *, csrf_placeholder: bool = False, only_if=None):
    """Cache a GET view's page per content version and address (scheme, host and path: not
    the query string, which these views ignore).

    ``only_if(request, *args, **kwargs)``, given the view's arguments, says whether the cache
    may be used for this request at all (a result page: only while the result exists).
    """

    def decorator(view_func):
        @functools.wraps(view_func)
        def wrapper(request, *args, **kwargs):
            timeout = page_cache_seconds()
            if (
                request.method not in ("GET", "HEAD")
                or timeout <= 0
                or (only_if is not None and not only_if(request, *args, **kwargs))
            ):
                return view_func(request, *args, **kwargs)
            state = current_content_state()
            key = _cache_key(request, view_func, state)
            stored = _stored(key, timeout)
            if stored is not None:
                return _rebuild(request, stored)
            placeholder = secrets.token_hex(16) if csrf_placeholder else None
            response = _render(request, placeholder, view_func, args, kwargs)
            if not shareable(request, response, placeholder):
                return _with_token(request, response, placeholder)
            entry = _entry(response, placeholder)
            # Only store when no edit landed while the page was made, so that a key never
            # holds a page of another version.
            if current_content_state() == state:
                _store(key, entry, timeout)
            return _rebuild(request, entry)

        return wrapper

    return decorator(view) if view is not None else decorator


def _stored(key: str, timeout: int) -> dict | None:
    """The page stored under ``key``: this process's copy, else the shared cache's."""
    local = caches["local"]
    stored = local.get(key)
    if stored is None:
        stored = cache_get(key)
        if stored is not None:
            local.set(key, stored, timeout)
    return stored


def _store(key: str, entry: dict, timeout: int) -> None:
    cache_set(key, entry, timeout)
    caches["local"].set(key, entry, timeout)


def _render(request, placeholder, view_func, args, kwargs):
    request.page_cache_csrf_placeholder = placeholder
    try:
        return view_func(request, *args, **kwargs)
    finally:
        del request.page_cache_csrf_placeholder


def _entry(response, placeholder: str | None) -> dict:
    return {
        "status": response.status_code,
        "content": response.content,
        "headers": [
            (name, value) for name, value in response.items() if name.lower() not in _PRIVATE
        ],
        "csrf_placeholder": placeholder,
    }


def csrf_placeholder_context(request) -> dict:
    """Template context for a view cached with ``csrf_placeholder=True``: while its page is
    rendered for the cache, ``{% csrf_token %}`` prints the placeholder instead of a token."""
    placeholder = getattr(request, "page_cache_csrf_placeholder", None)
    return {"csrf_token": placeholder} if placeholder else {}


def shareable(request, response, placeholder: str | None = None) -> bool:
    """True when this response may be served to every visitor of the same address."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # get_token() ran: the page has a token
        return False
    session = getattr(request, "session", None)
    if session is not None and session.accessed:  # the page may depend on who is logged in
        return False
    if getattr(get_messages(request), "used", False):  # it showed this visitor's messages
        return False
    if getattr(request, "csp_nonce", None):  # true once the nonce was made for this page
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in _NOT_SHAREABLE_CACHE_CONTROL):
        return False
    if "cookie" in response.get("Vary", "").lower():
        return False
    # A token that got in some other way than through the placeholder.
    content = response.content
    return b"csrfmiddlewaretoken" not in content or bool(
        placeholder and placeholder.encode() in content
    )


def _cache_key(request, view_func, state: tuple[int, str]) -> str:
    """The content version and its stamp name one committed state of the content for good,
    even where numbers repeat (a database restored from a backup and edited again)."""
    address = f"{request.scheme}://{request.get_host()}{request.path}"
    view_name = f"{view_func.__module__}.{view_func.__qualname__}"
    digest = hashlib.sha256(f"{view_name}\n{address}".encode()).hexdigest()
    number, stamp = state
    return f"page:{number}:{stamp}:{digest}"


def _rebuild(request, entry: dict) -> HttpResponse:
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    return _with_token(request, response, entry["csrf_placeholder"])


def _with_token(request, response, placeholder: str | None) -> HttpResponse:
    """Put the visitor's own CSRF token where the placeholder is (this also marks their CSRF
    cookie to be set, exactly as rendering {% csrf_token %} does)."""
    if placeholder:
        response.content = response.content.replace(
            placeholder.encode(), get_token(request).encode()
        )
    return response
