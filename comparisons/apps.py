from django.apps import AppConfig


class ComparisonsConfig(AppConfig):
    name = "comparisons"
    verbose_name = "Frameworks and ratings"
    default_auto_field = "django.db.models.BigAutoField"
