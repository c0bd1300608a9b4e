from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management.base import BaseCommand

# Everything editors keep, and nothing else: no accounts, no sessions, no visitors' results.
# The content version and the starting-content record come along, so that a restored site
# neither serves an older cached copy as current nor loads the starting content again.
# Written in this order: the content version last, because loading each content row bumps
# it (database triggers), and the exported version then names the restored content again.
CONTENT_MODELS = [
    "comparisons.Language",
    "comparisons.Tag",
    "comparisons.Framework",
    "comparisons.Criterion",
    "comparisons.Rating",
    "comparisons.AdviceSnippet",
    "questionnaire.Section",
    "questionnaire.Question",
    "questionnaire.Option",
    "questionnaire.ImportanceEffect",
    "questionnaire.FitEffect",
    "questionnaire.DealBreaker",
    "questionnaire.ScoringSettings",
    "questionnaire.StartingContentLoad",
    "comparisons.ContentVersion",
]


def content_objects():
    for label in CONTENT_MODELS:
        yield from apps.get_model(label).objects.order_by("pk").iterator()


class Command(BaseCommand):
    help = (
        "Write the editors' content (frameworks, criteria, ratings, advice, the questionnaire "
        "and its effects, scoring settings) as JSON, to a file or standard output. Restore it "
        "into a migrated database with: manage.py loaddata FILE"
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="The file to write (default: standard output).")

    def handle(self, *args, output=None, **options):
        # What dumpdata writes for these models, but in the order above (dumpdata groups
        # the models by application).
        exported = serializers.serialize("json", content_objects(), indent=2)
        if output:
            Path(output).write_text(exported, encoding="utf-8")
            self.stderr.write(f"Content written to {output}.")
        else:
            self.stdout.write(exported)
