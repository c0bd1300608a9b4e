"""The OpenAPI 3.1 document, and the documentation page drawn from it with vendored files
under the site's Content-Security-Policy."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from tests.test_security_headers import assert_protected, inline_code

pytestmark = pytest.mark.django_db

OPERATIONS = {
    ("get", "/api/v1/frameworks"),
    ("get", "/api/v1/frameworks/{slug}"),
    ("get", "/api/v1/criteria"),
    ("get", "/api/v1/compare"),
    ("get", "/api/v1/questionnaire"),
    ("post", "/api/v1/recommendations"),
    ("get", "/api/v1/results/{token}"),
}


def test_the_openapi_document_is_3_1_and_lists_every_operation(api_client):
    response = api_client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    assert document["info"]["version"] == "1"
    found = {(method, path) for path, item in document["paths"].items() for method in item}
    assert found == OPERATIONS
    for path, item in document["paths"].items():
        for operation in item.values():
            errors = [status for status in operation["responses"] if int(status) >= 400]
            assert errors, path
            for status in errors:
                assert list(operation["responses"][status]["content"]) == [
                    "application/problem+json"
                ]


def test_the_docs_page_draws_the_document_from_vendored_files_without_inline_code(api_client):
    response = api_client.get("/api/v1/docs")

    assert response.status_code == 200
    assert_protected(response)
    markup = response.content.decode()
    assert not inline_code(markup)
    assert 'data-openapi-url="/api/v1/openapi.json"' in markup
    sources = re.findall(r'(?:src|href)="/static/([^"]+)"', markup)
    assert "vendor/swagger-ui/swagger-ui-bundle.js" in sources
    assert "vendor/swagger-ui/swagger-ui.css" in sources
    for source in sources:
        assert finders.find(source), source
    assert "//" not in "".join(re.findall(r'(?:src|href)="([^"]+)"', markup))


def test_the_vendored_files_say_their_version_and_licence():
    version = finders.find("vendor/swagger-ui/VERSION")
    licence = finders.find("vendor/swagger-ui/LICENSE")

    assert "Swagger UI 5.35.0" in Path(version).read_text()
    assert "Apache License" in Path(licence).read_text()
