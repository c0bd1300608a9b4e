from django.db import migrations

from comparisons.content_triggers import ContentTriggers


class Migration(migrations.Migration):
    dependencies = [
        ("questionnaire", "0004_json_written_with_orjson"),
        ("comparisons", "0005_content_triggers"),  # the function the triggers call
    ]

    operations = [
        ContentTriggers("section"),
        ContentTriggers("question"),
        ContentTriggers("option"),  # with its advice snippet links
        ContentTriggers("importanceeffect"),
        ContentTriggers("fiteffect"),
        ContentTriggers("dealbreaker"),
        ContentTriggers("scoringsettings"),
    ]
