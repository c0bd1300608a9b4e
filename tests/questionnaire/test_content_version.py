"""The content version: every content change bumps it once per transaction when it commits,
nothing else does, and the cached content follows it at once."""

import contextlib

import pytest
from django.db import transaction

from comparisons.content_version import bump_content_version, current_content_version
from comparisons.models import AdviceSnippet, Criterion, Framework, Rating
from questionnaire.models import (
    DealBreaker,
    FitEffect,
    ImportanceEffect,
    Option,
    Question,
    ScoringSettings,
    Section,
    Submission,
)
from tests.personas import CHAT_APP

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


# One way to find (and to edit) a row of each content model in the starting content.
EDITS = {
    "Framework": (lambda: Framework.objects.get(slug="flask"), "summary", "Edited summary."),
    "Rating": (
        lambda: Rating.objects.get(framework__slug="flask", criterion__slug="security"),
        "rationale",
        "Edited rationale.",
    ),
    "Criterion": (lambda: Criterion.objects.get(slug="security"), "description", "Edited."),
    "AdviceSnippet": (lambda: AdviceSnippet.objects.get(title="Pick Flask if…"), "body", "New."),
    "Section": (lambda: Section.objects.get(title="Your team"), "intro", "Edited intro."),
    "Question": (
        lambda: Question.objects.get(text="How large do you expect the project to grow?"),
        "help_text",
        "Edited hint.",
    ),
    "Option": (lambda: Option.objects.get(label="Python"), "order", 25),
    "ImportanceEffect": (
        lambda: ImportanceEffect.objects.get(option__label="Python"),
        "delta",
        2,
    ),
    "FitEffect": (
        lambda: FitEffect.objects.get(option__label="Python", framework__slug="flask"),
        "reason",
        "Edited reason.",
    ),
    "DealBreaker": (lambda: DealBreaker.objects.get(), "reason", "Edited reason."),
    "ScoringSettings": (lambda: ScoringSettings.objects.get(pk=1), "too_close_margin", 5),
}


@pytest.mark.parametrize("model", EDITS)
def test_saving_bumps_the_version_once_per_transaction(starting_content, committed, model):
    get, field_name, value = EDITS[model]
    row = get()
    before = current_content_version()

    with committed():
        setattr(row, field_name, value)
        row.save()
        row.save()
        get().save()

    assert current_content_version() == before + 1
    assert getattr(get(), field_name) == value


@pytest.mark.parametrize("model", EDITS)
def test_deleting_bumps_the_version_once(starting_content, committed, model):
    get = EDITS[model][0]
    if model == "Section":
        with committed():
            Section.objects.create(title="Empty section")  # sections with questions are kept
        get = lambda: Section.objects.get(title="Empty section")  # noqa: E731
    row = get()
    before = current_content_version()

    with committed():
        row.delete()  # for most models, a cascade deletes many more rows

    assert current_content_version() == before + 1
    assert not type(row).objects.filter(pk=row.pk).exists()


def test_creating_content_bumps_the_version(starting_content, committed):
    before = current_content_version()
    with committed():
        framework = Framework.objects.create(
            name="Fastify", slug="fastify", language="JavaScript (Node.js)", summary="Fast."
        )
        Rating.objects.create(
            framework=framework,
            criterion=Criterion.objects.get(slug="security"),
            score=3,
            rationale="Plugins cover it.",
        )
    assert current_content_version() == before + 1


M2M_CHANGES = {
    "snippet.frameworks.add": lambda s, f, o: s.frameworks.add(f),
    "snippet.frameworks.remove": lambda s, f, o: s.frameworks.remove(
        Framework.objects.get(slug="express")
    ),
    "snippet.frameworks.clear": lambda s, f, o: s.frameworks.clear(),
    "snippet.frameworks.set": lambda s, f, o: s.frameworks.set([f]),
    "framework.snippets.add (reverse)": lambda s, f, o: f.snippets.add(s),
    "option.advice_snippets.add": lambda s, f, o: o.advice_snippets.add(s),
    "option.advice_snippets.remove": lambda s, f, o: o.advice_snippets.remove(
        AdviceSnippet.objects.get(title="Go with what your team knows")
    ),
    "option.advice_snippets.clear": lambda s, f, o: o.advice_snippets.clear(),
    "snippet.trigger_options.add (reverse)": lambda s, f, o: s.trigger_options.add(o),
}


@pytest.mark.parametrize("change", M2M_CHANGES)
def test_changing_many_to_many_links_bumps_the_version(starting_content, committed, change):
    snippet = AdviceSnippet.objects.get(title="Pick Express if…")
    framework = Framework.objects.get(slug="flask")
    option = Option.objects.get(label="JavaScript or TypeScript")
    links_before = (
        set(snippet.frameworks.values_list("pk", flat=True)),
        set(option.advice_snippets.values_list("pk", flat=True)),
    )
    before = current_content_version()

    with committed():
        M2M_CHANGES[change](snippet, framework, option)

    links_after = (
        set(snippet.frameworks.values_list("pk", flat=True)),
        set(option.advice_snippets.values_list("pk", flat=True)),
    )
    assert links_after != links_before, "the change must change something"
    assert current_content_version() == before + 1


def test_many_changes_in_one_transaction_bump_once(starting_content, committed):
    before = current_content_version()
    with committed():
        for rating in Rating.objects.all():
            rating.rationale += " (checked)"
            rating.save()
        AdviceSnippet.objects.get(title="Pick Flask if…").frameworks.add(
            Framework.objects.get(slug="django")
        )
        Question.objects.get(text="How large do you expect the project to grow?").delete()
    assert current_content_version() == before + 1


