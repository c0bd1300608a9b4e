"""Fill an empty database with a synthetic catalogue, to measure how pages cope with size.

    manage.py shell -c "from tests.bench.synthetic import make_catalogue; make_catalogue()"

makes 200 frameworks × 40 criteria and 30 questions (the benchmark's catalogue size). Use it
only on a throwaway database: the content is published and shows on every public page.

The catalogue is shaped like the real content, only larger:

* every framework is rated on every criterion, each rating with a one-sentence rationale (and
  now and then a source); every framework has a verdict ("Pick X if…");
* questions come in sections of six; every fifth question is multiple-choice, and the second
  question of every other section is shown only after the first answer to the question before
  it (the answer a submission of each question's first answer picks);
* every question has four answers; each answer changes the importance of two criteria and
  adds or takes points from two frameworks with a reason, and about one answer in twelve
  rules a framework out;
* one advice snippet per criterion, about three frameworks, shown for about half the answers
  that change that criterion's importance.

Texts are made of stock phrases, at the lengths editors write. Everything is the same for the
same seed, and bulk-created in one transaction.
"""

import random

from django.db import transaction
from django.utils.text import slugify

from comparisons.models import AdviceSnippet, Criterion, Framework, Rating
from questionnaire.models import (
    DealBreaker,
    FitEffect,
    ImportanceEffect,
    Option,
    Question,
    ScoringSettings,
    Section,
)

SEED = 20240601
QUESTIONS_PER_SECTION = 6
MULTIPLE_CHOICE_EVERY = 5  # every fifth question
DEAL_BREAKER_SHARE = 1 / 12  # of the answers
SNIPPET_SHARE = 0.5  # of the answers that change a criterion's importance

STEMS = [
    "Amber", "Basalt", "Cobalt", "Delta", "Ember", "Fjord", "Granite", "Harbor", "Iris",
    "Juniper", "Kestrel", "Lumen", "Meridian", "Nimbus", "Onyx", "Pylon", "Quartz", "Raven",
    "Sierra", "Tundra",
]  # fmt: skip
SUFFIXES = ("Web", "Kit", "API", "Stack", "Flow", "Core", "Serve", "Forge", "Rails")
LANGUAGES = (
    "Python", "JavaScript (Node.js)", "TypeScript (Node.js)", "Go", "Ruby", "Java",
    "Kotlin (JVM)", "PHP", "Elixir", "Rust", "C# (.NET)",
)  # fmt: skip
PURPOSES = (
    "full-featured web applications with accounts and an admin",
    "small, fast JSON APIs and microservices",
    "real-time apps that keep many connections open",
    "data-heavy dashboards and internal tools",
    "content sites that must stay fast under heavy traffic",
)
TOPICS = (
    "Learning curve", "Raw performance", "Real-time suitability", "Batteries included",
    "Flexibility and control", "Ecosystem breadth", "Library maturity",
    "Data-science and ML fit", "Security out of the box", "Prototyping speed", "Scalability",
    "Documentation quality", "Testing support", "Deployment options", "Hosting cost",
    "Community size", "Hiring pool", "Long-term support", "Type safety", "Asynchronous support",
)  # fmt: skip
QUALIFIERS = ("for small teams", "at scale", "for APIs", "in production", "for beginners")
RATIONALES = {
    1: "Weak here: {topic} takes a lot of extra work and third-party pieces to get right.",
    2: "Below average on {topic}; workable, but expect to fill gaps yourself.",
    3: "Adequate on {topic}: nothing stands out, and nothing gets in the way.",
    4: "Strong on {topic}, with sensible defaults and few surprises in practice.",
    5: "Among the best on {topic}: it is one of the reasons teams choose it.",
}
SECTIONS = (
    ("Your team", "Who will build and maintain the backend."),
    ("Your project", "What you are building and where it is heading."),
    ("Your data", "What the application stores and how it reads it."),
    ("Running it", "Where the application runs and who looks after it."),
    ("Budget and timeline", "How much time and money the first version can take."),
    ("Integrations", "What the application talks to."),
)
QUESTIONS = (
    "How much does {topic} matter for this project?",
    "Would weak {topic} be a problem for your team?",
    "Which best describes your needs for {topic}?",
)
SINGLE_ANSWERS = (
    "It is essential, the first thing we look at",
    "It matters, among other things",
    "Nice to have, but we can live without it",
    "Not relevant to this project",
)
MULTIPLE_ANSWERS = (
    "For the public site",
    "For the internal tools",
    "For the mobile app's API",
    "For background jobs",
)
ANSWERS_PER_QUESTION = len(SINGLE_ANSWERS)  # and as many in MULTIPLE_ANSWERS
SNIPPET_KINDS = ("insight", "practical", "personal", "real-world")


