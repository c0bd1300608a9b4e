"""The API's documentation page: Swagger UI, vendored in static/vendor/swagger-ui (refreshed by
make vendor), drawing the OpenAPI document. No inline script: the page's own script reads
the document's address from the page."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe


@require_safe
def api_docs(request):
    return render(request, "api/docs.html", {"openapi_url": reverse("api-v1:openapi-json")})
