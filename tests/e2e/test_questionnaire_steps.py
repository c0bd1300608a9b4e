"""The questionnaire's steps in a real browser: with JavaScript, "Next" checks the step before
moving on, a progress bar follows the steps, and the answers are kept in the browser (a reload
or a later visit continues where the visitor stopped, "Start again" and a sent form clear
them). Without JavaScript every question is on the page, and an answer to a question that
does not apply is left out, with a note on the result.
"""

import json
import re

import pytest
from playwright.sync_api import Page, expect

from questionnaire.models import Option, Question
from tests.e2e import tools
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
    require,
    step,
)
from tests.e2e.test_accessibility import axe_violations, describe, without_site_scripts

STORAGE_KEY = "stackadvisor:advisor-answers:v1"
REQUIRED = "Please answer this question."
NOTE = f"Your answer to “{ADMIN_PANEL}” was not used"


def progress(page: Page):
    return page.get_by_role("progressbar")


def progress_text(page: Page):
    return page.locator("[data-progress-text]")


def saved(page: Page):
    return page.evaluate(f"JSON.parse(localStorage.getItem('{STORAGE_KEY}'))")


def answer_step_one(page: Page) -> None:
    answer(page, LANGUAGE, "Python").check()
    answer(page, EXPERIENCE, "Beginners").check()


def expect_nothing_chosen(page: Page) -> None:
    for text in (LANGUAGE, EXPERIENCE, BUILDING, PRIORITIES, SCALE):
        expect(question(page, text).locator("input:checked")).to_have_count(0)


@pytest.fixture
def field_names(site) -> dict[str, str]:
    """The form's field name of each question, read before the browser starts (see new_page)."""
    texts = (LANGUAGE, EXPERIENCE, BUILDING)
    return {text: f"q{Question.objects.get(text=text).pk}" for text in texts}


@pytest.fixture
def beginners_id(site) -> str:
    return str(Option.objects.get(label__startswith="Beginners").pk)


def test_next_checks_the_step_and_stays_on_it(new_page):
    page = new_page()
    page.goto("/advisor/")
    answer(page, LANGUAGE, "Python").check()
    step(page, 1).get_by_role("button", name="Next").click()

    # Still on step 1: the unanswered question says what the server would say, and has the
    # focus; the answered one says nothing.
    expect(step(page, 1)).to_be_visible()
    expect(step(page, 2)).to_be_hidden()
    expect(progress(page)).to_have_accessible_name("Step 1 of 2")
    experience = question(page, EXPERIENCE)
    expect(experience.get_by_text(REQUIRED)).to_be_visible()
    expect(experience).to_have_accessible_description(re.compile(re.escape(REQUIRED)))
    expect(experience.get_by_role("radio").first).to_be_focused()
    expect(experience.get_by_role("radio").first).to_have_attribute("aria-invalid", "true")
    expect(question(page, LANGUAGE).get_by_text(REQUIRED)).to_have_count(0)

    # Answering clears the error; Next then moves on.
    answer(page, EXPERIENCE, "Beginners").check()
    expect(experience.get_by_text(REQUIRED)).to_have_count(0)
    expect(experience.get_by_role("radio").first).not_to_have_attribute("aria-invalid", "true")
    step(page, 1).get_by_role("button", name="Next").click()
    expect(step(page, 2)).to_be_visible()
    expect(step(page, 2).get_by_role("heading", level=2)).to_be_focused()


def test_next_with_nothing_answered_focuses_the_first_problem(new_page):
    page = new_page()
    page.goto("/advisor/")
    step(page, 1).get_by_role("button", name="Next").click()

    expect(step(page, 1).get_by_text(REQUIRED)).to_have_count(2)
    expect(question(page, LANGUAGE).get_by_role("radio").first).to_be_focused()
    # The language question offers its eleven answers.
    expect(question(page, LANGUAGE).get_by_role("radio")).to_have_count(11)
    expect(answer(page, LANGUAGE, "Another language, several equally, or none yet")).to_be_visible()


