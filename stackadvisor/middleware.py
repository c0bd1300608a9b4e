"""Site-wide middleware: request bodies the site will not read, and an unreachable database."""

import logging
import re

from django.conf import settings

from stackadvisor.refusals import refusal
from stackadvisor.views import database_unavailable, is_database_unavailable

logger = logging.getLogger(__name__)

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


def _is_text_encoding(name: str) -> bool:
    # str.encode takes text encodings only: "base64", "zlib" or an unknown name raise.
    try:
        "".encode(name)
    except LookupError:
        return False
    return True


def _declared_length(request) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None


def _takes_uploads(path: str) -> bool:
    """Whether the address is one of the admin's import pages, which take a file."""
    return bool(
        re.fullmatch(
            rf"/{re.escape(settings.ADMIN_PATH)}comparisons/(framework|criterion|rating)/"
            r"(import|process_import)/",
            path,
        )
    )


class RequestBodyMiddleware:
    """Refuses, before anything reads them, request bodies the site will not read.

    The site's forms are small and url-encoded, and it takes no uploads but the admin's import
    files. So a multipart body is refused outright (nothing is parsed or written to disk)
    anywhere but on an admin import page, a body larger than DATA_UPLOAD_MAX_MEMORY_SIZE (an
    import: UPLOAD_MAX_SIZE) gets 413 before it is read, one in a charset that is not a
    text encoding gets 400 (decoding it would fail deep in request parsing), and one shorter
    than its declared length (the client hung up) gets 400 instead of being read as complete.
    Place it above the session and CSRF middleware, which read the body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self._refusal(request) or self.get_response(request)

    def _refusal(self, request):
        length = _declared_length(request)
        if length is None:
            return refusal(request, 400, "We could not read that request", "Its length is invalid.")
        upload = _takes_uploads(request.path)
        if length > (settings.UPLOAD_MAX_SIZE if upload else settings.DATA_UPLOAD_MAX_MEMORY_SIZE):
            return refusal(
                request,
                413,
                "That request is too large",
                "What was sent is larger than anything this site takes, so nothing was read.",
            )
        if request.content_type == "multipart/form-data" and not upload:
            return refusal(
                request,
                400,
                "This site takes no uploads",
                "Forms here are sent as plain form fields; nothing was read or saved.",
            )
        charset = request.content_params.get("charset")
        if charset and not _is_text_encoding(charset):
            return refusal(
                request, 400, "We could not read that request", "Its character set is unknown."
            )
        if length and len(request.body) < length:
            logger.warning("Incomplete request body for %s: the client hung up", request.path)
            return refusal(
                request,
                400,
                "We could not read that request",
                "It arrived incomplete, so nothing was saved. Please send it again.",
            )
        return None


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database answers a styled 503 with Retry-After.

    The page is rendered without touching the database. Errors raised outside views (in
    other middleware) reach the 500 handler, which answers the same way
    (stackadvisor.views.server_error).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_unavailable(exception):
            logger.error("Database unavailable while serving %s", request.path, exc_info=exception)
            return database_unavailable(request)
        return None
