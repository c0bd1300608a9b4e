"""The starting content: what it holds, and that loading it is idempotent and editor-safe."""

import tomllib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from comparisons.content_version import current_content_version
from comparisons.models import AdviceSnippet, ContentVersion, Criterion, Framework, Rating
from questionnaire.models import (
    DealBreaker,
    FitEffect,
    ImportanceEffect,
    Option,
    Question,
    ScoringSettings,
    Section,
    StartingContentLoad,
)
from questionnaire.starting_content import (
    STARTING_CONTENT_PATH,
    StartingContentError,
    load_starting_content,
)

pytestmark = pytest.mark.django_db

CONTENT_MODELS = [
    Framework,
    Criterion,
    Rating,
    AdviceSnippet,
    AdviceSnippet.frameworks.through,
    Section,
    Question,
    Option,
    Option.advice_snippets.through,
    ImportanceEffect,
    FitEffect,
    DealBreaker,
    ScoringSettings,
    StartingContentLoad,
    ContentVersion,
]
# The eleven criteria of the article "Node.js (Express) vs Python (Django/Flask)".
ARTICLE_CRITERIA = {
    "learning-curve",
    "raw-performance",
    "real-time",
    "batteries-included",
    "flexibility",
    "ecosystem-breadth",
    "library-maturity",
    "data-science-ml",
    "security",
    "prototyping-speed",
    "scalability",
}


