"""Refuse requests whose declared charset is not a text encoding, before anything reads them.

Django decodes form bodies with the charset the client names; a codec such as "base64" or
"zlib" makes that raise LookupError deep in request parsing (first reached by the CSRF check),
which would be a 500. This answers 400 instead.
"""

import codecs

from django.http import HttpResponseBadRequest


def _is_text_encoding(name: str) -> bool:
    try:
        return codecs.lookup(name)._is_text_encoding
    except LookupError:
        return False


class RejectUndecodableBodyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        charset = request.content_params.get("charset") if request.content_params else None
        if charset and not _is_text_encoding(charset):
            return HttpResponseBadRequest(
                "The request's charset is not a text encoding.", content_type="text/plain"
            )
        return self.get_response(request)
