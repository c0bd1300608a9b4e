"""What the benchmark requests, read from the site's own database: run inside the app's
environment as `python -m tests.bench.targets`, prints JSON.

- answers: a valid questionnaire submission (each visible question's first answer), with the
  form's real field names (`q<question id>`) and option ids;
- framework and compare: the same framework page and comparison at every content size (the
  starting content's Django and Express when published), so growth compares like with like;
- counts: rows per content table, for the report.
"""

import json
import os


def first_answers(content) -> dict[str, list[str]]:
    """A valid submission of the questionnaire of ``content`` (questionnaire.content.Content):
    each visible question's first answer, by the form's field names."""
    from questionnaire.forms import field_name

    chosen: set[int] = set()
    answers: dict[str, list[str]] = {}
    for question in content.questions():
        if question.condition_option_id and question.condition_option_id not in chosen:
            continue
        first = question.options[0][0]
        chosen.add(first)
        answers[field_name(question.id)] = [str(first)]
    return answers


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stackadvisor.settings")
    import django

    django.setup()

    from comparisons.comparison import canonical_spec
    from comparisons.models import AdviceSnippet, Criterion, Framework, Rating
    from questionnaire.content import get_content
    from questionnaire.models import DealBreaker, FitEffect, ImportanceEffect, Option, Question

    answers = first_answers(get_content())
    published = list(Framework.objects.published().order_by("id").values_list("slug", flat=True))
    preferred = [slug for slug in ("django", "express") if slug in published]
    pair = (preferred + [slug for slug in published if slug not in preferred])[:2]
    counts = {
        "frameworks": len(published),
        "criteria": Criterion.objects.count(),
        "ratings": Rating.objects.filter(framework__published=True).count(),
        "questions": Question.objects.filter(published=True).count(),
        "answers": Option.objects.filter(question__published=True).count(),
        "answer_effects": ImportanceEffect.objects.count()
        + FitEffect.objects.count()
        + DealBreaker.objects.count(),
        "snippets": AdviceSnippet.objects.published().count(),
    }
    print(
        json.dumps(
            {
                "answers": answers,
                "framework": pair[0],
                "compare": canonical_spec(pair),
                "counts": counts,
            }
        )
    )


if __name__ == "__main__":
    main()
