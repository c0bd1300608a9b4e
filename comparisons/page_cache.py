"""Whole-page caching of public pages, keyed by the content version.

A cached page is the view's own response (status, body, headers), served again as it was.
The key holds the content version, so an edit made through any worker is seen by the next
request everywhere; the previous version's pages simply expire.

A page is stored only when it is the same for every visitor. It is not stored when the view
answered anything but 200, set a cookie, read the session (who is logged in), asked for a CSRF
token or a CSP nonce, used flash messages, or said Cache-Control private/no-store. So a page
that shows a form with a CSRF token is never stored as it is; a view whose page is the same
for everyone except for that token can ask for `csrf_placeholder=True`: the page is then
rendered once with a placeholder where the token goes, stored, and every visitor gets it with
their own token put in place (and their CSRF cookie set, as a normal render would).

Pages are stored in the shared cache (Redis in production), and each process also keeps the
pages it served lately: a page under a given key never changes (the key holds the content
version), so that copy is served without a round trip to the cache.

PageCacheMiddleware (in MIDDLEWARE right after the CSP middleware) serves stored pages before
the rest of the middleware runs, which a stored page does not need (sessions, authentication,
messages): on this site that is most of what such a request costs. The security and CSP
headers still go on every page. Without it, the views' decorator serves stored pages, after
all the middleware; pages that hold the visitor's CSRF token (csrf_placeholder) are always
served that way.

Settings (read with defaults, so nothing is required):

- PAGE_CACHE_SECONDS (default 3600): how long a stored page is kept; 0 turns the cache off.
- PAGE_CACHE_LOCAL_BYTES (default 16 MB): the most page bytes each process keeps itself;
  0 keeps none there.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers

from comparisons.cache import cache_get, cache_set
from comparisons.content_version import current_content_version

# Bump when the shape of a stored page changes, so a deploy never reads an old entry.
PAGE_CACHE_SCHEMA = 2
DEFAULT_PAGE_CACHE_SECONDS = 3600
DEFAULT_PAGE_CACHE_LOCAL_BYTES = 16 * 1024 * 1024
# Headers a cached page may not carry: they belong to one visitor or one response.
_PRIVATE_HEADERS = {
    *("set-cookie", "vary", "date", "expires", "last-modified", "etag"),
    "content-length",  # a page with a CSRF placeholder changes length when it is filled in
    "content-encoding",  # whether this visitor was sent it compressed
}
_NOT_SHAREABLE_CACHE_CONTROL = ("private", "no-store", "no-cache")
# Attributes the CSP decorators put on a response; a cached copy would lose them.
_CSP_RESPONSE_ATTRIBUTES = ("_csp_exempt", "_csp_config", "_csp_update", "_csp_replace")


def page_cache_seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", DEFAULT_PAGE_CACHE_SECONDS))


class LocalPages:
    """The pages this process served lately, least recently used first out, within a budget
    of bytes, each one for PAGE_CACHE_SECONDS at most. A key's page never changes, so a copy
    may outlive the shared cache's without ever being wrong."""

    def __init__(self):
        self._entries: OrderedDict[str, tuple[float, dict]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> dict | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            if found[0] < time.monotonic():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return found[1]

    def put(self, key: str, entry: dict, timeout: int) -> None:
        budget = int(getattr(settings, "PAGE_CACHE_LOCAL_BYTES", DEFAULT_PAGE_CACHE_LOCAL_BYTES))
        if _size(entry) > budget:
            return
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = (time.monotonic() + timeout, entry)
            self._bytes += _size(entry)
            while self._bytes > budget:
                self._drop(next(iter(self._entries)))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def _drop(self, key: str) -> None:
        _, entry = self._entries.pop(key)
        self._bytes -= _size(entry)


def _size(entry: dict) -> int:
    return len(entry["content"]) + len(entry.get("gzip") or b"")


LOCAL_PAGES = LocalPages()


def _forget_local_pages(setting, **kwargs):
    # Tests turn the cache on and off, and their content versions repeat.
    if setting.startswith("PAGE_CACHE") or setting == "CACHES":
        LOCAL_PAGES.clear()


setting_changed.connect(_forget_local_pages)


@dataclass(frozen=True)
class PageCacheSpec:
    """How a view's pages are cached: what cache_page_by_content was given."""

    view_func: Callable
    lookup: Callable | None
    csrf_placeholder: bool


def cache_page_by_content(view=None, *, lookup=None, csrf_placeholder: bool = False):
    """Cache a GET view's page per content version and address (scheme, host and path: not
    the query string, which these views ignore).

    For a page that also depends on something else, `lookup(request, *args, **kwargs)`, given
    the view's arguments, returns the current content version and either a string that
    tells pages at the same address apart or None to skip the cache for this request (the
    view then runs as usual). It reads the version itself, in the same query as whatever
    else it needs: one round trip per request instead of two.
    """

    def decorator(view_func):
        spec = PageCacheSpec(view_func, lookup, csrf_placeholder)

        @functools.wraps(view_func)
        def wrapper(request, *args, **kwargs):
            looked_up = getattr(request, "_page_cache_lookup", None)
            if looked_up is not None and looked_up[0] is spec:
                found = looked_up[1]  # PageCacheMiddleware looked, and found nothing stored
            else:
                found = _find(request, spec, args, kwargs)
                stored = _stored(found[0], found[2]) if found else None
                if stored is not None:
                    return _rebuild(request, stored)
            if found is None:
                return view_func(request, *args, **kwargs)
            cache_key, version, timeout = found
            placeholder = secrets.token_hex(16) if csrf_placeholder else None
            if placeholder:
                request.page_cache_csrf_placeholder = placeholder
            response = view_func(request, *args, **kwargs)
            if placeholder:
                del request.page_cache_csrf_placeholder
            if not shareable(request, response, placeholder):
                return _with_token(request, response, placeholder) if placeholder else response
            is_html = response.get("Content-Type", "").startswith("text/html")
            content = compact_html(response) if is_html else response.content
            entry = {
                "status": response.status_code,
                "content": content,
                "headers": _public_headers(response),
                "csrf_placeholder": placeholder,
                "gzip": _compressed(content) if is_html and not placeholder else None,
            }
            # Only store when no edit landed while the page was made, so that a key never
            # holds a page of another version.
            if current_content_version() == version:
                _store(cache_key, entry, timeout)
                request._page_cache_stored = (cache_key, entry, timeout)
            return _rebuild(request, entry)

        wrapper.page_cache = spec
        return wrapper

    return decorator(view) if view is not None else decorator


class PageCacheMiddleware:
    """Serves stored pages before the rest of the middleware runs.

    Optional: without it the views' decorator serves them, after all the middleware (whose
    work a stored page does not need: sessions, authentication, messages…). Place it right
    after the CSP middleware, so that the security and CSP headers still go on every page it
    serves. Pages that need the visitor's CSRF token (csrf_placeholder) are left to the view.
    A page is stored with the headers the middleware below this one added (X-Frame-Options),
    and only when that middleware added no cookie and no "Vary: Cookie".
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        spec_and_arguments = self._spec(request)
        if spec_and_arguments is not None:
            spec, args, kwargs = spec_and_arguments
            found = _find(request, spec, args, kwargs)
            stored = _stored(found[0], found[2]) if found else None
            if stored is not None:
                return _rebuild(request, stored)
            request._page_cache_lookup = (spec, found)
        response = self.get_response(request)
        just_stored = getattr(request, "_page_cache_stored", None)
        if just_stored is not None and _unchanged_for_everyone(response):
            cache_key, entry, timeout = just_stored
            if not entry["csrf_placeholder"]:
                _store(cache_key, {**entry, "headers": _public_headers(response)}, timeout)
        return response

    @staticmethod
    def _spec(request):
        if request.method not in ("GET", "HEAD") or page_cache_seconds() <= 0:
            return None
        return _spec_of_path(request.path_info, getattr(request, "urlconf", None))


# Resolving an address costs more than the rest of serving a stored page (up to 20 µs, for
# an address in an included URLconf), and an address always resolves to the same view and
# arguments: the answers for the addresses asked for lately are kept.
@functools.lru_cache(maxsize=1024)
def _spec_of_path(path_info: str, urlconf) -> tuple[PageCacheSpec, tuple, dict] | None:
    """The page cache spec of the view at this address, with its arguments; None when that
    view's pages are not stored by the middleware (or no view is there)."""
    try:
        match = resolve(path_info, urlconf)
    except Resolver404:
        return None
    spec = getattr(match.func, "page_cache", None)
    if spec is None or spec.csrf_placeholder:
        return None
    return spec, match.args, match.kwargs


def forgotten_when_urlconf_changes(cached):
    """Register a ``functools.lru_cache``-wrapped function whose answers depend on the URLconf
    to be cleared whenever ROOT_URLCONF changes (tests change it); returns it."""

    def forget(setting, **kwargs):
        if setting == "ROOT_URLCONF":
            cached.cache_clear()

    # Kept with the function: the signal holds its receivers weakly.
    cached.forget_on_setting_changed = forget
    setting_changed.connect(forget)
    return cached


forgotten_when_urlconf_changes(_spec_of_path)


def _find(request, spec: PageCacheSpec, args, kwargs) -> tuple[str, int, int] | None:
    """(cache key, content version, timeout) of this request's page, or None when this page
    is not to be cached."""
    timeout = page_cache_seconds()
    if request.method not in ("GET", "HEAD") or timeout <= 0:
        return None
    if spec.lookup is None:
        version, extra = current_content_version(), ""
    else:
        version, extra = spec.lookup(request, *args, **kwargs)
        if extra is None:
            return None
    return _cache_key(request, spec.view_func, version, extra), version, timeout


def _stored(cache_key: str, timeout: int) -> dict | None:
    stored = LOCAL_PAGES.get(cache_key)
    if stored is None:
        stored = cache_get(cache_key)
        if stored is not None:
            LOCAL_PAGES.put(cache_key, stored, timeout)
    return stored


def _store(cache_key: str, entry: dict, timeout: int) -> None:
    cache_set(cache_key, entry, timeout)
    LOCAL_PAGES.put(cache_key, entry, timeout)


def _public_headers(response) -> list[tuple[str, str]]:
    return [
        (name, value) for name, value in response.items() if name.lower() not in _PRIVATE_HEADERS
    ]


def _unchanged_for_everyone(response) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and "cookie" not in response.get("Vary", "").lower()
    )


