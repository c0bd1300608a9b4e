"""Refusing a request: a styled page, or problem details (RFC 9457) for a client that asked
for JSON, never a bare error.

Refusals are rendered without a request context, so they work whatever failed: no context
processor, user, session or database is involved. The middleware above the one refusing
still adds the site's security headers.
"""

from django.http import HttpResponse, JsonResponse
from django.template import loader

JSON_TYPES = ["text/html", "application/json", "application/problem+json"]


def wants_json(request) -> bool:
    """Whether the client asked for JSON: a .json address, or JSON preferred over HTML."""
    if request.path.endswith(".json"):
        return True
    return request.get_preferred_type(JSON_TYPES) in JSON_TYPES[1:]


def refusal(
    request, status: int, title: str, message: str, *, retry_after: int | None = None
) -> HttpResponse:
    if wants_json(request):
        problem = {"type": "about:blank", "title": title, "status": status, "detail": message}
        response = JsonResponse(problem, status=status, content_type="application/problem+json")
    else:
        context = {"title": title, "message": message, "retry_after": retry_after}
        response = HttpResponse(loader.render_to_string("refusal.html", context), status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response
