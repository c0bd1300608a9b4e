"""The pure comparison rules (comparisons/comparison.py): reading a comparison address, its
one canonical form, and pivoting ratings into rows. No database."""

import itertools
import re
from types import SimpleNamespace

import pytest
from django.db.models import CheckConstraint, Q
from hypothesis import assume, example, given
from hypothesis import strategies as st

from comparisons.colours import framework_colour
from comparisons.comparison import (
    MAX_FRAMEWORKS,
    MIN_FRAMEWORKS,
    SEPARATOR,
    Cell,
    InvalidComparison,
    canonical_spec,
    comparison_rows,
    parse_comparison,
)
from comparisons.models import SLUG_PATTERN, Framework

# --- parse_comparison -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "slugs"),
    [
        ("django-vs-express", ["django", "express"]),
        ("express-vs-django", ["express", "django"]),  # order kept: the view redirects
        ("Flask-vs-DJANGO", ["flask", "django"]),  # lower-cased
        ("ruby-on-rails-vs-express", ["ruby-on-rails", "express"]),  # hyphens inside a slug
        ("a-vs-b-vs-c", ["a", "b", "c"]),
        ("d-vs-c-vs-b-vs-a", ["d", "c", "b", "a"]),
        ("vsphere-vs-devs", ["vsphere", "devs"]),  # "vs" inside a word
    ],
)
def test_parse_comparison_reads_the_slugs_in_order(spec, slugs):
    assert parse_comparison(spec) == slugs


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("django-vs-", "empty framework name"),
        ("-vs-django", "empty framework name"),
        ("django-vs--vs-flask", "empty framework name"),
        ("", "empty framework name"),
        ("-vs-", "empty framework name"),
        ("django-vs-django", "more than once"),
        ("Django-vs-django", "more than once"),  # the same once lower-cased
        ("a-vs-b-vs-a", "more than once"),
        ("django", f"at least {MIN_FRAMEWORKS} frameworks"),
        ("django-and-flask", f"at least {MIN_FRAMEWORKS} frameworks"),
        ("a-vs-b-vs-c-vs-d-vs-e", f"at most {MAX_FRAMEWORKS} frameworks"),
        ("a-vs-b-vs-c-vs-d-vs-e-vs-f", f"at most {MAX_FRAMEWORKS} frameworks"),
    ],
)
def test_parse_comparison_refuses_invalid_addresses_and_says_why(spec, message):
    with pytest.raises(InvalidComparison, match=re.escape(message)):
        parse_comparison(spec)


def test_invalid_comparison_is_a_value_error():
    assert issubclass(InvalidComparison, ValueError)


# --- canonical_spec ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slugs", "spec"),
    [
        (["express", "django"], "django-vs-express"),
        (["django", "express"], "django-vs-express"),
        (["Flask", "express", "DJANGO"], "django-vs-express-vs-flask"),
        (("b", "a", "d", "c"), "a-vs-b-vs-c-vs-d"),
    ],
)
def test_canonical_spec_sorts_and_lower_cases(slugs, spec):
    assert canonical_spec(slugs) == spec


def test_canonical_spec_accepts_any_iterable():
    assert canonical_spec(slug for slug in ["flask", "django"]) == "django-vs-flask"


def _holds(condition: Q, slug: str) -> bool:
    """Evaluate a slug CheckConstraint's condition in Python (its lookups: regex, contains)."""
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            results.append(_holds(child, slug))
            continue
        lookup, value = child
        field, _, operator = lookup.partition("__")
        assert field == "slug", lookup
        if operator == "regex":
            results.append(re.search(value, slug) is not None)
        elif operator == "contains":
            results.append(value in slug)
        else:
            raise AssertionError(f"teach _holds the {lookup!r} lookup")
    combined = all(results) if condition.connector == Q.AND else any(results)
    return not combined if condition.negated else combined


SLUG_RULES = [
    constraint.condition
    for constraint in Framework._meta.constraints
    if isinstance(constraint, CheckConstraint) and constraint.name.startswith("framework_slug")
]


def model_allows(slug: str) -> bool:
    """Whether the Framework model's slug constraints (read from the model, not copied) and
    its max_length accept this slug."""
    max_length = Framework._meta.get_field("slug").max_length
    return len(slug) <= max_length and all(_holds(rule, slug) for rule in SLUG_RULES)