def numbered(pool, qualifiers, index: int) -> str:
    """The index-th of an endless list of distinct names: the pool, then the pool with each
    qualifier, then numbered."""
    base, turn = pool[index % len(pool)], index // len(pool)
    if turn == 0:
        return base
    if turn <= len(qualifiers):
        return f"{base} {qualifiers[turn - 1]}"
    return f"{base} {turn + 1}"


def make_catalogue(frameworks: int = 200, criteria: int = 40, questions: int = 30, seed=SEED):
    """Fill the (freshly migrated) database with the catalogue; what was made, by kind."""
    if min(frameworks, criteria, questions) < 2:
        raise ValueError("A catalogue needs at least 2 frameworks, criteria and questions.")
    if any(model.objects.exists() for model in (Framework, Criterion, Question, AdviceSnippet)):
        raise ValueError("This database already holds content: use a freshly migrated one.")
    rng = random.Random(seed)  # noqa: S311 - reproducible benchmark data, not security
    with transaction.atomic():
        return _Catalogue(rng).make(frameworks, criteria, questions)


class _Catalogue:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def make(self, frameworks: int, criteria: int, questions: int) -> dict[str, int]:
        ScoringSettings.objects.update_or_create(pk=1, defaults={"too_close_margin": 3})
        self.frameworks = self._frameworks(frameworks)
        self.criteria = self._criteria(criteria)
        self._ratings()
        self.snippets = self._snippets()
        self._questionnaire(questions)
        return {
            "frameworks": len(self.frameworks),
            "criteria": len(self.criteria),
            "ratings": Rating.objects.count(),
            "sections": Section.objects.count(),
            "questions": Question.objects.count(),
            "answers": Option.objects.count(),
            "answer effects": ImportanceEffect.objects.count()
            + FitEffect.objects.count()
            + DealBreaker.objects.count(),
            "snippets": AdviceSnippet.objects.count(),
        }

    # -- frameworks × criteria ------------------------------------------------------------
    def _frameworks(self, count: int) -> list[Framework]:
        made = []
        for i in range(count):
            name = numbered(STEMS, SUFFIXES, i)
            language = LANGUAGES[i % len(LANGUAGES)]
            purpose = PURPOSES[(i // len(LANGUAGES)) % len(PURPOSES)]
            made.append(
                Framework(
                    name=name,
                    slug=slugify(name),
                    language=language,
                    summary=f"A {language} framework for {purpose}. It keeps simple things "
                    f"short and leaves room to grow, and its community writes about running "
                    f"it in production.",
                    website=f"https://{slugify(name)}.example.org/",
                    used_by="\n".join(f"Example Company {i % 7 + k}" for k in range(i % 4)),
                    published=True,
                )
            )
        return Framework.objects.bulk_create(made)

    def _criteria(self, count: int) -> list[Criterion]:
        made = []
        for j in range(count):
            name = numbered(TOPICS, QUALIFIERS, j)
            made.append(
                Criterion(
                    name=name,
                    slug=slugify(name),
                    description=f"How the framework does on {name.lower()}: what you get by "
                    "default and what you add yourself.",
                    base_importance=self.rng.randint(1, 5),
                    order=10 * (j + 1),
                    active=True,
                )
            )
        return Criterion.objects.bulk_create(made)

    def _ratings(self) -> None:
        ratings = []
        for framework in self.frameworks:
            for criterion in self.criteria:
                score = self.rng.randint(1, 5)
                source = self.rng.random() < 0.2
                ratings.append(
                    Rating(
                        framework=framework,
                        criterion=criterion,
                        score=score,
                        rationale=RATIONALES[score].format(topic=criterion.name.lower()),
                        source_url=f"{framework.website}docs/{criterion.slug}/" if source else "",
                    )
                )
        Rating.objects.bulk_create(ratings, batch_size=1000)

    # -- advice -----------------------------------------------------------------------------
    def _snippets(self) -> dict[int, AdviceSnippet]:
        """One verdict per framework; one piece of advice per criterion (by criterion id)."""
        verdicts = [
            AdviceSnippet(
                title=f"Pick {framework.name} if…",
                kind="verdict",
                body=f"…your team writes **{framework.language}** and wants a framework made "
                "for this kind of project, with room to grow.",
                order=1000 + i,
            )
            for i, framework in enumerate(self.frameworks)
        ]
        advice = [
            AdviceSnippet(
                title=f"About {criterion.name.lower()}",
                kind=SNIPPET_KINDS[j % len(SNIPPET_KINDS)],
                body=f"If **{criterion.name.lower()}** matters to you, try a small prototype "
                "in each candidate first: an afternoon's work tells more than any table.",
                criterion=criterion,
                order=10 * (j + 1),
            )
            for j, criterion in enumerate(self.criteria)
        ]
        created = AdviceSnippet.objects.bulk_create(verdicts + advice)
        through = AdviceSnippet.frameworks.through
        links = [
            through(advicesnippet_id=snippet.id, framework_id=framework.id)
            for snippet, framework in zip(created[: len(verdicts)], self.frameworks, strict=True)
        ]
        for snippet in created[len(verdicts) :]:
            links += [
                through(advicesnippet_id=snippet.id, framework_id=framework.id)
                for framework in self.rng.sample(self.frameworks, min(3, len(self.frameworks)))
            ]
        through.objects.bulk_create(links, batch_size=1000)
        return {snippet.criterion_id: snippet for snippet in created[len(verdicts) :]}

    # -- the questionnaire ----------------------------------------------------------------
    def _questionnaire(self, count: int) -> None:
        sections = Section.objects.bulk_create(
            Section(
                title=numbered([title for title, _ in SECTIONS], ("(more)",), s),
                intro=SECTIONS[s % len(SECTIONS)][1],
                order=10 * (s + 1),
            )
            for s in range(-(-count // QUESTIONS_PER_SECTION))
        )
        questions = Question.objects.bulk_create(self._question(sections, q) for q in range(count))
        options = Option.objects.bulk_create(
            Option(question=question, label=label, order=10 * (k + 1))
            for question in questions
            for k, label in enumerate(
                MULTIPLE_ANSWERS if question.kind == "multiple" else SINGLE_ANSWERS
            )
        )
        first_answers = options[::ANSWERS_PER_QUESTION]  # every question has four
        conditional = []
        for q, question in enumerate(questions):
            if self._conditional(q):
                question.condition = first_answers[q - 1]
                conditional.append(question)
        Question.objects.bulk_update(conditional, ["condition"])
        self._effects(options)

    @staticmethod
    def _conditional(q: int) -> bool:
        """The second question of every other section."""
        return q % (2 * QUESTIONS_PER_SECTION) == 1

    def _question(self, sections, q: int) -> Question:
        topic = self.criteria[q % len(self.criteria)].name.lower()
        return Question(
            section=sections[q // QUESTIONS_PER_SECTION],
            text=QUESTIONS[q % len(QUESTIONS)].format(topic=topic),
            help_text=f"Think of the next two years, not only of the first version ({topic})."
            if q % 2
            else "",
            kind="multiple" if q % MULTIPLE_CHOICE_EVERY == MULTIPLE_CHOICE_EVERY - 1 else "single",
            required=not self._conditional(q) and q % 7 != 6,
            order=10 * (q % QUESTIONS_PER_SECTION + 1),
        )

    def _effects(self, options: list[Option]) -> None:
        importance, fits, breakers, snippet_links = [], [], [], []
        for option in options:
            rank = option.order // 10 - 1  # 0 for the first answer, 3 for the last
            for criterion in self.rng.sample(self.criteria, 2):
                delta = self.rng.randint(1, 5) if rank < 2 else -self.rng.randint(1, 3)
                importance.append(ImportanceEffect(option=option, criterion=criterion, delta=delta))
                if self.rng.random() < SNIPPET_SHARE:
                    snippet_links.append((option.id, self.snippets[criterion.id].id))
            for framework in self.rng.sample(self.frameworks, 2):
                points = self.rng.choice((-8, -5, -3, 3, 5, 8, 12))
                fits.append(
                    FitEffect(
                        option=option,
                        framework=framework,
                        points=points,
                        reason=f"{framework.name} "
                        + ("suits" if points > 0 else "is a weaker fit for")
                        + f" teams who answered “{option.label.lower()}”.",
                    )
                )
            if self.rng.random() < DEAL_BREAKER_SHARE:
                framework = self.rng.choice(self.frameworks)
                breakers.append(
                    DealBreaker(
                        option=option,
                        framework=framework,
                        reason=f"{framework.name} cannot do what this answer needs without "
                        "a rewrite of its core.",
                    )
                )
        ImportanceEffect.objects.bulk_create(importance, batch_size=1000)
        FitEffect.objects.bulk_create(fits, batch_size=1000)
        DealBreaker.objects.bulk_create(breakers, batch_size=1000)
        through = Option.advice_snippets.through
        through.objects.bulk_create(
            (
                through(option_id=option_id, advicesnippet_id=snippet_id)
                for option_id, snippet_id in snippet_links
            ),
            batch_size=1000,
            ignore_conflicts=True,
        )