def snapshot() -> dict:
    """Every row of every content model, field by field."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values()) for model in CONTENT_MODELS
    }


def file_data() -> dict:
    with STARTING_CONTENT_PATH.open("rb") as content_file:
        return tomllib.load(content_file)


# --- Loading --------------------------------------------------------------------------------


def test_first_load_creates_what_the_file_describes(starting_content):
    data = file_data()
    assert starting_content.already_loaded is False
    assert starting_content.version == data["version"]
    questions = [q for section in data["sections"] for q in section["questions"]]
    expected = {
        "criteria": len(data["criteria"]),
        "frameworks": len(data["frameworks"]),
        "ratings": sum(len(f["ratings"]) for f in data["frameworks"]),
        "snippets": len(data["snippets"]),
        "sections": len(data["sections"]),
        "questions": len(questions),
        "answers": sum(len(q["options"]) for q in questions),
    }
    for kind, count in expected.items():
        assert starting_content.created[kind] == count, kind
    assert Criterion.objects.count() == expected["criteria"]
    assert Framework.objects.count() == expected["frameworks"]
    assert Rating.objects.count() == expected["ratings"]
    assert AdviceSnippet.objects.count() == expected["snippets"]
    assert Question.objects.count() == expected["questions"]
    assert Option.objects.count() == expected["answers"]
    effects = (
        ImportanceEffect.objects.count() + FitEffect.objects.count() + DealBreaker.objects.count()
    )
    assert starting_content.created["answer effects"] == effects
    assert StartingContentLoad.objects.filter(version=data["version"]).exists()


def test_loading_twice_changes_nothing(starting_content):
    before = snapshot()
    version = current_content_version()

    report = load_starting_content()

    assert report.already_loaded is True
    assert report.created == {}
    assert report.summary() == (
        f"Starting content v{report.version} is already loaded; nothing to do."
    )
    assert snapshot() == before
    assert current_content_version() == version


def test_editors_changes_survive_a_second_load(starting_content):
    rating = Rating.objects.get(framework__slug="django", criterion__slug="security")
    rating.rationale = "Our editor's own wording."
    rating.save()
    Framework.objects.get(slug="flask").delete()
    Option.objects.get(label="Python").importance_effects.all().delete()
    before = snapshot()

    report = load_starting_content()

    assert report.already_loaded
    assert snapshot() == before
    assert Rating.objects.get(pk=rating.pk).rationale == "Our editor's own wording."
    assert not Framework.objects.filter(slug="flask").exists()
    assert not FitEffect.objects.filter(reason__contains="Flask").exists()
    assert not ImportanceEffect.objects.filter(option__label="Python").exists()


def test_a_newer_version_only_adds_what_is_missing(starting_content, tmp_path):
    rating = Rating.objects.get(framework__slug="django", criterion__slug="security")
    rating.rationale = "Our editor's own wording."
    rating.score = 4
    rating.save()
    python = Option.objects.get(label="Python")
    python.importance_effects.all().delete()
    text = STARTING_CONTENT_PATH.read_text(encoding="utf-8")
    newer = text.replace("version = 1\n", "version = 2\n", 1) + (
        '\n[[criteria]]\nslug = "community"\nname = "Community"\n'
        'description = "How easy it is to find help."\nbase_importance = 2\norder = 120\n'
    )
    path = tmp_path / "starting_content.toml"
    path.write_text(newer, encoding="utf-8")
    before = snapshot()

    report = load_starting_content(path)

    assert not report.already_loaded
    assert report.created == {"criteria": 1}
    assert Criterion.objects.filter(slug="community").exists()
    assert Rating.objects.get(pk=rating.pk).rationale == "Our editor's own wording."
    assert Rating.objects.get(pk=rating.pk).score == 4
    assert not python.importance_effects.exists()
    after = snapshot()
    for label in ["comparisons.Framework", "comparisons.Rating", "questionnaire.Option"]:
        assert after[label] == before[label], label
    assert load_starting_content(path).already_loaded


def test_load_uses_existing_rows_of_the_same_name(db, clear_cache):
    Framework.objects.create(
        name="Django", slug="django", language="Python", summary="Editors wrote this first."
    )
    load_starting_content()
    django = Framework.objects.get(slug="django")
    assert django.summary == "Editors wrote this first."
    assert django.published is False
    assert django.ratings.count() == len(ARTICLE_CRITERIA)


def test_management_command_prints_the_summary(db):
    out = StringIO()
    call_command("load_starting_content", stdout=out)
    printed = out.getvalue()
    assert printed.startswith("Loaded starting content v1: created ")
    for count, kind in [
        (Criterion.objects.count(), "criteria"),
        (Framework.objects.count(), "frameworks"),
        (Rating.objects.count(), "ratings"),
        (Question.objects.count(), "questions"),
    ]:
        assert f"{count} {kind}" in printed

    out = StringIO()
    call_command("load_starting_content", stdout=out)
    assert out.getvalue().strip() == "Starting content v1 is already loaded; nothing to do."


def test_a_file_with_a_broken_reference_loads_nothing(db, tmp_path, monkeypatch):
    text = STARTING_CONTENT_PATH.read_text(encoding="utf-8")
    broken = text.replace(
        "importance = { learning-curve = 1 }", "importance = { no-such-criterion = 1 }", 1
    )
    assert broken != text
    path = tmp_path / "broken.toml"
    path.write_text(broken, encoding="utf-8")
    before = snapshot()

    with pytest.raises(StartingContentError, match="no-such-criterion"):
        load_starting_content(path)
    assert snapshot() == before

    import questionnaire.management.commands.load_starting_content as command

    monkeypatch.setattr(command, "load_starting_content", lambda: load_starting_content(path))
    with pytest.raises(CommandError, match="no-such-criterion"):
        call_command("load_starting_content", stdout=StringIO())
    assert snapshot() == before


# --- What it holds --------------------------------------------------------------------------


def test_every_framework_is_rated_on_every_criterion_with_a_reason(starting_content):
    criteria = set(Criterion.objects.values_list("pk", flat=True))
    frameworks = Framework.objects.all()
    assert {f.slug for f in frameworks} == {f["slug"] for f in file_data()["frameworks"]}
    for framework in frameworks:
        ratings = list(framework.ratings.all())
        assert {r.criterion_id for r in ratings} == criteria, framework.slug
        for rating in ratings:
            assert rating.rationale.strip(), rating
            assert 1 <= rating.score <= 5
        assert framework.published, framework.slug


def test_the_articles_eleven_criteria_exist(starting_content):
    assert set(Criterion.objects.values_list("slug", flat=True)) == ARTICLE_CRITERIA
    for criterion in Criterion.objects.all():
        assert criterion.name.strip() and criterion.description.strip()


def test_the_articles_four_snippets_and_three_verdicts_exist(starting_content):
    snippets = AdviceSnippet.objects.published()
    advice = snippets.exclude(kind=AdviceSnippet.Kind.VERDICT)
    assert sorted(advice.values_list("kind", flat=True)) == sorted(
        ["insight", "practical", "personal", "real-world"]
    )
    verdicts = snippets.filter(kind=AdviceSnippet.Kind.VERDICT)
    assert {verdict.title: {f.slug for f in verdict.frameworks.all()} for verdict in verdicts} == {
        "Pick Express if…": {"express"},
        "Pick Django if…": {"django"},
        "Pick Flask if…": {"flask"},
    }
    for snippet in snippets:
        assert snippet.body.strip()


def test_express_is_used_by_uber_netflix_and_paypal(starting_content):
    express = Framework.objects.get(slug="express")
    assert {"Uber", "Netflix", "PayPal"} <= set(express.used_by_list)
    assert express.language == "JavaScript (Node.js)"


def test_the_questionnaire_has_six_questions_and_one_conditional(starting_content):
    questions = list(Question.objects.all())
    assert len(questions) == 6
    for question in questions:
        assert question.options.count() >= 2, question
    (conditional,) = [q for q in questions if q.condition_id]
    assert conditional.text == "Will non-developers manage data through an admin panel?"
    assert conditional.condition.label.startswith("A full-featured web app")
    assert not conditional.required
    conditional.full_clean()  # the condition points to an earlier question
    deal_breaker = DealBreaker.objects.get()
    assert deal_breaker.framework.slug == "express"
    assert deal_breaker.option.label.startswith("A data- or ML-heavy app")
