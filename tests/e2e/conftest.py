"""Fixtures for the browser tests: a live server with the starting content, and Chromium.

The tests drive Debian's Chromium (or ``CHROME_PATH``) through Playwright against
pytest-django's ``live_server``. Every test runs in real transactions (the server thread
must see the data), so the database is flushed afterwards and the rows the migrations
create (the Editors group, the content version) are restored from a snapshot
(``serialized_rollback``).

Locally, a test whose browser or tool is missing is skipped with the reason and the command
that installs it. With ``CI=true`` it fails instead: CI must never pass by skipping.
"""

import os

import pytest

from tests.e2e import tools
from tests.e2e.helpers import require
from tests.personas import WEB_APP

EXPECT_TIMEOUT_MS = 10_000
ACTION_TIMEOUT_MS = 15_000
NAVIGATION_TIMEOUT_MS = 30_000


@pytest.fixture
def site(live_server, starting_content, django_db_serialized_rollback):
    """The live server's base URL (http://localhost:PORT), serving the starting content."""
    return live_server.url


@pytest.fixture
def result_token(site, answer_form_data, submit_answers):
    """A saved result (Django is the winner) on the live server; returns its token."""
    return submit_answers(answer_form_data(**WEB_APP))


class Chromium:
    """Headless Chromium driven by Playwright, started on first use."""

    def __init__(self):
        self.playwright = None
        self.browser = None

    def get(self):
        if self.browser is None:
            require("playwright", "chromium")
            from playwright.sync_api import expect, sync_playwright

            # Generous waits: CI machines are small and may be busy with other work.
            expect.set_options(timeout=EXPECT_TIMEOUT_MS)
            self.playwright = sync_playwright().start()
            self.browser = self.playwright.chromium.launch(
                executable_path=tools.chromium_path(), headless=True, args=tools.CHROMIUM_FLAGS
            )
        return self.browser

    def stop(self):
        try:
            if self.browser is not None:
                self.browser.close()
        finally:
            if self.playwright is not None:
                self.playwright.stop()


@pytest.fixture
def new_page(site):
    """Factory: a page in a fresh browser context pointed at the live server.

    ``new_page(javascript=False, color_scheme="dark", permissions=["clipboard-read"])``;
    other keywords go to ``browser.new_context``. The test fails if any page logged an error
    to the console (a script error, a Content-Security-Policy violation), could not load a
    stylesheet, script, image or other resource, or threw an uncaught exception.

    Chromium starts at the first call and stops after the test. Do the test's database work
    before that first call (or in fixtures): Playwright's synchronous API makes the main
    thread look as if it ran an event loop, and Django then refuses queries from it
    (SynchronousOnlyOperation) rather than share the test's connection.
    """
    chromium = Chromium()
    problems: list[str] = []

    def record_console(page, message):
        if message.type != "error":
            return
        source = message.location.get("url", "")
        if message.text.startswith("Failed to load resource"):
            # A page may answer 4xx on purpose (a form with errors); what it loads may not,
            # and neither may what the browser asks for by itself (/favicon.ico).
            if source and source != page.url:
                problems.append(f"could not load {source} (on {page.url}): {message.text}")
            return
        problems.append(f"console error on {page.url}: {message.text}")

    def record_failed_load(response):
        if response.status >= 400 and response.request.resource_type != "document":
            problems.append(f"{response.status} for {response.url}")

    def record_failed_request(request):
        # ERR_ABORTED: the page moved on (a form was sent) before the load finished.
        if request.failure != "net::ERR_ABORTED":
            problems.append(f"could not load {request.url}: {request.failure}")

    def make(javascript=True, color_scheme="light", permissions=(), **options):
        context = chromium.get().new_context(
            base_url=site,
            java_script_enabled=javascript,
            color_scheme=color_scheme,
            permissions=list(permissions),
            **options,
        )
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        page = context.new_page()
        page.on("console", lambda message: record_console(page, message))
        page.on("pageerror", lambda error: problems.append(f"uncaught on {page.url}: {error}"))
        page.on("response", record_failed_load)
        page.on("requestfailed", record_failed_request)
        return page

    try:
        yield make
    finally:
        chromium.stop()
    assert not problems, "The browser reported errors:\n" + "\n".join(problems)


@pytest.fixture
def fetch(site):
    """``fetch("/advisor/")``, ``fetch("/advisor/", data={...})``: the live server's answer
    as sent (status, headers, text), not a browser's re-serialisation of the page; keeps
    cookies, so a form can be posted with its CSRF token."""
    from tests.processes import Browser

    return Browser(site).request


def pytest_collection_modifyitems(items):
    """Every test in tests/e2e is marked ``browser`` (``-m "not browser"`` leaves them out)."""
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.browser)
