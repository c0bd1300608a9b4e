"""The API's documentation page in a real browser: Swagger UI, from the site's own files,
draws every operation of the OpenAPI document under the site's Content-Security-Policy (a
violation, a failed load or a script error fails the test; see new_page)."""

from playwright.sync_api import expect

OPERATIONS = [
    ("GET", "/api/v1/frameworks"),
    ("GET", "/api/v1/frameworks/{slug}"),
    ("GET", "/api/v1/criteria"),
    ("GET", "/api/v1/compare"),
    ("GET", "/api/v1/questionnaire"),
    ("POST", "/api/v1/recommendations"),
    ("GET", "/api/v1/results/{token}"),
]


def test_the_docs_page_draws_every_operation(new_page, site):
    page = new_page()
    loaded = []
    page.on("request", lambda request: loaded.append(request.url))

    page.goto("/api/v1/docs")

    expect(page.get_by_role("heading", name="StackAdvisor API")).to_be_visible()
    for method, path in OPERATIONS:
        block = page.locator(".opblock", has_text=path).filter(has_text=method)
        expect(block.first).to_be_visible()
    # Everything the page loaded came from the site itself.
    assert loaded and all(url.startswith(site) for url in loaded), loaded
