"""How the API says no: problem details (RFC 9457) as ``application/problem+json``.

Every refusal carries ``type``, ``title``, ``status`` and ``detail``, and an ``errors`` list
naming each invalid field by its path (``["query", "page"]``, ``["body", "answers", 0]``),
empty when no one field is to blame. Problems are never stored by caches.
"""

import logging
from http import HTTPStatus

from django.http import Http404, JsonResponse
from ninja.errors import HttpError, ValidationError

from stackadvisor.views import DATABASE_RETRY_AFTER_SECONDS, is_database_unavailable

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"


def field_error(path, detail: str) -> dict:
    return {"path": list(path), "detail": detail}


def problem(status: int, detail: str, *, errors=(), retry_after: int | None = None) -> JsonResponse:
    """A problem response. The type is ``about:blank``, so the title is the status's own
    phrase and ``detail`` says what went wrong this time."""
    body = {
        "type": "about:blank",
        "title": _phrase(status),
        "status": status,
        "detail": detail,
        "errors": list(errors),
    }
    response = JsonResponse(
        body,
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "no-store"
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    # Told apart from the site's own refusals, which the API's middleware rewrites.
    response.api_problem = True
    return response


def is_api_problem(response) -> bool:
    return getattr(response, "api_problem", False)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:  # a status no standard names
        return "Error"


def _path(location: tuple) -> list:
    """A pydantic error's location as the problem's path: where the value was (query, path,
    header, body) and the keys to it. django-ninja names the body after the endpoint's
    argument; clients never see that name, so it is left out."""
    where, *keys = location
    if where == "body" and keys and keys[0] == "payload":
        keys = keys[1:]
    return [where, *keys]


def invalid_request(request, exc: ValidationError) -> JsonResponse:
    errors = [field_error(_path(tuple(error["loc"])), error["msg"]) for error in exc.errors]
    return problem(400, "Some of what was sent is not valid; see errors.", errors=errors)


def http_error(request, exc: HttpError) -> JsonResponse:
    return problem(exc.status_code, str(exc))


def not_found(request, exc: Http404) -> JsonResponse:
    return problem(404, str(exc) or "There is nothing at this address.")


def unexpected(request, exc: Exception) -> JsonResponse:
    """A database out of reach is a 503 with Retry-After, as on the site's pages; anything else
    is logged with its traceback and answered as a 500 that gives nothing away."""
    if is_database_unavailable(exc):
        logger.error("Database unavailable while serving %s", request.path, exc_info=exc)
        return problem(
            503,
            "We cannot reach our data right now; please try again shortly.",
            retry_after=DATABASE_RETRY_AFTER_SECONDS,
        )
    logger.error("Unexpected error while serving %s", request.path, exc_info=exc)
    return problem(500, "Something went wrong on our side; it has been logged.")


HANDLERS = {
    ValidationError: invalid_request,
    HttpError: http_error,
    Http404: not_found,
    Exception: unexpected,
}
