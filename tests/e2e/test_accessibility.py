"""axe-core finds no accessibility violations on the public pages, in light and dark mode.

axe runs inside the page, so it needs JavaScript. The pages as a visitor without JavaScript
sees them (every questionnaire section at once, a plain POST) are checked with the site's
own scripts replaced by empty ones. axe's script is added inline, which the site's
Content-Security-Policy would refuse: these browser contexts bypass it (the journeys do not).
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e import tools
from tests.e2e.helpers import require

SCHEMES = ["light", "dark"]


def axe_violations(page: Page) -> list[dict]:
    page.add_script_tag(path=str(tools.AXE_JS))
    return page.evaluate("axe.run(document)")["violations"]


def describe(violations_by_page: dict[str, list[dict]]) -> str:
    lines = []
    for name, violations in violations_by_page.items():
        for violation in violations:
            targets = [" ".join(node["target"]) for node in violation["nodes"][:5]]
            lines.append(
                f"{name}: {violation['id']} ({violation['impact']}) {violation['help']} "
                f"— {len(violation['nodes'])} element(s): {', '.join(targets)}"
            )
    return "\n".join(lines)


def without_site_scripts(page: Page) -> None:
    """Serve the site's own scripts empty: the page then behaves as with JavaScript off."""
    page.route(
        "**/static/js/**",
        lambda route: route.fulfill(status=200, content_type="text/javascript", body=""),
    )


@pytest.mark.parametrize("color_scheme", SCHEMES)
def test_pages_have_no_axe_violations(result_token, new_page, color_scheme):
    require("axe")
    page = new_page(bypass_csp=True)
    page.emulate_media(color_scheme=color_scheme)
    found: dict[str, list[dict]] = {}

    for name, path in tools.audited_pages(result_token):
        response = page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        found[name] = axe_violations(page)

    # The questionnaire sent unanswered, with JavaScript: the server's answer lists the
    # errors and the script shows every section. ("Next" checks its step and would stay; the
    # step links do not check.)
    page.goto("/advisor/")
    page.get_by_role("link", name=re.compile("^Step 2 of 2")).click()
    page.get_by_role("button", name="See my recommendation").click()
    expect(page.get_by_role("alert")).to_contain_text("Please check your answers")
    found["advisor with errors"] = axe_violations(page)

    assert not any(found.values()), (
        f"axe-core ({color_scheme} colour scheme) found:\n{describe(found)}"
    )


@pytest.mark.parametrize("color_scheme", SCHEMES)
def test_questionnaire_without_javascript_has_no_axe_violations(new_page, site, color_scheme):
    require("axe")
    page = new_page(bypass_csp=True)
    page.emulate_media(color_scheme=color_scheme)
    without_site_scripts(page)
    found: dict[str, list[dict]] = {}

    page.goto("/advisor/")
    expect(page.get_by_role("button", name="Next")).to_be_hidden()
    found["advisor without JavaScript"] = axe_violations(page)

    page.get_by_role("button", name="See my recommendation").click()
    expect(page.get_by_role("alert")).to_contain_text("Please check your answers")
    found["advisor with errors, without JavaScript"] = axe_violations(page)

    assert not any(found.values()), (
        f"axe-core ({color_scheme} colour scheme) found:\n{describe(found)}"
    )
