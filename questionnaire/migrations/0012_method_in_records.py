"""Results stored before scoring method 2 say so: they were computed with method 1 (totals
not on the 0–100 scale). Written out here, not imported: a migration must keep working
whatever the application's code becomes.
"""

from django.db import migrations

BATCH = 500


def record_method_1(apps, schema_editor):
    Submission = apps.get_model("questionnaire", "Submission")
    old = Submission.objects.filter(result__schema=4).only("id", "result").order_by("id")
    batch = []
    for submission in old.iterator(chunk_size=BATCH):
        submission.result = {**submission.result, "schema": 5, "method": 1}
        batch.append(submission)
        if len(batch) == BATCH:
            Submission.objects.bulk_update(batch, ["result"])
            batch = []
    Submission.objects.bulk_update(batch, ["result"])


class Migration(migrations.Migration):
    dependencies = [("questionnaire", "0011_editors_manage_languages_and_tags")]

    operations = [migrations.RunPython(record_method_1, migrations.RunPython.noop)]
