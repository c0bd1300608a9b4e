from django.apps import AppConfig


class QuestionnaireConfig(AppConfig):
    name = "questionnaire"
    verbose_name = "Questionnaire"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from comparisons.content_version import connect_content_signals
        from questionnaire.models import (
            DealBreaker,
            FitEffect,
            ImportanceEffect,
            Option,
            Question,
            ScoringSettings,
            Section,
        )

        connect_content_signals(
            Section, Question, Option, ImportanceEffect, FitEffect, DealBreaker, ScoringSettings
        )
