"""Answers' points rules and deal-breakers as the scorer takes them, with whom each reaches in
plain words, and the frameworks' languages and tags they are aimed at. Four queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from comparisons.models import Framework
from questionnaire import scoring
from questionnaire.models import DealBreaker, FitEffect
from questionnaire.models.effects import describe_target


@dataclass(frozen=True)
class Traits:
    """Per framework id, its language and tag ids; and the names of those languages and tags."""

    languages: dict[int, tuple[int, ...]] = field(default_factory=dict)
    tags: dict[int, tuple[int, ...]] = field(default_factory=dict)
    language_names: dict[int, str] = field(default_factory=dict)
    tag_names: dict[int, str] = field(default_factory=dict)


def read_traits() -> Traits:
    traits = Traits()
    languages, tags = defaultdict(list), defaultdict(list)
    for framework_id, language_id, name in Framework.languages.through.objects.values_list(
        "framework_id", "language_id", "language__name"
    ):
        languages[framework_id].append(language_id)
        traits.language_names[language_id] = name
    for framework_id, tag_id, name in Framework.tags.through.objects.values_list(
        "framework_id", "tag_id", "tag__name"
    ):
        tags[framework_id].append(tag_id)
        traits.tag_names[tag_id] = name
    traits.languages.update((fid, tuple(sorted(ids))) for fid, ids in languages.items())
    traits.tags.update((fid, tuple(sorted(ids))) for fid, ids in tags.items())
    return traits


@dataclass(frozen=True)
class Rules:
    """By option id, its points rules and deal-breakers; by effect id, whom each reaches."""

    fits: dict[int, list[scoring.FitEffect]]
    breakers: dict[int, list[scoring.DealBreaker]]
    fit_targets: dict[int, str]
    deal_breaker_targets: dict[int, str]


TARGET_COLUMNS = ("framework_id", "language_id", "tag_id", "criterion_id", "threshold")


def read_rules(traits: Traits, criterion_names: Mapping[int, str], frameworks: Mapping) -> Rules:
    """Every answer's rules. ``criterion_names`` are the active criteria and ``frameworks``
    the published ones by id (views with a ``name``): a rule on anything else reaches none."""
    names = _TargetNames(traits, criterion_names, frameworks)
    rules = Rules(defaultdict(list), defaultdict(list), {}, {})
    for effect_id, option_id, *target, points, reason in FitEffect.objects.values_list(
        "id", "option_id", *TARGET_COLUMNS, "points", "reason"
    ):
        rules.fits[option_id].append(
            scoring.FitEffect(
                _target(*target, side=scoring.RATED_AT_LEAST), points, reason, effect_id
            )
        )
        rules.fit_targets[effect_id] = names.describe(*target, side="higher")
    for effect_id, option_id, *target, reason in DealBreaker.objects.values_list(
        "id", "option_id", *TARGET_COLUMNS, "reason"
    ):
        rules.breakers[option_id].append(
            scoring.DealBreaker(_target(*target, side=scoring.RATED_AT_MOST), reason, effect_id)
        )
        rules.deal_breaker_targets[effect_id] = names.describe(*target, side="lower")
    return rules


def _target(framework_id, language_id, tag_id, criterion_id, threshold, *, side):
    if framework_id is not None:
        return scoring.Target(scoring.FRAMEWORK, framework_id)
    if language_id is not None:
        return scoring.Target(scoring.LANGUAGE, language_id)
    if tag_id is not None:
        return scoring.Target(scoring.TAG, tag_id)
    return scoring.Target(side, criterion_id, threshold)


@dataclass(frozen=True)
class _TargetNames:
    traits: Traits
    criterion_names: Mapping[int, str]
    frameworks: Mapping

    def describe(self, framework_id, language_id, tag_id, criterion_id, threshold, *, side):
        """Plain words for the target; empty for one visitors do not see (it reaches none)."""
        if framework_id is not None:
            framework = self.frameworks.get(framework_id)
            return "" if framework is None else describe_target("framework", framework.name)
        if language_id is not None:
            return describe_target("language", self.traits.language_names.get(language_id, ""))
        if tag_id is not None:
            return describe_target("tag", self.traits.tag_names.get(tag_id, ""))
        name = self.criterion_names.get(criterion_id)
        return "" if name is None else describe_target("criterion", name, threshold, side)
