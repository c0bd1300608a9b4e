"""Site-wide middleware: undecodable request bodies, and an unreachable database."""

import codecs
import logging

from django.http import HttpResponseBadRequest

from comparisons.views import database_unavailable, is_database_unavailable

logger = logging.getLogger(__name__)


def _is_text_encoding(name: str) -> bool:
    try:
        return codecs.lookup(name)._is_text_encoding
    except LookupError:
        return False


class RejectUndecodableBodyMiddleware:
    """Refuse requests whose declared charset is not a text encoding, before anything reads
    them.

    Django decodes form bodies with the charset the client names; a codec such as "base64" or
    "zlib" makes that raise LookupError deep in request parsing (first reached by the CSRF
    check), which would be a 500. This answers 400 instead.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        charset = request.content_params.get("charset") if request.content_params else None
        if charset and not _is_text_encoding(charset):
            return HttpResponseBadRequest(
                "The request's charset is not a text encoding.", content_type="text/plain"
            )
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database answers a styled 503 with Retry-After.

    The page is rendered without touching the database. Errors raised outside views (in
    other middleware) reach the 500 handler, which answers the same way
    (comparisons.views.server_error).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_unavailable(exception):
            logger.error("Database unavailable while serving %s", request.path, exc_info=exception)
            return database_unavailable()
        return None
