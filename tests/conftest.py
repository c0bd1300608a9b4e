"""Shared fixtures for the StackAdvisor test suite.

Factories are plain functions handed out by fixtures: ``make_framework(name="Django")``
creates and returns a saved row. Every call draws a fresh number from one counter, so the
defaults of unique fields (names, slugs, labels) never clash, and any field can be
overridden by keyword. Requesting a factory also gives the test database access.
"""

import itertools

import pytest
from django.contrib.auth.models import Group

from comparisons.models import AdviceSnippet, Criterion, Framework, Rating
from questionnaire.models import Option, Question, Section
from tests.clients import FormClient

EDITORS_GROUP = "Editors"

_sequence = itertools.count(1)


def _next_number() -> int:
    return next(_sequence)


@pytest.fixture
def make_framework(db):
    """Factory: an unpublished Framework with a unique name and slug."""

    def make(**overrides) -> Framework:
        n = _next_number()
        fields = {
            "name": f"Framework {n}",
            "slug": f"framework-{n}",
            "language": "Python",
            "summary": f"Framework number {n}, made for a test.",
            "published": False,
        }
        fields.update(overrides)
        return Framework.objects.create(**fields)

    return make


@pytest.fixture
def make_criterion(db):
    """Factory: a Criterion with a unique name and slug."""

    def make(**overrides) -> Criterion:
        n = _next_number()
        fields = {
            "name": f"Criterion {n}",
            "slug": f"criterion-{n}",
            "description": f"What criterion {n} covers.",
            "base_importance": 3,
            "order": n,
        }
        fields.update(overrides)
        return Criterion.objects.create(**fields)

    return make


@pytest.fixture
def make_rating(make_framework, make_criterion):
    """Factory: a Rating (score 3); a new framework and criterion unless given."""

    def make(**overrides) -> Rating:
        n = _next_number()
        fields = {"score": 3, "rationale": f"Rationale number {n}."}
        fields.update(overrides)
        if "framework" not in fields and "framework_id" not in fields:
            fields["framework"] = make_framework()
        if "criterion" not in fields and "criterion_id" not in fields:
            fields["criterion"] = make_criterion()
        return Rating.objects.create(**fields)

    return make


@pytest.fixture
def make_snippet(db):
    """Factory: a published "insight" AdviceSnippet; ``frameworks=[...]`` attaches it."""

    def make(frameworks=(), **overrides) -> AdviceSnippet:
        n = _next_number()
        fields = {
            "title": f"Snippet {n}",
            "kind": AdviceSnippet.Kind.INSIGHT,
            "body": f"Advice number {n} with **bold** words.",
            "published": True,
        }
        fields.update(overrides)
        snippet = AdviceSnippet.objects.create(**fields)
        if frameworks:
            snippet.frameworks.set(frameworks)
        return snippet

    return make


@pytest.fixture
def make_section(db):
    """Factory: a questionnaire Section with a unique title."""

    def make(**overrides) -> Section:
        n = _next_number()
        fields = {"title": f"Section {n}", "order": n}
        fields.update(overrides)
        return Section.objects.create(**fields)

    return make


@pytest.fixture
def make_question(make_section):
    """Factory: a single-choice Question; in a new section unless ``section`` is given."""

    def make(**overrides) -> Question:
        n = _next_number()
        fields = {"text": f"Question {n}?", "kind": Question.Kind.SINGLE, "order": n}
        fields.update(overrides)
        if "section" not in fields and "section_id" not in fields:
            fields["section"] = make_section()
        return Question.objects.create(**fields)

    return make


@pytest.fixture
def make_option(make_question):
    """Factory: an answer Option; to a new question unless ``question`` is given."""

    def make(**overrides) -> Option:
        n = _next_number()
        fields = {"label": f"Answer {n}", "order": n}
        fields.update(overrides)
        if "question" not in fields and "question_id" not in fields:
            fields["question"] = make_question()
        return Option.objects.create(**fields)

    return make


@pytest.fixture
def client():
    """A test client that posts forms url-encoded, as browsers do."""
    return FormClient()


@pytest.fixture
def admin_client(db, admin_user):
    """As pytest-django's admin_client, posting forms url-encoded."""
    client = FormClient()
    client.force_login(admin_user)
    return client


