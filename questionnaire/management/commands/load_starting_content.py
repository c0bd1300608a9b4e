from django.core.management.base import BaseCommand, CommandError

from questionnaire.starting_content import (
    StartingContentError,
    load_starting_content,
    record_first_versions,
)


class Command(BaseCommand):
    help = (
        "Load StackAdvisor's starting content (frameworks, ratings, advice, questionnaire). "
        "Safe to run again: it never overwrites or re-creates what editors changed."
    )

    def handle(self, *args, **options):
        try:
            report = load_starting_content()
        except StartingContentError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(report.summary()))
        record_first_versions()
