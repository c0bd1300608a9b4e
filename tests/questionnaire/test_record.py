"""The stored result record holds ids and numbers, their texts are stored once per content
state (ResultLabels), and it reads back exactly as the scorer computed it. Records stored in
the two earlier formats, which held their own texts, are converted by a migration and read
as before."""

import importlib
import itertools
import json
import re

import pytest
from django.core.management import call_command

from comparisons.models import Framework
from questionnaire.content import forget_local_content, get_content
from questionnaire.models import DealBreaker, FitEffect, ResultLabels, Submission
from questionnaire.presentation import ResultView
from questionnaire.records import NOT_RATED, RECORD_SCHEMA, build_labels, build_record
from questionnaire.scoring import METHOD_VERSION, effective_answers, resolve_and_score, score
from questionnaire.submissions import forget_labels_ids, result_labels_id, save_submission

CONVERSION = importlib.import_module("questionnaire.migrations.0006_one_record_format")
RULE_KEYS = importlib.import_module("questionnaire.migrations.0009_rule_keys_in_records")

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


def earlier_score(result) -> dict:
    """The scorer's result as the earlier formats held it: without the answer points at
    stake or the raised criteria, which they did not know."""
    return {k: v for k, v in result.to_dict().items() if k not in ("stake", "raised")}


def schema_2_record(content, answers) -> dict:
    """A record as schema 2 stored it: its own texts, ranked frameworks with their ratings
    instead of breakdown lines, answers as ids."""
    effective, result = resolve_and_score(content.snapshot, answers)
    chosen = [option_id for option_ids in effective.values() for option_id in option_ids]
    options = set(chosen)
    questions = set(effective)
    for change in result.changes:
        options.update(change.removed_option_ids + change.added_option_ids)
        questions.add(change.question_id)
    for exclusion in result.excluded:
        for cause in exclusion.causes:
            options.add(cause.option_id)
            questions.add(cause.question_id)
    score = earlier_score(result)
    for item in score["ranking"]:
        del item["criteria"]
        item["ratings"] = list(content.rating_rows[item["framework_id"]])
    snippet_ids = dict.fromkeys(
        sid for oid in chosen for sid in content.option_snippet_ids.get(oid, ())
    )
    verdicts = [
        snippet
        for snippet in content.snippets.values()
        if snippet.kind == "verdict" and result.winner_id in snippet.framework_ids
    ]

    def snippet_record(snippet):
        return {"title": snippet.title, "kind": snippet.kind_label, "body": snippet.body}

    listed = {item.framework_id for item in result.ranking + result.excluded}
    return stored(
        {
            "schema": 2,
            "score": score,
            "too_close_margin": content.snapshot.too_close_margin,
            "answers": [[qid, list(oids)] for qid, oids in effective.items()],
            "frameworks": {
                str(fid): {
                    "slug": content.frameworks[fid].slug,
                    "name": content.frameworks[fid].name,
                    "language": content.frameworks[fid].language,
                }
                for fid in listed
            },
            "criteria": {
                str(cid): {"slug": slug, "name": name}
                for cid, (slug, name) in content.criteria.items()
            },
            "questions": {str(qid): content.question_texts[qid] for qid in questions},
            "options": {str(oid): content.option_labels[oid] for oid in options},
            "advice": [snippet_record(content.snippets[sid]) for sid in snippet_ids],
            "verdicts": [snippet_record(snippet) for snippet in verdicts],
        }
    )


def schema_1_record(content, answers) -> dict:
    """A record as schema 1 stored it: the full breakdown, the answers' texts inline."""
    record = schema_2_record(content, answers)
    result = score(content.snapshot, answers)
    texts = [
        {
            "question": record["questions"][str(question_id)],
            "answers": [record["options"][str(option_id)] for option_id in option_ids],
        }
        for question_id, option_ids in record["answers"]
    ]
    return stored({**record, "schema": 1, "score": earlier_score(result), "answers": texts})


def saved(content, answers) -> Submission:
    return save_submission(content, answers)


def view_of(submission: Submission) -> ResultView:
    return ResultView(submission.result, submission.labels.labels)