def test_progress_follows_the_steps(new_page):
    page = new_page()
    page.goto("/advisor/")
    bar = progress(page)
    expect(bar).to_be_visible()
    expect(progress_text(page)).to_have_text("Step 1 of 2")
    expect(bar).to_have_js_property("value", 1)
    expect(bar).to_have_js_property("max", 2)

    answer_step_one(page)
    step(page, 1).get_by_role("button", name="Next").click()
    expect(progress_text(page)).to_have_text("Step 2 of 2")
    expect(bar).to_have_accessible_name("Step 2 of 2")
    expect(bar).to_have_js_property("value", 2)

    step(page, 2).get_by_role("button", name="Back").click()
    expect(progress_text(page)).to_have_text("Step 1 of 2")
    expect(bar).to_have_js_property("value", 1)

    # The step links move the bar too.
    page.get_by_role("link", name=re.compile("^Step 2 of 2")).click()
    expect(bar).to_have_js_property("value", 2)


def test_answers_and_step_survive_a_reload_and_a_later_visit(new_page):
    page = new_page()
    page.goto("/advisor/")
    answer_step_one(page)
    step(page, 1).get_by_role("button", name="Next").click()
    answer(page, BUILDING, "A full-featured web app").check()
    answer(page, ADMIN_PANEL, "Yes").check()
    answer(page, PRIORITIES, "Security").check()

    page.reload()

    expect(step(page, 2)).to_be_visible()
    expect(step(page, 1)).to_be_hidden()
    expect(progress(page)).to_have_accessible_name("Step 2 of 2")
    expect(answer(page, BUILDING, "A full-featured web app")).to_be_checked()
    expect(question(page, ADMIN_PANEL)).to_be_visible()
    expect(answer(page, ADMIN_PANEL, "Yes")).to_be_checked()
    expect(answer(page, PRIORITIES, "Security")).to_be_checked()
    expect(answer(page, PRIORITIES, "Structure")).not_to_be_checked()

    # A later visit, in another tab of the same browser, continues too.
    later = page.context.new_page()
    later.goto("/advisor/")
    expect(step(later, 2)).to_be_visible()
    expect(answer(later, BUILDING, "A full-featured web app")).to_be_checked()
    step(later, 2).get_by_role("button", name="Back").click()
    expect(answer(later, LANGUAGE, "Python")).to_be_checked()
    expect(answer(later, EXPERIENCE, "Beginners")).to_be_checked()


def test_saved_answers_that_no_longer_exist_are_ignored(new_page, field_names, beginners_id):
    page = new_page()
    page.goto("/advisor/")
    stale = {
        "step": 0,
        "answers": {
            "q999999": ["1"],  # a question since removed
            field_names[LANGUAGE]: ["999999"],  # an answer since removed
            field_names[EXPERIENCE]: [beginners_id],
            field_names[BUILDING]: "not a list",
        },
    }
    page.evaluate(
        "([key, value]) => localStorage.setItem(key, value)", [STORAGE_KEY, json.dumps(stale)]
    )
    page.reload()

    expect(answer(page, EXPERIENCE, "Beginners")).to_be_checked()
    expect(question(page, LANGUAGE).locator("input:checked")).to_have_count(0)
    expect(question(page, BUILDING).locator("input:checked")).to_have_count(0)
    # What is saved now is the form as it is (with the "No answer" of optional questions).
    chosen = {name: values for name, values in saved(page)["answers"].items() if values != [""]}
    assert chosen == {field_names[EXPERIENCE]: [beginners_id]}


def test_start_again_clears_the_answers_and_the_saved_ones(new_page):
    page = new_page()
    page.goto("/advisor/")
    answer_step_one(page)
    step(page, 1).get_by_role("button", name="Next").click()
    answer(page, BUILDING, "An API").check()
    assert saved(page)["step"] == 1

    page.get_by_role("button", name="Start again").click()

    expect(step(page, 1)).to_be_visible()
    expect(step(page, 1).get_by_role("heading", level=2)).to_be_focused()
    expect(progress(page)).to_have_accessible_name("Step 1 of 2")
    expect_nothing_chosen(page)
    assert saved(page) is None
    page.reload()
    expect(step(page, 1)).to_be_visible()
    expect_nothing_chosen(page)


