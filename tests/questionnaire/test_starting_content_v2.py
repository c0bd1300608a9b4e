"""Starting content v2 states v1's answer effects as rules on traits (languages, tags, rating
thresholds). Express, Django and Flask must score exactly as under v1 for every combination
of the v1 questionnaire's answers: on a site that had v1 and migrated, and on a fresh site.
"""

import importlib
from itertools import combinations, product
from pathlib import Path

import pytest
from django.apps import apps
from django.db import transaction

from comparisons.models import AdviceSnippet, Criterion, Framework
from questionnaire.content import load_content
from questionnaire.models import DealBreaker, FitEffect, Option, Question, Section
from questionnaire.starting_content import load_starting_content

pytestmark = pytest.mark.django_db

V1_FILE = Path(__file__).parent.parent / "fixtures" / "starting_content_v1.toml"
SEEDS = ("express", "django", "flask")
PRIORITIES = ("speed", "structure", "control", "simplicity", "security", "quick-start")
# What is being built, with the admin-panel answer it reveals (web app only; None: skipped).
BUILDING = [
    ("real-time", None),
    ("api", None),
    ("data", None),
    ("prototype", None),
    ("web-app", "yes"),
    ("web-app", "no"),
    ("web-app", None),
]
migration = importlib.import_module("questionnaire.migrations.0010_starting_content_rules")


def v1_combinations() -> list[dict[str, tuple[str, ...]]]:
    """Every valid set of answers to the v1 questionnaire, by question and answer keys."""
    subsets = [
        chosen
        for size in range(1, len(PRIORITIES) + 1)
        for chosen in combinations(PRIORITIES, size)
    ]
    found = []
    for language, experience, (building, admin), priorities, scale in product(
        ("javascript", "python", "neither"),
        ("beginner", "some", "experienced"),
        BUILDING,
        subsets,
        ("small", "medium", "large"),
    ):
        answers = {
            "language": (language,),
            "experience": (experience,),
            "building": (building,),
            "priorities": priorities,
            "scale": (scale,),
        }
        if admin:
            answers["admin-panel"] = (admin,)
        found.append(answers)
    return found


COMBINATIONS = v1_combinations()


def seed_scores() -> list[tuple]:
    """For every combination: each seed framework's (fit, answer points), or the reasons it
    was ruled out, read from the content in the database now."""
    snapshot_content = load_content(0)
    scorer = snapshot_content.scorer
    option_ids = {
        (key.split("/")[0], key.split("/")[1]): (question_id, option_id)
        for option_id, question_id, key in Option.objects.values_list("id", "question_id", "key")
    }
    framework_ids = dict(Framework.objects.filter(key__in=SEEDS).values_list("key", "id"))
    scores = []
    for answers in COMBINATIONS:
        ids: dict[int, tuple[int, ...]] = {}
        for question_key, option_keys in answers.items():
            for option_key in option_keys:
                question_id, option_id = option_ids[question_key, option_key]
                ids[question_id] = (*ids.get(question_id, ()), option_id)
        result = scorer.score(ids, include_changes=False, include_breakdown=False)
        # The fit and the answer points: the points of a framework. (The 0–100 match also
        # counts every answer point at stake, which v2's new rules add to.)
        ranked = {r.framework_id: (r.fit, r.affinity) for r in result.ranking}
        excluded = {e.framework_id: len(e.causes) for e in result.excluded}
        scores.append(
            tuple(
                ranked.get(framework_ids[key], ("excluded", excluded.get(framework_ids[key])))
                for key in SEEDS
            )
        )
    return scores


def scores_after(change) -> list[tuple]:
    """The seed scores once ``change`` ran, with the database then rolled back."""
    with transaction.atomic():
        change()
        scores = seed_scores()
        transaction.set_rollback(True)
    return scores


def as_a_v1_site_had_it():
    """Starting content v1 as loaded before rows had keys."""
    load_starting_content(V1_FILE)
    for model in (Criterion, Framework, AdviceSnippet, Section, Question, Option):
        model.objects.update(key=None)


def test_there_are_11907_valid_combinations():
    # 3 languages × 3 experience levels × (4 kinds of project + a web app with the admin
    # question answered yes, no or skipped) × 63 non-empty sets of priorities × 3 sizes.
    assert len(COMBINATIONS) == 3 * 3 * 7 * 63 * 3 == 11907
    assert len({repr(sorted(c.items())) for c in COMBINATIONS}) == 11907


def test_seed_frameworks_score_as_under_v1_after_migrating_and_on_a_fresh_site(clear_cache):
    v1 = scores_after(lambda: load_starting_content(V1_FILE))
    assert len(v1) == 11907
    excluded = sum(1 for row in v1 for figures in row if figures[0] == "excluded")
    assert excluded == 11907 // 7  # Express, on every "data or ML" combination

    def migrate_then_load_v2():
        as_a_v1_site_had_it()
        migration.move_to_rules(apps, None)
        assert FitEffect.objects.filter(option__key="language/python", language__key="python")
        assert not FitEffect.objects.filter(option__key="language/python").exclude(framework=None)
        assert DealBreaker.objects.get().criterion.key == "data-science-ml"
        report = load_starting_content()
        assert report.created["frameworks"] >= 12

    assert scores_after(migrate_then_load_v2) == v1

    def fresh_v2():
        load_starting_content()
        assert not FitEffect.objects.filter(framework__key="django", option__key="language/python")

    assert scores_after(fresh_v2) == v1


def test_an_answer_an_editor_changed_keeps_its_named_effects(clear_cache):
    as_a_v1_site_had_it()
    effect = FitEffect.objects.get(option__label="Python", framework__slug="flask")
    effect.points = 6
    effect.save()
    untouched = FitEffect.objects.get(option__label="JavaScript or TypeScript")

    migration.move_to_rules(apps, None)

    python_effects = FitEffect.objects.filter(option__key="language/python")
    assert {(e.framework.slug, e.points) for e in python_effects} == {("django", 8), ("flask", 6)}
    assert not FitEffect.objects.filter(pk=untouched.pk).exists()
    assert FitEffect.objects.get(option__key="language/javascript").language.key == "javascript"
