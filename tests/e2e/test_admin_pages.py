"""The editors' own admin pages: axe-core finds no accessibility violations on them."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import log_in_as_editor
from tests.e2e.test_accessibility import axe_violations, describe

# name → (address, its heading)
ADMIN_PAGES = {
    "analytics": ("/admin/analytics/", "Visitors' answers and results"),
    "content health": ("/admin/content-health/", "Content health"),
    "ratings matrix": ("/admin/ratings-matrix/", "Ratings matrix"),
    "recent changes": ("/admin/recent-changes/", "Recent changes"),
    "golden profiles": ("/admin/questionnaire/goldenprofile/", None),
    "front page": ("/admin/", "Content"),
}


@pytest.fixture
def a_result(site, answer_form_data, submit_answers):
    from tests.personas import CHAT_APP

    return submit_answers(answer_form_data(**CHAT_APP))


def pages_of_objects() -> dict:
    """The workbench's pages about one object: a golden profile, a framework's ratings grid
    and its history (after a change, so that it shows a diff)."""
    import reversion

    from comparisons.models import Framework
    from questionnaire.models import GoldenProfile

    django = Framework.objects.get(key="django")
    with reversion.create_revision():
        django.save()
    rating = django.ratings.first()
    rating.rationale += " Reviewed again."
    with reversion.create_revision():
        django.save()
        rating.save()
    profile = GoldenProfile.objects.first()
    return {
        "golden profile": (f"/admin/questionnaire/goldenprofile/{profile.pk}/change/", None),
        "ratings grid": (f"/admin/comparisons/framework/{django.pk}/change/", None),
        "history": (f"/admin/comparisons/framework/{django.pk}/history/", None),
    }


def test_the_editors_admin_pages_have_no_axe_violations(editor_user, a_result, new_page):
    pages = {**ADMIN_PAGES, **pages_of_objects()}
    page = new_page(bypass_csp=True, viewport={"width": 1280, "height": 800})
    log_in_as_editor(page, editor_user)

    found = {}
    for name, (path, heading) in pages.items():
        response = page.goto(path)
        assert response.status == 200, path
        if heading:
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        # At 1,280 px nothing scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280, path
        found[name] = axe_violations(page)
    assert not any(found.values()), describe(found)


def test_an_import_with_one_bad_row_names_it_and_saves_nothing(
    editor_user, site, new_page, tmp_path
):
    from comparisons.models import Rating

    good, bad = Rating.objects.select_related("framework", "criterion").order_by("pk")[:2]
    file = tmp_path / "ratings.csv"
    file.write_text(
        "framework,criterion,score,rationale,source_url,last_reviewed\n"
        f"{good.framework.slug},{good.criterion.slug},{good.score % 5 + 1},Changed.,,\n"
        f"{bad.framework.slug},{bad.criterion.slug},6,Too good.,,\n",
        encoding="utf-8",
    )
    page = new_page()
    log_in_as_editor(page, editor_user)
    page.goto("/admin/comparisons/rating/import/")
    page.locator("input[type=file]").set_input_files(str(file))
    page.locator("select[name=format]").select_option(label="csv")
    page.get_by_role("button", name="Submit").click()

    expect(page.get_by_text("Some rows failed to validate")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Too good.")).to_contain_text(
        "A rating must be a whole number from 1 to 5."
    )
    expect(page.get_by_role("button", name="Confirm import")).to_have_count(0)
    # Nothing saved: the public page still shows the first row's rating as it was.
    page.goto(f"/frameworks/{good.framework.slug}/")
    row = page.get_by_role("row").filter(has=page.get_by_text(good.criterion.name, exact=True))
    expect(row).to_contain_text(f"{good.score}/5")


def test_a_new_framework_is_rated_on_one_screen_without_scrolling_sideways(
    editor_user, site, new_page
):
    page = new_page(viewport={"width": 1280, "height": 800})
    log_in_as_editor(page, editor_user)
    page.goto("/admin/comparisons/framework/add/")

    # A row per active criterion, its criterion chosen; nothing scrolls sideways at 1,280 px.
    expect(page.locator("#ratings-group tr.form-row:not(.empty-form)")).to_have_count(11)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