@pytest.fixture
def make_submission(db):
    """Factory: a stored Submission (an empty result) with a labels row of its own."""
    from questionnaire.models import ResultLabels, Submission

    def make(**overrides):
        fields = {"answers": {}, "result": {}, "content_version": 1}
        fields.update(overrides)
        if "labels" not in fields:
            fields["labels"] = ResultLabels.objects.create(
                content_version=fields["content_version"],
                content_stamp=f"test-{_next_number()}",
                labels={},
            )
        return Submission.objects.create(**fields)

    return make


@pytest.fixture
def editor_user(db, django_user_model):
    """A staff user (not a superuser) whose only permissions come from the "Editors" group."""
    user = django_user_model.objects.create_user(
        username="editor", password="editor-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


@pytest.fixture
def editor_client(editor_user):
    """A test Client logged in as ``editor_user`` (separate from ``client``/``admin_client``)."""
    client = FormClient()
    client.force_login(editor_user)
    return client


# --- Questionnaire fixtures: content versions, the starting content, synthetic content ----

import tomllib  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402

from django.core.cache import cache  # noqa: E402


@pytest.fixture(autouse=True)
def forget_process_copies():
    """Every test's database is rolled back to the same content version and stamp, which
    production never sees again once changed: drop what this process kept under them."""
    from questionnaire.content import forget_local_content
    from questionnaire.submissions import forget_labels_ids

    forget_local_content()
    forget_labels_ids()


@pytest.fixture
def clear_cache():
    """An empty cache. Every test starts at content version 1 (its transaction is rolled
    back), so content cached by an earlier test under the same version must not leak in."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def starting_content(clear_cache):
    """The starting content (questionnaire/starting_content.toml), loaded; returns the
    loader's report."""
    from questionnaire.starting_content import load_starting_content

    report = load_starting_content()
    assert not report.already_loaded
    return report


def _starting_content_data() -> dict:
    from questionnaire.starting_content import STARTING_CONTENT_PATH

    with STARTING_CONTENT_PATH.open("rb") as content_file:
        return tomllib.load(content_file)


@pytest.fixture
def answer_form_data(starting_content):
    """Builds the questionnaire's POST data from readable answers.

    ``answer_form_data(language="JavaScript", priorities=["Speed", "Security"])``: keys are the
    question keys of starting_content.toml (``admin_panel`` for ``admin-panel``), values an
    option's label prefix (or a list of them). Returns ``{"q<question id>": "<option id>"}``
    (lists for several answers), as the form posts them. An unknown key or a prefix that
    matches no option or several raises, so a typo cannot pass silently.
    """
    from questionnaire.models import Question

    texts = {
        question["key"]: question["text"]
        for section in _starting_content_data()["sections"]
        for question in section["questions"]
    }

    def build(**answers) -> dict:
        data = {}
        for key, prefixes in answers.items():
            key = key.replace("_", "-")
            if key not in texts:
                raise KeyError(f"No question {key!r} in the starting content ({sorted(texts)})")
            question = Question.objects.get(text=texts[key])
            wanted = [prefixes] if isinstance(prefixes, str) else list(prefixes)
            ids = []
            for prefix in wanted:
                matches = [o for o in question.options.all() if o.label.startswith(prefix)]
                if len(matches) != 1:
                    raise LookupError(
                        f"{prefix!r} matches {len(matches)} answers of {question.text!r}"
                    )
                ids.append(str(matches[0].pk))
            data[f"q{question.pk}"] = ids[0] if isinstance(prefixes, str) else ids
        return data

    return build


@pytest.fixture
def submit_answers(client):
    """POSTs answers to /advisor/, expects the 303 to a result page; returns the token."""
    from questionnaire.models import Submission

    def submit(data) -> str:
        before = Submission.objects.count()
        response = client.post("/advisor/", data)
        assert response.status_code == 303, response.content.decode()[:2000]
        assert Submission.objects.count() == before + 1
        location = response["Location"]
        assert location.startswith("/results/") and location.endswith("/")
        return location.removeprefix("/results/").removesuffix("/")

    return submit


@dataclass
class LargeContent:
    frameworks: list = field(default_factory=list)
    criteria: list = field(default_factory=list)
    questions: list = field(default_factory=list)
    options: dict = field(default_factory=dict)  # question id → [options]

    def form_data(self) -> dict:
        """Valid answers: each question's first option (which reveals the conditional one)."""
        data = {}
        for question in self.questions:
            first = str(self.options[question.pk][0].pk)
            data[f"q{question.pk}"] = [first] if question.kind == "multiple" else first
        return data


@pytest.fixture
def large_content(clear_cache):
    """Factory: synthetic published content of the given size, bulk-created.

    ``large_content(frameworks=200, criteria=40, questions=30)``: every framework rated on
    every criterion, questions in sections of six (every fifth one multiple-choice, the
    second one shown only after the first one's first answer), four answers per question,
    and on each answer two importance effects, two fit effects and, on the last answer, a
    deal-breaker; plus advice snippets (verdicts among them) linked to frameworks and answers.
    """
    from comparisons.models import AdviceSnippet, Criterion, Framework, Rating
    from questionnaire.models import (
        DealBreaker,
        FitEffect,
        ImportanceEffect,
        Option,
        Question,
        Section,
    )

    def make(frameworks=200, criteria=40, questions=30) -> LargeContent:
        n = _next_number()
        made = LargeContent()
        made.frameworks = Framework.objects.bulk_create(
            Framework(
                name=f"Synthetic {n} {i:04d}",
                slug=f"synthetic-{n}-{i}",
                language="Python" if i % 2 else "Go",
                summary=f"Synthetic framework {i}.",
                published=True,
            )
            for i in range(frameworks)
        )
        made.criteria = Criterion.objects.bulk_create(
            Criterion(
                name=f"Synthetic criterion {n} {j}",
                slug=f"synthetic-criterion-{n}-{j}",
                description=f"Criterion {j}.",
                base_importance=1 + j % 5,
                order=j,
            )
            for j in range(criteria)
        )
        Rating.objects.bulk_create(
            Rating(
                framework=framework,
                criterion=criterion,
                score=1 + (i * 7 + j * 3) % 5,
                rationale=f"Rating {i}/{j}.",
            )
            for i, framework in enumerate(made.frameworks)
            for j, criterion in enumerate(made.criteria)
        )
        sections = Section.objects.bulk_create(
            Section(title=f"Synthetic section {n} {s}", order=s)
            for s in range((questions + 5) // 6)
        )
        made.questions = Question.objects.bulk_create(
            Question(
                section=sections[q // 6],
                text=f"Synthetic question {n} {q}?",
                kind="multiple" if q % 5 == 4 else "single",
                order=q,
            )
            for q in range(questions)
        )
        options = Option.objects.bulk_create(
            Option(question=question, label=f"Answer {k}", order=k)
            for question in made.questions
            for k in range(4)
        )
        for option in options:
            made.options.setdefault(option.question_id, []).append(option)
        if questions > 1:
            made.questions[1].condition = made.options[made.questions[0].pk][0]
            made.questions[1].save(update_fields=["condition"])
        importance, fits, breakers = [], [], []
        for o, option in enumerate(options):
            for c in {o % criteria, (o * 7 + 3) % criteria}:
                importance.append(
                    ImportanceEffect(option=option, criterion=made.criteria[c], delta=1 + o % 4)
                )
            for f in {o % frameworks, (o * 11 + 5) % frameworks}:
                fits.append(
                    FitEffect(
                        option=option,
                        framework=made.frameworks[f],
                        points=(o % 9) - 4 or 3,
                        reason=f"Because of answer {o}.",
                    )
                )
            if o % 4 == 3:
                breakers.append(
                    DealBreaker(
                        option=option,
                        framework=made.frameworks[(o * 13) % frameworks],
                        reason=f"Answer {o} rules it out.",
                    )
                )
        ImportanceEffect.objects.bulk_create(importance)
        FitEffect.objects.bulk_create(fits)
        DealBreaker.objects.bulk_create(breakers)
        snippets = AdviceSnippet.objects.bulk_create(
            AdviceSnippet(
                title=f"Synthetic snippet {n} {s}",
                kind="verdict" if s % 2 else "insight",
                body=f"Advice **{s}**.",
                criterion=made.criteria[s % criteria],
                order=s,
            )
            for s in range(20)
        )
        AdviceSnippet.frameworks.through.objects.bulk_create(
            AdviceSnippet.frameworks.through(
                advicesnippet_id=snippet.pk, framework_id=made.frameworks[f].pk
            )
            for s, snippet in enumerate(snippets)
            for f in {s % frameworks, (s * 17) % frameworks}
        )
        Option.advice_snippets.through.objects.bulk_create(
            Option.advice_snippets.through(
                option_id=option.pk, advicesnippet_id=snippets[o % len(snippets)].pk
            )
            for o, option in enumerate(options)
        )
        return made

    return make


class HtmlPage:
    """A parsed page: every element's tag, attributes and text (whitespace-normalised and
    unescaped), in document order."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self, markup: str):
        from html.parser import HTMLParser

        elements: list[tuple[str, dict, list[str]]] = []
        everything: list[str] = []

        class Parser(HTMLParser):
            def __init__(self):
                super().__init__(convert_charrefs=True)
                self.open: list[int] = []

            def handle_starttag(self, tag, attrs):
                attributes = {name: "" if value is None else value for name, value in attrs}
                elements.append((tag, attributes, []))
                if tag not in HtmlPage.VOID:
                    self.open.append(len(elements) - 1)

            def handle_startendtag(self, tag, attrs):
                elements.append((tag, {name: value or "" for name, value in attrs}, []))

            def handle_endtag(self, tag):
                for depth in range(len(self.open) - 1, -1, -1):
                    if elements[self.open[depth]][0] == tag:
                        del self.open[depth:]
                        return

            def handle_data(self, data):
                everything.append(data)
                for index in self.open:
                    elements[index][2].append(data)

        Parser().feed(markup)
        self.elements = [(tag, attrs, self._normalise(parts)) for tag, attrs, parts in elements]
        self.text = self._normalise(everything)

    @staticmethod
    def _normalise(parts) -> str:
        return " ".join("".join(parts).split())

    def _matches(self, attributes: dict, attrs: dict) -> bool:
        for key, value in attrs.items():
            if key == "class_":
                if value not in attributes.get("class", "").split():
                    return False
            elif attributes.get(key.replace("_", "-")) != value:
                return False
        return True

    def find_all(self, tag: str, **attrs) -> list[dict]:
        """Attributes of every ``tag`` element whose attributes include ``attrs``
        (``class_="x"``: x is one of its classes; ``aria_labelledby`` for aria-labelledby)."""
        return [a for t, a, _ in self.elements if t == tag and self._matches(a, attrs)]

    def texts(self, tag: str, **attrs) -> list[str]:
        """Text of every matching element (see find_all)."""
        return [text for t, a, text in self.elements if t == tag and self._matches(a, attrs)]

    def text_of(self, element_id: str) -> str:
        """Text of the element with this id."""
        found = [text for _, a, text in self.elements if a.get("id") == element_id]
        assert len(found) == 1, f"{len(found)} elements #{element_id} on the page"
        return found[0]

    def section(self, heading_id: str) -> str:
        """Text of the element labelled by (aria-labelledby) this heading id."""
        found = [text for _, a, text in self.elements if a.get("aria-labelledby") == heading_id]
        assert len(found) == 1, f"{len(found)} elements labelled by #{heading_id}"
        return found[0]

    def has(self, element_id: str) -> bool:
        return any(
            element_id in (a.get("id"), a.get("aria-labelledby")) for _, a, _ in self.elements
        )


@pytest.fixture
def html_page():
    """``html_page(response)``: the response's HTML as an HtmlPage."""

    def parse(response) -> HtmlPage:
        assert response["Content-Type"].startswith("text/html")
        return HtmlPage(response.content.decode())

    return parse


# --- Production-like processes (tests/processes.py) ---------------------------------------


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """A STATIC_ROOT filled by collectstatic with the production storage (hashed names, a
    manifest, compressed copies): what gunicorn serves with DEBUG off."""
    from tests.processes import manage, production_env

    static_root = tmp_path_factory.mktemp("staticfiles")
    manage(
        "collectstatic",
        "--no-input",
        "--verbosity",
        "0",
        env=production_env(DJANGO_STATIC_ROOT=str(static_root)),
    )
    return static_root
