from django.core.management import call_command
from django.core.management.base import BaseCommand

# Everything editors keep, and nothing else: no accounts, no sessions, no visitors' results.
# The content version and the starting-content record come along, so that a restored site
# neither serves an older cached copy as current nor loads the starting content again.
CONTENT_MODELS = [
    "comparisons.Framework",
    "comparisons.Criterion",
    "comparisons.Rating",
    "comparisons.AdviceSnippet",
    "comparisons.ContentVersion",
    "questionnaire.Section",
    "questionnaire.Question",
    "questionnaire.Option",
    "questionnaire.ImportanceEffect",
    "questionnaire.FitEffect",
    "questionnaire.DealBreaker",
    "questionnaire.ScoringSettings",
    "questionnaire.StartingContentLoad",
]


class Command(BaseCommand):
    help = (
        "Write the editors' content (frameworks, criteria, ratings, advice, the questionnaire "
        "and its effects, scoring settings) as JSON, to a file or standard output. Restore it "
        "into a migrated database with: manage.py loaddata FILE"
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="The file to write (default: standard output).")

    def handle(self, *args, output=None, **options):
        call_command(
            "dumpdata",
            *CONTENT_MODELS,
            indent=2,
            output=output,
            stdout=self.stdout._out,
        )
        if output:
            self.stderr.write(f"Content written to {output}.")