def test_the_slug_rules_are_read_from_the_model():
    assert len(SLUG_RULES) >= 2
    assert model_allows("django") and model_allows("ruby-on-rails") and model_allows("vsphere")
    assert not model_allows("Django")  # lower case only
    assert not model_allows("a--b")
    assert not model_allows("django-vs-flask")  # the separator itself


valid_slugs = st.from_regex(SLUG_PATTERN, fullmatch=True).filter(model_allows)
slug_sets = st.lists(valid_slugs, min_size=MIN_FRAMEWORKS, max_size=MAX_FRAMEWORKS, unique=True)


@given(case=slug_sets.flatmap(lambda slugs: st.tuples(st.just(slugs), st.permutations(slugs))))
# Slugs near the separator: if the models accept them, they must round-trip too (a slug
# ending in "-vs" does not: "next-vs" + "-vs-" + "nuxt" reads back as "next", "vs-nuxt").
@example(case=(["next-vs", "nuxt"], ["nuxt", "next-vs"]))
@example(case=(["vs", "a"], ["a", "vs"]))
@example(case=(["vs-a", "b", "a"], ["b", "a", "vs-a"]))
@example(case=(["devs", "kit-vs2", "vsphere"], ["vsphere", "devs", "kit-vs2"]))
def test_canonical_spec_is_idempotent_and_order_independent(case):
    slugs, shuffled = case
    assume(all(model_allows(slug) for slug in slugs))  # slugs a framework can have
    canonical = canonical_spec(slugs)

    # Order-independent: every permutation (and any letter case) gives the same address.
    for permutation in itertools.permutations(slugs):
        assert canonical_spec(permutation) == canonical
        assert canonical_spec(slug.upper() for slug in permutation) == canonical
    assert canonical_spec(parse_comparison(SEPARATOR.join(shuffled).upper())) == canonical

    # Idempotent: reading the canonical address back gives the same set, in sorted order,
    # and its canonical form is itself (so the view never redirects it again).
    assert parse_comparison(canonical) == sorted(slugs)
    assert canonical_spec(parse_comparison(canonical)) == canonical
    assert canonical_spec([canonical_spec([slug]) for slug in slugs]) == canonical


# --- comparison_rows --------------------------------------------------------------------------


def frameworks_and_criteria(framework_count: int, criterion_count: int):
    frameworks = [SimpleNamespace(id=10 + i, name=f"Framework {i}") for i in range(framework_count)]
    criteria = [
        SimpleNamespace(id=100 + j, name=f"Criterion {j}", description=f"Covers {j}.")
        for j in range(criterion_count)
    ]
    return frameworks, criteria


def test_rows_follow_the_criteria_and_cells_the_frameworks_order():
    (a, b), (first, second) = frameworks_and_criteria(2, 2)
    ratings = {
        (a.id, first.id): (2, "A first.", "https://a.example/1"),
        (b.id, first.id): (4, "B first.", ""),
        (a.id, second.id): (5, "A second.", ""),
        (b.id, second.id): (1, "B second.", "https://b.example/2"),
    }

    rows = comparison_rows([b, a], [second, first], ratings)

    assert [(row.criterion_id, row.name, row.description) for row in rows] == [
        (second.id, second.name, second.description),
        (first.id, first.name, first.description),
    ]
    colour_a, colour_b = framework_colour(a.id), framework_colour(b.id)
    assert rows[0].cells == (
        Cell(1, "B second.", "https://b.example/2", False, b.name, colour=colour_b),
        Cell(5, "A second.", "", True, a.name, colour=colour_a),
    )
    assert rows[1].cells == (
        Cell(4, "B first.", "", True, b.name, colour=colour_b),
        Cell(2, "A first.", "https://a.example/1", False, a.name, colour=colour_a),
    )
    assert all(row.weight is None and not row.weighs_most for row in rows)


def test_every_framework_with_the_top_score_is_best():
    frameworks, (criterion,) = frameworks_and_criteria(4, 1)
    scores = [5, 3, 5, 1]
    ratings = {
        (framework.id, criterion.id): (score, f"Reason {score}.", "")
        for framework, score in zip(frameworks, scores, strict=True)
    }

    (row,) = comparison_rows(frameworks, [criterion], ratings)

    assert [cell.best for cell in row.cells] == [True, False, True, False]


