"""The stored result record: schema 2 leaves out what follows from the rest, and reads back
exactly as the scorer computed it; records stored with schema 1 still read as before."""

import itertools
import json

import pytest

from comparisons.models import Rating
from questionnaire.models import Submission
from questionnaire.presentation import RECORD_SCHEMA, ResultView, build_record, expand_record
from questionnaire.scoring import effective_answers, resolve_and_score, score
from questionnaire.services import get_content

pytestmark = pytest.mark.django_db


def stored(value):
    """What a JSON column gives back."""
    return json.loads(json.dumps(value))


def answer_sets(content, limit=60):
    """Many valid answer sets: every combination of the first questions' answers (a
    multiple-choice question answers one option at a time), the rest on their first answer."""
    questions = content.questions()
    choices = [[(option_id,) for option_id, _ in question.options] for question in questions[:3]]
    for combination in itertools.islice(itertools.product(*choices), limit):
        answers = {
            question.id: chosen for question, chosen in zip(questions[:3], combination, strict=True)
        }
        for question in questions[3:]:
            answers[question.id] = (question.options[0][0],)
        yield answers


def old_record(content, answers) -> dict:
    """A record as schema 1 stored it: the full breakdown, the answers' texts inline."""
    effective, result = resolve_and_score(content.snapshot, answers)
    record = expand_record(stored(build_record(content, effective, result)))
    return {**record, "schema": 1, "score": stored(result.to_dict())}


def test_the_stored_record_reads_back_exactly_as_scored(starting_content, committed):
    # One framework unrated on one criterion: it reads back as "not rated", scored neutral.
    with committed():
        Rating.objects.filter(framework__slug="flask", criterion__slug="learning-curve").delete()
    content = get_content()
    checked, with_exclusions, with_changes, with_affinity = 0, 0, 0, 0
    for answers in answer_sets(content):
        effective, result = resolve_and_score(content.snapshot, answers)
        assert effective == effective_answers(content.snapshot, answers)
        assert result == score(content.snapshot, answers)
        record = stored(build_record(content, effective, result))
        # What a submission stores: scored without the breakdown lines, the same record.
        lean = resolve_and_score(content.snapshot, answers, include_breakdown=False)
        assert all(not item.criteria for item in lean[1].ranking)
        assert stored(build_record(content, *lean)) == record

        assert record["schema"] == RECORD_SCHEMA == 2
        assert expand_record(record)["score"] == stored(result.to_dict())
        assert ResultView(record).result == result
        checked += 1
        with_exclusions += bool(result.excluded)
        with_changes += bool(result.changes)
        with_affinity += any(item.affinity_lines for item in result.ranking)
    # Every part of a result was there to be stored, many times over.
    assert checked >= 20
    assert min(with_exclusions, with_changes, with_affinity) >= 3, (
        with_exclusions,
        with_changes,
        with_affinity,
    )
    flask = next(item for item in result.ranking if item.slug == "flask")
    assert any(not line.rated and line.rating == 3 for line in flask.criteria)


def test_a_schema_1_record_shows_the_same_result(starting_content):
    content = get_content()
    for answers in itertools.islice(answer_sets(content), 10):
        new = stored(build_record(content, *resolve_and_score(content.snapshot, answers)))
        old = stored(old_record(content, answers))
        assert ResultView(old).as_data("t", 1, 1) == ResultView(new).as_data("t", 1, 1)


def test_a_page_stored_with_schema_1_still_renders(client, starting_content):
    content = get_content()
    answers = next(answer_sets(content))
    new = Submission.objects.create(
        answers={},
        result=build_record(content, *resolve_and_score(content.snapshot, answers)),
        content_version=content.version,
    )
    old = Submission.objects.create(
        answers={}, result=old_record(content, answers), content_version=content.version
    )

    pages = [client.get(f"/results/{s.token}/").content.decode() for s in (new, old)]

    assert pages[0].replace(new.token, old.token) == pages[1]
    assert "Your answers" in pages[1]


def test_with_large_content_the_record_is_a_fraction_of_schema_1(large_content):
    large_content(frameworks=40, criteria=60, questions=30)
    content = get_content()
    answers = next(answer_sets(content))

    new_size = len(json.dumps(build_record(content, *resolve_and_score(content.snapshot, answers))))
    old_size = len(json.dumps(old_record(content, answers)))

    assert new_size < old_size / 4, (new_size, old_size)
