from django.core.management.base import BaseCommand

from questionnaire.scoring_bench import run_benchmark


class Command(BaseCommand):
    help = (
        "Time the pure scorer (what-would-change included) on synthetic content and print "
        "the figures. Defaults: 200 frameworks x 40 criteria x 30 questions."
    )

    def add_arguments(self, parser):
        parser.add_argument("--frameworks", type=int, default=200)
        parser.add_argument("--criteria", type=int, default=40)
        parser.add_argument("--questions", type=int, default=30)
        parser.add_argument("--options", type=int, default=4, help="Answers per question.")
        parser.add_argument("--repeats", type=int, default=50)

    def handle(self, *args, **options):
        figures = run_benchmark(
            frameworks=options["frameworks"],
            criteria=options["criteria"],
            questions=options["questions"],
            options_per_question=options["options"],
            repeats=options["repeats"],
        )
        for name, value in figures.items():
            shown = f"{value:.3f}" if isinstance(value, float) else str(value)
            self.stdout.write(f"{name:>22}: {shown}")
