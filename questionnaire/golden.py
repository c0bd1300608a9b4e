"""Golden profiles against the content: what each gets now, whether that is a winner its
editors expect, and whether its answers are still ones the questionnaire accepts.

A profile's answers are checked with the visitors' own form (questionnaire.forms), so a
profile is judged exactly as the same answers sent from /advisor/ would be."""

from collections import defaultdict
from dataclasses import dataclass

from django.utils.datastructures import MultiValueDict

from questionnaire.content import Content
from questionnaire.forms import AdvisorForm, field_name


@dataclass(frozen=True)
class ProfileCheck:
    profile: object  # the GoldenProfile
    winner_id: int | None
    winner_name: str
    expected_ids: frozenset[int]
    expected_names: tuple[str, ...]
    problem: str  # why the questionnaire would refuse these answers; "" when it accepts them

    @property
    def passes(self) -> bool:
        return not self.problem and self.winner_id in self.expected_ids

    def summary(self) -> str:
        if self.problem:
            return f"Fails: {self.problem}"
        if self.passes:
            return f"Passes: gets {self.winner_name}."
        expected = " or ".join(self.expected_names) or "no framework"
        return f"Fails: gets {self.winner_name}, expected {expected}."


def answers_of(option_rows) -> dict[int, tuple[int, ...]]:
    """Question id → chosen option ids, from (option id, question id) pairs."""
    answers = defaultdict(list)
    for option_id, question_id in option_rows:
        answers[question_id].append(option_id)
    return {question_id: tuple(option_ids) for question_id, option_ids in answers.items()}


def problem_with(content: Content, answers: dict[int, tuple[int, ...]]) -> str:
    """What the questionnaire's form says about these answers; "" when it accepts them."""
    data = MultiValueDict(
        {field_name(question): [str(i) for i in chosen] for question, chosen in answers.items()}
    )
    form = AdvisorForm(content, data)
    if form.is_valid():
        return ""
    for name, errors in form.errors.items():
        question = form.fields[name].label if name in form.fields else ""
        message = errors[0]
        return f"“{question}”: {message}" if question else message
    return "the questionnaire refuses these answers."


def winner_of(content: Content, answers: dict[int, tuple[int, ...]]) -> int | None:
    _, result = content.scorer.resolve_and_score(
        answers, include_changes=False, include_breakdown=False
    )
    return result.winner_id


def name_of(content: Content, framework_id: int | None) -> str:
    if framework_id is None:
        return "no framework (every one is ruled out)"
    framework = content.frameworks.get(framework_id)
    return framework.name if framework else f"framework #{framework_id}"


@dataclass(frozen=True)
class ProfileCase:
    """A profile's answers and expected winners, read once."""

    profile: object  # the GoldenProfile
    answers: dict[int, tuple[int, ...]]
    expected_ids: frozenset[int]
    expected_names: tuple[str, ...]


def profile_case(profile) -> ProfileCase:
    """The profile's case; its answers and expected winners prefetched."""
    expected = list(profile.expected_winners.all())
    return ProfileCase(
        profile=profile,
        answers=answers_of((option.pk, option.question_id) for option in profile.answers.all()),
        expected_ids=frozenset(framework.pk for framework in expected),
        expected_names=tuple(framework.name for framework in expected),
    )


def check_profile(content: Content, profile) -> ProfileCheck:
    """The profile against ``content``; its answers and expected winners prefetched."""
    case = profile_case(profile)
    winner_id = winner_of(content, case.answers)
    return ProfileCheck(
        profile=profile,
        winner_id=winner_id,
        winner_name=name_of(content, winner_id),
        expected_ids=case.expected_ids,
        expected_names=case.expected_names,
        problem=problem_with(content, case.answers),
    )
