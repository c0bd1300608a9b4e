import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    # Every result has its labels since 0005: the link becomes required.
    dependencies = [
        ("questionnaire", "0006_one_record_format"),
    ]

    operations = [
        migrations.AlterField(
            model_name="submission",
            name="labels",
            field=models.ForeignKey(
                help_text="The texts the result's ids stand for, as they read when it was computed.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="submissions",
                to="questionnaire.resultlabels",
            ),
        ),
        migrations.AddField(
            model_name="submission",
            name="last_opened_on",
            field=models.DateField(
                blank=True,
                help_text="The last day someone opened the result's page or data (none: not "
                "since it was made).",
                null=True,
            ),
        ),
    ]
