"""Visitor and editor journeys in a real browser, against the live server.

With JavaScript the questionnaire shows one section at a time; without it every section is
on one page and the form is a plain POST. Both end on the result page, whose link can be
copied and which leads to the comparison pages. An editor's change in the admin shows up on
the public comparison page straight away.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from comparisons.models import Criterion, Rating
from tests.e2e.helpers import (
    ADMIN_PANEL,
    BUILDING,
    EXPERIENCE,
    LANGUAGE,
    PRIORITIES,
    SCALE,
    TOKEN_URL,
    answer,
    log_in_as_editor,
    question,
    step,
)


@pytest.fixture
def criterion_names(site) -> list[str]:
    """Every criterion's name, read before the browser starts (see new_page)."""
    return list(Criterion.objects.order_by("order").values_list("name", flat=True))


def expect_comparison_of_every_criterion(page: Page, names: list[str]) -> None:
    table = page.get_by_role("table")
    expect(table).to_be_visible()
    row_headers = table.locator("tbody th[scope=row]")
    expect(row_headers).to_have_count(len(names))
    for name in names:
        expect(
            table.get_by_role("rowheader", name=re.compile("^" + re.escape(name)))
        ).to_be_visible()


def test_questionnaire_with_javascript_one_section_at_a_time(criterion_names, new_page):
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto("/advisor/")
    submit = page.get_by_role("button", name="See my recommendation")

    # Step 1 only; the submit button waits for the last step.
    expect(step(page, 1)).to_be_visible()
    expect(step(page, 2)).to_be_hidden()
    expect(submit).to_be_hidden()
    expect(page.get_by_role("link", name=re.compile("^Step 1 of 2"))).to_have_attribute(
        "aria-current", "step"
    )
    answer(page, LANGUAGE, "Another language").check()
    answer(page, EXPERIENCE, "Beginners").check()
    step(page, 1).get_by_role("button", name="Next").click()

    expect(step(page, 1)).to_be_hidden()
    expect(step(page, 2)).to_be_visible()
    expect(step(page, 2).get_by_role("heading", level=2)).to_be_focused()
    expect(submit).to_be_visible()

    # The admin-panel question applies only to a full-featured web app.
    expect(question(page, ADMIN_PANEL)).to_be_hidden()
    answer(page, BUILDING, "A real-time app").check()
    expect(question(page, ADMIN_PANEL)).to_be_hidden()
    answer(page, BUILDING, "A full-featured web app").check()
    expect(question(page, ADMIN_PANEL)).to_be_visible()
    answer(page, ADMIN_PANEL, "Yes").check()
    answer(page, BUILDING, "An API").check()
    expect(question(page, ADMIN_PANEL)).to_be_hidden()
    answer(page, BUILDING, "A full-featured web app").check()
    expect(answer(page, ADMIN_PANEL, "Yes")).to_be_checked()

    # Back and Next keep every answer.
    step(page, 2).get_by_role("button", name="Back").click()
    expect(step(page, 1)).to_be_visible()
    expect(step(page, 1).get_by_role("heading", level=2)).to_be_focused()
    expect(answer(page, LANGUAGE, "Another language")).to_be_checked()
    expect(answer(page, EXPERIENCE, "Beginners")).to_be_checked()
    step(page, 1).get_by_role("button", name="Next").click()
    expect(answer(page, BUILDING, "A full-featured web app")).to_be_checked()
    expect(answer(page, ADMIN_PANEL, "Yes")).to_be_checked()

    answer(page, PRIORITIES, "Security").check()
    answer(page, PRIORITIES, "Structure").check()
    answer(page, SCALE, "Medium").check()
    submit.click()

    expect(page).to_have_url(TOKEN_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Django")
    expect(page.get_by_text("Best fit for you")).to_be_visible()
    result_url = page.url

    # Copy the link to the result.
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator("[data-copy-status]")).to_have_text("Link copied.")
    assert page.evaluate("navigator.clipboard.readText()") == result_url

    # On to the side-by-side comparison of the top two.
    page.get_by_role("link", name=re.compile("^Compare Django and .+ side by side$")).click()
    expect(page).to_have_url(re.compile(r"/compare/([a-z-]+-vs-)?django(-vs-[a-z-]+)?/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Django vs "))
    expect_comparison_of_every_criterion(page, criterion_names)

    # And the personalised one, weighed by this visitor's answers.
    page.goto(result_url)
    page.get_by_role("link", name=re.compile("with my priorities$")).click()
    expect(page).to_have_url(result_url + "compare/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile("weighed by your priorities$")
    )
    expect_comparison_of_every_criterion(page, criterion_names)