def test_no_best_when_all_scores_are_equal():
    frameworks, (criterion,) = frameworks_and_criteria(3, 1)
    ratings = {(framework.id, criterion.id): (4, "Same.", "") for framework in frameworks}

    (row,) = comparison_rows(frameworks, [criterion], ratings)

    assert [cell.score for cell in row.cells] == [4, 4, 4]
    assert not any(cell.best for cell in row.cells)


def test_missing_ratings_give_empty_cells_that_are_never_best():
    (a, b, c), (criterion, unrated) = frameworks_and_criteria(3, 2)
    ratings = {(a.id, criterion.id): (2, "A.", ""), (c.id, criterion.id): (3, "C.", "")}

    rows = comparison_rows([a, b, c], [criterion, unrated], ratings)

    def empty(framework):
        return Cell(None, "", "", False, framework.name, colour=framework_colour(framework.id))

    assert rows[0].cells == (
        Cell(2, "A.", "", False, a.name, colour=framework_colour(a.id)),
        empty(b),
        Cell(3, "C.", "", True, c.name, colour=framework_colour(c.id)),
    )
    assert rows[1].cells == (empty(a), empty(b), empty(c))


def test_a_single_rating_in_a_row_is_not_best():
    (a, b), (criterion,) = frameworks_and_criteria(2, 1)

    (row,) = comparison_rows([a, b], [criterion], {(b.id, criterion.id): (5, "Only B.", "")})

    assert [(cell.score, cell.best) for cell in row.cells] == [(None, False), (5, False)]


def test_ratings_of_other_frameworks_are_ignored():
    (a, b, outsider), (criterion,) = frameworks_and_criteria(3, 1)
    ratings = {
        (a.id, criterion.id): (2, "A.", ""),
        (b.id, criterion.id): (2, "B.", ""),
        (outsider.id, criterion.id): (5, "Not shown.", ""),
    }

    (row,) = comparison_rows([a, b], [criterion], ratings)

    assert [cell.best for cell in row.cells] == [False, False]
    assert len(row.cells) == 2


def test_no_criteria_give_no_rows():
    frameworks, _ = frameworks_and_criteria(2, 0)
    assert comparison_rows(frameworks, [], {}) == []


@given(
    grid=st.integers(min_value=1, max_value=4).flatmap(
        lambda width: st.lists(
            st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=width, max_size=width),
            min_size=1,
            max_size=6,
        )
    )
)
def test_best_is_the_top_score_exactly_when_rated_scores_differ(grid):
    frameworks, criteria = frameworks_and_criteria(len(grid[0]), len(grid))
    ratings = {
        (framework.id, criterion.id): (score, f"{framework.id}/{criterion.id}", "")
        for criterion, scores in zip(criteria, grid, strict=True)
        for framework, score in zip(frameworks, scores, strict=True)
        if score is not None
    }

    rows = comparison_rows(frameworks, criteria, ratings)

    assert len(rows) == len(grid)
    for row, scores in zip(rows, grid, strict=True):
        rated = [score for score in scores if score is not None]
        differ = len(set(rated)) > 1
        assert [cell.score for cell in row.cells] == scores
        assert [cell.best for cell in row.cells] == [
            differ and score == max(rated) if score is not None else False for score in scores
        ]
        assert [cell.rationale == "" for cell in row.cells] == [s is None for s in scores]


def test_ratings_chart_draws_one_bar_per_rating_with_length_proportional_to_the_score():
    from comparisons.comparison import Cell, Row, ratings_chart

    rows = [
        Row(1, "Speed", "", (Cell(5, "", "", True), Cell(1, "", "", False))),
        Row(2, "Safety", "", (Cell(None, "", "", False), Cell(4, "", "", True))),
    ]
    chart = ratings_chart(rows, ["#111111", "#222222"])
    assert [(bar.series, bar.score) for bar in chart.bars] == [(0, 5), (1, 1), (1, 4)]
    assert [bar.colour for bar in chart.bars] == ["#111111", "#222222", "#222222"]
    full = chart.bars[0].width
    assert chart.bars[1].width == pytest.approx(full / 5)
    assert chart.bars[2].width == pytest.approx(full * 4 / 5)
    assert [label.text for label in chart.labels] == ["Speed", "Safety"]
    # Every bar lies inside the drawing, groups do not overlap.
    assert all(bar.y >= 0 and bar.y + bar.height <= chart.height for bar in chart.bars)
    assert chart.bars[1].y < chart.bars[2].y
    assert [score for _, score in chart.gridlines] == [1, 2, 3, 4, 5]
