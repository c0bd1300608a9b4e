from django.apps import AppConfig


class ComparisonsConfig(AppConfig):
    name = "comparisons"
    verbose_name = "Frameworks and ratings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from comparisons.content_version import connect_content_signals
        from comparisons.models import AdviceSnippet, Criterion, Framework, Rating

        connect_content_signals(Framework, Criterion, Rating, AdviceSnippet)