def csrf_placeholder_context(request) -> dict:
    """Template context for a view cached with `csrf_placeholder=True`: while its page is
    rendered for the cache, `{% csrf_token %}` prints the placeholder instead of a token
    (and no token is made); otherwise nothing changes."""
    placeholder = getattr(request, "page_cache_csrf_placeholder", None)
    return {"csrf_token": placeholder} if placeholder else {}


def shareable(request, response, placeholder: str | None = None) -> bool:
    """True when this response may be served to every visitor of the same address."""
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # get_token() ran: the page has a token
        return False
    session = getattr(request, "session", None)
    if session is not None and session.accessed:  # the page may depend on who is logged in
        return False
    if getattr(request, "_csp_nonce", None):  # the page holds this response's CSP nonce
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and getattr(messages, "used", False):
        return False
    if any(hasattr(response, attribute) for attribute in _CSP_RESPONSE_ATTRIBUTES):
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


# Elements whose whitespace is their content (pre, textarea) or code (script, style).
_WHITESPACE_KEPT = re.compile(
    rb"<(pre|textarea|script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE
)
_WHITESPACE_BETWEEN_TAGS = re.compile(rb">[ \t\n\r\f]+<")


def compact_html(response) -> bytes:
    """The page's HTML with each run of whitespace between two tags made one line break.

    Stored pages are sent many times, and a third of a questionnaire page is the templates'
    indentation (with the load benchmark's 50 times the starting content, 166 KB of 569 KB).
    Text and attribute values are left as they are, and so is everything inside the elements
    that keep their whitespace; whitespace between tags shows as one space at most however
    long it is, so the page looks the same. (One pattern for both, with a lookbehind, took
    seven times as long: 2.6 ms for a 100 KB result page, against 0.35 ms.)"""
    content = response.content
    parts, start = [], 0
    for kept in _WHITESPACE_KEPT.finditer(content):
        # The text between kept elements borrows the ">" before it and the "<" after it, so
        # that whitespace next to a kept element is seen between two tags too; they go back.
        borrowed = 1 if start else 0
        between = content[start - borrowed : kept.start() + 1]
        parts.append(_WHITESPACE_BETWEEN_TAGS.sub(b">\n<", between)[borrowed:-1])
        parts.append(kept.group())
        start = kept.end()
    borrowed = 1 if start else 0
    parts.append(_WHITESPACE_BETWEEN_TAGS.sub(b">\n<", content[start - borrowed :])[borrowed:])
    return b"".join(parts)