def test_rolled_back_changes_do_not_bump_and_do_not_block_later_bumps(starting_content, committed):
    rating = Rating.objects.get(framework__slug="flask", criterion__slug="security")
    before = current_content_version()

    with committed(), contextlib.suppress(Boom), transaction.atomic():
        rating.score = 1
        rating.save()
        raise Boom
    assert current_content_version() == before
    assert Rating.objects.get(pk=rating.pk).score == 3

    with committed():
        with contextlib.suppress(Boom), transaction.atomic():
            rating.save()
            raise Boom
        # The same transaction goes on: its own change must still bump.
        rating.score = 2
        rating.save()
    assert current_content_version() == before + 1
    assert Rating.objects.get(pk=rating.pk).score == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_real_transactions_bump_once_and_roll_back_with_the_edit(clear_cache):
    """With real commits and rollbacks (no test transaction around them)."""
    from questionnaire.starting_content import load_starting_content

    start = current_content_version()
    load_starting_content()  # one atomic block: one bump
    assert current_content_version() == start + 1

    rating = Rating.objects.get(framework__slug="flask", criterion__slug="security")
    with contextlib.suppress(Boom), transaction.atomic():
        rating.score = 1
        rating.save()
        raise Boom
    assert current_content_version() == start + 1
    assert Rating.objects.get(pk=rating.pk).score == 3

    with transaction.atomic():
        rating.score = 4
        rating.save()
        Framework.objects.filter(slug="flask").get().save()
    assert current_content_version() == start + 2

    rating.save()  # autocommit: its own transaction
    assert current_content_version() == start + 3


@pytest.mark.parametrize("action, published", [("publish", True), ("unpublish", False)])
def test_admin_publish_actions_bump_the_version(
    starting_content, committed, admin_client, action, published
):
    frameworks = list(Framework.objects.filter(slug__in=["django", "flask"]))
    Framework.objects.filter(pk__in=[f.pk for f in frameworks]).update(published=not published)
    before = current_content_version()

    with committed():
        response = admin_client.post(
            "/admin/comparisons/framework/",
            {"action": action, "_selected_action": [f.pk for f in frameworks], "index": 0},
        )

    assert response.status_code == 302
    assert set(
        Framework.objects.filter(pk__in=[f.pk for f in frameworks]).values_list(
            "published", flat=True
        )
    ) == {published}
    assert current_content_version() == before + 1


def test_unpublishing_in_the_admin_shows_at_once(
    starting_content, committed, admin_client, client, answer_form_data, submit_answers
):
    first = submit_answers(answer_form_data(**CHAT_APP))
    assert "flask" in {
        i["framework"] for i in client.get(f"/results/{first}.json").json()["ranking"]
    }

    with committed():
        admin_client.post(
            "/admin/comparisons/framework/",
            {
                "action": "unpublish",
                "_selected_action": [Framework.objects.get(slug="flask").pk],
                "index": 0,
            },
        )

    second = submit_answers(answer_form_data(**CHAT_APP))
    ranking = client.get(f"/results/{second}.json").json()["ranking"]
    assert [item["framework"] for item in ranking] == ["express", "django"]


def test_using_the_questionnaire_does_not_bump_the_version(
    client, answer_form_data, committed, submit_answers
):
    valid = answer_form_data(**CHAT_APP)
    before = current_content_version()

    with committed() as callbacks:
        assert client.get("/advisor/").status_code == 200
        token = submit_answers(valid)
        assert client.post("/advisor/", {}).status_code == 400
        assert client.get(f"/results/{token}/").status_code == 200
        assert client.get(f"/results/{token}.json").status_code == 200
        assert client.post(f"/results/{token}/recompute/").status_code == 303

    assert callbacks == []
    assert current_content_version() == before
    assert set(Submission.objects.values_list("content_version", flat=True)) == {before}


def express_line(client, token: str, criterion: str) -> tuple[dict, dict]:
    data = client.get(f"/results/{token}.json").json()
    (express,) = [item for item in data["ranking"] if item["framework"] == "express"]
    (line,) = [line for line in express["breakdown"] if line["criterion"] == criterion]
    return express, line


def test_an_edit_is_used_by_the_next_result(client, answer_form_data, committed, submit_answers):
    data = answer_form_data(**CHAT_APP)
    express, line = express_line(client, submit_answers(data), "raw-performance")
    assert line["rating"] == 5

    with committed():
        rating = Rating.objects.get(framework__slug="express", criterion__slug="raw-performance")
        rating.score = 1
        rating.save()

    express_after, line_after = express_line(client, submit_answers(data), "raw-performance")
    assert line_after["rating"] == 1
    assert express_after["total"] < express["total"]


def test_an_edited_question_shows_at_once(client, starting_content, committed):
    assert client.get("/advisor/").status_code == 200  # the content is now cached
    with committed():
        question = Question.objects.get(text="What are you building?")
        question.text = "What will you build?"
        question.save()
    page = client.get("/advisor/").content.decode()
    assert "What will you build?" in page
    assert "What are you building?" not in page


def test_the_cache_is_keyed_by_the_version(client, answer_form_data, committed, submit_answers):
    """An edit that skips the signals (a queryset update) is not seen until the version is
    bumped: the content really comes from the cache, and the bump is what refreshes it."""
    data = answer_form_data(**CHAT_APP)
    submit_answers(data)  # fills the cache
    Rating.objects.filter(framework__slug="express", criterion__slug="raw-performance").update(
        score=1
    )

    _, stale = express_line(client, submit_answers(data), "raw-performance")
    assert stale["rating"] == 5

    with committed():
        bump_content_version()
    _, fresh = express_line(client, submit_answers(data), "raw-performance")
    assert fresh["rating"] == 1
