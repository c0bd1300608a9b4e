"""Results stored in the two earlier record formats, which held their own texts, rewritten in
the one format the site reads: ids and numbers in the record, their texts in a row of labels
(each converted result gets its own row, with exactly the texts it held).

The conversion is written out here, not imported: a migration must keep working whatever
the application's code becomes.

- Format 1 (records with schema 1, or none): the scorer's whole result, with every ranked
  framework's breakdown lines, and the answers as texts.
- Format 2: the same with each ranked framework's ratings in place of its breakdown lines,
  and the answers as ids.
"""

from django.db import migrations

NOT_RATED = 0


def effect_key(option_id, framework_id) -> str:
    return f"{option_id}:{framework_id}"


def ratings_of(item: dict) -> list[int]:
    if "ratings" in item:  # format 2
        return list(item["ratings"])
    return [line["rating"] if line["rated"] else NOT_RATED for line in item["criteria"]]


def converted_score(score: dict, labels: dict) -> dict:
    ranking = []
    for item in score["ranking"]:
        framework_id = item["framework_id"]
        labels["ratings"][str(framework_id)] = ratings_of(item)
        lines = []
        for line in item["affinity_lines"]:
            labels["fit_reasons"][effect_key(line["option_id"], framework_id)] = line["reason"]
            lines.append([line["question_id"], line["option_id"], line["points"]])
        ranking.append(
            {
                "position": item["position"],
                "framework_id": framework_id,
                "total": item["total"],
                "fit": item["fit"],
                "affinity": item["affinity"],
                "affinity_lines": lines,
                "tie_break": item["tie_break"],
            }
        )
    excluded = []
    for exclusion in score["excluded"]:
        framework_id = exclusion["framework_id"]
        causes = []
        for cause in exclusion["causes"]:
            key = effect_key(cause["option_id"], framework_id)
            labels["deal_breaker_reasons"][key] = cause["reason"]
            causes.append([cause["question_id"], cause["option_id"]])
        excluded.append({"framework_id": framework_id, "causes": causes})
    changes = [
        [
            change["question_id"],
            change["removed_option_ids"],
            change["added_option_ids"],
            change["new_winner_id"],
        ]
        for change in score["changes"]
    ]
    return {**score, "ranking": ranking, "excluded": excluded, "changes": changes}


def converted_answers(record: dict, labels: dict) -> list:
    if record.get("schema", 1) == 2:
        return record["answers"]
    # Format 1 kept the answers' texts only: they get ids of their own, in these labels.
    answers = []
    for place, answer in enumerate(record["answers"]):
        question_id = f"answer-{place}"
        labels["questions"][question_id] = answer["question"]
        option_ids = []
        for index, label in enumerate(answer["answers"]):
            option_id = f"answer-{place}-{index}"
            labels["options"][option_id] = label
            option_ids.append(option_id)
        answers.append([question_id, option_ids])
    return answers


def snippet_ids(snippets: list, kind: str, labels: dict) -> list[str]:
    ids = []
    for index, snippet in enumerate(snippets):
        snippet_id = f"{kind}-{index}"
        labels["snippets"][snippet_id] = snippet
        ids.append(snippet_id)
    return ids


def converted(record: dict) -> tuple[dict, dict]:
    """(record, labels) in the one format, from a record of format 1 or 2."""
    labels = {
        "frameworks": dict(record["frameworks"]),
        "criteria": dict(record["criteria"]),
        "questions": dict(record["questions"]),
        "options": dict(record["options"]),
        "snippets": {},
        "ratings": {},
        "fit_reasons": {},
        "deal_breaker_reasons": {},
    }
    new_record = {
        "schema": 3,
        "score": converted_score(record["score"], labels),
        "too_close_margin": record["too_close_margin"],
        "answers": converted_answers(record, labels),
        "advice": snippet_ids(record["advice"], "advice", labels),
        "verdicts": snippet_ids(record["verdicts"], "verdict", labels),
    }
    return new_record, labels


def convert_records(apps, schema_editor):
    Submission = apps.get_model("questionnaire", "Submission")
    ResultLabels = apps.get_model("questionnaire", "ResultLabels")
    for submission in Submission.objects.filter(labels__isnull=True).iterator():
        if submission.result.get("schema", 1) not in (1, 2):
            continue
        record, labels = converted(submission.result)
        submission.labels = ResultLabels.objects.create(
            content_version=submission.content_version,
            content_stamp=f"converted-{submission.pk}",
            labels=labels,
        )
        submission.result = record
        submission.save(update_fields=["result", "labels"])


class Migration(migrations.Migration):
    dependencies = [
        ("questionnaire", "0005_content_triggers"),
    ]

    operations = [
        # The site before this one reads the new format too: nothing to undo.
        migrations.RunPython(convert_records, migrations.RunPython.noop),
    ]
