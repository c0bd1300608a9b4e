"""Fixtures and helpers for the public comparison pages.

The shared fixtures (``starting_content``, ``make_framework``, ``html_page``…)
live in tests/conftest.py and the plugin modules it lists; only what the comparison tests
need on top is here.
"""

import datetime
import itertools
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

from comparisons.models import AdviceSnippet, Criterion, Framework, Rating

_grid_numbers = itertools.count(1)


# --- A large, bulk-created rating grid --------------------------------------------------------


@dataclass
class Grid:
    frameworks: list = field(default_factory=list)
    criteria: list = field(default_factory=list)
    unpublished: list = field(default_factory=list)


def build_grid(frameworks: int = 200, criteria: int = 40) -> Grid:
    """``frameworks`` published frameworks × ``criteria`` criteria, every cell rated (and
    every other framework and criterion too, so all stay complete), each
    framework with a verdict and an insight snippet, plus two unpublished frameworks (rated
    too); all with bulk_create (a few dozen queries whatever the size).
    """
    n = next(_grid_numbers)
    grid = Grid()
    made = Framework.objects.bulk_create(
        Framework(
            name=f"Grid {n} framework {i:04d}",
            slug=f"grid-{n}-framework-{i}",
            language="Go" if i % 2 else "Rust",
            summary=f"Grid framework {i}, made for a large comparison.",
            website=f"https://grid-{n}-{i}.example.com/",
            used_by=f"Company {i}\nCompany {i + 1}",
            published=i < frameworks,
        )
        for i in range(frameworks + 2)
    )
    grid.frameworks, grid.unpublished = made[:frameworks], made[frameworks:]
    grid.criteria = Criterion.objects.bulk_create(
        Criterion(
            name=f"Grid {n} criterion {j:03d}",
            slug=f"grid-{n}-criterion-{j}",
            description=f"What grid criterion {j} covers.",
            base_importance=1 + j % 5,
            order=1000 + j,
            active=True,
        )
        for j in range(criteria)
    )
    Rating.objects.bulk_create(
        Rating(
            framework=framework,
            criterion=criterion,
            score=1 + (i * 7 + j * 3) % 5,
            rationale=f"Grid rating {i}/{j}.",
            source_url=f"https://grid-{n}.example.com/{i}/{j}" if (i + j) % 3 == 0 else "",
            last_reviewed=datetime.date(2024, 1, 1) + datetime.timedelta(days=(i + j) % 300),
        )
        for i, framework in enumerate(made)
        for j, criterion in enumerate(grid.criteria)
    )
    # Complete before public: the grid's frameworks are rated on the criteria already there
    # too, and the frameworks already there on the grid's criteria.
    rated = set(Rating.objects.values_list("framework_id", "criterion_id"))
    Rating.objects.bulk_create(
        Rating(framework_id=framework_id, criterion_id=criterion_id, score=3, rationale="Grid.")
        for framework_id in Framework.objects.values_list("pk", flat=True)
        for criterion_id in Criterion.objects.filter(active=True).values_list("pk", flat=True)
        if (framework_id, criterion_id) not in rated
    )
    snippets = AdviceSnippet.objects.bulk_create(
        AdviceSnippet(
            title=f"Grid {n} {kind} {i}",
            kind=kind,
            body=f"Grid advice **{kind}** about framework {i}.",
            criterion=grid.criteria[i % criteria] if criteria else None,
            order=i,
        )
        for i in range(len(made))
        for kind in (AdviceSnippet.Kind.VERDICT, AdviceSnippet.Kind.INSIGHT)
    )
    AdviceSnippet.frameworks.through.objects.bulk_create(
        AdviceSnippet.frameworks.through(
            advicesnippet_id=snippet.pk, framework_id=made[index // 2].pk
        )
        for index, snippet in enumerate(snippets)
    )
    return grid


@pytest.fixture
def big_grid(db):
    """Factory: ``big_grid(frameworks=200, criteria=40)`` → a Grid (see build_grid)."""
    return build_grid


# --- Starting content helpers -----------------------------------------------------------------


ARTICLE_FRAMEWORKS = ("express", "django", "flask")


@pytest.fixture
def article_content(starting_content):
    """The starting content with only the article's three frameworks (Express, Django and
    Flask) published: these page tests reason about exactly three."""
    Framework.objects.exclude(key__in=ARTICLE_FRAMEWORKS).update(published=False)
    return starting_content


@pytest.fixture
def fourth_framework(article_content, make_framework, make_rating):
    """A published fourth framework ("Hono"), rated on every criterion."""
    hono = make_framework(name="Hono", slug="hono", language="TypeScript (Node.js)", published=True)
    for index, criterion in enumerate(Criterion.objects.all()):
        make_rating(
            framework=hono,
            criterion=criterion,
            score=1 + index % 5,
            rationale=f"Hono on {criterion.name}: reason {index}.",
        )
    return hono


# --- Reading the comparison table -------------------------------------------------------------


@dataclass
class CompareCell:
    best: bool  # the cell is marked: class "is-best" and a "best" badge
    text: str
    links: list = field(default_factory=list)  # (href, text with hidden text) of each link
    times: list = field(default_factory=list)  # (datetime attribute, text) of each <time>


@dataclass
class CompareRow:
    name: str  # the row header's own text: the criterion name
    header: str  # all of the row header's text (name, badges, importance, description)
    cells: list


@dataclass
class CompareTable:
    columns: list  # framework names of the column headers (their links' text), in order
    column_texts: list  # all of each column header's text (name and personal match)
    rows: list


@dataclass
class _ParsedCell:
    attributes: dict
    texts: list = field(default_factory=list)  # all text inside
    own: list = field(default_factory=list)  # text before the first child element
    link: list = field(default_factory=list)  # text inside links
    span_classes: list = field(default_factory=list)
    anchors: list = field(default_factory=list)  # [href, its text parts] per link
    times: list = field(default_factory=list)  # [datetime, its text parts] per <time>

    @staticmethod
    def join(parts) -> str:
        return " ".join("".join(parts).split())


class _TableParser(HTMLParser):
    """Collects every ``table.compare-table``: header links, row headers, cells."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[CompareTable] = []
        self._in_table = False
        self._section = None  # "thead" / "tbody"
        self._row: list[_ParsedCell] | None = None
        self._cell: _ParsedCell | None = None
        self._own_text = self._in_link = self._in_time = False

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "table" and "compare-table" in attributes.get("class", "").split():
            self._in_table = True
            self.tables.append(CompareTable(columns=[], column_texts=[], rows=[]))
        if not self._in_table:
            return
        if tag in ("thead", "tbody"):
            self._section = tag
        elif tag == "tr":
            self._row = []
        elif tag in ("th", "td"):
            self._cell = _ParsedCell(attributes)
            self._own_text, self._in_link = True, False
        elif self._cell is not None:
            self._own_text = False
            if tag == "span":
                self._cell.span_classes.extend(attributes.get("class", "").split())
            elif tag == "a":
                self._in_link = True
                self._cell.anchors.append([attributes.get("href", ""), []])
            elif tag == "time":
                self._in_time = True
                self._cell.times.append([attributes.get("datetime", ""), []])

    def handle_endtag(self, tag):
        if not self._in_table:
            return
        if tag == "a":
            self._in_link = False
        elif tag == "time":
            self._in_time = False
        elif tag in ("th", "td") and self._cell is not None:
            self._row.append(self._cell)
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._end_row(self.tables[-1], self._row[0], self._row[1:])
            self._row = None
        elif tag == "table":
            self._in_table = False

    def _end_row(self, table: CompareTable, header: _ParsedCell, cells: list[_ParsedCell]):
        if self._section == "thead":
            table.columns = [_ParsedCell.join(cell.link) for cell in cells]
            table.column_texts = [_ParsedCell.join(cell.texts) for cell in cells]
            return
        parsed = []
        for cell in cells:
            marked = "is-best" in cell.attributes.get("class", "").split()
            badge = "best-badge" in cell.span_classes
            assert marked == badge, f"class and badge disagree: {cell}"
            parsed.append(
                CompareCell(
                    best=marked,
                    text=_ParsedCell.join(cell.texts),
                    links=[(href, _ParsedCell.join(text)) for href, text in cell.anchors],
                    times=[(when, _ParsedCell.join(text)) for when, text in cell.times],
                )
            )
        table.rows.append(
            CompareRow(
                name=_ParsedCell.join(header.own),
                header=_ParsedCell.join(header.texts),
                cells=parsed,
            )
        )

    def handle_data(self, data):
        if self._in_table and self._cell is not None:
            self._cell.texts.append(data)
            if self._own_text:
                self._cell.own.append(data)
            if self._in_link:
                self._cell.link.append(data)
                self._cell.anchors[-1][1].append(data)
            if self._in_time:
                self._cell.times[-1][1].append(data)


def parse_compare_table(response) -> CompareTable:
    """The response's one comparison table (``table.compare-table``) as a CompareTable."""
    parser = _TableParser()
    parser.feed(response.content.decode())
    assert len(parser.tables) == 1, f"{len(parser.tables)} comparison tables on the page"
    return parser.tables[0]


@pytest.fixture
def compare_table():
    """``compare_table(response)``: see parse_compare_table."""
    return parse_compare_table