def test_saved_answers_are_cleared_once_the_form_is_sent(new_page):
    page = new_page()
    page.goto("/advisor/")
    answer_step_one(page)
    step(page, 1).get_by_role("button", name="Next").click()
    answer(page, BUILDING, "An API").check()
    answer(page, PRIORITIES, "Security").check()
    answer(page, SCALE, "Medium").check()
    page.get_by_role("button", name="See my recommendation").click()

    expect(page).to_have_url(TOKEN_URL)
    assert saved(page) is None
    page.goto("/advisor/")
    expect(step(page, 1)).to_be_visible()
    expect_nothing_chosen(page)


def test_answers_refused_by_the_server_are_kept(new_page):
    page = new_page()
    page.goto("/advisor/")
    answer_step_one(page)
    step(page, 1).get_by_role("button", name="Next").click()
    answer(page, BUILDING, "An API").check()
    page.get_by_role("button", name="See my recommendation").click()  # priorities, scale missing

    expect(page.get_by_role("alert")).to_contain_text("Please check your answers")
    expect(progress(page)).to_have_count(0)  # every step is on the page
    page.goto("/advisor/")
    expect(step(page, 1)).to_be_visible()
    expect(answer(page, LANGUAGE, "Python")).to_be_checked()
    step(page, 1).get_by_role("button", name="Next").click()
    expect(answer(page, BUILDING, "An API")).to_be_checked()


def test_without_javascript_no_progress_bar_nor_start_again(new_page):
    page = new_page(javascript=False)
    page.goto("/advisor/")
    expect(step(page, 1)).to_be_visible()
    expect(step(page, 2)).to_be_visible()
    expect(progress(page)).to_have_count(0)
    expect(page.get_by_role("button", name="Start again")).to_have_count(0)


def test_without_javascript_an_answer_that_does_not_apply_is_left_out_with_a_note(new_page):
    page = new_page(javascript=False)
    page.goto("/advisor/")
    answer(page, LANGUAGE, "Python").check()
    answer(page, EXPERIENCE, "Beginners").check()
    answer(page, BUILDING, "An API").check()
    answer(page, ADMIN_PANEL, "Yes").check()  # applies only to a full-featured web app
    answer(page, PRIORITIES, "Security").check()
    answer(page, SCALE, "Medium").check()
    page.get_by_role("button", name="See my recommendation").click()

    expect(page).to_have_url(TOKEN_URL)
    note = page.get_by_role("status").filter(has_text=NOTE)
    expect(note).to_be_visible()
    expect(note).to_contain_text("it only applies if you answer “A full-featured web app")
    answers = page.get_by_role("region", name="Your answers", exact=True)
    expect(answers).to_contain_text(BUILDING)
    expect(answers).not_to_contain_text(ADMIN_PANEL)

    # The note is said once: the page opened again (or by whoever gets the link) has none.
    page.reload()
    expect(page.get_by_text(NOTE)).to_have_count(0)


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_step_errors_progress_and_the_note_have_no_axe_violations(new_page, color_scheme):
    require("axe")
    page = new_page(bypass_csp=True, color_scheme=color_scheme)
    found: dict[str, list[dict]] = {}

    page.goto("/advisor/")
    step(page, 1).get_by_role("button", name="Next").click()
    expect(step(page, 1).get_by_text(REQUIRED)).to_have_count(2)
    found["advisor, step 1 checked"] = axe_violations(page)

    page.goto("/advisor/")  # no script: the form as without JavaScript
    without_site_scripts(page)
    page.reload()
    for text, label in (
        (LANGUAGE, "Python"),
        (EXPERIENCE, "Beginners"),
        (BUILDING, "An API"),
        (ADMIN_PANEL, "Yes"),
        (PRIORITIES, "Security"),
        (SCALE, "Medium"),
    ):
        answer(page, text, label).check()
    page.get_by_role("button", name="See my recommendation").click()
    expect(page.get_by_role("status").filter(has_text=NOTE)).to_be_visible()
    # The note alone: the rest of the result page is test_accessibility's.
    page.add_script_tag(path=str(tools.AXE_JS))
    note_only = "axe.run({include: [['.site-messages']]})"
    found["result with a note"] = page.evaluate(note_only)["violations"]

    assert not any(found.values()), (
        f"axe-core ({color_scheme} colour scheme) found:\n{describe(found)}"
    )
