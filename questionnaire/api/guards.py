"""What is checked before an endpoint reads a request: query parameters it does not take, a
body that is not JSON, and a client that asks too often (the site's own throttle). Each is a
view decorator for django-ninja's decorate_view, and answers with problem JSON."""

import functools

from questionnaire.api.problems import field_error, problem
from stackadvisor.throttling import throttle_posts

JSON_CONTENT_TYPE = "application/json"


def only_query_params(*names: str):
    """Refuse (400) any query parameter but ``names``: a misspelt filter must not quietly
    return everything."""
    allowed = frozenset(names)

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            unknown = sorted(set(request.GET) - allowed)
            if unknown:
                takes = ", ".join(sorted(allowed)) or "none"
                errors = [
                    field_error(["query", name], f"Unknown query parameter (this takes: {takes}).")
                    for name in unknown
                ]
                return problem(400, "Some query parameters are not known here.", errors=errors)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def json_body(view):
    """Only a JSON body is read (415 otherwise). A cross-origin page can send JSON only after
    a CORS preflight, which the API refuses for anything but reading."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.content_type != JSON_CONTENT_TYPE:
            return problem(415, f"Send the answers as {JSON_CONTENT_TYPE}.")
        return view(request, *args, **kwargs)

    return wrapper


def throttled(group: str):
    """Limit POSTs per client address to settings.API_RECOMMENDATION_RATE, counted as the
    site counts questionnaire submissions (stackadvisor.throttling); over it, 429 with
    Retry-After, before the body is read."""
    return throttle_posts(group, rate_setting="API_RECOMMENDATION_RATE", refuse=_too_many)


def _too_many(request, wait: int):
    return problem(
        429,
        f"Too many recommendations asked from this address; try again in {wait} s.",
        retry_after=wait,
    )
