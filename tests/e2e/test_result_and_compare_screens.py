"""The result and compare pages in a real browser, with JavaScript and without: the too-close
page, adding and removing a framework, only the differences, weighing a comparison by your
own priorities, and what a 390 px wide screen shows."""

import re

import pytest
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
# The API persona comes out too close to call: ASP.NET Core or Fastify.
TOO_CLOSE = {
    "language": "Another language",
    "experience": "Experienced",
    "building": "An API",
    "priorities": ["Speed"],
    "scale": "Large",
}


@pytest.fixture
def close_token(site, answer_form_data, submit_answers):
    return submit_answers(answer_form_data(**TOO_CLOSE))


@pytest.mark.parametrize("javascript", [True, False])
def test_the_too_close_page_names_both_and_makes_both_cases(new_page, close_token, javascript):
    page = new_page(javascript=javascript)
    page.goto(f"/results/{close_token}/")

    expect(page).to_have_title("ASP.NET Core or Fastify: too close to call — StackAdvisor")
    expect(page.get_by_role("heading", level=1)).to_have_text("ASP.NET Core or Fastify")
    expect(page.get_by_text("Too close to call", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Why ASP.NET Core")).to_be_visible()
    expect(page.get_by_role("heading", name="Why Fastify")).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False])
def test_add_and_remove_a_framework_in_place(new_page, javascript):
    page = new_page(javascript=javascript)
    page.goto("/compare/django-vs-express/")

    page.get_by_label("Add a framework").select_option(label="Flask")
    page.get_by_role("button", name="Add to the comparison").click()
    expect(page).to_have_url(re.compile(r"/compare/django-vs-express-vs-flask/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Django vs Express vs Flask")

    page.get_by_role("link", name="Remove Express from the comparison").click()
    expect(page).to_have_url(re.compile(r"/compare/django-vs-flask/$"))


@pytest.mark.parametrize("javascript", [True, False])
def test_show_only_the_differences_and_back(new_page, javascript):
    page = new_page(javascript=javascript)
    page.goto("/compare/django-vs-flask/")
    rows = page.locator(".compare-table tbody tr")
    every = rows.count()

    page.get_by_role("link", name="Show only the").click()
    expect(page).to_have_url(re.compile(r"\?only=differences$"))
    assert 0 < rows.count() < every

    page.get_by_role("link", name=f"Show all {every} criteria").click()
    expect(rows).to_have_count(every)


@pytest.mark.parametrize("javascript", [True, False])
def test_weigh_a_comparison_by_your_own_priorities(new_page, javascript):
    page = new_page(javascript=javascript)
    page.goto("/compare/django-vs-express/")
    form = page.locator(".compare-weigh")
    for select in form.locator("select").all():
        select.select_option("0")
    form.get_by_label("Security out of the box").select_option("10")
    form.get_by_role("button", name="Weigh the comparison").click()

    expect(page).to_have_url(re.compile(r"/compare/django-vs-express/weighed/\?"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Django vs Express, weighed by your priorities"
    )
    first_row = page.locator(".compare-table tbody tr").first
    expect(first_row.locator("th")).to_contain_text("Security out of the box")
    expect(first_row.locator("th")).to_contain_text("weighs most for you")
    expect(page.locator("thead")).to_contain_text("Your match: 100.0 (#1)")


def no_sideways_page(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def first_column_stays(page, table_selector: str) -> None:
    """Scrolled sideways, the table's first column stays where it was."""
    box = page.locator(f"{table_selector} tbody th").first
    before = box.bounding_box()["x"]
    page.evaluate(
        f"document.querySelector('{table_selector}').closest('.table-responsive').scrollLeft = 400"
    )
    assert abs(box.bounding_box()["x"] - before) < 1


def test_the_result_page_at_390_px(new_page, close_token):
    page = new_page(viewport=PHONE)
    page.goto(f"/results/{close_token}/")

    no_sideways_page(page)
    widths = page.eval_on_selector_all(
        ".ranking-row .bar", "bars => bars.map(b => b.getBoundingClientRect().width)"
    )
    # A bar half full is at least 40 px long.
    assert widths and min(widths) / 2 >= 40, widths
    first_column_stays(page, ".breakdown")


def test_the_compare_page_at_390_px(new_page):
    page = new_page(viewport=PHONE)
    page.goto("/compare/django-vs-express-vs-flask/")

    no_sideways_page(page)
    sizes = page.eval_on_selector_all(
        ".ratings-chart text",
        """texts => texts.map(t => parseFloat(getComputedStyle(t).fontSize)
                                   * t.ownerSVGElement.getScreenCTM().a)""",
    )
    assert sizes and min(sizes) >= 12, min(sizes)
    first_column_stays(page, ".compare-table")