def _cache_key(request, view_func, version: int, extra: str) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.path}"
    view_name = f"{view_func.__module__}.{view_func.__qualname__}"
    digest = hashlib.sha256(f"{view_name}\n{address}\n{extra}".encode()).hexdigest()
    return f"page:{PAGE_CACHE_SCHEMA}:{version}:{digest}"


def _rebuild(request, entry: dict) -> HttpResponse:
    compressed = entry.get("gzip")
    # From META: request.headers would build a mapping of every header for this one.
    accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
    if compressed is not None and _ACCEPTS_GZIP.search(accepted):
        response = HttpResponse(compressed, status=entry["status"])
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    if compressed is not None:
        patch_vary_headers(response, ["Accept-Encoding"])
    response = _with_token(request, response, entry.get("csrf_placeholder"))
    # Its length, as CommonMiddleware gives a rendered page: PageCacheMiddleware serves pages
    # before that runs, and without it the server sends the body in chunks, copying it.
    response.headers["Content-Length"] = str(len(response.content))
    return response


# As Django's GZipMiddleware reads the header.
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Below this, compressing saves less than its headers cost.
_SMALLEST_COMPRESSED = 1024


def _compressed(content: bytes) -> bytes | None:
    """The page gzipped once, for every visitor whose browser takes it (all do): a stored
    page is sent a fifth to a tenth of its size. Only pages without a CSRF token are stored,
    and only those without one in them are compressed, so the BREACH attack (reading a
    secret from the sizes of compressed pages that also reflect what an attacker sent) has
    nothing to find; the pages are the same for everyone."""
    if len(content) < _SMALLEST_COMPRESSED:
        return None
    return gzip.compress(content, compresslevel=6, mtime=0)  # zlib's own trade-off


def _with_token(request, response, placeholder: str | None) -> HttpResponse:
    """Put the visitor's own CSRF token where the placeholder is (this also marks their CSRF
    cookie to be set, exactly as rendering {% csrf_token %} does)."""
    if placeholder:
        response.content = response.content.replace(
            placeholder.encode(), get_token(request).encode()
        )
    return response
