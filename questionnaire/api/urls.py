"""/api/v1/: the API's endpoints and OpenAPI document (django-ninja), and its documentation
page."""

from django.urls import path

from questionnaire.api.app import api
from questionnaire.api.docs import api_docs

urlpatterns = [
    path("docs", api_docs, name="api-v1-docs"),
    path("", api.urls),
]
