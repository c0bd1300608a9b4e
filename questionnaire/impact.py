"""What an edit to the content changes for visitors, before it is saved: which golden profiles,
and what share of the last results, would get a different winner.

Both are scored twice, with the content as it is and with the content as the edit leaves it;
results are scored from their stored answers, as they would be if sent again now, each
distinct answer set once.
"""

from dataclasses import dataclass, field

from questionnaire.content import Content
from questionnaire.golden import ProfileCase, name_of, problem_with, profile_case, winner_of
from questionnaire.models import GoldenProfile, Submission

RECENT_RESULTS = 1000
EXAMPLES = 5


@dataclass(frozen=True)
class ProfileFlip:
    name: str
    profile_id: int
    expected_names: tuple[str, ...]
    before: str
    after: str
    passes_after: bool


@dataclass(frozen=True)
class ResultFlip:
    token: str
    before: str
    after: str


@dataclass
class Impact:
    profiles_checked: int = 0
    profiles: list[ProfileFlip] = field(default_factory=list)
    results_checked: int = 0
    results_flipped: int = 0
    examples: list[ResultFlip] = field(default_factory=list)

    @property
    def changes_anything(self) -> bool:
        return bool(self.profiles or self.results_flipped)

    @property
    def share(self) -> float:
        """The share of checked results whose winner changes, in per cent."""
        return 100 * self.results_flipped / self.results_checked if self.results_checked else 0.0


@dataclass(frozen=True)
class Cases:
    """What an edit is measured on: read before the edit, so both scorings use the same."""

    profiles: list[ProfileCase]
    results: list[tuple[str, dict]]


def read_cases(limit: int = RECENT_RESULTS) -> Cases:
    """Every golden profile and the last ``limit`` results' answers (three queries)."""
    profiles = [
        profile_case(profile)
        for profile in GoldenProfile.objects.prefetch_related("answers", "expected_winners")
    ]
    rows = Submission.objects.order_by("-created_at", "-pk").values_list("token", "answers")
    results = [
        (token, {int(question): tuple(option_ids) for question, option_ids in answers.items()})
        for token, answers in rows[:limit]
    ]
    return Cases(profiles=profiles, results=results)


def measure(cases: Cases, before: Content, after: Content) -> Impact:
    impact = Impact(profiles_checked=len(cases.profiles), results_checked=len(cases.results))
    for case in cases.profiles:
        was, will_be = winner_of(before, case.answers), winner_of(after, case.answers)
        if was != will_be:
            impact.profiles.append(
                ProfileFlip(
                    name=case.profile.name,
                    profile_id=case.profile.pk,
                    expected_names=case.expected_names,
                    before=name_of(before, was),
                    after=name_of(after, will_be),
                    passes_after=will_be in case.expected_ids
                    and not problem_with(after, case.answers),
                )
            )
    # Many visitors give the same answers: each distinct set is scored once.
    alike: dict[tuple, list[str]] = {}
    for token, answers in cases.results:
        alike.setdefault(tuple(sorted(answers.items())), []).append(token)
    for answers, tokens in alike.items():
        was, will_be = winner_of(before, dict(answers)), winner_of(after, dict(answers))
        if was != will_be:
            impact.results_flipped += len(tokens)
            impact.examples += [
                ResultFlip(token, name_of(before, was), name_of(after, will_be))
                for token in tokens[: EXAMPLES - len(impact.examples)]
            ]
    return impact
