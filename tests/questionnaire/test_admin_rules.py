"""Rules at a glance: a framework's admin page lists every answer's rule that reaches it —
named, by language, by tag or by a rating threshold — each linked to where it is edited."""

import html
import re

import pytest
from django.urls import reverse

from comparisons.models import Framework
from questionnaire.models import Question

pytestmark = pytest.mark.django_db


def rules_shown(editor_client, slug: str) -> str:
    framework = Framework.objects.get(slug=slug)
    page = editor_client.get(reverse("admin:comparisons_framework_change", args=[framework.pk]))
    assert page.status_code == 200
    text = html.unescape(page.text)
    return text[text.index("Rules that reach it") :]


def words(shown: str) -> str:
    return re.sub(r"<[^>]+>", "", shown)


def test_a_frameworks_page_lists_the_rules_that_reach_it(editor_client, starting_content):
    gin = rules_shown(editor_client, "gin")
    language = Question.objects.get(key="language")
    building = Question.objects.get(key="building")

    assert (
        "“Go” to “Which language is your team strongest in?”: +12 points (for Go frameworks)"
        in words(gin)
    )
    assert "+5 points (for frameworks tagged “API first”)" in gin
    assert "rules it out (for frameworks rated 2/5 or lower on Data-science and ML fit)" in gin
    assert reverse("admin:questionnaire_question_change", args=[language.pk]) in gin
    assert reverse("admin:questionnaire_question_change", args=[building.pk]) in gin
    # Gin is rated 4/5 on prototyping speed: the rule for 5/5 does not reach it.
    assert "rated 5/5 or higher on Prototyping speed" not in gin
    assert "Python frameworks" not in gin

    django = rules_shown(editor_client, "django")
    assert "+5 points (for Django)" in django  # a named rule: the admin panel
    assert "+8 points (for Python frameworks)" in django
    assert "rules it out" not in django


def test_a_framework_no_rule_reaches_says_so(editor_client, starting_content):
    from questionnaire.models import DealBreaker, FitEffect

    FitEffect.objects.all().delete()
    DealBreaker.objects.all().delete()

    assert "No answer's rule reaches it: it is judged on its ratings alone." in rules_shown(
        editor_client, "gin"
    )
