"""Which frameworks an effect's target reaches, worked out once per snapshot."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from questionnaire.scoring.model import (
    FRAMEWORK,
    LANGUAGE,
    RATED_AT_LEAST,
    RATED_AT_MOST,
    TAG,
    Framework,
    Target,
)


class TargetIndex:
    """Framework positions by id, language and tag, and the ratings, to resolve targets."""

    def __init__(
        self,
        frameworks: Sequence[Framework],
        criterion_position: dict[int, int],
        ratings: Sequence[Sequence[int]],
    ) -> None:
        self.framework_position = {framework.id: i for i, framework in enumerate(frameworks)}
        self.criterion_position = criterion_position
        self.ratings = ratings
        self.by_language: dict[int, list[int]] = defaultdict(list)
        self.by_tag: dict[int, list[int]] = defaultdict(list)
        for i, framework in enumerate(frameworks):
            for language_id in set(framework.languages):
                self.by_language[language_id].append(i)
            for tag_id in set(framework.tags):
                self.by_tag[tag_id].append(i)

    def reached(self, target: Target) -> tuple[int, ...]:
        """The positions of the frameworks ``target`` reaches, in snapshot order. A target on
        something the snapshot does not have (an unpublished framework, an inactive
        criterion) reaches none."""
        if target.kind == FRAMEWORK:
            i = self.framework_position.get(target.key)
            return () if i is None else (i,)
        if target.kind == LANGUAGE:
            return tuple(self.by_language.get(target.key, ()))
        if target.kind == TAG:
            return tuple(self.by_tag.get(target.key, ()))
        j = self.criterion_position.get(target.key)
        if j is None or target.threshold is None:
            return ()
        if target.kind == RATED_AT_LEAST:
            return tuple(i for i, row in enumerate(self.ratings) if row[j] >= target.threshold)
        if target.kind == RATED_AT_MOST:
            return tuple(i for i, row in enumerate(self.ratings) if row[j] <= target.threshold)
        raise ValueError(f"Unknown target kind {target.kind!r}")
