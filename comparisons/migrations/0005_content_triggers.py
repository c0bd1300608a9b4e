from django.db import migrations

from comparisons.content_triggers import ContentTriggers, ContentVersionFunction


class Migration(migrations.Migration):
    dependencies = [("comparisons", "0004_web_address_links")]

    operations = [
        ContentVersionFunction(),
        ContentTriggers("framework"),
        ContentTriggers("criterion"),
        ContentTriggers("rating"),
        ContentTriggers("advicesnippet"),  # with its frameworks links
    ]
