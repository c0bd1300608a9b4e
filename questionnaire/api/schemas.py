"""What the API's catalogue endpoints take and return, as pydantic schemas: django-ninja
validates requests against them and writes the OpenAPI document from them."""

from datetime import date

from ninja import Header, Schema
from pydantic import ConfigDict, Field

from comparisons.comparison import MAX_FRAMEWORKS, MIN_FRAMEWORKS
from comparisons.models import SLUG_PATTERN

# A result's token, as the site's result addresses take it (questionnaire.urls).
TOKEN_PATTERN = r"^[A-Za-z0-9_-]{22,43}$"  # noqa: S105 - not a password
SLUG_MAX_LENGTH = 60
DEFAULT_PER_PAGE, MAX_PER_PAGE = 20, 100


class FieldError(Schema):
    path: list[str | int] = Field(
        description="Where the invalid value is: query, path, header or body, then the keys to it."
    )
    detail: str


class Problem(Schema):
    """Problem details (RFC 9457)."""

    type: str = Field(examples=["about:blank"])
    title: str
    status: int
    detail: str
    errors: list[FieldError] = Field(description="Each invalid field; empty when none is.")


# The responses every GET may give besides its own.
READ_RESPONSES = {304: None, 400: Problem}
# Documented so that clients (and the OpenAPI document's readers) know GETs are conditional;
# the value is read by caching.conditional before the endpoint runs.
IF_NONE_MATCH = Header(
    None, alias="If-None-Match", description="An ETag this address returned: 304 if current."
)


class FrameworkFilters(Schema):
    model_config = ConfigDict(extra="forbid")

    language: str | None = Field(
        None, pattern=SLUG_PATTERN, max_length=40, description="A language's slug."
    )
    tag: str | None = Field(None, pattern=SLUG_PATTERN, max_length=40, description="A tag's slug.")
    page: int = Field(1, ge=1, le=1_000_000)
    per_page: int = Field(DEFAULT_PER_PAGE, ge=1, le=MAX_PER_PAGE)


class FrameworkSummary(Schema):
    slug: str
    name: str
    language: str = Field(description="Its language and runtime as the site shows them.")
    languages: list[str] = Field(description="Slugs of every language it can be written in.")
    tags: list[str] = Field(description="Slugs of its tags.")
    summary: str
    website: str
    url: str = Field(description="This framework in the API.")
    page_url: str = Field(description="This framework's page on the site.")


class FrameworkPage(Schema):
    count: int = Field(description="How many frameworks match, on every page.")
    page: int
    per_page: int
    pages: int
    next: str | None
    previous: str | None
    items: list[FrameworkSummary]


class RatingOut(Schema):
    criterion: str = Field(description="The criterion's slug.")
    criterion_name: str
    score: int = Field(ge=1, le=5)
    rationale: str
    source: str = Field(description="A page that backs the rating up; empty when none.")
    last_reviewed: date


class SnippetOut(Schema):
    title: str
    kind: str
    body: str = Field(description="Markdown, as editors wrote it.")


class FrameworkDetail(FrameworkSummary):
    ratings: list[RatingOut] = Field(description="On every active criterion, in their order.")
    snippets: list[SnippetOut]
    used_by: list[str]


class CriterionOut(Schema):
    slug: str
    name: str
    description: str
    base_importance: int = Field(description="How much it counts before any answer (0–10).")


class CompareQuery(Schema):
    model_config = ConfigDict(extra="forbid")

    f: list[str] = Field(
        min_length=1,
        description=f"{MIN_FRAMEWORKS} to {MAX_FRAMEWORKS} framework slugs, repeated: "
        "?f=django&f=flask.",
    )


class CompareCell(Schema):
    framework: str
    score: int
    rationale: str
    source: str
    last_reviewed: date
    best: bool = Field(description="The row's best score, when they are not all equal.")


class CompareRow(Schema):
    criterion: str
    name: str
    cells: list[CompareCell] = Field(description="One per framework, in their order.")


class ComparedFramework(Schema):
    slug: str
    name: str
    language: str
    match: float = Field(
        description="Its 0–100 match with every criterion at its usual importance and no "
        "answers (the questionnaire's scorer)."
    )
    position: int = Field(description="Its place by that match, from 1.")


class ComparisonOut(Schema):
    frameworks: list[ComparedFramework] = Field(description="Sorted by slug.")
    rows: list[CompareRow]


class OptionOut(Schema):
    id: int
    label: str


class ConditionOut(Schema):
    question: int
    option: int


class QuestionOut(Schema):
    id: int
    text: str
    hint: str
    multiple: bool = Field(description="Whether several options may be chosen.")
    required: bool = Field(description="Whether it must be answered when it applies.")
    condition: ConditionOut | None = Field(
        description="It applies only when this option of an earlier question is chosen."
    )
    options: list[OptionOut]


class SectionOut(Schema):
    id: int
    title: str
    intro: str
    questions: list[QuestionOut]


class QuestionnaireOut(Schema):
    method: int = Field(description="The version of the scoring method results are made with.")
    sections: list[SectionOut]
