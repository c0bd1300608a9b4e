"""The starting content: what it holds, and that loading it is idempotent and editor-safe."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from comparisons.content_version import current_content_version
from comparisons.models import (
    AdviceSnippet,
    ContentVersion,
    Criterion,
    Framework,
    Language,
    Rating,
    Tag,
)
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
    STARTING_CONTENT_DIR,
    StartingContentError,
    load_starting_content,
    read_starting_content,
)

pytestmark = pytest.mark.django_db

V1_FILE = Path(__file__).parent.parent / "fixtures" / "starting_content_v1.toml"
CONTENT_MODELS = [
    Framework,
    Framework.languages.through,
    Framework.tags.through,
    Language,
    Tag,
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


def content_copy(tmp_path, edit) -> Path:
    """A copy of the starting content folder whose content.toml text went through ``edit``."""
    folder = tmp_path / "starting"
    shutil.copytree(STARTING_CONTENT_DIR, folder)
    content = folder / "content.toml"
    text = content.read_text(encoding="utf-8")
    edited = edit(text)
    assert edited != text
    content.write_text(edited, encoding="utf-8")
    return folder


# --- Loading --------------------------------------------------------------------------------


def test_first_load_creates_what_the_files_describe(starting_content):
    data = read_starting_content()
    assert starting_content.already_loaded is False
    assert starting_content.version == data["version"]
    questions = [q for section in data["sections"] for q in section["questions"]]
    expected = {
        Criterion: ("criteria", len(data["criteria"])),
        Language: ("languages", len(data["languages"])),
        Tag: ("tags", len(data["tags"])),
        Framework: ("frameworks", len(data["frameworks"])),
        Rating: ("ratings", sum(len(f["ratings"]) for f in data["frameworks"])),
        AdviceSnippet: ("snippets", len(data["snippets"])),
        Section: ("sections", len(data["sections"])),
        Question: ("questions", len(questions)),
        Option: ("options", sum(len(q["options"]) for q in questions)),
    }
    for model, (kind, count) in expected.items():
        assert starting_content.created[kind] == count, kind
        assert model.objects.count() == count, kind
    effects = (
        ImportanceEffect.objects.count() + FitEffect.objects.count() + DealBreaker.objects.count()
    )
    assert starting_content.created["answer effects"] == effects
    assert starting_content.skipped == []
    assert StartingContentLoad.objects.filter(version=data["version"]).exists()
    assert Criterion.objects.filter(active=False).count() == 0


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


def test_upgrading_from_v1_keeps_editors_renames_deletions_and_wording(clear_cache):
    load_starting_content(V1_FILE)
    django = Framework.objects.get(key="django")
    django.name, django.slug = "Django (Python)", "django-python"
    django.save()
    rating = Rating.objects.get(framework=django, criterion__key="security")
    rating.rationale, rating.score = "Our editor's own wording.", 4
    rating.save()
    Framework.objects.get(key="flask").delete()
    Option.objects.get(key="language/python").importance_effects.all().delete()
    kept = {label: rows for label, rows in snapshot().items() if "Load" not in label}

    report = load_starting_content()

    assert report.version == 3 and not report.already_loaded
    after = snapshot()
    for label in ["comparisons.Rating", "questionnaire.ImportanceEffect"]:
        assert [row for row in after[label] if row in kept[label]] == kept[label], label
    assert Rating.objects.get(pk=rating.pk).rationale == "Our editor's own wording."
    assert not Framework.objects.filter(name="Django").exists()
    assert not Framework.objects.filter(key="flask").exists()
    assert not ImportanceEffect.objects.filter(option__key="language/python").exists()
    assert report.created["frameworks"] == len(read_starting_content()["frameworks"]) - 3
    assert Framework.objects.filter(key="gin").exists()
    assert Option.objects.filter(key="language/go").exists()


def test_a_newer_version_only_adds_what_is_missing(starting_content, tmp_path):
    rating = Rating.objects.get(framework__key="django", criterion__key="security")
    rating.rationale, rating.score = "Our editor's own wording.", 4
    rating.save()
    python = Option.objects.get(key="language/python")
    python.importance_effects.all().delete()
    path = content_copy(
        tmp_path,
        lambda text: (
            text.replace("version = 3\n", "version = 4\n", 1)
            + '\n[[criteria]]\nkey = "community"\nslug = "community"\nname = "Community"\n'
            'description = "How easy it is to find help."\nbase_importance = 2\norder = 120\n'
            "since = 4\n"
        ),
    )
    before = snapshot()

    report = load_starting_content(path)

    assert not report.already_loaded
    assert report.created == {"criteria": 1}
    community = Criterion.objects.get(key="community")
    # No framework is rated on it yet: it waits, inactive, instead of hiding every framework.
    assert community.active is False
    assert report.skipped == [
        "criterion 'community' left inactive: rate "
        + ", ".join(Framework.objects.order_by("name").values_list("name", flat=True))
        + " first."
    ]
    assert Framework.objects.published().count() == Framework.objects.count()
    after = snapshot()
    for label in ["comparisons.Framework", "comparisons.Rating", "questionnaire.Option"]:
        assert after[label] == before[label], label
    assert Rating.objects.get(pk=rating.pk).score == 4
    assert load_starting_content(path).already_loaded


def test_a_row_editors_made_under_the_same_address_is_left_alone(db, clear_cache):
    Framework.objects.create(
        name="Django", slug="django", language="Python", summary="Editors wrote this first."
    )
    report = load_starting_content()
    django = Framework.objects.get(slug="django")
    assert django.summary == "Editors wrote this first."
    assert django.key is None and django.published is False
    assert not django.ratings.exists()
    assert "frameworks 'django': a row like it already exists." in report.skipped
    assert "Left alone: frameworks 'django'" in report.summary()


def test_management_command_prints_the_summary(db):
    out = StringIO()
    call_command("load_starting_content", stdout=out)
    printed = out.getvalue()
    assert printed.startswith("Loaded starting content v3: created ")
    for count, kind in [
        (Criterion.objects.count(), "criteria"),
        (Framework.objects.count(), "frameworks"),
        (Rating.objects.count(), "ratings"),
        (Question.objects.count(), "questions"),
    ]:
        assert f"{count} {kind}" in printed

    out = StringIO()
    call_command("load_starting_content", stdout=out)
    assert out.getvalue().strip() == "Starting content v3 is already loaded; nothing to do."


def test_a_file_with_a_broken_reference_loads_nothing(db, tmp_path, monkeypatch):
    path = content_copy(
        tmp_path,
        lambda text: text.replace(
            'fit = [{ language = "go"', 'fit = [{ language = "no-such-language"', 1
        ),
    )
    before = snapshot()

    with pytest.raises(StartingContentError, match="no-such-language"):
        load_starting_content(path)
    assert snapshot() == before

    import questionnaire.management.commands.load_starting_content as command

    monkeypatch.setattr(command, "load_starting_content", lambda: load_starting_content(path))
    with pytest.raises(CommandError, match="no-such-language"):
        call_command("load_starting_content", stdout=StringIO())
    assert snapshot() == before


# --- What it holds --------------------------------------------------------------------------


def test_every_framework_is_rated_on_every_criterion_with_a_reason_and_source(
    starting_content,
):
    criteria = set(Criterion.objects.values_list("pk", flat=True))
    frameworks = Framework.objects.prefetch_related("ratings")
    assert {f.slug for f in frameworks} == {
        f["slug"] for f in read_starting_content()["frameworks"]
    }
    for framework in frameworks:
        ratings = list(framework.ratings.all())
        assert {r.criterion_id for r in ratings} == criteria, framework.slug
        for rating in ratings:
            assert rating.rationale.strip(), rating
            assert rating.source_url.startswith("https://"), rating
            assert rating.last_reviewed is not None, rating
            assert 1 <= rating.score <= 5
        assert framework.summary.strip() and framework.published, framework.slug
    assert Framework.objects.published().count() == len(frameworks)


def test_the_catalogue_covers_fifteen_frameworks_in_eight_languages(starting_content):
    assert Framework.objects.published().count() >= 15
    used = Language.objects.filter(frameworks__isnull=False).distinct()
    assert used.count() >= 8
    for framework in Framework.objects.all():
        assert framework.languages.exists(), framework.slug


def test_the_language_question_offers_every_language_a_framework_is_written_in(
    starting_content,
):
    reached = set(
        FitEffect.objects.filter(option__question__text__startswith="Which language")
        .exclude(language=None)
        .values_list("language__key", flat=True)
    )
    used = set(Language.objects.filter(frameworks__isnull=False).values_list("key", flat=True))
    # TypeScript is answered by "JavaScript or TypeScript", whose rule reaches JavaScript.
    assert used - {"typescript"} <= reached
    assert (
        Framework.objects.filter(languages__key="typescript")
        .exclude(languages__key="javascript")
        .count()
        == 0
    )


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
    assert deal_breaker.criterion.key == "data-science-ml" and deal_breaker.threshold == 2
    assert deal_breaker.option.label.startswith("A data- or ML-heavy app")
