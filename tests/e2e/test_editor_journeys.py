"""An editor's journeys through the workbench, in a browser: rating a new framework on one
screen, seeing what a rating change would do before it is saved (and cancelling it), and
reverting a change so that the public page shows the old value again."""

import re

import pytest
from playwright.sync_api import expect

from questionnaire.starting_content import record_first_versions
from tests.e2e.helpers import log_in_as_editor
from tests.e2e.test_accessibility import axe_violations, describe

CHAT_PROFILE = "JavaScript team building a real-time chat app"


def public_rating(page, framework_slug: str, criterion_name: str):
    page.goto(f"/frameworks/{framework_slug}/")
    return page.get_by_role("row").filter(has=page.get_by_text(criterion_name, exact=True))


def save_rating(page, rating, score: int) -> None:
    """Change a rating's score on its admin page and save it, confirming if asked."""
    page.goto(f"/admin/comparisons/rating/{rating.pk}/change/")
    page.get_by_label("Score").fill(str(score))
    page.get_by_role("button", name="Save", exact=True).click()
    save_anyway = page.get_by_role("button", name="Save anyway")
    if save_anyway.count():
        save_anyway.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")


def test_an_editor_rates_a_new_framework_in_one_pass(editor_user, site, new_page):
    from comparisons.models import Criterion

    criteria = list(Criterion.objects.filter(active=True).values_list("name", flat=True))
    page = new_page(viewport={"width": 1280, "height": 800})
    log_in_as_editor(page, editor_user)
    page.goto("/admin/comparisons/framework/add/")
    page.locator("#id_slug").fill("hono")  # first: the name then leaves it alone
    page.locator("#id_name").fill("Hono")
    page.locator("#id_language").fill("TypeScript")
    page.locator("#id_summary").fill("A small web framework for the edge.")
    page.get_by_role("checkbox", name="TypeScript", exact=True).check()
    rows = page.locator("#ratings-group tr.form-row:not(.empty-form)")
    expect(rows).to_have_count(len(criteria))
    for index in range(rows.count()):
        page.locator(f'[name="ratings-{index}-score"]').fill("2")
        page.locator(f'[name="ratings-{index}-rationale"]').fill(f"Reason {index}.")
        page.locator(f'[name="ratings-{index}-source_url"]').fill("https://hono.dev/docs/")
    page.locator("#id_published").check()
    page.get_by_role("button", name="Save", exact=True).click()

    save_anyway = page.get_by_role("button", name="Save anyway")
    if save_anyway.count():
        save_anyway.click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    # Published, so rated on every criterion: the public page shows each rating.
    page.goto("/frameworks/hono/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hono")
    for name in criteria:
        row = page.get_by_role("row").filter(has=page.get_by_text(name, exact=True))
        expect(row).to_contain_text("2/5")


def test_a_rating_change_that_flips_a_golden_profile_is_shown_then_cancelled(
    editor_user, site, new_page
):
    from comparisons.models import Rating

    rating = Rating.objects.select_related("criterion").get(
        framework__key="express", criterion__key="real-time"
    )
    page = new_page(bypass_csp=True)  # for axe-core
    log_in_as_editor(page, editor_user)
    page.goto(f"/admin/comparisons/rating/{rating.pk}/change/")
    page.get_by_label("Score").fill("1")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check before saving")
    flipped = page.get_by_role("row").filter(has_text=CHAT_PROFILE)
    expect(flipped).to_contain_text("Express")
    expect(flipped).to_contain_text("Fails")
    assert not axe_violations(page), describe({"impact page": axe_violations(page)})
    page.get_by_role("link", name="Cancel").click()

    expect(page).to_have_url(re.compile(f"/admin/comparisons/rating/{rating.pk}/change/$"))
    expect(page.get_by_label("Score")).to_have_value("5")
    expect(public_rating(page, "express", rating.criterion.name)).to_contain_text("5/5")


@pytest.fixture
def recorded_history(site):
    """The history as `make run` starts it: a first version of every content row."""
    record_first_versions()


def test_reverting_a_change_brings_the_old_value_back_to_the_public_page(
    editor_user, recorded_history, new_page
):
    from comparisons.models import Rating

    rating = Rating.objects.select_related("criterion").get(
        framework__key="flask", criterion__key="security"
    )
    old = rating.score
    new = 1 if old != 1 else 2
    page = new_page()
    log_in_as_editor(page, editor_user)
    save_rating(page, rating, new)
    expect(public_rating(page, "flask", rating.criterion.name)).to_contain_text(f"{new}/5")

    page.goto(f"/admin/comparisons/rating/{rating.pk}/history/")
    score_change = page.get_by_role("row", name=re.compile("^Score")).first
    expect(score_change).to_contain_text(f"{old}")  # before
    expect(score_change).to_contain_text(f"{new}")  # after
    # The newest earlier version: the one before the change.
    page.get_by_role("link", name="Revert to this version").first.click()
    expect(page.get_by_label("Score")).to_have_value(str(old))
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(public_rating(page, "flask", rating.criterion.name)).to_contain_text(f"{old}/5")
    page.goto("/admin/recent-changes/")
    expect(page.get_by_role("row").filter(has_text="Reverted")).to_have_count(1)
