"""The pure rules behind changing a comparison (comparisons/comparison.py): which rows differ,
where each "Remove" leads, which frameworks may be added, and each cell's review date. No
database."""

import datetime
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from comparisons.comparison import (
    MAX_FRAMEWORKS,
    MIN_FRAMEWORKS,
    Cell,
    Row,
    addable,
    canonical_spec,
    comparison_rows,
    differing_rows,
    removal_specs,
)


def row(*scores) -> Row:
    return Row(1, "A criterion", "", tuple(Cell(score, "", "", False) for score in scores))


@pytest.mark.parametrize(
    ("scores", "differs"),
    [((3, 3), False), ((3, 4), True), ((5, 5, 5, 5), False), ((5, 5, 1), True), ((None, 2), True)],
)
def test_a_row_differs_when_its_scores_are_not_all_the_same(scores, differs):
    assert differing_rows([row(*scores)]) == ([row(*scores)] if differs else [])


@given(
    st.lists(
        st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=2, max_size=4).map(tuple),
        max_size=8,
    )
)
def test_differing_rows_keep_their_order_and_leave_out_only_uniform_rows(grid):
    rows = [row(*scores) for scores in grid]

    kept = differing_rows(rows)

    assert kept == [r for r, scores in zip(rows, grid, strict=True) if len(set(scores)) > 1]


def test_no_removal_from_the_smallest_comparison():
    assert removal_specs(["django", "express"][:MIN_FRAMEWORKS]) == []


@pytest.mark.parametrize("count", range(MIN_FRAMEWORKS + 1, MAX_FRAMEWORKS + 1))
def test_each_removal_leads_to_the_canonical_comparison_of_the_others(count):
    slugs = ["flask", "django", "hono", "express"][:count]

    removals = removal_specs(slugs)

    assert [slug for slug, _ in removals] == slugs
    for slug, spec in removals:
        assert spec == canonical_spec(other for other in slugs if other != slug)
        assert slug not in spec.split("-vs-")


def test_addable_frameworks_are_the_other_published_ones_until_the_maximum():
    published = [SimpleNamespace(slug=slug) for slug in ["a", "b", "c", "d", "e"]]

    assert [f.slug for f in addable(["b", "d"], published)] == ["a", "c", "e"]
    assert [f.slug for f in addable(["a", "b", "c"], published)] == ["d", "e"]
    assert addable(["a", "b", "c", "d"][:MAX_FRAMEWORKS], published) == []


def test_cells_carry_their_framework_name_and_review_date():
    reviewed = datetime.date(2024, 5, 17)
    frameworks = [SimpleNamespace(id=1, name="A"), SimpleNamespace(id=2, name="B")]
    criterion = SimpleNamespace(id=9, name="Speed", description="")
    ratings = {
        (1, 9): (4, "Fast.", "https://a.example/", reviewed),
        (2, 9): (2, "Slow.", "", reviewed),
    }

    ((a, b),) = [r.cells for r in comparison_rows(frameworks, [criterion], ratings)]

    assert (a.framework_name, a.last_reviewed, a.source_url) == (
        "A",
        reviewed,
        "https://a.example/",
    )
    assert (b.framework_name, b.last_reviewed, b.best) == ("B", reviewed, False)
