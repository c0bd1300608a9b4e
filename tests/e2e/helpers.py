"""Helpers shared by the browser tests: skipping (or failing, in CI) without a tool, and
finding the questionnaire's parts the way a visitor does (by role and accessible name)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from tests.e2e import tools

if TYPE_CHECKING:  # the conftest imports this module, which must work without Playwright
    from playwright.sync_api import Locator, Page


def require(*needs: str) -> None:
    """Skip (locally) or fail (in CI) unless the named tools are available."""
    problem = tools.missing(*needs)
    if problem is None:
        return
    if tools.in_ci():
        pytest.fail(f"CI must run the browser tests, but {problem}", pytrace=False)
    pytest.skip(problem)


TOKEN_URL = re.compile(r"/results/[A-Za-z0-9_-]{22,43}/$")

LANGUAGE = "Which language is your team strongest in?"
EXPERIENCE = "How experienced is your team with backend development?"
BUILDING = "What are you building?"
ADMIN_PANEL = "Will non-developers manage data through an admin panel?"
PRIORITIES = "What matters most to you?"
SCALE = "How large do you expect the project to grow?"


def question(page: Page, text: str) -> Locator:
    """A question's group of answers (its fieldset, named by its legend)."""
    return page.get_by_role("group", name=re.compile("^" + re.escape(text)))


def answer(page: Page, text: str, label: str) -> Locator:
    """One answer (radio button or checkbox) of a question, by the start of its label."""
    group = question(page, text)
    name = re.compile("^" + re.escape(label))
    return group.get_by_role("radio", name=name).or_(group.get_by_role("checkbox", name=name))


def step(page: Page, number: int) -> Locator:
    """The questionnaire's section ``number`` (of two in the starting content)."""
    return page.get_by_role("region", name=re.compile(f"^Step {number} of 2:"))


def log_in_as_editor(page: Page, editor) -> None:
    """Log into the admin as the ``editor_user`` fixture's user, and wait for its index."""
    from playwright.sync_api import expect

    page.goto("/admin/")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill("editor-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Content")).to_be_visible()
