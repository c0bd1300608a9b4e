"""Comparison of two to four frameworks: parsing the address and pivoting ratings into rows.

Pure functions (no queries) so the rules are easy to test and reuse.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from comparisons.colours import framework_colour

SEPARATOR = "-vs-"
# The importances a visitor can give a criterion to weigh a comparison by (0–10).
IMPORTANCE_SCALE = [
    (0, "0 — does not matter"),
    (1, "1 — a little"),
    (2, "2"),
    (3, "3 — matters"),
    (4, "4"),
    (5, "5 — a lot"),
    (6, "6"),
    (7, "7"),
    (8, "8 — very much"),
    (9, "9"),
    (10, "10 — above all"),
]
MIN_FRAMEWORKS, MAX_FRAMEWORKS = 2, 4
# ?only=differences: the rows where the shown frameworks are not all rated the same.
ONLY_DIFFERENCES = "differences"


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
    # Whose rating this is (for the source link's accessible name), and when it was checked.
    framework_name: str = ""
    last_reviewed: date | None = None
    colour: str = ""  # the framework's own colour


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

    `ratings` maps (framework_id, criterion_id) → (score, rationale, source_url[,
    last_reviewed]). The best score in a row is marked on every framework that has it, unless
    all are equal.
    """
    rows = []
    for criterion in criteria:
        found = [ratings.get((framework.id, criterion.id)) for framework in frameworks]
        scores = [rating[0] for rating in found if rating]
        top = max(scores, default=None) if len(set(scores)) > 1 else None
        rows.append(
            Row(
                criterion_id=criterion.id,
                name=criterion.name,
                description=criterion.description,
                cells=tuple(
                    _cell(framework, rating, top)
                    for framework, rating in zip(frameworks, found, strict=True)
                ),
            )
        )
    return rows


def _cell(framework, rating, top: int | None) -> Cell:
    """One framework's cell; ``top`` is the row's best score, None when there is no best."""
    if not rating:
        return Cell(
            score=None,
            rationale="",
            source_url="",
            best=False,
            framework_name=framework.name,
            colour=framework_colour(framework.id),
        )
    score, rationale, source_url, *reviewed = rating
    return Cell(
        score=score,
        rationale=rationale,
        source_url=source_url,
        best=top is not None and score == top,
        framework_name=framework.name,
        last_reviewed=reviewed[0] if reviewed else None,
        colour=framework_colour(framework.id),
    )


def differing_rows(rows: list[Row]) -> list[Row]:
    """The rows where the shown frameworks are not all rated the same (an unrated cell differs
    from a rated one)."""
    return [row for row in rows if len({cell.score for cell in row.cells}) > 1]


def removal_specs(slugs) -> list[tuple[str, str]]:
    """(slug, canonical spec of the comparison without it) for each shown slug, when one can
    go and leave a comparison; none when only the minimum is shown."""
    slugs = list(slugs)
    if len(slugs) <= MIN_FRAMEWORKS:
        return []
    return [(slug, canonical_spec(other for other in slugs if other != slug)) for slug in slugs]


def addable(shown_slugs, published) -> list:
    """The published frameworks that may join the shown ones (none when the maximum is
    shown), in the published order."""
    shown = set(shown_slugs)
    if len(shown) >= MAX_FRAMEWORKS:
        return []
    return [framework for framework in published if framework.slug not in shown]


@dataclass(frozen=True)
class ChartBar:
    series: int  # the framework's column index
    colour: str  # the framework's own colour (comparisons.colours)
    x: float
    y: float
    width: float
    height: float
    score: int


@dataclass(frozen=True)
class ChartLabel:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class RatingsChart:
    width: int
    height: int
    bars: tuple[ChartBar, ...]
    labels: tuple[ChartLabel, ...]
    gridlines: tuple[tuple[float, int], ...]  # (x, score) for 1..5


# Chart geometry in SVG user units: a label column, then bars whose length is score / 5.
CHART_WIDTH, CHART_LABEL_WIDTH, CHART_BAR_HEIGHT, CHART_GROUP_GAP = 720, 260, 9, 10


def ratings_chart(rows: list[Row], colours: list[str]) -> RatingsChart:
    """A horizontal grouped bar chart: one group per criterion, one bar per framework, in
    the frameworks' ``colours`` (one per column).

    Drawn as server-side SVG so it needs no JavaScript; the table beside it carries the same
    figures for screen readers.
    """
    series_count = len(colours)
    plot_width = CHART_WIDTH - CHART_LABEL_WIDTH - 10
    group_height = series_count * CHART_BAR_HEIGHT + CHART_GROUP_GAP
    bars, labels = [], []
    for index, row in enumerate(rows):
        top = index * group_height + CHART_GROUP_GAP / 2
        labels.append(
            ChartLabel(x=CHART_LABEL_WIDTH - 8, y=top + series_count * CHART_BAR_HEIGHT / 2 + 4,
                       text=row.name)
        )  # fmt: skip
        for series, cell in enumerate(row.cells):
            if cell.score is None:
                continue
            bars.append(
                ChartBar(
                    series=series,
                    colour=colours[series],
                    x=CHART_LABEL_WIDTH,
                    y=top + series * CHART_BAR_HEIGHT,
                    width=plot_width * cell.score / 5,
                    height=CHART_BAR_HEIGHT - 1,
                    score=cell.score,
                )
            )
    # Room under the bars for the 1–5 scale.
    height = int(len(rows) * group_height + CHART_GROUP_GAP + 16)
    gridlines = tuple((CHART_LABEL_WIDTH + plot_width * score / 5, score) for score in range(1, 6))
    return RatingsChart(CHART_WIDTH, height, tuple(bars), tuple(labels), gridlines)