def test_questionnaire_without_javascript_on_one_page(criterion_names, new_page):
    page = new_page(javascript=False)
    page.goto("/advisor/")

    # Every section, every question (the conditional one with its condition), no step buttons.
    expect(step(page, 1)).to_be_visible()
    expect(step(page, 2)).to_be_visible()
    expect(page.get_by_role("button", name="Next")).to_have_count(0)
    expect(question(page, ADMIN_PANEL)).to_be_visible()
    expect(page.get_by_text("Only if you answered “A full-featured web app with")).to_be_visible()

    answer(page, LANGUAGE, "Another language").check()
    answer(page, EXPERIENCE, "Beginners").check()
    answer(page, BUILDING, "A full-featured web app").check()
    answer(page, ADMIN_PANEL, "Yes").check()
    answer(page, PRIORITIES, "Security").check()
    answer(page, PRIORITIES, "Structure").check()
    answer(page, SCALE, "Medium").check()
    page.get_by_role("button", name="See my recommendation").click()

    expect(page).to_have_url(TOKEN_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Django")

    # No copy button without JavaScript: the link waits in a read-only field.
    expect(page.get_by_role("button", name="Copy link")).to_be_hidden()
    share = page.get_by_label("Link to this result")
    expect(share).to_have_value(page.url)
    expect(share).not_to_be_editable()

    page.get_by_role("link", name=re.compile("^Compare Django and .+ side by side$")).click()
    expect(page).to_have_url(re.compile(r"/compare/([a-z-]+-vs-)?django(-vs-[a-z-]+)?/$"))
    expect_comparison_of_every_criterion(page, criterion_names)


def test_questionnaire_without_javascript_shows_what_is_missing(new_page):
    page = new_page(javascript=False)
    page.goto("/advisor/")
    answer(page, BUILDING, "An API").check()
    page.get_by_role("button", name="See my recommendation").click()

    expect(page).to_have_url(re.compile("/advisor/$"))
    errors = page.get_by_role("alert")
    expect(errors).to_contain_text("Please check your answers")
    for text in (LANGUAGE, EXPERIENCE, PRIORITIES, SCALE):
        expect(errors.get_by_role("link", name=text)).to_be_visible()
    expect(errors.get_by_role("link", name=BUILDING)).to_have_count(0)
    # The answer given is kept.
    expect(answer(page, BUILDING, "An API")).to_be_checked()


def test_compare_picker_leads_to_the_canonical_comparison(criterion_names, new_page, site):
    page = new_page()
    page.goto("/compare/")
    page.get_by_label("Flask").check()
    page.get_by_label("Express").check()
    page.get_by_role("button", name="Compare").click()

    expect(page).to_have_url(site + "/compare/express-vs-flask/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Express vs Flask")
    expect_comparison_of_every_criterion(page, criterion_names)


def test_editor_changes_a_rating_and_the_comparison_shows_it(editor_user, site, new_page):
    rating = Rating.objects.select_related("criterion").get(
        framework__slug="flask", criterion__slug="security"
    )
    assert rating.score != 1
    new_rationale = "Reviewed: security add-ons must now be chosen and kept up to date by hand."

    page = new_page()
    log_in_as_editor(page, editor_user)

    page.get_by_role("link", name="Frameworks", exact=True).click()
    page.get_by_role("link", name="Flask", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Change framework")

    # The rating's inline row, found by the rating's hidden id field.
    id_field = page.locator(f"input[name^='ratings-'][name$='-id'][value='{rating.pk}']")
    prefix = id_field.get_attribute("name").removesuffix("-id")
    page.locator(f"[name='{prefix}-score']").fill("1")
    page.locator(f"[name='{prefix}-rationale']").fill(new_rationale)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto("/compare/django-vs-flask/")
    row = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=re.compile("^" + re.escape(rating.criterion.name)))
    )
    flask_cell = row.get_by_role("cell").nth(1)  # columns: Django, Flask
    expect(flask_cell).to_contain_text("1/5")
    expect(flask_cell).to_contain_text(new_rationale)
