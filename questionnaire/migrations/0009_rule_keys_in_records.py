"""Results stored before answers' rules had targets, given the rule keys the site reads.

Their affinity lines and exclusion causes held (question, answer[, points]); each now also
holds the key of its reason in the result's labels, which for these results is
"<answer id>:<framework id>" (rules of today are keyed by their own id). Written out here, not
imported: a migration must keep working whatever the application's code becomes.
"""

from django.db import migrations

BATCH = 500


def with_rule_keys(record: dict) -> dict:
    score = record["score"]
    ranking = [
        {
            **item,
            "affinity_lines": [
                [question_id, option_id, points, f"{option_id}:{item['framework_id']}"]
                for question_id, option_id, points in item["affinity_lines"]
            ],
        }
        for item in score["ranking"]
    ]
    excluded = [
        {
            **exclusion,
            "causes": [
                [question_id, option_id, f"{option_id}:{exclusion['framework_id']}"]
                for question_id, option_id in exclusion["causes"]
            ],
        }
        for exclusion in score["excluded"]
    ]
    return {**record, "schema": 4, "score": {**score, "ranking": ranking, "excluded": excluded}}


def add_rule_keys(apps, schema_editor):
    Submission = apps.get_model("questionnaire", "Submission")
    old = Submission.objects.filter(result__schema=3).only("id", "result").order_by("id")
    batch = []
    for submission in old.iterator(chunk_size=BATCH):
        submission.result = with_rule_keys(submission.result)
        batch.append(submission)
        if len(batch) == BATCH:
            Submission.objects.bulk_update(batch, ["result"])
            batch = []
    Submission.objects.bulk_update(batch, ["result"])


class Migration(migrations.Migration):
    dependencies = [("questionnaire", "0008_targeted_effects")]

    operations = [migrations.RunPython(add_rule_keys, migrations.RunPython.noop)]
