from django.apps import AppConfig


class QuestionnaireConfig(AppConfig):
    name = "questionnaire"
    verbose_name = "Questionnaire"
    default_auto_field = "django.db.models.BigAutoField"
