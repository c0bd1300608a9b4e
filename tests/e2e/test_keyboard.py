"""The questionnaire with the keyboard alone (JavaScript on): Tab between controls, Space or
the arrow keys to answer, Enter on the buttons. No clicks, no mouse."""

import re

from playwright.sync_api import Locator, Page, expect

from tests.e2e.helpers import (
    ADMIN_PANEL,
    BUILDING,
    EXPERIENCE,
    LANGUAGE,
    PRIORITIES,
    SCALE,
    TOKEN_URL,
    answer,
    question,
    step,
)

MAX_TABS = 40


def is_focused(locator: Locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page: Page, target: Locator) -> None:
    """Press Tab until ``target`` has the focus (failing after MAX_TABS presses)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if is_focused(target):
            return
    focused = page.evaluate("document.activeElement.outerHTML.slice(0, 200)")
    raise AssertionError(f"{MAX_TABS} Tabs never reached {target}; the focus is on {focused}")


def test_questionnaire_with_the_keyboard_alone(new_page):
    page = new_page()
    page.goto("/advisor/")

    # Step 1. Tab enters a radio group on its first answer; the arrow keys choose.
    tab_to(page, answer(page, LANGUAGE, "JavaScript"))
    page.keyboard.press("ArrowUp")  # wraps round to the last answer
    expect(answer(page, LANGUAGE, "Another language")).to_be_checked()
    expect(answer(page, LANGUAGE, "Another language")).to_be_focused()
    tab_to(page, answer(page, EXPERIENCE, "Beginners"))
    page.keyboard.press("Space")
    expect(answer(page, EXPERIENCE, "Beginners")).to_be_checked()
    next_button = step(page, 1).get_by_role("button", name="Next")
    tab_to(page, next_button)
    page.keyboard.press("Enter")

    # Step 2: the focus moves to its heading, so the next Tab starts there.
    expect(step(page, 2)).to_be_visible()
    expect(step(page, 2).get_by_role("heading", level=2)).to_be_focused()
    tab_to(page, answer(page, BUILDING, "A real-time app"))
    page.keyboard.press("ArrowDown")  # An API
    page.keyboard.press("ArrowDown")  # A full-featured web app
    expect(answer(page, BUILDING, "A full-featured web app")).to_be_checked()
    expect(question(page, ADMIN_PANEL)).to_be_visible()
    # An optional question starts on "No answer"; Tab lands on the checked answer.
    tab_to(page, answer(page, ADMIN_PANEL, "No answer"))
    page.keyboard.press("ArrowUp")  # No
    page.keyboard.press("ArrowUp")  # Yes
    expect(answer(page, ADMIN_PANEL, "Yes")).to_be_checked()
    for priority in ("Structure", "Security"):
        tab_to(page, answer(page, PRIORITIES, priority))
        page.keyboard.press("Space")
        expect(answer(page, PRIORITIES, priority)).to_be_checked()
    tab_to(page, answer(page, SCALE, "Small"))
    page.keyboard.press("ArrowDown")
    expect(answer(page, SCALE, "Medium")).to_be_checked()

    # Back and forth with the keyboard keeps the answers.
    tab_to(page, step(page, 2).get_by_role("button", name="Back"))
    page.keyboard.press("Enter")
    expect(step(page, 1).get_by_role("heading", level=2)).to_be_focused()
    expect(answer(page, LANGUAGE, "Another language")).to_be_checked()
    tab_to(page, next_button)
    page.keyboard.press("Enter")
    expect(answer(page, SCALE, "Medium")).to_be_checked()

    tab_to(page, page.get_by_role("button", name="See my recommendation"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(TOKEN_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Django")


def test_skip_link_is_the_first_stop_and_reaches_the_content(new_page):
    page = new_page()
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to the main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))
    expect(page.locator("main")).to_be_focused()
