"""The API object: its routers, its errors as problem details, its OpenAPI 3.1 document."""

from ninja import NinjaAPI

from questionnaire.api import catalogue, recommendations
from questionnaire.api.problems import HANDLERS, PROBLEM_CONTENT_TYPE

DESCRIPTION = """\
StackAdvisor's catalogue of backend frameworks, its questionnaire and its recommendations.

Version 1 only changes by addition: new endpoints, new optional parameters, new fields in
responses. Errors are problem details (RFC 9457). GETs carry an ETag and answer 304 to a
current If-None-Match. docs/api.md in the repository has examples and the limits.
"""


class StackAdvisorAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """django-ninja's document, with error responses under the media type they are sent
        with (application/problem+json)."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        response["content"] = {PROBLEM_CONTENT_TYPE: content["application/json"]}
        return schema


api = StackAdvisorAPI(
    title="StackAdvisor API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    # The documentation page is the site's own (questionnaire.api.docs): vendored files, and
    # the site's Content-Security-Policy.
    docs_url=None,
)
api.add_router("", catalogue.router)
api.add_router("", recommendations.router)
for exception_class, handler in HANDLERS.items():
    api.add_exception_handler(exception_class, handler)