def test_the_stored_record_reads_back_exactly_as_scored(starting_content):
    content = get_content()
    labels = stored(build_labels(content))
    checked, with_exclusions, with_changes, with_affinity = 0, 0, 0, 0
    for answers in answer_sets(content):
        effective, result = resolve_and_score(content.snapshot, answers)
        assert effective == effective_answers(content.snapshot, answers)
        record = stored(build_record(content, effective, result))
        # What a submission stores: scored without the breakdown lines, the same record.
        lean = resolve_and_score(content.snapshot, answers, include_breakdown=False)
        assert all(not item.criteria for item in lean[1].ranking)
        assert stored(build_record(content, *lean)) == record

        assert record["schema"] == RECORD_SCHEMA == 5
        assert record["method"] == METHOD_VERSION == 2
        view = ResultView(record, labels)
        assert [(i.framework_id, i.total, i.fit, i.affinity) for i in view.ranking] == [
            (i.framework_id, i.total, i.fit, i.affinity) for i in result.ranking
        ]
        for shown, scored in zip(view.ranking, result.ranking, strict=True):
            assert [(line.points, line.reason) for line in shown.affinity_lines] == [
                (line.points, line.reason) for line in scored.affinity_lines
            ]
            assert tuple(view.criterion_lines(shown)) == scored.criteria
        assert view.weights == list(result.weights)
        assert [(c.question, c.new_winner) for c in view.changes()] == [
            (content.question_texts[c.question_id], view.name_of(c.new_winner_id))
            for c in result.changes
        ]
        assert [e["name"] for e in view.exclusions()] == [e.name for e in result.excluded]
        # The record holds no text of the content's: every one is in the labels.
        for text in (*content.question_texts.values(), *content.option_labels.values()):
            assert json.dumps(text) not in json.dumps(record)
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


def test_a_rating_missing_when_an_old_result_was_scored_still_reads_as_then(starting_content):
    """Results scored before ratings had to be complete counted a missing one as a 3; they
    keep showing it that way, marked "not rated"."""
    content = get_content()
    labels = stored(build_labels(content))
    answers = next(answer_sets(content))
    record = stored(build_record(content, *resolve_and_score(content.snapshot, answers)))
    flask_id = str(Framework.objects.get(slug="flask").pk)
    labels["ratings"][flask_id][0] = NOT_RATED

    view = ResultView(record, labels)

    flask = next(item for item in view.ranking if item.slug == "flask")
    first = view.criterion_lines(flask)[0]
    assert (first.rated, first.rating) == (False, 3)


def as_method_1(record: dict) -> dict:
    """A record as the earlier formats hold it: no method (so method 1), no answer points at
    stake, no raised criteria."""
    score = {k: v for k, v in record["score"].items() if k not in ("stake", "raised")}
    return {**{k: v for k, v in record.items() if k != "method"}, "score": score}


def old_formats_can_hold(answers) -> bool:
    """Before rules, an answer gave a framework points once at most: the earlier formats
    have no place for two rules of one answer reaching the same framework."""
    result = score(get_content().snapshot, answers, include_changes=False)
    return all(
        len({line.option_id for line in item.affinity_lines}) == len(item.affinity_lines)
        for item in result.ranking
    )


