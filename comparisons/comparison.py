"""Comparison of two to four frameworks: parsing the address and pivoting ratings into rows.

Pure functions (no queries) so the rules are easy to test and reuse.
"""

from __future__ import annotations

from dataclasses import dataclass

SEPARATOR = "-vs-"
MIN_FRAMEWORKS, MAX_FRAMEWORKS = 2, 4


class InvalidComparison(ValueError):
    """The address does not name a valid set of frameworks; the message says why."""


def parse_comparison(spec: str) -> list[str]:
    """'Flask-vs-django' → ['flask', 'django'] (order kept), or InvalidComparison."""
    slugs = spec.lower().split(SEPARATOR)
    if any(not slug for slug in slugs):
        raise InvalidComparison("The address has an empty framework name in it.")
    if len(set(slugs)) != len(slugs):
        raise InvalidComparison("The same framework appears more than once.")
    if len(slugs) < MIN_FRAMEWORKS:
        raise InvalidComparison(
            f"A comparison needs at least {MIN_FRAMEWORKS} frameworks, joined by “-vs-”."
        )
    if len(slugs) > MAX_FRAMEWORKS:
        raise InvalidComparison(f"A comparison shows at most {MAX_FRAMEWORKS} frameworks.")
    return slugs


def canonical_spec(slugs) -> str:
    """One address per set of frameworks: slugs sorted, joined by '-vs-'."""
    return SEPARATOR.join(sorted(slug.lower() for slug in slugs))


@dataclass(frozen=True)
class Cell:
    score: int | None
    rationale: str
    source_url: str
    best: bool


@dataclass(frozen=True)
class Row:
    criterion_id: int
    name: str
    description: str
    cells: tuple[Cell, ...]
    # Set only on a comparison weighed by one visitor's answers.
    weight: int | None = None
    weighs_most: bool = False


def comparison_rows(frameworks, criteria, ratings) -> list[Row]:
    """Pivot ratings into one row per criterion, one cell per framework (in the given order).

    `ratings` maps (framework_id, criterion_id) → (score, rationale, source_url). The best
    score in a row is marked on every framework that has it, unless all are equal.
    """
    rows = []
    for criterion in criteria:
        found = [ratings.get((framework.id, criterion.id)) for framework in frameworks]
        scores = [rating[0] for rating in found if rating]
        top = max(scores, default=None)
        distinct = len(set(scores)) > 1
        rows.append(
            Row(
                criterion_id=criterion.id,
                name=criterion.name,
                description=criterion.description,
                cells=tuple(
                    Cell(
                        score=rating[0] if rating else None,
                        rationale=rating[1] if rating else "",
                        source_url=rating[2] if rating else "",
                        best=bool(rating) and distinct and rating[0] == top,
                    )
                    for rating in found
                ),
            )
        )
    return rows
