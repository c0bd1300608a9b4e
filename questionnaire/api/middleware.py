"""Errors under /api/ are problem JSON, whichever layer made them: the URL resolver's 404,
django-ninja's 405 for a method an address does not take, or the site's request-body checks
(stackadvisor.middleware), which answer HTML to a client that did not ask for JSON."""

from questionnaire.api.problems import PROBLEM_CONTENT_TYPE, problem

API_PREFIX = "/api/"
# Headers of the refused response that still hold for the problem that replaces it.
KEPT_HEADERS = ("Allow", "Retry-After")
DETAILS = {
    404: "There is nothing at this address; /api/v1/docs lists what there is.",
    405: "This address does not take that method; the Allow header lists those it takes.",
    413: "What was sent is larger than anything the API takes, so nothing was read.",
}


class ProblemResponsesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not request.path.startswith(API_PREFIX)
            or response.status_code < 400
            or response.get("Content-Type", "").startswith(PROBLEM_CONTENT_TYPE)
        ):
            return response
        status = response.status_code
        replacement = problem(status, DETAILS.get(status, response.reason_phrase))
        for name in KEPT_HEADERS:
            if response.has_header(name):
                replacement[name] = response[name]
        return replacement