def without_rule_targets(data):
    """Results stored before rules had targets cannot say whom a rule reached: the same
    result, with that left blank."""
    if isinstance(data, dict):
        return {
            key: "" if key in ("rule_reaches", "rule") else without_rule_targets(value)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [without_rule_targets(item) for item in data]
    return data


@pytest.mark.parametrize("old_record", [schema_1_record, schema_2_record])
def test_converted_records_of_the_earlier_formats_show_the_same_result(
    starting_content, old_record
):
    content = get_content()
    labels = stored(build_labels(content))
    for answers in itertools.islice(filter(old_formats_can_hold, answer_sets(content)), 10):
        new = stored(build_record(content, *resolve_and_score(content.snapshot, answers)))
        expected = without_rule_targets(ResultView(as_method_1(new), labels).as_data("t", 1, 1))
        record, own_labels = CONVERSION.converted(old_record(content, answers))
        record = as_method_1(RULE_KEYS.with_rule_keys(record))
        assert ResultView(stored(record), stored(own_labels)).as_data("t", 1, 1) == expected


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_converts_stored_records_and_their_pages_render_as_before(
    client, clear_cache
):
    """Results stored in both earlier formats, before the migration; after it, their pages
    read exactly as the page of the same answers saved today."""
    from questionnaire.starting_content import load_starting_content

    # The content as it could be then: answers' effects named their frameworks.
    load_starting_content()
    FitEffect.objects.filter(framework=None).delete()
    DealBreaker.objects.filter(framework=None).delete()
    content = get_content()
    answers = next(answer_sets(content))
    records = [old_record(content, answers) for old_record in (schema_1_record, schema_2_record)]
    call_command("migrate", "questionnaire", "0005", verbosity=0)
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    state = MigrationExecutor(connection).loader.project_state(
        ("questionnaire", "0005_content_triggers")
    )
    OldSubmission = state.apps.get_model("questionnaire", "Submission")
    old_tokens = [
        OldSubmission.objects.create(
            token=f"{'A' * 21}{index}",
            answers={},
            result=record,
            content_version=content.version,
        ).token
        for index, record in enumerate(records)
    ]

    call_command("migrate", "questionnaire", verbosity=0)
    forget_local_content()
    forget_labels_ids()
    new = saved(get_content(), answers)
    # The old records were built from today's scorer: read today's as method 1 too.
    new.result = as_method_1(new.result)
    new.save(update_fields=["result"])

    page = client.get(f"/results/{new.token}/").content.decode()
    assert "Your answers" in page
    for token in old_tokens:
        converted = Submission.objects.get(token=token)
        assert converted.result["schema"] == RECORD_SCHEMA
        assert converted.labels.content_stamp.startswith("converted-")
        old_page = client.get(f"/results/{token}/").content.decode()
        # Less whom each rule reached, which results stored before rules do not know.
        today = re.sub(r" points for [^)]+\)", " points)", page)
        # Going back and forth through the migrations rewrote content tables, which counts
        # as an edit: the old results say the content changed since they were made.
        old_page = re.sub(r'<div class="alert alert-info[^"]*" role="status">.*?</div>\n\n', "",
                          old_page, flags=re.S)  # fmt: skip
        assert old_page == today.replace(new.token, token)


def test_results_of_one_content_state_share_one_row_of_labels(starting_content):
    content = get_content()
    first, second = (saved(content, answers) for answers in answer_sets(content, 2))
    assert first.labels_id == second.labels_id
    assert ResultLabels.objects.count() == 1

    # Another process (nothing known locally) finds the row rather than adding one.
    forget_local_content()
    forget_labels_ids()
    assert saved(get_content(), {}).labels_id == first.labels_id

    # An edit makes a new content state, whose results get labels of their own; the earlier
    # results keep theirs, with the texts as they were.
    express = Framework.objects.get(slug="express")
    Framework.objects.filter(pk=express.pk).update(name="Express.js")
    edited = saved(get_content(), {})
    assert edited.labels_id != first.labels_id
    assert (
        ResultLabels.objects.get(pk=first.labels_id).labels["frameworks"][str(express.pk)]["name"]
        == "Express"
    )


def test_content_read_during_an_edit_gets_labels_nobody_shares(starting_content):
    from dataclasses import replace

    content = replace(get_content(), stamp="")  # what get_content gives when an edit landed

    ids = {result_labels_id(content) for _ in range(2)}

    assert len(ids) == 2
    assert all(
        row.content_stamp.startswith("unshared-") for row in ResultLabels.objects.filter(pk__in=ids)
    )


def test_with_large_content_the_record_is_a_fraction_of_schema_2(large_content):
    large_content(frameworks=40, criteria=60, questions=30)
    content = get_content()
    answers = next(answer_sets(content))

    new_size = len(json.dumps(build_record(content, *resolve_and_score(content.snapshot, answers))))
    old_size = len(json.dumps(schema_2_record(content, answers)))

    # 30% here, where ties are many and each one's explanation names both frameworks.
    assert new_size < old_size / 3, (new_size, old_size)
