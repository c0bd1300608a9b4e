"""Errors under /api/ are the API's problem JSON, whichever layer made them: the URL
resolver's 404, django-ninja's 405 for a method an address does not take, or the site's
request-body checks (stackadvisor.middleware), which answer HTML, or problem JSON without the
API's ``errors`` list, to a client that asked for JSON."""

import json

from questionnaire.api.problems import PROBLEM_CONTENT_TYPE, is_api_problem, problem

API_PREFIX = "/api/"
# Headers of the refused response that still hold for the problem that replaces it.
KEPT_HEADERS = ("Allow", "Retry-After")
DETAILS = {
    # The site's request-body checks: a length, a character set or a body it cannot read.
    400: "The request could not be read (its length, character set or body).",
    404: "There is nothing at this address; /api/v1/docs lists what there is.",
    405: "This address does not take that method; the Allow header lists those it takes.",
    413: "What was sent is larger than anything the API takes, so nothing was read.",
}


def _detail_of(response) -> str | None:
    """The detail a site-wide refusal gave in its own problem JSON, if it did."""
    if not response.get("Content-Type", "").startswith(PROBLEM_CONTENT_TYPE):
        return None
    try:
        detail = json.loads(response.content).get("detail")
    except (ValueError, AttributeError):
        return None
    return detail if isinstance(detail, str) else None


class ProblemResponsesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not request.path.startswith(API_PREFIX)
            or response.status_code < 400
            or is_api_problem(response)
        ):
            return response
        status = response.status_code
        detail = _detail_of(response) or DETAILS.get(status, response.reason_phrase)
        replacement = problem(status, detail)
        for name in KEPT_HEADERS:
            if response.has_header(name):
                replacement[name] = response[name]
        return replacement
